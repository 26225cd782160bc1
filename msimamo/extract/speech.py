"""Speech verbs: where a sentence reports speech, and whether a verb reports it here.

Speech is found by its verb (subject prefix + tense + stem: a-li-sema, i-me-ripoti, a-ki-sema,
i-na-yo-sema; ``msimamo.lang.sw.morphology``). Verbs with another sense count only where they
report speech: beside a quotation, before a that-clause or a verbal noun, after the claim they
attribute, or with the object their speech sense needs. A headline drops the tense (Waziri aonya);
in running text a tenseless form is more often a noun (wasifu, "biography"), so it counts there
only right after a sentence's opening subject. ``speech_verbs`` runs on every statement the
service is sent, so it searches by stem before matching the whole verb.
"""

from __future__ import annotations

import re
import string

from msimamo.extract.quotations import Quote, first_starting_from, last_ending_by
from msimamo.lang.sw.marks import NEVER_APOSTROPHES, char_class
from msimamo.lang.sw.morphology import (CLAUSE_VERB, FINITE_VERB, GIVE_STEMS, HABITUAL, OBJECT_STEMS, PASSIVE_STEMS,
                                        QUOTED_STEM, SHOWS_STEMS, SPEECH_NOUNS, SPEECH_STEMS, SPEECH_VERB,
                                        WEAK_STEMS)
from msimamo.lang.sw.words import ADVERBIALS, CONNECTORS, DOCUMENTS, INTRO_WORDS, THAT

#: Characters after a weak verb in which its that-clause must start (aliitaja ziara ya X kuwa …).
THAT_REACH = 80
#: Words that may follow a speech verb before the quotation it introduces (alisema pia kwamba “…”).
#: Possessive throughout: no part can take what another gave back, so a long run of spaces is read
#: once.
_INTRO_GAP = re.compile(rf"\s*+(?:(?:{'|'.join(INTRO_WORDS)})\s++)*+[,:]?+\s*+", re.I)
#: Most words of a subject noun phrase read as written; a longer stretch holds more than a subject.
MAX_SUBJECT_WORDS = 6
#: A few words between a quotation and the verb after it (“…,” Putin alisema; “…,” afisa mmoja wa
#: wizara aliwaambia …).
_OUTRO_GAP = re.compile(rf"[\s,.]*+(?:\S+\s+){{0,{MAX_SUBJECT_WORDS}}}")
#: Most characters between a quotation and the verb after it: a few words, however long the run of
#: commas or the word that an adversary puts there (each quotation would read it again).
OUTRO_REACH = 200
#: A that-clause ahead, before any punctuation or quotation mark (not ng’ombe's apostrophe).
_THAT_AHEAD = re.compile(rf"{char_class(',.;:!?' + NEVER_APOSTROPHES, negate=True)}*?\b(?:{'|'.join(THAT)})\b", re.I)
#: "na kusema", "kwa kusema", "katika kuthibitisha": an infinitive continuing the main verb, with
#: its subject; looked for in the ``SERIAL_REACH`` characters before the infinitive.
_SERIAL_INFINITIVE = re.compile(r"\b(?:na|kwa|katika)\s+$", re.I)
SERIAL_REACH = 8
#: A verbal noun as a verb's object (alithibitisha kutumwa kwa …, zinaonyesha kuwepo kwa …): a claim.
_VERBAL_NOUN = re.compile(r"\s+ku[^\W\d_]+\s+(?:kwa|wa)\b", re.I)
#: An infinitive as a headline verb's object (Waziri aangazia kuimarisha …).
_INFINITIVE = re.compile(r"\s+ku[^\W\d_]{2,}", re.I)
#: A noun of speech or a writing as the object of a giving verb (alitoa wito, ametoa taarifa).
_SPEECH_OBJECT = re.compile(r"\s+(?:%s)\b" % "|".join(sorted(SPEECH_NOUNS + tuple(DOCUMENTS))), re.I)
#: A noun of speech a word or two after a weak verb (alirudia wito wake, amerudia mara kadhaa onyo).
_SPEECH_NOUN_NEAR = re.compile(r"(?:\s+[^\W\d_]+){0,2}?\s+(?:%s)\b" % "|".join(SPEECH_NOUNS), re.I)
#: The subject of a verb after its claim («…, shirika la habari la X limethibitisha») or of a report
#: inside a claim («… kuwa Rais X alisema …»): a few words, no punctuation.
SHORT_SUBJECT = re.compile(rf"\s*(?:[^\s,;:.!?()]+\s+){{0,{MAX_SUBJECT_WORDS}}}")
#: A headline's subject before a tenseless verb: a capitalised word (or hashtag), a few words, no
#: punctuation («Chama cha Walimu chalaani …»).
_OPENING_SUBJECT = re.compile(
    rf"\s*[#@]?[^\W\d_a-z][^\s,;:.!?()]*(?:\s+[^\s,;:.!?()]+){{0,{MAX_SUBJECT_WORDS - 1}}}\s+"
)
#: "ni", the copula: a clause without a finite verb (hali ni tete).
COPULA = re.compile(r"\bni\b", re.I)
#: What opens a claim without a finite verb: a that-word, the copula, a quotation mark, a colon.
CLAIM_MARK = re.compile(rf"\b(?:{'|'.join(THAT)}|ni)\b|[:{re.escape(NEVER_APOSTROPHES)}]", re.I)
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
REVERSED_STEMS = [stem[::-1] for stem in SPEECH_STEMS + WEAK_STEMS + OBJECT_STEMS + SHOWS_STEMS + GIVE_STEMS
                  + PASSIVE_STEMS + (QUOTED_STEM,)]
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
    return (quote.end <= verb.start() <= quote.end + OUTRO_REACH
            and bool(_OUTRO_GAP.fullmatch(text, quote.end, verb.start())))


def that_ahead(text: str, verb: re.Match, hi: int) -> int | None:
    """Where a that-clause opens a little after ``verb``, before any punctuation (aliitaja ziara ya
    X kuwa …, aliwaambia wabunge kwamba …): the end of its that-word; None when none does."""
    that = _THAT_AHEAD.match(text, verb.end(), min(hi, verb.end() + THAT_REACH))
    return that.end() if that else None


def after_claim(text: str, lo: int, verb: re.Match) -> int | None:
    """Where the attribution starts when ``verb`` follows its claim: the comma after a clause, then
    at most a short noun phrase («…, limesema shirika X», «…, msemaji wa wizara aliongeza»); None when
    the verb is not after a clause (an apposition «Rais X, aliyehudhuria …, alisema» is no clause)
    or is a participle or an infinitive, which continue the clause before them (…, akisema …)."""
    comma = text.rfind(",", lo, verb.start())
    if comma < 0 or not SHORT_SUBJECT.fullmatch(text, comma + 1, verb.start()):
        return None
    if verb.group("tense") == "ki" or verb.group("subject").casefold() == "ku":
        return None
    if FINITE_VERB.search(text, comma + 1, verb.start()):
        return None
    clause = CLAUSE_VERB.search(text, lo, comma) or COPULA.search(text, lo, comma)
    return comma if clause else None


def ends_sentence(text: str, verb: re.Match, hi: int) -> bool:
    """Whether nothing after ``verb`` is a claim of its own: no that-clause, copula, quotation,
    colon or finite verb before the sentence ends («…, limesema shirika X jana.»)."""
    return not (CLAIM_MARK.search(text, verb.end(), hi) or FINITE_VERB.search(text, verb.end(), hi))


def opens_with_subject(text: str, lo: int, verb: re.Match) -> bool:
    """Whether ``verb`` comes right after the sentence's opening subject, with no verb in it: where
    a headline's tenseless verb stands («Meya aonya …»). After a connector the word is a noun
    (madai ya wadai), and a sentence opening with an adverbial (Kwa mujibu wa …) has no subject
    there."""
    if not _OPENING_SUBJECT.fullmatch(text, lo, verb.start()) or FINITE_VERB.search(text, lo, verb.start()):
        return False
    words = text[lo:verb.start()].casefold().split()
    return words[0] not in ADVERBIALS and words[-1] not in CONNECTORS


def is_speech(text: str, lo: int, hi: int, verb: re.Match, quotes: list[Quote], headline: bool = False) -> bool:
    """Whether ``verb`` reports speech here, for verbs that also have other senses: a tenseless
    form only in a headline or after a sentence's opening subject, an infinitive only continuing a
    main verb, an object verb only with its object, a giving verb only with a noun of speech, a
    weak verb only beside a quotation, before a that-clause, a verbal noun or a noun of speech,
    after the claim it attributes, or in a headline before an infinitive. A showing verb's subject
    decides (``msimamo.extract.speakers``)."""
    subject = verb.group("subject").casefold()
    tenseless = verb.group("tense") is None and subject not in ("ku", HABITUAL)
    if tenseless and not (headline or opens_with_subject(text, lo, verb)):
        return False
    if subject == "ku" and not _SERIAL_INFINITIVE.search(text, max(lo, verb.start() - SERIAL_REACH), verb.start()):
        return False
    if verb.group("needs_object"):
        return bool(verb.group("object"))
    if verb.group("gives"):
        return bool(_SPEECH_OBJECT.match(text, verb.end(), hi))
    if verb.group("weak"):
        before, after = last_ending_by(quotes, verb.start()), first_starting_from(quotes, verb.end())
        beside_quote = bool(before and trails(text, before, verb) or after and introduces(text, verb, after))
        return (beside_quote or that_ahead(text, verb, hi) is not None
                or bool(_VERBAL_NOUN.match(text, verb.end(), hi) or _SPEECH_NOUN_NEAR.match(text, verb.end(), hi))
                or (headline and bool(_INFINITIVE.match(text, verb.end(), hi)))
                or (ends_sentence(text, verb, hi) and after_claim(text, lo, verb) is not None))
    return True
