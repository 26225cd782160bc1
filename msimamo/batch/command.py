"""``msimamo score IN OUT``: the command line of batch scoring (see docs/scoring.md).

Only options and outcomes live here: the flags, the summary line, and what the user sees when the
run is interrupted (exit 130) or refused. Refusals are MsimamoError subclasses, which ``msimamo``
prints in one line with their exit status; OUT is never written in any of these cases.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time

from msimamo.batch.writing import CHUNK_ROWS, score_file

DESCRIPTION = "Label every statement of a CSV file (stance, bloc, sentiment); see docs/scoring.md."


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def _delimiter(value: str) -> str:
    value = {"\\t": "\t", "tab": "\t"}.get(value, value)
    if len(value) != 1:
        raise argparse.ArgumentTypeError(f"a delimiter is one character, got {value!r}")
    return value


def add_arguments(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("input", help="CSV to score (UTF-8, with or without BOM)")
    ap.add_argument("output", help="CSV to write; replaced only when the run succeeds, and never if it is the "
                                   "input, the model, or (through any symbolic link) not a regular file")
    ap.add_argument("--text-column", default="text", help="column holding the text (default: text)")
    ap.add_argument("--mode", choices=("statement", "article"), default="statement",
                    help="statement: one row per input row; article: one row per statement found")
    ap.add_argument("--keep-text", action="store_true",
                    help="article mode: repeat the input text column in every statement row (default: each row "
                         "carries its statement's sentence in `text` and the input's other columns)")
    ap.add_argument("--jobs", type=_positive, default=None,
                    help="worker processes (default: 1 for local, 2 for a Dask LocalCluster)")
    ap.add_argument("--engine", choices=("local", "dask"), default="local")
    ap.add_argument("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://host:8786")
    ap.add_argument("--model", default=None, help="model path (default: MODEL_PATH)")
    ap.add_argument("--delimiter", type=_delimiter, default=None, help="field delimiter (default: sniffed)")
    ap.add_argument("--strict", action="store_true", help="stop at the first malformed CSV line")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    ap.add_argument("--chunk-size", type=_positive, default=CHUNK_ROWS, help=argparse.SUPPRESS)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, _interrupt)  # SIGTERM cleans up like Ctrl-C: no OUT, no temporary file
    started = time.perf_counter()
    try:
        summary = score_file(args.input, args.output, model_path=args.model, text_column=args.text_column,
                             mode=args.mode, engine=args.engine, jobs=args.jobs, scheduler=args.scheduler,
                             delimiter=args.delimiter, strict=args.strict, quiet=args.quiet,
                             chunk_size=args.chunk_size, keep_text=args.keep_text)
    except KeyboardInterrupt:
        print(f"interrupted: {args.output} not written", file=sys.stderr)
        return 130
    print(f"{summary} → {args.output} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0
