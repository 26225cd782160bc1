"""The speaker gazetteer: name folding, longest match, descriptions, coverage, refusal of bad rows."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings, strategies as st

from conftest import GOLD, assert_linear, write_csv

from msimamo.errors import DataError
from msimamo.extract.gazetteer import _GLUE, _PIECE, DEFAULT_PATH, Entry, load_gazetteer, parse
from msimamo.labels import BLOCS


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.parametrize("name", ["Bw Putin", "Rais Vladimir Putin", "Vladmir Putin", "putin", "Rais wa Urusi"])
def test_titles_and_variants_fold_to_putin(gazetteer, name):
    assert gazetteer.lookup(name).canonical == "Vladimir Putin"


@pytest.mark.parametrize("name", ["Kim Jong Un", "Kim Jong-un", "Kim Jong-Un", "KIM JONG UN", "Kim", "Bw Kim"])
def test_spellings_of_kim_fold_to_one(gazetteer, name):
    assert gazetteer.lookup(name).canonical == "Kim Jong Un"


def test_hyphens_and_spaces_do_not_matter(gazetteer):
    assert gazetteer.lookup("lim soo suk") == gazetteer.lookup("Lim Soo-Suk")
    assert gazetteer.lookup("Lim Soo-Suk").canonical == "Lim Soo-suk"


def test_accents_do_not_matter(gazetteer):
    assert gazetteer.lookup("António Guterres").canonical == "Antonio Guterres"


def test_two_security_councils_are_different_blocs(gazetteer):
    assert gazetteer.lookup("Baraza la Usalama la Umoja wa Mataifa").bloc == "international"
    assert gazetteer.lookup("Baraza la Usalama la Urusi").bloc == "russia_dprk"


def test_mentions_prefer_the_longest_name(gazetteer):
    text = "Wizara ya Mambo ya Nje ya Korea Kusini na Baraza la Usalama la Urusi zilisema"
    found = [(text[m.start:m.end], m.entry.canonical) for m in gazetteer.mentions(text)]
    assert found == [
        ("Wizara ya Mambo ya Nje ya Korea Kusini", "Wizara ya Mambo ya Nje ya Korea Kusini"),
        ("Baraza la Usalama la Urusi", "Baraza la Usalama la Urusi"),
    ]


def test_a_surname_does_not_swallow_someone_elses_name(gazetteer):
    text = "Naibu waziri Kim Sung-ho alikutana na Kim."
    assert [text[m.start:m.end] for m in gazetteer.mentions(text)] == ["Kim"]
    assert gazetteer.lookup("Kim Sung-ho") is None


def test_a_date_after_a_surname_leaves_the_surname(gazetteer):
    text = "Zelenskiy Jumamosi alisema"
    assert [(text[m.start:m.end], m.entry.canonical) for m in gazetteer.mentions(text)] == [
        ("Zelenskiy", "Volodymyr Zelensky")]


def test_a_description_running_on_into_an_unknown_owner_names_someone_else(gazetteer):
    assert [m.entry.canonical for m in gazetteer.mentions("Baraza la Usalama wa Taifa la Japan lilikutana")] \
        == ["Japan"]
    assert [m.entry.canonical for m in gazetteer.mentions("Baraza la Usalama la Umoja wa Mataifa lilikutana")] \
        == ["Baraza la Usalama la Umoja wa Mataifa"]


@pytest.mark.parametrize("canonical,spellings", [
    ("Urusi", ["Russia", "Urusi", "Russian Federation"]),
    ("Korea Kaskazini", ["Korea ya Kaskazini", "Korea Kaskazini", "DPRK", "North Korea", "DPR Korea"]),
    ("Marekani", ["Marekani", "Amerika", "Merika", "USA"]),
    ("Volodymyr Zelensky", ["Zelensky", "Zelenskiy", "Zelenskyy", "Volodymyr Zelenskyy"]),
    ("KCNA", ["KCNA", "Shirika la Habari la Korea", "Korean Central News Agency"]),
])
def test_spellings_across_outlets_are_one_entity(gazetteer, canonical, spellings):
    assert {gazetteer.lookup(s).canonical for s in spellings} == {canonical}


@pytest.mark.parametrize("description,canonical", [
    ("Rais wa Russia", "Vladimir Putin"),
    ("Wizara ya Ulinzi ya Russia", "Wizara ya Ulinzi ya Urusi"),
    ("Kiongozi wa DPRK", "Kim Jong Un"),
    ("Washirika wa Merika", "nchi za Magharibi"),
    ("Baraza la Usalama la UN", "Baraza la Usalama la Umoja wa Mataifa"),
])
def test_a_description_is_known_with_each_spelling_of_its_owner(gazetteer, description, canonical):
    assert gazetteer.lookup(description).canonical == canonical


def test_a_respelling_never_displaces_a_listed_name():
    g = parse([["canonical", "bloc", "variants"], ["Ruritania", "other", "Rurit"],
               ["Rais wa Ruritania", "other", ""], ["Ali Hassan", "western", "Rais wa Rurit"]])
    assert g.lookup("Rais wa Rurit").canonical == "Ali Hassan"
    assert g.lookup("Rais wa Ruritania").canonical == "Rais wa Ruritania"


@pytest.mark.parametrize("written,canonical", [
    ("Putrin", "Vladimir Putin"), ("Lavrof", "Sergei Lavrov"), ("Zelenskyi", None), ("Zelenskyj", "Volodymyr Zelensky"),
    ("kuleta", None), ("kubeba", None), ("Hamadi", None), ("Putin", "Vladimir Putin"), ("Ruto", None), ("Kimm", None),
])
def test_a_misspelt_surname_is_one_letter_away_and_never_a_swahili_word(gazetteer, written, canonical):
    found = gazetteer.near(written.casefold())
    assert (found.canonical if found else None) == canonical


def test_misspellings_are_matched_only_when_asked(gazetteer):
    text = "Putrin alisema"
    assert gazetteer.mentions(text) == []
    assert [m.entry.canonical for m in gazetteer.mentions(text, near=True)] == ["Vladimir Putin"]


@pytest.mark.parametrize("text,found", [
    ("Serikali yaKorea Kaskazini ilisema", [("Serikali yaKorea Kaskazini", "Korea Kaskazini")]),
    ("VolodymyrZelensky alisema", [("VolodymyrZelensky", "Volodymyr Zelensky")]),
    ("#KimJongUn na #VladimirPutin", [("KimJongUn", "Kim Jong Un"), ("VladimirPutin", "Vladimir Putin")]),
    ("KimSungHo alisema", []),
])
def test_glued_words_are_read_apart(gazetteer, text, found):
    assert [(text[m.start:m.end], m.entry.canonical) for m in gazetteer.mentions(text)] == found


def test_an_entry_is_what_its_descriptions_head(gazetteer):
    assert {"rais", "kiongozi"} <= gazetteer.nouns(gazetteer.lookup("Putin"))
    assert "ikulu" in gazetteer.nouns(gazetteer.lookup("Kremlin"))
    assert "shirika" in gazetteer.nouns(gazetteer.lookup("KCNA"))


def test_one_word_state_names_stay_before_a_name(gazetteer):
    text = "Waziri wa Uchukuzi wa Urusi Roman Starovoit"
    assert [m.entry.canonical for m in gazetteer.mentions(text)] == ["Urusi"]


def test_descriptions_take_the_bloc_of_their_owner(gazetteer):
    assert gazetteer.lookup("Wizara ya Ulinzi ya Uingereza") == Entry("Wizara ya Ulinzi ya Uingereza", "western")
    assert gazetteer.lookup("afisa mmoja wa Umoja wa Mataifa").bloc == "international"
    assert gazetteer.lookup("Waziri wa Mambo ya Nje wa Urusi Sergei Lavrov").canonical == "Sergei Lavrov"
    assert gazetteer.lookup("mchambuzi mmoja wa masuala ya usalama").canonical == "wachambuzi"
    assert gazetteer.lookup("Rais John Smith") is None


STANDING_ACTORS = {
    "russia_dprk": ["Putin", "Lavrov", "Shoigu", "Belousov", "Peskov", "Zakharova", "Antonov", "Krivoruchko",
                    "Kremlin", "Ikulu ya Kremlin", "Wizara ya Mambo ya Nje ya Urusi", "Moscow",
                    "Baraza la Usalama la Urusi", "mashirika ya habari ya Urusi", "Korea Kaskazini",
                    "Kim Jong Un", "Choe Son Hui", "Kim Yo Jong", "No Kwang Chol", "KCNA",
                    "shirika la habari la KCNA", "Rodong Sinmun", "Pyongyang",
                    "vyombo vya habari vya serikali ya Korea Kaskazini", "Nebenzia", "Medvedev", "Ushakov",
                    "Rudenko", "Matsegora", "RT"],
    "western": ["Biden", "Trump", "Blinken", "Rubio", "Austin", "Hegseth", "Kirby", "Sullivan", "Matthew Miller",
                "Ikulu ya Marekani", "Pentagon", "Wizara ya Mambo ya Nje ya Marekani", "Washington", "Marekani",
                "Yoon Suk Yeol", "Lee Jae-myung", "Cho Tae-yul", "Park Jin", "Lim Soo-suk",
                "Wizara ya Mambo ya Nje ya Korea Kusini", "Seoul", "Korea Kusini", "Kishida", "Ishiba",
                "Takaichi", "Hayashi", "Kamikawa", "Iwaya", "Tokyo", "Japan", "Japani", "Zelensky", "Kuleba",
                "Sybiha", "Kyiv", "Kiev", "Ukraine", "Umoja wa Ulaya", "Borrell", "Kallas", "von der Leyen",
                "NATO", "Jumuiya ya NATO", "Stoltenberg", "Rutte", "Uingereza", "Australia",
                "Washirika wa nchi za Magharibi", "Pat Ryder", "Kim Hong-kyun", "NIS", "GUR", "Budanov", "Italia",
                "Kanada", "MSMT", "Thomas-Greenfield"],
    "international": ["Umoja wa Mataifa", "Katibu Mkuu wa Umoja wa Mataifa", "Antonio Guterres",
                      "Baraza la Usalama la Umoja wa Mataifa", "jopo la wataalamu la Umoja wa Mataifa", "IAEA",
                      "Rafael Grossi", "Dujarric", "Nakamitsu", "DiCarlo"],
    "other": ["China", "Beijing", "Xi Jinping", "Wang Yi", "Wizara ya Mambo ya Nje ya China", "Lin Jian",
              "Mao Ning", "wataalamu", "wachambuzi", "Reuters", "AFP", "Associated Press", "Al Jazeera", "Yonhap"],
}


@pytest.mark.parametrize("bloc,name", [(b, n) for b, names in STANDING_ACTORS.items() for n in names])
def test_standing_actors_of_the_beat_are_known(gazetteer, bloc, name):
    entry = gazetteer.lookup(name)
    assert entry is not None, name
    assert entry.bloc == bloc


def test_every_seed_speaker_is_known_with_its_gold_bloc(gazetteer):
    with open(GOLD, encoding="utf-8", newline="") as fh:
        speakers = {(r["speaker"], r["bloc"]) for r in csv.DictReader(fh) if r["speaker"]}
    unknown = [(s, b) for s, b in speakers if getattr(gazetteer.lookup(s), "bloc", None) != b]
    assert unknown == []


def test_packaged_blocs_are_the_label_set(gazetteer):
    assert {e.bloc for e in gazetteer.entries()} == set(BLOCS)


def test_default_gazetteer_is_parsed_once():
    assert load_gazetteer() is load_gazetteer(DEFAULT_PATH)


def test_a_gazetteer_file_can_be_given(tmp_path):
    path = write_csv(tmp_path / "g.csv", ["canonical", "bloc", "variants"],
                     [["Ali Hassan", "other", "Hassan|Bw Ali"]])
    g = load_gazetteer(path)
    assert g.lookup("Bw Ali").canonical == "Ali Hassan"
    assert g.lookup("Putin") is None


@pytest.mark.parametrize("rows,message", [
    ([["Putin", "russia_dprk", ""], ["Biden", "westrn", ""]], "line 3: unknown bloc 'westrn'"),
    ([[" ", "other", "x"]], "line 2: empty canonical name"),
    ([["Putin", "russia_dprk"]], "line 2: expected 3 fields, got 2"),
    ([["Putin", "russia_dprk", "Vladimir"], ["Vladimir", "other", ""]], "line 3: 'Vladimir' already names 'Putin'"),
])
def test_malformed_rows_are_refused_by_line(rows, message):
    with pytest.raises(DataError, match=message):
        parse([["canonical", "bloc", "variants"], *rows])


def test_wrong_header_is_refused():
    with pytest.raises(DataError, match="line 1: expected columns canonical,bloc,variants"):
        parse([["name", "bloc", "variants"]])


def test_a_file_that_is_not_utf8_is_refused_by_line(tmp_path):
    path = tmp_path / "g.csv"
    path.write_bytes("canonical,bloc,variants\nAli Hassan,other,\nSaïd Juma,other,\n".encode("latin-1"))
    with pytest.raises(DataError, match="line 3: not UTF-8") as refused:
        load_gazetteer(path)
    assert refused.value.path == str(path.resolve())


@given(st.lists(st.from_regex(r"[^\W_]+", fullmatch=True), max_size=8))
@settings(max_examples=300, deadline=None)
def test_fold_all_is_fold_of_each_token(tokens):
    from msimamo.extract.gazetteer import fold, fold_all

    assert fold_all(tokens) == [fold(t) for t in tokens]


def test_glue_patterns_are_linear():
    assert_linear(lambda text: _GLUE.search(text), lambda n: "a" * 4000 * n + "1")
    assert_linear(lambda text: _GLUE.search(text), lambda n: "A" * 4000 * n + "a")
    assert_linear(lambda text: list(_PIECE.finditer(text)), lambda n: "a" * 4000 * n + "B")
    assert_linear(lambda text: list(_PIECE.finditer(text)), lambda n: "aB" * 2000 * n)


def test_misspelt_surnames_are_matched_in_linear_time(gazetteer):
    assert_linear(lambda text: gazetteer.mentions(text, near=True), lambda n: "Putrinx " * 400 * n)
    assert_linear(lambda text: gazetteer.mentions(text, near=True), lambda n: "P" + "x" * 4000 * n)
