"""Several heads over one feature matrix, each fitted on the rows that label it."""

import numpy as np
import pytest
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from msimamo.model.heads import MultiHeadClassifier


def _data(n=60, seed=0):
    rng = np.random.default_rng(seed)
    X = sparse.csr_matrix(rng.random((n, 8)))
    a = np.where(X[:, [0]].toarray().ravel() > 0.5, "x", "y").astype(object)
    b = np.where(X[:, [1]].toarray().ravel() > 0.5, "yes", "no").astype(object)
    return X, a, b


def test_a_head_learns_only_from_the_rows_that_label_it():
    X, a, b = _data()
    a_missing = a.copy()
    a_missing[40:] = None  # rows 40.. teach the second head only
    heads = MultiHeadClassifier([("a", LogisticRegression()), ("b", LogisticRegression())])
    heads.fit(X, np.column_stack([a_missing, b]))
    alone = LogisticRegression().fit(X[:40], a[:40])
    np.testing.assert_allclose(heads.predict_proba(X)[0], alone.predict_proba(X), atol=1e-12)
    np.testing.assert_allclose(heads.predict_proba(X)[1], LogisticRegression().fit(X, b).predict_proba(X), atol=1e-12)
    assert heads.heads_ == ["a", "b"] and list(heads.classes_[1]) == ["no", "yes"]


def test_a_head_with_no_labelled_row_is_refused_by_name():
    X, a, b = _data()
    with pytest.raises(ValueError, match="head 'a': no labelled row"):
        MultiHeadClassifier([("a", LogisticRegression()), ("b", LogisticRegression())]).fit(
            X, np.column_stack([np.full(len(a), None, dtype=object), b]))
