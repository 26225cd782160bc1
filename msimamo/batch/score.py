"""Batch scoring of a CSV: ``python -m training.score IN OUT`` (also ``make score``, ``msimamo-score``).

One streaming reader on the driver turns the file into numbered records; a malformed line becomes
an error record right there, so line numbers, row count and order are exact whatever engine scores.
Records go in chunks to ``score_chunk``, a pure function (rows in, rows out); the results come back
in input order and are written to a temporary file that replaces OUT only once the whole run
succeeded and the row check passed. See docs/scoring.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import logging
import os
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

from training.atomic import atomic_path
from training.model import ModelError, Msimamo, card_path, load_model
from training.settings import Settings

#: A record (one CSV row, possibly spanning lines) may be this long; an unterminated quote is
#: caught here instead of swallowing the rest of the file into memory.
MAX_RECORD_CHARS = 64 * 1024 * 1024
SNIFF_CHARS = 16 * 1024
READ_BLOCK = 1 << 20
#: Rows per chunk: per-row cost does not fall with larger chunks (rows are labelled one by one),
#: so chunks are as small as keeps the per-chunk overhead of the pool or Dask negligible.
CHUNK_ROWS = 1000
ARTICLE_COLUMNS = ("quote", "speaker", "kind", "start", "end")
MAX_REPORTED = 20


class ScoreError(Exception):
    """The input cannot be scored as asked; the message says why, in one line (exit 2)."""


class RecordTooLong(Exception):
    pass


class RowCheckError(RuntimeError):
    """Rows were lost, duplicated or reordered: a bug, so OUT is not written (exit 1)."""


class Record(NamedTuple):
    """One input row: its first physical line, its fields, and why the line is malformed CSV (or "")."""

    line: int
    fields: list[str]
    malformed: str


#: An output row and the input line it came from (kept for the order check, not written).
OutRow = tuple[int, list[str]]


# ----------------------------------------------------------------------------- reading


def decoded_lines(fh, name: str) -> Iterator[str]:
    """Physical lines (endings kept) of a UTF-8 file, BOM dropped, decoded a block at a time.

    Blocks are cut after their last newline, so no character is split; a byte that is not UTF-8
    stops the run with its line and file offset, because guessing an encoding corrupts text silently.
    """
    pending, offset, line, first = b"", 0, 1, True
    while True:
        block = fh.read(READ_BLOCK)
        data = pending + block
        if first and data.startswith(b"\xef\xbb\xbf"):
            data, offset = data[3:], 3
        first = False
        if not data:
            return
        cut = data.rfind(b"\n") + 1 if block else len(data)
        if cut == 0:
            pending = data
            continue
        head, pending = data[:cut], data[cut:]
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad_line = line + head.count(b"\n", 0, exc.start)
            raise ScoreError(f"{name}: not UTF-8 at line {bad_line}, byte offset {offset + exc.start} "
                             f"(0x{head[exc.start]:02x}); re-save the file as UTF-8") from None
        yield from io.StringIO(text, newline="")
        line += head.count(b"\n")
        offset += cut
        if not block:
            return


class LineSource:
    """The line iterator csv.reader reads from, numbering lines and remembering the current record's.

    Keeping the record's lines lets a broken record be re-read from its second line (an unterminated
    quote costs one row, not the rest of the file); the character cap bounds what one record holds.
    """

    def __init__(self, lines: Iterator[str], max_chars: int):
        self._lines = lines
        self._back: list[str] = []
        self.max_chars = max_chars
        self.next_line = 1
        self.taken: list[str] = []
        self._chars = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self._back.pop() if self._back else next(self._lines)
        self.taken.append(line)
        self.next_line += 1
        self._chars += len(line)
        if self._chars > self.max_chars:
            raise RecordTooLong(f"record longer than {self.max_chars:,} characters")
        return line

    def start_record(self) -> int:
        self.taken, self._chars = [], 0
        return self.next_line

    def push_back(self, lines: list[str]) -> None:
        self._back.extend(reversed(lines))
        self.next_line -= len(lines)

    def peek(self, chars: int) -> str:
        """The next whole lines totalling at least ``chars`` characters, left in place for reading."""
        lines, total = [], 0
        for line in self._lines:
            lines.append(line)
            total += len(line)
            if total >= chars:
                break
        self._back.extend(reversed(lines))
        return "".join(lines)


def sniff_delimiter(sample: str) -> str:
    """csv.Sniffer's delimiter; comma when it cannot tell, or picks one the header does not contain."""
    header = sample.partition("\n")[0]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","
    return delimiter if delimiter in header else ","


class CsvInput:
    """A CSV file as a header plus numbered records, malformed lines included as error records."""

    def __init__(self, fh, name: str, delimiter: str | None = None):
        csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_CHARS))  # process-wide: only ever raise it
        self.name = name
        self.source = LineSource(decoded_lines(fh, name), MAX_RECORD_CHARS)
        self.delimiter = delimiter or sniff_delimiter(self.source.peek(SNIFF_CHARS))
        self.reader = csv.reader(self.source, delimiter=self.delimiter, quotechar='"', doublequote=True,
                                 strict=True)
        self.header = self._read_header()

    def _read_header(self) -> list[str]:
        try:
            header = next((row for row in self.reader if row), None)
        except (csv.Error, RecordTooLong) as exc:
            raise ScoreError(f"{self.name}: line 1: malformed header ({exc})") from None
        if header is None:
            raise ScoreError(f"{self.name}: empty file, expected a header row")
        return header

    def column(self, name: str) -> int:
        names = [h.strip() for h in self.header]
        if name not in names:
            raise ScoreError(f"{self.name}: no column {name!r} (columns: {', '.join(names)}); "
                             "name the text column with --text-column")
        return names.index(name)

    def records(self, text_index: int) -> Iterator[Record]:
        """Every row in file order; blank lines are not rows (as for csv.DictReader and pandas)."""
        width = len(self.header)
        while True:
            line = self.source.start_record()
            try:
                fields = next(self.reader)
            except StopIteration:
                return
            except (csv.Error, RecordTooLong) as exc:
                yield self._broken(line, width, text_index, str(exc))
                continue
            if fields:
                yield self._checked(line, fields, width, text_index)

    def _broken(self, line: int, width: int, text_index: int, reason: str) -> Record:
        """A record the parser rejected: keep its first line, re-read the rest as new records."""
        taken, last = self.source.taken, self.source.next_line - 1
        self.source.push_back(taken[1:])
        if len(taken) > 1:
            reason += f"; a quoted field opened on this line ran on to line {last}: unterminated quote?"
        return _error_record(line, taken[0], width, text_index, f"malformed CSV line ({reason})")

    def _checked(self, line: int, fields: list[str], width: int, text_index: int) -> Record:
        if len(fields) != width:
            reason = f"{len(fields)} fields, header has {width}"
        elif any("\x00" in part for part in self.source.taken):
            reason = "NUL byte"
        else:
            return Record(line, fields, "")
        return _error_record(line, "".join(self.source.taken), width, text_index,
                             f"malformed CSV line ({reason})")


def _error_record(line: int, raw: str, width: int, text_index: int, reason: str) -> Record:
    """The raw line goes in the text column, so the row can be found and fixed; NULs are made visible."""
    fields = [""] * width
    fields[text_index] = raw.rstrip("\r\n").replace("\x00", "\ufffd")
    return Record(line, fields, f"line {line}: {reason}")


# ----------------------------------------------------------------------------- scoring (pure)


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


class Unit(NamedTuple):
    """One output row before labelling: its cells so far, and the text to label ("" = none)."""

    line: int
    cells: list[str]
    text: str
    speaker: str | None
    error: str


def statement_units(records: list[Record], text_index: int) -> Iterator[Unit]:
    for r in records:
        problem = r.malformed or text_problem(r.fields[text_index])
        yield Unit(r.line, r.fields, "" if problem else r.fields[text_index], None, problem)


def article_units(records: list[Record], text_index: int) -> Iterator[Unit]:
    """One unit per extracted statement; an article yielding none still gives one row saying so."""
    from training.quotes import extract

    no_statement = [""] * len(ARTICLE_COLUMNS)
    for r in records:
        text = r.fields[text_index]
        problem = r.malformed or text_problem(text)
        statements = []
        if not problem:
            try:
                statements = extract(text)
            except Exception as exc:  # one pathological article must not end a million-row run
                problem = f"statement extraction failed ({type(exc).__name__}: {exc})"
            else:
                problem = "" if statements else "no statements found in the article"
        if problem:
            yield Unit(r.line, r.fields + no_statement, "", None, problem)
        for s in statements:
            cells = [s.quote, s.speaker or "", s.kind, str(s.start), str(s.end)]
            yield Unit(r.line, r.fields + cells, text[s.start:s.end], s.speaker or "", "")


def label_cells(heads: list[str], result: dict) -> list[str]:
    """Label and the probability of that label per head (four decimals: identical in every process)."""
    cells = []
    for head in heads:
        r = result[head]
        cells += [r.label, f"{r.scores[r.label]:.4f}"]
        if head == "bloc":
            cells.append(r.source or "")
    return cells


def score_chunk(model: Msimamo, records: list[Record], text_index: int, mode: str) -> list[OutRow]:
    """Rows in, rows out, no I/O: label every usable text, keep every row.

    Texts go through ``classify`` one by one: measured against ``classify_many`` on chunks of
    1,000–5,000 rows it was as fast or up to ~15 % faster per row (docs/scoring.md; `make
    bench-score` re-measures).
    In article mode the extractor's speaker is passed on ("" when it found none), so the model
    does not redo attribution; in statement mode it is None and the model attributes.
    """
    units = (article_units if mode == "article" else statement_units)(records, text_index)
    blank = [""] * len(head_columns(model.heads))
    return [(u.line, u.cells + (label_cells(model.heads, model.classify(u.text, speaker=u.speaker))
                                if u.text else blank) + [u.error])
            for u in units]


# ----------------------------------------------------------------------------- engines


@dataclass(frozen=True)
class ModelBundle:
    """The model file and its card as bytes: shipped once to each worker, so every process scores
    with the very model the driver verified, and workers need no access to the driver's files."""

    name: str
    model: bytes
    card: bytes
    sha256: str

    @classmethod
    def read(cls, model_path: str | Path, model: Msimamo) -> "ModelBundle":
        path = Path(model_path)
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        if sha != model.card.get("joblib_sha256"):
            raise ModelError(f"{path} changed while it was being loaded: run again")
        return cls(path.name, data, card_path(path).read_bytes(), sha)

    def load(self) -> Msimamo:
        """Through load_model, the one loading path: the same checks (sha256, scikit-learn version)."""
        with tempfile.TemporaryDirectory(prefix="msimamo-model-") as tmp:
            path = Path(tmp) / self.name
            path.write_bytes(self.model)
            card_path(path).write_bytes(self.card)
            return load_model(path)


_MODELS: dict[str, Msimamo] = {}
_MODELS_LOCK = threading.Lock()


def worker_model(bundle: ModelBundle) -> Msimamo:
    """The bundle's model, loaded once per worker process however many tasks or threads use it."""
    with _MODELS_LOCK:
        if bundle.sha256 not in _MODELS:
            _MODELS[bundle.sha256] = bundle.load()
        return _MODELS[bundle.sha256]


def _init_pool_worker(bundle: ModelBundle) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the driver's handler, inherited by fork
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    worker_model(bundle)


def _exit_with_parent(parent: int) -> None:
    """A pool worker waits on its task queue forever if the driver is killed (kill -9): end it then."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _pool_task(sha: str, records: list[Record], text_index: int, mode: str) -> list[OutRow]:
    return score_chunk(_MODELS[sha], records, text_index, mode)


def _dask_task(bundle: ModelBundle, records: list[Record], text_index: int, mode: str) -> list[OutRow]:
    return score_chunk(worker_model(bundle), records, text_index, mode)


def in_order(submit: Callable, chunks: Iterable[list[Record]], in_flight: int) -> Iterator[list[OutRow]]:
    """Results in submission order with at most ``in_flight`` chunks out, so reading waits for scoring."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


Scorer = Callable[[Iterable[list[Record]]], Iterator[list[OutRow]]]


@contextmanager
def local_pool(bundle: ModelBundle, jobs: int, text_index: int, mode: str) -> Iterator[Scorer]:
    pool = ProcessPoolExecutor(jobs, initializer=_init_pool_worker, initargs=(bundle,))
    try:
        yield lambda chunks: in_order(
            lambda chunk: pool.submit(_pool_task, bundle.sha256, chunk, text_index, mode), chunks, 2 * jobs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


#: Two debugging aids off. Dask keeps the last N messages of every connection (1,000 by default);
#: each carries a whole chunk, so the driver's memory grew with the file (242 MiB at 20k rows, 417 MiB
#: at 200k). Its worker profiler samples every 10 ms and cost ~8 % of worker CPU on this Python-heavy
#: work. Both reach LocalCluster workers; a real cluster sets them itself (docs/scoring.md).
DASK_CONFIG = {"distributed.admin.low-level-log-length": 0, "distributed.worker.profile.enabled": False}


@contextmanager
def dask_client(scheduler: str | None, workers: int):
    try:
        import dask
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ScoreError("--engine dask needs dask: pip install 'msimamo[dask]'") from None
    with dask.config.set(DASK_CONFIG):
        if scheduler:
            with Client(scheduler) as client:
                yield client
            return
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client


@contextmanager
def dask_engine(bundle: ModelBundle, scheduler: str | None, workers: int, text_index: int,
                mode: str) -> Iterator[Scorer]:
    """Scatter the bundle to every worker once; tasks then carry only a reference to it."""
    with dask_client(scheduler, workers) as client:
        shipped = client.scatter(bundle, broadcast=True)
        in_flight = 2 * max(1, sum(client.nthreads().values()))
        yield lambda chunks: in_order(
            lambda chunk: client.submit(_dask_task, shipped, chunk, text_index, mode, pure=False),
            chunks, in_flight)


@contextmanager
def engine(args, model: Msimamo, text_index: int) -> Iterator[Scorer]:
    if args.engine == "local" and args.jobs in (None, 1):
        yield lambda chunks: (score_chunk(model, c, text_index, args.mode) for c in chunks)
        return
    bundle = ModelBundle.read(args.model, model)
    if args.engine == "local":
        with local_pool(bundle, args.jobs, text_index, args.mode) as scorer:
            yield scorer
    else:
        with dask_engine(bundle, args.scheduler, args.jobs or 2, text_index, args.mode) as scorer:
            yield scorer


# ----------------------------------------------------------------------------- writing and checking


def chunked(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
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


def progress(args):
    from tqdm import tqdm

    return tqdm(unit="articles" if args.mode == "article" else "rows", file=sys.stderr, mininterval=0.5,
                disable=args.quiet or not sys.stderr.isatty())


def reporter(args, bar) -> Callable[[Record], None]:
    """Print malformed lines (the first MAX_REPORTED of them); with --strict, stop at the first."""
    shown = [0]

    def report(record: Record) -> None:
        if args.strict:
            raise ScoreError(f"{args.input}: {record.malformed}; --strict: stopping, {args.output} not written")
        shown[0] += 1
        if shown[0] <= MAX_REPORTED:
            bar.write(f"{args.input}: {record.malformed}; kept as an error row", file=sys.stderr)
        elif shown[0] == MAX_REPORTED + 1:
            bar.write("… further malformed lines not shown; the summary counts them", file=sys.stderr)
    return report


def score_file(args) -> str:
    """Read, score and write; OUT appears only if everything, including the row check, succeeded."""
    check = RowCheck(args.mode)
    with open(args.input, "rb") as fh:
        source = CsvInput(fh, args.input, args.delimiter)
        text_index = source.column(args.text_column)
        model = load_model(args.model)
        columns = output_columns(source.header, model.heads, args.mode)
        with engine(args, model, text_index) as score, atomic_path(args.output) as tmp, progress(args) as bar:
            with open(tmp, "w", encoding="utf-8", newline="") as out:
                # "\r\n" (RFC 4180) also makes the writer quote a lone "\r" inside a field
                writer = csv.writer(out, delimiter=source.delimiter, lineterminator="\r\n")
                writer.writerow(columns)
                records = check.read(source.records(text_index), reporter(args, bar))
                for rows in score(chunked(records, args.chunk_size)):
                    check.written(rows)
                    writer.writerows(cells for _, cells in rows)
                    bar.update(len({line for line, _ in rows}))
            return check.verify()


# ----------------------------------------------------------------------------- command line


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


def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="msimamo-score", description="Label every statement of a CSV file "
                                 "(stance, bloc, sentiment); see docs/scoring.md.")
    ap.add_argument("input", help="CSV to score (UTF-8, with or without BOM)")
    ap.add_argument("output", help="CSV to write; replaced only when the run succeeds")
    ap.add_argument("--text-column", default="text", help="column holding the text (default: text)")
    ap.add_argument("--mode", choices=("statement", "article"), default="statement",
                    help="statement: one row per input row; article: one row per statement found")
    ap.add_argument("--jobs", type=_positive, default=None,
                    help="worker processes (default: 1 for local, 2 for a Dask LocalCluster)")
    ap.add_argument("--engine", choices=("local", "dask"), default="local")
    ap.add_argument("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://host:8786")
    ap.add_argument("--model", default=None, help="model path (default: MODEL_PATH)")
    ap.add_argument("--delimiter", type=_delimiter, default=None, help="field delimiter (default: sniffed)")
    ap.add_argument("--strict", action="store_true", help="stop at the first malformed CSV line")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    ap.add_argument("--chunk-size", type=_positive, default=CHUNK_ROWS, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.scheduler and args.engine != "dask":
        ap.error("--scheduler needs --engine dask")
    args.model = args.model or str(Settings.from_env().model_path)
    return args


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    started = time.perf_counter()
    try:
        summary = score_file(args)
    except (ScoreError, ModelError) as exc:
        print(exc, file=sys.stderr)
        return 2
    except OSError as exc:
        print(exc, file=sys.stderr)
        return 2
    except RowCheckError as exc:
        print(f"{exc}; {args.output} not written", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"interrupted: {args.output} not written", file=sys.stderr)
        return 130
    print(f"{summary} → {args.output} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    # Run the importable module, not __main__: workers must find task functions by reference
    # (training.score._dask_task), not receive copies pickled by value.
    from training.score import main as _main

    sys.exit(_main())
