"""Attribution: who a sentence's claim comes from.

The first attribution outside quotations wins: a speech verb (``msimamo.extract.speech``), a
source phrase ("kwa mujibu wa X", "kulingana na X", "… na X" after a passive such as
ilivyonukuliwa), or a noun of speech with its owner ("makadirio ya X ni kwamba …"). The speaker is
the head of the noun phrase before the verb, an organ or official as written when no person is
named, the name after a verb that follows its claim («“…,” amesema Peskov», «…, limesema shirika X»),
the noun phrase a relative pronoun stands for (X ambaye …, alisema), or the sentence's subject for
a participle or a verb joined by a conjunction (…, akisema …; …, lakini ilisema …). A verb naming
no one leaves the speaker to the caller, who carries the previous one over («“…,” iliongeza.»).
When a claim is itself a report ("gazeti liliripoti kuwa Waziri X alisema kuwa …"), the innermost
speaker is the one whose words it is. A headline may name its speaker before a colon
("Waziri X: Tutajenga …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from msimamo.extract.gazetteer import TOKEN, fold, load_gazetteer
from msimamo.extract.names import Name, as_written, is_anaphor, is_name_word, names, speaker_in
from msimamo.extract.quotations import Quote, last_ending_by, quote_holding
from msimamo.extract.speech import (CLAIM_MARK, COPULA, MAX_SUBJECT_WORDS, SHORT_SUBJECT, after_claim, ends_sentence,
                                   is_speech, prefix_tree_pattern, that_ahead)
from msimamo.lang.sw.dates import MONTHS, WEEKDAYS
from msimamo.lang.sw.marks import APOSTROPHE, MARKS, mark_pattern
from msimamo.lang.sw.morphology import (AS_RELATIVE, FINITE_VERB, PERSON_PREFIXES, QUOTED_STEM, RELATIVE_AGREEMENT,
                                        RELATIVE_PRONOUN, SPEECH_NOUNS, SPEECH_VERB, TENSED_VERB, WHEN_VERB)
from msimamo.lang.sw.words import (ADVERBIALS, CLAUSE_BREAKS, CONJUNCTIONS, DEMONSTRATIVES, DOCUMENTS, PHRASE_BREAKS,
                                   POSSESSIVES, SOURCE_PHRASES, SPEAKER_NOUNS, THAT, TITLES, WHILE)

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
#: A relative pronoun (ambaye, ambayo …) and its agreement marker.
_RELATIVE_PRONOUN = re.compile(rf"\b{RELATIVE_PRONOUN}(?P<marker>{'|'.join(RELATIVE_AGREEMENT)})\b", re.I)
#: A conjunction right before a verb, which then shares the first clause's subject; looked for in
#: the ``CONJUNCTION_REACH`` characters before the verb.
_CONJUNCTION = re.compile(rf"\b(?:{'|'.join(CONJUNCTIONS)})\s*$", re.I)
CONJUNCTION_REACH = 10
#: A noun of speech or a writing (capitalised when it opens the sentence) and its owner's
#: connector: "makadirio ya", "Onyo la", "taarifa ya".
_SPEECH_NOUN = re.compile(
    rf"\b{prefix_tree_pattern(n for noun in SPEECH_NOUNS + tuple(DOCUMENTS) for n in (noun, noun.capitalize()))}"
    rf"\s+(?:{'|'.join(POSSESSIVES)})\s+")
#: A giving verb's noun of speech and its connector: "alitoa wito wa", "ametoa taarifa".
_GIVEN_NOUN = re.compile(rf"\s+\S+(?:\s+(?:{'|'.join(POSSESSIVES)}|kwa)\b)?", re.I)
#: What opens an adverbial after a speech verb: a preposition, a time word, a date, a demonstrative.
_ADVERBIAL_WORDS = frozenset(ADVERBIALS) | DEMONSTRATIVES | frozenset(w.lower() for w in MONTHS + WEEKDAYS)
#: Most words an adverbial after a speech verb takes before a "when" clause (katika taarifa yake
#: ya jana); more hold a claim (ilieleza katika tamko hilo wasiwasi mkubwa kuhusu …).
MAX_ADVERBIAL_WORDS = 6
#: A that-word anywhere in a sentence: one without any holds no claim of a noun of speech.
_THAT_WORD = re.compile("|".join(THAT))
#: An attribution that ends opening its claim: "alisema kuwa", "alisema:".
_THAT_END = re.compile(rf"(?:\b(?:{'|'.join(THAT)})|:)\s*$", re.I)
#: Most words describing a speaker named after a verb, besides titles («alisema mkulima Halima»).
MAX_DESCRIPTION_WORDS = 2
#: Most words of a quotation that quotes the outlet's speaker's verb itself («“alilaani vikali”»).
MAX_QUOTED_VERB_WORDS = 3
#: Longest label before a headline's colon ("Wizara ya Afya: …"), in words and characters.
MAX_LABEL_WORDS = 5
LABEL_REACH = 60
#: Fewest words a headline's claim after a label has.
MIN_LABEL_CLAIM_WORDS = 3


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a sentence's claim comes from; ``speaker`` is None when the verb names no one.

    ``introduces`` is True for a speech verb, whose complement after it is the claim, and False for
    a parenthetical source phrase, a passive's agent or an attribution after its claim, which is
    cut out of the claim wherever it stands.
    """

    speaker: str | None
    start: int
    end: int
    introduces: bool = True


def _inside(pos: int, quotes: list[Quote]) -> bool:
    return quote_holding(quotes, pos, inner=False) is not None


#: Speech verbs and source phrases read, at most, for one sentence's attribution. Real sentences
#: hold up to five (seeds and real pages); a stretch with hundreds is no prose, and reading each
#: would cost the stretch's length again, as a verb's subject and claim are looked for around it.
MAX_CUES = 12
#: Longest noun phrase read as a speaker (about 25 words). Real ones are far shorter, and the
#: bound keeps a sentence of many source phrases or speech verbs linear: each reads at most this.
PHRASE_REACH = 200


def _phrase_end(text: str, start: int, end: int) -> int:
    """Where the noun phrase starting at ``start`` ends: the first clause break, within reach."""
    end = min(end, start + PHRASE_REACH)
    stop = _PHRASE_END.search(text, start, end)
    return stop.start() if stop else end


def main_subject(text: str, start: int, end: int, quotes: list[Quote]) -> str | None:
    """Who a participle or an unattributed quotation belongs to: the sentence's first head name
    outside quotations, else its opening organ or source phrase."""
    found = names(text, start, end, start)
    head = next((n for n in found if not n.modifier and not _inside(n.start, quotes)), None)
    head = head or as_written(text, start, _phrase_end(text, start, end))
    return head.speaker if head else None


def _source(text: str, start: int, end: int, lo: int, agent: bool = False) -> Attribution | None:
    """The X of "kwa mujibu wa X" / "… na X" after a passive speech verb (``agent``); an anaphoric
    X ("kwa mujibu wa taarifa hiyo") attributes the sentence to a speaker named earlier."""
    stop = _phrase_end(text, start, end)
    found = (agent and _name_first(text, start, stop, lo)) or speaker_in(text, start, stop, lo)
    if found:
        return Attribution(found.speaker, start, stop, introduces=False)
    return Attribution(None, start, stop, introduces=False) if is_anaphor(text, start, stop) else None


def _name_first(text: str, start: int, stop: int, lo: int) -> Name | None:
    """A name that opens a phrase after its titles: the phrase's head, even where the word before
    it would make it a second party («… ilituhumiwa na Marekani kwa kuipa Urusi …»)."""
    found = names(text, start, stop, lo)
    if found and all(fold(w) in TITLES for w in TOKEN.findall(text, start, found[0].start)):
        return found[0]
    return None


def _agrees(pronoun: re.Match, verb: re.Match) -> bool:
    return verb.group("subject").casefold() in RELATIVE_AGREEMENT[pronoun.group("marker").casefold()]


def _antecedent(text: str, lo: int, stop: int, verb: re.Match) -> int | None:
    """Where the relative pronoun that stands for the verb's subject starts: in the verb's own
    relative clause (X ambaye alisema …) or in an aside closed by a comma before it (X ambaye ni
    waziri, alisema …); None when there is none or it does not agree (ujumbe ambao alisema …)."""
    pronoun = None
    for pronoun in _RELATIVE_PRONOUN.finditer(text, lo, stop):
        pass
    if pronoun is None or not _agrees(pronoun, verb):
        return None
    comma = text.find(",", pronoun.end(), stop)
    return pronoun.start() if comma < 0 or not text[comma + 1:stop].strip() else None


def _subject_before(text: str, lo: int, stop: int, verb: re.Match, antecedent: bool) -> Name | None | bool:
    """The subject noun phrase before ``stop``: before the verb, before a quotation that opens on
    it, or before the relative pronoun that stands for its subject (``antecedent``); False for a
    verb in a "huku …" clause, which reports a second party's reaction.

    Comma-separated stretches are read from the verb backwards, because an apposition or an aside
    ("Rais X, aliyehudhuria mkutano huo, alisema") may sit between the subject and its verb: the
    nearest stretch naming a head wins, then the nearest description, then the nearest modifier
    name. A stretch with a finite verb of its own is a clause, not a subject («…, limesema shirika
    X»), and the search stops there; so does an antecedent, after the verb of its own clause.
    """
    relative = bool(verb.group("relative")) and not antecedent
    if antecedent:
        clauses = list(FINITE_VERB.finditer(text, lo, stop))
        lo = clauses[-1].end() if clauses else lo
    breaks = list(_CLAUSE_BREAK.finditer(text, lo, stop))
    candidates: list[Name] = []
    nearest = True
    while True:
        cut = breaks.pop() if breaks else None
        if cut is not None and fold(cut.group()) == WHILE:
            return False
        begin = cut.end() if cut else lo
        clause = FINITE_VERB.search(text, begin, stop)
        if clause and not nearest:
            break
        found = text[begin:stop].strip() and speaker_in(text, begin, stop, lo, relative)
        if found and _rank(found) == 0:
            return found
        if found:
            candidates.append(found)
        if cut is None or cut.group() != "," or clause:
            break
        stop, nearest = cut.start(), False
    return min(candidates, key=_rank, default=None)


def _rank(name: Name) -> int:
    """Named head first, then a description as written, then a name that only modifies."""
    return 2 if name.modifier else 1 if name.described else 0


def _name_after(text: str, start: int, end: int, lo: int) -> Name | None:
    """The speaker named right after a verb: «“…,” amesema Dmitri Peskov», «alisema afisa mmoja
    wa Pentagon»; titles and a short description may come between («alisema mkulima Halima Saidi»)."""
    stop = _phrase_end(text, start, end)
    first = text[start:stop].split()[:1]
    if first and fold(first[0]) in SPEAKER_NOUNS:
        return speaker_in(text, start, stop, lo)
    found = names(text, start, stop, lo)
    if not found or found[0].modifier or FINITE_VERB.search(text, start, found[0].start):
        return None
    described = [w for w in TOKEN.findall(text, start, found[0].start) if fold(w) not in TITLES]
    return found[0] if len(described) <= MAX_DESCRIPTION_WORDS else None


def _person_subject(text: str, start: int, stop: int, verb: re.Match) -> str | None:
    """The noun phrase before a verb that agrees with a person, as written: "Zinoviev alijibu",
    "Wafugaji wa ng'ombe walisema". Things take other noun classes (Taarifa ilisema), an
    anaphor (Kiongozi huyo) points back, and an opening adverb (Jana alisema) is no subject."""
    if verb.group("subject").casefold() not in PERSON_PREFIXES:
        return None
    finite = FINITE_VERB.search(text, start, stop)
    phrase = " ".join(text[start:finite.start() if finite else stop].split()).strip(" ,")
    words = phrase.split()
    if not words or len(words) > MAX_SUBJECT_WORDS or not is_name_word(words[0]):
        return None
    if is_anaphor(phrase, 0, len(phrase)):
        return None
    entry = load_gazetteer().lookup(phrase)
    return entry.canonical if entry else phrase


def _right_after_quote(text: str, pos: int, quotes: list[Quote]) -> bool:
    """Whether only spaces and commas stand between a quotation and ``pos``: it can only be the
    last one closed by then, as any earlier one has that one between."""
    q = last_ending_by(quotes, pos)
    return q is not None and bool(_COMMA_GAP.fullmatch(text, q.end, pos))


def _opens_with_document(text: str, start: int, stop: int) -> bool:
    """Whether the noun phrase before ``stop`` is headed by a writing (ripoti za tume X, zinaonyesha)."""
    words = TOKEN.findall(text, start, stop)
    return bool(words) and fold(words[0]) in DOCUMENTS


def _opening_quote(text: str, pos: int, quotes: list[Quote]) -> Quote | None:
    """The short quotation that opens on the verb at ``pos``: the outlet quotes its speaker's verb
    («X “alilaani vikali” …»), which still attributes the sentence."""
    q = quote_holding(quotes, pos)
    if q is None or pos > q.inner_start + 1:
        return None
    words = text[q.inner_start:q.inner_end].split(None, MAX_QUOTED_VERB_WORDS)
    return q if len(words) <= MAX_QUOTED_VERB_WORDS else None


def _agent(text: str, lo: int, hi: int, m: re.Match) -> Attribution | None:
    """The agent of a passive speech verb, "… na X" (yamesemwa na X, inadaiwa na X kwamba …)."""
    agent = _AGENT.match(text, m.end(), hi)
    found = agent and _source(text, agent.end(), hi, lo, agent=True)
    that = found and _THAT.match(text, found.end, hi)
    return found and Attribution(found.speaker, m.start(), that.end() if that else found.end, introduces=False)


def _verb(text: str, lo: int, hi: int, m: re.Match, quotes: list[Quote], headline: bool = False) -> Attribution | None:
    """The attribution a speech verb makes, or None when the verb is not reporting speech here.

    The speaker is, in order: the agent of a passive (ilivyonukuliwa na X), whose subject is what
    was said; the person quoted after ‑nukuu with an object (alimnukuu X); the name after a verb
    that follows its quotation or its claim, or a "kama alivyosema X"; the subject before the
    verb; the noun phrase before a person verb; the sentence's subject for a participle, a serial
    infinitive or a verb after a conjunction; else no one (the caller carries over). A verb after
    its claim attributes the words before it.
    """
    if not is_speech(text, lo, hi, m, quotes, headline):
        return None
    passive = m.group("passive") and fold(m.group("passive"))
    if passive and passive != QUOTED_STEM:
        return _agent(text, lo, hi, m)
    quote = quotes and _opening_quote(text, m.start(), quotes)
    stop = quote.start if quote else m.start()
    closed = last_ending_by(quotes, stop)
    lo_np = max(lo, closed.end) if closed else lo
    pronoun = _antecedent(text, lo_np, stop, m) if text.find(RELATIVE_PRONOUN, lo_np, stop) >= 0 else None
    stop = stop if pronoun is None else pronoun
    subject = _subject_before(text, lo_np, stop, m, pronoun is not None)
    if subject is False:
        return None
    if passive and not subject:
        return _agent(text, lo, hi, m)
    person = m.group("subject").casefold() in PERSON_PREFIXES
    if pronoun is not None and not subject and not person:
        return None  # a thing said it: "makubaliano ambayo yanaahidi …"
    if m.group("shows") and not (_opens_with_document(text, lo_np, stop) or (subject and not subject.modifier)):
        return None
    that = _THAT.match(text, m.end(), hi)
    claim_end = None if that else after_claim(text, lo, m)
    first = not that and not subject and not text[lo_np:m.start()].strip()
    if (claim_end is not None or first) and not ends_sentence(text, m, hi):
        claim_end, first = None, False
    quoted = m.group("object") and fold(m.group("strong") or "") == "nukuu"
    if quoted or (not subject and (_right_after_quote(text, m.start(), quotes) or m.group("relative") == AS_RELATIVE
                                   or claim_end is not None or first)):
        after = _name_after(text, m.end(), hi, lo)
        if after and claim_end is not None:
            return Attribution(after.speaker, claim_end, hi, introduces=False)
        if after:
            return Attribution(after.speaker, m.start(), after.end)
    if claim_end is not None:
        return Attribution(subject.speaker if subject else None, claim_end, hi, introduces=False)
    end = that.end() if that else m.end()
    if m.group("weak") and not that:
        end = that_ahead(text, m, hi) or end  # aliwaambia wabunge kwamba …
    if m.group("gives"):
        end = _GIVEN_NOUN.match(text, m.end(), hi).end()
    if subject:
        return Attribution(subject.speaker, subject.start, end)
    if m.group("tense") == "ki" or m.group("subject").casefold() == "ku":
        return Attribution(main_subject(text, lo, hi, quotes) or _person_subject(text, lo_np, stop, m), m.start(), end)
    written = _person_subject(text, lo_np, stop, m)
    if written:
        return Attribution(written, lo, end)
    if _CONJUNCTION.search(text, max(lo, m.start() - CONJUNCTION_REACH), m.start()) and text[lo:m.start()].split()[1:]:
        main = main_subject(text, lo, hi, quotes)
        return Attribution(main, m.start(), end) if main or person else None
    return Attribution(None, m.start(), end)


def _noun_claim(text: str, lo: int, hi: int, m: re.Match) -> Attribution | None:
    """A claim held by a noun of speech and its owner, before its that-clause: "makadirio ya X ni
    kwamba …", "onyo la X kwamba …"; None without a that-clause or an owner who can speak."""
    stop = _phrase_end(text, m.end(), hi)
    that = _THAT.match(text, stop, hi)
    if not that:
        return None
    owner = text[m.end():stop].rstrip()
    owner_end = m.end() + len(owner) - (2 if fold(owner[-3:]) == " ni" else 0)  # "makadirio ya X ni kwamba"
    if FINITE_VERB.search(text, m.end(), owner_end):
        return None
    found = speaker_in(text, m.end(), owner_end, lo)
    return Attribution(found.speaker, m.start(), that.end()) if found else None


def opens_claim(text: str, attribution: Attribution) -> bool:
    """Whether an attribution ends opening its claim: "alisema kuwa", "alisema:"."""
    return bool(_THAT_END.search(text, attribution.start, attribution.end))


def claimless(text: str, start: int, end: int, attribution: Attribution) -> bool:
    """Whether the sentence ``text[start:end]`` only attributes words said before it: nothing but
    a demonstrative before its attribution, nothing but an adverbial after it ("Alisema Waziri X
    alipozungumza na wanahabari.", "Wizara ya Afya ilieleza katika tamko lake.", "Hayo yamesemwa
    na X jana.")."""
    if any(fold(w) not in DEMONSTRATIVES for w in TOKEN.findall(text, start, attribution.start)):
        return False
    if opens_claim(text, attribution):
        return False
    rest = TOKEN.findall(text, attribution.end, end)
    if not rest:
        return True
    if CLAIM_MARK.search(text, attribution.end, end):
        return False
    if any(not WHEN_VERB.fullmatch(v.group()) for v in FINITE_VERB.finditer(text, attribution.end, end)):
        return False
    when = next((i for i, w in enumerate(rest) if WHEN_VERB.fullmatch(w)), len(rest))
    return when == 0 or (fold(rest[0]) in _ADVERBIAL_WORDS and when <= MAX_ADVERBIAL_WORDS)


def anaphoric(text: str, start: int, end: int, attribution: Attribution) -> bool:
    """Whether a claimless sentence points back at what was said: "Hayo yamesemwa na X",
    "X alisema hayo jana"."""
    words = TOKEN.findall(text, start, attribution.start)[:1] or TOKEN.findall(text, attribution.end, end)[:1]
    return bool(words) and fold(words[0]) in DEMONSTRATIVES


def _label(text: str, start: int, end: int) -> Attribution | None:
    """A headline's speaker named before a colon, then a clause: "Waziri X: Tutajenga barabara
    …", "Wizara ya Afya: Chanjo … ni salama". A topic label ("Ukraine: Mashambulizi
    mapya") has no verb after it, and a section name ("Habari:") names no one."""
    colon = text.find(":", start, min(end, start + LABEL_REACH))
    if colon < 0 or not 1 <= len(text[start:colon].split()) <= MAX_LABEL_WORDS:
        return None
    if len(text[colon + 1:end].split()) < MIN_LABEL_CLAIM_WORDS:
        return None
    if not (TENSED_VERB.search(text, colon + 1, end) or COPULA.search(text, colon + 1, end)):
        return None
    found = _name_after(text, start, colon, start)
    if not found or found.modifier or text[found.end:colon].strip():
        return None
    return Attribution(found.speaker, start, colon + 1)


def _in_relative_clause(m: re.Match) -> bool:
    """A verb of a relative clause inside a noun phrase (tamko la X lililoiita …, taarifa
    iliyosema …): it attributes the sentence only when no main verb does. "Kama alivyosema X"
    ("as X said") is no such clause."""
    return m.re is SPEECH_VERB and m.group("relative") not in (None, AS_RELATIVE)


def _inner(text: str, lo: int, hi: int, outer: Attribution, later: list[re.Match], quotes: list[Quote],
           headline: bool) -> Attribution | None:
    """The report inside a report's claim: "gazeti liliripoti kuwa Waziri X alisema kuwa …" is X's
    claim, when the claim opens with a short subject and a speech verb with its own that-clause."""
    m = next((m for m in later if m.start() >= outer.end), None)
    if m is None or not SHORT_SUBJECT.fullmatch(text, outer.end, m.start()):
        return None
    inner = _verb(text, lo, hi, m, quotes, headline)
    if (inner and inner.speaker and inner.introduces and inner.end > m.end() and inner.start >= outer.end
            and not text[outer.end:inner.start].strip()):
        return inner
    return None


def attribute(text: str, start: int, end: int, quotes: list[Quote], verbs: list[re.Match],
              headline: bool = False) -> Attribution | None:
    """The first attribution of the sentence ``text[start:end]`` outside its quotations, given its
    speech verbs (``speech_verbs``); ``headline`` for a title or teaser line. A noun of speech is
    looked for only before the first verb or source phrase, and only in a sentence with a
    that-word, which its claim needs."""
    label = headline and _label(text, start, end)
    if label:
        return label
    cues = [(m.start(), m) for m in verbs]
    sentence = text[start:end]
    if any(cue in sentence for cue in _SOURCE_CUES):
        cues += [(m.start(), m) for m in _SOURCE_PHRASE.finditer(text, start, end)]
    found, at, aside, tried = None, end, None, 0
    for pos, m in sorted(cues, key=lambda c: c[0]):
        if quote_holding(quotes, pos) and not _opening_quote(text, pos, quotes):
            continue
        tried += 1
        if tried > MAX_CUES:
            break
        if m.re is _SOURCE_PHRASE:
            found = _source(text, m.end(), end, start)
            found = found and Attribution(found.speaker, m.start(), found.end, introduces=False)
        else:
            relative = _in_relative_clause(m)
            if relative and aside:
                continue
            found = _verb(text, start, end, m, quotes, headline)
            if found and found.introduces and found.end > m.end() and opens_claim(text, found):
                found = _inner(text, start, end, found, verbs, quotes, headline) or found
            if found and relative:
                aside, found = (pos, found), None
                continue
        if found:
            at = pos
            break
    if aside and not (found and found.speaker):
        at, found = aside
    if _THAT_WORD.search(text, start, end):
        for m in _SPEECH_NOUN.finditer(text, start, at):
            noun = _noun_claim(text, start, end, m)
            if noun and not quote_holding(quotes, m.start()):
                return noun
    return found
