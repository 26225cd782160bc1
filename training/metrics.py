"""Classification scores from confusion counts, vectorised over bootstrap draws.

scikit-learn's metric functions validate their inputs on every call (~5 ms each); the grouped
search and the 1,000-draw bootstrap call them thousands of times, so the arithmetic is done here
on integer codes. Definitions match scikit-learn's with ``zero_division=0``; macro-F1 averages over
the labels present in the true labels of the sample.
"""

from __future__ import annotations

import numpy as np


def encode(y_true, y_pred) -> tuple[np.ndarray, np.ndarray, list]:
    labels = sorted(set(y_true) | set(y_pred))
    code = {label: i for i, label in enumerate(labels)}
    return (np.fromiter((code[y] for y in y_true), dtype=np.intp, count=len(y_true)),
            np.fromiter((code[y] for y in y_pred), dtype=np.intp, count=len(y_pred)), labels)


def confusions(t: np.ndarray, p: np.ndarray, k: int, draws: np.ndarray | None = None) -> np.ndarray:
    """(B, k, k) confusion matrices (rows true, columns predicted), one per row of ``draws``."""
    if draws is None:
        draws = np.arange(len(t))[None, :]
    b = draws.shape[0]
    flat = (np.arange(b)[:, None] * k * k + t[draws] * k + p[draws]).ravel()
    return np.bincount(flat, minlength=b * k * k).reshape(b, k, k)


def per_class_f1(cm: np.ndarray) -> np.ndarray:
    tp = np.diagonal(cm, axis1=-2, axis2=-1).astype(float)
    denom = cm.sum(-1) + cm.sum(-2)
    return np.divide(2 * tp, denom, out=np.zeros_like(tp), where=denom > 0)


def macro_f1_from(cm: np.ndarray) -> np.ndarray:
    present = cm.sum(-1) > 0
    return (per_class_f1(cm) * present).sum(-1) / np.maximum(present.sum(-1), 1)


def accuracy_from(cm: np.ndarray) -> np.ndarray:
    return np.diagonal(cm, axis1=-2, axis2=-1).sum(-1) / cm.sum((-2, -1))


def f_avg_from(cm: np.ndarray, labels: list, pair=("supportive", "critical")) -> np.ndarray:
    """SemEval-2016 stance measure: mean F1 of the two committed stances (absent label → F1 0)."""
    f1 = per_class_f1(cm)
    cols = [f1[..., labels.index(c)] if c in labels else np.zeros(f1.shape[:-1]) for c in pair]
    return (cols[0] + cols[1]) / 2


def macro_f1(y_true, y_pred) -> float:
    t, p, labels = encode(y_true, y_pred)
    return float(macro_f1_from(confusions(t, p, len(labels)))[0])


def expected_calibration_error(y_true, proba: np.ndarray, labels, bins: int = 10) -> float:
    """Top-label ECE: confidences cut into ``bins`` equal-width bins, the gap between each bin's mean
    confidence and its accuracy weighted by the bin's share of statements (Guo et al., 2017)."""
    proba = np.asarray(proba, dtype=float)
    confidence = proba.max(1)
    correct = np.asarray(labels, dtype=object)[proba.argmax(1)] == np.asarray(y_true, dtype=object)
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    gap = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            gap += inside.sum() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(gap / len(confidence)) if len(confidence) else 0.0
