"""/schema tells the truth: it renders from the app alone (no internet), its examples are what the
API really accepts and answers, and its schemas list the allowed labels and the limits."""

import dataclasses
import json
import re
from html.parser import HTMLParser
from typing import get_args
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from litestar.testing import TestClient

from api.app import EXAMPLE_REQUEST_ID, create_app
from msimamo.config import Settings
from msimamo.labels import BLOCS, KINDS, SENTIMENTS, STANCES
from msimamo.model.artefact import load_model
from msimamo.results import Bloc, Kind, Sentiment, Stance
from test_server import start_server, stop_server

LIMITS = Settings(max_texts=3, max_chars=300, max_body_bytes=4096)


@pytest.fixture(scope="module")
def client(trained):
    settings = dataclasses.replace(LIMITS, model_path=trained[0])
    with TestClient(app=create_app(model=load_model(trained[0]), settings=settings)) as c:
        yield c


@pytest.fixture(scope="module")
def openapi(client):
    response = client.get("/schema/openapi.json")
    assert response.status_code == 200
    return response.json()


class _Links(HTMLParser):
    """Every URL the page would load: src and href attributes."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def test_schema_page_loads_everything_from_the_app(trained, tmp_path):
    """A real server: the page names no other host, and every file it loads is served, non-empty."""
    proc, base = start_server(trained[0], tmp_path / "stderr.log", MODEL_PROCESSES="1")
    try:
        page = httpx.get(f"{base}/schema", timeout=10)
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        here = urlsplit(base).netloc
        # any absolute URL anywhere in the page (tags, inline script, the inlined spec) is this server
        for url in re.findall(r"""(?:https?:)?//[^\s"'<>)]+""", page.text):
            assert urlsplit(url).netloc == here, url
        links = _Links()
        links.feed(page.text)
        assets = [urljoin(f"{base}/schema", url) for url in links.urls]
        assert len(assets) >= 4, assets  # stylesheet, two scripts, favicon
        assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
        assert any(a.endswith(".png") for a in assets)
        for asset in assets:
            assert urlsplit(asset).netloc == here, asset
            answer = httpx.get(asset, timeout=10)
            assert answer.status_code == 200, asset
            assert answer.content, asset
    finally:
        stop_server(proc)


def _examples(openapi, status=None):
    operation = openapi["paths"]["/classify"]["post"]
    where = operation["requestBody"] if status is None else operation["responses"][str(status)]
    return where["content"]["application/json"]["examples"]


def test_request_examples_are_accepted(client, openapi):
    examples = _examples(openapi)
    assert set(examples) == {"statement", "batch", "article"}
    for name, example in examples.items():
        response = client.post("/classify", json=example["value"])
        assert response.status_code == 200, (name, response.text)
        results = response.json()["results"]
        assert len(results) == len(example["value"].get("texts", [None])), name
    assert len(examples["batch"]["value"]["texts"]) == 2
    article = client.post("/classify", json=examples["article"]["value"]).json()["results"][0]
    assert article["language"]["swahili"] and article["statements"], article


def test_request_examples_fit_the_documented_limits(openapi):
    """A fuzzer drawing from the schema's examples stays within the limits the schema states."""
    for example in _examples(openapi).values():
        texts = example["value"].get("texts") or [example["value"]["text"]]
        assert len(texts) <= LIMITS.max_texts and all(0 < len(t) <= LIMITS.max_chars for t in texts)


def test_error_examples_are_the_real_errors(client, openapi):
    bad = {
        400: lambda: client.post("/classify", json={"text": ""}),
        415: lambda: client.post("/classify", content=b'{"text": "habari"}', headers={"content-type": "text/plain"}),
        413: lambda: client.post("/classify", json={"text": "a" * (LIMITS.max_body_bytes + 1)}),
    }
    for status, send in bad.items():
        [example] = _examples(openapi, status).values()
        response = send()
        assert response.status_code == status
        assert _same_error(example["value"], response), status


def test_too_many_statements_example_is_the_real_error(trained, openapi):
    """With MAX_STATEMENTS at 1, the article example (two statements) gets the documented 422."""
    settings = dataclasses.replace(LIMITS, model_path=trained[0], max_statements=1)
    with TestClient(app=create_app(model=load_model(trained[0]), settings=settings)) as strict:
        [example] = _examples(strict.get("/schema/openapi.json").json(), 422).values()
        response = strict.post("/classify", json=_examples(openapi)["article"]["value"])
    assert response.status_code == 422
    assert _same_error(example["value"], response)


def _same_error(documented: dict, response) -> bool:
    """The documented body is the real one but for the request id, which is each request's own."""
    real = response.json()
    return (documented.pop("request_id") == EXAMPLE_REQUEST_ID and real.pop("request_id") == response.headers["x-request-id"]
            and documented == real)


def test_no_generated_examples(client):
    """Litestar's invented examples would change with each start: two apps must document the same."""
    first = client.get("/schema/openapi.json").json()
    with TestClient(app=create_app(load=False, settings=LIMITS)) as other:
        second = other.get("/schema/openapi.json").json()
    assert first["paths"]["/classify"] == second["paths"]["/classify"]
    assert "random" not in json.dumps(first).lower()


def _resolve(openapi, schema):
    """The non-null schema of a field: follows one $ref through a ``oneOf [x, null]``."""
    options = schema.get("oneOf", [schema])
    [option] = [o for o in options if o.get("type") != "null"]
    if "$ref" in option:
        return openapi["components"]["schemas"][option["$ref"].rsplit("/", 1)[1]]
    return option


def _enum(schema):
    return [v for v in schema["enum"] if v is not None]


@pytest.mark.parametrize("owner", ["StatementResult", "ArticleStatement"])
def test_every_label_field_lists_its_values(openapi, owner):
    fields = openapi["components"]["schemas"][owner]["properties"]
    for head, labels in {"stance": STANCES, "bloc": BLOCS, "sentiment": SENTIMENTS}.items():
        decision = _resolve(openapi, fields[head])
        assert _enum(decision["properties"]["label"]) == list(labels), (owner, head)
        assert _enum(decision["properties"]["source"]) == ["gazetteer", "model"]
    if owner == "ArticleStatement":
        assert _enum(fields["kind"]) == list(KINDS)


def test_literal_types_are_the_label_scheme():
    for literal, labels in [(Stance, STANCES), (Bloc, BLOCS), (Sentiment, SENTIMENTS), (Kind, KINDS)]:
        assert get_args(literal) == labels


def test_limits_are_schema_constraints(openapi):
    fields = openapi["components"]["schemas"]["ClassifyRequest"]["properties"]
    text, texts = _resolve(openapi, fields["text"]), _resolve(openapi, fields["texts"])
    assert text["maxLength"] == LIMITS.max_chars and text["minLength"] == 1
    assert texts["maxItems"] == LIMITS.max_texts and texts["minItems"] == 1
    assert texts["items"]["maxLength"] == LIMITS.max_chars
