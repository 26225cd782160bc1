"""`make train`: refuse bad data, evaluate honestly, choose parameters, fit, write model and card.

Nothing under the model's name changes until the new model and card are complete: a refusal or a
crash leaves the previous model in place.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from threadpoolctl import threadpool_limits

from training.corpus import CorpusError, TrainingTable, load_training_table
from training.evaluate import evaluate_table, format_curve, format_table
from training.model import build_pipeline, label_matrix, save_model, sha256_file
from training.select import select_params


def train(data: str | Path, model_path: str | Path, group_column: str | None = None,
          evaluate: bool = True, log=print) -> dict:
    """Train on ``data`` and write ``model_path`` plus its card; return the card."""
    table = load_training_table(data, group_column)
    with threadpool_limits(limits=1):
        return _train(table, data, model_path, evaluate, log)


def _train(table: TrainingTable, data, model_path, evaluate: bool, log) -> dict:
    started = time.perf_counter()
    evaluation = None
    if evaluate:
        evaluation = evaluate_table(table)
        log(format_table(evaluation["heads"], f"{Path(data).name}: {len(table.texts)} statements, "
                                              f"{evaluation['scheme']}"))
        log(format_curve(evaluation["learning_curve"]))
    pipeline, selection = fit_final(table)
    card = {
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "training_data": describe_data(data, table),
        "heads": list(table.heads),
        "labels": {h: list(c) for h, c in zip(table.heads, pipeline.named_steps["heads"].classes_)},
        "hyperparameters": selection.as_dict(),
        "evaluation": evaluation,
        "training_seconds": round(time.perf_counter() - started, 2),
    }
    card = save_model(pipeline, card, model_path)
    log(f"wrote {model_path} (version {card['version']}) and its card in {card['training_seconds']} s")
    return card


def fit_final(table: TrainingTable):
    selection = select_params(table)
    pipeline = build_pipeline(selection.features, selection.heads)
    return pipeline.fit(table.texts, label_matrix(table.labels, table.heads)), selection


def describe_data(path: str | Path, table: TrainingTable) -> dict:
    return {
        "path": str(path),
        "sha256": sha256_file(path),
        "rows": len(table.texts),
        "groups": None if table.groups is None else len(set(table.groups)),
        "label_distribution": {h: dict(sorted(Counter(v).items())) for h, v in table.labels.items()},
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Train the Msimamo stance/bloc/sentiment model.")
    ap.add_argument("--data", default="seeds/statements.csv", help="CSV with a text column and label columns")
    ap.add_argument("--out", default="models/msimamo.joblib", help="model path; the card goes beside it")
    ap.add_argument("--group-column", default=None, help="CV group column (default: group, else article)")
    ap.add_argument("--no-eval", action="store_true", help="skip the cross-validated evaluation")
    args = ap.parse_args(argv)
    try:
        train(args.data, args.out, args.group_column, evaluate=not args.no_eval)
    except CorpusError as exc:
        print(f"training refused; the existing model is untouched.\n{exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
