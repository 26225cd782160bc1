"""Sentence breaks: after a stop, inside a closing mark of any style, never inside a quotation
that goes on."""

from __future__ import annotations

import pytest

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
