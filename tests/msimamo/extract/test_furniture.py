"""Page furniture: body spans of the seed pages and of small pages built to show one rule each."""

from __future__ import annotations

import csv

import pytest

from conftest import ARTICLES, SEEDS
from msimamo.extract.furniture import body_segments

UNITS = SEEDS / "annotations" / "units.csv"


def article(prefix: str) -> str:
    return next(ARTICLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def body(text: str) -> list[str]:
    return [text[s:e] for s, e in body_segments(text)]


def gold_units() -> dict[str, list[tuple[int, int]]]:
    units: dict[str, list[tuple[int, int]]] = {}
    with open(UNITS, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            units.setdefault(row["article"], []).append((int(row["start"]), int(row["end"])))
    return units


@pytest.mark.parametrize("name", sorted(gold_units()))
def test_body_of_each_seed_is_exactly_its_gold_sentences(name):
    """Every gold sentence lies in a segment, and every segment starts and ends on gold sentences."""
    units = gold_units()[name]
    segments = body_segments((ARTICLES / f"{name}.txt").read_text(encoding="utf-8"))
    assert all(any(s <= us and ue <= e for s, e in segments) for us, ue in units)
    assert {s for s, _ in segments} <= {us for us, _ in units}
    assert {e for _, e in segments} <= {ue for _, ue in units}


def test_navigation_tags_captions_credits_url_and_byline_are_dropped():
    text = article("001")
    kept = "\n".join(body(text))
    for furniture in ["Nenda kwenye", "SiasaUrusi", "14 Septemba 2023", "https://p.dw.com", "Russland |",
                      "Picha:", "Südkorea", "(AP, DPA, Reuters)", "Hofu ya Korea Kusini",
                      "Putin: Kim kutembelea viwanda"]:
        assert furniture not in kept
    assert body(text)[0] == ("Rais wa Urusi Vladmir Putin amekubali mwaliko wa kuizuru Korea Kaskazini "
                             "uliotolewa na kiongozi wa nchi hiyo, Kim Jong Un.")


def test_caption_repeated_without_its_credit_pull_quote_and_page_not_found_block_are_dropped():
    text = article("002")
    kept = body(text)
    assert not any("Septemba 13, 2023" in k or "Matangazo" in k or "Kusambaza" in k for k in kept)
    assert not any(k.startswith("'Jambo muhimu") for k in kept)
    assert not any("Ukurasa" in k or "Maudhui unayojaribu" in k for k in kept)
    assert kept[-1].startswith("Kulingana na wataalamu")


def test_comment_form_and_everything_after_it_is_dropped():
    kept = body(article("003"))
    assert kept[-1].startswith("Taarifa hiyo ilibainisha")
    assert not any("Leave a Reply" in k or "thought on" in k or "email" in k for k in kept)


def test_glued_dateline_and_glued_read_more_link_are_cut_off():
    text = article("004")
    segments = body_segments(text)
    assert text[segments[0][0]:].startswith("Rais Vladmir Putin wa Urusi")
    glued = next(text[s:e] for s, e in segments if "Yakutsk" in text[s:e])
    assert glued.endswith("teknolojia na ulinzi.")


def test_title_line_with_a_full_stop_is_dropped():
    assert not any("kuanzisha ushirikiano mkubwa" in k for k in body(article("004")))


def test_offsets_are_in_the_original_text_with_crlf_and_indent():
    text = "Nenda kwenye maudhui\r\n\r\n   Putin alisema leo kwamba Urusi itasaidia.  \r\nSoma pia: Habari nyingine\r\n"
    (s, e), = body_segments(text)
    assert (s, e) == (27, 68)
    assert text[s:e] == "Putin alisema leo kwamba Urusi itasaidia."


@pytest.mark.parametrize("page,expected", [
    ("KIMATAIFA\nWashington imesema Urusi inanunua silaha.\nPicha: AFP/Getty Images",
     ["Washington imesema Urusi inanunua silaha."]),
    ("Seoul imeonya leo kuhusu ushirikiano huo.Soma Pia: Kim azuru Urusi", ["Seoul imeonya leo kuhusu ushirikiano huo."]),
    ("Jumatano, 13 Septemba 2023 - Kim amewasili Vostochny.", ["Kim amewasili Vostochny."]),
    ("Marekani imeonya Urusi.\nwww.example.com/habari\n(AFP, Reuters)", ["Marekani imeonya Urusi."]),
    ("Pyongyang imesema haitakubali vikwazo.\n2 thoughts on “Habari”\nNzuri sana, asante kwa habari.",
     ["Pyongyang imesema haitakubali vikwazo."]),
    ("Ukurasa haupatikani\nTafadhali jaribu tena baadaye.\nKremlin imesema mkutano utafanyika.",
     ["Kremlin imesema mkutano utafanyika."]),
    ("Putin alisema hatua hiyo ni halali.", ["Putin alisema hatua hiyo ni halali."]),
])
def test_general_furniture_rules(page, expected):
    assert body(page) == expected


def test_a_long_paragraph_without_a_full_stop_is_body():
    line = " ".join(["Korea Kaskazini imepeleka wanajeshi zaidi nchini Urusi"] * 4)
    assert body(f"Habari\n{line}") == [line]
