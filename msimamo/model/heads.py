"""Several classification heads over one shared feature matrix, each calibrated.

scikit-learn's MultiOutputClassifier gives every output the same hyper-parameters and needs every
label of every row; here each head (stance, bloc, sentiment, relevant) keeps its own regularisation
and class weighting, and a row may leave a head unlabelled (``None``): the off-topic statements
teach relevance without being forced into the seed-chosen training set of the other heads. The
text is still vectorised only once by the preceding pipeline step.

Logistic regression with balanced class weights and strong regularisation is underconfident here
(out of fold, mean confidence 0.63 against accuracy 0.78 for stance), so each head is wrapped in
scikit-learn's temperature scaling (``CalibratedClassifierCV(method="temperature")``): one
parameter per head, learnt on out-of-fold decisions whose folds keep each article (``groups``)
whole, and it never changes which label wins. A head whose folds cannot all see every label is
left uncalibrated rather than fitted on a fold that lacks a class.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.utils.validation import check_is_fitted


class MultiHeadClassifier(BaseEstimator):
    """``estimators`` is a list of (head name, classifier); ``Y`` has one column per head, in that
    order, ``None`` where a row does not label that head. ``calibration_folds`` (0: none) is the
    number of folds temperature scaling learns from; ``fit`` takes the rows' ``groups`` for them
    (``Pipeline.fit(..., heads__groups=...)``).

    A plain ``BaseEstimator``: ``clone`` and ``get_params`` see ``estimators`` as one parameter,
    which is all training does with it (each head's parameters are chosen before it is built).
    """

    def __init__(self, estimators, calibration_folds: int = 3):
        self.estimators = estimators
        self.calibration_folds = calibration_folds

    def fit(self, X, Y, groups=None):
        Y = np.asarray(Y, dtype=object)
        if Y.ndim != 2 or Y.shape[1] != len(self.estimators):
            raise ValueError(f"Y must have one column per head ({len(self.estimators)}), got shape {Y.shape}")
        groups = None if groups is None else np.asarray(groups, dtype=object)
        self.estimators_ = []
        for j, (name, est) in enumerate(self.estimators):
            labelled = np.fromiter((y is not None for y in Y[:, j]), dtype=bool, count=len(Y))
            if not labelled.any():
                raise ValueError(f"head {name!r}: no labelled row")
            rows = np.flatnonzero(labelled)
            X_head = X if labelled.all() else X[rows]
            y_head = Y[rows, j]
            folds = self._folds(y_head, None if groups is None else groups[rows])
            head = clone(est) if folds is None else CalibratedClassifierCV(
                clone(est), method="temperature", ensemble=False, cv=folds)
            self.estimators_.append(head.fit(X_head, y_head))
        self.heads_ = [name for name, _ in self.estimators]
        self.classes_ = [est.classes_ for est in self.estimators_]
        return self

    def _folds(self, y: np.ndarray, groups: np.ndarray | None) -> list | None:
        """Folds for temperature scaling, grouped when groups are known; None when some training
        part would miss a label (a head with one rare label in one article)."""
        k = self.calibration_folds
        if not k:
            return None
        index = np.arange(len(y))
        if groups is not None and len(set(groups)) >= k:
            folds = list(GroupKFold(n_splits=k).split(index, y, groups))
        elif min(np.unique(y, return_counts=True)[1]) >= k:
            folds = list(StratifiedKFold(n_splits=k, shuffle=True, random_state=0).split(index, y))
        else:
            return None
        labels = set(y)
        return folds if all(set(y[train]) == labels for train, _ in folds) else None

    def predict(self, X):
        check_is_fitted(self)
        return np.column_stack([est.predict(X) for est in self.estimators_])

    def predict_proba(self, X):
        """One (n_samples, n_classes) array per head, classes in ``classes_`` order."""
        check_is_fitted(self)
        return [est.predict_proba(X) for est in self.estimators_]


def _calibrated(est):
    """The base logistic regression and its inverse temperature, or None for a plain head."""
    if not isinstance(est, CalibratedClassifierCV):
        return None
    [pair] = est.calibrated_classifiers_
    return pair.estimator, float(pair.calibrators[0].beta_)


def linear_head(est) -> tuple[np.ndarray, np.ndarray]:
    """A fitted head as the logistic regression it computes: ``coef_`` and ``intercept_`` with the
    calibration folded in, so softmax (or, for two classes, the logistic) of ``X @ coef.T +
    intercept`` is the head's ``predict_proba``.

    Temperature scaling multiplies the decision by ``beta`` before the softmax; for two classes
    scikit-learn scores the decision ``z`` as the logits ``(-z, z)``, which is the logistic of
    ``2 * beta * z``.
    """
    calibrated = _calibrated(est)
    if calibrated is None:
        return est.coef_, est.intercept_
    base, beta = calibrated
    scale = 2 * beta if len(base.classes_) == 2 else beta
    return base.coef_ * scale, base.intercept_ * scale


def temperature(est) -> float | None:
    """The inverse temperature a calibrated head learnt (None: not calibrated)."""
    calibrated = _calibrated(est)
    return None if calibrated is None else round(calibrated[1], 4)
