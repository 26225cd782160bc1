"""``msimamo report SCORED.csv -o report.html``: one self-contained HTML page for a scored archive,
for archives too big to upload to the service (#14).

The scored file is read once, streaming, in bounded memory (msimamo.report.summary); the page is
written beside its name and renamed into place (msimamo.atomic), never over the input or the model.
Refusals are MsimamoError subclasses, printed by ``msimamo`` in one line with exit status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

DESCRIPTION = ("Write one self-contained HTML report of a file scored by `msimamo score`: totals, stance by bloc, "
               "over time, top speakers, the most confident statements; see docs/scoring.md.")


def add_arguments(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("input", metavar="SCORED.csv", help="a CSV written by msimamo score (statement or article mode)")
    ap.add_argument("-o", "--output", required=True, metavar="REPORT.html",
                    help="HTML file to write; replaced only when the report is complete, never if it is the input")
    ap.add_argument("--date-column", action="append", dest="date_columns", metavar="C",
                    help="a column of dates to chart stance over time (repeatable; default: up to 3 columns "
                         "detected from the first 200 rows)")
    ap.add_argument("--text-column", default=None,
                    help="statement mode: the column shown for example statements (default: text)")
    ap.add_argument("--model", default=None,
                    help="the model whose card the report describes (default: MODEL_PATH)")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from msimamo.atomic import atomic_path, check_target
    from msimamo.config import Settings
    from msimamo.model.card import card_path
    from msimamo.report.html import model_facts, render_report
    from msimamo.report.summary import summarise

    started = time.perf_counter()
    model_path = args.model or Settings.from_env().model_path
    inputs = [args.input, model_path, card_path(model_path)]
    check_target(args.output, inputs)  # before reading a large file, not after
    size = os.path.getsize(args.input)
    with tqdm(total=size, unit="B", unit_scale=True, unit_divisor=1024, file=sys.stderr, mininterval=0.5,
              disable=args.quiet or not sys.stderr.isatty(), desc="reading") as bar:
        summary = summarise(args.input, date_columns=args.date_columns, text_column=args.text_column,
                            progress=lambda done: bar.update(done - bar.n))
    page = render_report(summary, source=os.path.basename(args.input), card=model_facts(model_path))
    with atomic_path(args.output, inputs) as tmp:
        tmp.write_text(page, encoding="utf-8")
    if not args.quiet:
        print(f"{summary.rows:,} rows ({summary.errors:,} with an error) → {args.output} "
              f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0
