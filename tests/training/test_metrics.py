import numpy as np
import pytest
from sklearn.metrics import accuracy_score, f1_score

from training.metrics import accuracy_from, confusions, encode, f_avg_from, macro_f1


@pytest.mark.parametrize("seed", range(5))
def test_matches_scikit_learn_on_random_labels(seed):
    rng = np.random.default_rng(seed)
    labels = np.array(["supportive", "critical", "neutral"], dtype=object)
    y_true, y_pred = labels[rng.integers(0, 3, 40)], labels[rng.integers(0, 3, 40)]
    expected = f1_score(y_true, y_pred, labels=sorted(set(y_true)), average="macro", zero_division=0)
    assert macro_f1(y_true, y_pred) == pytest.approx(expected)
    t, p, codes = encode(y_true, y_pred)
    cm = confusions(t, p, len(codes))
    assert accuracy_from(cm)[0] == pytest.approx(accuracy_score(y_true, y_pred))
    f = f1_score(y_true, y_pred, labels=["supportive", "critical"], average=None, zero_division=0)
    assert f_avg_from(cm, codes)[0] == pytest.approx(f.mean())


def test_bootstrap_draws_are_counted_separately():
    t, p = np.array([0, 1]), np.array([0, 0])
    cm = confusions(t, p, 2, np.array([[0, 0], [1, 1]]))
    assert cm.tolist() == [[[2, 0], [0, 0]], [[0, 0], [2, 0]]]
