"""Speech verbs: where a sentence reports speech, and whether a verb reports it here.

Speech is found by its verb (subject prefix + tense + stem: a-li-sema, i-me-ripoti, a-ki-sema,
i-na-yo-sema; ``msimamo.lang.sw.morphology``). Verbs with another sense count only where they
report speech: beside a quotation, before a that-clause, or with an object. ``speech_verbs`` runs
on every statement the service is sent, so it searches by stem before matching the whole verb.
"""

from __future__ import annotations

import re
import string

from msimamo.extract.quotations import Quote
from msimamo.lang.sw.marks import NEVER_APOSTROPHES, char_class
from msimamo.lang.sw.morphology import OBJECT_STEMS, PASSIVE_STEMS, SPEECH_STEMS, SPEECH_VERB, WEAK_STEMS
from msimamo.lang.sw.words import INTRO_WORDS, THAT

#: Characters after a weak verb in which its that-clause must start (aliitaja ziara ya X kuwa …).
THAT_REACH = 80
#: Words that may follow a speech verb before the quotation it introduces (alisema pia kwamba “…”).
_INTRO_GAP = re.compile(rf"\s*(?:(?:{'|'.join(INTRO_WORDS)})\s+)*[,:]?\s*", re.I)
#: Up to three words between a quotation and the verb after it (“…,” Putin alisema).
_OUTRO_GAP = re.compile(r"[\s,.]*(?:\S+\s+){0,3}")
#: A that-clause ahead, before any punctuation or quotation mark (not ng’ombe's apostrophe).
_THAT_AHEAD = re.compile(rf"{char_class(',.;:!?' + NEVER_APOSTROPHES, negate=True)}*?\b(?:{'|'.join(THAT)})\b", re.I)
#: "na kusema", "kwa kusema": an infinitive continuing the main verb, with its subject.
_SERIAL_INFINITIVE = re.compile(r"\b(?:na|kwa)\s+$", re.I)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def prefix_tree_pattern(words) -> str:
    """An alternation of literal ``words`` factored by shared prefixes (ab|ac → a(?:b|c)).

    The regex engine tries a plain alternation's branches one by one at every candidate position;
    factored, a position that starts no word fails after one test per letter. A word that is a
    prefix of another becomes an optional tail, so the longer one is tried first; callers that only
    need to know where some word starts are unaffected by which one matched.
    """
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and "" not in node else "(?:%s)" % "|".join(branches)
        return body + "?" if "" in node else body

    return emit(tree)


#: The stems spelt backwards, to find them at word starts in reversed text: a word-boundary anchor
#: lets the regex skip most positions, which a stem-at-word-end pattern cannot.
REVERSED_STEMS = [stem[::-1] for stem in SPEECH_STEMS + WEAK_STEMS + OBJECT_STEMS + PASSIVE_STEMS]
_REVERSED_STEM = re.compile(r"\b" + prefix_tree_pattern(REVERSED_STEMS))
#: The rest of a word: letters and digits (``str.isalnum``), no underscore.
_LETTERS = re.compile(r"[^\W_]*")


def speech_verbs(text: str, start: int, end: int) -> list[re.Match]:
    """Speech verbs in ``text[start:end]``, in order, as matches of ``SPEECH_VERB``.

    Words are found by their stem ending first and only then matched in full: trying the prefix
    pattern at every word is what would make ``find_speaker`` slow.
    """
    low = text[start:end].lower()
    if len(low) != end - start:  # a few letters lengthen when lowered (İ); offsets must not move
        low = text[start:end].translate(_ASCII_LOWER)
    backwards, found = low[::-1], []
    for stem in _REVERSED_STEM.finditer(backwards):
        word_end = end - stem.start()
        k = _LETTERS.match(backwards, stem.end()).end()
        verb = SPEECH_VERB.fullmatch(text, end - k, word_end)
        if verb:
            found.append(verb)
    return found[::-1]


def introduces(text: str, verb: re.Match, quote: Quote) -> bool:
    """Whether ``verb`` stands right before ``quote``: alisema (pia kwamba) “…”."""
    return verb.end() <= quote.start and bool(_INTRO_GAP.fullmatch(text, verb.end(), quote.start))


def trails(text: str, quote: Quote, verb: re.Match) -> bool:
    """Whether ``verb`` follows ``quote`` within a few words: “…,” Putin alisema."""
    return quote.end <= verb.start() and bool(_OUTRO_GAP.fullmatch(text, quote.end, verb.start()))


def is_speech(text: str, lo: int, hi: int, verb: re.Match, quotes: list[Quote]) -> bool:
    """Whether ``verb`` reports speech here, for verbs that also have other senses: an infinitive
    only continuing a main verb, an object verb only with its object, a weak verb only beside a
    quotation or before a that-clause."""
    serial = _SERIAL_INFINITIVE.search(text, max(lo, verb.start() - 5), verb.start())
    if verb.group("subject").casefold() == "ku" and not serial:
        return False
    if verb.group("needs_object"):
        return bool(verb.group("object"))
    if verb.group("weak"):
        beside_quote = any(trails(text, q, verb) or introduces(text, verb, q) for q in quotes)
        return beside_quote or bool(_THAT_AHEAD.match(text, verb.end(), min(hi, verb.end() + THAT_REACH)))
    return True
