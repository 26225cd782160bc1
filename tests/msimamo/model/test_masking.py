"""The known speaker is masked before features; other names stay."""

from __future__ import annotations

from msimamo.extract.statements import find_speaker, resolve
from msimamo.model.masking import PLACEHOLDER, mask, mask_all


def test_every_mention_of_the_known_speaker_is_masked_whatever_its_spelling():
    text = "Rais Vladimir Putin alisema Putin hatakubali vikwazo dhidi ya Urusi na Korea Kaskazini."
    masked = mask(text, resolve("Vladimir Putin"))
    assert masked.count(PLACEHOLDER) == 2 and "Putin" not in masked
    assert "Urusi na Korea Kaskazini" in masked  # what the claim is about stays


def test_an_unknown_or_absent_speaker_leaves_the_text_as_it_is():
    text = "Mchambuzi Amina Juma alisema mkataba huo ni hatari."
    assert mask(text, resolve("Amina Juma")) == text
    assert mask(text, None) == text


def test_the_pipeline_step_masks_the_speaker_its_own_attribution_names():
    texts = ["“Hatutakubali vitisho,” Antonov alisema.", "Mkutano ulifanyika jana mjini."]
    assert find_speaker(texts[0]).entry is not None
    assert mask_all(texts) == [f"“Hatutakubali vitisho,” {PLACEHOLDER} alisema.", texts[1]]


def test_the_same_claim_gets_the_same_stance_from_any_bloc(trained):
    from msimamo.model.artefact import load_model

    model = load_model(trained[0])
    claim = "ushirikiano wa kijeshi kati ya Urusi na Korea Kaskazini ni hatari kwa dunia."
    results = [model.classify(f"{who} alisema {claim}") for who in ("Vladimir Putin", "Kim Jong Un", "Joe Biden",
                                                                  "Antonio Guterres")]
    assert len({r.stance.label for r in results}) == 1
    assert [r.bloc.label for r in results] == ["russia_dprk", "russia_dprk", "western", "international"]
