"""The model card: what a model file is, typed, so a malformed card is refused in one line at load
instead of surfacing as a KeyError on some later request.

``format`` numbers the artefact layout (the module paths pickled inside the model file, the card's
fields). A card of another format is *stale*: ``msimamo train --if-stale`` (run by ``make serve``)
retrains it rather than refusing to start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from msimamo.errors import ModelError

#: 1: the layout under training/ (no "format" field); 2: the msimamo/ package; 3: the speaker is
#: masked before the features (msimamo.model.masking); 4: ``normalise`` gives each actor one spelling;
#: 5: the ``relevant`` head, and heads that may leave rows unlabelled; 6: ``version`` is a digest
#: of the model's content (msimamo.model.fingerprint), no longer of the pickled file's bytes.
FORMAT = 6
CARD_NAME = "model.json"


class GazetteerInfo(msgspec.Struct):
    """The speaker gazetteer the model was trained beside: it decides known speakers' bloc."""

    path: str
    sha256: str
    entries: int


class ModelCard(msgspec.Struct, kw_only=True):
    format: int
    version: str
    created_at: str
    joblib_sha256: str
    libraries: dict[str, str]
    gazetteer: GazetteerInfo
    heads: list[str]
    labels: dict[str, list[str]]
    hyperparameters: dict[str, Any] | None = None
    evaluation: dict[str, Any] | None = None
    training_data: dict[str, Any] | None = None
    speaker_invariance: dict[str, Any] | None = None
    training_seconds: float | None = None


def card_path(model_path: str | Path) -> Path:
    return Path(model_path).with_name(CARD_NAME)


def encode(card: ModelCard) -> bytes:
    return msgspec.json.format(msgspec.json.encode(card), indent=2)


def stale_reason(model_path: str | Path) -> str | None:
    """Why the model at ``model_path`` must be retrained before use, or None if it is current.

    Absence, an older artefact format and a gazetteer edited since training count (each is an
    upgrade, not damage); a model that is current but damaged or tampered with is not silently
    replaced, it is refused by ``read_card``/``load_model``.
    """
    model_path, cpath = Path(model_path), card_path(model_path)
    if not model_path.exists() or not cpath.exists():
        return f"no model at {model_path}" if not model_path.exists() else f"no card beside {model_path}"
    try:
        raw = msgspec.json.decode(cpath.read_bytes())
    except (msgspec.DecodeError, UnicodeDecodeError):
        return None
    found = raw.get("format", 1) if isinstance(raw, dict) else None
    if isinstance(found, int) and found < FORMAT:
        return f"{model_path} has artefact format {found}, this Msimamo writes {FORMAT}"
    trained_beside = raw.get("gazetteer") if isinstance(raw, dict) else None
    if isinstance(trained_beside, dict) and trained_beside.get("sha256") != _gazetteer_sha256():
        return f"the speaker gazetteer changed since {model_path} was trained"
    return None


def _gazetteer_sha256() -> str | None:
    from msimamo.extract.gazetteer import load_gazetteer
    from msimamo.errors import DataError

    try:
        return load_gazetteer().sha256
    except DataError:
        return None  # a broken gazetteer is refused, with its line, when the model is loaded


def read_card(model_path: str | Path) -> ModelCard:
    model_path, cpath = Path(model_path), card_path(model_path)
    if not model_path.exists():
        raise ModelError(f"no model at {model_path}: run `make train`")
    if not cpath.exists():
        raise ModelError(f"no model card {cpath} beside {model_path}: run `make train`")
    stale = stale_reason(model_path)
    if stale:
        raise ModelError(f"{stale}: run `make train` (make serve does it for you)")
    try:
        return msgspec.json.decode(cpath.read_bytes(), type=ModelCard)
    except msgspec.ValidationError as exc:
        raise ModelError(f"model card {cpath} is malformed ({exc}): run `make train`") from None
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"model card {cpath} is not valid JSON ({exc}): run `make train`") from None
