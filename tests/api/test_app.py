import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from litestar.testing import TestClient

from api.app import create_app
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
def client(model):
    with TestClient(app=create_app(model=model, settings=Settings())) as c:
        yield c


@pytest.fixture(scope="module")
def small(model):
    with TestClient(app=create_app(model=model, settings=LIMITS)) as c:
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
    with TestClient(app=create_app(model=load_model(copy), settings=Settings())) as c:
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
