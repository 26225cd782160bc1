"""identify(): Swahili news is kept, other languages are flagged, short texts are left alone, and
the cost is bounded. The sentences here were written for this test."""

from __future__ import annotations

import csv

import pytest

from conftest import SEEDS, SHARED, assert_linear

from msimamo.lang import identify as module
from msimamo.lang.identify import MAX_CHARS, Language, identify

SWAHILI = [
    "Waziri wa Mambo ya Nje alisema serikali itaendelea kufuatilia kwa karibu uhusiano kati ya Urusi "
    "na Korea Kaskazini.",
    "Wakulima wa mkoa wa Mbeya wamelalamikia kupanda kwa bei ya mbolea msimu huu.",
    "Msemaji wa polisi amesema watu watatu wamekamatwa kufuatia tukio hilo.",
    "Mvua kubwa zilizonyesha usiku kucha zimeharibu barabara na kuwaacha mamia ya watu bila makazi.",
    # headlines made mostly of foreign names
    "Kim Jong Un na Vladimir Putin wasaini mkataba",
    "Lavrov awasili Pyongyang kwa mazungumzo",
    # an English phrase quoted inside a Swahili sentence
    "Msemaji huyo alisema hatua hiyo ni “a clear violation” ya maazimio ya Umoja wa Mataifa.",
]

OTHER = [
    ("en", "The foreign minister said the government would keep a close eye on ties between Russia and "
           "North Korea."),
    ("en", "Farmers in the southern highlands complained about the rising price of fertiliser this season."),
    ("en", "Putin arrives in Pyongyang"),
    ("en", "Kremlin rejects Western claims"),
    ("fr", "Le ministre a déclaré que le gouvernement suivrait de près les relations entre Moscou et Pyongyang."),
    ("ar", "قال وزير الخارجية إن الحكومة ستتابع عن كثب العلاقات بين روسيا وكوريا الشمالية."),
    ("pt", "O ministro afirmou que o governo vai acompanhar de perto as relações entre a Rússia e a Coreia do Norte."),
    ("ru", "Министр заявил, что правительство будет внимательно следить за отношениями России и КНДР."),
    ("so", "Wasiirka ayaa sheegay in dowladdu ay si dhow ula socon doonto xiriirka Ruushka iyo Kuuriyada Waqooyi."),
    # neighbouring Bantu languages (Kinyarwanda; Kikuyu, whose identifier code is kik)
    ("rw", "Minisitiri yavuze ko leta izakomeza gukurikirana umubano w'u Burusiya na Koreya ya Ruguru."),
    ("ki", "Mũtongoria ũcio nĩoigire atĩ thirikari nĩĩgũteithia arĩmi."),
]

ENGLISH_PAGE = (
    "Russia and North Korea have drawn closer since the war in Ukraine began.\n"
    "Western governments say Pyongyang sends shells and missiles, and that Moscow pays with oil, food "
    "and technology. Both capitals reject the claims.\n"
)


@pytest.mark.parametrize("text", SWAHILI)
def test_swahili_news_is_swahili(text):
    found = identify(text)
    assert found.swahili and found.code == "sw"
    assert 0.0 < found.score <= 1.0


@pytest.mark.parametrize("code, text", OTHER)
def test_other_languages_are_flagged_with_their_code(code, text):
    found = identify(text)
    assert not found.swahili
    assert found.code == code
    assert found.score < 0.2


def test_a_pasted_english_page_is_flagged():
    found = identify(ENGLISH_PAGE * 5)
    assert not found.swahili and found.code == "en"


@pytest.mark.parametrize("text", ["Rais ahutubia", "Habari", "Read more", "Zelensky", "Putin Pyongyang"])
def test_texts_too_short_to_judge_count_as_swahili(text):
    found = identify(text)
    assert found == Language("und", True, found.score)


@pytest.mark.parametrize("code, text", [("ar", "عاجل"), ("ru", "Читать далее"), ("ko", "더 보기"), ("zh", "普京抵达平壤")])
def test_a_short_text_in_a_script_swahili_does_not_use_is_flagged(code, text):
    found = identify(text)
    assert (found.code, found.swahili) == (code, False)
    assert found.score < 0.01


@pytest.mark.parametrize("text", ["", "   \n\t", "2024", "12 345 / 67", "!!! …", "—", "."])
def test_nothing_to_judge_is_und(text):
    assert identify(text) == Language("und", True, 0.0)


def test_only_the_start_of_a_long_text_is_read():
    swahili = " ".join(SWAHILI[:4])
    while len(swahili) < MAX_CHARS:
        swahili += " " + swahili
    english = ENGLISH_PAGE * 100
    assert identify(swahili + " " + english).swahili
    assert not identify(english + " " + swahili).swahili


def test_the_same_text_gets_the_same_answer_every_time():
    texts = SWAHILI + [t for _, t in OTHER]
    before = [identify(t) for t in texts]
    for _ in range(20):
        assert [identify(t) for t in texts] == before
    module._identifier.cache_clear()
    assert [identify(t) for t in texts] == before


def test_a_200000_character_text_is_read_in_bounded_time():
    """200,000 characters against 1.6 million: a cost that grew with the whole text (rather than
    the first ``MAX_CHARS``) faster than linearly would show here."""
    text = " ".join(SWAHILI + [t for _, t in OTHER])
    long = text * (1_600_000 // len(text) + 1)
    assert_linear(identify, lambda n: long[: 200_000 * n])


def test_not_a_string_is_refused():
    with pytest.raises(TypeError, match="str"):
        identify(b"Rais alisema")


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("name", ["statements", "authored", "offtopic"])
def test_every_seed_statement_is_swahili(name):
    flagged = [r["text"] for r in _rows(SEEDS / f"{name}.csv") if not identify(r["text"]).swahili]
    assert flagged == []


REAL = SHARED / "real_news_dev" / "statements.csv"


@pytest.mark.skipif(not REAL.exists(), reason="../shared/real_news_dev is not beside the repository")
def test_every_real_development_statement_is_swahili():
    flagged = [r["id"] for r in _rows(REAL) if not identify(r["text"]).swahili]
    assert flagged == []


AFRISENTI = SHARED / "data" / "afrisenti-swa" / "dev.tsv"


@pytest.mark.skipif(not AFRISENTI.exists(), reason="../shared/data/afrisenti-swa is not beside the repository")
def test_swahili_tweets_are_rarely_flagged():
    """Tweets mix in more English than news; the ones flagged are mostly English or names."""
    with open(AFRISENTI, encoding="utf-8") as fh:
        tweets = [line.split("\t")[1] for line in fh.read().splitlines()[1:]]
    flagged = sum(not identify(t).swahili for t in tweets)
    assert flagged <= 0.01 * len(tweets)
