"""Does the supplement (authored statements, and off-topic ones) help on real text? The seeds are the judge.

Every score here is on *seed* statements, leave-one-seed-article-out; authored statements only
ever train. Three training regimes per fold: (a) the other seed articles, (b) those plus the
supplement, (c) the supplement alone. Inside each, hyper-parameters are chosen by CV grouped by
seed article and by authored event, so one event never sits on both sides of an inner split.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from msimamo.labels import LABEL_HEADS
from training.corpus import TrainingTable
from training.evaluate import format_table, outer_folds, out_of_fold, report_all
from training.progress import Progress

DEFAULT_DATA = Path("seeds/statements.csv")
DEFAULT_AUTHORED = Path("seeds/authored.csv")
DEFAULT_OFFTOPIC = Path("seeds/offtopic.csv")

SETTINGS = {
    "a": "seeds only (other seed articles)",
    "b": "seeds + supplement (authored and off-topic statements)",
    "c": "supplement only",
}


def compare(seeds: TrainingTable, authored: TrainingTable, progress: Progress | None = None) -> dict:
    folds = outer_folds(seeds)
    loop = (progress or Progress()).loop("supplement comparison, settings (a), (b), (c)", 3 * len(folds))

    def setting(key: str, **how):
        loop.what = f"supplement comparison ({key}) {SETTINGS[key]}"
        return report_all(out_of_fold(seeds, folds, tick=loop.tick, **how))
    results = {
        "a": setting("a"),
        "b": setting("b", extra=authored),
        "c": setting("c", extra=authored, use_table=False),
    }
    # judged on what is served: bloc after the gazetteer, the other heads as the model gives them
    mean = {k: round(float(np.mean([r[h]["served" if "served" in r[h] else "model"]["macro_f1"] for h in r])), 4)
            for k, r in results.items()}
    use = mean["b"] > mean["a"]
    return {
        "settings": SETTINGS,
        "results": results,
        "mean_macro_f1": mean,
        "use_supplement": use,
        "decision": (f"(b) {mean['b']:.3f} {'>' if use else '<='} (a) {mean['a']:.3f} in mean served macro-F1 over "
                     f"the heads on seed statements: the default model is trained on "
                     f"{'seeds + supplement' if use else 'the seeds only'}"),
    }


def format_comparison(comparison: dict) -> str:
    rows = ["Scored on seed statements only, leave-one-seed-article-out (model / majority baseline):",
            f"{'head':<10} {'metric':<9} " + "  ".join(f"{'(' + k + ')':>23}" for k in SETTINGS)]
    results = comparison["results"]
    for h in results["a"]:
        for metric in ("macro_f1", "f_avg"):
            if metric not in results["a"][h]["model"]:
                continue
            cells = []
            for k in SETTINGS:
                m, b = results[k][h]["model"], results[k][h]["baseline"]
                lo, hi = m[f"{metric}_ci95"]
                cells.append(f"{m[metric]:.3f} [{lo:.2f},{hi:.2f}] /{b[metric]:.2f}")
            rows.append(f"{h:<10} {metric:<9} " + "  ".join(f"{c:>23}" for c in cells))
    if "served" in results["a"].get("bloc", {}):
        cells = [f"{results[k]['bloc']['served']['macro_f1']:.3f}" for k in SETTINGS]
        rows.append(f"{'bloc':<10} {'served':<9} " + "  ".join(f"{c:>23}" for c in cells)
                    + "   (gazetteer first, then model)")
    rows += [f"  ({k}) {v}" for k, v in SETTINGS.items()]
    rows.append("decision: " + comparison["decision"])
    return "\n".join(rows)


def per_setting_tables(comparison: dict) -> str:
    return "\n\n".join(format_table(comparison["results"][k], f"({k}) {v}") for k, v in SETTINGS.items())


def supplement_for(data: str | Path, authored: str | Path | None) -> Path | None:
    """The supplement to weigh: the one named, else the project's own when training on the seeds."""
    if authored:
        return Path(authored)
    if Path(data).resolve() == DEFAULT_DATA.resolve() and DEFAULT_AUTHORED.exists():
        return DEFAULT_AUTHORED
    return None


def offtopic_for(data: str | Path, offtopic: str | Path | None) -> Path | None:
    """Off-topic statements for the relevant head: the ones named, else the project's own when
    training on the seeds."""
    if offtopic:
        return Path(offtopic)
    if Path(data).resolve() == DEFAULT_DATA.resolve() and DEFAULT_OFFTOPIC.exists():
        return DEFAULT_OFFTOPIC
    return None


def with_relevance_rows(table: TrainingTable, *parts: TrainingTable) -> TrainingTable:
    """``table`` plus the rows of ``parts`` for the relevant head only: what the other heads train
    on when the seeds turned the supplement down, or when there is none but off-topic statements."""
    return TrainingTable.concat(table, *(p.without(*LABEL_HEADS) for p in parts))
