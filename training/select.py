"""Hyper-parameter choice by cross-validation grouped by article, inside whatever data it is given.

The text is vectorised once per (feature setting, fold) and every head's candidate regularisation
is fitted on that one matrix: the heads share features, so they must share the feature setting,
but each keeps its own C and class weighting. Called inside each outer fold by the evaluation, so a
reported score never comes from the data that chose the parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from joblib import Parallel, delayed
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold

from training.corpus import TrainingTable
from training.metrics import macro_f1
from msimamo.model.features import FeatureParams, build_features
from msimamo.model.pipeline import HeadParams
from msimamo.model.masking import mask_all
from msimamo.text import normalise_all

FEATURE_GRID: tuple[FeatureParams, ...] = (
    FeatureParams(word_ngram=(1, 2), char_ngram=(2, 5), min_df=1),
    FeatureParams(word_ngram=(1, 1), char_ngram=(3, 6), min_df=2),
)
#: Grouped by class weighting with C ascending, so each chain can warm-start from the previous fit.
HEAD_GRID: tuple[HeadParams, ...] = tuple(
    HeadParams(C=c, class_weight=w) for w in ("balanced", None) for c in (0.5, 2.0, 8.0)
)
DEFAULT_FEATURES = FEATURE_GRID[0]
DEFAULT_HEAD = HeadParams(C=2.0, class_weight="balanced")
MAX_INNER_SPLITS = 3
#: Search fits only rank candidates, so a looser tolerance than the final fit's (1e-4) halves their cost.
SEARCH_TOL = 1e-3


@dataclass(frozen=True)
class Selection:
    features: FeatureParams
    heads: dict[str, HeadParams]
    inner_macro_f1: dict[str, float]

    def as_dict(self) -> dict:
        return {"features": self.features.as_dict(), "heads": {h: p.as_dict() for h, p in self.heads.items()},
                "inner_cv_macro_f1": self.inner_macro_f1}


def cv_splits(table: TrainingTable, max_splits: int = MAX_INNER_SPLITS, seed: int = 0):
    """Folds that keep each group (article) whole; plain shuffled folds only when no groups exist."""
    n = len(table.texts)
    index = np.arange(n)
    if table.groups is not None and len(set(table.groups)) >= 2:
        k = min(max_splits, len(set(table.groups)))
        return list(GroupKFold(n_splits=k).split(index, groups=table.groups))
    return list(KFold(n_splits=min(max_splits, n), shuffle=True, random_state=seed).split(index))


def _score_feature_setting(fp: FeatureParams, texts, labels, splits):
    n = len(texts)
    preds = {h: [np.empty(n, dtype=object) for _ in HEAD_GRID] for h in labels}
    for train, test in splits:
        union = build_features(fp)
        X_train = union.fit_transform([texts[i] for i in train])
        X_test = union.transform([texts[i] for i in test])
        for h, y in labels.items():
            rows = np.flatnonzero(y[train] != None)  # noqa: E711 -- elementwise on an object array
            y_train = y[train][rows]
            chain = None
            for k, hp in enumerate(HEAD_GRID):
                if len(set(y_train)) < 2:
                    preds[h][k][test] = y_train[0] if len(y_train) else ""
                    continue
                if chain is None or chain.class_weight != hp.class_weight:
                    chain = LogisticRegression(class_weight=hp.class_weight, warm_start=True, max_iter=5000,
                                               tol=SEARCH_TOL)
                preds[h][k][test] = chain.set_params(C=hp.C).fit(X_train[rows], y_train).predict(X_test)
    covered = np.concatenate([test for _, test in splits])
    scores = {}
    for h in labels:
        scored = covered[labels[h][covered] != None]  # noqa: E711 -- rows that label this head
        scores[h] = [macro_f1(labels[h][scored], p[scored]) for p in preds[h]]
    return scores


def select_params(table: TrainingTable, n_jobs: int = 2) -> Selection:
    """Best feature setting (mean over heads of each head's best inner macro-F1), then each head's C."""
    texts = normalise_all(mask_all(table.texts))
    labels = {h: np.asarray(v, dtype=object) for h, v in table.labels.items()}
    splits = cv_splits(table)
    scores = Parallel(n_jobs=n_jobs)(
        delayed(_score_feature_setting)(fp, texts, labels, splits) for fp in FEATURE_GRID
    )
    best_fp = max(range(len(FEATURE_GRID)), key=lambda i: (np.mean([max(s) for s in scores[i].values()]), -i))
    chosen = scores[best_fp]
    heads, inner = {}, {}
    for h in table.heads:
        k = max(range(len(HEAD_GRID)), key=lambda j: (chosen[h][j], -j))
        heads[h] = HEAD_GRID[k]
        inner[h] = round(chosen[h][k], 4)
    return Selection(features=FEATURE_GRID[best_fp], heads=heads, inner_macro_f1=inner)
