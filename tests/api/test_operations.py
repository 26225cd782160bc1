"""Running it for real (#15), against real uvicorn processes: /metrics counts exactly, request ids
reach the log, SIGHUP swaps the model under load without a failed request and keeps the old one
when the new one is broken, and API_KEY, RATE_LIMIT and CORS_ORIGINS refuse and allow as documented."""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import joblib
import pytest
from prometheus_client.parser import text_string_to_metric_families

from conftest import ARTICLES, ROOT
from test_server import start_server, stop_server, wait_until

from msimamo.model.artefact import save_model
from msimamo.model.card import card_path

STATEMENT = "Rais Putin alisema ushirikiano na Korea Kaskazini utaimarisha amani ya eneo hilo."


def samples(base: str) -> dict[tuple[str, tuple], float]:
    """Every sample of /metrics, parsed by prometheus_client's own parser, keyed by name and labels."""
    text = httpx.get(f"{base}/metrics", timeout=10).text
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(found: dict, name: str, **labels) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def http_count(found: dict, path: str, status: int) -> float:
    return sum(v for (name, labels), v in found.items() if name == "msimamo_http_requests_total"
               and dict(labels).get("path") == path and dict(labels).get("status_code") == str(status))


@pytest.fixture(scope="module")
def logged(trained, tmp_path_factory):
    """A server with the access log on, in JSON, and a model file of its own (reload tests replace it)."""
    folder = tmp_path_factory.mktemp("ops")
    model = folder / "msimamo.joblib"
    shutil.copy(trained[0], model)
    shutil.copy(card_path(trained[0]), card_path(model))
    log = folder / "stderr.log"
    proc, base = start_server(model, log, ACCESS_LOG="1", LOG_FORMAT="json", MAX_TEXTS="3")
    yield proc, base, log, model
    stop_server(proc)


def test_metrics_count_a_known_sequence_of_requests_exactly(logged):
    _, base, _, _ = logged
    before = samples(base)
    for body in ({"text": STATEMENT}, {"texts": [STATEMENT, "Marekani ilisema mkataba huo ni tishio."]},
                 {"texts": [STATEMENT, "The US said the treaty is a threat to regional security."]}):
        assert httpx.post(f"{base}/classify", json=body).status_code == 200
    article = sorted(ARTICLES.glob("*.txt"))[0].read_text(encoding="utf-8")
    answer = httpx.post(f"{base}/classify", json={"mode": "article", "text": article}, timeout=60).json()
    statements = len(answer["results"][0]["statements"])
    assert httpx.post(f"{base}/classify", json={"texts": [STATEMENT] * 4}).status_code == 400  # MAX_TEXTS=3
    assert httpx.get(f"{base}/no-such-page").status_code == 404
    too_large = httpx.post(f"{base}/classify", content=b'{"text": "' + b"a" * (2 * 2**20) + b'"}',
                           headers={"content-type": "application/json"})
    assert too_large.status_code == 413
    after = samples(base)

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("msimamo_texts_classified_total", mode="statement") == 5
    assert grew("msimamo_texts_classified_total", mode="article") == 1
    assert grew("msimamo_texts_not_swahili_total") == 1
    assert grew("msimamo_statements_classified_total") == 4 + statements
    for head in ("stance", "bloc", "sentiment", "relevant"):
        given = sum(v - value(before, n, **dict(k)) for (n, k), v in after.items()
                    if n == "msimamo_labels_total" and dict(k)["head"] == head)
        assert given == 4 + statements, head
    assert grew("msimamo_requests_refused_total", limit="MAX_TEXTS") == 1
    assert grew("msimamo_requests_refused_total", limit="MAX_BODY_BYTES") == 1
    assert http_count(after, "/classify", 200) - http_count(before, "/classify", 200) == 4
    assert http_count(after, "/classify", 400) - http_count(before, "/classify", 400) == 1
    assert value(after, "msimamo_model_info", version=answer["model"]["version"]) == 1
    assert any(name.startswith("process_") for name, _ in after)  # the process's own metrics
    histogram = [k for k in after if k[0] == "msimamo_http_request_duration_seconds_count"
                 and dict(k[1]).get("path") == "/classify"]
    assert histogram


def test_a_request_id_round_trips_into_the_log_and_error_bodies(logged):
    _, base, log, _ = logged
    answer = httpx.post(f"{base}/classify", json={"text": STATEMENT}, headers={"x-request-id": "trace-42.a"})
    assert answer.headers["x-request-id"] == "trace-42.a"
    made = httpx.post(f"{base}/classify", json={"text": ""})
    assert made.status_code == 400 and made.json()["request_id"] == made.headers["x-request-id"]
    for bad in ("a b<script>".encode(), "\u00e9t\u00e9".encode("latin-1"), b"x" * 200):  # replaced by a fresh id
        hostile = httpx.post(f"{base}/classify", json={"text": STATEMENT}, headers={"x-request-id": bad})
        assert hostile.status_code == 200 and len(hostile.headers["x-request-id"]) == 32

    def lines() -> list[dict]:
        return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("{")]

    wait_until(lambda: any(e.get("id") == made.headers["x-request-id"] for e in lines()), 10)
    [entry] = [e for e in lines() if e.get("id") == "trace-42.a"]
    assert entry["route"] == "/classify" and entry["status"] == 200 and entry["texts"] == 1 and entry["ms"] > 0
    assert any(e.get("id") == made.headers["x-request-id"] and e["status"] == 400 for e in lines())


def _other_model(source: Path, out: Path) -> str:
    """The same model with one intercept nudged: another version, the same labels."""
    pipeline = joblib.load(source)
    stance = pipeline.named_steps["heads"].estimators_[0].calibrated_classifiers_[0].estimator
    stance.intercept_ = stance.intercept_ + 1e-7
    card = json.loads(card_path(source).read_text())
    return save_model(pipeline, {k: card[k] for k in ("created_at", "heads", "labels", "hyperparameters",
                                                      "training_data", "evaluation") if k in card}, out).version


def test_sighup_swaps_the_model_under_load_without_a_failed_request(logged, tmp_path):
    proc, base, log, model = logged
    old = httpx.get(f"{base}/model").json()["version"]
    new = _other_model(model, tmp_path / "msimamo.joblib")
    assert new != old
    long_text = " ".join([STATEMENT] * 60)  # over 4,000 characters: the model processes' path
    results, stop = [], threading.Event()

    def load() -> None:
        with httpx.Client(timeout=60) as client:
            for i in range(2000):
                if stop.is_set():
                    return
                body = {"text": long_text} if i % 5 == 0 else {"text": STATEMENT}
                answer = client.post(f"{base}/classify", json=body)
                results.append((answer.status_code, answer.json().get("model", {}).get("version")))

    workers = [threading.Thread(target=load) for _ in range(3)]
    for w in workers:
        w.start()
    wait_until(lambda: len(results) > 20, 60)
    shutil.copy(card_path(tmp_path / "msimamo.joblib"), card_path(model))
    assert httpx.get(f"{base}/model").json()["on_disk"] == {"version": new, "differs": True}
    shutil.copy(tmp_path / "msimamo.joblib", model)
    os.kill(proc.pid, signal.SIGHUP)
    wait_until(lambda: httpx.get(f"{base}/model").json()["version"] == new, 90)
    swapped = len(results)
    wait_until(lambda: len(results) > swapped + 30, 60)
    stop.set()
    for w in workers:
        w.join(60)
    assert all(status == 200 for status, _ in results), [r for r in results if r[0] != 200][:3]
    assert {v for _, v in results} == {old, new} and results[-1][1] == new
    card = httpx.get(f"{base}/model").json()
    assert card["last_reload"]["ok"] and card["on_disk"]["differs"] is False
    assert samples(base)[("msimamo_model_info", (("version", new),))] == 1


def test_a_reload_to_a_broken_model_keeps_the_old_one(logged):
    proc, base, log, model = logged
    serving = httpx.get(f"{base}/model").json()["version"]
    kept = model.read_bytes()
    try:
        model.write_bytes(kept[: len(kept) // 2])  # truncated: its sha256 no longer matches the card
        os.kill(proc.pid, signal.SIGHUP)
        wait_until(lambda: (httpx.get(f"{base}/model").json().get("last_reload") or {}).get("ok") is False, 60)
        card = httpx.get(f"{base}/model").json()
        assert card["version"] == serving and "sha256" in card["last_reload"]["detail"]
        assert httpx.post(f"{base}/classify", json={"text": STATEMENT}).json()["model"]["version"] == serving
        assert "model reload failed" in log.read_text(encoding="utf-8")
    finally:
        model.write_bytes(kept)


def test_msimamo_reload_reports_the_outcome(logged):
    proc, base, _, model = logged
    port = base.rsplit(":", 1)[1]
    done = subprocess.run([sys.executable, "-m", "msimamo", "reload", "--port", port, "--timeout", "60"],
                          cwd=ROOT, capture_output=True, text=True, timeout=90)
    assert done.returncode == 0 and done.stdout.startswith("reloaded: "), done.stderr
    missing = subprocess.run([sys.executable, "-m", "msimamo", "reload", "--port", "1"], cwd=ROOT,
                             capture_output=True, text=True, timeout=30)
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1


KEY = "k" * 24


@pytest.fixture(scope="module")
def guarded(trained, tmp_path_factory):
    log = tmp_path_factory.mktemp("guarded") / "stderr.log"
    proc, base = start_server(trained[0], log, API_KEY=KEY, RATE_LIMIT="5", CORS_ORIGINS="http://analyst.example:3000")
    yield base
    stop_server(proc)


def test_api_key_rate_limit_and_cors_refuse_and_allow_as_documented(guarded):
    base = guarded
    missing = httpx.post(f"{base}/classify", json={"text": STATEMENT})
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
    assert missing.json()["extra"][0]["key"] == "authorization"
    wrong = httpx.post(f"{base}/classify", json={"text": STATEMENT}, headers={"authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert httpx.post(f"{base}/archive", content=b"a\n1\n", headers={"content-type": "text/csv"}).status_code == 401
    good = {"authorization": f"Bearer {KEY}"}
    assert httpx.post(f"{base}/classify", json={"text": STATEMENT}, headers=good).status_code == 200
    # RATE_LIMIT=5 a minute per client, refused POSTs included: four so far, one more is allowed
    assert httpx.post(f"{base}/classify", json={"text": STATEMENT}, headers=good).status_code == 200
    limited = httpx.post(f"{base}/classify", json={"text": STATEMENT}, headers=good)
    assert limited.status_code == 429 and limited.headers["ratelimit-remaining"] == "0"
    assert "request_id" in limited.json()
    assert all(httpx.get(f"{base}/health").status_code == 200 for _ in range(10))  # GETs are not limited
    allowed = httpx.options(f"{base}/classify", headers={
        "origin": "http://analyst.example:3000", "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,authorization"})
    assert allowed.headers.get("access-control-allow-origin") == "http://analyst.example:3000"
    other = httpx.options(f"{base}/classify", headers={
        "origin": "http://elsewhere.example", "access-control-request-method": "POST"})
    assert other.headers.get("access-control-allow-origin") is None
    found = samples(base)
    assert value(found, "msimamo_requests_refused_total", limit="API_KEY") >= 3
    assert value(found, "msimamo_requests_refused_total", limit="RATE_LIMIT") >= 1


def test_with_two_workers_metrics_add_up_and_sighup_reloads_every_worker(trained, tmp_path):
    proc, base = start_server(trained[0], tmp_path / "stderr.log", WORKERS="2")
    try:
        with httpx.Client(timeout=30) as client:  # a new connection per request spreads them over workers
            for _ in range(12):
                assert client.post(f"{base}/classify", json={"text": STATEMENT},
                                   headers={"connection": "close"}).status_code == 200
        found = samples(base)
        assert value(found, "msimamo_texts_classified_total", mode="statement") == 12
        assert http_count(found, "/classify", 200) == 12
        before = {httpx.get(f"{base}/model", headers={"connection": "close"}).json()["loaded_at"] for _ in range(6)}
        time.sleep(1.1)  # loaded_at has one-second resolution
        os.kill(proc.pid, signal.SIGHUP)

        def all_new() -> bool:
            seen = {httpx.get(f"{base}/model", headers={"connection": "close"}).json()["loaded_at"] for _ in range(8)}
            return not (seen & before)

        wait_until(all_new, 120, step=0.5)
        found = samples(base)
        assert value(found, "msimamo_texts_classified_total", mode="statement") == 12  # nothing double-counted
        # one model_info sample per live worker: the replaced workers dropped theirs
        wait_until(lambda: sum(1 for (n, _), v in samples(base).items() if n == "msimamo_model_info" and v == 1) == 2,
                   30)
    finally:
        stop_server(proc)
