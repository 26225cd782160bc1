"""The speaker-invariance check: variants, counting, and the figure a trained model gets."""

from __future__ import annotations

from conftest import GOLD
from training.invariance import SPEAKERS, check, measure, probes, statements, variants


def test_variants_replace_the_speakers_first_mention_with_each_other_bloc():
    found = variants("Rais Joe Biden alisema Joe Biden atarudi.", "Joe Biden")
    assert len(found) == len(SPEAKERS) - 1
    assert "Rais Vladimir Putin alisema Joe Biden atarudi." in found


def test_a_stance_that_follows_the_speaker_is_counted_as_a_flip():
    by_name = lambda texts: ["supportive" if "Putin" in t else "critical" for t in texts]  # noqa: E731
    items = [("Joe Biden alisema mkataba ni hatari.", "Joe Biden")]
    result = check(by_name, items)
    assert (result.checked, result.invariant, result.rate) == (1, 0, 0.0)
    assert result.flips and "Vladimir Putin" in result.flips[0]
    constant = check(lambda texts: ["neutral"] * len(texts), items)
    assert (constant.invariant, constant.rate) == (1, 1.0)


def test_probes_cover_reported_and_quoted_forms_and_the_seeds_have_named_speakers():
    forms = probes()
    assert any(t.startswith("“") for t, _ in forms) and any(" alisema kuwa " in t for t, _ in forms)
    assert len(statements([GOLD])) > 20


def test_a_trained_model_reports_its_invariance(trained):
    import joblib

    result = measure(joblib.load(trained[0]), [GOLD])
    assert result["statements"]["checked"] > 20 and result["probes"]["checked"] == len(probes())
    assert 0.0 <= result["statements"]["invariant_rate"] <= 1.0


def test_the_stance_head_reads_the_claim_not_the_speaker(trained):
    """Issue #12's aim: at least 95 % of statements keep their stance whoever says them (the
    seed statements and the probes; the default model, trained on the supplement too, is measured
    on it by make train)."""
    import joblib

    result = measure(joblib.load(trained[0]), [GOLD])
    assert result["statements"]["invariant_rate"] >= 0.95, result["examples"]
    assert result["probes"]["invariant_rate"] >= 0.95, result["examples"]
