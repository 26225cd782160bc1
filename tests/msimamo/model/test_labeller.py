import json

import pytest
import sklearn

from msimamo.errors import ModelError
from msimamo.labels import LABEL_HEADS
from msimamo.model.card import card_path
from msimamo.model.artefact import load_model
from msimamo.model.pipeline import FEATURES


def test_single_and_batch_paths_agree(trained, gold):
    model = load_model(trained[0])
    texts = [r["text"] for r in gold[:12]]
    batch = model.classify_many(texts)
    assert len(batch) == len(texts)
    for one, many in zip((model.classify(t) for t in texts), batch, strict=True):
        assert one.text == many.text
        assert one.language == many.language
        for head in LABEL_HEADS:
            assert getattr(one, head).label == getattr(many, head).label
            assert getattr(one, head).scores == pytest.approx(getattr(many, head).scores, abs=1e-9)
        assert one.relevant.label == many.relevant.label
        assert one.relevant.score == pytest.approx(many.relevant.score, abs=1e-9)


def test_scores_are_probabilities_over_the_head_labels(trained):
    model = load_model(trained[0])
    result = model.classify("“Marekani haina haki ya kutufundisha jinsi ya kuishi,” Antonov alisema.")
    for r in (getattr(result, head) for head in LABEL_HEADS):
        assert sum(r.scores.values()) == pytest.approx(1.0)
        assert r.label == max(r.scores, key=r.scores.get) or r.source == "gazetteer"


def test_known_speaker_bloc_comes_from_gazetteer(trained):
    model = load_model(trained[0])
    result = model.classify("“Hatutakubali vitisho,” Antonov alisema.")
    assert (result.bloc.label, result.bloc.source) == ("russia_dprk", "gazetteer")
    assert result.bloc.scores["russia_dprk"] == 1.0


def test_unknown_speaker_bloc_comes_from_model(trained):
    model = load_model(trained[0])
    result = model.classify("Mkutano huo ulifanyika jana mjini.")
    assert result.bloc.source == "model"


def test_explain_lists_the_strongest_ngrams_for_and_against_each_model_decision(trained):
    model = load_model(trained[0])
    result = model.classify("Ushirikiano wa kijeshi kati ya nchi hizo mbili ni hatari kwa eneo zima.", explain=True)
    for r in (getattr(result, head) for head in model.heads):
        assert getattr(r, "source", None) != "gazetteer" and getattr(r, "reason", None) is None
        assert 0 < len(r.explanation) <= 10 and 0 < len(r.against) <= 10
        pushed, held = [n.weight for n in r.explanation], [n.weight for n in r.against]
        assert all(w > 0 for w in pushed) and pushed == sorted(pushed, reverse=True)
        assert all(w < 0 for w in held) and held == sorted(held)


def test_explain_for_a_bloc_the_gazetteer_decided_names_the_speaker_not_ngrams(trained):
    model = load_model(trained[0])
    result = model.classify("Korea Kusini imeelezea wasiwasi juu ya ushirikiano wa kijeshi.", explain=True)
    assert result.bloc.source == "gazetteer" and result.bloc.explanation is None
    assert result.bloc.reason == "speaker 'Korea Kusini' is 'Korea Kusini' in the gazetteer: western"
    assert result.stance.explanation and result.stance.reason is None


def test_tampered_model_is_refused_before_unpickling(trained, tmp_path):
    src, _ = trained
    bad = tmp_path / "msimamo.joblib"
    data = bytearray(src.read_bytes())
    data[-10] ^= 0xFF
    bad.write_bytes(bytes(data))
    card_path(bad).write_bytes(card_path(src).read_bytes())
    with pytest.raises(ModelError, match="does not match the sha256"):
        load_model(bad)


def test_model_from_another_sklearn_minor_is_refused(trained, tmp_path):
    src, _ = trained
    copy = tmp_path / "msimamo.joblib"
    copy.write_bytes(src.read_bytes())
    card = json.loads(card_path(src).read_text())
    major, minor = sklearn.__version__.split(".")[:2]
    card["libraries"]["scikit-learn"] = f"{major}.{int(minor) + 1}.0"
    card_path(copy).write_text(json.dumps(card))
    with pytest.raises(ModelError, match="trained with scikit-learn .* run `make train`"):
        load_model(copy)


def test_missing_model_and_missing_card(tmp_path, trained):
    with pytest.raises(ModelError, match="no model at"):
        load_model(tmp_path / "none.joblib")
    lone = tmp_path / "lone.joblib"
    lone.write_bytes(trained[0].read_bytes())
    with pytest.raises(ModelError, match="no model card"):
        load_model(lone)


def test_a_model_the_fast_path_cannot_reproduce_is_refused_at_load(trained, tmp_path):
    import joblib

    from msimamo.model.artefact import save_model

    pipeline = joblib.load(trained[0])
    pipeline.named_steps[FEATURES].transformer_list[0][1].set_params(stop_words=["si"])
    path = tmp_path / "msimamo.joblib"
    save_model(pipeline, {"created_at": "now", "heads": [], "labels": {}}, path)
    with pytest.raises(ModelError, match="cannot be served: .*stop_words.*run `make train`"):
        load_model(path)


def test_every_statement_says_whether_it_is_about_the_partnership(trained):
    model = load_model(trained[0])
    result = model.classify("Korea Kaskazini imetuma makombora kwa Urusi, afisa wa Marekani alisema.")
    assert isinstance(result.relevant.label, bool) and 0.0 <= result.relevant.score <= 1.0
    assert result.relevant.label == (result.relevant.score >= 0.5)


def test_text_that_is_not_swahili_gets_its_language_and_no_labels(trained):
    model = load_model(trained[0])
    english = model.classify("The minister said the military partnership between the two countries was a threat.")
    assert english.language.code == "en" and not english.language.swahili
    assert english.stance is None and english.bloc is None and english.relevant is None
    swahili = model.classify("Waziri alisema ushirikiano wa kijeshi kati ya nchi hizo mbili ni tishio kwa amani.")
    assert swahili.language.swahili and swahili.stance is not None
    [reference] = model.classify_many([english.text])
    assert reference == english
