"""Statements of a Swahili news article: every body sentence, with its kind and speaker.

A statement is a sentence of the body (``training.clean``), so its offsets can be laid over the gold
spans; a quotation running over several sentences is one statement. The rules are about Swahili and
news writing, not about any one outlet:

* quotation marks are paired by direction (“ ” « » ‘ ’) or, for the straight forms (" '' '), by
  which side of a word they touch; a closing mark whose opening one the outlet lost opens at the
  paragraph start; an apostrophe inside a word (ng'ombe) is not a mark;
* a quotation is the statement's claim when it is long, opens the sentence, or sits next to a
  speech verb; one or two quoted words inside the outlet's own sentence are scare quotes;
* speech is found by its verb (subject prefix + tense + stem: a-li-sema, i-me-ripoti, a-ki-sema,
  i-na-yo-sema) or by a source phrase ("kwa mujibu wa X", "kulingana na X", "… na X" after a
  passive such as ilivyonukuliwa); the first attribution outside quotations wins;
* the speaker is the head of the noun phrase before the verb (Swahili puts the head first, so
  "msemaji wa Kremlin Dmitri Peskov" is Peskov), an organ or official as written when no person is
  named ("Idara ya Ujasusi ya Korea Kusini"), the name after a verb that follows its quotation
  («“…,” amesema Peskov»), the sentence's subject for a participle (…, akisema …), and otherwise
  the previous statement's speaker («“…,” iliongeza.»); known names become the gazetteer's.
"""

from __future__ import annotations

import json
import re
import string
import sys
from dataclasses import asdict, dataclass

from training.clean import body_segments
from training.gazetteer import CONNECTORS, ORGANS, OWNER_WORDS, TITLES, fold, load_gazetteer

MIN_QUOTE_WORDS = 4
#: Words a speech verb's complement needs to be the claim; fewer ("…, X yameripoti Jumatano.")
#: means the attribution trails the claim.
MIN_COMPLEMENT_WORDS = 3
#: Characters looked back from a name for the word that makes it a modifier (titles included).
MODIFIER_REACH = 40
#: Characters after a weak verb in which its that-clause must start (aliitaja ziara ya X kuwa …).
THAT_REACH = 80
#: Words that may follow a speech verb before the quotation it introduces (alisema pia kwamba “…”).
_INTRO_GAP = re.compile(r"\s*(?:(?:pia|tu|kwamba|kuwa|ya|wakati|huo)\s+)*[,:]?\s*", re.I)
_OUTRO_GAP = re.compile(r"[\s,.]*(?:\S+\s+){0,3}")
_COMMA_GAP = re.compile(r"[\s,]*")
_SPACE_BEFORE_STOP = re.compile(r"\s+([.,;:!?])")

_MARK = re.compile(r"''|[“”\"«»„‘’']")
_FAMILY = {"“": "double", "”": "double", "„": "double", '"': "double", "''": "double",
           "«": "angle", "»": "angle", "‘": "single", "’": "single", "'": "single"}
_OPENS_ONLY, _CLOSES_ONLY = frozenset("“«„‘"), frozenset("”»")
_AFTER_CLOSE = frozenset(".,;:!?)]}…”»’'\"")
_BEFORE_OPEN = frozenset("([{—–-/")

_SENTENCE_BREAK = re.compile(r"[.!?…]+[”\"’'»)\]]*(?P<gap>\s+|(?=[A-Z][a-z]))")
_LAST_WORD = re.compile(r"(\w+)$")
ABBREVIATIONS = frozenset(
    "bw bwn bi dkt dk dr prof mhe mh mhs jen lt kan sh tsh ksh mt st mr mrs ms no nk km "
    "jan feb mar apr aug sep sept okt oct nov des dec inc ltd co".split()
)

_SPEECH_STEMS = (
    "sema|sisitiza|onya|eleza|elezea|dai|kanusha|tangaza|ripoti|hofia|ahidi|apa|laani|kosoa|kemea|"
    "nukuu|shutumu|tuhumu|tahadharisha|ambia|lalamika|shukuru|pongeza|kumbusha|kiri|uliza|hakikishia|hoji"
)
#: Verbs that also have a non-speech sense (iliongeza = "increased"); speech only beside a
#: quotation or before a that-clause.
_WEAK_STEMS = "ongeza|thibitisha|bainisha|jibu|taja|rudia"
#: Verbs that report speech only with an object: aliwataka (urged them) but anataka (wants).
_OBJECT_STEMS = "taka|ita"
_PASSIVE_STEMS = "nukuliwa|ripotiwa|tangazwa|elezwa|semwa"
_SPEECH_VERB = re.compile(
    r"\b(?P<subject>a|wa|u|i|li|ya|ki|vi|zi|tu|mu|m|ni|yu|hu|ku)"
    r"(?P<tense>li|me|na|ta|ki|ka|nge|ngali|mesha|sha)?(?P<relative>ye|yo|lo|cho|vyo|zo|po|ko|mo|o)?"
    r"(?P<object>mw|m|wa|ki|vi|zi|li|ya|i|u|tu|ni)?"
    rf"(?:(?P<strong>{_SPEECH_STEMS})|(?P<weak>{_WEAK_STEMS})|(?P<needs_object>{_OBJECT_STEMS})"
    rf"|(?P<passive>{_PASSIVE_STEMS}))\b",
    re.I,
)
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
REVERSED_STEMS = [stem[::-1] for stems in (_SPEECH_STEMS, _WEAK_STEMS, _OBJECT_STEMS, _PASSIVE_STEMS)
                  for stem in stems.split("|")]
_REVERSED_STEM = re.compile(r"\b" + prefix_tree_pattern(REVERSED_STEMS))
#: The rest of a word: letters and digits (``str.isalnum``), no underscore.
_LETTERS = re.compile(r"[^\W_]*")
#: "na kusema", "kwa kusema": an infinitive continuing the main verb, with its subject.
_SERIAL_INFINITIVE = re.compile(r"\b(?:na|kwa)\s+$", re.I)
#: A finite verb that is not relative (a-li-sema, i-me-kuwa; not a-na-ye-shughulikia): where a
#: subject noun phrase ends. Lowercase only, and without the prefix + tense pairs that also begin
#: common nouns and adjectives (wana-jeshi, wata-alamu, u-li-nzi, ki-ta-ifa).
_FINITE_VERB = re.compile(
    r"\b(?:(?:a|i|li|ya|vi|zi)(?:li|me|na|ta)|u(?:me|na|ta)|wa(?:li|me)|ki(?:li|me|na))"
    r"(?!ye|yo|lo|cho|vyo|zo|po|ko|mo)[a-z]{2,}"
)
#: Subject prefixes of the person classes (a-lisema, wa-lisema); other classes are things.
PERSON_PREFIXES = frozenset({"a", "wa", "yu"})
_THAT = re.compile(r"\s*(?:(?:ya\s+)?kwamba|kuwa)\b|\s*:", re.I)
_THAT_AHEAD = re.compile(r"[^,.;:!?“”\"«»]*?\b(?:kwamba|kuwa)\b", re.I)
_AGENT = re.compile(r"\s+na\s+", re.I)
_SOURCE_PHRASE = re.compile(r"\b(?:kwa\s+mujibu\s+wa|kulingana\s+na)\s+", re.I)
#: Where the noun phrase before a speech verb begins, and where a source phrase's noun phrase ends.
_CLAUSE_BREAK = re.compile(
    r"[,;:\[\]“”\"«»„‘’]|''|\b(?:kwamba|kuwa|huku|lakini|ambapo|ambaye|ambao|bali)\b", re.I
)
_PHRASE_END = re.compile(r"[,;:.!?()\[\]“”\"«»„‘’]|''|\b(?:kwamba|kuwa|huku|lakini)\b", re.I)
_NAME_RUN = re.compile(
    r"\b[A-ZÀ-Þ][\w’'-]*(?:\s+(?:(?:wa|ya|la|za|cha|vya|von|der|de|al|bin)\s+)?[A-ZÀ-Þ][\w’'-]*)*"
)
_WORD = re.compile(r"[^\W_]+")
_PARENTHESIS = re.compile(r"\([^)]*\)")
#: Capitalised words that are never a speaker: dates, and adverbs that open a sentence.
NOT_NAMES = frozenset(
    "jumatatu jumanne jumatano alhamisi ijumaa jumamosi jumapili januari februari machi aprili mei "
    "juni julai agosti septemba oktoba novemba desemba jana leo kesho juzi baadaye awali kisha hata "
    "pia hivyo hapo sasa".split()
)
#: Longest noun phrase taken as written for a person verb's subject; longer stretches hold more
#: than a subject.
MAX_SUBJECT_WORDS = 6
#: A name after these words modifies a noun (msemaji wa Kremlin, balozi nchini Marekani) or is a
#: second party (Kim na Putin), so it is not the subject of the clause.
MODIFIER_WORDS = OWNER_WORDS | frozenset("kutoka dhidi na kati baina".split())
#: Nouns that head a speaker's description when it holds no name (afisa mmoja wa Pentagon,
#: vyombo vya habari vya serikali hizi mbili).
DOCUMENTS = frozenset("taarifa ripoti tamko azimio barua hotuba".split())
SPEAKER_NOUNS = ORGANS | DOCUMENTS | frozenset(
    "vyombo chombo mashirika shirika wataalamu mtaalamu wachambuzi mchambuzi mtafiti watafiti vyanzo "
    "chanzo gazeti magazeti jarida televisheni redio polisi timu jopo kundi".split()
)
DEMONSTRATIVES = frozenset("huyo hao hiyo hizo hilo hayo hicho hivyo huo ile yule wale".split())


@dataclass(frozen=True, slots=True)
class Statement:
    """One body sentence: its claim (the quoted words, the reported content, or the sentence for
    narration), who made it, its kind, and its offsets in the input."""

    quote: str
    speaker: str | None
    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``start``/``end`` include its marks, ``inner_*`` are the quoted words."""

    start: int
    end: int
    inner_start: int
    inner_end: int


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


@dataclass(frozen=True, slots=True)
class _Name:
    """A speaker found in text: ``modifier`` when it only qualifies another noun (msemaji wa
    Kremlin), ``described`` when it is a description as written rather than a name."""

    start: int
    end: int
    speaker: str
    modifier: bool
    described: bool = False


# --- quotation marks -------------------------------------------------------------------------

def _mark_roles(text: str, start: int, end: int):
    """(offset, mark, can_open, can_close) for each quotation mark in ``text[start:end]``."""
    for m in _MARK.finditer(text, start, end):
        mark, i, j = m.group(), m.start(), m.end()
        before = text[i - 1] if i > start else " "
        after = text[j] if j < end else " "
        if mark in _OPENS_ONLY:
            yield i, mark, True, False
        elif mark in _CLOSES_ONLY:
            yield i, mark, False, True
        elif before.isalnum() and after.isalnum():
            continue
        else:
            can_open = not after.isspace() and (before.isspace() or before in _BEFORE_OPEN)
            can_close = not before.isspace() and (after.isspace() or after in _AFTER_CLOSE)
            if can_open != can_close:
                yield i, mark, can_open, can_close


def quotations(text: str, start: int, end: int) -> list[Quote]:
    """Quotations in one paragraph; the outermost of nested ones."""
    found: list[Quote] = []
    opened: tuple[int, str, int] | None = None
    for i, mark, can_open, can_close in _mark_roles(text, start, end):
        family = _FAMILY[mark]
        if opened is None:
            if can_open:
                opened = (i, family, i + len(mark))
            elif not found:
                found.append(Quote(start, i + len(mark), start, i))
        elif can_close and family == opened[1]:
            found.append(Quote(opened[0], i + len(mark), opened[2], i))
            opened = None
    if opened is not None:
        found.append(Quote(opened[0], end, opened[2], end))
    return [q for q in found if text[q.inner_start:q.inner_end].strip()]


# --- sentences -------------------------------------------------------------------------------

def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    word = _LAST_WORD.search(text, start, dot)
    return bool(word) and (len(word.group()) == 1 or word.group().casefold() in ABBREVIATIONS)


def sentences(text: str, start: int, end: int, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph; no break inside a quotation that goes on after it."""
    spans, begin = [], start
    for m in _SENTENCE_BREAK.finditer(text, start, end):
        stop, nxt = m.start("gap"), m.end()
        if nxt >= end or text[nxt].islower() or _is_abbreviation(text, start, m.start()):
            continue
        if not m.group("gap") and not text[m.start() - 1].islower():
            continue
        if any(q.inner_start <= m.start() < q.inner_end and q.end > stop for q in quotes):
            continue
        spans.append((begin, stop))
        begin = nxt
    spans.append((begin, end))
    return [(s, e) for s, e in spans if s < e]


# --- speech verbs and names ------------------------------------------------------------------

def speech_verbs(text: str, start: int, end: int) -> list[re.Match]:
    """Speech verbs in ``text[start:end]``, in order.

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
        verb = _SPEECH_VERB.fullmatch(text, end - k, word_end)
        if verb:
            found.append(verb)
    return found[::-1]


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
    words = list(_WORD.finditer(text, start, end))
    if start == lo or not text[lo:start].strip(" “\"«‘'"):
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


def names(text: str, start: int, end: int, lo: int) -> list[_Name]:
    """Speakers named in ``text[start:end]``: gazetteer names, then unknown capitalised names.

    ``lo`` is the sentence start, which tells a capitalised opening word from a name. Of a
    capitalised run holding known names ("Waziri wa Ulinzi wa Korea Kusini Shin Won-sik") only the
    part after the last known name can be an unknown one. A name in brackets is an acronym
    standing beside the speaker, not the speaker.
    """
    known = load_gazetteer().mentions(text, start, end)
    found = [_Name(m.start, m.end, m.entry.canonical, _is_modifier(text, lo, m.start)) for m in known]
    for run in _NAME_RUN.finditer(text, start, end):
        run_start = max([run.start()] + [m.end for m in known if m.start < run.end() and run.start() < m.end])
        unknown = run_start < run.end() and _unknown_name(text, lo, run_start, run.end())
        if unknown:
            found.append(_Name(unknown[0], run.end(), unknown[1], _is_modifier(text, lo, unknown[0])))
    return sorted((n for n in found if text[n.start - 1:n.start] != "("), key=lambda n: n.start)


def _as_written(text: str, start: int, end: int) -> _Name | None:
    """A noun phrase headed by an organ or source noun, as the article writes it, up to its verb.

    "Idara ya Ujasusi ya Korea Kusini (NIS)" is the speaker, not Korea Kusini; a spokesperson
    speaks for their body ("Msemaji wa Wizara X" → "Wizara X"); "taarifa hiyo" (that statement)
    points back to an earlier speaker and so names no one here.
    """
    verb = _FINITE_VERB.search(text, start, end)
    if verb and text[start:verb.start()].strip():
        end = verb.start()
    phrase = " ".join(_PARENTHESIS.sub(" ", text[start:end]).split()).strip(" ,")
    words = [fold(w) for w in phrase.split()]
    if not words or words[0] not in SPEAKER_NOUNS or (len(words) > 1 and words[1] in DEMONSTRATIVES):
        return None
    if words[0] in ("msemaji", "wasemaji") and len(words) > 2 and words[1] in CONNECTORS:
        phrase = phrase.split(maxsplit=2)[2]
    return _Name(start, end, phrase, modifier=False, described=True)


def _is_anaphor(text: str, start: int, end: int) -> bool:
    """"taarifa hiyo", "Jopo hilo": a source named earlier in the article."""
    words = [fold(w) for w in text[start:end].split()[:2]]
    return len(words) == 2 and words[0] in SPEAKER_NOUNS and words[1] in DEMONSTRATIVES


def _speaker_in(text: str, start: int, end: int, lo: int, relative: bool = False) -> _Name | None:
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
    return _as_written(text, start, end) or (found[0] if found else None)


def main_subject(text: str, start: int, end: int, quotes: list[Quote]) -> str | None:
    """Who a participle or an unattributed quotation belongs to: the sentence's first head name
    outside quotations, else its opening organ or source phrase."""
    found = names(text, start, end, start)
    head = next((n for n in found if not n.modifier and not _inside(n.start, quotes)), None)
    head = head or _as_written(text, start, _phrase_end(text, start, end))
    return head.speaker if head else None


# --- attribution -----------------------------------------------------------------------------

def _inside(pos: int, quotes: list[Quote]) -> bool:
    return any(q.start <= pos < q.end for q in quotes)


def _phrase_end(text: str, start: int, end: int) -> int:
    stop = _PHRASE_END.search(text, start, end)
    return stop.start() if stop else end


def _source(text: str, start: int, end: int, lo: int) -> Attribution | None:
    """The X of "kwa mujibu wa X" / "… na X" after a passive speech verb; an anaphoric X
    ("kwa mujibu wa taarifa hiyo") attributes the sentence to a speaker named earlier."""
    stop = _phrase_end(text, start, end)
    found = _speaker_in(text, start, stop, lo)
    if found:
        return Attribution(found.speaker, start, stop, introduces=False)
    return Attribution(None, start, stop, introduces=False) if _is_anaphor(text, start, stop) else None


def _subject_before(text: str, lo: int, verb: re.Match, quotes: list[Quote]) -> _Name | None | bool:
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
    candidates: list[_Name] = []
    stop = verb.start()
    while True:
        cut = breaks.pop() if breaks else None
        if cut is not None and fold(cut.group()) == "huku":
            return False
        begin = cut.end() if cut else lo
        found = text[begin:stop].strip() and _speaker_in(text, begin, stop, lo, relative)
        if found and _rank(found) == 0:
            return found
        if found:
            candidates.append(found)
        if cut is None or cut.group() != "," or _FINITE_VERB.search(text, begin, stop):
            break
        stop = cut.start()
    return min(candidates, key=_rank, default=None)


def _rank(name: _Name) -> int:
    """Named head first, then a description as written, then a name that only modifies."""
    return 2 if name.modifier else 1 if name.described else 0


def _name_after(text: str, start: int, end: int, lo: int) -> _Name | None:
    """The speaker named right after a verb: «“…,” amesema Dmitri Peskov», «alisema afisa mmoja
    wa Pentagon»; titles may come between."""
    stop = _phrase_end(text, start, end)
    first = text[start:stop].split()[:1]
    if first and fold(first[0]) in SPEAKER_NOUNS:
        return _speaker_in(text, start, stop, lo)
    found = names(text, start, stop, lo)
    if found and all(fold(w) in TITLES for w in _WORD.findall(text, start, found[0].start)):
        return found[0]
    return None


def _person_subject(text: str, start: int, verb: re.Match) -> str | None:
    """The noun phrase before a verb that agrees with a person, as written: "Zinoviev alijibu",
    "Wafugaji wa ng'ombe walisema". Things take other noun classes (Taarifa ilisema), an
    anaphor (Kiongozi huyo) points back, and an opening adverb (Jana alisema) is no subject."""
    if verb.group("subject").casefold() not in PERSON_PREFIXES:
        return None
    finite = _FINITE_VERB.search(text, start, verb.start())
    phrase = " ".join(text[start:finite.start() if finite else verb.start()].split()).strip(" ,")
    words = phrase.split()
    if not words or len(words) > MAX_SUBJECT_WORDS or fold(words[0]) in NOT_NAMES:
        return None
    if _is_anaphor(phrase, 0, len(phrase)):
        return None
    entry = load_gazetteer().lookup(phrase)
    return entry.canonical if entry else phrase


def _follows_quote(text: str, pos: int, quotes: list[Quote], gap: re.Pattern) -> bool:
    return any(q.end <= pos and gap.fullmatch(text, q.end, pos) for q in quotes)


def _is_speech(text: str, lo: int, hi: int, m: re.Match, quotes: list[Quote]) -> bool:
    """Whether this verb reports speech here, for verbs that also have other senses."""
    serial = _SERIAL_INFINITIVE.search(text, max(lo, m.start() - 5), m.start())
    if m.group("subject").casefold() == "ku" and not serial:
        return False
    if m.group("needs_object"):
        return bool(m.group("object"))
    if m.group("weak"):
        beside_quote = _follows_quote(text, m.start(), quotes, _OUTRO_GAP) or any(
            q.start >= m.end() and _INTRO_GAP.fullmatch(text, m.end(), q.start) for q in quotes)
        return beside_quote or bool(_THAT_AHEAD.match(text, m.end(), min(hi, m.end() + THAT_REACH)))
    return True


def _verb(text: str, lo: int, hi: int, m: re.Match, quotes: list[Quote]) -> Attribution | None:
    """The attribution a speech verb makes, or None when the verb is not reporting speech here.

    The speaker is, in order: the person quoted after ‑nukuu with an object (alimnukuu X); the
    name after a verb that follows its quotation or a "kama alivyosema X"; the subject before the
    verb; the agent of a passive (ilivyonukuliwa na X); the noun phrase before a person verb; the
    sentence's subject for a participle or serial infinitive; else no one (the caller carries over).
    """
    if not _is_speech(text, lo, hi, m, quotes):
        return None
    agent = _AGENT.match(text, m.end(), hi)
    if m.group("passive") and not agent:
        return None
    subject = _subject_before(text, lo, m, quotes)
    if subject is False:
        return None
    quoted = m.group("object") and fold(m.group("strong") or "") == "nukuu"
    if quoted or (not subject and (_follows_quote(text, m.start(), quotes, _COMMA_GAP)
                                   or m.group("relative") == "vyo")):
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
    """The first attribution of the sentence ``text[start:end]`` outside its quotations."""
    cues = [(m.start(), m) for m in verbs]
    if "mujibu" in text[start:end] or "ulingana" in text[start:end]:
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


# --- statements ------------------------------------------------------------------------------

def _is_claim(text: str, q: Quote, sentence_start: int, verbs: list[re.Match]) -> bool:
    """A real quotation, not scare quotes: long, opening the sentence, or beside a speech verb."""
    if len(text[q.inner_start:q.inner_end].split()) >= MIN_QUOTE_WORDS:
        return True
    if not text[sentence_start:q.start].strip():
        return True
    if any(m.end() <= q.start and _INTRO_GAP.fullmatch(text, m.end(), q.start) for m in verbs):
        return True
    verb = next((m for m in verbs if m.start() >= q.end), None)
    return bool(verb) and bool(_OUTRO_GAP.fullmatch(text, q.end, verb.start()))


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


def _statement(text: str, start: int, end: int, quotes: list[Quote], previous: str | None) -> Statement:
    attribution, claim = _read(text, start, end, quotes)
    if claim:
        speaker = attribution.speaker if attribution else main_subject(text, start, end, quotes)
        quoted = " … ".join(text[q.inner_start:q.inner_end].strip().rstrip(",") for q in quotes)
        return Statement(quoted, speaker or previous, "quote", start, end)
    if attribution and (attribution.speaker or previous):
        content = _reported_content(text, start, end, attribution)
        return Statement(content, attribution.speaker or previous, "reported", start, end)
    return Statement(text[start:end], None, "narration", start, end)


def extract(text: str) -> list[Statement]:
    """One statement per body sentence, in order; a speakerless verb takes the last speaker."""
    statements: list[Statement] = []
    previous: str | None = None
    for seg_start, seg_end in body_segments(text):
        quotes = quotations(text, seg_start, seg_end)
        for s, e in sentences(text, seg_start, seg_end, quotes):
            inside = [q for q in quotes if q.start < e and s < q.end]
            statement = _statement(text, s, e, inside, previous)
            previous = statement.speaker or previous
            statements.append(statement)
    return statements


def find_speaker(text: str) -> str | None:
    """The speaker of one statement given alone with its attribution, canonical when known."""
    quotes = quotations(text, 0, len(text))
    attribution, claim = _read(text, 0, len(text), quotes)
    if attribution:
        return attribution.speaker
    return main_subject(text, 0, len(text), quotes) if claim else None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m training.quotes ARTICLE.txt", file=sys.stderr)
        return 2
    try:
        with open(args[0], encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        print(f"error: cannot read {args[0]}: {exc.strerror}", file=sys.stderr)
        return 2
    for statement in extract(text):
        print(json.dumps(asdict(statement), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
