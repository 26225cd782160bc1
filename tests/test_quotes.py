"""The statement extractor: quotation marks, sentences, attribution, speakers, CLI."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from conftest import ARTICLES, ROOT, SEEDS
from training.quotes import Statement, extract, find_speaker, main


def article(prefix: str) -> tuple[str, str]:
    path = next(ARTICLES.glob(f"{prefix}_*.txt"))
    return path, path.read_text(encoding="utf-8")


def statement_at(prefix: str, start: int) -> Statement:
    _, text = article(prefix)
    return next(s for s in extract(text) if s.start == start)


QUOTE = "Marekani haina haki ya kutufundisha"


@pytest.mark.parametrize("opening,closing", [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»"), ("''", "''"), ("'", "'")])
def test_every_quotation_mark_style(opening, closing):
    text = f"{opening}{QUOTE},{closing} Antonov alisema."
    assert extract(text) == [Statement(QUOTE, "Anatoly Antonov", "quote", 0, len(text))]


def test_apostrophe_inside_a_word_is_not_a_quotation_mark():
    text = "Wafugaji wa ng'ombe walisema bei imepanda."
    assert extract(text) == [Statement("bei imepanda", "Wafugaji wa ng'ombe", "reported", 0, len(text))]


def test_closing_mark_without_an_opening_one_quotes_from_the_paragraph_start():
    s = statement_at("001", 1927)
    assert (s.kind, s.speaker, s.end) == ("quote", "Lim Soo-suk", 2121)
    assert s.quote == ("Urusi inapaswa kufahamu wazi kwamba iwapo itashirikiana kijeshi na Korea Kaskazini, hali hiyo "
                       "inaweza kusababisha matokeo mabaya kwenye uhusiano kati ya Korea Kusini na Urusi")


def test_a_quotation_over_several_sentences_is_one_statement():
    text = "“Hatutakubali vitisho. Tutaendelea na ushirikiano wetu,” alisema Dmitri Peskov. Mkutano utafanyika kesho."
    first, second = extract(text)
    assert first == Statement("Hatutakubali vitisho. Tutaendelea na ushirikiano wetu", "Dmitri Peskov", "quote", 0, 79)
    assert (second.kind, text[second.start:second.end]) == ("narration", "Mkutano utafanyika kesho.")


def test_a_sentence_can_end_inside_its_closing_mark():
    text = "Kiongozi wa Korea Kaskazini aliwatakia “watu wa Urusi ushindi.” Jarida hilo lilichapisha picha."
    first, second = extract(text)
    assert text[first.start:first.end] == "Kiongozi wa Korea Kaskazini aliwatakia “watu wa Urusi ushindi.”"
    assert (first.kind, first.speaker, first.quote) == ("quote", "Kim Jong Un", "watu wa Urusi ushindi.")
    assert text[second.start:second.end] == "Jarida hilo lilichapisha picha."


def test_abbreviations_decimals_and_initials_do_not_end_sentences():
    text = "Bw. Putin alisema asilimia 19.5 ya biashara ni ya Korea. Dkt. Kim alikubali. J. Biden alikataa."
    assert [text[s.start:s.end] for s in extract(text)] == [
        "Bw. Putin alisema asilimia 19.5 ya biashara ni ya Korea.", "Dkt. Kim alikubali.", "J. Biden alikataa."]


def test_speaker_carries_over_to_a_verb_without_a_named_subject():
    assert (statement_at("000", 428).kind, statement_at("000", 428).speaker) == ("quote", "KCNA")
    assert (statement_at("000", 1015).kind, statement_at("000", 1015).speaker) == ("quote", "Anatoly Antonov")


def test_scare_quotes_inside_narration_are_not_quotations():
    assert statement_at("000", 1860).kind == "narration"
    attributed = statement_at("000", 1501)
    assert (attributed.kind, attributed.speaker) == ("reported", "Vladimir Putin")


def test_short_quotation_right_after_its_speech_verb_is_a_quotation():
    s = statement_at("000", 2621)
    assert (s.kind, s.speaker, s.quote) == ("quote", "Vladimir Putin", "watajadili mada zote")


def test_titles_and_spellings_fold_to_one_speaker():
    assert statement_at("000", 2041).speaker == "Vladimir Putin"
    assert statement_at("001", 1116).speaker == "Vladimir Putin"
    assert statement_at("004", 920).speaker == "Vladimir Putin"
    assert statement_at("002", 1410).speaker == "Dmitri Peskov"


def test_article_without_quotation_marks_still_has_reported_speech():
    _, text = article("004")
    statements = extract(text)
    assert not any(s.kind == "quote" for s in statements)
    s = statement_at("004", 920)
    assert (s.kind, s.speaker) == ("reported", "Vladimir Putin")
    assert s.quote == ("nchi yake na Korea Kaskazini zitaanzisha mifumo ya kibiashara na kibenki ambayo haitodhibitiwa "
                       "na mataifa ya Magharibi lakini pia kwa pamoja zitapambana na vikwazo vilivyowekwa dhidi ya "
                       "nchi zao")
    assert [(s.start, s.kind, s.speaker) for s in statements if s.kind == "reported"][:2] == [
        (67, "reported", "Vladimir Putin"), (328, "reported", "mashirika ya habari ya Urusi")]


def test_source_phrases_and_trailing_attribution():
    assert (statement_at("000", 0).kind, statement_at("000", 0).speaker) == (
        "reported", "vyombo vya habari vya serikali ya Korea Kaskazini")
    assert statement_at("000", 0).quote == "Kim amemwalika Putin kutembelea Pyongyang na Putin amekubali"
    assert statement_at("002", 901).speaker == "Washington"
    assert statement_at("003", 893).speaker == "Baraza la Usalama la Urusi"
    assert statement_at("002", 2531).speaker == "wataalamu"


def test_a_reaction_in_a_huku_clause_does_not_make_the_sentence_reported():
    assert statement_at("003", 96).kind == "narration"


def units() -> dict[str, list[tuple[int, int]]]:
    found: dict[str, list[tuple[int, int]]] = {}
    with open(SEEDS / "annotations" / "units.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            found.setdefault(row["article"], []).append((int(row["start"]), int(row["end"])))
    return found


@pytest.mark.parametrize("name", sorted(units()))
def test_statement_spans_are_the_gold_sentence_spans(name):
    text = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
    assert [(s.start, s.end) for s in extract(text)] == units()[name]


@pytest.mark.parametrize("text,speaker", [
    ("“Tutaisaidia Urusi,” Antonov alisema.", "Anatoly Antonov"),
    ("Kwa mujibu wa KCNA, Putin amekubali mwaliko.", "KCNA"),
    ("Marekani inasema Moscow inanunua silaha.", "Marekani"),
    ("Rais Vladmir Putin amesema ushirikiano utaendelea.", "Vladimir Putin"),
    ('"Tunapinga vikwazo," amesema msemaji wa Kremlin Dmitri Peskov.', "Dmitri Peskov"),
    ("Kulingana na wataalamu, Urusi itapata silaha.", "wataalamu"),
    ("Msemaji wa Wizara ya Mambo ya Nje ya Korea Kusini alisema Seoul ina wasiwasi.",
     "Wizara ya Mambo ya Nje ya Korea Kusini"),
    ("Rais wa Korea Kusini Yoon Suk Yeol, aliyehudhuria mkutano huo, alisema hali ni tete.", "Yoon Suk Yeol"),
    ("Naibu Waziri wa Mambo ya Nje wa Korea Kaskazini Kim Jong Gyu alisema Pyongyang iko tayari.", "Kim Jong Gyu"),
    ("Zinoviev alijibu kwamba ushirikiano huo ni halali.", "Zinoviev"),
    ("“Hatuna hofu,” alisema.", None),
    ("Taarifa hiyo ilisema mkutano ulifanyika.", None),
    ("Mkutano ulifanyika Jumatano.", None),
])
def test_find_speaker_of_one_statement(text, speaker):
    assert find_speaker(text) == speaker


def test_cli_prints_json_lines_with_offsets_of_the_sentence(capsys):
    path, text = article("000")
    assert main([str(path)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 17
    assert list(rows[3]) == ["quote", "speaker", "kind", "start", "end"]
    assert rows[3] == {"quote": ("Putin alikubali mwaliko huo kwa furaha na alithibitisha nia yake ya kuendeleza "
                                 "historia na utamaduni wa urafiki wa Urusi-DPRK"),
                       "speaker": "KCNA", "kind": "quote", "start": 428, "end": 567}
    assert all(text[r["start"]:r["end"]] == text[r["start"]:r["end"]].strip() != "" for r in rows)


def test_cli_keeps_non_ascii_readable():
    path, _ = article("003")
    out = subprocess.run([sys.executable, "-m", "training.quotes", str(path)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert "\\u" not in out
    assert "Shirikisho la Urusi kwa mujibu wa ari ya mkataba" in out


def test_cli_refuses_a_missing_file_in_one_line(tmp_path, capsys):
    assert main([str(tmp_path / "hakuna.txt")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "hakuna.txt" in err


def test_prefix_tree_pattern_matches_exactly_the_words():
    import re

    from training.quotes import prefix_tree_pattern

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
    import re

    from training import quotes

    def spans(texts):
        return [[(m.start(), m.end(), m.group()) for m in quotes.speech_verbs(t, 0, len(t))] for t in texts]

    texts = corpus_texts + [t.upper() for t in corpus_texts[:20]] + ["alisema_ames", "a-lisema pongeza kuongeza"]
    factored = spans(texts)
    assert sum(map(len, factored)) > 500
    monkeypatch.setattr(quotes, "_REVERSED_STEM", re.compile(r"\b(?:%s)" % "|".join(quotes.REVERSED_STEMS)))
    assert spans(texts) == factored


def test_the_rest_of_a_word_is_exactly_the_characters_isalnum_accepts():
    from training.quotes import _LETTERS

    assert [c for c in map(chr, range(0x110000)) if bool(_LETTERS.fullmatch(c)) != c.isalnum()] == []
