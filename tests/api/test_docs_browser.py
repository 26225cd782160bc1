"""/schema in a real browser with the internet out of reach: Swagger UI draws every operation from
the app's own files, shows the real request examples, and its "Try it out" works against the server.
test_docs.py checks the same page's HTML and spec without running its scripts."""

import json
import re

from api.app import REQUEST_EXAMPLES
from browser import WAIT_MS, browser, screenshots, site, tab  # noqa: F401 (fixtures)

OPERATIONS = ["/classify", "/health", "/ready", "/model"]


def _open_schema(tab):
    page = tab.open("/schema")
    page.locator(".opblock").first.wait_for(timeout=WAIT_MS)
    return page


def _classify(page):
    """The /classify operation, expanded."""
    block = page.locator(".opblock", has=page.locator(".opblock-summary-path", has_text=re.compile(r"^/classify$")))
    if not block.get_attribute("class").split().count("is-open"):
        block.locator(".opblock-summary").click()
    block.locator(".opblock-body").wait_for(timeout=WAIT_MS)
    return block


def _shown_body(block) -> dict:
    """The request body Swagger UI shows (the example, or the editor once "Try it out" is on)."""
    editor = block.locator("textarea.body-param__text")
    if editor.count():
        return json.loads(editor.input_value())
    return json.loads(block.locator(".opblock-section-request-body .highlight-code").first.inner_text())


def test_schema_renders_every_operation_offline(tab):
    page = _open_schema(tab)
    paths = {p.strip() for p in page.locator(".opblock-summary-path").all_inner_texts()}
    assert set(OPERATIONS) <= paths, paths
    assert page.locator(".opblock-post .opblock-summary-path", has_text="/classify").count() == 1
    assert "Classify statements or whole articles" in page.locator(".opblock-post").first.inner_text()
    tab.shot("schema")
    assert tab.outside == []


def test_schema_shows_the_request_examples(tab):
    page = _open_schema(tab)
    block = _classify(page)
    examples = block.locator(".opblock-section-request-body select.examples-select, "
                             ".opblock-section-request-body .examples-select select").first
    options = [o.strip() for o in examples.locator("option").all_inner_texts()]
    for example in REQUEST_EXAMPLES.values():
        assert example.summary in options, options
    # the first example is shown as it is, then each chosen one replaces it
    for example in REQUEST_EXAMPLES.values():
        examples.select_option(label=example.summary)
        assert _shown_body(block) == example.value
    assert tab.outside == []


def test_try_it_out_answers_from_the_server(tab):
    """The article example, sent by Swagger UI itself, comes back 200 with statements."""
    page = _open_schema(tab)
    block = _classify(page)
    block.locator("button.try-out__btn").click()
    examples = block.locator(".opblock-section-request-body select.examples-select, "
                             ".opblock-section-request-body .examples-select select").first
    examples.select_option(label=REQUEST_EXAMPLES["article"].summary)
    assert _shown_body(block) == REQUEST_EXAMPLES["article"].value
    with page.expect_response(lambda r: r.url.endswith("/classify") and r.request.method == "POST",
                              timeout=WAIT_MS) as answer:
        block.locator("button.execute").click()
    assert answer.value.status == 200
    body = answer.value.json()
    assert body["results"][0]["statements"], body
    status = block.locator(".live-responses-table .response .response-col_status").first
    status.wait_for(timeout=WAIT_MS)
    assert status.inner_text().strip().startswith("200")
    assert tab.outside == []
