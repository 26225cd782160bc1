"""Reading labelled statements: the gold corpus and users' training CSVs.

Every refusal names the offending line, because a user fixing a 5,000-row spreadsheet needs to know
where to look; all problems are collected before refusing, so one run lists them all.

The same text (spacing aside) labelled differently on several rows is reported with its lines
(``contradictions``). A few such rows are label noise a model survives, and training only warns
(training/fit.py); when they are more than ``MAX_CONTRADICTORY_SHARE`` of the rows the labels
cannot be learned from the text — 100,000 copies of one text with rotating labels trained a model
no better than the majority baseline — and the file is refused.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from msimamo.errors import DataError
from msimamo.labels import HEADS, KINDS

#: Rows whose text recurs with another label may be at most this share of a training file.
MAX_CONTRADICTORY_SHARE = 0.1
#: Lines listed per contradictory text.
SHOWN_LINES = 10

GOLD_COLUMNS = ("article", "start", "end", "text", "quote", "speaker", "kind", "stance", "bloc", "sentiment")
#: A quotation interrupted by its attribution is stored as its pieces joined by this.
QUOTE_JOINER = " … "


@dataclass(frozen=True, slots=True)
class GoldStatement:
    article: str
    start: int
    end: int
    text: str
    quote: str
    speaker: str
    kind: str
    stance: str
    bloc: str
    sentiment: str
    event: str = ""
    source: str = "seed"
    line: int = 0


@dataclass(frozen=True)
class TrainingTable:
    """Texts with one label list per head present in the file, and the CV group of each text."""

    texts: list[str]
    labels: dict[str, list[str]]
    groups: list[str] | None
    lines: list[int]

    @property
    def heads(self) -> tuple[str, ...]:
        return tuple(h for h in HEADS if h in self.labels)

    def subset(self, idx) -> "TrainingTable":
        idx = list(idx)
        return TrainingTable(
            texts=[self.texts[i] for i in idx],
            labels={h: [v[i] for i in idx] for h, v in self.labels.items()},
            groups=None if self.groups is None else [self.groups[i] for i in idx],
            lines=[self.lines[i] for i in idx],
        )

    def without(self, *heads: str) -> "TrainingTable":
        """The same rows with some heads' labels dropped."""
        return TrainingTable(self.texts, {h: v for h, v in self.labels.items() if h not in heads},
                             self.groups, self.lines)

    def labelled(self, head: str) -> list[int]:
        """Rows that carry a label for ``head`` (a concatenation leaves ``None`` where a part had none)."""
        return [i for i, y in enumerate(self.labels[head]) if y is not None]

    @classmethod
    def concat(cls, *tables: "TrainingTable") -> "TrainingTable":
        """Rows of every table; a head some table lacks is ``None`` on that table's rows."""
        heads = set.union(*(set(t.labels) for t in tables))
        return cls(
            texts=[x for t in tables for x in t.texts],
            labels={h: [x for t in tables for x in t.labels.get(h, [None] * len(t.texts))]
                    for h in HEADS if h in heads},
            groups=None if any(t.groups is None for t in tables) else [g for t in tables for g in t.groups],
            lines=[x for t in tables for x in t.lines],
        )


@dataclass(frozen=True)
class Contradiction:
    """One text found on several rows with different labels for ``head``."""

    head: str
    lines: list[int]
    labels: list[str]  # the distinct labels, in order of first appearance

    def describe(self) -> str:
        more = len(self.lines) - SHOWN_LINES
        lines = ", ".join(map(str, self.lines[:SHOWN_LINES])) + (f" and {more} more" if more > 0 else "")
        return f"lines {lines}: the same text with {self.head} {' / '.join(self.labels)}"


def contradictions(table: TrainingTable) -> list[Contradiction]:
    """Every text repeated with different labels for some head, in file order (spacing is ignored:
    a copy with a doubled space is still a copy)."""
    rows_of: dict[str, list[int]] = {}
    for i, text in enumerate(table.texts):
        rows_of.setdefault(" ".join(text.split()), []).append(i)
    found = []
    for rows in rows_of.values():
        for head in table.heads if len(rows) > 1 else ():
            labels = list(dict.fromkeys(y for y in (table.labels[head][i] for i in rows) if y is not None))
            if len(labels) > 1:
                found.append(Contradiction(head, [table.lines[i] for i in rows], labels))
    return found


def contradictory_rows(found: list[Contradiction]) -> int:
    return len({line for c in found for line in c.lines})


def _read_rows(path: str | Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Decode strictly as UTF-8 (BOM allowed) and parse; return header and (line, row) pairs."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(path, [f"cannot read file: {exc.strerror}"]) from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(path, [f"line {line}: not UTF-8 (byte {exc.start} is 0x{raw[exc.start]:02x})"]) from None
    reader = csv.reader(io.StringIO(content, newline=""))
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = next(reader, None)
        if not header:
            raise DataError(path, ["line 1: empty file, expected a header row"])
        header = [h.strip() for h in header]
        line = reader.line_num + 1
        for record in reader:
            if record and any(cell.strip() for cell in record):
                if len(record) != len(header):
                    raise DataError(path, [f"line {line}: {len(record)} fields, header has {len(header)}"])
                rows.append((line, dict(zip(header, record))))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(path, [f"line {reader.line_num}: malformed CSV ({exc})"]) from None
    return header, rows


def _check_label(problems: list[str], line: int, head: str, value: str) -> None:
    if value not in HEADS[head]:
        problems.append(f"line {line}: {head} {value!r} is not one of {', '.join(HEADS[head])}")


def load_training_table(path: str | Path, group_column: str | None = None, supplement: bool = False) -> TrainingTable:
    """Read a CSV with a ``text`` column and any of the label columns.

    The CV group is ``group_column`` if given, else ``group``, else ``article`` (the gold corpus),
    else none (CV then cannot keep articles apart, and the evaluation says so). A ``supplement``
    only ever joins other data, so one label for a whole head is allowed there (the off-topic
    statements are all ``neutral`` in stance).
    """
    header, rows = _read_rows(path)
    problems: list[str] = []
    if "text" not in header:
        raise DataError(path, [f"line 1: no 'text' column (columns: {', '.join(header)})"])
    heads = [h for h in HEADS if h in header]
    if not heads:
        raise DataError(path, [f"line 1: no label column; expected any of {', '.join(HEADS)}"])
    group_col = group_column or next((c for c in ("group", "article") if c in header), None)
    if group_column and group_column not in header:
        problems.append(f"line 1: no {group_column!r} column for groups")
    if not rows:
        problems.append("no data rows")
    texts, lines, groups = [], [], []
    labels: dict[str, list[str]] = {h: [] for h in heads}
    for line, row in rows:
        text = row["text"]
        if not text.strip():
            problems.append(f"line {line}: empty text")
        for h in heads:
            _check_label(problems, line, h, row[h].strip())
            labels[h].append(row[h].strip())
        if group_col and group_col in row:
            if not row[group_col].strip():
                problems.append(f"line {line}: empty {group_col}")
            groups.append(row[group_col].strip())
        texts.append(text)
        lines.append(line)
    table = TrainingTable(texts=texts, labels=labels, groups=groups if group_col else None, lines=lines)
    found = contradictions(table)
    if contradictory_rows(found) > MAX_CONTRADICTORY_SHARE * len(texts):
        problems.append(f"{contradictory_rows(found)} of {len(texts)} rows repeat a text with another label, more "
                        f"than {MAX_CONTRADICTORY_SHARE:.0%}: give each text one label per head")
        problems += [c.describe() for c in found]
    for h in heads:
        if rows and len(set(labels[h])) < 2 and not supplement:
            problems.append(f"column {h}: every row has the same label; a head needs at least two labels")
        for label, n in Counter(labels[h]).items():
            if n < 2 and label in HEADS[h] and not supplement:
                where = lines[labels[h].index(label)]
                problems.append(f"line {where}: {h} {label!r} has only {n} example; each label needs at least 2")
    if problems:
        raise DataError(path, problems)
    return table


def load_gold(path: str | Path, articles_dir: str | Path | None = None) -> list[GoldStatement]:
    """Read the gold statements; with ``articles_dir``, check each span against its article."""
    header, rows = _read_rows(path)
    missing = [c for c in GOLD_COLUMNS if c not in header]
    if missing:
        raise DataError(path, [f"line 1: missing column(s) {', '.join(missing)}"])
    problems: list[str] = []
    articles: dict[str, str] = {}
    out: list[GoldStatement] = []
    for line, row in rows:
        try:
            start, end = int(row["start"]), int(row["end"])
        except ValueError:
            problems.append(f"line {line}: start/end must be integers, got {row['start']!r}, {row['end']!r}")
            continue
        if not 0 <= start < end:
            problems.append(f"line {line}: bad span {start}..{end}")
        if row["kind"] not in KINDS:
            problems.append(f"line {line}: kind {row['kind']!r} is not one of {', '.join(KINDS)}")
        for h in HEADS:
            if h in row:
                _check_label(problems, line, h, row[h])
        if row["kind"] == "narration" and (row["speaker"] or row["bloc"] != "other"):
            problems.append(f"line {line}: narration has no speaker and bloc 'other'")
        if row["kind"] != "narration" and not row["speaker"].strip():
            problems.append(f"line {line}: a {row['kind']} needs a speaker")
        if any(piece not in row["text"] for piece in row["quote"].split(QUOTE_JOINER)):
            problems.append(f"line {line}: quote is not taken from text (pieces joined by {QUOTE_JOINER!r})")
        if articles_dir is not None and row.get("source", "seed") != "authored":
            name = row["article"]
            if name not in articles:
                p = Path(articles_dir) / f"{name}.txt"
                articles[name] = p.read_text(encoding="utf-8") if p.exists() else None
            if articles[name] is None:
                problems.append(f"line {line}: no article {name}.txt in {articles_dir}")
            elif articles[name][start:end] != row["text"]:
                problems.append(f"line {line}: text differs from {name}[{start}:{end}]")
        out.append(GoldStatement(
            article=row["article"], start=start, end=end, text=row["text"], quote=row["quote"],
            speaker=row["speaker"], kind=row["kind"], stance=row["stance"], bloc=row["bloc"],
            sentiment=row["sentiment"], event=row.get("event", ""), source=row.get("source") or "seed",
            line=line,
        ))
    if problems:
        raise DataError(path, problems)
    return out
