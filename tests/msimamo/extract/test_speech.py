"""Speech verbs: the stem-first search finds what the whole-verb pattern finds, and verbs with
another sense count only where they report speech."""

from __future__ import annotations

import csv
import re

import pytest

from conftest import ARTICLES, SEEDS
from msimamo.extract import speech
from msimamo.extract.quotations import quotations
from msimamo.extract.speech import is_speech, prefix_tree_pattern, speech_verbs


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
])
def test_verbs_with_another_sense_report_speech_only_where_they_do(text, verbs):
    assert _speech(text) == verbs
