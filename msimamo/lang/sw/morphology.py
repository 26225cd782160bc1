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
#: Past, perfect, present, future, participle (a-ki-sema), narrative (a-ka-sema), conditional,
#: and "already" (a-mesha-sema, a-sha-sema).
TENSES = ("li", "me", "na", "ta", "ki", "ka", "nge", "ngali", "mesha", "sha")
#: Tenses that after a subject prefix also begin common words (wa-ka-ti, m-ka-taba, ni-sha-ti).
NOUN_LIKE_TENSES = frozenset({"ka", "sha"})
#: Relative markers (a-na-ye-sema, "who says"; i-li-vyo-sema, "as it said").
RELATIVES = ("ye", "yo", "lo", "cho", "vyo", "zo", "po", "ko", "mo", "o")
#: Object prefixes (a-li-m-ambia, "told him"; a-li-wa-taka, "urged them").
OBJECT_PREFIXES = ("mw", "m", "wa", "ki", "vi", "zi", "li", "ya", "i", "u", "tu", "ni")
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
    "laani", "kosoa", "kemea", "nukuu", "shutumu", "tuhumu", "tahadharisha", "ambia", "lalamika", "shukuru",
    "pongeza", "kumbusha", "kiri", "uliza", "hakikishia", "hoji",
)
#: Verbs that also have a non-speech sense (iliongeza = "increased"); speech only beside a
#: quotation or before a that-clause.
WEAK_STEMS = ("ongeza", "thibitisha", "bainisha", "jibu", "taja", "rudia")
#: Verbs that report speech only with an object: aliwataka (urged them) but anataka (wants).
OBJECT_STEMS = ("taka", "ita")
#: Passives, which name the speaker after "na" (ilivyonukuliwa na X).
PASSIVE_STEMS = ("nukuliwa", "ripotiwa", "tangazwa", "elezwa", "semwa")


def _any(options) -> str:
    return "|".join(options)


#: A speech verb, its slots as named groups; the stem group (strong, weak, needs_object, passive)
#: says which kind of speech verb it is.
SPEECH_VERB = re.compile(
    rf"\b(?P<subject>{_any([p for p in SUBJECT_PREFIXES if p != PLACE_PREFIX] + [HABITUAL])})"
    rf"(?P<tense>{_any(TENSES)})?(?P<relative>{_any(RELATIVES)})?(?P<object>{_any(OBJECT_PREFIXES)})?"
    rf"(?:(?P<strong>{_any(SPEECH_STEMS)})|(?P<weak>{_any(WEAK_STEMS)})|(?P<needs_object>{_any(OBJECT_STEMS)})"
    rf"|(?P<passive>{_any(PASSIVE_STEMS)}))\b",
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
