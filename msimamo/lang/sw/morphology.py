"""Swahili verb morphology, and the verb patterns built from it.

A finite verb is a chain of prefixes on a stem: subject, tense, relative, object (a-li-ye-m-ambia,
"who told him"). The extractor finds speech by its verb and the end of a subject by the next finite
verb, and the page cleaner tells a headline from a sentence by whether it has a tensed verb. Each
needs a different trade between finding every verb and mistaking nouns for verbs, so each pattern
takes its own part of the tables below.
"""

from __future__ import annotations

import re

#: Subject prefixes of the noun classes and persons (a-lisema, wa-lisema, i-lisema, tu-lisema).
SUBJECT_PREFIXES = ("a", "wa", "u", "i", "li", "ya", "ki", "vi", "zi", "tu", "mu", "m", "ni", "yu", "ku", "pa")
#: The subject prefixes of the person classes; the other classes are things (taarifa i-lisema).
PERSON_PREFIXES = frozenset({"a", "wa", "yu"})
#: The place prefix (pa-likuwa, "there was"): a tensed verb, but never a speaker's.
PLACE_PREFIX = "pa"
#: The habitual (hu-sema, "says as a rule") stands in the subject's slot and takes no tense.
HABITUAL = "hu"
#: Subject prefixes merged with a headline's tense -a- (ki-a-sema → chasema, li-a-onya → laonya);
#: the others keep their shape or merge into one above (a-a-sema → asema, i-a-sema → yasema).
HEADLINE_SUBJECTS = ("cha", "vya", "za", "la")
#: Past, perfect, present, future, participle (a-ki-sema), narrative (a-ka-sema), conditional,
#: and "already" (a-mesha-sema, a-sha-sema).
TENSES = ("li", "me", "na", "ta", "ki", "ka", "nge", "ngali", "mesha", "sha")
#: Tenses that after a subject prefix also begin common words (wa-ka-ti, m-ka-taba, ni-sha-ti).
NOUN_LIKE_TENSES = frozenset({"ka", "sha"})
#: Relative markers (a-na-ye-sema, "who says"; i-li-vyo-sema, "as it said").
RELATIVES = ("ye", "yo", "lo", "cho", "vyo", "zo", "po", "ko", "mo", "o")
#: The relative of manner: "kama alivyosema X" (as X said) attributes the sentence it stands in.
AS_RELATIVE = "vyo"
#: Object prefixes (a-li-m-ambia, "told him"; a-li-wa-taka, "urged them"; a-ki-mu-ita, "calling him").
OBJECT_PREFIXES = ("mw", "mu", "m", "wa", "ki", "vi", "zi", "li", "ya", "i", "u", "tu", "ni")
#: Subject + tense pairs that begin a finite verb in running text. Pairs that also begin common
#: nouns and adjectives are left out (wa-na-jeshi, wa-ta-alamu, u-li-nzi, ki-ta-ifa).
FINITE_PAIRS = (
    (("a", "i", "li", "ya", "vi", "zi"), ("li", "me", "na", "ta")),
    (("u",), ("me", "na", "ta")),
    (("wa",), ("li", "me")),
    (("ki",), ("li", "me", "na")),
)

#: Stems of verbs that report speech.
SPEECH_STEMS = (
    "sema", "sisitiza", "onya", "eleza", "elezea", "dai", "kanusha", "tangaza", "ripoti", "hofia", "ahidi", "apa",
    "laani", "kosoa", "kemea", "nukuu", "shutumu", "tuhumu", "tahadharisha", "lalamika", "shukuru", "pongeza",
    "kumbusha", "kiri", "hoji", "sifu", "sifia", "tabiri", "laumu", "lalamikia",
)
#: Verbs that also have a non-speech sense (iliongeza = "increased", atahakikisha = "will ensure")
#: or whose object is the person spoken to or the thing asked (aliwaambia waandishi wa habari,
#: aliuliza maswali); speech only beside a quotation, before a that-clause, a verbal noun
#: (alithibitisha kutumwa kwa …) or a noun of speech (alirudia wito wake), after the claim they
#: attribute («…, msemaji huyo aliongeza»), or in a headline before an infinitive (Meya aangazia
#: kupanua …).
WEAK_STEMS = (
    "ongeza", "thibitisha", "bainisha", "jibu", "taja", "rudia", "ambia", "hakikishia", "hakikisha", "amini",
    "shuku", "pendekeza", "kadiria", "hitimisha", "uliza", "angazia",
)
#: Verbs that report speech only with an object: aliwataka (urged them) but anataka (wants).
OBJECT_STEMS = ("taka", "ita")
#: Verbs that report what a writing says only when a writing is their subject: "ripoti zinaonyesha
#: kuwa …" but "picha zinaonyesha …".
SHOWS_STEMS = ("onyesha", "ashiria")
#: Verbs that report speech only with a noun of speech as their object: alitoa wito (called for),
#: ametoa taarifa (issued a statement), but alitoa msaada (gave aid).
GIVE_STEMS = ("toa", "tolea")
#: Nouns of speech: the object that makes a giving verb report speech (alitoa onyo), and the head
#: of a claim's noun phrase ("makadirio ya X ni kwamba …", "onyo la X kwamba …").
SPEECH_NOUNS = (
    "wito", "mwito", "onyo", "maonyo", "kauli", "tamko", "makadirio", "tathmini", "madai", "ahadi", "maoni",
    "msimamo", "rai", "tahadhari",
)
#: Passives, which name the speaker after "na" (yamesemwa na X, inadaiwa na X); their subject is
#: what was said, or who was told, warned or accused.
PASSIVE_STEMS = (
    "ripotiwa", "tangazwa", "elezwa", "semwa", "daiwa", "ambiwa", "onywa", "shutumiwa", "tuhumiwa", "kosolewa",
    "laaniwa",
)
#: The passive of quoting: its subject is the speaker and the agent only the source (Waziri X
#: alinukuliwa na gazeti Y akisema …), unless none is named (kama ilivyonukuliwa na gazeti Y).
QUOTED_STEM = "nukuliwa"
#: The subject prefixes each relative marker agrees with (amba-ye … a-lisema, amba-yo … i-lisema);
#: the place relatives (-po, -ko, -mo: "where") agree with no speaker.
RELATIVE_AGREEMENT = {
    "ye": ("a", "yu"), "o": ("wa", "u"), "yo": ("i", "ya"), "lo": ("li",), "cho": ("ki",), "vyo": ("vi",),
    "zo": ("zi",),
}
#: Relative pronouns (amba-ye "who", amba-yo "which"): a verb that agrees with one has the noun
#: phrase before it as its subject, whether in the relative clause (Ruto ambaye alisema …) or
#: after it (Ruto ambaye ni waziri, alisema …).
RELATIVE_PRONOUN = "amba"


def _any(options) -> str:
    return "|".join(options)


#: A speech verb, its slots as named groups; the stem group (strong, weak, needs_object, shows,
#: gives, passive) says which kind of speech verb it is. The tense is optional: headlines drop it
#: (Waziri aonya, Chama chalaani).
SPEECH_VERB = re.compile(
    rf"\b(?P<subject>{_any([*(p for p in SUBJECT_PREFIXES if p != PLACE_PREFIX), HABITUAL, *HEADLINE_SUBJECTS])})"
    rf"(?P<tense>{_any(TENSES)})?(?P<relative>{_any(RELATIVES)})?(?P<object>{_any(OBJECT_PREFIXES)})?"
    rf"(?:(?P<strong>{_any(SPEECH_STEMS)})|(?P<weak>{_any(WEAK_STEMS)})|(?P<needs_object>{_any(OBJECT_STEMS)})"
    rf"|(?P<shows>{_any(SHOWS_STEMS)})|(?P<gives>{_any(GIVE_STEMS)})"
    rf"|(?P<passive>{_any((*PASSIVE_STEMS, QUOTED_STEM))}))\b",
    re.I,
)
#: A finite verb that is not relative (a-li-sema, i-me-kuwa; not a-na-ye-shughulikia): where a
#: subject noun phrase ends. Lowercase only, so a capitalised name is never taken for a verb. The
#: bare relative -o- is not refused, as a stem may begin with o (a-li-ongeza).
FINITE_VERB = re.compile(
    r"\b(?:%s)" % _any(f"(?:{_any(prefixes)})(?:{_any(tenses)})" for prefixes, tenses in FINITE_PAIRS)
    + rf"(?!{_any(r for r in RELATIVES if len(r) > 1)})[a-z]{{2,}}"
)
#: Any subject prefix + tense (a-li-sema, wa-me-kutana, i-ta-kayo…), in any case: a page title
#: has none, as headlines use the tenseless forms (Putin akubali, X kuanzisha Y).
TENSED_VERB = re.compile(
    rf"\b(?:{_any(SUBJECT_PREFIXES)})(?:{_any(t for t in TENSES if t not in NOUN_LIKE_TENSES)})\w{{2,}}", re.I
)
#: A tensed verb that is not relative (wa-na-pigana, i-me-tuma; not a-li-ye-hudhuria, wa-li-o-kuja):
#: the verb of a clause of its own, as a claim before its attribution has («…, limesema X»), while
#: an aside after a subject has a relative one («Rais X, aliyehudhuria …, alisema»). Unlike
#: ``FINITE_VERB`` it keeps the pairs that also begin nouns (wa-na-jeshi): it only has to tell a
#: clause from a noun phrase of names and titles.
CLAUSE_VERB = re.compile(
    rf"\b(?:{_any(SUBJECT_PREFIXES)})(?:{_any(t for t in TENSES if t not in NOUN_LIKE_TENSES)})"
    rf"(?!{_any(r for r in RELATIVE_AGREEMENT)})\w{{2,}}",
    re.I,
)
#: A verb of a "when" or "while" clause (a-li-po-zungumza, a-ki-zungumza): an adverbial after a
#: speech verb, not a claim.
WHEN_VERB = re.compile(
    rf"(?:{_any(p for p in SUBJECT_PREFIXES if p != 'ku')})(?:(?:{_any(TENSES)})po|ki)\w{{2,}}", re.I
)
