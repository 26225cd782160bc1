"""Evaluation of the extractor: the arithmetic on hand-made spans, and the command on the seeds."""

from __future__ import annotations

import pytest

from conftest import ARTICLES, SEEDS, write_csv
from msimamo.cli import main as msimamo
from msimamo.errors import DataError
from training.evalquotes import Span, covers, predict, read_gold, score

UNITS = SEEDS / "annotations" / "units.csv"

GOLD = [
    Span("a", 0, 10, "Bw Putin", "quote"),
    Span("a", 10, 30, "Marekani", "reported"),
    Span("a", 40, 50, "", "narration"),
]
PREDICTED = [
    Span("a", 0, 6, "Vladimir Putin", "reported"),  # 6 of A's 10 characters: A found, correct
    Span("a", 12, 18, "Marekani", "quote"),         # 6 of B's 20: B not found, not correct
    Span("a", 40, 50, None, "narration"),           # C exactly: found, correct
    Span("b", 0, 10, None, "narration"),            # another article: not correct
]


def test_precision_recall_speaker_and_kind_by_hand():
    r = score(GOLD, PREDICTED)
    assert (r["correct"], r["predicted"], r["precision"]) == (2, 4, 0.5)
    assert (r["found"], r["gold"], r["recall"]) == (2, 3, pytest.approx(2 / 3))
    assert (r["speaker_accuracy"], r["speaker_counted"]) == (1.0, 2)
    assert (r["kind_accuracy"], r["kind_counted"]) == (0.5, 2)


def test_attributed_figures_count_only_quotes_and_reported_speech():
    r = score(GOLD, PREDICTED)
    assert r["attributed_recall"] == 0.5      # A found by an attributed prediction, B not
    assert r["attributed_precision"] == 0.5   # the first prediction covers A, the second covers nothing


def test_half_the_gold_characters_is_enough():
    gold = Span("a", 0, 10)
    assert covers(Span("a", 5, 20), gold)
    assert not covers(Span("a", 6, 20), gold)
    assert not covers(Span("b", 0, 10), gold)


def test_speaker_is_judged_on_the_prediction_that_overlaps_most():
    gold = [Span("a", 0, 10, "Kim Jong-un", "quote")]
    predicted = [Span("a", 0, 6, "Marekani", "quote"), Span("a", 2, 10, "Kim", "quote")]
    assert score(gold, predicted)["speaker_accuracy"] == 1.0


def test_a_named_speaker_for_narration_is_wrong():
    assert score([Span("a", 0, 10, "", "narration")], [Span("a", 0, 10, "Putin", "reported")])["speaker_accuracy"] == 0


def test_unannotated_gold_scores_spans_only():
    r = score([Span("a", 0, 10)], [Span("a", 0, 10, "Putin", "quote")])
    assert (r["precision"], r["recall"]) == (1.0, 1.0)
    assert r["speaker_accuracy"] is r["kind_accuracy"] is r["attributed_recall"] is None


def test_nothing_to_count_is_none_not_zero():
    r = score([], [])
    assert r["precision"] is None and r["recall"] is None


def test_seed_sentence_spans_are_all_found():
    gold = read_gold(UNITS)
    r = score(gold, predict(sorted({g.article for g in gold}), ARTICLES))
    assert (r["gold"], r["found"], r["predicted"], r["correct"]) == (73, 73, 73, 73)


def test_command_prints_the_figures(capsys):
    assert msimamo(["evaluate", "quotes", "--gold", str(UNITS)]) == 0
    out = capsys.readouterr().out
    assert "span precision     1.000  (73/73 predicted)" in out
    assert "span recall        1.000  (73/73 gold)" in out
    assert "speaker accuracy   n/a  (gold has no speakers)" in out


def test_gold_without_span_columns_is_refused(tmp_path, capsys):
    bad = write_csv(tmp_path / "gold.csv", ["article", "text"], [["000", "x"]])
    with pytest.raises(DataError, match="missing column"):
        read_gold(bad)
    assert msimamo(["evaluate", "quotes", "--gold", str(bad)]) == 2
    assert "missing column(s) end, start" in capsys.readouterr().err


def test_missing_gold_file_is_an_error(tmp_path):
    assert msimamo(["evaluate", "quotes", "--gold", str(tmp_path / "none.csv")]) == 2


def test_single_sentence_accuracy_counts_speaker_and_kind(tmp_path):
    from training.evalquotes import single_sentences

    path = tmp_path / "one.csv"
    path.write_text("text,speaker,kind\n"
                    "\"“Hatutakubali vitisho,” Antonov alisema.\",Anatoly Antonov,quote\n"
                    "Mkutano ulifanyika Jumatano.,Sergei Lavrov,reported\n", encoding="utf-8")
    assert single_sentences(path) == {"n": 2, "speaker_accuracy": 0.5, "kind_accuracy": 0.5}


def test_a_gold_headline_counts_when_found_and_is_no_miss_when_not():
    body = Span("a", 100, 200, "Vladimir Putin", "reported")
    title = Span("a", 0, 40, "Kim Jong Un", "reported", headline=True)
    missed = score([body, title], [Span("a", 100, 200, "Vladimir Putin", "reported")])
    assert (missed["found"], missed["gold"], missed["recall"]) == (1, 1, 1.0)
    found = score([body, title], [Span("a", 100, 200, "Vladimir Putin", "reported"),
                                  Span("a", 0, 40, "Kim Jong Un", "reported", headline=True)])
    assert (found["found"], found["gold"], found["speaker_accuracy"]) == (2, 2, 1.0)
