"""The relevant head: trained on the off-topic statements beside the seeds and the supplement,
scored where it cannot have seen the answer, and held to the issue's aims on the real pages."""

from __future__ import annotations

import pytest

from conftest import GOLD, SEEDS, SHARED
from msimamo.model.artefact import load_model
from training import evalreal, fit
from training.corpus import TrainingTable, load_training_table
from training.relevance import evaluate_relevance

REAL = SHARED / "real_news_dev"
AUTHORED, OFFTOPIC = SEEDS / "authored.csv", SEEDS / "offtopic.csv"


@pytest.fixture(scope="module")
def default_model(tmp_path_factory):
    """The default training data (seeds + authored + off-topic), tuned as `make train` tunes it."""
    out = tmp_path_factory.mktemp("default") / "msimamo.joblib"
    fit.train(GOLD, out, evaluate=False, log=lambda *_: None, authored=AUTHORED, offtopic=OFFTOPIC)
    return out


def test_the_off_topic_file_joins_as_a_supplement_but_cannot_train_alone():
    with pytest.raises(Exception, match="every row has the same label"):
        load_training_table(OFFTOPIC)
    off = load_training_table(OFFTOPIC, supplement=True)
    assert set(off.labels["relevant"]) == {"no"} and len(off.texts) == 360
    both = TrainingTable.concat(load_training_table(GOLD).without("sentiment"), off)
    assert both.labels["sentiment"][:74] == [None] * 74 and both.labelled("sentiment") == list(range(74, 434))


def test_relevance_is_scored_out_of_fold_beside_the_majority_baseline():
    table = TrainingTable.concat(load_training_table(GOLD), load_training_table(OFFTOPIC, supplement=True).subset(range(0, 360, 6)))
    result = evaluate_relevance(table)["heads"]["relevant"]
    assert result["model"]["n"] == 74 + 60
    assert result["model"]["macro_f1"] > result["baseline"]["macro_f1"] + 0.2
    assert 0 <= result["model"]["ece"] <= 1


def test_the_default_model_serves_relevance_and_its_card_names_the_off_topic_data(default_model):
    model = load_model(default_model)
    assert model.heads == ["stance", "bloc", "sentiment", "relevant"]
    assert model.card.training_data["offtopic_path"] == str(OFFTOPIC)
    on = model.classify("Marekani ilisema Korea Kaskazini imeipa Urusi makombora kwa ajili ya vita nchini Ukraine.")
    off = model.classify("Waziri wa Fedha alisema bajeti ya mwaka huu itaongeza fedha za elimu na afya.")
    assert on.relevant.label and not off.relevant.label


@pytest.mark.skipif(not (REAL / "statements.csv").exists(),
                    reason="../shared/real_news_dev is absent (present in CI, not on a user's machine)")
def test_on_the_development_pages_off_topic_is_flagged_and_on_topic_kept(default_model):
    import joblib

    result = evalreal.relevance_scores(joblib.load(default_model), REAL)
    assert result["on_statements"]["n"] == 75 and result["off_statements"]["n"] >= 20
    # floors one statement below today's figures (88.0 % kept, 100 % flagged); the aims
    # for held-out pages are 90 % and 95 %
    assert result["on_statements"]["kept_relevant"] >= 0.86, result
    assert result["off_statements"]["flagged"] >= 0.95, result
    assert result["off_pages"]["flagged"] == 1.0 and result["on_pages"]["kept_relevant"] >= 0.9, result


def test_without_off_topic_statements_from_two_articles_there_is_no_relevant_head(tmp_path):
    logged = []
    card = fit.train(GOLD, tmp_path / "m.joblib", evaluate=False, log=logged.append)
    assert "relevant" not in card.heads
    assert any("relevant head not trained" in line and "'no' statements come from 1 article" in line
               for line in logged)
    assert load_model(tmp_path / "m.joblib").classify("Putin alisema ushirikiano utaimarika.").relevant is None


def test_evaluate_model_on_the_seeds_alone_says_there_is_no_relevant_head(capsys):
    from msimamo.cli import main

    assert main(["evaluate", "model", "--no-authored", "--no-offtopic"]) == 0
    out = capsys.readouterr().out
    assert "relevant head not trained: its 'no' statements come from 1 article(s)" in out
    assert "stance" in out and "relevant head:" not in out
