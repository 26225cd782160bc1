"""Attribution: which verb or phrase attributes a sentence, and which noun phrase slot names its
speaker (before the verb, after it, the agent of a passive, a relative pronoun's antecedent, the
first clause's subject, a headline's label)."""

from __future__ import annotations

import pytest

from conftest import assert_linear

from msimamo.extract.quotations import quotations
from msimamo.extract.speakers import (_CONJUNCTION, _GIVEN_NOUN, _RELATIVE_PRONOUN, _SPEECH_NOUN, _THAT_END,
                                      Attribution, attribute, claimless)
from msimamo.extract.speech import speech_verbs
from msimamo.extract.statements import find_speaker


def attribution(text: str, headline: bool = False) -> Attribution | None:
    quotes = quotations(text, 0, len(text))
    return attribute(text, 0, len(text), quotes, speech_verbs(text, 0, len(text)), headline)


def speaker(text: str) -> str | None:
    found = find_speaker(text)
    return found.name if found else None


@pytest.mark.parametrize("text,name", [
    # the speaker after a verb that follows its claim, or the noun phrase between them
    ("Bei ya mafuta itashuka mwezi ujao, limesema shirika la habari la Sputnik.", "Sputnik"),
    ("Mvua zitaendelea kunyesha wiki hii, ilieleza Mamlaka ya Hali ya Hewa Jumatatu.",
     "Mamlaka ya Hali ya Hewa"),
    ("Mazao yameharibika katika wilaya tatu, afisa wa kilimo wa mkoa huo alithibitisha.",
     "afisa wa kilimo wa mkoa huo"),
    # a verb whose subject is a relative pronoun's antecedent, in its clause or after it
    ("Juma Hamisi ambaye aliongoza ujumbe huo, amesema kwamba mazungumzo yatarudiwa.", "Juma Hamisi"),
    ("Mkutano huo ulihudhuriwa na Amina Salim ambaye alisema kuwa bajeti ni ndogo.", "Amina Salim"),
    # the agent of a passive: what was said is its subject, not its speaker
    ("Shule zitafunguliwa Jumatatu, kama ilivyotangazwa na Wizara ya Elimu.", "Wizara ya Elimu"),
    ("Inadaiwa na wachambuzi kwamba fedha hizo zilitumika vibaya.", "wachambuzi"),
    # … except for quoting, whose subject is the one quoted
    ("Halima Saidi alinukuliwa na gazeti la Uhuru akisema kuwa atagombea tena.", "Halima Saidi"),
    # a report inside a report's claim is its innermost speaker's
    ("Gazeti la Uhuru liliripoti kuwa Juma Hamisi alisema kuwa atagombea tena.", "Juma Hamisi"),
    ("Sputnik iliripoti kuwa mvua kubwa ilinyesha na Juma Hamisi alisema kuwa atarudi.", "Sputnik"),
    # a verb after a conjunction shares the first clause's subject
    ("Wizara ya Mambo ya Nje ya China ilikataa kutaja tarehe, lakini ilisema kwamba ziara itafanyika.",
     "Wizara ya Mambo ya Nje ya China"),
    # a noun of speech with its owner, before a that-clause
    ("Makadirio ya Benki ya Dunia ni kwamba uchumi utakua kwa asilimia sita.", "Benki ya Dunia"),
    ("Onyo la Mamlaka ya Hali ya Hewa kwamba mvua zitaongezeka limetolewa mapema.", "Mamlaka ya Hali ya Hewa"),
    # a verb the outlet quotes still attributes the sentence
    ("Mbunge Amina Salim “alikanusha vikali” tuhuma za rushwa dhidi yake.", "Amina Salim"),
    # a giving verb with a noun of speech
    ("Juma Hamisi ametoa wito kwa wazazi kuwapeleka watoto shule.", "Juma Hamisi"),
    # a writing that shows
    ("Ripoti ya Tume ya Haki za Binadamu inaonyesha kuongezeka kwa malalamiko.", "Tume ya Haki za Binadamu"),
])
def test_the_speaker_s_slot(text, name):
    assert speaker(text) == name


@pytest.mark.parametrize("text", [
    "Wakulima walitia saini makubaliano ambayo yanaahidi bei nzuri ya pamba.",  # a thing promises
    "Mkataba huo una vipengele kumi, na unaeleza kwamba pande zote zitashirikiana.",
    "Kauli ya Waziri Juma Hamisi ilizua mjadala mkali bungeni.",  # a noun of speech with no claim
    "Picha za satelaiti zinaonyesha kuwa barafu imepungua.",  # shows, but no writing or speaker
    "Kampuni hiyo ilitoa msaada wa chakula kwa waathirika.",
])
def test_no_speaker_s_words(text):
    found = attribution(text)
    assert found is None or found.speaker is None


def test_an_object_relative_leaves_the_verb_its_own_subject():
    text = "Juma Hamisi alikosoa mpango ambao alisema ni ghali mno."
    assert speaker(text) == "Juma Hamisi"


def test_a_verb_after_its_claim_attributes_the_words_before_it():
    text = "Bei ya mbolea itashuka mwezi ujao, limesema Shirika la Viwango Jumanne katika taarifa yake."
    found = attribution(text)
    assert (found.speaker, found.introduces, text[:found.start]) == (
        "Shirika la Viwango", False, "Bei ya mbolea itashuka mwezi ujao")


@pytest.mark.parametrize("text,name", [
    ("Juma Hamisi: Tutashinda uchaguzi huu kwa kishindo", "Juma Hamisi"),
    ("Amina Salim:Serikali itaongeza mishahara ya walimu", "Amina Salim"),
])
def test_a_headline_names_its_speaker_before_a_colon(text, name):
    assert attribution(text, headline=True).speaker == name
    assert attribution(text) is None


@pytest.mark.parametrize("text", [
    "Tanzania: Mvua kubwa zanyesha mikoa ya pwani",  # a topic, no clause after it
    "Habari: Shule zitafunguliwa Jumatatu",  # a section name names no one
])
def test_a_label_that_names_no_speaker(text):
    assert attribution(text, headline=True) is None


@pytest.mark.parametrize("text,only", [
    ("Wizara ya Elimu ilisema katika taarifa yake.", True),
    ("Alisema Juma Hamisi alipozungumza na wanahabari mjini Dodoma.", True),
    ("Hayo yamesemwa na Juma Hamisi alipotembelea shule hiyo.", True),
    ("Juma Hamisi aliyasema hayo jana.", True),
    ("Wizara ya Elimu ilieleza katika taarifa hiyo wasiwasi mkubwa kuhusu upungufu wa walimu katika shule za vijijini.",
     False),
    ("Wizara ya Elimu ilisema katika taarifa yake kwamba shule zitafunguliwa.", False),
    ("Juma Hamisi alithibitisha kufungwa kwa shule hiyo Jumanne.", False),
])
def test_a_sentence_that_only_attributes_words_said_before_it(text, only):
    assert claimless(text, 0, len(text), attribution(text)) == only


@pytest.mark.parametrize("pattern,make", [
    (_SPEECH_NOUN, lambda n: "kauli " * 500 * n + "ya" + " " * 500 * n + "x"),
    (_RELATIVE_PRONOUN, lambda n: "ambay " * 500 * n + "ambayee"),
    (_CONJUNCTION, lambda n: ("na" + " " * 50) * 50 * n + "x"),
    (_THAT_END, lambda n: (":" + " " * 50 + "kuwa ") * 50 * n + "x"),
])
def test_attribution_patterns_are_linear(pattern, make):
    assert_linear(lambda text: list(pattern.finditer(text)), make)


def test_a_given_noun_is_read_in_linear_time():
    assert_linear(lambda text: _GIVEN_NOUN.match(text), lambda n: " " * 2000 * n + "wito" * 500 * n + " " * 2000 * n)


@pytest.mark.parametrize("make", [
    lambda n: "Juma Hamisi ambaye " * 200 * n + "alisema kuwa mvua zitanyesha.",
    lambda n: "Bei ilipanda" + ", neno" * 300 * n + ", limesema Shirika la Viwango.",
    lambda n: "Makadirio ya " + "Benki ya Dunia na " * 200 * n + "ni kwamba uchumi utakua.",
    lambda n: "Gazeti liliripoti kuwa " * 200 * n + "Juma alisema kuwa atarudi.",
])
def test_a_sentence_is_attributed_in_linear_time(make):
    assert_linear(lambda text: attribution(text), make)


@pytest.mark.parametrize("phrase", ["kwa mujibu wa ", "kulingana na "])
def test_a_sentence_of_many_source_phrases_costs_linear_time(phrase):
    """Each source phrase reads a bounded noun phrase, not the rest of the sentence."""
    assert_linear(find_speaker, lambda n: phrase * 150 * n)
