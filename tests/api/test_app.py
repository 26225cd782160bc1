import dataclasses
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from litestar.testing import TestClient

from api.app import INLINE_CHARS, create_app
from conftest import ARTICLES
from msimamo.labels import HEADS, LABEL_HEADS
from msimamo.model.artefact import load_model
from msimamo.model.card import card_path
from msimamo.model.pipeline import HEADS_STEP
from msimamo.config import Settings

LIMITS = Settings(max_texts=3, max_chars=300, max_body_bytes=4096)


@pytest.fixture(scope="module")
def model(trained):
    return load_model(trained[0])


@pytest.fixture(scope="module")
def client(model, trained):
    """The model processes load MODEL_PATH, so it must name the model the app was given."""
    with TestClient(app=create_app(model=model, settings=Settings(model_path=trained[0]))) as c:
        yield c


@pytest.fixture(scope="module")
def small(model, trained):
    with TestClient(app=create_app(model=model, settings=dataclasses.replace(LIMITS, model_path=trained[0]))) as c:
        yield c


def test_health_ready_and_model_card(client, trained):
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/ready").status_code == 200
    card = client.get("/model").json()
    assert card["version"] == trained[1].version
    assert card["heads"] == ["stance", "bloc", "sentiment", "relevant"]
    assert card["trained_at"] == trained[1].created_at
    assert card["gazetteer"]["sha256"] == trained[1].gazetteer.sha256
    assert card["metrics"] is None  # the fixture model was trained with --no-eval


def test_model_card_carries_the_cross_validated_metrics(trained, tmp_path):
    """A card with an evaluation reaches /model unchanged (the fixture's card has none to show)."""
    import msgspec

    copy = tmp_path / "msimamo.joblib"
    copy.write_bytes(trained[0].read_bytes())
    evaluation = {"scheme": "leave-one-group-out", "folds": 5,
                  "heads": {"stance": {"model": {"macro_f1": 0.5}}}, "learning_curve": {}}
    card = msgspec.structs.replace(trained[1], evaluation=evaluation)
    card_path(copy).write_bytes(msgspec.json.encode(card))
    with TestClient(app=create_app(model=load_model(copy), settings=Settings(model_path=copy))) as c:
        assert c.get("/model").json()["metrics"] == evaluation


def test_without_a_model_ready_and_classify_answer_503():
    with TestClient(app=create_app(settings=Settings(), load=False)) as c:
        assert c.get("/health").status_code == 200
        assert c.get("/ready").status_code == 503
        r = c.post("/classify", json={"text": "Putin alisema."})
        assert r.status_code == 503 and r.json()["detail"] == "no model loaded"


def test_one_statement(client):
    r = client.post("/classify", json={"text": "“Marekani haina haki ya kutufundisha jinsi ya kuishi,” Antonov alisema."})
    assert r.status_code == 200
    body = r.json()
    (result,) = body["results"]
    assert body["model"]["version"]
    for head in LABEL_HEADS:
        labels = HEADS[head]
        assert result[head]["label"] in labels
        assert set(result[head]["scores"]) == set(labels)
        assert sum(result[head]["scores"].values()) == pytest.approx(1.0)
    assert result["language"] == {"code": "sw", "swahili": True, "score": result["language"]["score"]}
    assert set(result["relevant"]) == {"label", "score"} and isinstance(result["relevant"]["label"], bool)
    assert result["bloc"] == {"label": "russia_dprk", "scores": result["bloc"]["scores"], "source": "gazetteer"}


def test_api_probabilities_equal_scikit_learn_on_every_seed_statement(client, model, gold):
    texts = [r["text"] for r in gold]
    reference = model.pipeline.predict_proba(texts)
    results = []
    for i in range(0, len(texts), 200):
        r = client.post("/classify", json={"texts": texts[i:i + 200]})
        assert r.status_code == 200
        results += r.json()["results"]
    assert [r["text"] for r in results] == texts
    for h, head in enumerate(model.heads):
        classes = list(model.pipeline.named_steps[HEADS_STEP].classes_[h])
        for i, res in enumerate(results):
            if res[head].get("source") == "gazetteer":
                continue
            if head == "relevant":
                got = np.array([1 - res[head]["score"], res[head]["score"]])  # classes: no, yes
            else:
                got = np.array([res[head]["scores"][c] for c in classes])
            np.testing.assert_allclose(got, reference[h][i], rtol=0, atol=1e-9)


def test_article_mode_offsets_point_into_the_submitted_text(client):
    article = (ARTICLES / "000_14d627867fb3ef14.txt").read_text(encoding="utf-8")
    r = client.post("/classify", json={"text": article, "mode": "article"})
    assert r.status_code == 200
    (result,) = r.json()["results"]
    assert len(result["statements"]) >= 10
    for s in result["statements"]:
        assert article[s["start"]:s["end"]] == s["text"]
        assert s["kind"] in ("quote", "reported", "narration")
    relevant = [s for s in result["statements"] if s["relevant"]["label"]]
    assert 0 < len(relevant) and sum(n for per_bloc in result["summary"].values() for n in per_bloc.values()) == len(relevant)
    assert result["language"]["swahili"] and result["relevant"]["label"] is True
    speakers = {s["speaker"] for s in result["statements"]}
    assert any(sp and "Antonov" in sp for sp in speakers)


def test_explain_adds_ngrams(client):
    r = client.post("/classify", json={"text": "Korea Kusini imeelezea wasiwasi wake.", "explain": True})
    for head in HEADS:
        result = r.json()["results"][0][head]
        if result.get("source") == "gazetteer":
            assert "gazetteer" in result["reason"] and "explanation" not in result
            continue
        assert 0 < len(result["explanation"]) <= 10 and all(e["weight"] > 0 for e in result["explanation"])
        assert all(e["weight"] < 0 for e in result["against"])


BAD = [
    ("not json", b"{not json", None),
    ("json array", b"[1, 2]", None),
    ("json string", b'"hello"', None),
    ("both", json.dumps({"text": "a", "texts": ["b"]}).encode(), "text"),
    ("neither", b"{}", "text"),
    ("non-string text", json.dumps({"text": 5}).encode(), "text"),
    ("non-string in texts", json.dumps({"texts": ["a", 5]}).encode(), "texts"),
    ("empty text", json.dumps({"text": ""}).encode(), "text"),
    ("whitespace text", json.dumps({"text": " \n\t"}).encode(), "text"),
    ("empty list", json.dumps({"texts": []}).encode(), "texts"),
    ("too many texts", json.dumps({"texts": ["a", "b", "c", "d"]}).encode(), "texts"),
    ("text too long", json.dumps({"text": "a" * 301}).encode(), "text"),
    ("one of texts too long", json.dumps({"texts": ["ok", "a" * 301]}).encode(), "texts[1]"),
    ("unknown mode", json.dumps({"text": "a", "mode": "essay"}).encode(), "mode"),
    ("explain not bool", json.dumps({"text": "a", "explain": "yes"}).encode(), "explain"),
    ("explain 1", json.dumps({"text": "a", "explain": 1}).encode(), "explain"),
    ("explain 'true'", json.dumps({"text": "a", "explain": "true"}).encode(), "explain"),
    ("explain 0", json.dumps({"text": "a", "explain": 0}).encode(), "explain"),
    ("texts a string", json.dumps({"texts": "ab"}).encode(), "texts"),
    ("nested 1,000 deep", b'{"text": ' + b"[" * 1000 + b"]" * 1000 + b"}", "text"),
    ("nested 2,000 deep", b"[" * 2000 + b"]" * 2000, None),
    ("nested in an unknown field", b'{"text": "a", "x": ' + b'{"a": ' * 500 + b"1" + b"}" * 500 + b"}", "x"),
    ("zero-width text", json.dumps({"text": "\u200b\u200b"}).encode(), "text"),
    ("zero-width and spaces in texts", json.dumps({"texts": ["Putin alisema.", "\ufeff \u200d\u2060"]}).encode(),
     "texts[1]"),
    ("unknown field", json.dumps({"txt": "a"}).encode(), "txt"),
    ("invalid utf-8", b'{"text": "\xff\xfe"}', None),
]


@pytest.mark.parametrize("name,body,field", BAD, ids=[b[0] for b in BAD])
def test_bad_input_gets_a_400_naming_the_field(small, name, body, field):
    r = small.post("/classify", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    err = r.json()
    assert err["status_code"] == 400 and err["detail"]
    if field:
        assert f'"{field}' in json.dumps(err) or f"`{field}`" in json.dumps(err), err


@pytest.mark.parametrize("body", [b"[" * 500_000 + b"]" * 500_000, b'{"texts": ["a", ' + b"[" * 500_000 + b"]" * 500_000 + b"]}",
                                  b'{"text": "a", "y": ' + b'{"a": ' * 200_000 + b"1" + b"}" * 200_000 + b"}"])
def test_deep_nesting_anywhere_is_a_400(client, body):
    r = client.post("/classify", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text[:300]


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "application/jsonx", "text/json"])
def test_a_body_that_is_not_declared_json_gets_415(small, content_type):
    """A cross-site form may post text/plain without a preflight: it must not reach the model."""
    headers = {"content-type": content_type} if content_type else {}
    r = small.post("/classify", content=json.dumps({"text": "Putin alisema."}).encode(), headers=headers)
    assert r.status_code == 415, r.text
    assert r.json()["extra"][0]["key"] == "content-type"


@pytest.mark.parametrize("content_type", ["application/json", "Application/JSON; charset=utf-8"])
def test_json_with_parameters_is_accepted(small, content_type):
    r = small.post("/classify", content=json.dumps({"text": "Putin alisema."}).encode(),
                   headers={"content-type": content_type})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("text", ["", " \n", "\u200b\u200b", "\u200e\ufeff \u2060", "123 456", "…!", "\u200bPutin alisema.",
                                  "Putin alisema."])
def test_the_api_refuses_exactly_the_texts_batch_scoring_refuses(small, text):
    from msimamo.text import text_problem

    r = small.post("/classify", json={"text": text})
    problem = text_problem(text)
    assert (r.status_code == 400) == bool(problem), (text, r.text)
    if problem:
        assert r.json()["extra"][0] == {"key": "text", "source": "body", "message": problem}


def test_zero_width_text_counts_as_empty():
    from msimamo.text import text_problem

    assert text_problem("\u200b\u200b") == text_problem("\u200c\ufeff\t") == text_problem(" ") == "empty text"
    assert text_problem("\u200b1\u200b") == "no letters in text"
    assert text_problem("ng\u200bombe") == ""


@pytest.mark.parametrize("path", ["/health", "/ready", "/model"])
def test_head_on_read_routes_answers_like_get_without_a_body(client, path):
    r = client.head(path)
    assert r.status_code == 200 and r.content == b""
    assert r.headers["content-type"].startswith("application/json")


def test_head_without_a_model_says_503():
    with TestClient(app=create_app(settings=Settings(), load=False)) as c:
        assert c.head("/health").status_code == 200
        assert c.head("/ready").status_code == 503 and c.head("/ready").content == b""


def _article_with(n: int) -> str:
    """An article of ``n`` quotations, each one statement."""
    return " ".join(f"“Tutashinda vita hii nambari {i}.” Putin alisema." for i in range(n))


def test_article_mode_caps_statements_per_request(model, trained):
    with TestClient(app=create_app(model=model, settings=Settings(model_path=trained[0], max_statements=5))) as c:
        at_limit = c.post("/classify", json={"texts": [_article_with(3), _article_with(2)], "mode": "article"})
        on_the_loop = c.post("/classify", json={"texts": [_article_with(3), _article_with(3)], "mode": "article"})
        many = [_article_with(60)] * 2
        assert sum(map(len, many)) > INLINE_CHARS
        in_a_process = c.post("/classify", json={"texts": many, "mode": "article"})
    assert at_limit.status_code == 200 and [len(r["statements"]) for r in at_limit.json()["results"]] == [3, 2]
    for over in (on_the_loop, in_a_process):
        assert over.status_code == 422, over.text
        body = over.json()
        assert body["extra"][0]["key"] == "MAX_STATEMENTS" and "MAX_STATEMENTS allows 5" in body["detail"]


def test_articles_through_a_model_process_equal_the_library(client, model):
    """A request over INLINE_CHARS goes to a model process: its answer must be the library's own."""
    import msgspec

    articles = [(ARTICLES / name).read_text(encoding="utf-8") for name in sorted(p.name for p in ARTICLES.iterdir())[:3]]
    assert sum(map(len, articles)) > INLINE_CHARS
    r = client.post("/classify", json={"texts": articles, "mode": "article", "explain": True})
    assert r.status_code == 200
    assert r.json()["results"] == msgspec.to_builtins([model.analyse(a, explain=True) for a in articles])


def test_body_over_the_limit_gets_413(small):
    r = small.post("/classify", content=json.dumps({"text": "a" * 5000}).encode(),
                   headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["status_code"] == 413


def test_schema_documents_endpoints_errors_and_limits(client):
    schema = client.get("/schema/openapi.json").json()
    post = schema["paths"]["/classify"]["post"]
    assert {"200", "400", "413"} <= set(post["responses"])
    for path in ("/health", "/ready", "/model"):
        assert path in schema["paths"]
    assert "MAX_TEXTS" in schema["info"]["description"] and "MAX_BODY_BYTES" in schema["info"]["description"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
request_like = st.fixed_dictionaries({}, optional={
    "text": st.text(max_size=400) | json_values, "texts": st.lists(st.text(max_size=80), max_size=5) | json_values,
    "mode": st.sampled_from(["statement", "article", "x"]) | json_values, "explain": st.booleans() | json_values,
})


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=request_like | json_values)
def test_generated_requests_never_get_a_5xx(small, body):
    r = small.post("/classify", json=body)
    assert r.status_code < 500, r.text
    assert r.headers["content-type"].startswith("application/json")


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_generated_raw_bodies_never_get_a_5xx(small, raw):
    assert small.post("/classify", content=raw, headers={"content-type": "application/json"}).status_code < 500


def test_text_that_is_not_swahili_is_flagged_not_labelled(client):
    english = "The foreign minister said the alliance between the two countries threatens regional peace."
    r = client.post("/classify", json={"texts": [english, "Waziri alisema muungano huo unatishia amani ya eneo hilo."]})
    assert r.status_code == 200
    flagged, swahili = r.json()["results"]
    assert flagged == {"text": english, "language": {"code": "en", "swahili": False, "score": flagged["language"]["score"]}}
    assert swahili["language"]["swahili"] and {"stance", "bloc", "sentiment", "relevant"} <= set(swahili)
