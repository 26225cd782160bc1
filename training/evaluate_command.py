"""``msimamo evaluate``: what each part of Msimamo scores, where it cannot have seen the answer.

* ``model`` — the heads, leave-one-article-out with nested tuning, beside the majority baseline;
  with the authored supplement, the (a)/(b)/(c) comparison on seed statements.
* ``quotes`` — the statement extractor against the gold seed statements and the authored sentences.
* ``afrisenti`` — the training pipeline on AfriSenti's Swahili tweets (an outside check).
* ``real`` — the extractor on real news pages no one here wrote (``../shared/real_news_dev``).

Kept apart from ``training.evaluate`` (the machinery), which ``training.supplement`` builds on.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from threadpoolctl import threadpool_limits

from training import afrisenti, evalquotes, evalreal
from training.corpus import TrainingTable, load_training_table
from training.evaluate import evaluate_table, fit_on, format_curve, format_table, learning_curve, outer_folds
from training.invariance import format_result as format_invariance
from training.invariance import measure as measure_invariance
from training.fit import development_scores
from training.progress import Progress, for_terminal
from training.relevance import evaluate_relevance, format_relevance, learnable
from training.supplement import (DEFAULT_DATA, compare, format_comparison, offtopic_for, per_setting_tables,
                                 supplement_for, with_relevance_rows)

DESCRIPTION = ("Scores of the model (model), of the statement extractor on the seeds (quotes) and on real "
               "news pages (real), or of the pipeline on AfriSenti (afrisenti).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from msimamo.cli import Parser

    targets = parser.add_subparsers(dest="target", metavar="TARGET", required=True, parser_class=Parser)
    model = targets.add_parser("model", help="the heads, leave-one-article-out, against the majority baseline",
                               description="The heads' macro-F1 and accuracy with 95 % intervals, each statement "
                                           "scored by a model that never saw its article, beside the majority "
                                           "baseline; with the authored supplement, settings (a)/(b)/(c).")
    model.add_argument("--data", default=str(DEFAULT_DATA), help="labelled CSV (default: %(default)s)")
    model.add_argument("--group-column", default=None, help="CV group column (default: group, else article)")
    model.add_argument("--authored", default=None,
                       help="supplement to compare as (a)/(b)/(c) on --data (default: seeds/authored.csv "
                            "when --data is the seed corpus)")
    model.add_argument("--no-authored", action="store_true", help="evaluate --data alone")
    model.add_argument("--offtopic", default=None,
                       help="off-topic statements for the relevant head (default: seeds/offtopic.csv when --data "
                            "is the seed corpus)")
    model.add_argument("--no-offtopic", action="store_true", help="no off-topic statements")
    quotes = targets.add_parser("quotes", help="the statement extractor against gold spans and speakers",
                                description=evalquotes.__doc__.splitlines()[0])
    evalquotes.add_arguments(quotes)
    outside = targets.add_parser("afrisenti", help="the pipeline on AfriSenti Swahili tweets (needs ../shared)",
                                 description=afrisenti.__doc__.splitlines()[0])
    afrisenti.add_arguments(outside)
    real = targets.add_parser("real", help="the statement extractor on the real development pages (needs ../shared)",
                              description=evalreal.__doc__.splitlines()[0])
    evalreal.add_arguments(real)


def run(args: argparse.Namespace) -> int:
    if args.target == "quotes":
        return evalquotes.run(args)
    if args.target == "afrisenti":
        return afrisenti.run(args)
    if args.target == "real":
        return evalreal.run(args)
    authored_path = None if args.no_authored else supplement_for(args.data, args.authored)
    offtopic_path = None if args.no_offtopic else offtopic_for(args.data, args.offtopic)
    steps = Progress(for_terminal())  # stage lines on a terminal's stderr; the scores alone on stdout
    steps.stage("reading " + ", ".join(str(p) for p in (args.data, authored_path, offtopic_path) if p))
    table = load_training_table(args.data, args.group_column)
    parts = [load_training_table(p, supplement=True) for p in (authored_path, offtopic_path) if p]
    supplement = TrainingTable.concat(*parts) if authored_path else None
    paths, served = [Path(args.data)], table
    with threadpool_limits(limits=1):
        if supplement is None:
            ev = evaluate_table(table.without("relevant"), steps)
            print(format_table(ev["heads"], f"{Path(args.data).name}: {len(table.texts)} statements, {ev['scheme']}"))
        else:
            comparison = compare(table.without("relevant"), supplement.without("relevant"), steps)
            print(per_setting_tables(comparison) + "\n\n" + format_comparison(comparison))
            if comparison["use_supplement"]:
                paths, served = paths + [authored_path], TrainingTable.concat(table, supplement)
        print(format_curve(learning_curve(table.without("relevant"), outer_folds(table), progress=steps)))
        if served is table and parts:
            served = with_relevance_rows(table, *parts)
        served = learnable(served)
        if "relevant" in served.labels:
            print(format_relevance(evaluate_relevance(served, steps)))
        print("the default model (parameters chosen by grouped CV) on all rows:")
        steps.stage(f"fitting the default model on {len(served.texts)} statements (parameters chosen by grouped CV)")
        pipeline = fit_on(served, tune=True)
        steps.stage("speaker invariance")
        invariance = measure_invariance(pipeline, paths)
        if invariance:
            print(format_invariance(invariance))
        steps.stage("development pages")
        development_scores(pipeline, served)
        steps.stage("done")
    return 0
