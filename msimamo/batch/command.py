"""``msimamo score IN OUT``: the command line of batch scoring (see docs/scoring.md).

Only options and outcomes live here: the flags, the summary line, and what the user sees when the
run is interrupted (exit 130) or refused. Refusals are MsimamoError subclasses, which ``msimamo``
prints in one line with their exit status; OUT is never written in any of these cases.

Run by ``make score`` (which sets ``MSIMAMO_MAKE_VARS=1``), what the user reads names the make
variables they typed instead of the flags make passed for them (``TEXT_COLUMN=`` for
``--text-column``): the library words its messages for the command line, and ``in_make_words`` is
the one place they are translated, for argument errors, refusals and notes alike.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import time

from msimamo.batch.writing import CHUNK_ROWS, score_file
from msimamo.errors import MsimamoError

#: Set by the Makefile's ``score`` target; not a setting of Msimamo, only who is talking to the user.
MAKE_MARKER = "MSIMAMO_MAKE_VARS"
#: The flag ``make score`` passes for each of its variables.
MAKE_VARIABLES = {"--text-column": "TEXT_COLUMN", "--mode": "MODE", "--jobs": "JOBS", "--engine": "ENGINE",
                  "--scheduler": "SCHEDULER", "--model": "MODEL_PATH"}
MAKE_USAGE = "make score needs IN=input.csv OUT=scored.csv"
_FLAG = re.compile(r"(?<![\w-])(--[a-z][a-z-]*)(?![\w-])(?: (dask|local|statement|article)\b)?")

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


def in_make_words(message: str) -> str:
    """``message`` as ``make score``'s user should read it: each flag make passes becomes the
    variable that sets it (``--engine dask`` → ``ENGINE=dask``), and a missing IN or OUT is said
    as the make command that is needed; anything else is left as it is."""
    if "the following arguments are required" in message:
        return MAKE_USAGE
    message = re.sub(r"\bargument (--[a-z-]+):",
                     lambda m: f"{MAKE_VARIABLES[m[1]]}:" if m[1] in MAKE_VARIABLES else m[0], message)

    def variable(m: re.Match) -> str:
        name = MAKE_VARIABLES.get(m[1])
        return m[0] if name is None else f"{name}={m[2] or ''}"
    return _FLAG.sub(variable, message)


def _through_make() -> bool:
    return os.environ.get(MAKE_MARKER) == "1"


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
    if _through_make():  # argument errors are the parser's to print: translate them on their way
        error = ap.error
        ap.error = lambda message: error(in_make_words(message))


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, _interrupt)  # SIGTERM cleans up like Ctrl-C: no OUT, no temporary file
    started = time.perf_counter()
    words = in_make_words if _through_make() else str
    try:
        summary = score_file(args.input, args.output, model_path=args.model, text_column=args.text_column,
                             mode=args.mode, engine=args.engine, jobs=args.jobs, scheduler=args.scheduler,
                             delimiter=args.delimiter, strict=args.strict, quiet=args.quiet,
                             chunk_size=args.chunk_size, keep_text=args.keep_text,
                             say=lambda line: print(words(line), file=sys.stderr))
    except MsimamoError as exc:
        exc.args = (words(str(exc)),)  # same class and exit status, for ``msimamo`` to print
        raise
    except KeyboardInterrupt:
        print(f"interrupted: {args.output} not written", file=sys.stderr)
        return 130
    print(f"{summary} → {args.output} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0
