"""The report in a real chromium (Debian's, driven by Playwright; skipped when there is none): the
charts draw, the page asks nothing of the network, data stays text, and it fits a 360 px phone."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from msimamo.report.html import model_facts, render_report
from msimamo.report.summary import summarise
from report_support import labelled, scored_header, write_scored

playwright = pytest.importorskip("playwright.sync_api")

WAIT_MS = 30_000
EVIL = '<a href="https://evil.example/">Evil</a><img src="https://evil.example/x.png">'


def chromium() -> str | None:
    named = os.environ.get("CHROMIUM")
    if named:
        return named if os.access(named, os.X_OK) else None
    return shutil.which("chromium") or ("/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None)


@pytest.fixture(scope="module")
def browser():
    path = chromium()
    if path is None:
        pytest.skip("no chromium (set CHROMIUM=/path/to/chromium, or install Debian's chromium)")
    driver = playwright.sync_playwright().start()
    try:
        launched = driver.chromium.launch(executable_path=path, timeout=WAIT_MS)
    except playwright.Error as exc:
        driver.stop()
        pytest.skip(f"chromium at {path} does not start: {str(exc).strip()[:200]}")
    yield launched
    launched.close()
    driver.stop()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    header = scored_header(["url", "published", "text"], mode="article")
    speakers = ["Vladimir Putin", "Kim Jong Un", "Antony Blinken", EVIL, "Wizara ya Mambo ya Nje ya Shirikisho la Urusi"]
    rows = []
    for i in range(300):
        stance = ("supportive", "critical", "neutral")[i % 3]
        speaker = speakers[i % len(speakers)]
        rows.append(labelled(header, stance, ("russia_dprk", "western", "other")[i % 3], score=0.5 + (i % 50) / 100,
                             url=f"u{i}", published=f"{1 + i % 28:02d}/{1 + i % 12:02d}/2024", quote=f"{EVIL} {i}",
                             speaker=speaker, kind="quote", text=f"sentence {i}"))
    s = summarise(write_scored(folder / "scored.csv", header, rows))
    out = folder / "report.html"
    out.write_text(render_report(s, source="scored.csv", card=model_facts(folder / "none.joblib")), encoding="utf-8")
    return out


def open_report(browser, path: Path, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri(), wait_until="load", timeout=WAIT_MS)
    page.wait_for_function("document.querySelectorAll('.msm-plot .main-svg').length >= 6", timeout=WAIT_MS)
    return context, page, requests, errors


def shot(page, name: str) -> None:
    where = os.environ.get("SCREENSHOT_DIR")
    if where:
        page.screenshot(path=str(Path(where) / f"{name}.png"), full_page=True)


def test_the_charts_draw_offline_and_data_stays_text(browser, report_file):
    context, page, requests, errors = open_report(browser, report_file, 1280)
    try:
        assert errors == []
        assert requests == [report_file.as_uri()]
        headings = page.locator(".msm h2").all_inner_texts()
        assert headings == ["Stance by the speaker's bloc", "Stance over time", "Most quoted speakers",
                            "Most confident statements"]
        assert page.locator(".msm-plot .main-svg").count() >= 6  # three charts, each two svg layers
        linked = page.evaluate("""[...document.querySelectorAll('[href],[src]')]
                                  .map(e => e.getAttribute('href') || e.getAttribute('src'))""")
        assert linked == []
        # a speaker named with markup stays text: no attribute anywhere (svg xlink:href included) carries it
        attributes = page.evaluate("[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => [a.name, a.value]))")
        assert [(n, v) for n, v in attributes if "evil.example" in v and n not in ("data-unformatted",)] == []
        assert all(v.startswith("4. &lt;a href=&quot;") for n, v in attributes if "evil.example" in v)  # Plotly's copy, escaped
        assert page.locator("img").count() == 0
        ticks = page.locator(".msm section").nth(3).locator(".ytick text").all_text_contents()
        assert any("<a href=" in t for t in ticks)  # shown as written
        assert EVIL in page.locator(".msm blockquote").first.inner_text()
        axis = page.locator(".msm section").nth(1).locator(".xtitle").text_content()
        assert axis == "Statements"
        page.locator(".msm section").nth(1).get_by_label("Share (%)").check()
        page.wait_for_function("""document.querySelectorAll('.msm section')[1].querySelector('.xtitle')
                                  .textContent.startsWith('Share')""", timeout=WAIT_MS)
        assert page.locator(".msm section").nth(2).locator(".xtitle").text_content() == "Month"
        shot(page, "report-desktop")
    finally:
        context.close()


def test_the_page_fits_a_phone(browser, report_file):
    context, page, requests, errors = open_report(browser, report_file, 360)
    try:
        assert errors == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        widths = page.evaluate("[...document.querySelectorAll('.msm-plot')].map(d => d.getBoundingClientRect().right)")
        assert widths and max(widths) <= 360
        page.locator("summary", has_text="All cells of row").first.focus()
        page.keyboard.press("Enter")  # the row's cells open from the keyboard
        assert page.locator("details[open] .msm-cells").count() == 1
        shot(page, "report-phone")
    finally:
        context.close()
