"""A model on disk: the joblib file and its card, written together and verified before unpickling.

Loading reads the file once and checks those bytes against the sha256 in the card, which catches
corruption but not an attacker, who rewrites the card too. Two things stand against an attacker:
the restricted unpickler (``safeload``: only our pipeline's own globals, so a pickle carrying a code
payload is refused before the payload runs), always; and, with ``MODEL_KEY`` set, an HMAC-SHA256
over the model file's digest and the card, written by training and required before unpickling, so
a swapped or edited model is refused too. Loading also refuses a model pickled under another
scikit-learn minor version, whose estimators may unpickle into subtly different objects, and one
whose gazetteer changed since training, because the gazetteer decides known speakers' bloc.

The card's ``version`` names what the model is (``fingerprint.model_version``: its fitted content,
the gazetteer, the format and the msimamo version), so retraining on the same data gives the same
version; ``joblib_sha256`` names the file's bytes, which differ between such runs, and is what
loading checks. ``created_at`` is only in the card.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import platform
from pathlib import Path

import joblib
import msgspec
import numpy as np
import sklearn
from sklearn.pipeline import Pipeline

from msimamo.atomic import atomic_path, atomic_write_bytes, check_target
from msimamo.config import Settings
from msimamo.errors import DataError, ModelError, UnsupportedPipeline
from msimamo.extract.gazetteer import DEFAULT_PATH as GAZETTEER_PATH
from msimamo.extract.gazetteer import Gazetteer, load_gazetteer
from msimamo.model.card import FORMAT, GazetteerInfo, ModelCard, card_path, encode, read_card
from msimamo.model.fingerprint import model_version
from msimamo.model.labeller import Msimamo
from msimamo.model import safeload

#: The card's key for the signature; ``ModelCard`` does not declare it and ignores it when decoding.
SIGNATURE = "signature"
_ALGORITHM = "HMAC-SHA256"
_FROM_ENV = object()


def library_versions() -> dict[str, str]:
    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "numpy": np.__version__, "joblib": joblib.__version__}


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _gazetteer() -> Gazetteer:
    """The packaged gazetteer, parsed now: a broken one stops training or the start, not a request."""
    try:
        return load_gazetteer()
    except DataError as exc:
        raise ModelError(f"speaker gazetteer unusable: {exc}") from None


def _training_inputs(details: dict) -> list[str]:
    """The files training read, as the card describes them: the model must not be written over them."""
    data = details.get("training_data") or {}
    return [v for k, v in data.items() if (k == "path" or k.endswith("_path")) and isinstance(v, str) and v]


def save_model(pipeline: Pipeline, details: dict, model_path: str | Path) -> ModelCard:
    """Write the model, then its card, each under a temporary name renamed into place; with
    ``MODEL_KEY`` set, the card carries the signature of both.

    ``details`` are the card's descriptive fields (created_at, heads, labels, hyperparameters,
    evaluation, training_data, training_seconds); the rest is derived here. Neither the model nor
    the card may be written over the training data (``UnsafeTarget``, before anything is written).
    """
    model_path = Path(model_path)
    inputs = _training_inputs(details)
    for target in (model_path, card_path(model_path)):
        check_target(target, inputs)
    key = Settings.from_env().model_key
    gazetteer = _gazetteer()
    version = model_version(pipeline, gazetteer.sha256)  # before writing: an unencodable model writes nothing
    with atomic_path(model_path, inputs) as tmp:
        joblib.dump(pipeline, tmp, compress=3)
        digest = sha256_file(tmp)
    card = ModelCard(
        format=FORMAT,
        version=version,
        joblib_sha256=digest,
        libraries=library_versions(),
        gazetteer=GazetteerInfo(path=GAZETTEER_PATH.name, sha256=gazetteer.sha256, entries=len(gazetteer.entries())),
        **details,
    )
    data = encode(card)
    if key:
        raw = json.loads(data)
        raw[SIGNATURE] = {"algorithm": _ALGORITHM, "value": signature(key, digest, raw)}
        data = msgspec.json.format(msgspec.json.encode(raw), indent=2)
    atomic_write_bytes(card_path(model_path), data, inputs)
    return card


def signature(key: str, model_sha256: str, card: dict) -> str:
    """HMAC-SHA256 under ``key`` of the model file's digest and the card (its own signature left
    out), the card canonicalised (sorted keys, no spaces) so re-indenting it does not matter."""
    body = {k: v for k, v in card.items() if k != SIGNATURE}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    message = b"msimamo model v1\n" + model_sha256.encode("ascii") + b"\n" + canonical.encode("ascii")
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def _check_signature(model_path: Path, key: str, model_sha256: str, card_bytes: bytes) -> None:
    raw = json.loads(card_bytes)
    signed = raw.get(SIGNATURE)
    if not isinstance(signed, dict) or not isinstance(signed.get("value"), str):
        raise ModelError(f"{model_path} is not signed and MODEL_KEY is set: refusing to load it; "
                         "train it with MODEL_KEY set (make train), or unset MODEL_KEY")
    if signed.get("algorithm") != _ALGORITHM or not hmac.compare_digest(
            signed["value"], signature(key, model_sha256, raw)):
        raise ModelError(f"{model_path} does not carry a valid signature for MODEL_KEY (the model or its card "
                         "was changed, or signed with another key): refusing to load it")


def _minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def load_model(model_path: str | Path, *, key: str | None = _FROM_ENV) -> Msimamo:
    """The one way to load a model (library, service, batch scoring): verify, then unpickle through
    the allowlist. ``key`` defaults to the MODEL_KEY setting; with one, the signature is required."""
    model_path = Path(model_path)
    key = Settings.from_env().model_key if key is _FROM_ENV else key
    card = read_card(model_path)
    data, card_bytes = model_path.read_bytes(), card_path(model_path).read_bytes()  # verified = unpickled
    digest = hashlib.sha256(data).hexdigest()
    if digest != card.joblib_sha256:
        raise ModelError(f"{model_path} does not match the sha256 in its card: refusing to unpickle it; "
                         "run `make train`")
    if _decode_card(card_bytes) != card:
        raise ModelError(f"the card beside {model_path} changed while it was being loaded: try again")
    if key:
        _check_signature(model_path, key, digest, card_bytes)
    trained_with = card.libraries.get("scikit-learn", "?")
    if _minor(trained_with) != _minor(sklearn.__version__):
        raise ModelError(f"{model_path} was trained with scikit-learn {trained_with}, this is "
                         f"{sklearn.__version__}: run `make train`")
    gazetteer = _gazetteer()
    if gazetteer.sha256 != card.gazetteer.sha256:
        raise ModelError(f"the speaker gazetteer changed since {model_path} was trained: run `make train`")
    pipeline = safeload.load(io.BytesIO(data), model_path)
    try:
        safeload.check_shape(pipeline)
        return Msimamo(pipeline, card)
    except UnsupportedPipeline as exc:
        raise ModelError(f"{model_path} cannot be served: {exc}; run `make train`") from None


def _decode_card(card_bytes: bytes) -> ModelCard | None:
    """The card as it was when its bytes were read for the signature (None if unreadable by now)."""
    try:
        return msgspec.json.decode(card_bytes, type=ModelCard)
    except (msgspec.DecodeError, UnicodeDecodeError):
        return None
