import numpy as np
import pytest

from conftest import GOLD
from training.corpus import TrainingTable, load_training_table
from training.evaluate import head_report, out_of_fold, outer_folds
from training.select import cv_splits


def _assert_groups_disjoint(groups, folds):
    groups = np.asarray(groups)
    for train, test in folds:
        assert not set(groups[train]) & set(groups[test])


def test_outer_and_inner_folds_never_split_an_article():
    table = load_training_table(GOLD)
    folds = outer_folds(table)
    assert len(folds) == 5
    _assert_groups_disjoint(table.groups, folds)
    for train, _ in folds:
        inner = table.subset(train)
        _assert_groups_disjoint(inner.groups, cv_splits(inner))


def test_report_arithmetic_on_a_hand_example():
    y_true = np.array(["supportive", "supportive", "critical", "neutral"], dtype=object)
    y_pred = np.array(["supportive", "critical", "critical", "neutral"], dtype=object)
    r = head_report("stance", y_true, y_pred)
    # supportive P=1 R=.5 F=2/3; critical P=.5 R=1 F=2/3; neutral F=1
    assert r["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 1) / 3, abs=1e-4)
    assert r["f_avg"] == pytest.approx(2 / 3, abs=1e-4)
    assert r["accuracy"] == 0.75
    assert r["per_class"]["supportive"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert r["confusion"]["matrix"] == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
    lo, hi = r["macro_f1_ci95"]
    assert 0 <= lo <= r["macro_f1"] <= hi <= 1


def test_extra_rows_train_every_fold_but_are_never_scored():
    table = TrainingTable(texts=["a b", "a c", "b d", "c d"], labels={"stance": ["neutral", "critical"] * 2},
                          groups=["g1", "g1", "g2", "g2"], lines=[2, 3, 4, 5])
    extra = TrainingTable(texts=["x y", "y z"], labels={"stance": ["neutral", "critical"]},
                          groups=["e", "e"], lines=[2, 3])
    oof = out_of_fold(table, outer_folds(table), extra=extra, tune=False)
    assert len(oof["stance"]["model"]) == 4 and all(p is not None for p in oof["stance"]["model"])
    only_extra = out_of_fold(table, outer_folds(table), extra=extra, use_table=False, tune=False)
    # the arrays are pre-sized, so their length proves nothing: every slot must hold a prediction
    assert set(only_extra["stance"]["model"]) <= {"neutral", "critical"}
    assert list(only_extra["stance"]["true"]) == table.labels["stance"]
