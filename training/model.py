"""The fitted model: building the pipeline, saving it with its card, loading it safely, predicting.

Loading verifies the joblib file against the sha256 in the card *before* unpickling, because
unpickling runs code; and it refuses a model pickled under another scikit-learn minor version,
whose estimators may unpickle into subtly different objects.
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from training.atomic import atomic_path, atomic_write_bytes
from training.fastpath import FastScorer, UnsupportedPipeline
from training.features import FeatureParams, build_features
from training.gazetteer import load_gazetteer
from training.heads import MultiHeadClassifier
from training.labels import HEADS
from training.quotes import find_speaker
from training.text import normalise_all

CARD_NAME = "model.json"


class ModelError(RuntimeError):
    """The model cannot be used; the message says why and what to do, in one line."""


@dataclass(frozen=True)
class HeadParams:
    C: float = 1.0
    class_weight: str | None = "balanced"

    def as_dict(self) -> dict:
        return {"C": self.C, "class_weight": self.class_weight}


def build_pipeline(features: FeatureParams, heads: dict[str, HeadParams]) -> Pipeline:
    """normalise → shared TF-IDF → one logistic regression per head, in HEADS order."""
    return Pipeline([
        ("normalise", FunctionTransformer(normalise_all)),
        ("features", build_features(features)),
        ("heads", MultiHeadClassifier([
            (h, LogisticRegression(C=p.C, class_weight=p.class_weight, max_iter=5000))
            for h, p in heads.items()
        ])),
    ])


def label_matrix(labels: dict[str, list[str]], heads) -> np.ndarray:
    return np.column_stack([np.asarray(labels[h], dtype=object) for h in heads])


def card_path(model_path: str | Path) -> Path:
    return Path(model_path).with_name(CARD_NAME)


def library_versions() -> dict[str, str]:
    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "numpy": np.__version__, "joblib": joblib.__version__}


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_model(pipeline: Pipeline, card: dict, model_path: str | Path) -> dict:
    """Write the model, then its card, each under a temporary name renamed into place."""
    model_path = Path(model_path)
    with atomic_path(model_path) as tmp:
        joblib.dump(pipeline, tmp, compress=3)
        digest = sha256_file(tmp)
    card = {**card, "joblib_sha256": digest, "version": digest[:12], "libraries": library_versions()}
    atomic_write_bytes(card_path(model_path), json.dumps(card, indent=2, ensure_ascii=False).encode("utf-8"))
    return card


def _minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def read_card(model_path: str | Path) -> dict:
    model_path, cpath = Path(model_path), card_path(model_path)
    if not model_path.exists():
        raise ModelError(f"no model at {model_path}: run `make train`")
    if not cpath.exists():
        raise ModelError(f"no model card {cpath} beside {model_path}: run `make train`")
    try:
        return json.loads(cpath.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"model card {cpath} is not valid JSON ({exc}): run `make train`") from None


def load_model(model_path: str | Path) -> "Msimamo":
    """The one way to load a model (service and batch scoring): verify, then unpickle."""
    card = read_card(model_path)
    expected = card.get("joblib_sha256")
    if not expected or sha256_file(model_path) != expected:
        raise ModelError(f"{model_path} does not match the sha256 in its card: refusing to unpickle it; "
                         "run `make train`")
    trained_with = card.get("libraries", {}).get("scikit-learn", "?")
    if _minor(trained_with) != _minor(sklearn.__version__):
        raise ModelError(f"{model_path} was trained with scikit-learn {trained_with}, this is "
                         f"{sklearn.__version__}: run `make train`")
    try:
        return Msimamo(joblib.load(model_path), card)
    except UnsupportedPipeline as exc:
        raise ModelError(f"{model_path} cannot be served: {exc}; run `make train`") from None


def speaker_bloc(text: str, speaker: str | None = None) -> str | None:
    """The gazetteer's bloc for the statement's speaker (found in ``text`` unless given), if known.

    Bloc is a fact about the speaker, so a known speaker's bloc is looked up, not predicted.
    """
    if speaker is None:
        speaker = find_speaker(text)
    entry = load_gazetteer().lookup(speaker) if speaker else None
    return entry.bloc if entry else None


@dataclass(slots=True)
class HeadResult:
    label: str
    scores: dict[str, float]
    source: str | None = None
    explanation: list[tuple[str, float]] | None = None


@dataclass
class Msimamo:
    """A loaded model: the fitted pipeline, its card, and the speaker gazetteer for bloc."""

    pipeline: Pipeline
    card: dict
    scorer: FastScorer = field(init=False, repr=False)

    def __post_init__(self):
        self.scorer = FastScorer(self.pipeline)
        #: Per head, each label of the scheme and its column in that head's probabilities (None when
        #: the training data lacked it): scores always list the whole label set, in the scheme's order.
        self._layout = [[(label, classes.index(label) if label in classes else None) for label in HEADS[head]]
                        for head, classes in zip(self.scorer.heads, self.scorer.classes)]

    @property
    def heads(self) -> list[str]:
        return self.scorer.heads

    @property
    def version(self) -> str:
        return self.card.get("version", "unknown")

    def _result(self, h: int, proba, text: str, speaker: str | None) -> HeadResult:
        head, classes = self.scorer.heads[h], self.scorer.classes[h]
        if head == "bloc":
            known = speaker_bloc(text, speaker)
            if known is not None:
                return HeadResult(known, {c: float(c == known) for c in HEADS[head]}, "gazetteer")
        scores = {label: 0.0 if i is None else float(proba[i]) for label, i in self._layout[h]}
        label = classes[max(range(len(classes)), key=proba.__getitem__)]
        return HeadResult(label, scores, "model" if head == "bloc" else None)

    def classify(self, text: str, speaker: str | None = None, explain: bool = False) -> dict[str, HeadResult]:
        """Labels for one statement; ``speaker`` skips attribution when the extractor already found it."""
        idx, val, probas = self.scorer.score(text)
        out: dict[str, HeadResult] = {}
        for h, (head, proba) in enumerate(zip(self.scorer.heads, probas)):
            classes = self.scorer.classes[h]
            result = self._result(h, proba, text, speaker)
            if explain and result.label in classes:
                result.explanation = self.scorer.explain(h, classes.index(result.label), idx, val)
            out[head] = result
        return out

    def classify_many(self, texts: list[str], speakers: list[str | None] | None = None) -> list[dict[str, HeadResult]]:
        """Batch form: one vectorisation and one product per head for the whole batch."""
        if not texts:
            return []
        probas = self.pipeline.predict_proba(texts)
        speakers = speakers or [None] * len(texts)
        return [
            {head: self._result(h, probas[h][i], text, speakers[i])
             for h, head in enumerate(self.scorer.heads)}
            for i, text in enumerate(texts)
        ]
