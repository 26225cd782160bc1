"""End to end: a real uvicorn process on a free port, a real HTTP client."""

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from conftest import ARTICLES, ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(trained):
    port = free_port()
    env = {**os.environ, "PORT": str(port), "MODEL_PATH": str(trained[0])}
    proc = subprocess.Popen([sys.executable, "-m", "api"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"server exited: {proc.stderr.read().decode()}")
        try:
            if httpx.get(f"{base}/ready", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("server never became ready")
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def test_classifies_a_seed_statement_over_http(server, gold):
    r = httpx.post(f"{server}/classify", json={"text": gold[5]["text"]}, timeout=10)
    assert r.status_code == 200
    assert r.json()["results"][0]["text"] == gold[5]["text"]


def test_classifies_a_seed_article_over_http(server):
    article = (ARTICLES / "001_b66eedfb5b5a0373.txt").read_text(encoding="utf-8")
    r = httpx.post(f"{server}/classify", json={"text": article, "mode": "article"}, timeout=10)
    assert r.status_code == 200
    statements = r.json()["results"][0]["statements"]
    assert statements and all(article[s["start"]:s["end"]] == s["text"] for s in statements)
    assert not any("Picha:" in s["text"] or "Nenda kwenye" in s["text"] for s in statements)


def test_malformed_json_over_http_is_a_400(server):
    r = httpx.post(f"{server}/classify", content=b"{", headers={"content-type": "application/json"}, timeout=10)
    assert r.status_code == 400 and r.json()["status_code"] == 400


@pytest.mark.parametrize("problem", ["missing", "tampered"])
def test_a_bad_model_stops_the_start_with_one_line(problem, tmp_path, trained):
    path = tmp_path / "msimamo.joblib"
    if problem == "tampered":
        path.write_bytes(trained[0].read_bytes() + b"x")
        (tmp_path / "model.json").write_bytes((trained[0].parent / "model.json").read_bytes())
    env = {**os.environ, "PORT": str(free_port()), "MODEL_PATH": str(path)}
    done = subprocess.run([sys.executable, "-m", "api"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("msimamo serve: error: cannot start:"), done.stderr


def test_concurrent_requests_each_get_their_own_results(server, trained, gold):
    """Requests that arrive together are scored in one batch; none may get another's answer."""
    import asyncio

    from msimamo.model.artefact import load_model

    model = load_model(trained[0])
    bodies = [{"text": r["text"]} for r in gold[:40]] + [{"texts": [gold[i]["text"], gold[i + 1]["text"]]}
                                                         for i in range(40, 60, 2)]

    async def fire():
        async with httpx.AsyncClient(base_url=server, timeout=30) as client:
            return await asyncio.gather(*(client.post("/classify", json=b) for b in bodies))

    for body, response in zip(bodies, asyncio.run(fire())):
        assert response.status_code == 200
        texts = body.get("texts") or [body["text"]]
        results = response.json()["results"]
        assert [r["text"] for r in results] == texts
        for text, result in zip(texts, results):
            expected = model.classify(text)
            assert {h: result[h]["label"] for h in model.heads} == {h: getattr(expected, h).label for h in model.heads}
