"""The ``msimamo`` command: one entry point, a subcommand per job, each with its own ``--help``.

A subcommand lives with the code it drives (``score`` in msimamo.batch, ``serve`` in api,
``train`` and ``evaluate`` in training) and is found here by module name, imported only when run:
``msimamo --help`` and ``msimamo extract`` never import the web server or the training code, and
the library has no import-time dependency on the packages built on it. A subcommand module gives
``DESCRIPTION``, ``add_arguments(parser)`` and ``run(args) -> int``.

Every failure a user can fix ends in one line on stderr and exit status 2 (``MsimamoError``,
an unreadable file, a bad option), never a traceback; an interrupt exits 130.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from msimamo import __version__
from msimamo.errors import MsimamoError

#: name → (module, one-line summary shown by ``msimamo --help``)
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("api.server", "run the HTTP service (the model is checked before it starts)"),
    "reload": ("api.reload", "make a running server load MODEL_PATH again (SIGHUP) and report the outcome"),
    "classify": ("msimamo.commands.classify", "label statements given as arguments or on stdin (JSON lines)"),
    "extract": ("msimamo.commands.extract", "statements of an article, with speakers and offsets (JSON lines)"),
    "score": ("msimamo.batch.command", "label every row of a CSV file (locally or on a Dask cluster)"),
    "report": ("msimamo.report.command", "one self-contained HTML report of a scored CSV file"),
    "train": ("training.fit", "evaluate, then train the model; write it with its card"),
    "evaluate": ("training.evaluate_command", "cross-validated scores of the model, the extractor, or on AfriSenti"),
    "agreement": ("training.agreement", "agreement (kappa) between two annotation files"),
}


class Parser(argparse.ArgumentParser):
    """argparse that fails in one line: ``prog: error: message (see prog --help)``."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> Parser:
    parser = Parser(prog="msimamo", description="Who says what about the Russia–North Korea partnership "
                    "in Swahili news: statements, speakers, stance, bloc, sentiment.")
    parser.add_argument("--version", action="version", version=f"msimamo {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser, required=True)
    for name, (_, summary) in COMMANDS.items():
        sub.add_parser(name, help=summary, add_help=False)
    return parser


def command_parser(name: str) -> tuple[Parser, object]:
    module = importlib.import_module(COMMANDS[name][0])
    parser = Parser(prog=f"msimamo {name}", description=module.DESCRIPTION)
    module.add_arguments(parser)
    return parser, module


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    top = build_parser()
    if not argv or argv[0] not in COMMANDS:
        top.parse_args(argv)  # prints help, version or the one-line error and exits
        return 2
    name = argv[0]
    parser, module = command_parser(name)
    args = parser.parse_args(argv[1:])
    try:
        return module.run(args)
    except MsimamoError as exc:
        print(f"msimamo {name}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # `msimamo extract … | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        print(f"msimamo {name}: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"msimamo {name}: interrupted", file=sys.stderr)
        return 130
