"""Quotation marks: every mark the model's features count as one is paired by the extractor too,
within its family, by direction or by the side of a word it touches."""

from __future__ import annotations

import pytest

from msimamo.extract.quotations import Quote, quotations
from msimamo.extract.statements import extract, find_speaker, resolve
from msimamo.lang.sw.marks import APOSTROPHE, MARKS
from msimamo.text import normalise

CLAIM = "Tutaendelea kushirikiana na majirani zetu"


def quoted(text: str) -> list[str]:
    return [text[q.inner_start:q.inner_end] for q in quotations(text, 0, len(text))]


@pytest.mark.parametrize("opening,closing", [
    ("‹", "›"), ("〝", "〞"), ("＂", "＂"),  # single guillemets, double primes, full-width straight mark
    ("〝", "”"), ("“", "〞"), ('"', "＂"), ("‟", "”"), ("„", "”"), ("‚", "’"),  # mixed in a family
])
def test_marks_pair_within_their_family(opening, closing):
    text = f"{opening}{CLAIM},{closing} alisema Waziri Juma Hamisi."
    assert quoted(text) == [CLAIM + ","]
    [statement] = extract(text)
    assert statement.kind == "quote"
    assert statement.quote == CLAIM
    assert statement.speaker == resolve("Juma Hamisi")


@pytest.mark.parametrize("opening,closing", [("‹", "»"), ("«", "›"), ("‹", "”"), ("〝", "’")])
def test_marks_of_different_families_do_not_pair(opening, closing):
    text = f"{opening}Bei ya mahindi imepanda{closing} sokoni, alisema mfanyabiashara."
    assert quotations(text, 0, len(text)) == [Quote(0, len(text), 1, len(text))]


def test_single_guillemets_inside_double_ones_stay_inside_the_outer_quotation():
    text = "«Mkulima alisema ‹mvua imechelewa› mwaka huu,» alieleza Bi Amina Salim."
    assert quoted(text) == ["Mkulima alisema ‹mvua imechelewa› mwaka huu,"]
    assert extract(text)[0].speaker == resolve("Amina Salim")


@pytest.mark.parametrize("opening,closing", [("“", "”"), ("‹", "›"), ("〝", "〞"), ("＂", "＂")])
def test_a_capitalised_word_opening_a_quotation_is_no_speaker(opening, closing):
    assert find_speaker(f"{opening}Tunahitaji msaada,{closing} alisema.") is None


def test_a_full_width_straight_mark_between_letters_is_no_mark():
    assert quoted("Neno hili＂lina alama katikati.") == []


def test_every_mark_but_the_apostrophe_is_a_quotation_mark_for_the_model_too():
    for mark in MARKS:
        expected = "'neno'" if mark == APOSTROPHE else '"neno"'
        assert normalise(f"{mark}Neno{mark}") == expected, mark


@pytest.mark.parametrize("text,inner", [
    ('Mkulima alisema:"Mvua imechelewa mwaka huu."', ["Mvua imechelewa mwaka huu."]),
    ("Mkulima alisema:'Mvua imechelewa mwaka huu.'", ["Mvua imechelewa mwaka huu."]),
    ('"Mvua imechelewa mwaka huu,"alisema mkulima. Soko,"lilifungwa" mapema.',
     ["Mvua imechelewa mwaka huu,", "lilifungwa"]),
])
def test_a_mark_between_a_stop_and_a_word_has_lost_a_space(text, inner):
    assert quoted(text) == inner
