"""Labelling records into rows, in-process: every record keeps its row, labelled or saying why not."""

from __future__ import annotations

import pytest

from batch_support import expected_cells, model, model_path, seed_texts  # noqa: F401 (fixtures)
from conftest import ARTICLES
from msimamo.batch.reading import Record
from msimamo.batch.rows import Layout, head_columns, output_columns, score_chunk
from msimamo.extract.statements import extract
from msimamo.results import Head, Language, StatementResult

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SWAHILI = Language("sw", True, 0.99)
ARTICLE = (ARTICLES / "000_14d627867fb3ef14.txt").read_text(encoding="utf-8")


def test_score_chunk_labels_usable_rows_and_marks_the_rest(model):
    texts = seed_texts(3)
    records = [Record(2, ["a", texts[0]], ""), Record(3, ["b", "   "], ""), Record(4, ["c", "12 – 34"], ""),
               Record(5, ["", "x,y,z"], "line 5: malformed CSV line (3 fields, header has 2)"),
               Record(6, ["d", texts[1]], "")]
    blank = [""] * len(head_columns(model.heads))
    labelled = expected_cells(model, [texts[0], texts[1]])
    assert score_chunk(model, records, Layout(1, "statement")) == [
        (2, ["a", texts[0], *labelled[0], ""]),
        (3, ["b", "   ", *blank, "empty text"]),
        (4, ["c", "12 – 34", *blank, "no letters in text"]),
        (5, ["", "x,y,z", *blank, "line 5: malformed CSV line (3 fields, header has 2)"]),
        (6, ["d", texts[1], *labelled[1], ""]),
    ]


def test_a_row_that_is_not_swahili_keeps_its_language_and_says_why_it_has_no_labels(model):
    english = "The ministry said the two leaders signed a defence pact in Pyongyang on Wednesday."
    [(line, cells)] = score_chunk(model, [Record(2, ["e", english], "")], Layout(1, "statement"))
    added = cells[2:]
    assert added[0] == "en" and set(added[1:-1]) == {""}
    assert added[-1] == "not Swahili (detected en): not labelled"


def test_added_columns_that_the_input_already_has_get_pred():
    assert output_columns(["id", "text"], ["stance", "bloc"], Layout(1, "statement")) == [
        "id", "text", "language", "stance", "stance_score", "bloc", "bloc_score", "bloc_source", "error"]
    assert output_columns(["speaker", "body", "stance", "stance_pred"], ["stance"], Layout(1, "article")) == [
        "speaker", "stance", "stance_pred", "quote", "speaker_pred", "kind", "start", "end", "text", "headline",
        "language", "stance_pred_pred", "stance_score", "error"]


def test_article_rows_leave_out_the_article_unless_asked_to_keep_it():
    header = ["id", "text", "source"]
    assert output_columns(header, ["stance"], Layout(1, "article"))[:4] == ["id", "source", "quote", "speaker"]
    kept = output_columns(header, ["stance"], Layout(1, "article", keep_text=True))
    assert kept[:3] == header and "text_pred" in kept
    assert Layout(1, "statement").inputs(["a", "b", "c"]) == ["a", "b", "c"]
    assert Layout(1, "article").inputs(["a", "b", "c"]) == ["a", "c"]
    rows = score_chunk(RecordingModel(), [Record(2, ["one", ARTICLE, "DW"], "")], Layout(1, "article", True))
    assert all(cells[:3] == ["one", ARTICLE, "DW"] for _, cells in rows)


class RecordingModel:
    """Stands in for Msimamo to show what score_chunk asks of the model: ``classify`` a statement
    (the model finds its speaker), ``label`` a statement whose speaker is already resolved."""

    heads = ["stance", "bloc"]

    def __init__(self):
        self.calls = []

    def _heads(self) -> dict[str, Head]:
        return {"language": SWAHILI, "stance": Head("neutral", {"neutral": 0.5, "critical": 0.5}),
                "bloc": Head("western", {"western": 1.0}, source="gazetteer")}

    def relevance(self, text):
        return None

    def classify(self, text, explain=False):
        self.calls.append(("classify", text))
        return StatementResult(text, **self._heads())

    def label(self, text, speaker, explain=False):
        self.calls.append(("label", text, speaker))
        return self._heads()


def test_article_mode_passes_the_extractors_speaker_and_keeps_empty_articles():
    statements = extract(ARTICLE)
    assert statements, "the seed article has statements"
    assert any(s.speaker for s in statements), "the seed article has attributed statements"
    fake = RecordingModel()
    rows = score_chunk(fake, [Record(2, ["one", ARTICLE], ""), Record(3, ["none", "…"], "")], Layout(1, "article"))
    assert fake.calls == [("label", ARTICLE[s.start:s.end], s.speaker) for s in statements]
    assert rows[:-1] == [(2, ["one", s.quote, s.speaker.name if s.speaker else "", s.kind, str(s.start),
                              str(s.end), ARTICLE[s.start:s.end], "yes" if s.headline else "",
                              "sw", "neutral", "0.5000", "western", "1.0000", "gazetteer", ""])
                         for s in statements]
    assert sum(len(",".join(cells)) for _, cells in rows) < 3 * len(ARTICLE), "no copy of the article per row"
    assert rows[-1] == (3, ["none", "", "", "", "", "", "…", "", "", "", "", "", "", "", "no letters in text"])


def test_an_article_without_statements_or_whose_analysis_fails_keeps_one_row(monkeypatch):
    import msimamo.article

    def extract_or_fail(text):
        if "fail" in text:
            raise ValueError("boom")
        return extract(text)

    monkeypatch.setattr(msimamo.article, "extract", extract_or_fail)
    records = [Record(2, ["quiet", "Hali ya hewa ni nzuri leo"], ""), Record(3, ["bad", "fail " + ARTICLE], ""),
               Record(4, ["good", ARTICLE], "")]
    rows = score_chunk(RecordingModel(), records, Layout(1, "article"))
    blank = [""] * 5
    assert rows[0] == (2, ["quiet", *blank, "Hali ya hewa ni nzuri leo", "", "", *blank,
                           "no statements found in the article"])
    assert rows[1] == (3, ["bad", *blank, "fail " + ARTICLE, "", "", *blank,
                           "article analysis failed (ValueError: boom)"])
    assert [line for line, _ in rows[2:]] == [4] * len(extract(ARTICLE))
    assert all(cells[-1] == "" for _, cells in rows[2:])


def test_statement_mode_leaves_attribution_to_the_model():
    fake = RecordingModel()
    rows = score_chunk(fake, [Record(2, ["“Hatutakubali vitisho,” Antonov alisema."], "")], Layout(0, "statement"))
    assert fake.calls == [("classify", "“Hatutakubali vitisho,” Antonov alisema.")]
    assert rows == [(2, ["“Hatutakubali vitisho,” Antonov alisema.", "sw", "neutral", "0.5000", "western", "1.0000",
                         "gazetteer", ""])]
