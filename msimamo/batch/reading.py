"""Reading the CSV to score, on the driver, as numbered records.

One streaming reader decides what a row is, so line numbers, row count and order are exact whatever
engine scores. A malformed line becomes an error record here instead of stopping the run or
vanishing, and nothing is guessed: a file that is not UTF-8 is refused with its line and byte.
Memory is bounded by the record cap, not by the file: a line of any length is read a block at a
time and, past the cap, only its start is kept (one 50 MB field: 321 MB peak RSS, as for a
one-row file; it was 16.7 GB when the field was read whole and labelled).
"""

from __future__ import annotations

import csv
import io
import os
import stat
from typing import Iterator, NamedTuple

from msimamo.errors import InputError

#: A record (one CSV row, possibly spanning lines) may hold this many characters: a text may have
#: only MAX_CHARS (20,000 by default), so a record fifty times that is already an error. Longer
#: records become error rows; a longer physical line is never held in memory, only its start
#: (``PREVIEW_CHARS``), so one 50 MB field costs a read block, not 50 MB and its copies.
MAX_RECORD_CHARS = 1 << 20
PREVIEW_CHARS = 1000
SNIFF_CHARS = 16 * 1024
READ_BLOCK = 1 << 20
#: Candidate delimiters, in the order that breaks ties.
DELIMITERS = ",;\t|"
BOM = b"\xef\xbb\xbf"


class RecordTooLong(InputError):
    """A record ran past MAX_RECORD_CHARS; caught by the reader and turned into an error record."""


class Record(NamedTuple):
    """One input row: its first physical line, its fields, and why the line is malformed CSV (or "")."""

    line: int
    fields: list[str]
    malformed: str


class LongLine(str):
    """The first ``PREVIEW_CHARS`` characters of a physical line too long to keep; ``length`` is the
    whole line's length in characters, without its line end."""

    length: int

    def __new__(cls, start: str, length: int) -> "LongLine":
        line = super().__new__(cls, start[:PREVIEW_CHARS])
        line.length = length
        return line


def _line_ends(data: bytes) -> int:
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _line_cut(data: bytes) -> int:
    """Where the last complete line of ``data`` ends: after its last LF, or after a lone CR (not a
    CR at the very end, which may be half of a CRLF split between blocks); 0 if none does."""
    return max(data.rfind(b"\n"), data.rfind(b"\r", 0, len(data) - 1)) + 1


def _whole_chars(data: bytes) -> int:
    """The length of the longest prefix of ``data`` that ends neither inside a UTF-8 sequence nor
    on a CR (whose LF may be in the next block)."""
    end = len(data)
    for back in range(1, min(4, end) + 1):
        byte = data[end - back]
        if byte & 0xC0 != 0x80:  # not a continuation byte: the last character starts here
            size = 1 if byte < 0x80 else 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            if back < size:
                end -= back
            break
    return end - 1 if end and data[end - 1] == 0x0D else end


def _decode(data: bytes, name: str, line: int, offset: int) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = line + _line_ends(data[:exc.start])
        raise InputError(f"{name}: not UTF-8 at line {bad_line}, byte offset {offset + exc.start} "
                         f"(0x{data[exc.start]:02x}); re-save the file as UTF-8") from None


class _HeldLine:
    """The beginning of a line whose end is still to come: kept whole up to ``limit`` characters,
    then only its first ``PREVIEW_CHARS``."""

    def __init__(self, limit: int):
        self.limit = limit
        self.parts: list[str] = []
        self.length = 0
        self.tail = ""

    def add(self, text: str) -> None:
        self.length += len(text)
        self.tail = text[-2:] or self.tail
        if self.length <= self.limit:
            self.parts.append(text)
        elif sum(map(len, self.parts)) < PREVIEW_CHARS:
            self.parts = [("".join(self.parts) + text)[:PREVIEW_CHARS]]

    def line(self) -> str:
        text = "".join(self.parts)
        if self.length <= self.limit:
            return text
        return LongLine(text, self.length - len(self.tail) + len(self.tail.rstrip("\r\n")))


class ReadPosition:
    """Where in the file a line is, told by ``decoded_lines`` once per block read: the block's byte
    range and the lines it ends. A line's offset is interpolated inside its block, which costs
    nothing per line and is exact at every block's edges (a progress bar's position, not an index)."""

    def __init__(self) -> None:
        self.first_line, self.lines, self.start, self.end = 1, 0, 0, 0

    def block(self, first_line: int, lines: int, start: int, end: int) -> None:
        self.first_line, self.lines, self.start, self.end = first_line, lines, start, end

    def before(self, line: int) -> int:
        """About how many bytes of the file come before physical line ``line``."""
        if line <= self.first_line:
            return self.start
        if line - self.first_line >= self.lines:
            return self.end
        return self.start + (self.end - self.start) * (line - self.first_line) // self.lines


def decoded_lines(fh, name: str, max_line: int | None = None, where: ReadPosition | None = None) -> Iterator[str]:
    """Physical lines (endings kept) of a UTF-8 file, BOM dropped, decoded a block at a time.

    Blocks are cut after their last line end, so no character is split; a byte that is not UTF-8
    stops the run with its line and file offset, because guessing an encoding corrupts text silently.
    A line longer than ``max_line`` characters (default MAX_RECORD_CHARS) is read through and
    checked but not kept: it comes out as a ``LongLine`` holding its start, so memory stays within a
    block plus ``max_line`` characters whatever the line's length. ``where`` is told each block's
    bytes and lines before they are yielded.
    """
    max_line = max_line or MAX_RECORD_CHARS
    pending, offset, line = fh.read(len(BOM)), 0, 1
    if pending == BOM:
        pending, offset = b"", len(BOM)
    held = _HeldLine(max_line)
    while True:
        block = fh.read(READ_BLOCK)
        data = pending + block
        cut = _line_cut(data) if block else len(data)
        if cut == 0 and block:  # no line end in this block: the line goes on
            whole = _whole_chars(data)
            if where is not None:
                where.block(line, 0, offset, offset + whole)
            held.add(_decode(data[:whole], name, line, offset))
            pending, offset = data[whole:], offset + whole
            continue
        head, pending = data[:cut], data[cut:]
        pieces = iter(io.StringIO(_decode(head, name, line, offset), newline=""))
        ends = _line_ends(head)
        if where is not None:
            where.block(line, ends, offset, offset + cut)
        if held.length:  # the held line ends in this block, or at the end of the file
            held.add(next(pieces, ""))
            yield held.line()
            held = _HeldLine(max_line)
        for piece in pieces:
            yield piece if len(piece) <= max_line else LongLine(piece, len(piece.rstrip("\r\n")))
        line += ends
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
        self._chars += line.length if isinstance(line, LongLine) else len(line)
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
    """The candidate under which most rows of ``sample`` have as many fields as its header.

    Each candidate is tried by parsing the sample, so one malformed row (a stray quote, a run of
    another delimiter) costs that candidate one row instead of deciding the answer, as it could with
    csv.Sniffer. A candidate must split the header; a tie goes to the one splitting it into more
    fields, then to the order of DELIMITERS; when none splits the header the file has one column,
    and the answer is a comma.
    """
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        rows = _sample_rows(sample, delimiter)
        width = len(rows[0]) if rows else 0
        score = (sum(len(row) == width for row in rows[1:]), width)
        if width > 1 and score > best_score:
            best, best_score = delimiter, score
    return best


def _sample_rows(sample: str, delimiter: str) -> list[list[str]]:
    """The non-blank rows of ``sample`` as a lenient reader sees them, up to any it cannot parse."""
    rows = []
    try:
        for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar='"'):
            if row:
                rows.append(row)
    except csv.Error:
        pass
    return rows


def file_size(fh) -> int | None:
    """The size of the regular file ``fh`` reads, else None (a pipe, a socket, an in-memory buffer):
    only a regular file's size says how much there is left to read."""
    try:
        info = os.fstat(fh.fileno())
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


class CsvInput:
    """A CSV file as a header plus numbered records, malformed lines included as error records.

    ``size`` (bytes, None when the file is not a regular file) and ``bytes_read`` (about how many
    bytes the records read so far took) give a progress bar its total and position without a
    second pass over the file to count its rows."""

    def __init__(self, fh, name: str, delimiter: str | None = None, max_record: int | None = None):
        """``max_record``: the most characters one record may hold (default MAX_RECORD_CHARS)."""
        self.max_record = max_record or MAX_RECORD_CHARS
        csv.field_size_limit(max(csv.field_size_limit(), self.max_record))  # process-wide: only ever raise it
        self.name = name
        self.size = file_size(fh)
        self._where = ReadPosition()
        self.source = LineSource(decoded_lines(fh, name, self.max_record, self._where), self.max_record)
        self.delimiter = delimiter or sniff_delimiter(self.source.peek(SNIFF_CHARS))
        self.reader = csv.reader(self.source, delimiter=self.delimiter, quotechar='"', doublequote=True,
                                 strict=True)
        self.header = self._read_header()

    @property
    def bytes_read(self) -> int:
        return self._where.before(self.source.next_line)

    def _read_header(self) -> list[str]:
        try:
            header = next((row for row in self.reader if row), None)
        except (csv.Error, RecordTooLong) as exc:
            raise InputError(f"{self.name}: line 1: malformed header ({exc})") from None
        if header is None:
            raise InputError(f"{self.name}: empty file, expected a header row")
        return header

    def column(self, name: str) -> int:
        names = [h.strip() for h in self.header]
        if name not in names:
            raise InputError(f"{self.name}: no column {name!r} (columns: {', '.join(names)}); "
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
        if isinstance(taken[0], LongLine):
            kept = taken[0].rstrip("\r\n") + "…"
            return _error_record(line, kept, width, text_index,
                                 f"line of {taken[0].length:,} characters, longer than a record may be "
                                 f"({self.max_record:,}): not read; its first {len(kept) - 1:,} characters "
                                 "are in the text column")
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
    fields[text_index] = str(raw).rstrip("\r\n").replace("\x00", "\ufffd")
    return Record(line, fields, f"line {line}: {reason}")
