"""Labelling records into output rows: a pure function (rows in, rows out, no I/O).

Being pure is what lets the same ``score_chunk`` run in the driver, in a process pool or on a Dask
worker and give the same bytes. Every record yields at least one row, labelled or saying in its
``error`` cell why not. Statements are labelled by ``Msimamo.classify`` and articles by
``msimamo.article.analyse``, the very calls the HTTP API makes, so batch and service cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator

from msimamo.article import analyse
from msimamo.batch.reading import Record
from msimamo.config import Settings
from msimamo.text import text_problem

if TYPE_CHECKING:
    from msimamo.model.labeller import Msimamo

#: Added in article mode before the labels: the statement, and its own sentence as ``text``.
ARTICLE_COLUMNS = ("quote", "speaker", "kind", "start", "end", "text", "headline")

#: An output row and the input line it came from (kept for the order check, not written).
OutRow = tuple[int, list[str]]


@dataclass(frozen=True)
class Layout:
    """How records become rows: where the text is, the mode, (article mode) whether each statement
    row repeats the input text column, and the longest text labelled (MAX_CHARS, as in the service).
    The text is not repeated by default: a statement row carries its own sentence, and a 15 KB
    article copied into every one of its rows is most of the file."""

    text_index: int
    mode: str = "statement"
    keep_text: bool = False
    max_chars: int = Settings.max_chars

    def too_long(self, text: str) -> str:
        """Why ``text`` is too long to label, or "". The service refuses such a text too, and
        labelling one 50 MB field took 16 GB of memory: a row says so instead."""
        if len(text) > self.max_chars:
            return f"text longer than MAX_CHARS ({self.max_chars}): {len(text):,} characters"
        return ""

    def inputs(self, fields: list[str]) -> list[str]:
        """The input cells an output row carries."""
        if self.mode == "article" and not self.keep_text:
            return fields[:self.text_index] + fields[self.text_index + 1:]
        return fields


def head_columns(heads: Iterable[str]) -> list[str]:
    """``language``, then per head its label and that label's probability (bloc adds its source;
    ``relevant`` is ``yes``/``no`` and the probability of ``yes``)."""
    columns = ["language"]
    for head in heads:
        columns += [head, f"{head}_score"] + (["bloc_source"] if head == "bloc" else [])
    return columns


def output_columns(header: list[str], heads: list[str], layout: Layout) -> list[str]:
    """Input columns, then the added ones; an added name the input already has gets ``_pred``."""
    inputs = layout.inputs(header)
    added = (list(ARTICLE_COLUMNS) if layout.mode == "article" else []) + head_columns(heads) + ["error"]
    taken, out = set(inputs), []
    for name in added:
        while name in taken:
            name += "_pred"
        taken.add(name)
        out.append(name)
    return inputs + out


def label_cells(heads: list[str], result) -> tuple[list[str], str]:
    """The language code, then label and probability per head (four decimals: identical in every
    process), and the row's problem: text that is not Swahili keeps its language and no labels.

    ``result`` is a StatementResult or an ArticleStatement: both carry the same fields.
    """
    language = result.language
    cells = [language.code if language else ""]
    if language is not None and not language.swahili:
        return cells + [""] * (len(head_columns(heads)) - 1), f"not Swahili (detected {language.code}): not labelled"
    for head in heads:
        r = getattr(result, head)
        if head == "relevant":
            cells += ["yes" if r.label else "no", f"{r.score:.4f}"]
            continue
        cells += [r.label, f"{r.scores[r.label]:.4f}"]
        if head == "bloc":
            cells.append(r.source or "")
    return cells, ""


def statement_rows(model: Msimamo, records: list[Record], layout: Layout) -> Iterator[OutRow]:
    """One row per record; the model finds each statement's speaker itself."""
    blank = [""] * len(head_columns(model.heads))
    for r in records:
        text = r.fields[layout.text_index]
        problem = r.malformed or layout.too_long(text) or text_problem(text)
        cells = blank
        if not problem:
            cells, problem = label_cells(model.heads, model.classify(text))
        yield r.line, r.fields + cells + [problem]


def article_rows(model: Msimamo, records: list[Record], layout: Layout) -> Iterator[OutRow]:
    """One row per statement ``analyse`` finds; an article yielding none still gives one row saying
    why, with the input text in its ``text`` cell, so nothing is lost."""
    blank = [""] * len(head_columns(model.heads))
    for r in records:
        text = r.fields[layout.text_index]
        problem = r.malformed or layout.too_long(text) or text_problem(text)
        statements = []
        if not problem:
            try:
                statements = analyse(model, text).statements
            except Exception as exc:  # one pathological article must not end a million-row run
                problem = f"article analysis failed ({type(exc).__name__}: {exc})"
            else:
                problem = "" if statements else "no statements found in the article"
        inputs = layout.inputs(r.fields)
        if problem:
            yield r.line, inputs + [text if c == "text" else "" for c in ARTICLE_COLUMNS] + blank + [problem]
        for s in statements:
            cells = [s.quote, s.speaker or "", s.kind, str(s.start), str(s.end), s.text, "yes" if s.headline else ""]
            labels, note = label_cells(model.heads, s)
            yield r.line, inputs + cells + labels + [note]


def score_chunk(model: Msimamo, records: list[Record], layout: Layout) -> list[OutRow]:
    """Rows in, rows out, no I/O: label every usable text, keep every row.

    Texts go through ``classify`` one by one: measured against ``classify_many`` on chunks of
    1,000–5,000 rows it was as fast or faster per row (docs/scoring.md; `make bench-score`
    re-measures). In article mode ``analyse`` labels each statement with the speaker the extractor
    resolved, so attribution is not done twice; in statement mode the model attributes.
    """
    rows = article_rows if layout.mode == "article" else statement_rows
    return list(rows(model, records, layout))
