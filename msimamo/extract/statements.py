"""Statements of a Swahili news article: every body sentence, with its kind and speaker.

A statement is a sentence of the body (``msimamo.extract.furniture``), so its offsets can be laid
over the gold spans; a quotation running over several sentences is one statement. Its kind is
``quote`` when a quotation in it is the claim, ``reported`` when a speech verb or source phrase
attributes it, else ``narration``. A quotation is the claim when it is long, opens the sentence,
or sits next to a speech verb; one or two quoted words inside the outlet's own sentence are scare
quotes. A sentence whose verb names no one takes the previous statement's speaker, and each
speaker name is resolved once through the gazetteer.

An attribution may come after its words: in the next sentence («“…” Alisema Waziri X.», «Hayo
yamesemwa na X.»), which says nothing itself and gives its speaker to the quotation before it, or
in the next paragraph, when a quotation left open there goes on («“… (paragraph) …,” alisema X»).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from msimamo.extract.furniture import segments
from msimamo.extract.gazetteer import Entry, load_gazetteer
from msimamo.extract.names import note, reads_an_article
from msimamo.extract.quotations import Quote, overlapping, quotations
from msimamo.extract.sentences import sentences
from msimamo.extract.speakers import Attribution, anaphoric, attribute, claimless, main_subject, opens_claim
from msimamo.extract.speech import introduces, speech_verbs, trails

MIN_QUOTE_WORDS = 4
#: Words a speech verb's complement needs to be the claim; fewer ("…, X yameripoti Jumatano.")
#: means the attribution trails the claim.
MIN_COMPLEMENT_WORDS = 3
#: Spaces before a stop, tried only where a run of spaces starts.
_SPACE_BEFORE_STOP = re.compile(r"(?<!\s)\s++([.,;:!?])")


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
    headline: bool = False


def _is_claim(text: str, q: Quote, opening: int, verbs: list[re.Match]) -> bool:
    """A real quotation, not scare quotes: long, opening the sentence (its first character is at
    ``opening``), or beside a speech verb: the last verb before it (an earlier one has that verb
    between) or the first after it."""
    if len(text[q.inner_start:q.inner_end].split(None, MIN_QUOTE_WORDS)) >= MIN_QUOTE_WORDS:
        return True
    if q.start <= opening:
        return True
    i = bisect_right(verbs, q.start, key=lambda m: m.end())
    if i and introduces(text, verbs[i - 1], q):
        return True
    i = bisect_left(verbs, q.end, key=lambda m: m.start())
    return i < len(verbs) and trails(text, q, verbs[i])


def _opening(text: str, start: int, end: int) -> int:
    """Where the sentence ``text[start:end]`` has its first character that is not a space."""
    while start < end and text[start].isspace():
        start += 1
    return start


def _reported_content(text: str, start: int, end: int, attribution: Attribution) -> str:
    """The claim without its attribution or final stop: a speech verb's complement, or the rest
    of the sentence."""
    before = text[start:attribution.start]
    after = text[attribution.end:end]
    if attribution.introduces and (len(after.split()) >= MIN_COMPLEMENT_WORDS or opens_claim(text, attribution)):
        before = ""
    joined = " ".join(f"{before.rstrip(' ,')} {after.lstrip(' ,')}".split())
    return _SPACE_BEFORE_STOP.sub(r"\1", joined).strip(" ,.;:!?")


def _read(text: str, start: int, end: int, quotes: list[Quote],
          headline: bool = False) -> tuple[Attribution | None, bool]:
    """A sentence's attribution and whether a quotation in it is its claim."""
    verbs = speech_verbs(text, start, end)
    opening = _opening(text, start, end)
    return (attribute(text, start, end, quotes, verbs, headline),
            any(_is_claim(text, q, opening, verbs) for q in quotes))


@dataclass(frozen=True, slots=True)
class _Reading:
    """A sentence read alone: its claim, speaker name and kind; ``own`` when the sentence names
    its speaker itself; ``gives`` the speaker of a sentence that only attributes words said before
    it, and ``anaphor`` when it points at them (Hayo yamesemwa na X)."""

    quote: str
    name: str | None
    kind: str
    own: bool = False
    gives: str | None = None
    anaphor: bool = False


def _statement(text: str, start: int, end: int, quotes: list[Quote], previous: str | None,
               headline: bool = False) -> _Reading:
    """A sentence's claim, speaker name and kind."""
    attribution, claim = _read(text, start, end, quotes, headline)
    own = bool(attribution and attribution.speaker)
    if claim:
        speaker = attribution.speaker if attribution else main_subject(text, start, end, quotes)
        quoted = " … ".join(text[q.inner_start:q.inner_end].strip().rstrip(",") for q in quotes)
        return _Reading(quoted, speaker or previous, "quote", own=own)
    if attribution and claimless(text, start, end, attribution):
        return _Reading(text[start:end], None, "narration", gives=attribution.speaker,
                        anaphor=anaphoric(text, start, end, attribution))
    if attribution and (attribution.speaker or previous):
        content = _reported_content(text, start, end, attribution)
        return _Reading(content, attribution.speaker or previous, "reported", own=own)
    return _Reading(text[start:end], None, "narration")


def resolve(name: str | None) -> Speaker | None:
    """A speaker name with its gazetteer entry: the one look-up a statement's speaker gets."""
    return Speaker(name, load_gazetteer().lookup(name)) if name else None


def _continues(text: str, start: int, quotes: list[Quote]) -> bool:
    """Whether a paragraph opens inside a quotation that began earlier: its first quotation has no
    opening mark."""
    return bool(quotes) and quotes[0].start == start == quotes[0].inner_start


@reads_an_article
def extract(text: str) -> list[Statement]:
    """One statement per body sentence, in order, and each title or teaser line that reports
    speech. A speakerless verb in the body takes the body's last speaker; a headline names its
    speaker itself or is no statement, and it never lends its speaker to the body. A quotation
    that names no speaker takes the one its attribution names in the next sentence."""
    statements: list[Statement] = []
    previous: str | None = None
    speakers: dict[str, Speaker | None] = {}
    waiting: int | None = None  # the last body sentence's index, when a quotation that names no one
    left_open = False  # … whose quotation runs on into the next paragraph

    def speaker(name: str | None) -> Speaker | None:
        if name not in speakers:
            speakers[name] = resolve(name)
        return speakers[name]

    def give(index: int, name: str, **changes) -> None:
        statements[index] = replace(statements[index], speaker=speaker(name), **changes)

    for segment in segments(text):
        quotes = quotations(text, segment.start, segment.end)
        for s, e in sentences(text, segment.start, segment.end, quotes):
            inside = overlapping(quotes, s, e)
            read = _statement(text, s, e, inside, None if segment.headline else previous, segment.headline)
            note(text, s, e)
            if segment.headline:
                if read.kind != "narration" and read.name:
                    statements.append(Statement(read.quote, speaker(read.name), read.kind, s, e, True))
                continue
            last = statements[-1] if statements and not statements[-1].headline else None
            if read.gives and waiting is not None:
                give(waiting, read.gives)
            elif read.gives and read.anaphor and last is not None and last.kind == "narration":
                give(len(statements) - 1, read.gives, kind="reported",
                     quote=text[last.start:last.end].strip().rstrip(".!?"))
            elif read.own and waiting is not None and ((left_open and s == segment.start)
                                                       or _continues(text, s, inside)):
                give(waiting, read.name)
            previous = read.gives or read.name or previous
            statements.append(Statement(read.quote, speaker(read.name), read.kind, s, e))
            waiting = len(statements) - 1 if read.kind == "quote" and not read.own else None
            left_open = bool(inside) and inside[-1].inner_end == inside[-1].end == segment.end
    return statements


def find_speaker(text: str) -> Speaker | None:
    """The speaker of one statement given alone with its attribution, with its gazetteer entry."""
    quotes = quotations(text, 0, len(text))
    attribution, claim = _read(text, 0, len(text), quotes)
    if attribution:
        return resolve(attribution.speaker)
    return resolve(main_subject(text, 0, len(text), quotes)) if claim else None
