"""Text normalisation shared by training and serving, so both see the same characters."""

import re
import unicodedata

from msimamo.lang.sw.marks import APOSTROPHE, APOSTROPHE_FORMS, MARKS, char_class, mark_pattern
from msimamo.lang.sw.spellings import CONTINENT_PARTS, SPELLINGS

#: Every quotation mark but the apostrophe becomes the straight double mark; the two-character
#: ones ('') by regex, the rest by one translate.
_FOLDED = [m for m in MARKS if m not in (APOSTROPHE, '"')]
_QUOTES = str.maketrans(dict.fromkeys((m for m in _FOLDED if len(m) == 1), '"'))
_TWO_CHAR_QUOTES = re.compile("|".join(re.escape(m) for m in _FOLDED if len(m) > 1))
_APOSTROPHE_IN_WORD = re.compile(rf"(?<=\w){char_class(APOSTROPHE_FORMS)}(?=\w)")
#: Every character the three rewrites below can touch; most statements hold none of them.
_MARKS = re.compile(mark_pattern([*APOSTROPHE_FORMS, *_FOLDED]))


#: Each outlet's spelling of an actor (lang/sw/spellings.py) → the one the training text uses.
_CANONICAL = {variant: canonical for canonical, variants in SPELLINGS.items() for variant in variants}
_SPELLING = re.compile(
    r"\b(?:%s)\b" % "|".join(
        re.escape(v) + (f"(?! (?:{'|'.join(CONTINENT_PARTS)})\\b)" if v == "amerika" else "")
        for v in sorted(_CANONICAL, key=len, reverse=True)))


def respell(folded: str) -> str:
    """Outlets' spellings of one actor made one (``folded``: case-folded, single-spaced text)."""
    return _SPELLING.sub(lambda m: _CANONICAL[m.group()], folded)


def normalise(text: str) -> str:
    """NFC, one quotation mark, one apostrophe, single spaces, case-folded, one spelling per actor.

    Curly single marks are quotation marks in Swahili news (‘…’ and the two-apostrophe ''…'')
    except inside a word, where they are apostrophes (ng’ombe), so the two are told apart first.
    """
    text = unicodedata.normalize("NFC", text)
    if _MARKS.search(text):
        text = _APOSTROPHE_IN_WORD.sub(APOSTROPHE, text)
        text = _TWO_CHAR_QUOTES.sub('"', text).translate(_QUOTES)
    return respell(" ".join(text.split()).casefold())


def normalise_all(texts) -> list[str]:
    """Vectorised form for the pipeline's first step (a FunctionTransformer)."""
    return [normalise(t) for t in texts]


def _invisible(ch: str) -> bool:
    """Whitespace, or a format character (Unicode category Cf: zero-width space and joiners,
    direction marks, the byte-order mark), which shows nothing on a page."""
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def text_problem(text: str) -> str:
    """Why a text cannot be labelled, or "" when it can. The service and batch scoring both ask
    this, so they refuse the same texts: empty (nothing visible, as "\\u200b\\u200b") or no letter."""
    if all(map(_invisible, text)):
        return "empty text"
    if not any(ch.isalpha() for ch in text):
        return "no letters in text"
    return ""
