"""An outside check of the training pipeline on AfriSenti's Swahili tweets (sentiment only).

The same features and logistic head as Msimamo's sentiment head; parameters chosen on dev,
test scored once. The official metric is weighted F1 (SemEval-2023 Task 12).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from threadpoolctl import threadpool_limits

from msimamo.model.pipeline import build_pipeline
from training.select import FEATURE_GRID, HEAD_GRID

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "afrisenti-swa"


def read_split(path: Path) -> tuple[list[str], list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["tweet"] for r in rows], [r["label"] for r in rows]


def scores(y_true, y_pred) -> dict[str, float]:
    return {"weighted_f1": round(float(f1_score(y_true, y_pred, average="weighted")), 4),
            "macro_f1": round(float(f1_score(y_true, y_pred, average="macro")), 4)}


def run_check(data_dir: Path) -> dict:
    train, dev, test = (read_split(data_dir / f"{s}.tsv") for s in ("train", "dev", "test"))

    def fit(fp, hp, texts, labels):
        return build_pipeline(fp, {"sentiment": hp}).fit(texts, np.asarray(labels, dtype=object)[:, None])

    best = max(((fp, hp) for fp in FEATURE_GRID for hp in HEAD_GRID),
               key=lambda c: scores(dev[1], fit(*c, *train).predict(dev[0])[:, 0])["weighted_f1"])
    model = fit(*best, train[0] + dev[0], train[1] + dev[1])
    majority = Counter(train[1] + dev[1]).most_common(1)[0][0]
    return {
        "chosen": {"features": best[0].as_dict(), "head": best[1].as_dict()},
        "test_rows": len(test[0]),
        "model": scores(test[1], model.predict(test[0])[:, 0]),
        "majority_baseline": scores(test[1], [majority] * len(test[1])),
    }


def add_arguments(parser) -> None:
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DIR,
                        help="folder with train.tsv, dev.tsv, test.tsv (default: ../shared/data/afrisenti-swa)")


def run(args) -> int:
    if not (args.data_dir / "test.tsv").exists():
        print(f"AfriSenti data not found at {args.data_dir} (it lives in ../shared, present in CI only): skipped.")
        return 0
    with threadpool_limits(limits=1):
        result = run_check(args.data_dir)
    print(f"AfriSenti Swahili sentiment, test set ({result['test_rows']} tweets), chosen on dev: {result['chosen']}")
    print(f"{'':<18} {'weighted-F1':>11} {'macro-F1':>9}")
    for name in ("model", "majority_baseline"):
        print(f"{name:<18} {result[name]['weighted_f1']:>11.3f} {result[name]['macro_f1']:>9.3f}")
    return 0
