"""Honest evaluation: leave-one-article-out predictions, nested tuning, baselines, intervals.

Every score is computed on statements whose article was absent from both fitting and
hyper-parameter choice; the majority-class baseline is fitted on the same training folds; the 95 %
intervals resample statements (1,000 bootstrap draws, fixed seed) of the pooled out-of-fold
predictions.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable

import numpy as np
from joblib import Parallel, delayed
from sklearn.model_selection import KFold, LeaveOneGroupOut
from threadpoolctl import threadpool_limits

from training.corpus import TrainingTable
from training.progress import Progress
from msimamo.labels import HEADS
from msimamo.extract.statements import find_speaker
from msimamo.model.pipeline import HEADS_STEP, build_pipeline, label_matrix
from training.metrics import (accuracy_from, confusions, encode, expected_calibration_error, f_avg_from, macro_f1,
                              macro_f1_from, per_class_f1)
from training.select import DEFAULT_FEATURES, DEFAULT_HEAD, select_params

BOOTSTRAP_DRAWS = 1000
LEARNING_FRACTIONS = (0.25, 0.5, 0.75, 1.0)


def outer_folds(table: TrainingTable):
    index = np.arange(len(table.texts))
    if table.groups is not None and len(set(table.groups)) >= 2:
        return list(LeaveOneGroupOut().split(index, groups=table.groups))
    return list(KFold(n_splits=min(5, len(index)), shuffle=True, random_state=0).split(index))


def fit_on(train: TrainingTable, tune: bool):
    if tune:
        sel = select_params(train, n_jobs=1)
        features, heads = sel.features, sel.heads
    else:
        features, heads = DEFAULT_FEATURES, {h: DEFAULT_HEAD for h in train.heads}
    return build_pipeline(features, heads).fit(train.texts, label_matrix(train.labels, train.heads),
                                               **{f"{HEADS_STEP}__groups": train.groups})


def _fold_predictions(table: TrainingTable, train_idx, test_idx, extra, use_table: bool, tune: bool, heads):
    parts = ([table.subset(train_idx)] if use_table else []) + ([extra] if extra is not None else [])
    train = TrainingTable.concat(*parts)
    with threadpool_limits(limits=1):
        model = fit_on(train, tune)
        probas = model.predict_proba([table.texts[i] for i in test_idx])
    fitted = model.named_steps[HEADS_STEP]
    # every head's probabilities laid out in the scheme's label order (a label a fold never saw gets 0)
    scheme = {h: np.zeros((len(test_idx), len(HEADS[h]))) for h in heads}
    for h, classes, p in zip(fitted.heads_, fitted.classes_, probas):
        if h in scheme:
            scheme[h][:, [HEADS[h].index(c) for c in classes]] = p
    majority = {h: Counter(y for y in train.labels[h] if y is not None).most_common(1)[0][0] for h in heads}
    return test_idx, scheme, majority


def out_of_fold(table: TrainingTable, folds, extra: TrainingTable | None = None,
                use_table: bool = True, tune: bool = True, n_jobs: int = 2,
                tick: Callable[[], None] | None = None) -> dict[str, dict[str, np.ndarray]]:
    """Predictions for every statement of ``table`` from a model that never saw its fold.

    ``extra`` rows (e.g. the authored supplement) join every training fold and are never tested.
    Folds run in parallel; each one tunes on its own training part only. ``tick()`` is called as
    each fold's predictions arrive (in fold order, which is also the order they are laid down in).
    """
    n = len(table.texts)
    heads = table.heads if extra is None else tuple(h for h in table.heads if h in extra.labels)
    proba = {h: np.zeros((n, len(HEADS[h]))) for h in heads}
    base = {h: np.empty(n, dtype=object) for h in heads}
    done = Parallel(n_jobs=n_jobs, return_as="generator")(
        delayed(_fold_predictions)(table, tr, te, extra, use_table, tune, heads) for tr, te in folds
    )
    for test_idx, scheme, majority in done:
        for h in heads:
            proba[h][test_idx] = scheme[h]
            base[h][test_idx] = majority[h]
        if tick is not None:
            tick()
    oof = {h: {"true": np.asarray(table.labels[h], dtype=object),
               "model": np.asarray(HEADS[h], dtype=object)[proba[h].argmax(1)],
               "baseline": base[h], "proba": proba[h]}
           for h in heads}
    if "bloc" in oof:
        known = [speaker.bloc if (speaker := find_speaker(t)) else None for t in table.texts]
        oof["bloc"]["served"] = np.array([k or p for k, p in zip(known, oof["bloc"]["model"])], dtype=object)
    return oof


def _interval(values: np.ndarray) -> list[float]:
    return [round(float(np.percentile(values, 2.5)), 4), round(float(np.percentile(values, 97.5)), 4)]


def head_report(head: str, y_true, y_pred, seed: int = 0) -> dict:
    """Macro-F1 and accuracy with 95 % intervals, per-class precision/recall, confusion matrix."""
    t, p, codes = encode(y_true, y_pred)
    k = len(codes)
    cm = confusions(t, p, k)
    boot = confusions(t, p, k, np.random.default_rng(seed).integers(0, len(t), (BOOTSTRAP_DRAWS, len(t))))
    labels = [c for c in HEADS[head] if c in codes]
    order = [codes.index(c) for c in labels]
    matrix = cm[0][np.ix_(order, order)]
    tp, support, predicted = np.diag(matrix), matrix.sum(1), matrix.sum(0)
    f1 = per_class_f1(matrix)
    report = {
        "n": int(len(t)),
        "macro_f1": round(float(macro_f1_from(cm)[0]), 4),
        "macro_f1_ci95": _interval(macro_f1_from(boot)),
        "accuracy": round(float(accuracy_from(cm)[0]), 4),
        "accuracy_ci95": _interval(accuracy_from(boot)),
        "per_class": {c: {"precision": round(float(tp[i] / predicted[i]) if predicted[i] else 0.0, 4),
                          "recall": round(float(tp[i] / support[i]) if support[i] else 0.0, 4),
                          "f1": round(float(f1[i]), 4), "support": int(support[i])} for i, c in enumerate(labels)},
        "confusion": {"labels": labels, "matrix": matrix.tolist()},
    }
    if head == "stance":
        report["f_avg"] = round(float(f_avg_from(cm, codes)[0]), 4)
        report["f_avg_ci95"] = _interval(f_avg_from(boot, codes))
    return report


def report_all(oof: dict) -> dict:
    """Per head: the model head (with its out-of-fold calibration error), the majority baseline, and
    for bloc what is served (gazetteer first)."""
    out = {}
    for h, v in oof.items():
        out[h] = {k: head_report(h, v["true"], v[k]) for k in ("model", "baseline", "served") if k in v}
        if "proba" in v:
            out[h]["model"]["ece"] = round(expected_calibration_error(v["true"], v["proba"], HEADS[h]), 4)
    return out


def learning_curve(table: TrainingTable, folds, fractions=LEARNING_FRACTIONS, seed: int = 0,
                   progress: Progress | None = None) -> dict:
    """Out-of-fold macro-F1 when each training fold is cut to a fraction (fixed default parameters)."""
    rng = np.random.default_rng(seed)
    curve = {h: [] for h in table.heads}
    loop = (progress or Progress()).loop("learning curve", len(fractions) * len(folds))
    for frac in fractions:
        cut = [(np.sort(rng.permutation(tr)[: max(2, int(round(frac * len(tr))))]), te) for tr, te in folds]
        cut = [(tr, te) for tr, te in cut
               if all(len({y for y in np.asarray(table.labels[h], dtype=object)[tr] if y is not None}) > 1
                      for h in table.heads)]
        loop.total -= len(folds) - len(cut)
        if not cut:
            continue
        oof = out_of_fold(table, cut, tune=False, tick=loop.tick)
        tested = np.concatenate([te for _, te in cut])
        for h, v in oof.items():
            curve[h].append({"fraction": frac, "train_rows": int(np.mean([len(tr) for tr, _ in cut])),
                             "macro_f1": round(macro_f1(v["true"][tested], v["model"][tested]), 4)})
    return curve


def format_table(evaluation: dict, title: str) -> str:
    lines = [title, f"{'head':<10} {'metric':<9} {'model':>7} {'95% CI':>17}   {'baseline':>8}"]
    for h, r in evaluation.items():
        for metric in ("macro_f1", "accuracy", "f_avg"):
            if metric not in r["model"]:
                continue
            lo, hi = r["model"][f"{metric}_ci95"]
            lines.append(f"{h:<10} {metric:<9} {r['model'][metric]:>7.3f} {f'[{lo:.3f}, {hi:.3f}]':>17}   "
                         f"{r['baseline'][metric]:>8.3f}")
        per = ", ".join(f"{c} P={v['precision']:.2f} R={v['recall']:.2f} (n={v['support']})"
                        for c, v in r["model"]["per_class"].items())
        lines.append(f"{'':<10} {per}")
        if "ece" in r["model"]:
            lines.append(f"{'':<10} expected calibration error (out of fold, 10 bins): {r['model']['ece']:.3f}")
        if "served" in r:
            lo, hi = r["served"]["macro_f1_ci95"]
            lines.append(f"{h:<10} {'served':<9} {r['served']['macro_f1']:>7.3f} {f'[{lo:.3f}, {hi:.3f}]':>17}   "
                         f"(macro-F1 of the served label: gazetteer for known speakers, else the model)")
    return "\n".join(lines)


def format_curve(curve: dict) -> str:
    lines = ["learning curve (out-of-fold macro-F1, default parameters):"]
    for h, points in curve.items():
        lines.append(f"  {h:<10} " + "  ".join(f"{p['train_rows']:>4} rows: {p['macro_f1']:.3f}" for p in points))
    return "\n".join(lines)


def evaluate_table(table: TrainingTable, progress: Progress | None = None) -> dict:
    folds = outer_folds(table)
    grouped = table.groups is not None and len(set(table.groups)) >= 2
    progress = progress or Progress()
    loop = progress.loop(f"cross-validation of {', '.join(table.heads)}, tuned inside each fold", len(folds))
    return {
        "scheme": ("leave-one-group-out" if grouped else "5-fold, ungrouped (no group column)")
                  + ", hyper-parameters chosen by grouped CV inside each training fold",
        "folds": len(folds),
        "heads": report_all(out_of_fold(table, folds, tick=loop.tick)),
        "learning_curve": learning_curve(table, folds, progress=progress),
    }
