"""A scoring run end to end: read → score → check → write, with OUT appearing only on success.

The rows are written to a temporary file beside OUT and counted against the records read
(``RowCheck``), so a lost, duplicated or reordered row is proven absent rather than assumed, and
the file is renamed to OUT only once the last row is written and the check has passed. OUT is
checked before any work (``check_target``): a device, FIFO or directory (symbolic links followed), or the input
file or the model under another name, is refused rather than replaced.
"""

from __future__ import annotations

import csv
import sys
from collections import deque
from pathlib import Path
from typing import Callable, Iterable, Iterator

from msimamo.atomic import atomic_path, check_target
from msimamo.batch.engines import open_engine
from msimamo.batch.reading import MAX_RECORD_CHARS, CsvInput, Record
from msimamo.batch.rows import Layout, OutRow, output_columns
from msimamo.config import Settings
from msimamo.errors import ConfigError, InputError, RowCheckError
from msimamo.model.artefact import load_model
from msimamo.model.card import card_path

#: Rows per chunk: per-row cost does not fall with larger chunks (rows are labelled one by one),
#: so chunks are as small as keeps the per-chunk overhead of the pool or Dask negligible.
CHUNK_ROWS = 1000
#: ... and at most about this many characters, so rows of huge fields (each up to the record cap)
#: do not pile up a thousand to a chunk: 300 rows of 900,000 characters peaked at 594 MB RSS as one
#: chunk, 335 MB cut like this (321 MB scoring one short row).
CHUNK_CHARS = 1 << 23
MAX_REPORTED = 20


def chunked(records: Iterable[Record], size: int, max_chars: int = CHUNK_CHARS) -> Iterator[list[Record]]:
    """Records in chunks of ``size`` rows, cut early once a chunk holds ``max_chars`` characters."""
    chunk, chars = [], 0
    for record in records:
        chunk.append(record)
        chars += sum(map(len, record.fields))
        if len(chunk) >= size or chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


class RowCheck:
    """Counts rows in and out and watches their input lines, to prove (not assume) that no row was
    lost, duplicated or reordered on the way through the workers."""

    def __init__(self, mode: str):
        self.mode = mode
        self.rows_in = self.rows_out = self.records_out = self.errors = self.malformed = 0
        self.last_line = 0

    def read(self, records: Iterable[Record], report: Callable[[Record], None]) -> Iterator[Record]:
        for r in records:
            self.rows_in += 1
            if r.malformed:
                self.malformed += 1
                report(r)
            yield r

    def written(self, rows: list[OutRow]) -> None:
        for line, cells in rows:
            if line < self.last_line or (line == self.last_line and self.mode == "statement"):
                raise RowCheckError(f"row check failed: line {line} written after line {self.last_line}")
            self.records_out += line != self.last_line
            self.last_line = line
            self.rows_out += 1
            self.errors += bool(cells[-1])

    def verify(self) -> str:
        unit = "articles" if self.mode == "article" else "rows"
        if self.records_out != self.rows_in or (self.mode == "statement" and self.rows_out != self.rows_in):
            raise RowCheckError(f"row check failed: {self.rows_in} {unit} in, {self.records_out} written")
        out = "rows" if self.mode == "statement" else "statement rows"
        return (f"{self.rows_in} {unit} in, {self.rows_out} {out} out, order preserved; "
                f"{self.errors} with an error ({self.malformed} malformed CSV lines)")


class Progress:
    """The bar of a scoring run: bytes of input behind the rows written, against the file's size, so
    it has a total and an ETA at no extra pass (rows are only counted as they go by, shown beside);
    rows without a total when the input is not a regular file (a pipe).

    The reader runs ahead of the writer by the chunks in flight, so each chunk's reading position
    is noted as it leaves (``chunks``) and the bar moves to it when that chunk is written (``written``).
    """

    def __init__(self, bar, source: CsvInput, unit: str):
        self.bar, self.source, self.unit = bar, source, unit
        self.by_bytes = source.size is not None
        self.marks: deque[int] = deque()
        self.rows = 0

    def chunks(self, chunks: Iterable[list[Record]]) -> Iterator[list[Record]]:
        for chunk in chunks:
            if self.by_bytes:
                self.marks.append(self.source.bytes_read)
            yield chunk

    def written(self, rows: int) -> None:
        """``rows`` more input rows are written: the bar moves to where their chunk ended."""
        self.rows += rows
        if not self.by_bytes:
            self.bar.update(rows)
            return
        self.bar.set_postfix_str(f"{self.rows:,} {self.unit}", refresh=False)
        self.bar.update(self.marks.popleft() - self.bar.n)

    def write(self, line: str) -> None:
        """A line on stderr above the bar."""
        self.bar.write(line, file=sys.stderr)

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, kind, *exc) -> None:
        if kind is None and self.by_bytes:  # read to the end: the bar says so, blank lines after the last row too
            self.bar.update(self.source.size - self.bar.n)
        self.bar.close()


def progress(mode: str, quiet: bool, source: CsvInput) -> Progress:
    """Shown on a terminal only: piped or logged stderr gets the summary line, not a redrawn bar."""
    from tqdm import tqdm

    unit = "articles" if mode == "article" else "rows"
    disable = quiet or not sys.stderr.isatty()
    if source.size is None:
        bar = tqdm(unit=unit, file=sys.stderr, mininterval=0.5, disable=disable)
    else:
        bar = tqdm(total=source.size, unit="B", unit_scale=True, unit_divisor=1024, file=sys.stderr,
                   mininterval=0.5, disable=disable, desc="scoring")
    return Progress(bar, source, unit)


def reporter(src: str, dst: str, strict: bool, bar: Progress) -> Callable[[Record], None]:
    """Print malformed lines (the first MAX_REPORTED of them); when ``strict``, stop at the first."""
    shown = [0]

    def report(record: Record) -> None:
        if strict:
            raise InputError(f"{src}: {record.malformed}; --strict: stopping, {dst} not written")
        shown[0] += 1
        if shown[0] <= MAX_REPORTED:
            bar.write(f"{src}: {record.malformed}; kept as an error row")
        elif shown[0] == MAX_REPORTED + 1:
            bar.write("… further malformed lines not shown; the summary counts them")
    return report


def write_rows(path: Path, columns: list[str], delimiter: str, scored: Iterable[list[OutRow]],
               check: RowCheck, bar: Progress, on_rows: Callable[[int], None] | None = None) -> None:
    """The header, then every scored chunk as it arrives, each checked before it is written;
    ``on_rows`` hears how many input rows have been written so far."""
    done = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        # "\r\n" (RFC 4180) also makes the writer quote a lone "\r" inside a field
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(columns)
        for rows in scored:
            check.written(rows)
            writer.writerows(cells for _, cells in rows)
            n = len({line for line, _ in rows})
            bar.written(n)
            if on_rows is not None:
                done += n
                on_rows(done)


def score_file(src: str | Path, dst: str | Path, *, model_path: str | Path | None = None,
               text_column: str = "text", mode: str = "statement", engine: str = "local",
               jobs: int | None = None, scheduler: str | None = None, delimiter: str | None = None,
               strict: bool = False, quiet: bool = False, chunk_size: int = CHUNK_ROWS,
               keep_text: bool = False, on_rows: Callable[[int], None] | None = None,
               say: Callable[[str], None] | None = None) -> str:
    """Read ``src``, score it and write ``dst``, which appears only if everything, including the row
    check, succeeded. ``model_path`` defaults to the MODEL_PATH setting. Returns the check's summary line.
    ``on_rows(n)`` is called as rows are written (the web page's archive view shows it as progress);
    ``say(line)`` hears what the run tells its user besides errors (default: a line on stderr).
    ``dst`` must not be ``src``, the model or its card under any name, or (through any symbolic link) anything
    but a regular file (``UnsafeTarget``, before any work).
    """
    if scheduler and engine != "dask":
        raise ConfigError("--scheduler needs --engine dask")
    settings = Settings.from_env()
    model_path = model_path or settings.model_path
    inputs = [src, model_path, card_path(model_path)]
    check_target(dst, inputs)
    check = RowCheck(mode)
    with open(src, "rb") as fh:
        # a record holds at least two texts of MAX_CHARS, however high that is set
        source = CsvInput(fh, str(src), delimiter, max(MAX_RECORD_CHARS, 2 * settings.max_chars))
        layout = Layout(source.column(text_column), mode, keep_text, settings.max_chars)
        model = load_model(model_path)
        columns = output_columns(source.header, model.heads, layout)
        with open_engine(model, model_path, layout, engine, jobs, scheduler, say) as score, \
                progress(mode, quiet, source) as bar:
            records = check.read(source.records(layout.text_index), reporter(str(src), str(dst), strict, bar))
            try:
                with atomic_path(dst, inputs) as tmp:
                    write_rows(tmp, columns, source.delimiter, score(bar.chunks(chunked(records, chunk_size))),
                               check, bar, on_rows)
                    return check.verify()
            except RowCheckError as exc:
                raise RowCheckError(f"{exc}; {dst} not written") from exc
