"""The statement extractor end to end: quotation marks, sentences, attribution, speakers."""

from __future__ import annotations

import csv

import pytest

from conftest import ARTICLES, SEEDS
from msimamo.extract.statements import Speaker, Statement, extract, find_speaker, resolve


def name_of(found: Statement | Speaker | None) -> str | None:
    """The speaker's name of a statement (or a speaker itself); None when there is none."""
    speaker = found.speaker if isinstance(found, Statement) else found
    return speaker.name if speaker else None


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
    assert extract(text) == [Statement(QUOTE, resolve("Anatoly Antonov"), "quote", 0, len(text))]


def test_apostrophe_inside_a_word_is_not_a_quotation_mark():
    text = "Wafugaji wa ng'ombe walisema bei imepanda."
    assert extract(text) == [
        Statement("bei imepanda", resolve("Wafugaji wa ng'ombe"), "reported", 0, len(text))]


def test_closing_mark_without_an_opening_one_quotes_from_the_paragraph_start():
    s = statement_at("001", 1927)
    assert (s.kind, name_of(s), s.end) == ("quote", "Lim Soo-suk", 2121)
    assert s.quote == ("Urusi inapaswa kufahamu wazi kwamba iwapo itashirikiana kijeshi na Korea Kaskazini, hali hiyo "
                       "inaweza kusababisha matokeo mabaya kwenye uhusiano kati ya Korea Kusini na Urusi")


def test_a_quotation_over_several_sentences_is_one_statement():
    text = "“Hatutakubali vitisho. Tutaendelea na ushirikiano wetu,” alisema Dmitri Peskov. Mkutano utafanyika kesho."
    first, second = extract(text)
    claim = "Hatutakubali vitisho. Tutaendelea na ushirikiano wetu"
    assert first == Statement(claim, resolve("Dmitri Peskov"), "quote", 0, 79)
    assert (second.kind, text[second.start:second.end]) == ("narration", "Mkutano utafanyika kesho.")


def test_a_sentence_can_end_inside_its_closing_mark():
    text = "Kiongozi wa Korea Kaskazini aliwatakia “watu wa Urusi ushindi.” Jarida hilo lilichapisha picha."
    first, second = extract(text)
    assert text[first.start:first.end] == "Kiongozi wa Korea Kaskazini aliwatakia “watu wa Urusi ushindi.”"
    assert (first.kind, name_of(first), first.quote) == ("quote", "Kim Jong Un", "watu wa Urusi ushindi.")
    assert text[second.start:second.end] == "Jarida hilo lilichapisha picha."


def test_abbreviations_decimals_and_initials_do_not_end_sentences():
    text = "Bw. Putin alisema asilimia 19.5 ya biashara ni ya Korea. Dkt. Kim alikubali. J. Biden alikataa."
    assert [text[s.start:s.end] for s in extract(text)] == [
        "Bw. Putin alisema asilimia 19.5 ya biashara ni ya Korea.", "Dkt. Kim alikubali.", "J. Biden alikataa."]


def test_speaker_carries_over_to_a_verb_without_a_named_subject():
    assert (statement_at("000", 428).kind, name_of(statement_at("000", 428))) == ("quote", "KCNA")
    assert (statement_at("000", 1015).kind, name_of(statement_at("000", 1015))) == ("quote", "Anatoly Antonov")


def test_scare_quotes_inside_narration_are_not_quotations():
    assert statement_at("000", 1860).kind == "narration"
    attributed = statement_at("000", 1501)
    assert (attributed.kind, name_of(attributed)) == ("reported", "Vladimir Putin")


def test_short_quotation_right_after_its_speech_verb_is_a_quotation():
    s = statement_at("000", 2621)
    assert (s.kind, name_of(s), s.quote) == ("quote", "Vladimir Putin", "watajadili mada zote")


def test_titles_and_spellings_fold_to_one_speaker():
    assert name_of(statement_at("000", 2041)) == "Vladimir Putin"
    assert name_of(statement_at("001", 1116)) == "Vladimir Putin"
    assert name_of(statement_at("004", 920)) == "Vladimir Putin"
    assert name_of(statement_at("002", 1410)) == "Dmitri Peskov"


def test_article_without_quotation_marks_still_has_reported_speech():
    _, text = article("004")
    statements = extract(text)
    assert not any(s.kind == "quote" for s in statements)
    s = statement_at("004", 920)
    assert (s.kind, name_of(s)) == ("reported", "Vladimir Putin")
    assert s.quote == ("nchi yake na Korea Kaskazini zitaanzisha mifumo ya kibiashara na kibenki ambayo haitodhibitiwa "
                       "na mataifa ya Magharibi lakini pia kwa pamoja zitapambana na vikwazo vilivyowekwa dhidi ya "
                       "nchi zao")
    assert [(s.start, s.kind, name_of(s)) for s in statements if s.kind == "reported"][:2] == [
        (67, "reported", "Vladimir Putin"), (328, "reported", "mashirika ya habari ya Urusi")]


def test_source_phrases_and_trailing_attribution():
    assert (statement_at("000", 0).kind, name_of(statement_at("000", 0))) == (
        "reported", "vyombo vya habari vya serikali ya Korea Kaskazini")
    assert statement_at("000", 0).quote == "Kim amemwalika Putin kutembelea Pyongyang na Putin amekubali"
    assert name_of(statement_at("002", 901)) == "Washington"
    assert name_of(statement_at("003", 893)) == "Baraza la Usalama la Urusi"
    assert name_of(statement_at("002", 2531)) == "wataalamu"


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
    """The units are the body's sentences; a title that reports speech is a statement besides them."""
    text = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
    assert [(s.start, s.end) for s in extract(text) if not s.headline] == units()[name]


@pytest.mark.parametrize("text,speaker", [
    ("“Tutaisaidia Urusi,” Antonov alisema.", "Anatoly Antonov"),
    ("Kwa mujibu wa KCNA, Putin amekubali mwaliko.", "KCNA"),
    ("Marekani inasema Moscow inanunua silaha.", "Marekani"),
    ("Rais Vladmir Putin amesema ushirikiano utaendelea.", "Vladimir Putin"),
    ('"Tunapinga vikwazo," amesema msemaji wa Kremlin Dmitri Peskov.', "Dmitri Peskov"),
    ("Kulingana na wataalamu, Urusi itapata silaha.", "wataalamu"),
    ("Msemaji wa Wizara ya Mambo ya Nje ya Korea Kusini alisema Seoul ina wasiwasi.",
     "Msemaji wa Wizara ya Mambo ya Nje ya Korea Kusini"),
    ("Rais wa Korea Kusini Yoon Suk Yeol, aliyehudhuria mkutano huo, alisema hali ni tete.", "Yoon Suk Yeol"),
    ("Naibu Waziri wa Mambo ya Nje wa Korea Kaskazini Kim Jong Gyu alisema Pyongyang iko tayari.", "Kim Jong Gyu"),
    ("Zinoviev alijibu kwamba ushirikiano huo ni halali.", "Zinoviev"),
    ("“Hatuna hofu,” alisema.", None),
    ("Taarifa hiyo ilisema mkutano ulifanyika.", None),
    ("Mkutano ulifanyika Jumatano.", None),
])
def test_find_speaker_of_one_statement(text, speaker):
    assert name_of(find_speaker(text)) == speaker


def test_a_quotation_takes_the_speaker_its_next_sentence_names():
    text = ("Mkutano ulianza saa tatu asubuhi. “Hatutakubali rushwa katika halmashauri zetu.” Alisema Waziri "
            "Juma Hamisi alipozungumza na madiwani.")
    narration, quote, attribution = extract(text)
    assert (quote.kind, name_of(quote)) == ("quote", "Juma Hamisi")
    assert (attribution.kind, name_of(attribution)) == ("narration", None)
    assert narration.kind == "narration"


def test_a_sentence_that_points_back_makes_the_one_before_it_reported():
    text = ("Serikali itajenga zahanati kumi katika wilaya hiyo ifikapo mwakani.\n"
            "Hayo yamesemwa na Mkuu wa Wilaya Amina Salim alipotembelea kijiji cha Mbezi.")
    reported, attribution = extract(text)
    assert (reported.kind, name_of(reported)) == ("reported", "Amina Salim")
    assert reported.quote == "Serikali itajenga zahanati kumi katika wilaya hiyo ifikapo mwakani"
    assert attribution.kind == "narration"


def test_an_attribution_with_no_claim_does_not_override_one_the_quotation_has():
    text = "“Tutaongeza walimu,” alisema Juma Hamisi. Wizara ya Elimu ilisema katika taarifa yake."
    quote, attribution = extract(text)
    assert (name_of(quote), attribution.kind) == ("Juma Hamisi", "narration")


def test_a_quotation_left_open_takes_the_speaker_of_the_paragraph_that_closes_it():
    text = ("Mwenyekiti wa kijiji alikutana na wakulima Jumatatu.\n"
            "“Mbegu zimechelewa kwa wiki tatu na mvua tayari zimeanza.\n"
            "“Tunaomba serikali itusaidie haraka,” alisema mkulima Halima Saidi.")
    _, first, second = extract(text)
    assert (first.kind, name_of(first)) == ("quote", "Halima Saidi")
    assert (second.kind, name_of(second)) == ("quote", "Halima Saidi")


@pytest.mark.parametrize("text", [
    'Mbunge Amina Salim alisema:"Tutajenga barabara ya lami mwakani."',
    "Mbunge Amina Salim alisema:“Tutajenga barabara ya lami mwakani.”",
    'Mbunge Amina Salim alisema kuwa,"Tutajenga barabara ya lami mwakani."',
])
def test_a_quotation_after_a_stop_without_a_space(text):
    [statement] = extract(text)
    assert (statement.kind, name_of(statement), statement.quote) == (
        "quote", "Amina Salim", "Tutajenga barabara ya lami mwakani.")


def test_missing_spaces_break_no_clause_or_sentence():
    text = ("Mvua iliharibu madaraja matatu,na Waziri Juma Hamisi alisema kuwa yatajengwa upya.“Hatutachelewa,” "
            "aliongeza.")
    first, second = extract(text)
    assert (first.kind, name_of(first), first.quote) == ("reported", "Juma Hamisi", "yatajengwa upya")
    assert (second.kind, name_of(second), second.quote) == ("quote", "Juma Hamisi", "Hatutachelewa")


@pytest.mark.parametrize("title,speaker", [
    ("Chama cha Walimu chalaani kucheleweshwa kwa mishahara", "Chama cha Walimu"),
    ("Juma Hamisi: Tutashinda uchaguzi huu kwa kishindo", "Juma Hamisi"),
    ("Mafuriko yaathiri wilaya tatu za mkoa wa Morogoro", None),
])
def test_a_title_is_a_statement_when_it_reports_someone_s_words(title, speaker):
    body = "Katibu wa chama hicho Juma Hamisi alisema walimu wamesubiri kwa miezi mitatu."
    found = [(name_of(s), s.kind) for s in extract(f"{title}\n{body}") if s.headline]
    assert found == ([(speaker, "reported")] if speaker else [])
