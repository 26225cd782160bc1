"""Page furniture: which parts of a scraped Swahili news page are the article's running text.

The service reports statements by their offsets in the text the user sent, so everything here
returns character spans of the original text and never a rewritten string. A page is judged line by
line (a scraped page keeps one paragraph, caption, link or label per line); within a body line only
furniture glued to its ends is cut (a dateline before the first sentence, a "Soma pia" link after
the last).
"""

from __future__ import annotations

import re
from collections import Counter

from msimamo.lang.sw.dates import ENGLISH_MONTHS, ENGLISH_WEEKDAYS, MONTHS, WEEKDAYS
from msimamo.lang.sw.marks import APOSTROPHE, CLOSING, MARK_CHARS, OPENING, char_class
from msimamo.lang.sw.morphology import TENSED_VERB

MAX_HEADING_WORDS = 20
MAX_TITLE_WORDS = 12
#: Shorter lines recur inside others by chance ("Hata hivyo."), so only exact copies count.
MIN_REPEAT_WORDS = 3

_SENTENCE_END = re.compile(rf"[.!?…]{char_class(CLOSING + ')]')}*$")
_NAVIGATION = re.compile(r"^(?:\d+\.\s*)?(?:nenda kwenye|ruka hadi|rudi kwenye|skip to)\b", re.I)
_LABEL = re.compile(
    r"^(?:kusambaza|shiriki|share|matangazo(?: ya kibiashara)?|tangazo|advertisement|pata taarifa kuu"
    r"|habari zinazohusiana|habari zaidi)\s*:?$",
    re.I,
)
_CAPTION = re.compile(
    r"Picha\s*:|\b(?:Photo|Foto|Bild|Image)\s*:|\bvia\s+[A-Z]{2,}|picture[ -]alliance|Getty Images|\S \| \S"
)
_BYLINE = re.compile(r"^\(\s*[A-Z][\w.]*(?:\s*[,/&]\s*[A-Z][\w.]*)*\s*\)$")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_NOT_FOUND = re.compile(r"^(?:ukurasa\s+ha(?:i|u|uku)patikani|page not found)\b", re.I)
_COMMENTS = re.compile(
    r"^(?:\d+\s+(?:thoughts?|comments?|responses?|replies|maoni)\s+(?:on|kuhusu|juu ya)\b"
    r"|leave a (?:reply|comment)|post a comment|acha (?:jibu|maoni)|toa maoni"
    r"|your email address will not be published)",
    re.I,
)
_MONTH = "(?:%s)" % "|".join(MONTHS + ENGLISH_MONTHS)
_WEEKDAY = "(?:%s)" % "|".join(WEEKDAYS + ENGLISH_WEEKDAYS)
_DATE = re.compile(
    rf"(?:{_WEEKDAY}\s*,?\s*)?(?:\d{{1,2}}\.?\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})"
    r"(?:\s*,?\s*\d{1,2}:\d{2})?"
)
_AFTER_DATELINE = re.compile(rf"(?=[^\W\d_])|\s*[-–—|:]\s*|\s+(?=[A-Z]|{char_class(OPENING)})")
#: A "Soma pia" link after the last sentence: at the line start or after a sentence's end (the
#: apostrophe ending a word is no sentence end).
_READ_MORE = re.compile(
    rf"(?:^|(?<={char_class('.!?' + CLOSING.replace(APOSTROPHE, ''))}))\s*(?:soma|tazama|sikiliza)\s+(?:pia|zaidi)\b",
    re.I,
)
_QUOTE_MARKS = re.compile(char_class(MARK_CHARS))


def _lines(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as spans without their surrounding whitespace."""
    spans, pos = [], 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            spans.append((start, start + len(stripped)))
        pos += len(raw)
    return spans


def _before_comments(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Everything from a comment form on is readers' comments, not the article."""
    for i, (s, e) in enumerate(lines):
        if _COMMENTS.match(text[s:e]):
            return lines[:i]
    return lines


def _comparable(line: str) -> str:
    return " ".join(_QUOTE_MARKS.sub(" ", line).casefold().split())


def _repeats(text: str, lines: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Lines printed twice or inside a longer line: headlines, captions, pull-quotes.

    Pages repeat their titling (a headline over the body, a caption with and without its credit, a
    pull-quote lifted from a paragraph) but never a paragraph of running text.
    """
    keys = {span: _comparable(text[span[0]:span[1]]) for span in lines}
    counts = Counter(keys.values())
    page = "\n".join(f" {k} " for k in keys.values())
    return {span for span, k in keys.items()
            if counts[k] > 1 or (len(k.split()) >= MIN_REPEAT_WORDS and page.count(f" {k} ") > 1)}


def is_heading(line: str) -> bool:
    """A title, tag or pull-quote: no sentence-final mark, and short or wholly in quotation marks."""
    if _SENTENCE_END.search(line):
        return False
    quoted = line[0] in OPENING and line[-1] in CLOSING
    return quoted or len(line.split()) <= MAX_HEADING_WORDS


def is_furniture(line: str) -> bool:
    """One whole line that is page furniture whatever is glued to it: a link, label or caption."""
    return bool(
        _NAVIGATION.match(line) or _LABEL.match(line) or _CAPTION.search(line) or _BYLINE.match(line)
        or _URL.match(line)
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut a leading dateline and a trailing "Soma pia" link glued to a body line."""
    date = _DATE.match(text, start, end)
    if date:
        rest = _AFTER_DATELINE.match(text, date.end(), end)
        if date.end() == end or rest:
            start = rest.end() if rest else end
    link = _READ_MORE.search(text[start:end])
    if link:
        end = start + link.start()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_title(line: str) -> bool:
    """A page title over the body: one short clause without a finite verb ("X kuanzisha Y.")."""
    return (len(line.split()) <= MAX_TITLE_WORDS and "," not in line and not _QUOTE_MARKS.search(line)
            and not TENSED_VERB.search(line))


def body_segments(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are article body, one per paragraph, in reading order."""
    lines = _before_comments(text, _lines(text))
    repeated = _repeats(text, lines)
    body, after_not_found = [], False
    for s, e in lines:
        if after_not_found:
            after_not_found = False
            continue
        if _NOT_FOUND.match(text[s:e]):
            after_not_found = True
            continue
        if (s, e) in repeated or is_furniture(text[s:e]):
            continue
        s, e = _trim(text, s, e)
        if s < e and not is_heading(text[s:e]):
            body.append((s, e))
    if len(body) > 1 and _is_title(text[body[0][0]:body[0][1]]):
        body = body[1:]
    return body
