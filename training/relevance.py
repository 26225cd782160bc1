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
from training.evaluate import format_table, out_of_fold, report_all
from training.progress import Progress

FOLDS = 5


def evaluate_relevance(table: TrainingTable, progress: Progress | None = None) -> dict:
    rows = table.labelled("relevant")
    rel = table.subset(rows).without(*(h for h in table.labels if h != "relevant"))
    groups = rel.groups if rel.groups is not None else [str(i) for i in range(len(rel.texts))]
    folds = list(GroupKFold(n_splits=FOLDS).split(np.arange(len(rel.texts)), groups=groups))
    loop = (progress or Progress()).loop(f"cross-validation of the relevant head ({len(rel.texts)} statements)",
                                         len(folds))
    return {"scheme": f"{len(rel.texts)} statements, {FOLDS} folds grouped by article or event, "
                      "hyper-parameters chosen inside each training part",
            "heads": report_all(out_of_fold(rel, folds, tick=loop.tick))}


def too_thin(table: TrainingTable) -> str | None:
    """Why the relevant head cannot be learnt and measured, if it cannot: each answer must come
    from at least two articles, or no grouped fold could both train and test it (the seeds alone
    have three off-topic statements, all in one article)."""
    where: dict[str, set] = {}
    for i in table.labelled("relevant"):
        where.setdefault(table.labels["relevant"][i], set()).add(table.groups[i] if table.groups else i)
    for label in ("yes", "no"):
        if len(where.get(label, ())) < 2:
            return f"its {label!r} statements come from {len(where.get(label, ()))} article(s), fewer than 2"
    return None


def learnable(table: TrainingTable, log=print) -> TrainingTable:
    """``table`` without its relevance labels when they are too thin to learn from (said in one
    line); training and ``evaluate model`` both apply it before fitting or scoring the head."""
    if "relevant" in table.labels and (reason := too_thin(table)):
        log(f"relevant head not trained: {reason} (add off-topic statements with --offtopic)")
        return table.without("relevant")
    return table


def format_relevance(result: dict) -> str:
    return format_table({"relevant": result["heads"]["relevant"]}, f"relevant head: {result['scheme']}")
