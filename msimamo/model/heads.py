"""Several classification heads over one shared feature matrix.

scikit-learn's MultiOutputClassifier gives every output the same hyper-parameters; here each head
(stance, bloc, sentiment) keeps its own regularisation and class weighting, chosen separately,
while the text is still vectorised only once by the preceding pipeline step.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.utils.validation import check_is_fitted


class MultiHeadClassifier(BaseEstimator):
    """``estimators`` is a list of (head name, classifier); ``Y`` has one column per head, in that order.

    A plain ``BaseEstimator``: ``clone`` and ``get_params`` see ``estimators`` as one parameter,
    which is all training does with it (each head's parameters are chosen before it is built).
    """

    def __init__(self, estimators):
        self.estimators = estimators

    def fit(self, X, Y):
        Y = np.asarray(Y, dtype=object)
        if Y.ndim != 2 or Y.shape[1] != len(self.estimators):
            raise ValueError(f"Y must have one column per head ({len(self.estimators)}), got shape {Y.shape}")
        self.estimators_ = [clone(est).fit(X, Y[:, j]) for j, (_, est) in enumerate(self.estimators)]
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
