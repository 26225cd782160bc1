"""The analyst page at / in a real browser, against the real server, with the internet out of reach.

Each article test pastes a seed article, presses Analyse and compares what the page shows with
what the API answers for the same text; the archive tests upload CSV files built here. The ids
and attributes are the page's contract (the lead's page_contract: #article-text, mark.statement
with data-index/data-stance, #archive-file, #archive-summary, ...).
"""

from __future__ import annotations

import csv
import io
import json
import re

import httpx
import pytest
from playwright.sync_api import expect

from browser import PHONE, WAIT_MS, browser, open_tab, screenshots, serve, tab  # noqa: F401 (fixtures)
from conftest import ARTICLES, GOLD

SEED_ARTICLES = sorted(ARTICLES.glob("*.txt"))
#: Off-topic statements and speakers the extractor cannot name: the marks' harder cases.
ARTICLE = ARTICLES / "004_58a876e6e5d9cbbd.txt"

#: The page refuses larger files before uploading them; small here, so the test file is small too.
ARCHIVE_MAX_BYTES = 200_000

ENGLISH = ("The president said on Monday that the new agreement between Russia and North Korea threatens "
           "peace across the whole region. Officials in Seoul said they would answer it with new measures, "
           "and the foreign minister told reporters that talks with Washington would continue next week.")

#: Columns every scored archive has (msimamo.batch.rows), whatever the input's.
SCORED = ["language", "stance", "stance_score", "bloc", "bloc_score", "bloc_source", "sentiment",
          "sentiment_score", "relevant", "relevant_score", "error"]


@pytest.fixture(scope="module")
def site(trained, tmp_path_factory):
    """This module's server: the tab fixture uses it, with a small ARCHIVE_MAX_BYTES."""
    yield from serve(trained[0], tmp_path_factory.mktemp("page-server"), ARCHIVE_MAX_BYTES=str(ARCHIVE_MAX_BYTES))


def api_article(base: str, text: str) -> dict:
    """The API's own answer for ``text`` in article mode, n-grams included (as the page asks)."""
    response = httpx.post(f"{base}/classify", json={"text": text, "mode": "article", "explain": True},
                          timeout=WAIT_MS / 1000)
    assert response.status_code == 200, response.text
    return response.json()["results"][0]


def analyse(tab, text: str):
    """Open /, paste ``text``, press Analyse and wait until the page is done with it."""
    page = tab.open("/")
    expect(page.locator("#article-view")).to_be_visible()
    page.locator("#article-text").fill(text)
    page.locator("#analyse").click()
    page.wait_for_function("() => ['#article-results', '#article-error']"
                           ".some((id) => document.querySelector(id).checkVisibility())", timeout=WAIT_MS)
    expect(page.locator("#analyse")).to_be_enabled(timeout=WAIT_MS)
    return page


#: What the page shows for each mark, read in one go: its attributes, its stance word and speaker
#: chip (inside the mark, or after it before the next mark), and the text it covers.
READ_MARKS = """() => {
  const tags = ".stance-label, .speaker-chip";
  const tag = (mark, cls) => {
    const inside = mark.querySelector(cls);
    if (inside) return inside.textContent;
    for (let n = mark.nextElementSibling; n && !n.matches("mark.statement"); n = n.nextElementSibling) {
      const found = n.matches(cls) ? n : n.querySelector(cls);
      if (found) return found.textContent;
    }
    return null;
  };
  const bare = (node) => {
    const copy = node.cloneNode(true);
    copy.querySelectorAll(tags).forEach((t) => t.remove());
    return copy.textContent;
  };
  const view = document.querySelector("#article-text-view");
  return {
    text: bare(view),
    marks: [...view.querySelectorAll("mark.statement")].map((m) => ({
      index: m.dataset.index, stance: m.dataset.stance, offtopic: m.classList.contains("offtopic"),
      tabindex: m.getAttribute("tabindex"), label: tag(m, ".stance-label"), chip: tag(m, ".speaker-chip"),
      covers: bare(m),
    })),
  };
}"""


@pytest.mark.parametrize("path", SEED_ARTICLES, ids=[p.stem[:3] for p in SEED_ARTICLES])
def test_every_statement_is_highlighted_as_the_api_labels_it(tab, path):
    text = path.read_text(encoding="utf-8")
    page = analyse(tab, text)
    expect(page.locator("#article-results")).to_be_visible()
    expect(page.locator("#article-error")).to_be_hidden()
    statements = api_article(tab.base, text)["statements"]
    assert statements, "the seed article should have statements"
    shown = page.evaluate(READ_MARKS)
    # the text is all there, once, in order: the marks only wrap parts of it
    assert shown["text"] == text
    marks = {int(m["index"]): m for m in shown["marks"]}
    assert len(shown["marks"]) == len(statements) and sorted(marks) == list(range(len(statements)))
    for i, s in enumerate(statements):
        mark, stance = marks[i], s["stance"]["label"] if s.get("stance") else "none"
        assert mark["stance"] == stance, (i, s["quote"])
        assert mark["offtopic"] == (s.get("relevant") is not None and s["relevant"]["label"] is False), i
        assert mark["tabindex"] == "0", i
        assert mark["label"] is not None and stance in mark["label"], (i, mark["label"])
        assert mark["chip"] is not None, i
        assert (s["speaker"] or "unknown speaker") in mark["chip"], (i, mark["chip"])
        if s.get("bloc"):
            assert s["bloc"]["label"] in mark["chip"], (i, mark["chip"])
        assert mark["covers"] and mark["covers"] in text[s["start"]:s["end"]], (i, mark["covers"])
    # statements that overlap no other are wrapped exactly
    spans = sorted((s["start"], s["end"], i) for i, s in enumerate(statements))
    for k, (start, end, i) in enumerate(spans):
        before = spans[k - 1][1] if k else 0
        after = spans[k + 1][0] if k + 1 < len(spans) else len(text)
        if before <= start and end <= after:
            assert marks[i]["covers"] == text[start:end], i
    if any(s.get("stance") and s["relevant"]["label"] for s in statements):
        expect(page.locator("#article-chart svg.main-svg").first).to_be_visible()
        assert page.locator("#article-chart table").count() == 1  # the numbers without the chart
    assert tab.outside == []


def test_analyse_is_disabled_while_the_page_waits(tab):
    """Hold the /classify request: the button stays disabled until the answer arrives."""
    page = tab.open("/")
    held = []
    page.route(re.compile(r".*/classify$"), lambda route: held.append(route))
    page.locator("#article-text").fill(ARTICLE.read_text(encoding="utf-8"))
    page.locator("#analyse").click()
    expect(page.locator("#analyse")).to_be_disabled(timeout=WAIT_MS)
    for _ in range(WAIT_MS // 50):  # Playwright runs the route handler while the test waits
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the page never asked /classify"
    expect(page.locator("#analyse")).to_be_disabled()
    expect(page.locator("#article-results")).to_be_hidden()
    held[0].continue_()
    expect(page.locator("#article-results")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator("#analyse")).to_be_enabled(timeout=WAIT_MS)
    assert tab.outside == []


def _tab_to_a_mark(page, limit: int = 80) -> int:
    """Press Tab until a highlighted statement has the focus; its data-index."""
    page.locator("#article-text").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        index = page.evaluate("() => document.activeElement.matches('mark.statement') ? "
                              "document.activeElement.dataset.index : null")
        if index is not None:
            return int(index)
    pytest.fail(f"no highlighted statement within {limit} presses of Tab")


def _scores_shown(detail: str, head: dict) -> None:
    assert head["label"] in detail
    for score in head["scores"].values():
        assert f"{score:.2f}" in detail, (score, detail)


def test_a_statement_chosen_by_keyboard_shows_its_scores_and_reasons(tab):
    text = ARTICLE.read_text(encoding="utf-8")
    page = analyse(tab, text)
    statements = api_article(tab.base, text)["statements"]
    detail = page.locator("#statement-detail")
    for first in (True, False):  # the first statement reached with Tab, then the next one
        index = _tab_to_a_mark(page) if first else _next_mark(page)
        page.keyboard.press("Enter")
        s = statements[index]
        expect(detail).to_contain_text(s["quote"][:40], timeout=WAIT_MS)
        shown = detail.inner_text()
        for name in ("stance", "bloc", "sentiment"):
            if s.get(name):
                _scores_shown(shown, s[name])
        if s.get("relevant"):
            assert f"{s['relevant']['score']:.2f}" in shown
        _drawn_as_wide_as_styled(detail)
    # the reasons: hidden until asked for, then the n-grams the API gave for this statement
    reasons = detail.locator(".reasons")
    expect(reasons).to_be_hidden()
    detail.locator("button.show-reasons").click()
    expect(reasons).to_be_visible(timeout=WAIT_MS)
    # character n-grams may start or end with the space of a word boundary
    ngrams = [n["ngram"].strip() for name in ("stance", "sentiment") if s.get(name)
              for n in s[name].get("explanation") or []]
    assert ngrams, "the API gave no n-grams for this statement"
    for ngram in ngrams:
        assert ngram in reasons.inner_text(), ngram
    assert tab.outside == []


def _drawn_as_wide_as_styled(box) -> None:
    """Every element given a percentage width (a score bar's fill) is drawn that wide: a width on
    an inline element is ignored, and the bars were once all empty."""
    sizes = box.evaluate("""(box) => [...box.querySelectorAll('[style*="width"]')]
      .filter((e) => e.style.width.endsWith('%'))
      .map((e) => [parseFloat(e.style.width), e.getBoundingClientRect().width,
                   e.parentElement.getBoundingClientRect().width])""")
    for percent, drawn, room in sizes:
        assert abs(drawn - room * percent / 100) <= 2, (percent, drawn, room)


def _next_mark(page) -> int:
    page.keyboard.press("Tab")
    index = page.evaluate("() => document.activeElement.matches('mark.statement') ? "
                          "document.activeElement.dataset.index : null")
    assert index is not None, "Tab from one statement should reach the next"
    return int(index)


def test_statements_download_as_csv_and_json(tab, tmp_path):
    text = ARTICLE.read_text(encoding="utf-8")
    page = analyse(tab, text)
    statements = api_article(tab.base, text)["statements"]

    with page.expect_download(timeout=WAIT_MS) as got:
        page.locator("#download-csv").click()
    assert got.value.suggested_filename == "msimamo-statements.csv"
    got.value.save_as(tmp_path / "statements.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "statements.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == len(statements)
    assert {"speaker", "stance", "bloc", "sentiment", "relevant", "quote"} <= set(rows[0])
    for row, s in zip(rows, statements):
        assert row["quote"] == s["quote"]
        assert row["stance"] == (s["stance"]["label"] if s.get("stance") else "")

    with page.expect_download(timeout=WAIT_MS) as got:
        page.locator("#download-json").click()
    assert got.value.suggested_filename == "msimamo-statements.json"
    got.value.save_as(tmp_path / "statements.json")
    saved = json.loads((tmp_path / "statements.json").read_text(encoding="utf-8"))
    listed = saved["statements"] if isinstance(saved, dict) else saved
    assert len(listed) == len(statements)
    assert [s["quote"] for s in listed] == [s["quote"] for s in statements]
    assert tab.outside == []


def _in_words(message: str) -> None:
    """A message for a person: a sentence, not a JSON body or a traceback."""
    assert message.strip(), "no message"
    assert not message.lstrip().startswith(("{", "[")), message
    assert '"detail"' not in message and "Traceback" not in message, message


def test_english_text_is_refused_in_words(tab):
    page = analyse(tab, ENGLISH)
    error = page.locator("#article-error")
    expect(error).to_be_visible()
    message = error.inner_text()
    _in_words(message)
    assert re.search(r"not (in )?Swahili", message, re.I), message
    assert "English" in message, message
    expect(page.locator("#article-results")).to_be_hidden()
    assert tab.outside == []


def test_an_empty_text_gets_a_message(tab):
    page = analyse(tab, "   \n ")
    error = page.locator("#article-error")
    expect(error).to_be_visible()
    _in_words(error.inner_text())
    expect(page.locator("#article-results")).to_be_hidden()
    # a good text afterwards clears the message
    page.locator("#article-text").fill(ARTICLE.read_text(encoding="utf-8"))
    page.locator("#analyse").click()
    expect(page.locator("#article-results")).to_be_visible(timeout=WAIT_MS)
    expect(error).to_be_hidden()
    assert tab.outside == []


def test_the_article_view_fits_a_phone(browser, site, screenshots):
    phone, context = open_tab(browser, site, screenshots, viewport=PHONE)
    try:
        page = analyse(phone, ARTICLE.read_text(encoding="utf-8"))
        expect(page.locator("#article-results")).to_be_visible()
        page.locator("mark.statement").first.click()
        expect(page.locator("#statement-detail button.show-reasons")).to_be_visible(timeout=WAIT_MS)
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth, "
                               "window.innerWidth]")
        assert max(widths[:2]) <= widths[2] == PHONE["width"], widths
        phone.shot("article-phone", full_page=True)
    finally:
        context.close()
    assert phone.outside == [] and phone.crashes == [] and phone.refused == []


# ---- archive view -----------------------------------------------------------------------------

def archive_rows(n: int) -> list[dict]:
    with open(GOLD, encoding="utf-8", newline="") as fh:
        return [row for _, row in zip(range(n), csv.DictReader(fh))]


def write_archive(path, rows: list[list[str]], header: list[str]):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def open_archive(tab):
    page = tab.open("/")
    page.locator("#tab-archive").click()
    expect(page.locator("#archive-view")).to_be_visible()
    expect(page.locator("#article-view")).to_be_hidden()
    return page


def test_an_archive_is_scored_summarised_and_downloaded(tab, tmp_path):
    gold = archive_rows(40)
    header = ["id", "source", "habari"]  # the text column is not called "text": the user picks it
    rows = [[str(i), r["speaker"], r["text"]] for i, r in enumerate(gold)] + [["40", "wire", ENGLISH]]
    path = write_archive(tmp_path / "habari.csv", rows, header)

    page = open_archive(tab)
    page.locator("#archive-file").set_input_files(path)
    column = page.locator("#text-column")
    expect(column.locator("option")).to_have_count(len(header), timeout=WAIT_MS)  # uploaded and read
    expect(column).to_be_visible()
    assert column.locator("option").all_inner_texts() == header
    column.select_option("habari")
    page.locator("#archive-mode").select_option("statement")
    page.locator("#archive-score").click()
    expect(page.locator("#archive-download")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator("#archive-status")).to_contain_text(re.compile("done", re.I))
    expect(page.locator("#archive-error")).to_be_hidden()
    expect(page.locator("#archive-summary svg.main-svg").first).to_be_visible(timeout=WAIT_MS)
    # the summary quotes statements from the chosen text column
    summary = page.locator("#archive-summary").inner_text()
    assert any(r["text"][:40] in summary for r in gold), "the summary quotes none of the texts in 'habari'"

    with page.expect_download(timeout=WAIT_MS) as got:
        page.locator("#archive-download").click()
    assert got.value.suggested_filename == "habari-scored.csv"
    got.value.save_as(tmp_path / "scored.csv")
    with open(tmp_path / "scored.csv", encoding="utf-8-sig", newline="") as fh:
        scored = list(csv.DictReader(fh))
    assert len(scored) == len(rows)
    assert list(scored[0])[:3] == header and set(SCORED) <= set(scored[0])
    assert [r["id"] for r in scored] == [r[0] for r in rows]
    for row in scored[:-1]:
        assert row["stance"] in ("supportive", "critical", "neutral") and not row["error"], row
    assert scored[-1]["stance"] == "" and "Swahili" in scored[-1]["error"], scored[-1]
    page.locator("#archive-summary").scroll_into_view_if_needed()
    tab.shot("archive", full_page=True)
    assert tab.outside == []


def test_a_file_that_is_not_utf8_names_its_line(tab, tmp_path):
    gold = archive_rows(8)
    lines = ["id,text"] + [f"{i},{r['text']}" for i, r in enumerate(gold[:3])]
    data = ("\n".join(lines) + "\n").encode("utf-8") + "3,Waziri alisema café ni tishio\n".encode("latin-1")
    path = tmp_path / "latin1.csv"
    path.write_bytes(data)
    page = open_archive(tab)
    page.locator("#archive-file").set_input_files(path)
    error = page.locator("#archive-error")
    expect(error).to_be_visible(timeout=WAIT_MS)
    message = error.inner_text()
    _in_words(message)
    assert re.search(r"\bline 5\b", message), message
    assert "UTF-8" in message, message
    expect(page.locator("#archive-score")).to_be_hidden()
    assert tab.outside == []


def test_a_file_over_the_limit_is_refused_before_upload(tab, tmp_path):
    row = archive_rows(1)[0]["text"]
    rows = [[str(i), row] for i in range(ARCHIVE_MAX_BYTES // len(row.encode()) + 10)]
    path = write_archive(tmp_path / "big.csv", rows, ["id", "text"])
    assert path.stat().st_size > ARCHIVE_MAX_BYTES
    page = open_archive(tab)
    posted = []
    page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
    page.locator("#archive-file").set_input_files(path)
    error = page.locator("#archive-error")
    expect(error).to_be_visible(timeout=WAIT_MS)
    _in_words(error.inner_text())
    assert "msimamo score" in error.inner_text()
    assert posted == []
    # a small file with a `text` column afterwards: uploaded, its text column chosen for the user
    small = write_archive(tmp_path / "small.csv", rows[:5], ["id", "text"])
    page.locator("#archive-file").set_input_files(small)
    expect(page.locator("#text-column")).to_have_value("text", timeout=WAIT_MS)
    expect(error).to_be_hidden()
    assert tab.outside == []
