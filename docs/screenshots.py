"""Screenshots of the analyst page for the docs: docs/screenshots/article.png and archive.png.

    .venv/bin/python docs/screenshots.py [--model PATH] [--out DIR]

Starts the real server the way the browser tests do (tests/api/test_server.py's start_server,
one model process, archives in a temporary directory) and drives Debian's chromium through
Playwright with every request for another host refused. The model is --model, else MODEL_PATH,
else models/msimamo.joblib; when none exists, the seed model is trained into a temporary
directory as the tests' ``trained`` fixture does (models/ is never written).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "api")]

from browser import DESKTOP, WAIT_MS, chromium_path, stays_here  # noqa: E402
from conftest import ARTICLES, GOLD, SEEDS  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from test_server import start_server, stop_server  # noqa: E402

#: Many statements, several speakers and all three stances: the article view at its most telling.
ARTICLE = ARTICLES / "001_b66eedfb5b5a0373.txt"
#: Tall enough for the form, the chart and some highlighted text; PNGs stay well under 400 KB.
ARTICLE_HEIGHT = 1400
ARCHIVE_HEIGHT = 1250


def model_path(given: str | None, scratch: Path) -> Path:
    """The model to serve: the first current one named, else the seed model trained in ``scratch``."""
    from msimamo.model.card import stale_reason

    reasons = []
    for candidate in (given, os.environ.get("MODEL_PATH"), ROOT / "models" / "msimamo.joblib"):
        if candidate:
            reason = stale_reason(candidate)
            if reason is None:
                return Path(candidate)
            reasons.append(reason)
    if given:
        sys.exit(f"screenshots: {reasons[0]}")
    from training.fit import train

    out = scratch / "msimamo.joblib"
    print(f"screenshots: {'; '.join(reasons)}: training the seed model into a temporary directory", file=sys.stderr)
    train(GOLD, out, evaluate=False, log=lambda *_: None, offtopic=SEEDS / "offtopic.csv")
    return out


def seed_archive(path: Path) -> Path:
    """The seed statements as an archive a newsroom might have: an id, the speaker, the text."""
    with open(GOLD, encoding="utf-8", newline="") as src, open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "speaker", "text"])
        for i, row in enumerate(csv.DictReader(src)):
            writer.writerow([i + 1, row["speaker"], row["text"]])
    return path


def shoot(base: str, out: Path, archive_csv: Path) -> list[Path]:
    chromium = chromium_path()
    if chromium is None:
        sys.exit("screenshots: no chromium; `make install` as root installs Debian's chromium")
    outside: list[str] = []

    def only_here(route):
        if stays_here(route.request.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("blockedbyclient")

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, timeout=WAIT_MS)
        context = browser.new_context(viewport={**DESKTOP, "height": ARTICLE_HEIGHT})
        context.set_default_timeout(WAIT_MS)
        context.route("**/*", only_here)
        page = context.new_page()

        page.goto(base + "/", wait_until="load")
        page.locator("#article-text").fill(ARTICLE.read_text(encoding="utf-8"))
        page.locator("#analyse").click()
        expect(page.locator("#article-results")).to_be_visible(timeout=WAIT_MS)
        expect(page.locator("#article-chart svg.main-svg").first).to_be_visible(timeout=WAIT_MS)
        # a statement with a named speaker and a stance other than neutral, selected; the page
        # scrolled to the results (chart, highlighted text, the statement's scores)
        marks = page.locator("mark.statement:not([data-stance='neutral']):not(.offtopic)")
        named = marks.filter(has_not_text="unknown speaker")
        (named if named.count() else marks).first.click()
        expect(page.locator("#statement-detail button.show-reasons")).to_be_visible(timeout=WAIT_MS)
        page.evaluate("document.querySelector('#article-text').scrollTop = 0;"
                      "window.scrollTo(0, document.querySelector('#article-results').offsetTop - 16)")
        shots = [out / "article.png"]
        page.screenshot(path=str(shots[-1]))

        page.set_viewport_size({**DESKTOP, "height": ARCHIVE_HEIGHT})
        page.locator("#tab-archive").click()
        page.locator("#archive-file").set_input_files(archive_csv)
        expect(page.locator("#text-column")).to_have_value("text", timeout=WAIT_MS)
        page.locator("#archive-score").click()
        expect(page.locator("#archive-download")).to_be_visible(timeout=WAIT_MS * 4)
        expect(page.locator("#archive-summary svg.main-svg").first).to_be_visible(timeout=WAIT_MS)
        page.evaluate("window.scrollTo(0, 0)")
        shots.append(out / "archive.png")
        page.screenshot(path=str(shots[-1]))
        browser.close()
    if outside:
        sys.exit(f"screenshots: the page asked for other hosts: {outside}")
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model file (default: MODEL_PATH, else models/msimamo.joblib)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"), help="where the PNGs go")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="msimamo-screenshots-") as scratch:
        scratch = Path(scratch)
        model = model_path(args.model, scratch)
        proc, base = start_server(model, scratch / "stderr.log", MODEL_PROCESSES="1",
                                  ARCHIVE_DIR=str(scratch / "archives"))
        try:
            shots = shoot(base, out, seed_archive(scratch / "msimamo-seed-statements.csv"))
        finally:
            stop_server(proc)
    for shot in shots:
        print(f"{shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot}: {shot.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
