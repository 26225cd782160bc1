"""Sentence spans of one paragraph: a statement is one sentence, so its offsets can be laid over
the gold spans.

A full stop after an abbreviation (Bw. Putin), an initial (J. Biden) or inside a number (19.5)
ends nothing; a sentence may end inside its closing mark (… ushindi.” Jarida …); and a quotation
running over several sentences stays one statement.
"""

from __future__ import annotations

import re

from msimamo.extract.quotations import Quote, quote_holding
from msimamo.lang.sw.marks import CLOSING, OPENING, char_class
from msimamo.lang.sw.words import ABBREVIATIONS

#: A stop, the closing marks after it, and the space after them, or none before a capitalised word
#: (or the opening mark of a quotation) the scrape glued on: "… kesho.“Tutarudi …". A run of stops
#: is tried once, from its first stop.
_SENTENCE_BREAK = re.compile(
    rf"(?<![.!?…])[.!?…]++{char_class(CLOSING + ')]')}*+(?P<gap>\s+|(?={char_class(OPENING)}?[A-Z][a-z]))"
)
#: Characters looked back from a stop for the word it ends; longer than any abbreviation.
WORD_REACH = 20


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    """Whether the word before the stop at ``dot`` is an initial or an abbreviation. Read backwards
    from the stop, at most ``WORD_REACH`` characters: a search for the last word from further back
    would read a long word once per stop."""
    begin, lo = dot, max(start, dot - WORD_REACH)
    while begin > lo and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
        begin -= 1
    word = text[begin:dot]
    return bool(word) and (len(word) == 1 or word.casefold() in ABBREVIATIONS)


def sentences(text: str, start: int, end: int, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph; no break inside a quotation that goes on after it."""
    spans, begin = [], start
    for m in _SENTENCE_BREAK.finditer(text, start, end):
        stop, nxt = m.start("gap"), m.end()
        if nxt >= end or text[nxt].islower() or _is_abbreviation(text, start, m.start()):
            continue
        if not m.group("gap") and not text[m.start() - 1].islower():
            continue
        running = quote_holding(quotes, m.start())
        if running is not None and running.end > stop:
            continue
        spans.append((begin, stop))
        begin = nxt
    spans.append((begin, end))
    return [(s, e) for s, e in spans if s < e]
