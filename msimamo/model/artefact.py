"""A model on disk: the joblib file and its card, written together and verified before unpickling.

Loading checks the file against the sha256 in the card *before* unpickling, because unpickling
runs code; refuses a model pickled under another scikit-learn minor version, whose estimators may
unpickle into subtly different objects; and refuses a model whose gazetteer has changed since
training, because the gazetteer decides known speakers' bloc and the version must cover it.
"""

from __future__ import annotations

import hashlib
import platform
from pathlib import Path

import joblib
import numpy as np
import sklearn
from sklearn.pipeline import Pipeline

from msimamo.atomic import atomic_path, atomic_write_bytes
from msimamo.errors import DataError, ModelError, UnsupportedPipeline
from msimamo.extract.gazetteer import DEFAULT_PATH as GAZETTEER_PATH
from msimamo.extract.gazetteer import Gazetteer, load_gazetteer
from msimamo.model.card import FORMAT, GazetteerInfo, ModelCard, card_path, encode, read_card
from msimamo.model.labeller import Msimamo


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


def save_model(pipeline: Pipeline, details: dict, model_path: str | Path) -> ModelCard:
    """Write the model, then its card, each under a temporary name renamed into place.

    ``details`` are the card's descriptive fields (created_at, heads, labels, hyperparameters,
    evaluation, training_data, training_seconds); the rest is derived here.
    """
    model_path = Path(model_path)
    gazetteer = _gazetteer()
    with atomic_path(model_path) as tmp:
        joblib.dump(pipeline, tmp, compress=3)
        digest = sha256_file(tmp)
    card = ModelCard(
        format=FORMAT,
        version=hashlib.sha256(f"{digest}:{gazetteer.sha256}".encode()).hexdigest()[:12],
        joblib_sha256=digest,
        libraries=library_versions(),
        gazetteer=GazetteerInfo(path=GAZETTEER_PATH.name, sha256=gazetteer.sha256, entries=len(gazetteer.entries())),
        **details,
    )
    atomic_write_bytes(card_path(model_path), encode(card))
    return card


def _minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def load_model(model_path: str | Path) -> Msimamo:
    """The one way to load a model (library, service, batch scoring): verify, then unpickle."""
    card = read_card(model_path)
    if sha256_file(model_path) != card.joblib_sha256:
        raise ModelError(f"{model_path} does not match the sha256 in its card: refusing to unpickle it; "
                         "run `make train`")
    trained_with = card.libraries.get("scikit-learn", "?")
    if _minor(trained_with) != _minor(sklearn.__version__):
        raise ModelError(f"{model_path} was trained with scikit-learn {trained_with}, this is "
                         f"{sklearn.__version__}: run `make train`")
    gazetteer = _gazetteer()
    if gazetteer.sha256 != card.gazetteer.sha256:
        raise ModelError(f"the speaker gazetteer changed since {model_path} was trained: run `make train`")
    try:
        pipeline = joblib.load(model_path)
    except (ModuleNotFoundError, AttributeError) as exc:
        raise ModelError(f"{model_path} cannot be unpickled by this Msimamo ({exc}): run `make train`") from None
    try:
        return Msimamo(pipeline, card)
    except UnsupportedPipeline as exc:
        raise ModelError(f"{model_path} cannot be served: {exc}; run `make train`") from None
