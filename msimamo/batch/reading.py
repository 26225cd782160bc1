"""Reading the CSV to score, on the driver, as numbered records.

One streaming reader decides what a row is, so line numbers, row count and order are exact whatever
engine scores. A malformed line becomes an error record here instead of stopping the run or
vanishing, and nothing is guessed: a file that is not UTF-8 is refused with its line and byte.
"""

from __future__ import annotations

import csv
import io
from typing import Iterator, NamedTuple

from msimamo.errors import InputError

#: A record (one CSV row, possibly spanning lines) may be this long; an unterminated quote is
#: caught here instead of swallowing the rest of the file into memory.
MAX_RECORD_CHARS = 64 * 1024 * 1024
SNIFF_CHARS = 16 * 1024
READ_BLOCK = 1 << 20


class RecordTooLong(InputError):
    """A record ran past MAX_RECORD_CHARS; caught by the reader and turned into an error record."""


class Record(NamedTuple):
    """One input row: its first physical line, its fields, and why the line is malformed CSV (or "")."""

    line: int
    fields: list[str]
    malformed: str


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
            raise InputError(f"{name}: not UTF-8 at line {bad_line}, byte offset {offset + exc.start} "
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
