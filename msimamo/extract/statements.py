"""Statements of a Swahili news article: every body sentence, with its kind and speaker.

A statement is a sentence of the body (``msimamo.extract.furniture``), so its offsets can be laid
over the gold spans; a quotation running over several sentences is one statement. Its kind is
``quote`` when a quotation in it is the claim, ``reported`` when a speech verb or source phrase
attributes it, else ``narration``. A quotation is the claim when it is long, opens the sentence,
or sits next to a speech verb; one or two quoted words inside the outlet's own sentence are scare
quotes. A sentence whose verb names no one takes the previous statement's speaker, and each
speaker name is resolved once through the gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from msimamo.extract.furniture import body_segments
from msimamo.extract.gazetteer import Entry, load_gazetteer
from msimamo.extract.quotations import Quote, quotations
from msimamo.extract.sentences import sentences
from msimamo.extract.speakers import Attribution, attribute, main_subject
from msimamo.extract.speech import introduces, speech_verbs, trails

MIN_QUOTE_WORDS = 4
#: Words a speech verb's complement needs to be the claim; fewer ("…, X yameripoti Jumatano.")
#: means the attribution trails the claim.
MIN_COMPLEMENT_WORDS = 3
_SPACE_BEFORE_STOP = re.compile(r"\s+([.,;:!?])")


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who made a statement: the name as the extractor settled it (the gazetteer's canonical name
    when known, else as written) and the gazetteer entry, looked up once here so that nothing
    downstream (bloc, summaries, batch rows) looks it up again."""

    name: str
    entry: Entry | None = None

    @property
    def bloc(self) -> str | None:
        return self.entry.bloc if self.entry else None


@dataclass(frozen=True, slots=True)
class Statement:
    """One body sentence: its claim (the quoted words, the reported content, or the sentence for
    narration), who made it, its kind, and its offsets in the input."""

    quote: str
    speaker: Speaker | None
    kind: str
    start: int
    end: int


def _is_claim(text: str, q: Quote, sentence_start: int, verbs: list[re.Match]) -> bool:
    """A real quotation, not scare quotes: long, opening the sentence, or beside a speech verb."""
    if len(text[q.inner_start:q.inner_end].split()) >= MIN_QUOTE_WORDS:
        return True
    if not text[sentence_start:q.start].strip():
        return True
    if any(introduces(text, m, q) for m in verbs):
        return True
    verb = next((m for m in verbs if m.start() >= q.end), None)
    return bool(verb) and trails(text, q, verb)


def _reported_content(text: str, start: int, end: int, attribution: Attribution) -> str:
    """The claim without its attribution or final stop: a speech verb's complement, or the rest
    of the sentence."""
    before = text[start:attribution.start]
    after = text[attribution.end:end]
    if attribution.introduces and len(after.split()) >= MIN_COMPLEMENT_WORDS:
        before = ""
    joined = " ".join(f"{before.rstrip(' ,')} {after.lstrip(' ,')}".split())
    return _SPACE_BEFORE_STOP.sub(r"\1", joined).strip(" ,.;:!?")


def _read(text: str, start: int, end: int, quotes: list[Quote]) -> tuple[Attribution | None, bool]:
    """A sentence's attribution and whether a quotation in it is its claim."""
    verbs = speech_verbs(text, start, end)
    return attribute(text, start, end, quotes, verbs), any(_is_claim(text, q, start, verbs) for q in quotes)


def _statement(text: str, start: int, end: int, quotes: list[Quote],
               previous: str | None) -> tuple[str, str | None, str]:
    """A sentence's claim, speaker name and kind."""
    attribution, claim = _read(text, start, end, quotes)
    if claim:
        speaker = attribution.speaker if attribution else main_subject(text, start, end, quotes)
        quoted = " … ".join(text[q.inner_start:q.inner_end].strip().rstrip(",") for q in quotes)
        return quoted, speaker or previous, "quote"
    if attribution and (attribution.speaker or previous):
        content = _reported_content(text, start, end, attribution)
        return content, attribution.speaker or previous, "reported"
    return text[start:end], None, "narration"


def resolve(name: str | None) -> Speaker | None:
    """A speaker name with its gazetteer entry: the one look-up a statement's speaker gets."""
    return Speaker(name, load_gazetteer().lookup(name)) if name else None


def extract(text: str) -> list[Statement]:
    """One statement per body sentence, in order; a speakerless verb takes the last speaker."""
    statements: list[Statement] = []
    previous: str | None = None
    speakers: dict[str, Speaker | None] = {}
    for seg_start, seg_end in body_segments(text):
        quotes = quotations(text, seg_start, seg_end)
        for s, e in sentences(text, seg_start, seg_end, quotes):
            inside = [q for q in quotes if q.start < e and s < q.end]
            quote, name, kind = _statement(text, s, e, inside, previous)
            previous = name or previous
            if name not in speakers:
                speakers[name] = resolve(name)
            statements.append(Statement(quote, speakers[name], kind, s, e))
    return statements


def find_speaker(text: str) -> Speaker | None:
    """The speaker of one statement given alone with its attribution, with its gazetteer entry."""
    quotes = quotations(text, 0, len(text))
    attribution, claim = _read(text, 0, len(text), quotes)
    if attribution:
        return resolve(attribution.speaker)
    return resolve(main_subject(text, 0, len(text), quotes)) if claim else None
