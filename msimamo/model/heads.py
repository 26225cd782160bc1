"""Several classification heads over one shared feature matrix.

scikit-learn's MultiOutputClassifier gives every output the same hyper-parameters and needs every
label of every row; here each head (stance, bloc, sentiment, relevant) keeps its own regularisation
and class weighting, and a row may leave a head unlabelled (``None``): the off-topic statements
teach relevance without being forced into the seed-chosen training set of the other heads. The
text is still vectorised only once by the preceding pipeline step.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.utils.validation import check_is_fitted


class MultiHeadClassifier(BaseEstimator):
    """``estimators`` is a list of (head name, classifier); ``Y`` has one column per head, in that
    order, ``None`` where a row does not label that head.

    A plain ``BaseEstimator``: ``clone`` and ``get_params`` see ``estimators`` as one parameter,
    which is all training does with it (each head's parameters are chosen before it is built).
    """

    def __init__(self, estimators):
        self.estimators = estimators

    def fit(self, X, Y):
        Y = np.asarray(Y, dtype=object)
        if Y.ndim != 2 or Y.shape[1] != len(self.estimators):
            raise ValueError(f"Y must have one column per head ({len(self.estimators)}), got shape {Y.shape}")
        self.estimators_ = []
        for j, (name, est) in enumerate(self.estimators):
            labelled = np.fromiter((y is not None for y in Y[:, j]), dtype=bool, count=len(Y))
            if not labelled.any():
                raise ValueError(f"head {name!r}: no labelled row")
            rows = np.flatnonzero(labelled)
            self.estimators_.append(clone(est).fit(X[rows] if not labelled.all() else X, Y[rows, j]))
        self.heads_ = [name for name, _ in self.estimators]
        self.classes_ = [est.classes_ for est in self.estimators_]
        return self

    def predict(self, X):
        check_is_fitted(self)
        return np.column_stack([est.predict(X) for est in self.estimators_])

    def predict_proba(self, X):
        """One (n_samples, n_classes) array per head, classes in ``classes_`` order."""
        check_is_fitted(self)
        return [est.predict_proba(X) for est in self.estimators_]
