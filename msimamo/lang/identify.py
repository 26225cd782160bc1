"""Is a text Swahili? The model only knows Swahili, so text in another language is flagged instead
of labelled with confidence it has not earned.

The identifier is py3langid (langid.py's naive Bayes over byte n-grams; its 4.5 MB model ships in
the wheel, no network at run time), restricted to the languages a Swahili news reader's pages mix
in. Measured against lingua, a vocabulary-coverage score and the page-furniture heuristic (see
docs/evaluation.md), it flagged no seed, development statement or development page sentence,
caught all but one of the English sentences (name-heavy ones included), the Somali and the
neighbouring Bantu text, and left Swahili with English quotes, Sheng and foreign names alone, at
half lingua's cost and a twentieth of its size.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import NamedTuple

from py3langid.langid import MODEL_FILE, LanguageIdentifier

#: Characters examined: the start of a long article tells its language, and the bound keeps one
#: call's cost flat however long the text (the identifier's own cost grows with the text).
MAX_CHARS = 2000
#: Texts with fewer words than this are too short to judge and count as Swahili (``und``): on
#: one- and two-word Swahili texts (names, dates, labels) the identifier was wrong a fifth of the
#: time, so a good short headline would lose its labels more often than a stray foreign one would
#: gain them. From three words on it caught 160 of the 161 foreign texts measured.
MIN_WORDS = 3
#: A text is flagged only when another language comes first *and* Swahili's probability is below
#: this: a Swahili tweet or quote full of English words often has Swahili close behind.
MIN_SWAHILI = 0.2

#: Swahili; what East African news pages print beside it (English, French, Arabic, Portuguese,
#: Somali, Amharic, Oromo) and the Bantu languages closest to it that a page may carry
#: (Kinyarwanda, Luganda, Kikuyu); the partnership's own languages (Russian, Korean, Chinese,
#: Japanese), whose text would otherwise fall to whichever listed language scores least badly.
#: A longer list cost Swahili: with all 142 languages, Swahili headlines full of foreign names went
#: to Hausa or Tagalog.
LANGUAGES = ("sw", "en", "fr", "ar", "pt", "so", "am", "om", "rw", "lg", "kik", "ru", "ko", "zh", "ja")
#: The identifier's ISO 639-3 codes where an ISO 639-1 code exists.
_ISO_639_1 = {"kik": "ki"}

#: A word: two letters or more (an initial or a stray letter says nothing about the language).
_WORD = re.compile(r"[^\W\d_]{2,}")


class Language(NamedTuple):
    """``code``: ISO 639-1 (``sw``, ``en``…), ``und`` when the text is too short to tell;
    ``swahili``: whether to label it; ``score``: the identifier's probability that it is Swahili."""

    code: str
    swahili: bool
    score: float


@cache
def _identifier() -> LanguageIdentifier:
    """Loaded once, on first use (about 1.5 s and 80 MB per process)."""
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGUAGES)
    return identifier


def _mostly_latin(letters: list[str]) -> bool:
    return 2 * sum(unicodedata.name(c, "").startswith("LATIN") for c in letters) >= len(letters)


def identify(text: str) -> Language:
    """The language of the first ``MAX_CHARS`` characters of ``text``.

    Not Swahili when another language is the identifier's first choice and Swahili's probability
    is below ``MIN_SWAHILI``. A text without letters is ``und``; one of fewer than ``MIN_WORDS``
    words (a name, a two-word label) is ``und`` and counted as Swahili too, unless it is written in
    a script other than Latin. ``score`` is the probability of Swahili among ``LANGUAGES``, given
    for ``und`` texts with letters as well (0 without letters).
    """
    if not isinstance(text, str):
        raise TypeError(f"identify() takes a str, not {type(text).__name__}")
    head = text[:MAX_CHARS]
    letters = [c for c in head if c.isalpha()]
    if not letters:
        return Language("und", True, 0.0)
    ranked = _identifier().rank(head)
    best = _ISO_639_1.get(ranked[0][0], ranked[0][0])
    score = dict(ranked)["sw"]
    if len(_WORD.findall(head)) < MIN_WORDS:
        if _mostly_latin(letters):
            return Language("und", True, score)
        return Language(best, best == "sw", score)
    if best == "sw" or score >= MIN_SWAHILI:
        return Language("sw", True, score)
    return Language(best, False, score)
