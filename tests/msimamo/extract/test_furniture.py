"""Page furniture: body spans of the seed pages and of small pages built to show one rule each."""

from __future__ import annotations

import csv

import pytest

from conftest import ARTICLES, SEEDS, assert_linear
from msimamo.extract.furniture import body_segments, is_foreign, is_furniture, is_metadata, is_outlet_note, segments

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


# --- Invented pages, one class of furniture each ---------------------------------------------

TITLE = "Waziri wa Zambia aonya walanguzi wa mafuta"
BODY = "Waziri wa nishati alisema bei ya mafuta itashuka mwezi ujao."


def headlines(text: str) -> list[str]:
    return [text[seg.start:seg.end] for seg in segments(text) if seg.headline]


def kept(text: str) -> list[str]:
    return [text[seg.start:seg.end] for seg in segments(text)]


@pytest.mark.parametrize("line", [
    "#Zambia #Mafuta #Uchumi",
    "Maoni 12", "1.2K views", "Imesomwa mara 340", "👁 1,204 | 💬 12", "Saa 2 zilizopita", "3 days ago",
    "Jumanne , 14th May , 2024", "Muda wa kusoma: Dakika 4", "Imechapishwa: 12/06/2024 - 14:32", "02:35",
    "2025-03-14 09:12:40| zbc",
    "Mwandishi: Neema Lyimo", "Mhariri: Hassani Mollel", "Mwandishi: Neema Lyimo/Mhariri: Hassani Mollel",
    "DW Kiswahili | Neema Lyimo", "Imeandikwa na Peter Okello", "Na Mwandishi Wetu, LUSAKA", "NA JOHN MREMA",
    "Mwandishi, Grace Mwita", "-habarihub: Neema Lyimo", "habarihub: waziri-aonya-walanguzi-wa-mafuta-2291",
    "VIDEO", "Tazama video 02:35", "Sikiliza makala hii", "Kiungo cha kudumu https://p.example.com/p/4X",
    "Chanzo cha picha, Getty Images", "Maelezo ya picha, Wakulima wakiwa sokoni Lusaka",
    "3. Nenda tovuti za idhaa nyingine", "Ruka Twitter ujumbe, 1",
    "Sauti ya Amerika – Idhaa ya Kiswahili inawafikia wasikilizaji Afrika Mashariki kupitia redio na mtandao.",
    "Jiunge nasi kwenye Facebook na Instagram kwa habari zaidi.",
    "Pakua app yetu bure upate habari kila siku.",
    "Usikose kusikiliza kipindi cha Jioni kila siku saa kumi na mbili",
    "Tembelea tovuti yetu kwa habari zaidi za kila siku kutoka Afrika.",
    "© 2025 Habari Digital. Haki zote zimehifadhiwa.",
    "The post Waziri aonya walanguzi first appeared on Habari Hub.",
    "A farmer carries a sack of maize at a market in Lusaka on Tuesday.",
    "Le président zambien lors d'une conférence de presse à Lusaka",
    "Sambias Präsident bei einer Pressekonferenz in Lusaka",
    "Related posts from our network...",
])
def test_furniture_line_is_neither_headline_nor_body(line):
    assert is_furniture(line)
    assert kept(f"{TITLE}\n{line}\n{BODY}") == [TITLE, BODY]
    assert kept(f"{TITLE}\n{BODY}\n{line}") == [TITLE, BODY]


@pytest.mark.parametrize("line", [
    "Msemaji wa serikali aliiambia redio ya taifa kwamba wasikilizaji wengi walipiga simu kulalamika.",
    "Rais alisema kupitia televisheni ya taifa kwamba nchi yetu itasimama imara.",
    "Waziri alisema “we will not back down” kabla ya kuondoka, akiongeza kwamba mazungumzo yataendelea.",
    "Shirika la Human Rights Watch limesema watu kumi walikamatwa mjini Lusaka.",
    "Mara tatu mwaka huu bei imepanda, alisema waziri.",
    "Sauti za milio ya risasi zilisikika usiku kucha mjini Goma, polisi walisema.",
    "Chanzo kimoja cha kijeshi kilisema wanajeshi hao waliondoka jana.",
    "Tazama jinsi wananchi walivyojitokeza kwa wingi kupiga kura, alisema mwangalizi mmoja.",
    "Mkutano huo ulihudhuriwa na Rais Hakainde Hichilema na Waziri Mkuu Saulos Chilima.",
])
def test_news_sentence_is_not_furniture(line):
    assert not is_furniture(line)
    assert kept(f"{TITLE}\n{line}\n{BODY}") == [TITLE, line, BODY]


def test_cheap_language_tests_on_their_own():
    assert is_foreign("Police said on Monday that the talks would resume")
    assert not is_foreign("Polisi walisema Jumatatu kwamba mazungumzo yataendelea")
    assert not is_foreign("Kim Jong Un")
    assert is_metadata("Ijumaa, Aprili 4, 2025 10:30")
    assert not is_metadata("Aprili 4 wabunge walipiga kura")
    assert is_outlet_note("Fuatilia habari zetu kupitia YouTube")
    assert not is_outlet_note("Televisheni ya taifa ilirusha vipindi maalum kuhusu uchaguzi huo.")


def test_title_and_teaser_above_the_body_are_headlines_each_once():
    teaser = "Serikali yasema itawachukulia hatua wafanyabiashara wanaoficha mafuta"
    page = f"Nenda kwenye maudhui\n{TITLE}\n{teaser}\n12 Mei 2025\nMwandishi: Neema Lyimo\n{BODY}\n{TITLE}"
    assert headlines(page) == [TITLE, teaser]
    assert body(page) == [BODY]


def test_a_long_teaser_without_a_stop_under_the_title_is_a_headline():
    teaser = ("Serikali ya Zambia imesema itawachukulia hatua kali wafanyabiashara wanaoficha mafuta katika "
              "maghala yao huku bei ikiendelea kupanda kila wiki katika miji mikubwa")
    assert len(teaser.split()) > 20
    page = f"{TITLE}\n{teaser}\n{BODY}\nWaziri huyo alisema meli tatu zimewasili."
    assert headlines(page) == [TITLE, teaser]


def test_headings_below_the_body_are_dropped_unless_a_sentence_lost_its_stop():
    crossheads = ["Zambia na Malawi zakubaliana kuhusu bei ya mafuta",
                  "Malawi yasema Zambia imepandisha bei ya mafuta"]
    lost_stops = ["Waziri huyo amesema meli nyingine itawasili wiki ijayo",
                  "Wafanyabiashara wanasema bei itapanda tena"]
    last = "Bei imepanda mara tatu tangu Januari, alisema."
    page = "\n".join([TITLE, BODY, crossheads[0], lost_stops[0], crossheads[1], lost_stops[1], last])
    assert headlines(page) == [TITLE]
    assert body(page) == [BODY, *lost_stops, last]


def test_a_page_that_writes_no_stops_keeps_its_short_paragraphs():
    paragraphs = [
        "Wakulima wa pamba katika wilaya ya Igunga wamelalamikia bei ndogo ya zao hilo wakisema haiwezi "
        "kulipia gharama za kilimo msimu huu",
        "Mwenyekiti wa chama chao amesema wakulima wengi wameanza kuacha kilimo hicho",
        "Amesema bei ya sasa ni shilingi 900 kwa kilo",
    ]
    page = "\n".join(["Wakulima wa pamba walalamikia bei ndogo", *paragraphs])
    assert headlines(page) == ["Wakulima wa pamba walalamikia bei ndogo"]
    assert body(page) == paragraphs


def test_titles_listed_under_a_related_label_are_links():
    page = (f"{TITLE}\n{BODY}\nHabari zinazohusiana\nMalawi yapandisha bei ya mbolea\n"
            "Tanzania imesema itaongeza hifadhi ya mafuta\nBei imepanda mara tatu tangu Januari, alisema.")
    assert body(page) == [BODY, "Bei imepanda mara tatu tangu Januari, alisema."]


def test_a_labelled_media_title_is_a_headline_above_the_body_and_dropped_below_it():
    page = f"VIDEO: {TITLE}\n{BODY}\nVIDEO: Waziri asema bei ya mafuta itashuka\nTazama video 01:58"
    assert kept(page) == [TITLE, BODY]
    assert kept(f"Muktasari: {TITLE}\n{BODY}") == [TITLE, BODY]


@pytest.mark.parametrize("line,pieces", [
    ("Waziri alisema bei itashuka. Soma pia: Malawi yapandisha bei ya mbolea Wafanyabiashara walipewa "
     "siku saba. Meli tatu zimewasili.", ["Waziri alisema bei itashuka.", "Meli tatu zimewasili."]),
    ("Waziri alisema bei itashuka.Soma zaidi: Malawi yapandisha bei ya mboleaWafanyabiashara walipewa siku 7.",
     ["Waziri alisema bei itashuka.", "Wafanyabiashara walipewa siku 7."]),
    ("Waziri alisema bei itashuka. TAZAMA PIA: Bei ya mafuta Afrika Mashariki.", ["Waziri alisema bei itashuka."]),
    ("Soma pia: Malawi yapandisha bei ya mbolea", []),
    ("Waziri alisema wanafunzi watapata muda wa kusoma pia historia ya nchi.",
     ["Waziri alisema wanafunzi watapata muda wa kusoma pia historia ya nchi."]),
])
def test_read_more_link_is_cut_wherever_it_stands_in_a_paragraph(line, pieces):
    page = f"{TITLE}\r\n{line}\r\n"
    assert body(page) == pieces


def test_trailing_hashtags_are_cut_and_a_hashtag_inside_the_sentence_is_a_word():
    page = (f"{TITLE}\nWaziri alisema bei itashuka. #Zambia #Mafuta\n"
            "Waziri huyo alizungumza baada ya kukutana na #Hichilema.\nBei itashuka, alisema #Mwale")
    assert body(page) == ["Waziri alisema bei itashuka.",
                          "Waziri huyo alizungumza baada ya kukutana na #Hichilema.",
                          "Bei itashuka, alisema #Mwale"]


def test_a_line_split_by_pipes_keeps_its_one_long_field():
    page = (f"{TITLE} | DW Kiswahili | 12.05.2025\n12 Mei 2025 | {BODY}\n"
            "Zambia | Rais Hichilema na Waziri Mkuu wa Malawi katika mkutano wa Lusaka\n"
            "Neema Lyimo | DW Kiswahili")
    assert kept(page) == [TITLE, BODY]
    assert headlines(page) == [TITLE]


def test_a_label_glued_to_a_dateline_is_dropped_with_it():
    assert kept(f"{TITLE}\n29 Machi 2025Matangazo\n{BODY}") == [TITLE, BODY]


# --- Cost: every pattern here runs in time linear in its input ---------------------------------

#: Timings below this are noise; the inputs are sized so that the 1x run takes longer.
FLOOR_SECONDS = 0.002


@pytest.mark.parametrize("name,make", [
    ("read-more links after stops", lambda n: f"{TITLE}\n" + "Bei itashuka. Soma pia: Habari nyingine. " * 400 * n),
    ("read-more without a title end", lambda n: f"{TITLE}\nBei itashuka " + "Soma pia " * 1500 * n + "x"),
    ("glued title run", lambda n: f"{TITLE}\n" + "Bei. Soma pia " + "a" * 400 + "B " * 5000 * n),
    ("closing marks after a stop", lambda n: f"{TITLE}\nBei. Soma pia " + ".”" * 8000 * n + "x"),
    ("credit-like short line", lambda n: f"{TITLE}\n-" + "a" * 40000 * n + ": B"),
    ("labelled line with long spacing", lambda n: f"{TITLE}\nvideo" + " " * 40000 * n + "x"),
    ("label line with long spacing", lambda n: f"{TITLE}\nhabari zaidi" + " " * 40000 * n + "x"),
    ("navigation spacing", lambda n: f"{TITLE}\nnenda" + " " * 40000 * n + "x"),
    ("caption label spacing", lambda n: f"{TITLE}\n" + "picha" + " " * 40000 * n + "x:"),
    ("wire credit spacing", lambda n: f"{TITLE}\nvia" + " " * 40000 * n + "x"),
    ("durations", lambda n: f"{TITLE}\n" + "1:1" * 15000 * n),
    ("pipes", lambda n: f"{TITLE}\n" + "neno |" * 8000 * n),
    ("hashtags", lambda n: f"{TITLE}\nBei itashuka. " + "#Zambia " * 5000 * n),
    ("long Swahili paragraph", lambda n: f"{TITLE}\n" + "Waziri wa nishati alisema bei itashuka, " * 1000 * n),
    ("long English paragraph", lambda n: f"{TITLE}\n" + "the minister said that prices would fall " * 1000 * n),
    ("many heading lines", lambda n: "\n".join(f"Kichwa cha habari namba {i} leo" for i in range(1500 * n))),
    ("one word at every heading length",
     lambda n: "\n".join(" ".join(["neno"] * (3 + i % 18)) for i in range(400 * n))),
])
def test_cost_grows_linearly_with_the_input(name, make):
    assert_linear(segments, make, FLOOR_SECONDS)


def test_a_weekday_followed_by_a_long_run_of_spaces_costs_linear_time():
    """The whitespace around a dateline's optional comma is possessive: no split is retried."""
    assert_linear(segments, lambda n: "Jumatatu" + " " * 2500 * n + "x")
