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
