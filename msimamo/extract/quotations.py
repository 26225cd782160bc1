"""Quotation marks paired into quotations, within one paragraph.

The quoted words are a statement's claim, and a sentence does not end inside a quotation that goes
on after it, so pairing comes first. Outlets mix every mark style and often lose one of a pair:

* directional marks (“…” «…» ‹…›) pair by direction, the others (" '' ＂ ' ’) by which side of a
  word they touch; a mark pairs only within its family (``msimamo.lang.sw.marks``);
* a closing mark whose opening one the outlet lost opens at the paragraph start, and a quotation
  left open runs to the paragraph end;
* a direction-less mark between two letters is an apostrophe (ng'ombe), not a mark;
* scraped text loses spaces around punctuation: a direction-less mark between a stop and a word
  (kusema:"Tutashinda", vita,"alisema) opens a quotation after a colon, and after a comma or a
  stop it closes the one that is open, else opens one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from msimamo.lang.sw.marks import CLOSING, MARKS, mark_pattern

_MARK = re.compile(mark_pattern(MARKS))
_OPENS_ONLY = frozenset(m for m, mark in MARKS.items() if not mark.closes)
_CLOSES_ONLY = frozenset(m for m, mark in MARKS.items() if not mark.opens)
#: What may follow a direction-less mark that closes, and precede one that opens.
_AFTER_CLOSE = frozenset(".,;:!?)]}…" + CLOSING)
_BEFORE_OPEN = frozenset("([{—–-/")
#: A stop right before a direction-less mark that touches a word after it: the space between was
#: lost, and the mark opens after a colon, closes or opens after the others.
_EITHER_AFTER_STOP = frozenset(",.;!?…")
_STOPS = _EITHER_AFTER_STOP | {":"}


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``start``/``end`` include its marks, ``inner_*`` are the quoted words."""

    start: int
    end: int
    inner_start: int
    inner_end: int


def _mark_roles(text: str, start: int, end: int):
    """(offset, mark, can_open, can_close) for each quotation mark in ``text[start:end]``."""
    for m in _MARK.finditer(text, start, end):
        mark, i, j = m.group(), m.start(), m.end()
        before = text[i - 1] if i > start else " "
        after = text[j] if j < end else " "
        if mark in _OPENS_ONLY:
            yield i, mark, True, False
        elif mark in _CLOSES_ONLY:
            yield i, mark, False, True
        elif before.isalnum() and after.isalnum():
            continue
        elif after.isalnum() and before in _STOPS:
            yield i, mark, True, before in _EITHER_AFTER_STOP
        else:
            can_open = not after.isspace() and (before.isspace() or before in _BEFORE_OPEN)
            can_close = not before.isspace() and (after.isspace() or after in _AFTER_CLOSE)
            if can_open != can_close:
                yield i, mark, can_open, can_close


def quotations(text: str, start: int, end: int) -> list[Quote]:
    """Quotations in one paragraph; the outermost of nested ones."""
    found: list[Quote] = []
    opened: tuple[int, str, int] | None = None
    for i, mark, can_open, can_close in _mark_roles(text, start, end):
        family = MARKS[mark].family
        if opened is None:
            if can_open:
                opened = (i, family, i + len(mark))
            elif not found:
                found.append(Quote(start, i + len(mark), start, i))
        elif can_close and family == opened[1]:
            found.append(Quote(opened[0], i + len(mark), opened[2], i))
            opened = None
    if opened is not None:
        found.append(Quote(opened[0], end, opened[2], end))
    return [q for q in found if text[q.inner_start:q.inner_end].strip()]


# Quotations come in text order and never overlap, so the one holding a position, or the nearest
# before or after it, is found by a binary search: a sentence of thousands of quotations asks
# once per speech verb, stop or name, which a walk over the list would make quadratic.

def quote_holding(quotes: list[Quote], pos: int, inner: bool = True) -> Quote | None:
    """The quotation whose quoted words (``inner``), or whose marks and words, hold ``pos``."""
    i = bisect_right(quotes, pos, key=(lambda q: q.inner_start) if inner else (lambda q: q.start)) - 1
    if i < 0:
        return None
    q = quotes[i]
    return q if (q.inner_start <= pos < q.inner_end if inner else q.start <= pos < q.end) else None


def last_ending_by(quotes: list[Quote], pos: int) -> Quote | None:
    """The last quotation that has closed by ``pos``."""
    i = bisect_right(quotes, pos, key=lambda q: q.end) - 1
    return quotes[i] if i >= 0 else None


def first_starting_from(quotes: list[Quote], pos: int) -> Quote | None:
    """The first quotation that opens at or after ``pos``."""
    i = bisect_left(quotes, pos, key=lambda q: q.start)
    return quotes[i] if i < len(quotes) else None


def overlapping(quotes: list[Quote], start: int, end: int) -> list[Quote]:
    """The quotations that share a character with ``start:end``, in order."""
    first = bisect_right(quotes, start, key=lambda q: q.end)
    return quotes[first:bisect_left(quotes, end, key=lambda q: q.start)]
