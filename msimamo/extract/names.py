"""Who a stretch of text names: known names from the gazetteer, unknown capitalised names, and
descriptions as written ("Idara ya Ujasusi ya Korea Kusini").

Swahili puts the head of a noun phrase first, so "msemaji wa Kremlin Dmitri Peskov" is Peskov and
Kremlin only modifies "msemaji", while "Amina Juma wa Al Jazeera" is the reporter, not the outlet;
a capitalised word opening a sentence (a connective, an adverb, a verb), a title or a date is no
name; an organ written out with its acronym in brackets is the acronym's entry. Within an article
a description with a demonstrative ("Waziri huyo", "shirika hilo") points back to the last one the
article described with that noun, and a bare surname ("Kim") to the last person of that name:
``Article`` remembers them while ``statements.extract`` reads the page.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from contextvars import ContextVar
from dataclasses import dataclass, field

from msimamo.extract.gazetteer import TOKEN, fold, key, load_gazetteer
from msimamo.lang.sw.marks import OPENING
from msimamo.lang.sw.morphology import FINITE_PAIRS, FINITE_VERB, RELATIVES, SPEECH_VERB
from msimamo.lang.sw.words import (COMPASS, CONNECTORS, DEMONSTRATIVES, DOCUMENTS, MEDIA, MODIFIER_WORDS,
                                   NAME_PARTICLES, NEWS, NOT_NAMES, OUTLET_NOUNS, OWNER_WORDS, PERSON_CONNECTOR,
                                   POSSESSIVES, SPEAKER_NOUNS, TITLES, VOWELS)

#: Characters looked back from a name for the word that makes it a modifier (titles included).
MODIFIER_REACH = 40
#: Words looked back from a name for the titles that describe it, or from an owner for its organ.
DESCRIPTION_REACH = 10
#: Characters read first when looking back for those words: most phrases end within them, or
#: hold ten words.
NEAR_CHARS = 100
#: Capitalised words, joined over a connector or a name particle (Umoja wa Mataifa, von der Leyen);
#: a name may hold an apostrophe or a hyphen (N’Golo, Jong-un).
_NAME_RUN = re.compile(
    rf"\b[A-ZÀ-Þ][\w’'-]*(?:\s+(?:(?:{'|'.join(POSSESSIVES + NAME_PARTICLES)})\s+)?[A-ZÀ-Þ][\w’'-]*)*"
)
#: A passive verb and its agent: "taarifa iliyotolewa na X" (the statement issued by X).
_PASSIVE_AGENT = re.compile(r"\b[a-z]{3,}wa\s+na\s+")
#: Words that end the description before a name: a second party (Putin na Waziri Lavrov).
_OTHER_PARTY = MODIFIER_WORDS - OWNER_WORDS
#: A verb opening a sentence: a finite subject-tense pair, relative or not (Alipokuwa, Amesema),
#: or a participle (Akizungumza), and a stem of three letters or more; the pairs that also begin
#: nouns (wa-na-jeshi) are left out, and so is a short stem (walimu, teachers, is no wa-li-mu).
_PAIRS = "|".join(f"(?:{'|'.join(subjects)})(?:{'|'.join(tenses)})" for subjects, tenses in FINITE_PAIRS)
_OPENING_VERB = re.compile(rf"(?:{_PAIRS}|(?:a|wa)ki)(?:{'|'.join(RELATIVES)})?[a-z]{{3,}}")
#: A relative verb (a-li-ye-hudhuria, i-na-yo-fuatilia): a clause about the noun before it, which
#: ends that noun phrase. The bare -o- is left out, as stems begin with o (a-li-ongeza).
_RELATIVE_VERB = re.compile(rf"\b(?:{_PAIRS})(?:{'|'.join(r for r in RELATIVES if len(r) > 1)})[a-z]{{2,}}")


@dataclass(frozen=True, slots=True)
class Name:
    """A speaker found in text: ``modifier`` when it only qualifies another noun (msemaji wa
    Kremlin), ``described`` when it is a description as written rather than a name."""

    start: int
    end: int
    speaker: str
    modifier: bool
    described: bool = False


@dataclass
class Article:
    """Who an article has named so far, by the nouns it described them with ("Katibu Mkuu wa NATO
    Mark Rutte" → katibu, mkuu) and by the words of their full names: what "Katibu huyo" and
    "Rutte" point back to. The latest mention wins; each look-up is one dictionary read."""

    described: dict[str, str] = field(default_factory=dict)
    named: dict[str, str] = field(default_factory=dict)

    def note(self, text: str, start: int, end: int) -> None:
        """Remember the names of the sentence ``text[start:end]`` and the organs they own; the titles
        before a modifier (msemaji wa Kremlin) describe the organ, not its owner."""
        gazetteer = load_gazetteer()
        found = names(text, start, end, start)
        heads = [n for n in found if not n.modifier]
        for name in found:
            entry = gazetteer.lookup(name.speaker)
            titles = frozenset() if name.modifier else _titles_before(text, start, name.start, heads)
            self.described.update(dict.fromkeys(titles | (entry and gazetteer.nouns(entry) or set()), name.speaker))
            tokens = key(name.speaker)
            if len(tokens) > 1 and tokens[1] not in CONNECTORS:
                self.named.update(dict.fromkeys((tokens[0], tokens[-1]), name.speaker))
            organ = name.modifier and _organ_of(text, start, name)
            if organ:
                self.described[fold(organ.speaker.split()[0])] = organ.speaker

    def antecedent(self, noun: str) -> str | None:
        """The last one described by ``noun`` (a folded title or speaker noun)."""
        return self.described.get(noun)

    def full_name(self, word: str) -> str | None:
        """The last person named in full whose first or last name is ``word`` (folded): Korean
        names put the family name first (Kim Hong-kyun), others last (Andrei Rudenko)."""
        return self.named.get(word)


_ARTICLE: ContextVar[Article | None] = ContextVar("article", default=None)


def reads_an_article(function):
    """Give each call of ``function`` (which reads one article) its own ``Article``, so that the
    names it meets, however deep the call that meets them, resolve against the same page; a
    context variable keeps concurrent pages apart."""

    @functools.wraps(function)
    def reading(*args, **kwargs):
        token = _ARTICLE.set(Article())
        try:
            return function(*args, **kwargs)
        finally:
            _ARTICLE.reset(token)

    return reading


def note(text: str, start: int, end: int) -> None:
    """Remember the sentence ``text[start:end]`` for the article being read, if one is."""
    article = _ARTICLE.get()
    if article is not None:
        article.note(text, start, end)


def _is_verb(word: str) -> bool:
    """A verb form (Alipokuwa, Amesema, Akizungumza, Wanasema) ending in a vowel, as Swahili verbs
    do; "Umerov" ends otherwise."""
    folded = fold(word)
    if folded[-1:] not in VOWELS:
        return False
    speech = SPEECH_VERB.fullmatch(folded)
    # a tenseless form (headline "Waziri aonya") is also a noun's shape: Mtabiri, Wasifu
    return bool(_OPENING_VERB.fullmatch(folded) or (speech and speech.group("tense")))


def is_name_word(word: str) -> bool:
    """Whether a capitalised word opening a sentence may be a name: not a date, an opening adverb
    or connective (Aidha, Hata hivyo), nor a verb (Alipokuwa, Amesema) that is no known name."""
    folded = fold(word)
    if folded in NOT_NAMES:
        return False
    return not _is_verb(word) or load_gazetteer().lookup(word) is not None


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


def _words_before(text: str, lo: int, pos: int) -> list[re.Match]:
    """Up to ``DESCRIPTION_REACH`` words right before ``pos``, nearest last, back to a punctuation
    mark or a finite verb, which end the noun phrase.

    Asked once per name, so the words are first read from the nearest ``NEAR_CHARS`` only, which
    settles it when the phrase ends there, or holds ten words, before the window's first word
    (which the window may have cut)."""
    far = max(lo, pos - 20 * DESCRIPTION_REACH)
    last = pos
    while last > far and text[last - 1].isspace():
        last -= 1
    if last == far or not text[last - 1].isalnum():  # a mark or stop right before: no phrase
        return []
    near = max(far, pos - NEAR_CHARS)
    if near > far:
        words = list(TOKEN.finditer(text, near, pos))
        if len(words) > DESCRIPTION_REACH:
            words = words[-DESCRIPTION_REACH:]
            return words[_phrase_start(text, words, pos):]
        first = _phrase_start(text, words, pos, first_cut=True)
        if first is not None:
            return words[first:]
        # read on back from the window's first word, now whole
        words = list(TOKEN.finditer(text, far, words[0].end() if words else near)) + words[1:]
    else:
        words = list(TOKEN.finditer(text, far, pos))
    words = words[-DESCRIPTION_REACH:]
    return words[_phrase_start(text, words, pos):]


def _phrase_start(text: str, words: list[re.Match], pos: int, first_cut: bool = False) -> int | None:
    """The index in ``words`` of the first word of the noun phrase that ends at ``pos``; None when
    that depends on the first word and it may be cut."""
    for i in range(len(words) - 1, -1, -1):
        if text[words[i].end():words[i + 1].start() if i + 1 < len(words) else pos].strip():
            return i + 1
        if i == 0 and first_cut:
            return None
        if FINITE_VERB.fullmatch(words[i].group()):
            return i + 1
    return None if first_cut else 0


def _holds(found: list[Name], pos: int) -> bool:
    """Whether one of ``found`` (in order, not overlapping) holds ``pos``: a binary search, as a
    sentence of thousands of names asks once per name."""
    i = bisect_right(found, pos, key=lambda n: n.start) - 1
    return i >= 0 and pos < found[i].end


def _titles_before(text: str, lo: int, start: int, heads: list[Name]) -> frozenset[str]:
    """The titles and speaker nouns that describe the name at ``start`` (Makamu wa Waziri wa Mambo
    ya Nje wa Korea Kusini Kim Hong-kyun → makamu, waziri), back to a second party or to another
    head name (``heads``), which the titles before it describe."""
    titles = set()
    for word in reversed(_words_before(text, lo, start)):
        folded = fold(word.group())
        if folded in _OTHER_PARTY or _holds(heads, word.start()):
            break
        if folded in TITLES or folded in SPEAKER_NOUNS:
            titles.add(folded)
    return frozenset(titles)


def _organ_of(text: str, lo: int, owner: Name) -> Name | None:
    """The organ a name owns, as written: "shirika la kijasusi la Seoul" for Seoul, the nearest
    speaker noun before it across possessive connectors; none for an organ pointed back to
    ("chombo hicho cha habari cha KCNA"), which the name identifies."""
    words = _words_before(text, lo, owner.start)
    if not words or fold(words[-1].group()) not in POSSESSIVES:
        return None
    for i in range(len(words) - 1, -1, -1):
        folded = fold(words[i].group())
        if folded in _OTHER_PARTY:
            return None
        if folded in SPEAKER_NOUNS and folded not in DOCUMENTS:
            if i + 1 < len(words) and fold(words[i + 1].group()) in DEMONSTRATIVES:
                return None
            start = words[i].start()
            return Name(start, owner.end, text[start:owner.end], modifier=False, described=True)
    return None


def _person_before_connector(words: list[re.Match]) -> tuple[int, int] | None:
    """Where a person's name opens the run before "wa" (Profesa Amina Juma wa Al Jazeera), as
    (first, connector) word indexes: after any titles, two words or a foreign surname (ending in
    a consonant: Leff wa CAR), none a title, speaker noun or opening word; None when the run opens
    otherwise."""
    folded = [fold(w.group()) for w in words]
    first = 0
    while first < len(folded) and folded[first] in TITLES:
        first += 1
    connector = next((i for i in range(first, len(folded)) if folded[i] in CONNECTORS), None)
    if connector is None or connector == first or folded[connector] != PERSON_CONNECTOR:
        return None
    if connector - first == 1 and folded[first][-1] in VOWELS:  # a Swahili noun: Mkutano wa NATO
        return None
    for i in range(first, connector):
        if folded[i] in TITLES or folded[i] in SPEAKER_NOUNS or folded[i] in NOT_NAMES or _is_verb(words[i].group()):
            return None
    return first, connector


def _past_owner(words: list[re.Match], least: int) -> list[re.Match] | None:
    """The words after the owner's or place's name that opens them (its first word and the compass
    words that continue it: Afrika Kusini), when at least ``least`` are left."""
    at = 1
    while at < len(words) and fold(words[at].group()) in COMPASS:
        at += 1
    return words[at:] if len(words) - at >= least else None


def _after_title_or_place(text: str, lo: int, start: int) -> bool:
    """Whether a run follows a title's connector (Rais wa …) or a place word (… nchini …), where a
    place's name may come before the person's."""
    before = [fold(w) for w in TOKEN.findall(text, max(lo, start - 30), start)[-2:]]
    if not before:
        return False
    if before[-1] in OWNER_WORDS - CONNECTORS:
        return True
    return len(before) == 2 and before[-1] in POSSESSIVES and before[0] in TITLES


def _opening(text: str, lo: int, end: int) -> int:
    """Where the sentence starting at ``lo`` has its first character that is neither a space nor
    an opening mark (``end`` at most): a run starting there or before opens the sentence."""
    while lo < end and (text[lo] == " " or text[lo] in OPENING):
        lo += 1
    return lo


def _unknown_name(text: str, lo: int, start: int, end: int, opening: int) -> tuple[int, int, str] | None:
    """The name in a capitalised run: not a capitalised sentence opening, title or date word, and
    after its owner ("Wizara ya Muungano Koo Byoung-sam" → Koo Byoung-sam) or its place ("balozi
    nchini Kenya Sergei Ivanov" → Sergei Ivanov, when two words or more are left), unless it comes
    first ("Amina Juma wa Al Jazeera"). A date after a name is no part of it ("Rudenko Jumamosi")."""
    words = list(TOKEN.finditer(text, start, end))
    folded = {w.start(): fold(w.group()) for w in words}  # each word folded once, looked up by start

    def f(word: re.Match) -> str:
        return folded[word.start()]

    while words and f(words[-1]) in NOT_NAMES:
        words.pop()
    after = len(words) == 1 and text[end:end + 1] == " " and TOKEN.match(text, end + 1, end + 12)
    if after and fold(after.group()) in DEMONSTRATIVES:
        article = _ARTICLE.get()  # "Umoja huo", "Jumuiya hiyo": a body named earlier
        who = article and article.antecedent(f(words[0]))
        return (words[0].start(), words[0].end(), who) if who else None
    after_title = None  # whether the run follows a title's connector, when it opens the sentence
    if words and start <= opening:
        if not is_name_word(words[0].group()):
            words = words[1:]
        elif len(words) == 1:
            article = _ARTICLE.get()
            full = article and article.full_name(f(words[0]))
            return (words[0].start(), words[0].end(), full) if full else None
        elif f(words[1]) in CONNECTORS and not _person_before_connector(words):
            words, after_title = words[2:], f(words[0]) in TITLES
    person = len(words) > 1 and _person_before_connector(words)
    connectors = [i for i, w in enumerate(words) if f(w) in CONNECTORS]
    if person:
        words = words[person[0]:person[1]]
    elif connectors:
        words = _past_owner(words[connectors[-1] + 1:], 1) or words
    elif len(words) >= 3 and (after_title if after_title is not None else _after_title_or_place(text, lo, start)):
        words = _past_owner(words, 2) or words
    first = 0  # past the titles and connectors, sliced once: a run may hold thousands
    while first < len(words) and (f(words[first]) in TITLES or f(words[first]) in CONNECTORS):
        first += 1
    words = words[first:]
    if not words or all(f(w) in NOT_NAMES for w in words):
        return None
    return words[0].start(), words[-1].end(), text[words[0].start():words[-1].end()]


def _short_form(text: str, name: Name, article: Article) -> Name:
    """A one-word name as the article's last person of that name ("Kim" after "Kim Hong-kyun")."""
    word = text[name.start:name.end]
    full = word.isalpha() and article.full_name(fold(word))
    return Name(name.start, name.end, full, name.modifier) if full else name


def _titles_of_names(text: str, found: list[Name]) -> list[Name]:
    """A known description headed by a title right before a name describes that name ("Waziri wa
    Ulinzi wa Urusi Andrei Belousov"), so it only modifies it."""
    for i in range(len(found) - 1):
        this, after = found[i], found[i + 1]
        if not this.modifier and not text[this.end:after.start].strip() and _is_title(text, this):
            found[i] = Name(this.start, this.end, this.speaker, True, this.described)
    return found


def _is_title(text: str, name: Name) -> bool:
    words = text[name.start:name.end].split()
    return len(words) > 2 and fold(words[0]) in TITLES and fold(words[1]) in CONNECTORS


def _acronym_organs(text: str, start: int, lo: int, found: list[Name], known: set[int]) -> list[Name]:
    """Names with an organ written out before a known acronym in brackets (starting at one of
    ``known``) taken as that acronym's entry ("Shirika la Habari la Korea (KCNA)" → KCNA); other
    bracketed names dropped, as an acronym beside its speaker is not a second speaker."""
    kept = []
    for name in found:
        if text[name.start - 1:name.start] != "(":
            kept.append(name)
            continue
        head = _organ_start(text, start, name.start - 1) if name.start in known else None
        if head is None:
            continue
        while kept and kept[-1].start >= head:
            kept.pop()
        kept.append(Name(head, name.end, name.speaker, _is_modifier(text, lo, head)))
    return kept


def _organ_start(text: str, lo: int, pos: int) -> int | None:
    """Where the organ ending at ``pos`` begins: its speaker noun, across possessive connectors."""
    for word in reversed(_words_before(text, lo, pos)):
        folded = fold(word.group())
        if folded in _OTHER_PARTY:
            return None
        if folded in SPEAKER_NOUNS:
            return word.start()
    return None


def names(text: str, start: int, end: int, lo: int) -> list[Name]:
    """Speakers named in ``text[start:end]``: gazetteer names (misspelt surnames and glued words
    included), then unknown capitalised names.

    ``lo`` is the sentence start, which tells a capitalised opening word from a name. Of a
    capitalised run holding known names ("Waziri wa Ulinzi wa Korea Kusini Shin Won-sik") only the
    part after the last known name can be an unknown one, or a person's name before "wa" and the
    first known name (Amina Juma wa Al Jazeera).
    """
    known = load_gazetteer().mentions(text, start, end, near=True)
    found = [Name(m.start, m.end, m.entry.canonical, _is_modifier(text, lo, m.start)) for m in known]
    article = _ARTICLE.get()
    if article is not None:
        found = [_short_form(text, n, article) for n in found]
    first, count = 0, len(known)  # both lists run left to right: one sweep finds a run's known names
    opening = _opening(text, lo, end)
    for run in _NAME_RUN.finditer(text, start, end):
        run_start, run_end = run.span()
        while first < count and known[first].end <= run_start:
            first += 1
        last = first
        while last < count and known[last].start < run_end:
            last += 1
        if last > first:
            before = list(TOKEN.finditer(text, run_start, known[first].start))
            person = len(before) > 1 and _person_before_connector(before)
            if person:
                begin, stop = before[person[0]].start(), before[person[1] - 1].end()
                found.append(Name(begin, stop, text[begin:stop], _is_modifier(text, lo, begin)))
            run_start = known[last - 1].end
        unknown = run_start < run_end and _unknown_name(text, lo, run_start, run_end, opening)
        if unknown:
            found.append(Name(unknown[0], unknown[1], unknown[2], _is_modifier(text, lo, unknown[0])))
    found.sort(key=lambda n: n.start)
    found = _titles_of_names(text, found)
    if "(" not in text[start:end]:
        return found
    return _acronym_organs(text, start, lo, found, {m.start for m in known})


def _without_brackets(phrase: str) -> str:
    """``phrase`` with each bracketed part, "(" to the next ")", made a space. Found by ``str.find``
    rather than a regex, which would try every "(" of a run with no ")" after it to the end."""
    pieces, pos = [], 0
    while (opening := phrase.find("(", pos)) >= 0 and (closing := phrase.find(")", opening)) >= 0:
        pieces += [phrase[pos:opening], " "]
        pos = closing + 1
    return "".join(pieces) + phrase[pos:]


def as_written(text: str, start: int, end: int) -> Name | None:
    """A noun phrase headed by an organ or source noun, as the article writes it, up to its verb
    or a relative clause about it ("afisa mmoja wa Marekani aliyehudhuria mkutano").

    "Idara ya Ujasusi ya Korea Kusini (NIS)" is the speaker, not Korea Kusini, and an unnamed
    spokesperson is "msemaji wa Wizara X" (the gazetteer gives them the body's bloc); "taarifa
    hiyo" (that statement) points back to an earlier speaker and so names no one here.
    """
    for pattern in (FINITE_VERB, _RELATIVE_VERB):
        verb = pattern.search(text, start, end)
        if verb and text[start:verb.start()].strip():
            end = verb.start()
    phrase = " ".join(_without_brackets(text[start:end]).split()).strip(" ,")
    words = [fold(w) for w in phrase.split()]
    if not words or words[0] not in SPEAKER_NOUNS or (len(words) > 1 and words[1] in DEMONSTRATIVES):
        return None
    return Name(start, end, phrase, modifier=False, described=True)


def is_anaphor(text: str, start: int, end: int) -> bool:
    """"taarifa hiyo", "Jopo hilo", "Waziri huyo": a source named earlier in the article."""
    words = [fold(w) for w in text[start:end].split()[:2]]
    return len(words) == 2 and words[0] in SPEAKER_NOUNS | TITLES and words[1] in DEMONSTRATIVES


def _antecedent(text: str, start: int, end: int) -> Name | None:
    """What an anaphoric description ("Katibu huyo mkuu", "shirika hilo") points back to: the
    article's last one described by its noun."""
    article = _ARTICLE.get()
    if article is None or not is_anaphor(text, start, end):
        return None
    who = article.antecedent(fold(text[start:end].split()[0]))
    return Name(start, end, who, modifier=False) if who else None


def _author(text: str, start: int, end: int, lo: int) -> Name | None:
    """The author of a document issued by someone ("taarifa iliyotolewa na X"): X's name, or X as
    written when it points back to no one the article has named ("shirika hilo")."""
    agent = _PASSIVE_AGENT.search(text, start, end)
    if not agent:
        return None
    found = speaker_in(text, agent.end(), end, lo)
    if found or not is_anaphor(text, agent.end(), end):
        return found
    words = list(TOKEN.finditer(text, agent.end(), end))[:2]
    return Name(agent.end(), words[1].end(), text[agent.end():words[1].end()], modifier=False, described=True)


def _outlet(text: str, start: int, end: int, found: list[Name]) -> Name | None:
    """The outlet a media phrase names: "gazeti la Izvestia" and "shirika la habari la Interfax" are
    the outlet, an unknown name or a known outlet, not a state that owns it (televisheni ya Urusi)."""
    words = [fold(w) for w in TOKEN.findall(text, start, min(end, start + 40))[:4]]
    if not words or not (words[0] in MEDIA or NEWS in words[2:]):
        return None
    gazetteer = load_gazetteer()
    for name in reversed(found):
        entry = gazetteer.lookup(name.speaker)
        if entry is None or gazetteer.nouns(entry) & OUTLET_NOUNS:
            return Name(name.start, name.end, name.speaker, modifier=False)
    return None


def _named_organ(text: str, start: int, end: int, found: list[Name]) -> Name | None:
    """The known body an organ phrase names by an owner that is itself such an organ: "Ikulu ya
    Rais wa Urusi ya Kremlin" is the Kremlin, which the gazetteer knows as an ikulu."""
    first = text[start:end].split()[:1]
    if not first:
        return None
    noun, gazetteer = fold(first[0]), load_gazetteer()
    for name in reversed(found):
        entry = gazetteer.lookup(name.speaker)
        if entry and noun in SPEAKER_NOUNS and noun in gazetteer.nouns(entry):
            return Name(start, name.end, name.speaker, modifier=False)
    return None


def _coordinated(text: str, lo: int, found: list[Name]) -> bool:
    """Whether the names are owners joined by "na" ("ripoti za Ukraine na nchi za Magharibi"),
    so that no one of them alone is the speaker."""
    return len(found) > 1 and all(fold(text[max(lo, n.start - 4):n.start].strip()) == "na" for n in found[1:])


def speaker_in(text: str, start: int, end: int, lo: int, relative: bool = False) -> Name | None:
    """The speaker a noun phrase names.

    Swahili puts the head first: the first name that is not a modifier; what an anaphoric
    description points back to; a document's author (taarifa iliyotolewa na X) or owner, or the
    document as written when it has several owners; the outlet a media phrase names; a known body
    an organ phrase names; an organ or source phrase as written; else an organ a name owns, or any
    name. A relative verb (taarifa ya X inayosema) attaches to the noun right before it, so it
    takes the last name, or the organ that name owns.
    """
    found = names(text, start, end, lo)
    if relative and found:
        return (found[-1].modifier and _organ_of(text, start, found[-1])) or found[-1]
    head = next((n for n in found if not n.modifier), None)
    if head:
        return head
    anaphor = _antecedent(text, start, end)
    if anaphor:
        return anaphor
    first = text[start:end].split()[:1]
    if first and fold(first[0]) in DOCUMENTS:
        author = _author(text, start, end, lo)
        if author or _coordinated(text, lo, found):
            return author or as_written(text, start, end)
        if found:
            owner = found[0]
            return _organ_of(text, start, owner) or Name(owner.start, owner.end, owner.speaker, modifier=False)
    written = _outlet(text, start, end, found) or _named_organ(text, start, end, found)
    written = written or as_written(text, start, end)
    if written or not found:
        return written
    return _organ_of(text, start, found[0]) or found[0]
