"""Sentence breaks: after a stop, inside a closing mark of any style, never inside a quotation
that goes on."""

from __future__ import annotations

import pytest

from conftest import assert_linear

from msimamo.extract.quotations import quotations
from msimamo.extract.sentences import sentences


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in sentences(text, 0, len(text), quotations(text, 0, len(text)))]


@pytest.mark.parametrize("opening,closing", [
    ("“", "”"), ("«", "»"), ("‹", "›"), ("〝", "〞"), ("＂", "＂"), ("‘", "’"),
])
def test_a_sentence_can_end_inside_its_closing_mark(opening, closing):
    first = f"Mwalimu Zuberi aliwaambia wanafunzi {opening}tutaanza mtihani wa hesabu kesho.{closing}"
    assert split(f"{first} Wanafunzi walifurahi sana.") == [first, "Wanafunzi walifurahi sana."]


def test_a_quotation_over_two_sentences_is_not_broken():
    text = "‹Mvua imechelewa. Mavuno yatapungua,› alisema mkulima. Soko lilifungwa mapema."
    assert split(text) == ["‹Mvua imechelewa. Mavuno yatapungua,› alisema mkulima.", "Soko lilifungwa mapema."]


def test_abbreviations_and_initials_end_no_sentence():
    text = "Dkt. Halima alifika saa 9.30 asubuhi. M. Said alichelewa."
    assert split(text) == ["Dkt. Halima alifika saa 9.30 asubuhi.", "M. Said alichelewa."]


def test_a_sentence_ends_before_an_opening_mark_without_a_space():
    text = "Mkutano uliahirishwa hadi kesho.“Tutarudi mapema,” alisema mwenyekiti."
    assert split(text) == ["Mkutano uliahirishwa hadi kesho.", "“Tutarudi mapema,” alisema mwenyekiti."]


@pytest.mark.parametrize("make", [
    lambda n: "Bw. Juma alifika. " * 300 * n,  # many stops, each after a word to look back at
    lambda n: "a" + ".”" * 1000 * n + "x",  # stops and closing marks with no break after them
    lambda n: "a" + "." * 3000 * n + "x",  # one long run of stops
    lambda n: "kesho." * 1000 * n + "“a",  # glued stops before a lowercase word
])
def test_a_paragraph_is_split_in_linear_time(make):
    assert_linear(split, make)
