"""Attribution: who a sentence's claim comes from.

The first attribution outside quotations wins: a speech verb (``msimamo.extract.speech``) or a
source phrase ("kwa mujibu wa X", "kulingana na X", "… na X" after a passive such as
ilivyonukuliwa). The speaker is the head of the noun phrase before the verb, an organ or official
as written when no person is named, the name after a verb that follows its quotation
(«“…,” amesema Peskov»), or the sentence's subject for a participle (…, akisema …). A verb naming
no one leaves the speaker to the caller, who carries the previous one over («“…,” iliongeza.»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from msimamo.extract.gazetteer import TOKEN, fold, load_gazetteer
from msimamo.extract.names import Name, as_written, is_anaphor, names, speaker_in
from msimamo.extract.quotations import Quote
from msimamo.extract.speech import is_speech
from msimamo.lang.sw.marks import APOSTROPHE, MARKS, mark_pattern
from msimamo.lang.sw.morphology import FINITE_VERB, PERSON_PREFIXES
from msimamo.lang.sw.words import (CLAUSE_BREAKS, NOT_NAMES, PHRASE_BREAKS, SOURCE_PHRASES, SPEAKER_NOUNS, THAT, TITLES,
                                   WHILE)

#: Longest noun phrase taken as written for a person verb's subject; longer stretches hold more
#: than a subject.
MAX_SUBJECT_WORDS = 6
_SOURCE_PHRASE = re.compile(r"\b(?:%s)\s+" % "|".join(r"\s+".join(p.split()) for p in SOURCE_PHRASES), re.I)


def _cue(phrase: str) -> str:
    """The phrase's longest word, less its first letter when it opens the phrase, which a sentence
    may capitalise (Kulingana na …)."""
    words = phrase.split()
    longest = max(words, key=len)
    return longest[1:] if longest == words[0] else longest


#: A substring test that spares most sentences the source-phrase regex.
_SOURCE_CUES = tuple(_cue(p) for p in SOURCE_PHRASES)
_AGENT = re.compile(r"\s+na\s+", re.I)
#: Where a speech verb's complement starts: after "kwamba"/"kuwa" (or "ya kwamba") or a colon.
_THAT = re.compile(rf"\s*(?:ya\s+(?=kwamba))?(?:{'|'.join(THAT)})\b|\s*:", re.I)
_COMMA_GAP = re.compile(r"[\s,]*")
_QUOTATION_MARK = mark_pattern(m for m in MARKS if m != APOSTROPHE)
#: Where the noun phrase before a speech verb begins.
_CLAUSE_BREAK = re.compile(rf"[,;:\[\]]|{_QUOTATION_MARK}|\b(?:{'|'.join(CLAUSE_BREAKS)})\b", re.I)
#: Where a source phrase's or a trailing speaker's noun phrase ends.
_PHRASE_END = re.compile(rf"[,;:.!?()\[\]]|{_QUOTATION_MARK}|\b(?:{'|'.join(PHRASE_BREAKS)})\b", re.I)


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a sentence's claim comes from; ``speaker`` is None when the verb names no one.

    ``introduces`` is True for a speech verb, whose complement after it is the claim, and False for
    a parenthetical source phrase, which is cut out of the claim wherever it stands.
    """

    speaker: str | None
    start: int
    end: int
    introduces: bool = True


def _inside(pos: int, quotes: list[Quote]) -> bool:
    return any(q.start <= pos < q.end for q in quotes)


def _phrase_end(text: str, start: int, end: int) -> int:
    stop = _PHRASE_END.search(text, start, end)
    return stop.start() if stop else end


def main_subject(text: str, start: int, end: int, quotes: list[Quote]) -> str | None:
    """Who a participle or an unattributed quotation belongs to: the sentence's first head name
    outside quotations, else its opening organ or source phrase."""
    found = names(text, start, end, start)
    head = next((n for n in found if not n.modifier and not _inside(n.start, quotes)), None)
    head = head or as_written(text, start, _phrase_end(text, start, end))
    return head.speaker if head else None


def _source(text: str, start: int, end: int, lo: int) -> Attribution | None:
    """The X of "kwa mujibu wa X" / "… na X" after a passive speech verb; an anaphoric X
    ("kwa mujibu wa taarifa hiyo") attributes the sentence to a speaker named earlier."""
    stop = _phrase_end(text, start, end)
    found = speaker_in(text, start, stop, lo)
    if found:
        return Attribution(found.speaker, start, stop, introduces=False)
    return Attribution(None, start, stop, introduces=False) if is_anaphor(text, start, stop) else None


def _subject_before(text: str, lo: int, verb: re.Match, quotes: list[Quote]) -> Name | None | bool:
    """The subject noun phrase before a verb; False for a verb in a "huku …" clause, which reports
    a second party's reaction.

    Comma-separated stretches are read from the verb backwards, because an apposition or an aside
    ("Rais X, aliyehudhuria mkutano huo, alisema") may sit between the subject and its verb: the
    nearest stretch naming a head wins, then the nearest description, then the nearest modifier
    name. A stretch with a finite verb of its own is a clause, and the search stops there.
    """
    lo = max([lo] + [q.end for q in quotes if q.end <= verb.start()])
    breaks = list(_CLAUSE_BREAK.finditer(text, lo, verb.start()))
    relative = bool(verb.group("relative"))
    candidates: list[Name] = []
    stop = verb.start()
    while True:
        cut = breaks.pop() if breaks else None
        if cut is not None and fold(cut.group()) == WHILE:
            return False
        begin = cut.end() if cut else lo
        found = text[begin:stop].strip() and speaker_in(text, begin, stop, lo, relative)
        if found and _rank(found) == 0:
            return found
        if found:
            candidates.append(found)
        if cut is None or cut.group() != "," or FINITE_VERB.search(text, begin, stop):
            break
        stop = cut.start()
    return min(candidates, key=_rank, default=None)


def _rank(name: Name) -> int:
    """Named head first, then a description as written, then a name that only modifies."""
    return 2 if name.modifier else 1 if name.described else 0


def _name_after(text: str, start: int, end: int, lo: int) -> Name | None:
    """The speaker named right after a verb: «“…,” amesema Dmitri Peskov», «alisema afisa mmoja
    wa Pentagon»; titles may come between."""
    stop = _phrase_end(text, start, end)
    first = text[start:stop].split()[:1]
    if first and fold(first[0]) in SPEAKER_NOUNS:
        return speaker_in(text, start, stop, lo)
    found = names(text, start, stop, lo)
    if found and all(fold(w) in TITLES for w in TOKEN.findall(text, start, found[0].start)):
        return found[0]
    return None


def _person_subject(text: str, start: int, verb: re.Match) -> str | None:
    """The noun phrase before a verb that agrees with a person, as written: "Zinoviev alijibu",
    "Wafugaji wa ng'ombe walisema". Things take other noun classes (Taarifa ilisema), an
    anaphor (Kiongozi huyo) points back, and an opening adverb (Jana alisema) is no subject."""
    if verb.group("subject").casefold() not in PERSON_PREFIXES:
        return None
    finite = FINITE_VERB.search(text, start, verb.start())
    phrase = " ".join(text[start:finite.start() if finite else verb.start()].split()).strip(" ,")
    words = phrase.split()
    if not words or len(words) > MAX_SUBJECT_WORDS or fold(words[0]) in NOT_NAMES:
        return None
    if is_anaphor(phrase, 0, len(phrase)):
        return None
    entry = load_gazetteer().lookup(phrase)
    return entry.canonical if entry else phrase


def _right_after_quote(text: str, pos: int, quotes: list[Quote]) -> bool:
    return any(q.end <= pos and _COMMA_GAP.fullmatch(text, q.end, pos) for q in quotes)


def _verb(text: str, lo: int, hi: int, m: re.Match, quotes: list[Quote]) -> Attribution | None:
    """The attribution a speech verb makes, or None when the verb is not reporting speech here.

    The speaker is, in order: the person quoted after ‑nukuu with an object (alimnukuu X); the
    name after a verb that follows its quotation or a "kama alivyosema X"; the subject before the
    verb; the agent of a passive (ilivyonukuliwa na X); the noun phrase before a person verb; the
    sentence's subject for a participle or serial infinitive; else no one (the caller carries over).
    """
    if not is_speech(text, lo, hi, m, quotes):
        return None
    agent = _AGENT.match(text, m.end(), hi)
    if m.group("passive") and not agent:
        return None
    subject = _subject_before(text, lo, m, quotes)
    if subject is False:
        return None
    quoted = m.group("object") and fold(m.group("strong") or "") == "nukuu"
    if quoted or (not subject and (_right_after_quote(text, m.start(), quotes) or m.group("relative") == "vyo")):
        after = _name_after(text, m.end(), hi, lo)
        if after:
            return Attribution(after.speaker, m.start(), after.end)
    that = _THAT.match(text, m.end(), hi)
    end = that.end() if that else m.end()
    if subject:
        return Attribution(subject.speaker, subject.start, end)
    if m.group("passive"):
        return _source(text, agent.end(), hi, lo)
    person = _person_subject(text, max([lo] + [q.end for q in quotes if q.end <= m.start()]), m)
    if person:
        return Attribution(person, lo, end)
    if m.group("tense") == "ki" or m.group("subject").casefold() == "ku":
        return Attribution(main_subject(text, lo, hi, quotes), m.start(), end)
    return Attribution(None, m.start(), end)


def attribute(text: str, start: int, end: int, quotes: list[Quote], verbs: list[re.Match]) -> Attribution | None:
    """The first attribution of the sentence ``text[start:end]`` outside its quotations, given its
    speech verbs (``speech_verbs``)."""
    cues = [(m.start(), m) for m in verbs]
    sentence = text[start:end]
    if any(cue in sentence for cue in _SOURCE_CUES):
        cues += [(m.start(), m) for m in _SOURCE_PHRASE.finditer(text, start, end)]
    for pos, m in sorted(cues, key=lambda c: c[0]):
        if any(q.inner_start <= pos < q.inner_end for q in quotes):
            continue
        if m.re is _SOURCE_PHRASE:
            found = _source(text, m.end(), end, start)
            found = found and Attribution(found.speaker, m.start(), found.end, introduces=False)
        else:
            found = _verb(text, start, end, m, quotes)
        if found:
            return found
    return None
