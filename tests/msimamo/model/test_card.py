"""The model card: typed, refused in one line when malformed, stale when written by an older layout."""

from __future__ import annotations

import json

import pytest

from msimamo.errors import ModelError
from msimamo.model.artefact import load_model
from msimamo.model.card import FORMAT, card_path, read_card, stale_reason


@pytest.fixture
def copy(trained, tmp_path):
    """A copy of the test model and its card, to damage."""
    path = tmp_path / "msimamo.joblib"
    path.write_bytes(trained[0].read_bytes())
    card_path(path).write_bytes(card_path(trained[0]).read_bytes())
    return path


def rewrite(path, change) -> None:
    card = json.loads(card_path(path).read_text())
    change(card)
    card_path(path).write_text(json.dumps(card))


def test_a_current_model_is_not_stale_and_reads_back_typed(copy, trained):
    assert stale_reason(copy) is None
    card = read_card(copy)
    assert card.format == FORMAT and card.version == trained[1].version
    assert card.gazetteer.entries > 100 and len(card.gazetteer.sha256) == 64


def test_a_model_from_the_old_layout_is_stale_and_refused_with_what_to_do(copy, tmp_path):
    rewrite(copy, lambda card: card.pop("format"))
    assert "format 1" in stale_reason(copy)
    with pytest.raises(ModelError, match="run `make train`"):
        load_model(copy)
    assert "no model at" in stale_reason(tmp_path / "none.joblib")


@pytest.mark.parametrize("damage, message", [
    (lambda card: card.update(version=12), r"Expected `str`, got `int` - at `\$.version`"),
    (lambda card: card.update(libraries=None), r"\$.libraries"),
    (lambda card: card.pop("gazetteer"), "missing required field `gazetteer`"),
])
def test_a_malformed_card_is_refused_in_one_line(copy, damage, message):
    rewrite(copy, damage)
    with pytest.raises(ModelError, match=message) as refused:
        load_model(copy)
    assert "\n" not in str(refused.value)


def test_a_card_that_is_not_an_object_is_refused(copy):
    card_path(copy).write_text("[]")
    with pytest.raises(ModelError, match="malformed"):
        load_model(copy)


def test_a_model_whose_gazetteer_changed_since_training_is_stale_and_refused(copy):
    rewrite(copy, lambda card: card["gazetteer"].update(sha256="0" * 64))
    assert "gazetteer changed" in stale_reason(copy)
    with pytest.raises(ModelError, match="gazetteer changed"):
        load_model(copy)


def test_the_version_covers_the_gazetteer(trained):
    import joblib

    from msimamo.model.fingerprint import model_version

    card, pipeline = trained[1], joblib.load(trained[0])
    assert card.version == model_version(pipeline, card.gazetteer.sha256) != model_version(pipeline, "0" * 64)
