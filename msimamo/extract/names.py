"""Who a stretch of text names: known names from the gazetteer, unknown capitalised names, and
descriptions as written ("Idara ya Ujasusi ya Korea Kusini").

Swahili puts the head of a noun phrase first, so "msemaji wa Kremlin Dmitri Peskov" is Peskov and
Kremlin only modifies "msemaji"; a capitalised word opening a sentence, a title or a date is no
name; a speaker noun with a demonstrative ("taarifa hiyo") points back to an earlier speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from msimamo.extract.gazetteer import TOKEN, fold, load_gazetteer
from msimamo.lang.sw.marks import OPENING
from msimamo.lang.sw.morphology import FINITE_VERB
from msimamo.lang.sw.words import (CONNECTORS, DEMONSTRATIVES, DOCUMENTS, MODIFIER_WORDS, NAME_PARTICLES, NOT_NAMES,
                                   POSSESSIVES, SPEAKER_NOUNS, TITLES)

#: Characters looked back from a name for the word that makes it a modifier (titles included).
MODIFIER_REACH = 40
#: Capitalised words, joined over a connector or a name particle (Umoja wa Mataifa, von der Leyen);
#: a name may hold an apostrophe or a hyphen (N’Golo, Jong-un).
_NAME_RUN = re.compile(
    rf"\b[A-ZÀ-Þ][\w’'-]*(?:\s+(?:(?:{'|'.join(POSSESSIVES + NAME_PARTICLES)})\s+)?[A-ZÀ-Þ][\w’'-]*)*"
)
_PARENTHESIS = re.compile(r"\([^)]*\)")


@dataclass(frozen=True, slots=True)
class Name:
    """A speaker found in text: ``modifier`` when it only qualifies another noun (msemaji wa
    Kremlin), ``described`` when it is a description as written rather than a name."""

    start: int
    end: int
    speaker: str
    modifier: bool
    described: bool = False


def _is_modifier(text: str, lo: int, start: int) -> bool:
    """Whether the words before a name make it a modifier: a connector past its titles
    (msemaji wa Kremlin), or "naibu", whose deputy is someone else."""
    for word in reversed(text[max(lo, start - MODIFIER_REACH):start].split()):
        if not word.isalpha():
            return False
        word = fold(word)
        if word == "naibu":
            return True
        if word not in TITLES:
            return word in MODIFIER_WORDS
    return False


def _unknown_name(text: str, lo: int, start: int, end: int) -> tuple[int, str] | None:
    """The name in a capitalised run: not a capitalised sentence opening, title or date word, and
    after its owner ("Wizara ya Muungano Koo Byoung-sam" → Koo Byoung-sam)."""
    words = list(TOKEN.finditer(text, start, end))
    if start == lo or not text[lo:start].strip(" " + OPENING):
        if len(words) == 1:
            return None
        if fold(words[1].group()) in CONNECTORS:
            words = words[2:]
    connectors = [i for i, w in enumerate(words) if fold(w.group()) in CONNECTORS]
    if connectors and connectors[-1] + 2 < len(words):
        words = words[connectors[-1] + 2:]
    while words and (fold(words[0].group()) in TITLES or fold(words[0].group()) in CONNECTORS):
        words = words[1:]
    if not words or all(fold(w.group()) in NOT_NAMES for w in words):
        return None
    return words[0].start(), text[words[0].start():end]


def names(text: str, start: int, end: int, lo: int) -> list[Name]:
    """Speakers named in ``text[start:end]``: gazetteer names, then unknown capitalised names.

    ``lo`` is the sentence start, which tells a capitalised opening word from a name. Of a
    capitalised run holding known names ("Waziri wa Ulinzi wa Korea Kusini Shin Won-sik") only the
    part after the last known name can be an unknown one. A name in brackets is an acronym
    standing beside the speaker, not the speaker.
    """
    known = load_gazetteer().mentions(text, start, end)
    found = [Name(m.start, m.end, m.entry.canonical, _is_modifier(text, lo, m.start)) for m in known]
    for run in _NAME_RUN.finditer(text, start, end):
        run_start = max([run.start()] + [m.end for m in known if m.start < run.end() and run.start() < m.end])
        unknown = run_start < run.end() and _unknown_name(text, lo, run_start, run.end())
        if unknown:
            found.append(Name(unknown[0], run.end(), unknown[1], _is_modifier(text, lo, unknown[0])))
    return sorted((n for n in found if text[n.start - 1:n.start] != "("), key=lambda n: n.start)


def as_written(text: str, start: int, end: int) -> Name | None:
    """A noun phrase headed by an organ or source noun, as the article writes it, up to its verb.

    "Idara ya Ujasusi ya Korea Kusini (NIS)" is the speaker, not Korea Kusini; a spokesperson
    speaks for their body ("Msemaji wa Wizara X" → "Wizara X"); "taarifa hiyo" (that statement)
    points back to an earlier speaker and so names no one here.
    """
    verb = FINITE_VERB.search(text, start, end)
    if verb and text[start:verb.start()].strip():
        end = verb.start()
    phrase = " ".join(_PARENTHESIS.sub(" ", text[start:end]).split()).strip(" ,")
    words = [fold(w) for w in phrase.split()]
    if not words or words[0] not in SPEAKER_NOUNS or (len(words) > 1 and words[1] in DEMONSTRATIVES):
        return None
    if words[0] in ("msemaji", "wasemaji") and len(words) > 2 and words[1] in CONNECTORS:
        phrase = phrase.split(maxsplit=2)[2]
    return Name(start, end, phrase, modifier=False, described=True)


def is_anaphor(text: str, start: int, end: int) -> bool:
    """"taarifa hiyo", "Jopo hilo": a source named earlier in the article."""
    words = [fold(w) for w in text[start:end].split()[:2]]
    return len(words) == 2 and words[0] in SPEAKER_NOUNS and words[1] in DEMONSTRATIVES


def speaker_in(text: str, start: int, end: int, lo: int, relative: bool = False) -> Name | None:
    """The speaker a noun phrase names.

    Swahili puts the head first: the first name that is not a modifier; a document's author
    (taarifa iliyotolewa na X); an organ or source phrase as written; else any name. A relative
    verb (taarifa ya X inayosema) attaches to the noun right before it, so it takes the last name.
    """
    found = names(text, start, end, lo)
    if relative and found:
        return found[-1]
    head = next((n for n in found if not n.modifier), None)
    if head:
        return head
    first = text[start:end].split()[:1]
    if found and first and fold(first[0]) in DOCUMENTS:
        return found[0]
    return as_written(text, start, end) or (found[0] if found else None)
