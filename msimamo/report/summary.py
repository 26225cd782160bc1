"""The summary of a scored CSV (the output of ``msimamo score``) that the report and the web page
draw: totals, stance by bloc, stance over time, top speakers, the most confident statements.

One streaming pass with the batch scorer's own reader (``CsvInput``: the same delimiter sniffing,
UTF-8 errors with line numbers and record cap), holding only counters and small heaps, so an
archive of any size costs the same memory: per stance a heap of ``TOP_EXAMPLES`` rows, per date
column at most ``DAY_SPAN`` + 1 days or one counter per month, and at most ``SPEAKER_CAP``
speakers. Past that cap the least-quoted half is dropped (``speakers_exact`` becomes False: a
dropped speaker seen again starts from zero, so listed totals may be low, never high).

Only *relevant* labelled rows (``relevant`` is not ``no``) feed the charts: an off-topic statement
has a stance about something else. Dates are the dates as written: ``2024-06-19T23:30-05:00`` is
the 19th, the day the outlet printed, not converted to another zone.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, Literal

import msgspec

from msimamo.batch.reading import CsvInput
from msimamo.batch.rows import ARTICLE_COLUMNS
from msimamo.errors import InputError
from msimamo.labels import BLOCS, STANCES

TOP_SPEAKERS = 15
TOP_EXAMPLES = 10
#: Distinct speakers counted at once; past it the least-quoted are dropped down to SPEAKER_KEEP.
#: About 200 bytes each: 20,000 speakers are 4 MB.
SPEAKER_CAP = 20_000
SPEAKER_KEEP = SPEAKER_CAP // 2
#: Date columns are detected in the first DETECT_ROWS data rows: at least DETECT_SHARE of a
#: column's non-empty values must be dates; at most MAX_DATE_COLUMNS columns are kept.
DETECT_ROWS = 200
DETECT_SHARE = 0.8
MAX_DATE_COLUMNS = 3
#: Dates spanning at most this many days are counted per day, longer spans per month.
DAY_SPAN = 92
#: Months are listed without gaps (empty months as zeros) when the span has at most this many.
MAX_FILLED_MONTHS = 1200
TEXT_CHARS = 400
CELL_CHARS = 300
#: The stances whose most confident statements are shown.
CONFIDENT: tuple[str, ...] = ("supportive", "critical")
#: The key for labelled rows whose bloc is empty or not one of BLOCS (a model without a bloc head).
UNKNOWN_BLOC = "unknown"


class TimeSeries(msgspec.Struct):
    unit: Literal["day", "month"]
    periods: list[str]
    counts: dict[str, list[int]]
    undated: int


class SpeakerCount(msgspec.Struct):
    speaker: str
    bloc: str
    total: int
    stances: dict[str, int]


class Example(msgspec.Struct):
    row: int
    score: float
    text: str
    speaker: str | None
    bloc: str | None
    cells: dict[str, str]


class ArchiveSummary(msgspec.Struct):
    rows: int
    errors: int
    not_swahili: int
    labelled: int
    off_topic: int
    columns: list[str]
    mode: Literal["statement", "article"]
    stance_by_bloc: dict[str, dict[str, int]]
    over_time: dict[str, TimeSeries]
    speakers: list[SpeakerCount]
    speakers_exact: bool
    confident: dict[str, list[Example]]


# --- dates ------------------------------------------------------------------------------------

_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME)
_DAY_FIRST = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4})" + _TIME)


@lru_cache(maxsize=4096)  # an archive repeats its dates; bounded, like everything kept here
def parse_date(value: str) -> str | None:
    """``YYYY-MM-DD`` for an ISO date or date-time, or a day-first ``19/06/2024`` / ``19.06.2024``
    (as East African outlets write it), with an optional time; None for anything else, including
    dates that do not exist (``31/02/2024``). Month-first dates are not guessed."""
    value = value.strip()
    m = _ISO.fullmatch(value)
    if m:
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _DAY_FIRST.fullmatch(value)
        if not m:
            return None
        day, month, year = int(m[1]), int(m[3]), int(m[4])
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


class _Dates:
    """Stance counts per period for one date column: per day while the days seen may still span
    at most DAY_SPAN days (so at most DAY_SPAN + 1 distinct days), and always per month."""

    def __init__(self):
        self.days: dict[str, list[int]] | None = {}
        self.months: dict[str, list[int]] = {}
        self.undated = 0

    def add(self, value: str, stance: int) -> None:
        day = parse_date(value) if value else None
        if day is None:
            self.undated += 1
            return
        month = day[:7]
        counts = self.months.get(month)
        if counts is None:
            counts = self.months[month] = [0] * len(STANCES)
        counts[stance] += 1
        if self.days is not None:
            counts = self.days.get(day)
            if counts is None:
                if len(self.days) > DAY_SPAN:  # a 94th distinct day: the span is over DAY_SPAN
                    self.days = None
                    return
                counts = self.days[day] = [0] * len(STANCES)
            counts[stance] += 1

    def series(self) -> TimeSeries:
        if self.days:
            first, last = dt.date.fromisoformat(min(self.days)), dt.date.fromisoformat(max(self.days))
            if (last - first).days <= DAY_SPAN:
                periods = [(first + dt.timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
                return self._series("day", periods, self.days)
        periods = sorted(self.months)
        if periods:
            (y0, m0), (y1, m1) = map(int, periods[0].split("-")), map(int, periods[-1].split("-"))
            span = (y1 - y0) * 12 + m1 - m0 + 1
            if span <= MAX_FILLED_MONTHS:
                periods = [f"{y0 + (m0 - 1 + n) // 12:04d}-{(m0 - 1 + n) % 12 + 1:02d}" for n in range(span)]
        return self._series("month", periods, self.months)

    def _series(self, unit: str, periods: list[str], table: dict[str, list[int]]) -> TimeSeries:
        zero = [0] * len(STANCES)
        rows = [table.get(p, zero) for p in periods]
        counts = {s: [r[i] for r in rows] for i, s in enumerate(STANCES)}
        return TimeSeries(unit=unit, periods=periods, counts=counts, undated=self.undated)


# --- columns ----------------------------------------------------------------------------------

def _find(header: list[str], name: str, start: int = 0, end: int | None = None) -> int | None:
    """The last column in ``header[start:end]`` called ``name``, or ``name`` with any number of
    ``_pred`` suffixes (what ``msimamo score`` adds when the input already had the name)."""
    pattern = re.compile(re.escape(name) + r"(?:_pred)*")
    end = len(header) if end is None else end
    for i in range(end - 1, start - 1, -1):
        if pattern.fullmatch(header[i].strip()):
            return i
    return None


class _Layout(msgspec.Struct):
    """Where the summary's columns are in a scored file's header."""

    mode: str
    stance: int
    score: int | None
    bloc: int | None
    relevant: int | None
    error: int
    text: int | None
    speaker: int | None
    inputs: int  # the scored file's input columns are header[:inputs]


def _layout(header: list[str], name: str, text_column: str | None) -> _Layout:
    """The added columns come after the input's (msimamo.batch.rows.output_columns): ``language``
    first, preceded in article mode by the statement's columns. Looking only there keeps an input
    column that happens to be called ``stance`` (a gold file) from being read as a prediction."""
    language = _find(header, "language")
    added = language if language is not None else len(header)
    stance, error = _find(header, "stance", added), _find(header, "error", added)
    if language is None or stance is None or error is None:
        raise InputError(f"{name}: not a scored file: run msimamo score first "
                         "(it adds the language, stance and error columns)")
    statement = language - len(ARTICLE_COLUMNS)
    article = statement >= 0 and all(_find(header, c, statement + i, statement + i + 1) is not None
                                      for i, c in enumerate(ARTICLE_COLUMNS))
    if article:
        text = _find(header, "quote", statement, language)
        speaker = _find(header, "speaker", statement, language)
        inputs = statement
    else:
        names = [h.strip() for h in header[:language]]
        wanted = text_column or "text"
        text = names.index(wanted) if wanted in names else None
        speaker = names.index("speaker") if "speaker" in names else None
        inputs = language
    return _Layout(mode="article" if article else "statement", stance=stance,
                   score=_find(header, "stance_score", added), bloc=_find(header, "bloc", added),
                   relevant=_find(header, "relevant", added), error=error, text=text, speaker=speaker,
                   inputs=inputs)


# --- the pass ---------------------------------------------------------------------------------

class _Counting:
    """The binary file CsvInput reads, telling ``progress`` how many bytes it has consumed."""

    def __init__(self, fh, progress: Callable[[int], None] | None):
        self.fh, self.progress, self.done = fh, progress, 0

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self.done += len(data)
        if self.progress is not None:
            self.progress(self.done)
        return data


class _Speakers:
    """Per speaker: total, count per stance, count per bloc (the last for blocs not in BLOCS)."""

    def __init__(self):
        self.table: dict[str, list[int]] = {}
        self.exact = True

    def add(self, name: str, stance: int, bloc: int) -> None:
        counts = self.table.get(name)
        if counts is None:
            if len(self.table) >= SPEAKER_CAP:
                self._prune()
            counts = self.table[name] = [0] * (1 + len(STANCES) + len(BLOCS) + 1)
        counts[0] += 1
        counts[1 + stance] += 1
        counts[1 + len(STANCES) + bloc] += 1

    def _prune(self) -> None:
        self.table = dict(heapq.nlargest(SPEAKER_KEEP, self.table.items(), key=lambda item: item[1][0]))
        self.exact = False

    def top(self) -> list[SpeakerCount]:
        blocs = BLOCS + (UNKNOWN_BLOC,)
        out = []
        for name, counts in heapq.nlargest(TOP_SPEAKERS, self.table.items(), key=lambda item: item[1][0]):
            by_bloc = counts[1 + len(STANCES):]
            out.append(SpeakerCount(speaker=name, bloc=blocs[by_bloc.index(max(by_bloc))], total=counts[0],
                                    stances={s: counts[1 + i] for i, s in enumerate(STANCES)}))
        return out


class _Detector:
    """Which columns hold dates, decided on the first DETECT_ROWS rows; each candidate is counted
    from the first row meanwhile, so no row has to be held back until the decision."""

    def __init__(self, candidates: list[int]):
        self.candidates = candidates
        self.filled = dict.fromkeys(candidates, 0)
        self.parsed = dict.fromkeys(candidates, 0)

    def see(self, fields: list[str]) -> None:
        for i in self.candidates:
            value = fields[i].strip()
            if value:
                self.filled[i] += 1
                self.parsed[i] += parse_date(value) is not None

    def chosen(self) -> list[int]:
        dated = [i for i in self.candidates if self.filled[i] and self.parsed[i] >= DETECT_SHARE * self.filled[i]]
        return dated[:MAX_DATE_COLUMNS]


def summarise(path: str | Path, *, date_columns: list[str] | None = None,
              progress: Callable[[int], None] | None = None, text_column: str | None = None) -> ArchiveSummary:
    """The summary of the scored CSV at ``path``, in one pass and bounded memory.

    ``date_columns``: the columns to chart over time (None: detected, see DETECT_ROWS);
    ``progress(n)`` is called with the bytes read so far; ``text_column``: in statement mode, the
    column holding the statement (default ``text``; article mode always shows ``quote``).
    Raises InputError for a file that is not UTF-8, has no header, lacks a named date column, or
    was not written by ``msimamo score``.
    """
    name = str(path)
    with open(path, "rb") as fh:
        source = CsvInput(_Counting(fh, progress), name)
        header = [h.strip() for h in source.header]
        at = _layout(header, name, text_column)
        if date_columns is None:
            detector = _Detector(list(range(at.inputs)))
            dated = list(detector.candidates)
        else:
            detector = None
            dated = [_column(header, c, name) for c in date_columns]
        series = {i: _Dates() for i in dated}

        stance_index = {s: i for i, s in enumerate(STANCES)}
        bloc_index = {b: i for i, b in enumerate(BLOCS)}
        by_bloc = [[0] * len(STANCES) for _ in range(len(BLOCS) + 1)]
        speakers = _Speakers()
        heaps: dict[str, list] = {s: [] for s in CONFIDENT}
        rows = errors = not_swahili = labelled = off_topic = 0

        for record in source.records(at.text if at.text is not None else 0):
            rows += 1
            fields = record.fields
            if detector is not None:
                if not record.malformed:
                    detector.see(fields)
                if rows >= DETECT_ROWS:
                    series = {i: series[i] for i in detector.chosen()}
                    detector = None
            if record.malformed:  # a broken line in the scored file itself: counted, not read
                errors += 1
                continue
            error = fields[at.error]
            if error:
                errors += 1
                not_swahili += error.startswith("not Swahili")
            stance = stance_index.get(fields[at.stance])
            if stance is None:
                continue
            labelled += 1
            if at.relevant is not None and fields[at.relevant] == "no":
                off_topic += 1
                continue
            bloc = bloc_index.get(fields[at.bloc], len(BLOCS)) if at.bloc is not None else len(BLOCS)
            by_bloc[bloc][stance] += 1
            for i, dates in series.items():
                dates.add(fields[i], stance)
            if at.speaker is not None:
                speaker = fields[at.speaker].strip()
                if speaker:
                    speakers.add(speaker, stance, bloc)
            label = STANCES[stance]
            if label in heaps and at.score is not None:
                _offer(heaps[label], rows, fields, header, at)

        if detector is not None:  # fewer than DETECT_ROWS rows
            series = {i: series[i] for i in detector.chosen()}

    blocs = BLOCS + ((UNKNOWN_BLOC,) if any(by_bloc[-1]) else ())
    return ArchiveSummary(
        rows=rows, errors=errors, not_swahili=not_swahili, labelled=labelled, off_topic=off_topic,
        columns=header, mode=at.mode,  # type: ignore[arg-type]
        stance_by_bloc={b: dict(zip(STANCES, by_bloc[i])) for i, b in enumerate(blocs)},
        over_time={header[i]: dates.series() for i, dates in series.items()},
        speakers=speakers.top(), speakers_exact=speakers.exact,
        confident={s: [e for *_, e in sorted(heap, reverse=True)] for s, heap in heaps.items()})


def _column(header: list[str], column: str, name: str) -> int:
    if column not in header:
        raise InputError(f"{name}: no column {column!r} to chart over time (columns: {', '.join(header)})")
    return header.index(column)


def _offer(heap: list, row: int, fields: list[str], header: list[str], at: _Layout) -> None:
    """Keep the TOP_EXAMPLES rows with the highest stance score, one per text (an archive repeats
    syndicated statements: ten copies of one would hide the next nine); on a tie the earlier row stays."""
    try:
        score = float(fields[at.score])
    except ValueError:
        return
    if score != score:  # NaN would break the heap's order
        return
    key = (score, -row)
    if len(heap) >= TOP_EXAMPLES and key <= heap[0][:2]:
        return
    text = fields[at.text][:TEXT_CHARS] if at.text is not None else ""
    same = next((i for i, entry in enumerate(heap) if text and entry[2].text == text), None)
    if same is not None:
        if key <= heap[same][:2]:
            return
        heap[same] = heap[-1]
        heap.pop()
        heapq.heapify(heap)
    example = Example(
        row=row, score=score, text=text,
        speaker=fields[at.speaker] or None if at.speaker is not None else None,
        bloc=fields[at.bloc] or None if at.bloc is not None else None,
        cells={h: cell[:CELL_CHARS] for h, cell in zip(header, fields)})
    if len(heap) < TOP_EXAMPLES:
        heapq.heappush(heap, (score, -row, example))
    else:
        heapq.heapreplace(heap, (score, -row, example))
