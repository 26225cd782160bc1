"""How well the relevant head tells the partnership from everything else, where it cannot have
seen the answer: five folds grouped by article or event, so every sentence of one story is on
the same side, tuned inside each training part, beside the majority baseline.

The seed articles alone cannot measure it (3 of their 74 statements are off-topic), so it is
scored on every statement labelled for relevance: seeds, authored and off-topic ones.
"""

from __future__ import annotations

import numpy as np
from sklearn.model_selection import GroupKFold

from training.corpus import TrainingTable
from training.evaluate import out_of_fold, report_all

FOLDS = 5


def evaluate_relevance(table: TrainingTable) -> dict:
    rows = table.labelled("relevant")
    rel = table.subset(rows).without(*(h for h in table.labels if h != "relevant"))
    groups = rel.groups if rel.groups is not None else [str(i) for i in range(len(rel.texts))]
    folds = list(GroupKFold(n_splits=FOLDS).split(np.arange(len(rel.texts)), groups=groups))
    return {"scheme": f"{len(rel.texts)} statements, {FOLDS} folds grouped by article or event, "
                      "hyper-parameters chosen inside each training part",
            "heads": report_all(out_of_fold(rel, folds))}
