"""Speech verbs: the stem-first search finds what the whole-verb pattern finds, and verbs with
another sense count only where they report speech."""

from __future__ import annotations

import csv
import re

import pytest

from conftest import ARTICLES, SEEDS, assert_linear
from msimamo.extract import speech
from msimamo.extract.quotations import quotations
from msimamo.extract.speech import (_INFINITIVE, _OPENING_SUBJECT, _OUTRO_GAP, _SPEECH_NOUN_NEAR, _SPEECH_OBJECT,
                                    _THAT_AHEAD, _VERBAL_NOUN, CLAIM_MARK, COPULA, SHORT_SUBJECT, after_claim,
                                    ends_sentence, is_speech, prefix_tree_pattern, speech_verbs)
from msimamo.lang.sw.morphology import CLAUSE_VERB, SPEECH_VERB, WHEN_VERB


def test_prefix_tree_pattern_matches_exactly_the_words():
    words = ["ab", "a", "ac", "b", "abcd", "x.y"]
    pattern = re.compile(prefix_tree_pattern(words))
    for w in words:
        assert pattern.fullmatch(w), w
    for w in ["", "c", "abc", "ad", "xzy", "ba"]:
        assert not pattern.fullmatch(w), w


@pytest.fixture(scope="module")
def corpus_texts():
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    for name in ("statements.csv", "authored.csv"):
        with open(SEEDS / name, encoding="utf-8", newline="") as fh:
            texts += [r["text"] for r in csv.DictReader(fh)]
    return texts


def test_factored_stem_pattern_finds_the_same_verbs_as_the_plain_alternation(corpus_texts, monkeypatch):
    def spans(texts):
        return [[(m.start(), m.end(), m.group()) for m in speech.speech_verbs(t, 0, len(t))] for t in texts]

    texts = corpus_texts + [t.upper() for t in corpus_texts[:20]] + ["alisema_ames", "a-lisema pongeza kuongeza"]
    factored = spans(texts)
    assert sum(map(len, factored)) > 500
    monkeypatch.setattr(speech, "_REVERSED_STEM", re.compile(r"\b(?:%s)" % "|".join(speech.REVERSED_STEMS)))
    assert spans(texts) == factored


def test_the_rest_of_a_word_is_exactly_the_characters_isalnum_accepts():
    from msimamo.extract.speech import _LETTERS

    assert [c for c in map(chr, range(0x110000)) if bool(_LETTERS.fullmatch(c)) != c.isalnum()] == []


@pytest.mark.parametrize("word,slots", [
    ("alisema", {"subject": "a", "tense": "li", "strong": "sema"}),
    ("inayosema", {"subject": "i", "tense": "na", "relative": "yo", "strong": "sema"}),
    ("akisisitiza", {"subject": "a", "tense": "ki", "strong": "sisitiza"}),
    ("aliwataka", {"subject": "a", "tense": "li", "object": "wa", "needs_object": "taka"}),
    ("ilivyonukuliwa", {"subject": "i", "tense": "li", "relative": "vyo", "passive": "nukuliwa"}),
    ("husema", {"subject": "hu", "strong": "sema"}),
    ("akimuita", {"subject": "a", "tense": "ki", "object": "mu", "needs_object": "ita"}),
    ("ameitolea", {"subject": "a", "tense": "me", "object": "i", "gives": "tolea"}),
    ("zinaonyesha", {"subject": "zi", "tense": "na", "shows": "onyesha"}),
    ("inadaiwa", {"subject": "i", "tense": "na", "passive": "daiwa"}),
    ("chalaani", {"subject": "cha", "strong": "laani"}),  # a headline's ki-a-laani
    ("aonya", {"subject": "a", "strong": "onya"}),
])
def test_a_verb_is_read_into_its_slots(word, slots):
    (verb,) = speech_verbs(word, 0, len(word))
    assert {k: v for k, v in verb.groupdict().items() if v} == slots


def _speech(text: str) -> list[str]:
    """The speech verbs of ``text`` that report speech there."""
    quotes = quotations(text, 0, len(text))
    return [m.group() for m in speech_verbs(text, 0, len(text)) if is_speech(text, 0, len(text), m, quotes)]


@pytest.mark.parametrize("text,verbs", [
    ("Bei ya sukari iliongeza gharama za maisha.", []),
    ("“Tutajenga shule mpya,” aliongeza Bi Rehema.", ["aliongeza"]),
    ("Mkuu wa mkoa aliongeza kwamba barabara itakamilika mwakani.", ["aliongeza"]),
    ("Wakulima wanataka mbolea zaidi.", []),
    ("Mbunge aliwataka wakulima kupanda mapema.", ["aliwataka"]),
    ("Kusema ukweli ni vigumu.", []),
    ("Alikataa na kusema hatarudi.", ["kusema"]),
    ("Vyama vitatu vimeungana katika kutangaza kuwa vitasusia uchaguzi.", ["kutangaza"]),
    ("Bunge lilithibitisha uteuzi wa mawaziri wapya.", []),
    ("Waziri alithibitisha kufungwa kwa shule hiyo.", ["alithibitisha"]),
    ("Wakulima wanaamini mvua zitarudi.", []),
    ("Wakulima wanaamini kuwa mvua zitarudi.", ["wanaamini"]),
    ("Serikali itahakikisha barabara inakamilika.", []),
    ("Mvua zimeharibu mazao, afisa wa kilimo wa wilaya aliongeza.", ["aliongeza"]),
    ("Mvua zimeharibu mazao na kuongeza bei.", []),
    ("Kampuni hiyo ilitoa msaada wa chakula.", []),
    ("Kampuni hiyo ilitoa taarifa kuhusu ajali hiyo.", ["ilitoa"]),
    ("Mbunge huyo alimtaka waziri kujiuzulu.", ["alimtaka"]),
    ("Mwalimu mkuu aliuliza maswali mengi kuhusu mtaala.", []),
    ("Askofu alirudia wito wake wa amani.", ["alirudia"]),
    ("Askofu alirudia mara kadhaa onyo lake.", ["alirudia"]),
    ("Kiwanda kilirudia uzalishaji wiki iliyopita.", []),
])
def test_verbs_with_another_sense_report_speech_only_where_they_do(text, verbs):
    assert _speech(text) == verbs


@pytest.mark.parametrize("text,verbs", [
    ("Wasifu wake unaeleza kuwa alisoma Ujerumani.", ["unaeleza"]),  # wa-sifu is a noun here
    ("Mtabiri wa hali ya hewa alisema mvua zitanyesha.", ["alisema"]),  # so is m-tabiri
    ("Mkuu wa mkoa aonya wafanyabiashara wanaopandisha bei.", ["aonya"]),  # a headline-like opening
    ("Wananchi wa kijiji hicho pia wadai fidia.", ["wadai"]),
    ("Kwa mujibu wa wadai wa kampuni hiyo, deni halijalipwa.", []),  # wadai: "creditors"
])
def test_a_tenseless_verb_counts_only_after_a_sentence_s_opening_subject(text, verbs):
    assert _speech(text) == verbs


def test_a_headline_s_weak_verb_counts_before_an_infinitive():
    text = "Meya aangazia kupanua huduma za maji jijini"
    (verb,) = speech_verbs(text, 0, len(text))
    assert is_speech(text, 0, len(text), verb, [], headline=True)
    assert not is_speech(text, 0, len(text), verb, [])


def test_a_headline_s_tenseless_verb_counts_wherever_it_stands():
    text = "Baada ya mafuriko, Chama cha Wakulima chalaani ucheleweshaji wa misaada"
    (verb,) = speech_verbs(text, 0, len(text))
    assert not is_speech(text, 0, len(text), verb, [])
    assert is_speech(text, 0, len(text), verb, [], headline=True)


@pytest.mark.parametrize("text,after", [
    ("Bei ya sukari itapanda mwezi ujao, limesema Shirika la Viwango.", True),
    ("Hali ni tete mpakani, msemaji wa polisi aliongeza.", True),
    ("Rais wa chama Juma Hamisi, aliyehudhuria mkutano huo, alisema.", False),  # an apposition, no clause
    ("Ziara hiyo ilimalizika Jumanne, akisema itarudiwa.", False),  # a participle continues its clause
])
def test_a_verb_after_its_claim(text, after):
    verb = speech_verbs(text, 0, len(text))[-1]
    assert (after_claim(text, 0, verb) is not None and ends_sentence(text, verb, len(text))) == after


# Bounded cost: each pattern grows at most linearly with its input.
@pytest.mark.parametrize("pattern,make", [
    (_VERBAL_NOUN, lambda n: " " * 1000 * n + "ku" + "a" * 2000 * n + " " * 1000 * n + "kwx"),
    (_SPEECH_OBJECT, lambda n: " " * 3000 * n + "witox"),
    (SHORT_SUBJECT, lambda n: "neno " * 5 + " " * 3000 * n + "x" * 3000 * n + ","),
    (_OUTRO_GAP, lambda n: ",. " * 1000 * n + "neno " * 3 + "x" * 1000 * n + ","),
    (_OPENING_SUBJECT, lambda n: "Amina " + "  " * 1000 * n + "Juma" * 500 * n + " ,"),
    (_SPEECH_NOUN_NEAR, lambda n: " " * 1000 * n + "neno" * 500 * n + " " * 1000 * n + "witx"),
    (_INFINITIVE, lambda n: " " * 3000 * n + "k"),
    (_THAT_AHEAD, lambda n: "kuw " * 20 * n + ","),
])
def test_anchored_patterns_are_linear(pattern, make):
    assert_linear(lambda text: pattern.fullmatch(text) or pattern.match(text), make)


@pytest.mark.parametrize("pattern,make", [
    (CLAIM_MARK, lambda n: "nini kuwawa kwambaa " * 300 * n),
    (COPULA, lambda n: "nini " * 500 * n),
    (CLAUSE_VERB, lambda n: "alio ayeye wali " * 300 * n),
    (WHEN_VERB, lambda n: "alipo" + "po" * 1000 * n + " "),
    (SPEECH_VERB, lambda n: "ali" + "m" * 1000 * n + "sema"),
])
def test_searched_patterns_are_linear(pattern, make):
    assert_linear(lambda text: pattern.search(text), make)


@pytest.mark.parametrize("make", [
    lambda n: "Mvua, " * 400 * n + "ilisema.",  # many commas before a verb after its claim
    lambda n: "Bei ilipanda" + ", neno" * 400 * n + " aliongeza Juma" + " neno" * 400 * n,
    lambda n: "“" + "Tutajenga shule, " * 200 * n + "” aliongeza.",
])
def test_a_sentence_s_speech_is_read_in_linear_time(make):
    assert_linear(lambda text: _speech(text), make)
