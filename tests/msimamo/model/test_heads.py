"""Several heads over one feature matrix, each fitted on the rows that label it."""

import numpy as np
import pytest
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from msimamo.model.heads import MultiHeadClassifier, linear_head, temperature


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
    heads = MultiHeadClassifier([("a", LogisticRegression()), ("b", LogisticRegression())], calibration_folds=0)
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


def _softmax_or_logistic(z):
    if z.shape[1] == 1:
        p = 1 / (1 + np.exp(-z[:, 0]))
        return np.column_stack([1 - p, p])
    e = np.exp(z - z.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def test_calibrated_heads_are_a_linear_model_and_keep_the_winning_label():
    rng = np.random.default_rng(1)
    X = sparse.csr_matrix(rng.random((90, 6)))
    three = np.array(["p", "q", "r"], dtype=object)[(X[:, [0]].toarray().ravel() * 3).astype(int)]
    two = np.where(X[:, [1]].toarray().ravel() + rng.normal(0, 0.2, 90) > 0.5, "yes", "no").astype(object)
    groups = np.repeat(np.arange(15), 6)
    heads = MultiHeadClassifier([("three", LogisticRegression(C=0.5)), ("two", LogisticRegression(C=0.5))])
    heads.fit(X, np.column_stack([three, two]), groups=groups)
    raw = MultiHeadClassifier([("three", LogisticRegression(C=0.5)), ("two", LogisticRegression(C=0.5))],
                              calibration_folds=0).fit(X, np.column_stack([three, two]))
    for est, plain, proba in zip(heads.estimators_, raw.estimators_, heads.predict_proba(X)):
        assert temperature(est) is not None and temperature(est) != 1.0
        coef, intercept = linear_head(est)
        np.testing.assert_allclose(_softmax_or_logistic(X @ coef.T + intercept), proba, rtol=0, atol=1e-12)
        np.testing.assert_array_equal(est.predict(X), plain.predict(X))


def test_a_head_whose_folds_would_miss_a_label_stays_uncalibrated():
    X, a, b = _data()
    rare = a.copy()
    rare[:] = "x"
    rare[:2] = "y"  # two examples in one group: some training fold never sees "y"
    heads = MultiHeadClassifier([("rare", LogisticRegression()), ("b", LogisticRegression())])
    heads.fit(X, np.column_stack([rare, b]), groups=np.repeat(np.arange(6), 10))
    assert temperature(heads.estimators_[0]) is None and temperature(heads.estimators_[1]) is not None
