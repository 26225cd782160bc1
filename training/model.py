"""The fitted model: building the pipeline, saving it with its card, loading it safely, predicting.

Loading verifies the joblib file against the sha256 in the card *before* unpickling, because
unpickling runs code; and it refuses a model pickled under another scikit-learn minor version,
whose estimators may unpickle into subtly different objects.
"""

from __future__ import annotations

import hashlib
from collections import Counter
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
from training.features import FeatureParams, build_features
from training.gazetteer import load_gazetteer
from training.heads import MultiHeadClassifier
from training.labels import HEADS
from training.quotes import find_speaker
from training.text import normalise, normalise_all

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
    return Msimamo(joblib.load(model_path), card)


class FastScorer:
    """Scores one text without going through the Pipeline's per-call machinery.

    A Pipeline call on one short text costs ~2 ms, nearly all of it validation and sparse-matrix
    set-up; the arithmetic is a few hundred dictionary look-ups and a small dot product. This
    reproduces exactly what the fitted estimators compute — the same analyzers, vocabularies,
    sublinear tf, idf and l2 norm, then softmax (or the logistic for two classes) — so its
    probabilities equal ``predict_proba``'s to rounding error.
    """

    #: Distinct words whose character n-gram indices are remembered (about 100 bytes each).
    WORD_CACHE_SIZE = 200_000

    def __init__(self, pipeline: Pipeline):
        union = pipeline.named_steps["features"]
        self.parts = []
        self.feature_names: list[str] = []
        offset = 0
        for _, vec in union.transformer_list:
            per_word = vec.analyzer == "char_wb"
            self.parts.append((vec.build_analyzer(), vec.vocabulary_, vec.idf_, offset, per_word, {}))
            names = np.empty(len(vec.vocabulary_), dtype=object)
            for term, j in vec.vocabulary_.items():
                names[j] = term
            self.feature_names.extend(names)
            offset += len(vec.vocabulary_)
        heads = pipeline.named_steps["heads"]
        self.heads = list(heads.heads_)
        self.classes = [list(c) for c in heads.classes_]
        self.coef_t = [np.ascontiguousarray(est.coef_.T) for est in heads.estimators_]
        # All heads side by side: one gather and one product per text instead of one per head.
        self.coef_all_t = np.ascontiguousarray(np.hstack(self.coef_t))
        self.intercept_all = np.concatenate([est.intercept_ for est in heads.estimators_])
        bounds = np.cumsum([0] + [c.shape[1] for c in self.coef_t])
        self.slices = [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:])]

    @staticmethod
    def _known(analyzer, vocab, doc: str) -> list[int]:
        return [j for j in map(vocab.get, analyzer(doc)) if j is not None]

    def _indices(self, norm: str, analyzer, vocab, per_word: bool, cache: dict) -> list[int]:
        """Vocabulary indices of the n-grams of ``norm``, repeated as often as they occur.

        ``char_wb`` n-grams never cross a word boundary, so a text's n-grams are the union of its
        words' n-grams: each word is analysed once and remembered, which is exact and removes most
        of the per-text cost on a news vocabulary.
        """
        if not per_word:
            return self._known(analyzer, vocab, norm)
        out: list[int] = []
        for word in norm.split():
            known = cache.get(word)
            if known is None:
                if len(cache) >= self.WORD_CACHE_SIZE:
                    cache.clear()
                known = cache[word] = self._known(analyzer, vocab, word)
            out += known
        return out

    def vectorise(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        norm = normalise(text)
        idx_parts, val_parts = [], []
        for analyzer, vocab, idf, offset, per_word, cache in self.parts:
            found = self._indices(norm, analyzer, vocab, per_word, cache)
            if not found:
                continue
            counts = Counter(found)
            idx = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            val = np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts))) + 1.0
            val *= idf[idx]
            val /= np.sqrt(val @ val)
            idx_parts.append(idx + offset)
            val_parts.append(val)
        if not idx_parts:
            return np.empty(0, dtype=np.intp), np.empty(0)
        return np.concatenate(idx_parts), np.concatenate(val_parts)

    def probas(self, idx: np.ndarray, val: np.ndarray) -> list[np.ndarray]:
        """Each head's class probabilities, as its ``predict_proba`` would give them."""
        z_all = val @ self.coef_all_t[idx] + self.intercept_all
        out = []
        for part in self.slices:
            z = z_all[part]
            if z.shape[0] == 1:
                p = 1.0 / (1.0 + np.exp(-z[0]))
                out.append(np.array([1.0 - p, p]))
            else:
                z = np.exp(z - z.max())
                out.append(z / z.sum())
        return out

    def explain(self, h: int, label_index: int, idx: np.ndarray, val: np.ndarray, k: int = 10):
        """The n-grams that pushed towards ``label_index`` most: coefficient × tf-idf."""
        coef = self.coef_t[h][idx]
        if coef.shape[1] == 1:
            contrib = coef[:, 0] * val * (1 if label_index == 1 else -1)
        else:
            contrib = coef[:, label_index] * val
        order = np.argsort(-contrib, kind="stable")[:k]
        return [(self.feature_names[idx[i]], float(contrib[i])) for i in order if contrib[i] > 0]


def speaker_bloc(text: str, speaker: str | None = None) -> str | None:
    """The gazetteer's bloc for the statement's speaker (found in ``text`` unless given), if known.

    Bloc is a fact about the speaker, so a known speaker's bloc is looked up, not predicted.
    """
    if speaker is None:
        speaker = find_speaker(text)
    entry = load_gazetteer().lookup(speaker) if speaker else None
    return entry.bloc if entry else None


@dataclass
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

    @property
    def heads(self) -> list[str]:
        return self.scorer.heads

    @property
    def version(self) -> str:
        return self.card.get("version", "unknown")

    def _result(self, head: str, classes: list[str], proba, text: str, speaker: str | None) -> HeadResult:
        """Scores cover the head's whole label set (labels the training data lacked score 0)."""
        scores = dict.fromkeys(HEADS[head], 0.0) | dict(zip(classes, map(float, proba)))
        result = HeadResult(label=classes[int(np.argmax(proba))], scores=scores)
        if head != "bloc":
            return result
        known = speaker_bloc(text, speaker)
        if known is None:
            result.source = "model"
            return result
        return HeadResult(label=known, scores={c: float(c == known) for c in HEADS[head]}, source="gazetteer")

    def classify(self, text: str, speaker: str | None = None, explain: bool = False) -> dict[str, HeadResult]:
        """Labels for one statement; ``speaker`` skips attribution when the extractor already found it."""
        idx, val = self.scorer.vectorise(text)
        out: dict[str, HeadResult] = {}
        for h, (head, proba) in enumerate(zip(self.scorer.heads, self.scorer.probas(idx, val))):
            classes = self.scorer.classes[h]
            result = self._result(head, classes, proba, text, speaker)
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
            {head: self._result(head, self.scorer.classes[h], probas[h][i], text, speakers[i])
             for h, head in enumerate(self.scorer.heads)}
            for i, text in enumerate(texts)
        ]
