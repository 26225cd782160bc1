"""The archive view's HTTP side (api/archive.py, api/archive_job.py) against a real server: upload,
score in a process of its own, progress, the scored file and its summary, and every refusal in words."""

import asyncio
import csv
import io
import os
import time

import httpx
import pytest

from conftest import GOLD
from test_server import start_server, stop_server

from api.archive import Archives, ScoreRequest
from api.archive_job import read_status
from msimamo.config import Settings

LIMIT = 64 * 1024


@pytest.fixture(scope="module")
def site(trained, tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    proc, base = start_server(trained[0], root / "stderr.log", ARCHIVE_MAX_BYTES=str(LIMIT),
                              ARCHIVE_DIR=str(root / "jobs"), BODY_TIMEOUT_S="2")
    yield base, root / "jobs"
    stop_server(proc)


def seed_csv(rows: int = 30, extra: list[list[str]] = ()) -> bytes:
    with open(GOLD, encoding="utf-8", newline="") as fh:
        gold = list(csv.DictReader(fh))[:rows]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["id", "date", "text"])
    for i, r in enumerate(gold):
        w.writerow([i, f"2024-06-{10 + i % 20:02d}", r["text"]])
    for row in extra:
        w.writerow(row)
    return out.getvalue().encode("utf-8")


def upload(base: str, body: bytes, name: str = "news.csv", content_type: str = "text/csv") -> httpx.Response:
    return httpx.post(f"{base}/archive", params={"name": name}, content=body,
                      headers={"content-type": content_type}, timeout=30)


def wait_done(base: str, job: str, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    seen = set()
    while time.monotonic() < deadline:
        status = httpx.get(f"{base}/archive/{job}", timeout=10).json()
        seen.add(status["state"])
        if status["state"] in ("done", "failed"):
            return status | {"seen": seen}
        time.sleep(0.2)
    pytest.fail(f"archive {job} not scored within {seconds} s: {status}")


def test_an_uploaded_csv_is_scored_and_summarised(site):
    base, _ = site
    english = "The United States said the treaty between Moscow and Pyongyang threatens regional security."
    answer = upload(base, seed_csv(30, [["99", "2024-07-01", english]]))
    assert answer.status_code == 201, answer.text
    up = answer.json()
    assert up["columns"] == ["id", "date", "text"] and up["text_column"] == "text" and up["mode"] == "statement"
    started = httpx.post(f"{base}/archive/{up['id']}/score", json={"text_column": "text", "mode": "statement"})
    assert started.status_code == 202 and started.json()["state"] in ("queued", "running")
    status = wait_done(base, up["id"])
    assert status["state"] == "done", status
    assert status["rows_done"] == status["rows_total"] == 31
    scored = httpx.get(f"{base}/archive/{up['id']}/scored.csv", timeout=30)
    assert scored.status_code == 200
    assert 'filename="news-scored.csv"' in scored.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(scored.text)))
    assert len(rows) == 31
    assert {"id", "date", "text", "language", "stance", "stance_score", "bloc", "sentiment", "relevant", "error"} <= set(rows[0])
    assert rows[-1]["language"] == "en" and "not Swahili" in rows[-1]["error"] and rows[-1]["stance"] == ""
    summary = httpx.get(f"{base}/archive/{up['id']}/summary").json()
    assert summary["rows"] == 31 and summary["not_swahili"] == 1
    assert sum(sum(s.values()) for s in summary["stance_by_bloc"].values()) == 30 - summary["off_topic"]
    assert "date" in summary["over_time"]


def test_a_second_score_of_the_same_upload_is_refused(site):
    base, _ = site
    job = upload(base, seed_csv(3)).json()["id"]
    assert httpx.post(f"{base}/archive/{job}/score", json={"text_column": "text"}).status_code == 202
    again = httpx.post(f"{base}/archive/{job}/score", json={"text_column": "text"})
    assert again.status_code == 409 and "already" in again.json()["detail"]
    wait_done(base, job)


def test_a_file_over_the_limit_is_refused_with_the_command_to_use_and_nothing_is_kept(site):
    base, jobs = site
    before = set(jobs.iterdir()) if jobs.exists() else set()
    big = seed_csv(1) + b"x" * LIMIT
    answer = upload(base, big)
    assert answer.status_code == 413
    message = answer.json()["extra"][0]["message"]
    assert "ARCHIVE_MAX_BYTES" in message and "msimamo score" in message
    # sent without a length up front (chunked), the limit is found while streaming
    chunked = httpx.post(f"{base}/archive", content=iter([big[:40_000], big[40_000:]]),
                         headers={"content-type": "text/csv"}, timeout=30)
    assert chunked.status_code == 413
    assert (set(jobs.iterdir()) if jobs.exists() else set()) == before


def test_a_file_that_is_not_utf8_is_refused_naming_its_line(site):
    base, _ = site
    body = "id,text\n1,Putin alisema\n2,Kim alisema \xe9 hivyo\n".encode("latin-1")
    answer = upload(base, body)
    assert answer.status_code == 400
    message = answer.json()["extra"][0]["message"]
    assert "not UTF-8" in message and "line 3" in message


@pytest.mark.parametrize("body, words", [(b"", "empty"), (b'"a,b\n', "header")])
def test_an_empty_or_broken_file_is_refused_in_words(site, body, words):
    answer = upload(site[0], body)
    assert answer.status_code == 400 and words in answer.json()["extra"][0]["message"]


def test_only_text_csv_is_taken(site):
    answer = upload(site[0], seed_csv(2), content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 415 and answer.json()["extra"][0]["key"] == "content-type"


def test_a_column_the_file_does_not_have_is_named(site):
    base, _ = site
    job = upload(base, seed_csv(2)).json()["id"]
    answer = httpx.post(f"{base}/archive/{job}/score", json={"text_column": "body"})
    assert answer.status_code == 400
    extra = answer.json()["extra"][0]
    assert extra["key"] == "text_column" and "'body'" in extra["message"] and "id, date, text" in extra["message"]
    bad_mode = httpx.post(f"{base}/archive/{job}/score", json={"text_column": "text", "mode": "page"})
    assert bad_mode.status_code == 400


@pytest.mark.parametrize("job", ["0" * 32, "..%2F..%2Fetc", "ABC"])
def test_an_unknown_archive_is_a_404_in_words(site, job):
    for path in ("", "/summary", "/scored.csv"):
        answer = httpx.get(f"{site[0]}/archive/{job}{path}")
        assert answer.status_code == 404
        if path == "" and "%" not in job:  # a path with an encoded slash matches no route at all
            assert "ARCHIVE_TTL_S" in answer.json()["detail"]


def test_results_are_not_served_before_scoring(site):
    base, _ = site
    job = upload(base, seed_csv(2)).json()["id"]
    assert httpx.get(f"{base}/archive/{job}/scored.csv").status_code == 409
    assert httpx.get(f"{base}/archive/{job}/summary").status_code == 409


def test_article_mode_is_suggested_for_long_texts_and_scores_statements(site, tmp_path):
    base, _ = site
    from conftest import ARTICLES

    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["source", "body"])
    for path in sorted(ARTICLES.glob("*.txt"))[:2]:
        w.writerow([path.stem, path.read_text(encoding="utf-8")])
    up = upload(base, out.getvalue().encode()).json()
    assert up["text_column"] == "body" and up["mode"] == "article"
    httpx.post(f"{base}/archive/{up['id']}/score", json={"text_column": "body", "mode": "article"})
    status = wait_done(base, up["id"])
    assert status["state"] == "done" and status["rows_total"] == 2
    rows = list(csv.DictReader(io.StringIO(httpx.get(f"{base}/archive/{up['id']}/scored.csv").text)))
    assert len(rows) > 2 and {"quote", "speaker", "stance"} <= set(rows[0])


def test_old_archives_are_swept_and_a_job_past_its_time_fails_in_words(trained, tmp_path):
    """In-process, with real job processes: ARCHIVE_TIMEOUT_S stops a job, ARCHIVE_TTL_S deletes it."""
    settings = Settings(model_path=trained[0], archive_dir=tmp_path, archive_timeout_s=0.05, archive_ttl_s=60)

    async def scenario():
        archives = Archives(settings)
        folder = tmp_path / ("a" * 32)
        folder.mkdir()
        (folder / "input.csv").write_bytes(seed_csv(5))
        (folder / "job.json").write_text('{"name": "x.csv", "bytes": 1, "columns": ["id", "date", "text"]}')
        archives.start("a" * 32, ScoreRequest(text_column="text"))
        await asyncio.wait_for(archives.running["a" * 32], 30)
        return read_status(folder)

    status = asyncio.run(scenario())
    assert status["state"] == "failed" and "ARCHIVE_TIMEOUT_S" in status["error"]
    old = tmp_path / ("b" * 32)
    old.mkdir()
    os.utime(old, (time.time() - 120, time.time() - 120))
    Archives(settings).sweep()
    assert not old.exists() and (tmp_path / ("a" * 32)).exists()
