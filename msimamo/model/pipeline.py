"""The model's shape: mask the speaker → normalise → shared TF-IDF features → one logistic
regression per head.

The step names are constants because the fast scorer, training and evaluation all reach into the
fitted pipeline by name.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from msimamo.model.features import FeatureParams, build_features
from msimamo.model.heads import MultiHeadClassifier
from msimamo.model.masking import mask_all
from msimamo.text import normalise_all

MASK, NORMALISE, FEATURES, HEADS_STEP = "mask", "normalise", "features", "heads"


@dataclass(frozen=True)
class HeadParams:
    C: float = 1.0
    class_weight: str | None = "balanced"

    def as_dict(self) -> dict:
        return {"C": self.C, "class_weight": self.class_weight}


def build_pipeline(features: FeatureParams, heads: dict[str, HeadParams]) -> Pipeline:
    """mask the speaker → normalise → shared TF-IDF → one logistic regression per head, in the
    order of ``heads``."""
    return Pipeline([
        (MASK, FunctionTransformer(mask_all)),
        (NORMALISE, FunctionTransformer(normalise_all)),
        (FEATURES, build_features(features)),
        (HEADS_STEP, MultiHeadClassifier([
            (h, LogisticRegression(C=p.C, class_weight=p.class_weight, max_iter=5000))
            for h, p in heads.items()
        ])),
    ])


def label_matrix(labels: dict[str, list[str]], heads) -> np.ndarray:
    """One column of labels per head, in ``heads`` order: the ``Y`` the heads step fits on."""
    return np.column_stack([np.asarray(labels[h], dtype=object) for h in heads])
