"""The model's version is a digest of its content: the same data trains the same version, any change
to what the model computes (a coefficient, a vocabulary entry, a hyperparameter, a temperature,
the gazetteer) gives another, and the file's bytes, the process and ``created_at`` do not enter."""

from __future__ import annotations

import os
import subprocess
import sys

import joblib
import msgspec
import numpy as np
import pytest
from sklearn.preprocessing import FunctionTransformer

from msimamo.model import card as card_module
from msimamo.model.artefact import load_model, save_model
from msimamo.model.card import card_path
from msimamo.model.fingerprint import content_digest, model_version
from msimamo.model.masking import mask_all
from msimamo.model.pipeline import FEATURES, HEADS_STEP, MASK
from msimamo.text import normalise_all


def details_of(card) -> dict:
    """The descriptive fields of a card, as training hands them to save_model."""
    fields = msgspec.structs.asdict(card)
    for derived in ("format", "version", "joblib_sha256", "libraries", "gazetteer"):
        fields.pop(derived)
    return fields


@pytest.fixture
def pipeline(trained):
    """A fresh copy of the test model's fitted pipeline, to change."""
    return joblib.load(trained[0])


def version_of(pipeline, trained) -> str:
    return model_version(pipeline, trained[1].gazetteer.sha256)


def word_vectoriser(pipeline):
    return dict(pipeline.named_steps[FEATURES].transformer_list)["word"]


def first_head(pipeline):
    """The first head's calibrated wrapper and the logistic regression inside it."""
    head = pipeline.named_steps[HEADS_STEP].estimators_[0]
    [pair] = head.calibrated_classifiers_
    return head, pair


def test_the_cards_version_is_the_saved_models_content(trained, pipeline):
    assert trained[1].version == version_of(pipeline, trained)
    assert len(trained[1].version) == 12


def test_training_again_on_the_same_data_gives_the_same_version(trained, tmp_path, monkeypatch):
    """In another process, as a second `make train` would: in this one, the vectoriser's cached
    address (``id(None)``) and so the pickled bytes would come out the same by accident."""
    from conftest import GOLD, SEEDS

    monkeypatch.delenv("MODEL_KEY", raising=False)
    out = tmp_path / "again" / "msimamo.joblib"
    code = ("import sys; from training.fit import train; "
            "print(train(sys.argv[1], sys.argv[2], evaluate=False, log=lambda *_: None, offtopic=sys.argv[3]).version)")
    done = subprocess.run([sys.executable, "-c", code, str(GOLD), str(out), str(SEEDS / "offtopic.csv")], check=True,
                          capture_output=True, text=True, env=os.environ | {"PYTHONHASHSEED": "7"})
    assert done.stdout.strip() == trained[1].version
    assert load_model(out).version == trained[1].version


def test_the_digest_does_not_depend_on_the_process(trained, pipeline):
    """Another interpreter, with another hash seed (set and dict order) and other addresses."""
    code = ("import sys, joblib; from msimamo.model.fingerprint import content_digest; "
            "print(content_digest(joblib.load(sys.argv[1])))")
    digests = {subprocess.run([sys.executable, "-c", code, str(trained[0])], check=True, capture_output=True,
                              text=True, env=os.environ | {"PYTHONHASHSEED": seed}).stdout.strip()
               for seed in ("1", "2")}
    assert digests == {content_digest(pipeline)}


def test_what_describes_the_process_not_the_model_does_not_enter(trained, pipeline):
    """The stop-word cache's memory address differs in every fit; the vocabulary's insertion order
    differs with the order texts were seen."""
    vectoriser = word_vectoriser(pipeline)
    assert hasattr(vectoriser, "_stop_words_id")
    vectoriser._stop_words_id += 4096
    vectoriser.vocabulary_ = dict(reversed(vectoriser.vocabulary_.items()))
    assert version_of(pipeline, trained) == trained[1].version


def one_ulp_up(a: np.ndarray, index) -> None:
    a[index] = np.nextafter(a[index], np.inf)


def swap_two_terms(pipeline) -> None:
    vocabulary = word_vectoriser(pipeline).vocabulary_
    first, second = sorted(vocabulary)[:2]
    vocabulary[first], vocabulary[second] = vocabulary[second], vocabulary[first]


def rename_a_term(pipeline) -> None:
    vocabulary = word_vectoriser(pipeline).vocabulary_
    term = sorted(vocabulary)[0]
    vocabulary[term + "x"] = vocabulary.pop(term)


CHANGES = {
    "a coefficient, by one ulp": lambda p: one_ulp_up(first_head(p)[1].estimator.coef_, (0, 0)),
    "an intercept": lambda p: one_ulp_up(first_head(p)[1].estimator.intercept_, 0),
    "an idf weight": lambda p: one_ulp_up(word_vectoriser(p)._tfidf.idf_, 0),
    "two vocabulary entries swapped": swap_two_terms,
    "a vocabulary entry renamed": rename_a_term,
    "the regularisation C": lambda p: setattr(first_head(p)[1].estimator, "C", first_head(p)[1].estimator.C * 2),
    "a head's template": lambda p: setattr(p.named_steps[HEADS_STEP].estimators[0][1], "max_iter", 4999),
    "an n-gram range": lambda p: setattr(word_vectoriser(p), "ngram_range", (1, 3)),
    "the calibration folds": lambda p: setattr(p.named_steps[HEADS_STEP], "calibration_folds", 4),
    "a temperature": lambda p: setattr(first_head(p)[1].calibrators[0], "beta_",
                                       np.nextafter(first_head(p)[1].calibrators[0].beta_, np.inf)),
    "a class label": lambda p: first_head(p)[0].classes_.__setitem__(0, "other"),
    "the masking function": lambda p: setattr(p.named_steps[MASK], "func", normalise_all),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_any_change_to_what_the_model_computes_changes_the_version(trained, pipeline, change):
    change(pipeline)
    assert version_of(pipeline, trained) != trained[1].version


def test_the_gazetteer_format_and_msimamo_version_enter(trained, pipeline, monkeypatch):
    assert model_version(pipeline, "0" * 64) != trained[1].version
    monkeypatch.setattr(card_module, "FORMAT", card_module.FORMAT + 1)
    assert version_of(pipeline, trained) != trained[1].version
    monkeypatch.undo()
    import msimamo

    monkeypatch.setattr(msimamo, "__version__", msimamo.__version__ + ".1")
    assert version_of(pipeline, trained) != trained[1].version


def test_created_at_stays_outside_the_version(trained, pipeline, tmp_path, monkeypatch):
    monkeypatch.delenv("MODEL_KEY", raising=False)
    details = details_of(trained[1]) | {"created_at": "1999-01-01T00:00:00+00:00"}
    card = save_model(pipeline, details, tmp_path / "later" / "msimamo.joblib")
    assert card.created_at != trained[1].created_at and card.version == trained[1].version


def test_a_model_without_a_stable_encoding_is_refused_before_anything_is_written(trained, pipeline, tmp_path,
                                                                                  monkeypatch):
    monkeypatch.delenv("MODEL_KEY", raising=False)
    pipeline.named_steps[MASK].func = lambda texts: texts
    out = tmp_path / "never" / "msimamo.joblib"
    with pytest.raises(TypeError, match=r"model\.Pipeline\['steps'\]\[0\]\[1\]\.FunctionTransformer\['func'\]: "
                                        r".*<lambda> has no stable name"):
        save_model(pipeline, details_of(trained[1]), out)
    assert not out.exists() and not card_path(out).exists()


@pytest.mark.parametrize("a, b", [
    ([1], (1,)), (1, 1.0), (1, True), ("a", b"a"), (None, "N"), ({"a": 1}, [("a", 1)]), ({1, 2}, [1, 2]),
    (np.zeros(4, np.int32), np.zeros(2, np.int64)), (np.zeros((2, 2)), np.zeros(4)),
    (np.array(["a", "b"], dtype=object), np.array(["ab"], dtype=object)), (["aSb", "c"], ["a", "bSc"]),
    (FunctionTransformer(mask_all), FunctionTransformer(normalise_all)), (len, abs),
])
def test_distinct_values_never_share_an_encoding(a, b):
    assert content_digest(a) != content_digest(b)


def test_equal_content_shares_an_encoding_whatever_its_layout():
    values = np.arange(6, dtype=">f8").reshape(2, 3)
    assert content_digest(values) == content_digest(np.arange(6, dtype="<f8").reshape(2, 3))
    assert content_digest(np.asfortranarray(values)) == content_digest(values)
    assert content_digest({"b": 1, "a": 2}) == content_digest({"a": 2, "b": 1})
    assert content_digest({3, 1, 2}) == content_digest({2, 3, 1})


def test_an_object_it_cannot_encode_is_named_not_hashed_by_address():
    with pytest.raises(TypeError, match=r"model\[0\]: cannot fingerprint a builtins\.object"):
        content_digest([object()])
