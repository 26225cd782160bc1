"""The report page: self-contained (nothing loaded from another host), its data embedded so no cell
can break out of the script element, and the model card said plainly."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import msgspec
import pytest

from msimamo.report.assets import asset_path
from msimamo.report.html import CardFacts, _scores, model_facts, render_report
from msimamo.report.summary import ArchiveSummary, summarise
from report_support import labelled, scored_header, write_scored

HOSTILE = '</script><script>alert(1)</script><!--<script>'


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    tags.close()
    return tags


@pytest.fixture
def hostile_summary(tmp_path):
    header = scored_header(["id", "published", "text"])
    rows = [labelled(header, "supportive", "russia_dprk", score=0.9, id=HOSTILE, published="2024-06-19", text=HOSTILE),
            labelled(header, "critical", "western", score=0.8, id="2", published="20/06/2024", text="Hatukubali.")]
    return summarise(write_scored(tmp_path / "scored.csv", header, rows))


def no_card(tmp_path) -> CardFacts:
    return model_facts(tmp_path / "none.joblib")


def test_a_cell_holding_script_tags_cannot_break_out(hostile_summary, tmp_path):
    page = render_report(hostile_summary, source="scored.csv", card=no_card(tmp_path))
    tags = parse(page)
    assert [t for t, _ in tags.tags].count("script") == 4  # data, plotly, charts, the call: none injected
    assert page.count("</script") == 4
    (data,) = [text for attrs, text in tags.scripts if attrs.get("type") == "application/json"]
    assert "<" not in data
    decoded = json.loads(data)
    assert decoded == json.loads(msgspec.json.encode(hostile_summary))
    assert decoded["confident"]["supportive"][0]["text"] == HOSTILE


def test_the_report_is_self_contained(hostile_summary, tmp_path):
    page = render_report(hostile_summary, source="scored.csv", card=no_card(tmp_path))
    tags = parse(page)
    linked = [(tag, name, value) for tag, attrs in tags.tags for name, value in attrs.items()
              if name in ("src", "href", "srcset", "poster", "data", "action")]
    assert linked == []  # not even to this machine: the file is all there is
    assert not any(tag in ("link", "iframe", "img", "object", "embed", "base") for tag, _ in tags.tags)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page[:page.index("<script")])  # CSS
    bodies = [text for attrs, text in tags.scripts]
    assert asset_path("plotly.min.js").read_text(encoding="utf-8")[:2000] in bodies[1]
    assert "MsimamoCharts" in bodies[2] and "renderArchive" in bodies[3]


def test_an_asset_holding_a_script_end_tag_is_inlined_safely(monkeypatch, tmp_path, hostile_summary):
    import msimamo.report.html as html

    fake = tmp_path / "charts.js"
    fake.write_text('var s = "</script><b>x</b>"; var t = "</SCRIPT >";', encoding="utf-8")
    real = html.asset_path
    monkeypatch.setattr(html, "asset_path", lambda name: fake if name == "charts.js" else real(name))
    page = render_report(hostile_summary, source="scored.csv", card=no_card(tmp_path))
    assert 'var s = "<\\/script><b>x</b>"; var t = "<\\/SCRIPT >";' in page
    assert [t for t, _ in parse(page).tags].count("script") == 4


def test_the_page_names_the_file_escaped_and_counts_errors(tmp_path):
    header = scored_header(["text"])
    rows = [labelled(header, "neutral", text="sawa"), labelled(header, "neutral", text="sawa"),
            [c if n != "error" else "not Swahili (detected en): not labelled" for n, c in
             zip(header, labelled(header, "", text="hello"))]]
    s = summarise(write_scored(tmp_path / "scored.csv", header, rows))
    page = render_report(s, source="<b>archive</b>.csv", card=no_card(tmp_path))
    assert "&lt;b&gt;archive&lt;/b&gt;.csv" in page and "<b>archive" not in page
    assert "1 of 3 rows are errors (1 not Swahili)" in page


def test_without_a_card_the_report_says_so(hostile_summary, tmp_path):
    card = no_card(tmp_path)
    assert card.problem and "no model at" in card.problem
    page = render_report(hostile_summary, source="scored.csv", card=card)
    assert "No usable model card: no model at" in page


def test_the_card_of_the_test_model(trained, hostile_summary):
    model_path, card = trained
    facts = model_facts(model_path)
    assert facts.problem is None and facts.version == card.version
    assert facts.training_rows == card.training_data["rows"] and facts.scores == []  # trained without evaluation
    page = render_report(hostile_summary, source="scored.csv", card=facts)
    assert f"Version <strong>{card.version}</strong>" in page
    assert f"on {card.training_data['rows']:,} labelled statements" in page
    assert "trained without evaluation" in page


def test_per_head_scores_beside_their_baseline():
    def result(f1, base, n):
        return {"model": {"n": n, "macro_f1": f1, "macro_f1_ci95": [f1 - 0.1, f1 + 0.1]}, "baseline": {"macro_f1": base}}

    evaluation = {"scheme": "leave-one-article-out", "heads": {"stance": result(0.79, 0.22, 74), "bloc": result(0.73, 0.18, 74)},
                  "relevance": {"scheme": "5 grouped folds", "heads": {"relevant": result(0.82, 0.38, 1232)}},
                  "learning_curve": {"stance": []}}
    scores = _scores(evaluation)
    assert [(s.head, s.macro_f1, s.baseline, s.n, s.scheme) for s in scores] == [
        ("stance", 0.79, 0.22, 74, "leave-one-article-out"), ("bloc", 0.73, 0.18, 74, "leave-one-article-out"),
        ("relevant", 0.82, 0.38, 1232, "5 grouped folds")]
    assert _scores({"heads": {"stance": {"model": {}}}}) == []  # malformed: left out, not a crash
    card = CardFacts(path="m.joblib", version="abc", trained_at="2026-11-29 13:38 UTC", training_rows=1232,
                     heads=["stance"], scores=scores)
    empty = ArchiveSummary(rows=0, errors=0, not_swahili=0, labelled=0, off_topic=0, columns=[], mode="statement",
                           stance_by_bloc={}, over_time={}, speakers=[], speakers_exact=True, confident={})
    page = render_report(empty, source="x.csv", card=card)
    row = re.search(r"<th scope=\"row\">relevant</th>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row) == ["0.820", "0.720–0.920", "0.380", "1,232"]
    assert "5 grouped folds." in page and "leave-one-article-out." in page


def test_a_stale_card_is_still_shown_with_a_warning(trained, hostile_summary, tmp_path):
    import json as json_module
    import shutil

    from msimamo.model.card import FORMAT, card_path

    model_path, card = trained
    copy = tmp_path / "old.joblib"
    shutil.copy(model_path, copy)
    raw = json_module.loads(card_path(model_path).read_text(encoding="utf-8"))
    raw["format"] = FORMAT - 1  # written by an older Msimamo: what scored an older file
    card_path(copy).write_text(json_module.dumps(raw), encoding="utf-8")
    facts = model_facts(copy)
    assert facts.problem is None and facts.version == card.version
    assert f"artefact format {FORMAT - 1}" in facts.warning
    page = render_report(hostile_summary, source="scored.csv", card=facts)
    assert "This card is not current" in page and f"Version <strong>{card.version}</strong>" in page
    card_path(copy).write_text("{not json", encoding="utf-8")
    assert model_facts(copy).problem
