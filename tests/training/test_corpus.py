import pytest

from conftest import ARTICLES, GOLD, write_csv
from msimamo.errors import DataError
from training.corpus import load_gold, load_training_table
from msimamo.labels import BLOCS, KINDS, SENTIMENTS, STANCES

HEADER = ["text", "stance", "group"]


def test_gold_corpus_is_valid_and_matches_articles(gold):
    statements = load_gold(GOLD, ARTICLES)
    assert len(statements) == len(gold) >= 70
    for s in statements:
        assert s.kind in KINDS and s.stance in STANCES and s.bloc in BLOCS and s.sentiment in SENTIMENTS
    assert {s.article for s in statements} == {p.stem for p in ARTICLES.glob("*.txt")}


def test_gold_covers_every_body_sentence_once(gold):
    """Spans never overlap inside an article, and each article contributes statements."""
    by_article = {}
    for r in gold:
        by_article.setdefault(r["article"], []).append((int(r["start"]), int(r["end"])))
    for spans in by_article.values():
        spans.sort()
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))


def test_training_table_uses_article_as_group(gold):
    table = load_training_table(GOLD)
    assert table.heads == ("stance", "bloc", "sentiment", "relevant")
    assert table.groups == [r["article"] for r in gold]


def _refusal(tmp_path, header, rows, **kw):
    path = write_csv(tmp_path / "bad.csv", header, rows)
    with pytest.raises(DataError) as err:
        load_training_table(path, **kw)
    return str(err.value)


def test_refuses_missing_text_column(tmp_path):
    assert "no 'text' column" in _refusal(tmp_path, ["body", "stance"], [["a", "neutral"]])


def test_refuses_empty_text_with_line_number(tmp_path):
    rows = [["Putin alisema", "neutral", "a"], ["  ", "neutral", "a"], ["Kim", "critical", "b"], ["x", "critical", "b"]]
    assert "line 3: empty text" in _refusal(tmp_path, HEADER, rows)


def test_refuses_unknown_label_with_line_number(tmp_path):
    rows = [["a", "neutral", "g"], ["b", "neutral", "g"], ["c", "pro-russia", "g"]]
    assert "line 4: stance 'pro-russia' is not one of" in _refusal(tmp_path, HEADER, rows)


def test_refuses_label_with_a_single_example(tmp_path):
    rows = [["a", "neutral", "g"], ["b", "neutral", "g"], ["c", "critical", "g"]]
    assert "line 4: stance 'critical' has only 1 example" in _refusal(tmp_path, HEADER, rows)


def test_refuses_non_utf8_with_line_and_byte(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("text,stance\nsawa,neutral\nKorea Süd,neutral\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"line 3: not UTF-8 \(byte 32"):
        load_training_table(path)


def test_lists_all_problems_not_just_the_first(tmp_path):
    rows = [["", "neutral", "g"], ["b", "bad", "g"], ["c", "neutral", "g"]]
    message = _refusal(tmp_path, HEADER, rows)
    assert "line 2: empty text" in message and "line 3: stance 'bad'" in message


def test_accepts_bom_and_optional_heads(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufefftext,sentiment\na,positive\nb,positive\nc,negative\nd,negative\n".encode("utf-8"))
    table = load_training_table(path)
    assert table.heads == ("sentiment",) and table.groups is None and table.lines == [2, 3, 4, 5]


def test_gold_loader_refuses_span_that_does_not_match_article(tmp_path, gold):
    row = dict(gold[0])
    row["start"] = str(int(row["start"]) + 1)
    path = write_csv(tmp_path / "g.csv", list(row), [list(row.values())])
    with pytest.raises(DataError, match="line 2: text differs from"):
        load_gold(path, ARTICLES)


def test_texts_repeated_with_other_labels_are_found_with_their_lines(tmp_path):
    from training.corpus import Contradiction, contradictions

    rows = [["Putin alisema", "neutral", "positive"], ["Kim  alisema ", "critical", "neutral"],
            ["Putin alisema", "neutral", "negative"], ["Kim alisema", "supportive", "neutral"],
            ["Lavrov alisema", "critical", "neutral"], ["Lavrov alisema", "critical", "neutral"]]
    rows += [[f"taarifa {i}", ("neutral", "critical", "supportive")[i % 3], ("positive", "negative")[i % 2]]
             for i in range(40)]
    table = load_training_table(write_csv(tmp_path / "few.csv", ["text", "stance", "sentiment"], rows))
    # 4 of 46 rows: kept (fit warns); an identical copy with the same labels is no contradiction
    assert contradictions(table) == [Contradiction("sentiment", [2, 4], ["positive", "negative"]),
                                     Contradiction("stance", [3, 5], ["critical", "supportive"])]
    assert contradictions(table)[1].describe() == "lines 3, 5: the same text with stance critical / supportive"


def test_refuses_a_file_where_over_a_tenth_of_the_rows_contradict_each_other(tmp_path):
    rows = [[f"taarifa {i % 4}", ("neutral", "critical", "supportive")[i % 3], "g"] for i in range(24)]
    message = _refusal(tmp_path, HEADER, rows)
    assert "24 of 24 rows repeat a text with another label, more than 10%: give each text one label per head" in message
    assert "lines 2, 6, 10, 14, 18, 22: the same text with stance neutral / critical / supportive" in message
