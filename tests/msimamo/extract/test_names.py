"""Who a noun phrase names: opening words that are no names, dates after names, reporters and their
outlets, organs with acronyms or owners, anaphoric descriptions and surnames within an article, and
the bounded cost of the patterns that find them. Every sentence here is invented."""

from __future__ import annotations

import pytest

from conftest import assert_linear

from msimamo.extract.names import _OPENING_VERB, _PASSIVE_AGENT, _RELATIVE_VERB, is_name_word, names
from msimamo.extract.statements import extract, find_speaker


def speaker_of(text: str) -> str | None:
    found = find_speaker(text)
    return found.name if found else None


def speakers_of(article: str) -> list[str | None]:
    """The speaker of each attributed statement of an article, in order."""
    return [s.speaker.name if s.speaker else None for s in extract(article) if s.kind != "narration"]


@pytest.mark.parametrize("word", ["Aidha", "Hata", "Wakati", "Naye", "Jumamosi", "Alipokuwa", "Amesema",
                                  "Akizungumza", "Ameongeza", "Wanasema"])
def test_opening_connectives_adverbs_and_verbs_are_no_names(word):
    assert not is_name_word(word)


@pytest.mark.parametrize("word", ["Umerov", "Wanajeshi", "Walimu", "Mkutano", "Amerika", "Zawadi"])
def test_names_and_nouns_that_open_like_verbs_may_be_names(word):
    assert is_name_word(word)


@pytest.mark.parametrize("text,speaker", [
    ("Aidha Waziri wa Kilimo wa Zambia Mary Banda amesema kuwa mavuno yataongezeka.", "Mary Banda"),
    ("Kwa upande wake, Balozi wa Japan nchini Uganda alisema kuwa msaada utaendelea.",
     "Balozi wa Japan nchini Uganda"),
    ("Hata hivyo, Wizara ya Ulinzi ya Urusi ilisema kuwa ndege hizo zilidunguliwa.", "Wizara ya Ulinzi ya Urusi"),
    ("Alipokuwa akihutubia wabunge alisema kwamba bajeti itapitishwa wiki ijayo.", None),
    ("Aidha amesema kuwa bajeti itapitishwa bila mabadiliko makubwa.", None),
])
def test_a_capitalised_opening_word_is_no_speaker(text, speaker):
    assert speaker_of(text) == speaker


def test_a_verb_opening_a_capitalised_run_is_no_part_of_the_name():
    text = "Amesema Waziri Mkuu Juma Hamisi kwamba barabara mpya zitajengwa."
    assert [n.speaker for n in names(text, 0, len(text), 0)] == ["Juma Hamisi"]


def test_a_connective_opening_sentence_leaves_the_speaker_to_carry_over():
    article = ("Waziri wa Fedha wa Zambia Mary Banda alisema kuwa deni la taifa limepungua mwaka huu.\n"
               "Aidha aliongeza kuwa mishahara ya walimu itapanda kuanzia mwezi ujao.")
    assert speakers_of(article) == ["Mary Banda", "Mary Banda"]


@pytest.mark.parametrize("text,speaker", [
    ("Peskov Jumanne alisema kwamba mazungumzo yataendelea wiki ijayo.", "Dmitri Peskov"),
    ("Msemaji wa chama hicho Otieno Jumatatu alisema kwamba uchaguzi utafanyika.", "Otieno"),
])
def test_a_date_after_a_name_is_no_part_of_it(text, speaker):
    assert speaker_of(text) == speaker


@pytest.mark.parametrize("text,speaker", [
    ("Amina Juma wa Al Jazeera alisema kwamba wajumbe walionekana kuridhika.", "Amina Juma"),
    ("Akiripoti kutoka Nairobi, Amina Juma wa Al Jazeera alisema kwamba wajumbe walionekana kuridhika.",
     "Amina Juma"),
    ("Mwandishi wa Reuters Amina Juma aliripoti kwamba mazungumzo yalikwama.", "Amina Juma"),
    ("Profesa Halima Said wa Chuo Kikuu cha Dodoma alisema kwamba mvua zitachelewa.", "Halima Said"),
])
def test_a_reporter_of_an_outlet_is_the_person(text, speaker):
    assert speaker_of(text) == speaker


@pytest.mark.parametrize("text,speaker", [
    ("Rais wa Kenya William Ruto alisema kwamba uchumi unakua.", "William Ruto"),
    ("Rais wa Afrika Kusini Cyril Ramaphosa alisema kwamba uchumi unakua.", "Cyril Ramaphosa"),
    ("Balozi wa Urusi nchini Kenya Sergei Ivanov alisema kwamba uhusiano ni imara.", "Sergei Ivanov"),
])
def test_a_name_after_its_owner_or_place(text, speaker):
    assert speaker_of(text) == speaker


@pytest.mark.parametrize("text,speaker", [
    ("Shirika la Habari la Korea (KCNA) liliripoti kwamba kombora jipya lilijaribiwa.", "KCNA"),
    ("Idara ya Ujasusi wa Kijeshi ya Ukraine (GUR) ilisema kwamba ndege mpya zilionekana.",
     "Idara ya Ujasusi ya Kijeshi ya Ukraine"),
    ("Idara ya Forodha ya Tanzania (TRA) ilisema kwamba mapato yameongezeka.", "Idara ya Forodha ya Tanzania"),
    ("Ikulu ya Rais wa Urusi ya Kremlin ilisema kwamba mkutano utafanyika mwezi ujao.", "Kremlin"),
    ("Baraza la Usalama wa Taifa la Japan lilisema kwamba hali ni tete.", "Baraza la Usalama wa Taifa la Japan"),
])
def test_an_organ_is_its_acronym_or_known_body(text, speaker):
    assert speaker_of(text) == speaker


@pytest.mark.parametrize("text,speaker", [
    ("Idadi hiyo inatokana na ripoti ya shirika la ujasusi la Tokyo ya mwezi uliopita, ambayo ilisema "
     "makombora mapya yameundwa.", "shirika la ujasusi la Tokyo"),
    ("Kwa mujibu wa duru za kidiplomasia za Ulaya, mazungumzo yatarejea mwezi ujao.",
     "duru za kidiplomasia za Ulaya"),
    ("Ripoti za ujasusi za Japan na Korea Kusini zinaonyesha kwamba wanajeshi wapya wametumwa.",
     "Ripoti za ujasusi za Japan na Korea Kusini"),
    ("Taarifa iliyotolewa na wizara hiyo leo inasema kwamba mkataba umeanza kazi.", "wizara hiyo"),
    ("Msemaji wa Umoja wa Afrika alisema kwamba mkutano utaahirishwa.", "Msemaji wa Umoja wa Afrika"),
])
def test_a_description_as_written(text, speaker):
    assert speaker_of(text) == speaker


@pytest.mark.parametrize("text,speaker", [
    ("Tovuti ya Kilimo Kwanza Online, inayofuatilia siasa za Afrika, iliripoti kuwa mradi huo ni ghali.",
     "Kilimo Kwanza Online"),
    ("Gazeti la Sauti Huru liliripoti kwamba mkataba huo utasainiwa.", "Sauti Huru"),
    ("Shirika la habari la Tumaini Press liliripoti kwamba mkataba huo utasainiwa.", "Tumaini Press"),
    ("Chombo hicho cha habari cha KCNA kimesema kwamba mkataba huo utasainiwa.", "KCNA"),
    ("Shirika la habari la Urusi liliripoti kwamba mkataba huo utasainiwa.", "Shirika la habari la Urusi"),
])
def test_a_media_phrase_is_the_outlet_it_names_not_its_owner(text, speaker):
    assert speaker_of(text) == speaker


def test_a_title_description_before_a_name_describes_that_name():
    assert speaker_of("Waziri wa Ulinzi wa Urusi Andrei Belousov alisema kwamba mazoezi yataendelea.") \
        == "Andrei Belousov"


def test_a_relative_clause_ends_a_description():
    assert speaker_of("Afisa mwandamizi wa Japan aliyehudhuria mkutano alisema kwamba hali ni shwari.") \
        == "Afisa mwandamizi wa Japan"


def test_a_capitalised_noun_with_a_demonstrative_points_back():
    article = ("Jumuiya ya NATO ilisema kwamba itaongeza mazoezi ya kijeshi.\n"
               "Kwa mujibu wa tovuti ya Jumuiya hiyo, mkutano utafanyika mwezi ujao.")
    assert speakers_of(article) == ["NATO", "NATO"]


def test_organs_and_writings_take_their_owners_bloc():
    assert find_speaker("Ripoti za ujasusi za Japan na Korea Kusini zinaonyesha kwamba wanajeshi wametumwa.").bloc \
        == "western"
    assert find_speaker("Msemaji wa Wizara ya Mambo ya Nje ya China alisema kwamba mazungumzo yataendelea.").bloc \
        == "other"


def test_an_anaphoric_description_points_back_to_the_last_one_so_described():
    article = (
        "Katibu Mkuu wa Jumuiya ya NATO Mark Rutte alikutana na Rais wa Ufaransa Emmanuel Macron mjini Brussels.\n"
        "Katibu huyo mkuu alisema kwamba jumuiya hiyo itaongeza msaada wake kwa washirika wake.\n"
        "Balozi wa Urusi nchini Kenya Sergei Ivanov alijibu kwamba hatua hiyo itachochea mvutano zaidi.\n"
        "Balozi huyo aliongeza kuwa Moscow haitakubali vitisho vya aina hiyo.\n"
        "Rais huyo wa Ufaransa alisema kuwa Ulaya itasimama pamoja.\n"
        "Shirika la Habari la Korea (KCNA) liliripoti kwamba kombora jipya lilijaribiwa kwa mafanikio.\n"
        "Shirika hilo lilisema kuwa jaribio hilo lilisimamiwa na maafisa wakuu.")
    assert speakers_of(article) == ["Mark Rutte", "Sergei Ivanov", "Sergei Ivanov", "Emmanuel Macron",
                                    "KCNA", "KCNA"]


def test_an_anaphoric_description_with_no_antecedent_leaves_the_speaker_to_carry_over():
    article = ("Waziri wa Maji wa Zambia Mary Banda alisema kuwa mabwawa mapya yatajengwa mwaka ujao.\n"
               "Gavana huyo aliongeza kuwa fedha zimeshatengwa kwa kazi hiyo.")
    assert speakers_of(article) == ["Mary Banda", "Mary Banda"]


def test_a_surname_is_the_last_person_of_that_name_in_the_article():
    article = ("Naibu Waziri wa Mambo ya Nje wa Korea Kusini Kim Sung-ho alikutana na ujumbe wa China.\n"
               "Kim alisema kuwa Seoul itaendelea kushirikiana na washirika wake wote.\n"
               "Makamu wa Rais wa Malawi Peter Mwale alifika baadaye.\n"
               "Mwale alisema kuwa nchi yake inaunga mkono mazungumzo hayo.")
    assert speakers_of(article) == ["Kim Sung-ho", "Peter Mwale"]


def test_a_surname_alone_keeps_its_gazetteer_entry():
    assert speaker_of("Kim alisema kuwa ziara hiyo itafungua ukurasa mpya.") == "Kim Jong Un"


@pytest.mark.parametrize("text,speaker", [
    ("Putrin aliongeza kwamba makubaliano hayo yanatoa nafasi ya kusaidiana.", "Vladimir Putin"),
    ("VolodymyrZelensky alisema kwamba majeshi yake yaliteka vifaru vitatu.", "Volodymyr Zelensky"),
    ("Serikali yaKorea Kaskazini ilisema kwamba mazoezi hayo ni uchokozi.", "Korea Kaskazini"),
    ("Kiongozi wa #KoreaKaskazini #KimJongUn aliahidi kwamba ushirikiano utaimarika.", "Kim Jong Un"),
    ("Merika ilisema kwamba itaendelea kuunga mkono washirika wake.", "Marekani"),
])
def test_glued_and_misspelt_names_reach_their_entry(text, speaker):
    assert speaker_of(text) == speaker


def test_the_names_of_a_phrase_are_in_order_with_their_roles():
    text = "Msemaji wa Kremlin Dmitri Peskov alisema"
    found = [(text[n.start:n.end], n.speaker, n.modifier) for n in names(text, 0, len(text), 0)]
    assert found == [("Kremlin", "Kremlin", True), ("Dmitri Peskov", "Dmitri Peskov", False)]


# Bounded cost: each pattern grows at most linearly with its input (``assert_linear``).
@pytest.mark.parametrize("make", [
    lambda n: "a" * 2000 * n + "wa" + " " * 2000 * n + "x",  # a long passive-looking word, no agent
    lambda n: "iliyotolewawa " * 300 * n + "nx",
])
def test_passive_agent_pattern_is_linear(make):
    assert_linear(lambda text: _PASSIVE_AGENT.search(text), make)


def test_opening_verb_pattern_is_linear():
    assert_linear(lambda word: _OPENING_VERB.fullmatch(word), lambda n: "ali" + "po" * 1000 * n + "1")


@pytest.mark.parametrize("make", [
    lambda n: "aliye" * 1000 * n + "1",
    lambda n: "aliye aliye " * 500 * n,
])
def test_relative_verb_pattern_is_linear(make):
    assert_linear(lambda text: _RELATIVE_VERB.search(text), make)


@pytest.mark.parametrize("make", [
    lambda n: "Amina " * 400 * n + ".",  # capitalised run
    lambda n: "Umoja wa " * 400 * n + "x",  # a run over connectors
    lambda n: "Putin na " * 300 * n + "x",  # many known names
    lambda n: "Zelenskx " * 300 * n + "x",  # many near misses of a surname
    lambda n: "aB" * 1000 * n,  # glue everywhere
    lambda n: "Shirika la habari (KCNA) " * 200 * n,  # acronyms in brackets
])
def test_names_are_found_in_linear_time(make):
    assert_linear(lambda text: names(text, 0, len(text), 0), make)


def test_a_noun_shaped_like_a_tenseless_headline_verb_may_open_a_name():
    """Headlines drop the tense (Waziri aonya), but a capitalised tenseless form opening a sentence
    is as likely a noun (Mtabiri, Wasifu) as a verb: only a tensed form is ruled out as a name."""
    from msimamo.extract.names import is_name_word

    assert is_name_word("Mtabiri") and is_name_word("Wasifu")
    assert not is_name_word("Amesema") and not is_name_word("Wanasema")
