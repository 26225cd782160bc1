"""Fixtures for the browser tests (``test_*_browser.py``): Debian's chromium driven by Playwright,
a real server on a free port, and tabs that cannot reach anything but that server.

Test modules import the fixtures they use (``from browser import tab, ...``) instead of finding them
in a ``tests/api/conftest.py``: the suite imports helpers with ``from conftest import ...``, and a
second module named ``conftest`` replaces tests/conftest.py in ``sys.modules`` for every module
collected after it. Everything here is module-scoped, not session-scoped: while Playwright's sync
API is started, ``asyncio.run`` fails ("cannot be called from a running event loop"), and
test_server.py, collected later, uses it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

from test_server import start_server, stop_server

#: How the tests find chromium: the Makefile exports CHROMIUM (default: ``chromium`` on PATH,
#: else /usr/bin/chromium). Playwright's own browser download is never used.
DEBIAN_CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = "`make install` as root installs Debian's chromium (or set CHROMIUM=/path/to/chromium)"

#: Every wait in the browser tests is bounded by this (milliseconds): the article and archive
#: requests on the seed model take a second or two, a cold chromium a few more.
WAIT_MS = 30_000

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def chromium_path() -> str | None:
    """The chromium to drive, or None when there is none."""
    named = os.environ.get("CHROMIUM")
    if named:
        return named if os.access(named, os.X_OK) else None
    found = shutil.which("chromium")
    if found:
        return found
    return DEBIAN_CHROMIUM if os.access(DEBIAN_CHROMIUM, os.X_OK) else None


@pytest.fixture(scope="module")
def browser():
    """One headless chromium per module; the tests are skipped only when it is missing or does
    not start, never for a failure after it has started."""
    path = chromium_path()
    if path is None:
        where = os.environ.get("CHROMIUM") or f"chromium on PATH or {DEBIAN_CHROMIUM}"
        pytest.skip(f"no chromium ({where}): {INSTALL_HINT}")
    driver = sync_playwright().start()
    try:
        launched = driver.chromium.launch(executable_path=path, timeout=WAIT_MS)
    except PlaywrightError as exc:
        driver.stop()
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        pytest.skip(f"chromium at {path} does not start ({first}): {INSTALL_HINT}")
    yield launched
    launched.close()
    driver.stop()


def serve(model_path, folder: Path, **env):
    """The real service (``python -m api``, as test_server.py starts it) on a free port, its
    archives kept in ``folder``: yields its base URL, then stops it."""
    proc, base = start_server(model_path, folder / "stderr.log", MODEL_PROCESSES="1",
                              ARCHIVE_DIR=str(folder / "archives"), **env)
    try:
        yield base
    finally:
        stop_server(proc)


@pytest.fixture(scope="module")
def site(trained, tmp_path_factory):
    yield from serve(trained[0], tmp_path_factory.mktemp("browser-server"))


@pytest.fixture
def screenshots(tmp_path) -> Path:
    """Where screenshots go: SCREENSHOT_DIR when set (to look at them), else the test's tmp dir."""
    where = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    where.mkdir(parents=True, exist_ok=True)
    return where


@dataclass
class Tab:
    """A page in its own context; ``outside`` lists every request it tried to send anywhere but
    127.0.0.1 (all refused), ``crashes`` every uncaught script error, ``refused`` what the page's
    own content security policy blocked (chromium says so on the console)."""

    page: Page
    base: str
    shots: Path
    outside: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def open(self, path: str = "/") -> Page:
        self.page.goto(self.base + path, wait_until="load", timeout=WAIT_MS)
        return self.page

    def shot(self, name: str, **kwargs) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path), timeout=WAIT_MS, **kwargs)
        return path


def stays_here(url: str) -> bool:
    """A request for this machine's server, or no request at all (data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == "127.0.0.1"


def open_tab(browser, base: str, shots: Path, viewport: dict = DESKTOP) -> tuple[Tab, object]:
    """A fresh context whose every request is checked: one for another host is aborted and
    recorded, so a test fails on it instead of depending on whether this machine is online."""
    context = browser.new_context(viewport=viewport, accept_downloads=True, service_workers="block")
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    tab = Tab(page=page, base=base, shots=shots)

    def check(route):
        url = route.request.url
        if stays_here(url):
            route.continue_()
        else:
            tab.outside.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", check)
    page.on("pageerror", lambda exc: tab.crashes.append(str(exc)))
    page.on("console", lambda msg: tab.refused.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text else None)
    return tab, context


@pytest.fixture
def tab(browser, site, screenshots):
    """A desktop-sized tab on the real server. After the test, nothing may have tried to leave
    127.0.0.1 and no script may have thrown."""
    opened, context = open_tab(browser, site, screenshots)
    yield opened
    context.close()
    assert opened.outside == [], f"requests for other hosts: {opened.outside}"
    assert opened.crashes == [], f"uncaught script errors: {opened.crashes}"
    assert opened.refused == [], f"blocked by the content security policy: {opened.refused}"
