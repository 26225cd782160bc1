"""Labelling records into output rows: a pure function (rows in, rows out, no I/O).

Being pure is what lets the same ``score_chunk`` run in the driver, in a process pool or on a Dask
worker and give the same bytes. Every record yields at least one row, labelled or saying in its
``error`` cell why not. Statements are labelled by ``Msimamo.classify`` and articles by
``msimamo.article.analyse``, the very calls the HTTP API makes, so batch and service cannot drift.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from msimamo.article import analyse
from msimamo.batch.reading import Record

if TYPE_CHECKING:
    from msimamo.model.labeller import Msimamo

ARTICLE_COLUMNS = ("quote", "speaker", "kind", "start", "end")

#: An output row and the input line it came from (kept for the order check, not written).
OutRow = tuple[int, list[str]]


def head_columns(heads: Iterable[str]) -> list[str]:
    columns = []
    for head in heads:
        columns += [head, f"{head}_score"] + (["bloc_source"] if head == "bloc" else [])
    return columns


def output_columns(header: list[str], heads: list[str], mode: str) -> list[str]:
    """Input columns, then the added ones; an added name the input already has gets ``_pred``."""
    added = (list(ARTICLE_COLUMNS) if mode == "article" else []) + head_columns(heads) + ["error"]
    taken, out = set(header), []
    for name in added:
        while name in taken:
            name += "_pred"
        taken.add(name)
        out.append(name)
    return header + out


def text_problem(text: str) -> str:
    if not text.strip():
        return "empty text"
    if not any(ch.isalpha() for ch in text):
        return "no letters in text"
    return ""


def label_cells(heads: list[str], result) -> list[str]:
    """Label and the probability of that label per head (four decimals: identical in every process).

    ``result`` is a StatementResult or an ArticleStatement: both carry one ``Head`` per head.
    """
    cells = []
    for head in heads:
        r = getattr(result, head)
        cells += [r.label, f"{r.scores[r.label]:.4f}"]
        if head == "bloc":
            cells.append(r.source or "")
    return cells


def statement_rows(model: Msimamo, records: list[Record], text_index: int) -> Iterator[OutRow]:
    """One row per record; the model finds each statement's speaker itself."""
    blank = [""] * len(head_columns(model.heads))
    for r in records:
        problem = r.malformed or text_problem(r.fields[text_index])
        cells = blank if problem else label_cells(model.heads, model.classify(r.fields[text_index]))
        yield r.line, r.fields + cells + [problem]


def article_rows(model: Msimamo, records: list[Record], text_index: int) -> Iterator[OutRow]:
    """One row per statement ``analyse`` finds; an article yielding none still gives one row saying why."""
    blank = [""] * (len(ARTICLE_COLUMNS) + len(head_columns(model.heads)))
    for r in records:
        text = r.fields[text_index]
        problem = r.malformed or text_problem(text)
        statements = []
        if not problem:
            try:
                statements = analyse(model, text).statements
            except Exception as exc:  # one pathological article must not end a million-row run
                problem = f"article analysis failed ({type(exc).__name__}: {exc})"
            else:
                problem = "" if statements else "no statements found in the article"
        if problem:
            yield r.line, r.fields + blank + [problem]
        for s in statements:
            cells = [s.quote, s.speaker or "", s.kind, str(s.start), str(s.end)]
            yield r.line, r.fields + cells + label_cells(model.heads, s) + [""]


def score_chunk(model: Msimamo, records: list[Record], text_index: int, mode: str) -> list[OutRow]:
    """Rows in, rows out, no I/O: label every usable text, keep every row.

    Texts go through ``classify`` one by one: measured against ``classify_many`` on chunks of
    1,000–5,000 rows it was as fast or faster per row (docs/scoring.md; `make bench-score`
    re-measures). In article mode ``analyse`` labels each statement with the speaker the extractor
    resolved, so attribution is not done twice; in statement mode the model attributes.
    """
    rows = article_rows if mode == "article" else statement_rows
    return list(rows(model, records, text_index))
