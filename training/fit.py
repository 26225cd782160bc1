"""`make train`: refuse bad data, evaluate honestly, choose parameters, fit, write model and card.

Nothing under the model's name changes until the new model and card are complete: a refusal or a
crash leaves the previous model in place. Nor does a model that is no better than guessing: unless
``--force``, a model is written only if, on every head, the lower end of the 95 % interval of its
cross-validated macro-F1 is above the majority baseline's macro-F1 (the interval, not the point:
on 4 rows a model can beat the baseline by luck). With ``--no-eval`` there is no such evidence, so
it writes only where no current model would be replaced: a new path, or one --if-stale found stale.
Texts repeated with different labels are listed as a warning (refused by training/corpus.py when
they are more than a tenth of the rows).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from threadpoolctl import threadpool_limits

from msimamo.errors import DataError
from training import evalreal
from training.corpus import SHOWN_LINES, TrainingTable, contradictions, contradictory_rows, load_training_table
from training.evaluate import evaluate_table, format_curve, format_table, learning_curve, outer_folds
from msimamo.model.artefact import save_model, sha256_file
from msimamo.config import Settings
from msimamo.atomic import check_target
from msimamo.model.card import ModelCard, card_path, stale_reason
from msimamo.model.heads import temperature
from msimamo.model.pipeline import HEADS_STEP, build_pipeline, label_matrix
from training.invariance import format_result as format_invariance
from training.invariance import measure as measure_invariance
from training.progress import Progress, for_terminal
from training.select import FEATURE_GRID, HEAD_GRID, select_params
from training.relevance import evaluate_relevance, format_relevance, learnable
from training.supplement import (DEFAULT_AUTHORED, DEFAULT_DATA, DEFAULT_OFFTOPIC, SETTINGS, compare,
                                 format_comparison, offtopic_for, supplement_for, with_relevance_rows)


def train(data: str | Path, model_path: str | Path, group_column: str | None = None,
          evaluate: bool = True, log=print, authored: str | Path | None = None,
          offtopic: str | Path | None = None, force: bool = False,
          progress: Callable[[str], None] | None = None) -> ModelCard:
    """Train on ``data`` (plus ``authored`` if it helps on ``data``, and ``offtopic`` statements for
    the relevant head); write ``model_path`` and its card if the model beats the majority baseline
    on every head, or ``force`` (module docstring); otherwise ``DataError``, nothing written.
    ``log`` gets the results; ``progress``, if given, a line as each stage begins (training.progress)."""
    inputs = [p for p in (data, authored, offtopic) if p is not None]
    for target in (model_path, card_path(model_path)):
        check_target(target, inputs)  # before minutes of training, not only when saving
    steps = Progress(progress)
    steps.stage("reading " + ", ".join(str(p) for p in inputs))
    table = load_training_table(data, group_column)
    extra = load_training_table(authored, supplement=True) if authored is not None else None
    off = load_training_table(offtopic, supplement=True) if offtopic is not None else None
    for path, t in ((data, table), (authored, extra), (offtopic, off)):
        warn_contradictions(path, t, log)
    if not evaluate and not force and stale_reason(model_path) is None:
        raise DataError(data, [f"--no-eval: nothing shows a model trained on it beats the majority baseline, so "
                               f"the current model {model_path} is kept; pass --force to replace it, or --out to "
                               "write elsewhere"])
    with threadpool_limits(limits=1):
        return _train(table, extra, off, data, authored, offtopic, model_path, evaluate, log, force, steps)


def warn_contradictions(path, table: TrainingTable | None, log) -> None:
    """One line naming the rows that repeat a text with another label (few enough to be kept)."""
    found = contradictions(table) if table is not None else []
    if found:
        shown = "; ".join(c.describe() for c in found[:SHOWN_LINES])
        more = f"; and {len(found) - SHOWN_LINES} more" if len(found) > SHOWN_LINES else ""
        log(f"warning: {path}: {contradictory_rows(found)} rows repeat a text with another label, kept as "
            f"label noise: {shown}{more}")


def below_baseline(evaluation: dict) -> list[str]:
    """Each head whose cross-validated macro-F1 is not clearly above the majority baseline's: the
    lower end of its 95 % bootstrap interval must be, which chance alone rarely gives."""
    results = dict(evaluation.get("heads") or {})
    if "relevance" in evaluation:
        results["relevant"] = evaluation["relevance"]["heads"]["relevant"]
    failures = []
    for head, r in results.items():
        model, low, base = r["model"]["macro_f1"], r["model"]["macro_f1_ci95"][0], r["baseline"]["macro_f1"]
        if not low > base:
            failures.append(f"head {head}: cross-validated macro-F1 {model:.3f} (95 % interval from {low:.3f}) "
                            f"does not beat the majority baseline's {base:.3f}")
    return failures


def _train(table: TrainingTable, extra: TrainingTable | None, off: TrainingTable | None, data, authored, offtopic,
           model_path, evaluate: bool, log, force: bool = False, steps: Progress | None = None) -> ModelCard:
    started = time.perf_counter()
    steps = steps or Progress()
    evaluation, used_supplement = None, False
    # the supplement the seeds judge: authored statements, with the off-topic ones beside them
    supplement = TrainingTable.concat(*[t for t in (extra, off) if t is not None]) if extra is not None else None
    if supplement is not None and not evaluate:
        # --no-eval trains on what a default run chooses (the supplement, docs/evaluation.md), unchecked
        log(f"--no-eval: training on {Path(data).name} + {Path(authored).name} without comparing them")
        table, used_supplement = TrainingTable.concat(table, supplement), True
    elif supplement is not None:
        comparison = compare(table.without("relevant"), supplement.without("relevant"), steps)
        log(format_comparison(comparison))
        chosen = "b" if comparison["use_supplement"] else "a"
        evaluation = {"scheme": f"leave-one-seed-article-out, setting ({chosen}); " + SETTINGS[chosen],
                      "heads": comparison["results"][chosen], "supplement": comparison,
                      "learning_curve": learning_curve(table.without("relevant"), outer_folds(table),
                                                       progress=steps)}
        log(format_curve(evaluation["learning_curve"]))
        if comparison["use_supplement"]:
            table, used_supplement = TrainingTable.concat(table, supplement), True
    elif evaluate:
        evaluation = evaluate_table(table.without("relevant"), steps)
        log(format_table(evaluation["heads"], f"{Path(data).name}: {len(table.texts)} statements, "
                                              f"{evaluation['scheme']}"))
        log(format_curve(evaluation["learning_curve"]))
    extra_rows = supplement if supplement is not None else off
    if not used_supplement and extra_rows is not None:
        # the relevant head still learns from every statement labelled for it
        table = with_relevance_rows(table, extra_rows)
    table = learnable(table, log)
    if evaluate and "relevant" in table.labels:
        relevance = evaluate_relevance(table, steps)
        log(format_relevance(relevance))
        evaluation = (evaluation or {}) | {"relevance": relevance}
    failures = below_baseline(evaluation) if evaluation is not None else []
    if failures and not force:
        raise DataError(data, failures[:-1] + [failures[-1] + ": the new model is not installed (--force installs "
                                                              "it anyway)"])
    for failure in failures:
        log(f"--force: installing although {failure}")
    pipeline, selection = fit_final(table, steps)
    steps.stage("speaker invariance")
    invariance = measure_invariance(pipeline, [Path(data)] + ([Path(authored)] if used_supplement else []))
    if invariance:
        log(format_invariance(invariance))
    if evaluate:
        steps.stage("development pages")
        development = development_scores(pipeline, table, log)
        if development:
            evaluation = (evaluation or {}) | {"development": development}
    details = {
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "training_data": describe_data(data, table, authored if used_supplement else None, offtopic),
        "heads": list(table.heads),
        "labels": {h: list(c) for h, c in zip(table.heads, pipeline.named_steps[HEADS_STEP].classes_)},
        "hyperparameters": selection.as_dict() | {"calibration": {
            "method": "temperature scaling, out-of-fold, folds grouped by article",
            "inverse_temperature": {h: temperature(est) for h, est in
                                    zip(table.heads, pipeline.named_steps[HEADS_STEP].estimators_)}}},
        "evaluation": evaluation,
        "speaker_invariance": invariance,
        "training_seconds": round(time.perf_counter() - started, 2),
    }
    steps.stage(f"writing {model_path} and its card")
    card = save_model(pipeline, details, model_path)
    log(f"wrote {model_path} (version {card.version}) and its card in {card.training_seconds} s")
    steps.stage("done")
    return card


def development_scores(pipeline, table: TrainingTable, log=print) -> dict | None:
    """The trained model on the real development pages (never trained on), beside the majority
    baseline of its training data; None, said in one line, where ../shared is absent."""
    majority = {h: Counter(y for y in v if y is not None).most_common(1)[0][0] for h, v in table.labels.items()}
    labels = evalreal.label_scores(pipeline, evalreal.DEFAULT_DIR, majority)
    if labels is None:
        log("development pages not found (../shared, present in CI only): skipped.")
        return None
    log(evalreal.format_labels(labels))
    relevance = evalreal.relevance_scores(pipeline, evalreal.DEFAULT_DIR)
    if relevance:
        log(evalreal.format_relevance(relevance))
    return {"labels": labels, "relevance": relevance}


def fit_final(table: TrainingTable, steps: Progress | None = None):
    steps = steps or Progress()
    steps.stage(f"choosing parameters: grouped CV of {len(FEATURE_GRID)} feature settings × "
                f"{len(HEAD_GRID)} per head on {len(table.texts)} statements")
    selection = select_params(table)
    steps.stage("fitting the final model, its heads calibrated out of fold")
    pipeline = build_pipeline(selection.features, selection.heads)
    return pipeline.fit(table.texts, label_matrix(table.labels, table.heads),
                        **{f"{HEADS_STEP}__groups": table.groups}), selection


def describe_data(path: str | Path, table: TrainingTable, authored: str | Path | None = None,
                  offtopic: str | Path | None = None) -> dict:
    return {
        "path": str(path),
        "sha256": sha256_file(path),
        "authored_path": None if authored is None else str(authored),
        "authored_sha256": None if authored is None else sha256_file(authored),
        "offtopic_path": None if offtopic is None else str(offtopic),
        "offtopic_sha256": None if offtopic is None else sha256_file(offtopic),
        "rows": len(table.texts),
        "groups": None if table.groups is None else len(set(table.groups)),
        "label_distribution": {h: dict(sorted(Counter(y for y in v if y is not None).items()))
                               for h, v in table.labels.items()},
    }


DESCRIPTION = ("Evaluate (leave-one-article-out, nested tuning, against the majority baseline), then train on "
               "all of --data and write the model and its card. Bad data is refused with its line numbers and "
               "the existing model is left untouched.")


def add_arguments(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="CSV with a text column and label columns "
                    "(stance, bloc, sentiment) and optionally group (default: %(default)s)")
    ap.add_argument("--authored", default=None,
                    help=f"supplement kept only if it helps on --data (default: {DEFAULT_AUTHORED} when "
                         f"--data is the seed corpus)")
    ap.add_argument("--no-authored", action="store_true", help="never use the supplement")
    ap.add_argument("--offtopic", default=None,
                    help=f"statements about something else, for the relevant head (default: {DEFAULT_OFFTOPIC} "
                         f"when --data is the seed corpus)")
    ap.add_argument("--no-offtopic", action="store_true", help="never use the off-topic statements")
    ap.add_argument("--out", default=str(Settings.from_env().model_path),
                    help="model path; the card model.json goes beside it (default: MODEL_PATH)")
    ap.add_argument("--group-column", default=None, help="CV group column (default: group, else article)")
    ap.add_argument("--no-eval", action="store_true",
                    help="skip the cross-validated evaluation (then a current model at --out is kept unless --force)")
    ap.add_argument("--force", action="store_true",
                    help="install the model even if it does not beat the majority baseline on every head")
    ap.add_argument("--if-stale", action="store_true",
                    help="train only if --out is missing or was written by an older Msimamo (what make serve runs)")


def run(args: argparse.Namespace) -> int:
    if args.if_stale:
        reason = stale_reason(args.out)
        if reason is None:
            return 0
        print(f"{reason}: training it now", file=sys.stderr)
    try:
        train(args.data, args.out, args.group_column, evaluate=not args.no_eval,
              authored=None if args.no_authored else supplement_for(args.data, args.authored),
              offtopic=None if args.no_offtopic else offtopic_for(args.data, args.offtopic), force=args.force,
              progress=for_terminal())
    except DataError as exc:
        raise DataError(exc.path, [*exc.problems, "the existing model is untouched"]) from None
    return 0
