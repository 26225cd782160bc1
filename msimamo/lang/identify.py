"""Is a text Swahili? The model only knows Swahili, so text in another language is flagged instead
of labelled with confidence it has not earned.

The detector is lingua (``lingua-language-detector``: n-gram models shipped inside the wheel, no
network at run time), restricted to the languages a Swahili news reader's pages mix in. Measured
against a vocabulary-coverage score and the page-furniture heuristic in docs/evaluation.md: lingua
alone caught the name-heavy English, Somali and Portuguese that coverage missed, and false-flagged
no seed, development statement or development page sentence.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from lingua import Language as _Lingua
from lingua import LanguageDetector, LanguageDetectorBuilder

#: Characters examined: the start of a long article tells its language, and the bound keeps one
#: call's cost flat however long the text (lingua's own cost grows with the text).
MAX_CHARS = 2000
#: Texts with fewer words than this are too short to judge and count as Swahili (``und``): on one-
#: and two-word texts lingua flagged a fifth of the Swahili ones (names, dates), so a good short
#: headline would lose its labels more often than a stray foreign one would gain them.
MIN_WORDS = 3
#: A text is flagged only when another language is the most likely one *and* Swahili's share of
#: the confidence is below this: Swahili headlines full of foreign names and Swahili sentences
#: with English words in them score between 0.2 and 0.5 while another language comes first.
MIN_SWAHILI = 0.2

#: Swahili and what East African news pages print beside it (English, French, Arabic, Portuguese,
#: Somali, Luganda), and the partnership's own languages (Russian, Korean, Chinese, Japanese),
#: whose scripts would otherwise fall to whichever listed language scores least badly. More
#: languages cost memory and false flags: all 75 of lingua's took 1.1 GB and flagged more Swahili.
LANGUAGES = (
    _Lingua.SWAHILI, _Lingua.ENGLISH, _Lingua.FRENCH, _Lingua.ARABIC, _Lingua.PORTUGUESE,
    _Lingua.SOMALI, _Lingua.GANDA, _Lingua.RUSSIAN, _Lingua.KOREAN, _Lingua.CHINESE, _Lingua.JAPANESE,
)
#: Decimals kept of lingua's confidence: its last bits vary from call to call (the order it adds
#: up n-gram probabilities in is not fixed), and a rounded score is the same on every run.
SCORE_DECIMALS = 6

#: Languages told by a script Swahili is not written in: even one word of them is enough.
_OTHER_SCRIPTS = frozenset((_Lingua.ARABIC, _Lingua.RUSSIAN, _Lingua.KOREAN, _Lingua.CHINESE, _Lingua.JAPANESE))

#: A word: two letters or more (an initial or a stray letter says nothing about the language).
_WORD = re.compile(r"[^\W\d_]{2,}")


class Language(NamedTuple):
    """``code``: ISO 639-1 (``sw``, ``en``…), ``und`` when the text is too short to tell;
    ``swahili``: whether to label it; ``score``: the detector's confidence that it is Swahili."""

    code: str
    swahili: bool
    score: float


@cache
def _detector() -> LanguageDetector:
    """Built once, on first use. Each language's models load on the first text that needs them
    (about 1.4 s and 120 MB for this set, once per process)."""
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).build()


def identify(text: str) -> Language:
    """The language of the first ``MAX_CHARS`` characters of ``text``.

    Not Swahili when another language is the detector's first choice and Swahili has less than
    ``MIN_SWAHILI`` of the confidence. A text of fewer than ``MIN_WORDS`` words (empty, digits, a
    name, a two-word label) is ``und`` and counted as Swahili, unless it is written in a script
    Swahili does not use. ``score`` is lingua's confidence for Swahili among ``LANGUAGES``, to
    ``SCORE_DECIMALS`` places (0 for a text without letters), reported for ``und`` texts too.
    """
    if not isinstance(text, str):
        raise TypeError(f"identify() takes a str, not {type(text).__name__}")
    head = text[:MAX_CHARS]
    values = _detector().compute_language_confidence_values(head)
    if not values or values[0].value == 0:
        return Language("und", True, 0.0)
    best = values[0].language
    score = round(next(v.value for v in values if v.language == _Lingua.SWAHILI), SCORE_DECIMALS)
    code = best.iso_code_639_1.name.lower()
    if len(_WORD.findall(head)) < MIN_WORDS:
        if best in _OTHER_SCRIPTS:
            return Language(code, False, score)
        return Language("und", True, score)
    if best == _Lingua.SWAHILI or score >= MIN_SWAHILI:
        return Language("sw", True, score)
    return Language(code, False, score)
