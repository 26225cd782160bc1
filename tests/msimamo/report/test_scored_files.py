"""The summary of files written by the real scorer (``score_file`` with the test model), statement
and article mode, checked against counts made independently with csv.DictReader."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from conftest import ARTICLES, GOLD, write_csv
from msimamo.batch.writing import score_file
from msimamo.labels import BLOCS, STANCES
from msimamo.report.summary import TOP_EXAMPLES, summarise

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def read(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def by_bloc(rows, stance="stance", bloc="bloc", relevant="relevant") -> dict:
    counts = Counter((r[bloc], r[stance]) for r in rows if r[stance] and r[relevant] != "no")
    return {b: {s: counts[b, s] for s in STANCES} for b in BLOCS}


@pytest.fixture(scope="module")
def statements(trained, tmp_path_factory):
    """The gold seed statements scored in statement mode, with a date column added (two days apart)."""
    folder = tmp_path_factory.mktemp("statements")
    rows = read(GOLD)
    src = write_csv(folder / "in.csv", ["published", *rows[0]],
                    [[f"{10 + i % 2}/06/2024", *r.values()] for i, r in enumerate(rows)])
    score_file(src, folder / "scored.csv", model_path=trained[0], quiet=True)
    return folder / "scored.csv"


@pytest.fixture(scope="module")
def articles(trained, tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    paths = sorted(ARTICLES.glob("*.txt"))
    src = write_csv(folder / "in.csv", ["url", "date", "text"],
                    [[f"u{i}", f"2024-0{1 + i}-15T08:00:00Z", p.read_text(encoding="utf-8")] for i, p in enumerate(paths)])
    score_file(src, folder / "scored.csv", model_path=trained[0], mode="article", quiet=True)
    return folder / "scored.csv"


def test_statement_mode_counts(statements):
    rows = read(statements)
    s = summarise(statements)
    assert s.mode == "statement" and s.rows == len(rows) == 74
    assert s.errors == sum(bool(r["error"]) for r in rows)
    assert s.labelled == sum(bool(r["stance_pred"]) for r in rows)
    assert s.off_topic == sum(r["relevant_pred"] == "no" for r in rows)
    assert s.stance_by_bloc == by_bloc(rows, "stance_pred", "bloc_pred", "relevant_pred")
    # the gold file's own stance column is input, not prediction: the two tables differ somewhere
    assert s.stance_by_bloc != by_bloc(rows, "stance", "bloc", "relevant")
    series = s.over_time["published"]
    assert series.unit == "day" and series.periods == ["2024-06-10", "2024-06-11"]
    relevant = [r for r in rows if r["stance_pred"] and r["relevant_pred"] != "no"]
    assert {st: sum(series.counts[st]) for st in STANCES} == {st: sum(r["stance_pred"] == st for r in relevant) for st in STANCES}
    speakers = Counter(r["speaker"] for r in relevant if r["speaker"])
    assert [(sp.speaker, sp.total) for sp in s.speakers[:3]] == speakers.most_common(3)


def test_statement_mode_examples_point_at_their_rows(statements):
    rows = read(statements)
    s = summarise(statements)
    for stance in ("supportive", "critical"):
        examples = s.confident[stance]
        candidates = [r for r in rows if r["stance_pred"] == stance and r["relevant_pred"] != "no"]
        assert len(examples) == min(TOP_EXAMPLES, len({r["text"][:400] for r in candidates}))
        assert [e.score for e in examples] == sorted((e.score for e in examples), reverse=True)
        for e in examples:
            r = rows[e.row - 1]
            assert (r["stance_pred"], float(r["stance_score"]), r["text"][:400]) == (stance, e.score, e.text)
            assert e.cells == {name: cell[:300] for name, cell in r.items()}
        best = max(float(r["stance_score"]) for r in candidates)
        assert examples[0].score == best


def test_article_mode_counts(articles):
    rows = read(articles)
    s = summarise(articles)
    assert s.mode == "article" and s.rows == len(rows)
    assert s.stance_by_bloc == by_bloc(rows)
    relevant = [r for r in rows if r["stance"] and r["relevant"] != "no"]
    totals = Counter(r["speaker"] for r in relevant if r["speaker"].strip())
    assert {sp.speaker: sp.total for sp in s.speakers} == dict(totals.most_common(len(s.speakers)))
    top = s.speakers[0]
    assert top.stances == {st: sum(r["stance"] == st for r in relevant if r["speaker"] == top.speaker) for st in STANCES}
    assert list(s.over_time) == ["date"] and s.over_time["date"].unit == "month"
    assert s.over_time["date"].periods[0] == "2024-01"
    for e in s.confident["critical"]:
        assert rows[e.row - 1]["quote"][:400] == e.text and rows[e.row - 1]["speaker"] == (e.speaker or "")
