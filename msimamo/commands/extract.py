"""``msimamo extract ARTICLE.txt``: the statements of an article as JSON lines."""

from __future__ import annotations

import argparse
import json
import sys

from msimamo.extract import extract

DESCRIPTION = ("Print the statements of a Swahili news article, one JSON object a line: quote, speaker, "
               "kind (quote/reported/narration) and start/end offsets of the sentence in the file's text.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", help="a UTF-8 text file, or - for standard input")


def run(args: argparse.Namespace) -> int:
    if args.article == "-":
        text = sys.stdin.read()
    else:
        with open(args.article, encoding="utf-8") as fh:
            text = fh.read()
    for s in extract(text):
        row = {"quote": s.quote, "speaker": s.speaker.name if s.speaker else None, "kind": s.kind,
               "start": s.start, "end": s.end}
        print(json.dumps(row, ensure_ascii=False))
    return 0
