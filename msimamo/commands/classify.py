"""``msimamo classify``: label statements (or articles) from the command line, as JSON lines."""

from __future__ import annotations

import argparse
import sys

import msgspec

import msimamo

DESCRIPTION = ("Label each TEXT (or each line of standard input) and print one JSON object a line, with the "
               "same fields as POST /classify returns.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("texts", nargs="*", metavar="TEXT", help="statements; none: read one per line from stdin")
    parser.add_argument("--mode", choices=("statement", "article"), default="statement",
                        help="article: extract the statements of each text first")
    parser.add_argument("--explain", action="store_true", help="add the n-grams behind each decision")
    parser.add_argument("--model", help="model path (default: MODEL_PATH)")


def run(args: argparse.Namespace) -> int:
    model = msimamo.load(args.model)
    texts = args.texts or (line.rstrip("\n") for line in sys.stdin)
    label = model.analyse if args.mode == "article" else model.classify
    for text in texts:
        if text.strip():
            sys.stdout.write(msgspec.json.encode(label(text, explain=args.explain)).decode() + "\n")
    return 0
