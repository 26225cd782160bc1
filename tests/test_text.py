from hypothesis import given, settings, strategies as st

from training.text import normalise


def test_quote_marks_fold_to_one_form():
    assert normalise("“Ndiyo,” alisema") == normalise('"Ndiyo," alisema') == normalise("«Ndiyo,» alisema")
    assert normalise("''Ndiyo,'' alisema") == '"ndiyo," alisema'
    assert normalise("‘Ndiyo,’ alisema") == '"ndiyo," alisema'


def test_apostrophe_inside_a_word_is_kept_as_apostrophe():
    assert normalise("Ng’ombe wa Bw Kim") == "ng'ombe wa bw kim"


def test_nfc_whitespace_and_case():
    decomposed = "Su\u0308dkorea\u00a0 \n Urusi"
    assert normalise(decomposed) == "südkorea urusi"


def test_negation_words_survive():
    assert normalise("Marekani HAINA haki, si kweli; hakuna dhidi lakini") == \
        "marekani haina haki, si kweli; hakuna dhidi lakini"


_MARK_CHARS = "’‘`´‚‛“”„‟«»‹›〝〞＂'\"ng a \u00a0\t\n\u2003\u0308Ü"


def _plain_normalise(text: str) -> str:
    """The rule as first written, one regex after another; ``normalise`` skips steps that cannot apply."""
    import re
    import unicodedata

    from training.text import _APOSTROPHE_IN_WORD, _QUOTES, _SINGLE_QUOTES

    text = unicodedata.normalize("NFC", text)
    text = _APOSTROPHE_IN_WORD.sub("'", text)
    text = _SINGLE_QUOTES.sub('"', text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().casefold()


@given(st.text(alphabet=st.sampled_from(_MARK_CHARS), max_size=40) | st.text(max_size=80))
@settings(max_examples=400, deadline=None)
def test_shortcuts_change_nothing(text):
    assert normalise(text) == _plain_normalise(text)
