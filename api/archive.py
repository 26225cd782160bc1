"""The archive view's HTTP side: upload a CSV, score it, follow its progress, fetch the results.

An upload is streamed to disk under ARCHIVE_DIR (never held in memory), checked as UTF-8 as it
arrives, and read for its columns. Scoring runs in a process of its own (``api.archive_job``) at
most ARCHIVE_JOBS at a time per worker, under ARCHIVE_TIMEOUT_S. A job is a directory named by
a random id; its state lives in files there, so with WORKERS > 1 any worker answers for any job.
Jobs are deleted ARCHIVE_TTL_S after upload.
"""

from __future__ import annotations

import asyncio
import codecs
import json
import logging
import re
import secrets
import shutil
import sys
import time
from pathlib import Path
from typing import Literal

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import File

from api.archive_job import read_status, write_status
from api.auth import require_key
from msimamo.config import Settings
from msimamo.errors import InputError

log = logging.getLogger("msimamo.archive")

_ID = re.compile(r"[0-9a-f]{32}")
#: Rows read to suggest a text column and a mode.
_PEEK_ROWS = 50
#: Mean characters per text from which the page suggests article mode.
_ARTICLE_CHARS = 600


class Upload(msgspec.Struct):
    id: str
    name: str
    bytes: int
    columns: list[str]
    text_column: str | None
    mode: Literal["statement", "article"]


class ScoreRequest(msgspec.Struct, forbid_unknown_fields=True):
    text_column: str
    mode: Literal["statement", "article"] = "statement"


class JobStatus(msgspec.Struct):
    id: str
    name: str
    state: Literal["uploaded", "queued", "running", "summarising", "done", "failed"]
    rows_done: int
    rows_total: int | None
    error: str | None
    summary_line: str | None


def _refuse(status: int, key: str, message: str) -> HTTPException:
    return HTTPException(status_code=status, detail=message, extra=[{"key": key, "source": "body", "message": message}])


def _safe_name(raw: str | None) -> str:
    """The upload's name as shown and offered back: its last path part, printable, bounded."""
    name = re.split(r"[\\/]", raw or "")[-1]
    name = "".join(c for c in name if c.isprintable() and c not in '"<>').strip()[:120]
    return name or "archive.csv"


def _line_of(data: bytes, before: int) -> int:
    return data.count(b"\n", 0, before)


class Archives:
    """The jobs this worker started, and the files every worker shares."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.root = settings.archive_root
        self.slots = asyncio.Semaphore(settings.archive_jobs)
        self.running: dict[str, asyncio.Task] = {}
        self.processes: set[asyncio.subprocess.Process] = set()

    # -- files -------------------------------------------------------------------------------

    def folder(self, job_id: str) -> Path:
        folder = self.root / job_id
        if not _ID.fullmatch(job_id) or not (folder / "job.json").is_file():
            raise NotFoundException(
                detail=f"no archive {job_id[:40]!r}: archives are kept {self.settings.archive_ttl_s:g} s "
                       "(ARCHIVE_TTL_S) after upload; upload it again")
        return folder

    def job(self, job_id: str) -> tuple[Path, dict]:
        folder = self.folder(job_id)
        return folder, json.loads((folder / "job.json").read_text(encoding="utf-8"))

    def status(self, job_id: str) -> JobStatus:
        folder, job = self.job(job_id)
        status = read_status(folder) or {"state": "uploaded"}
        return JobStatus(id=job_id, name=job["name"], state=status.get("state", "uploaded"),
                         rows_done=status.get("rows_done", 0), rows_total=status.get("rows_total"),
                         error=status.get("error"), summary_line=status.get("summary_line"))

    def sweep(self) -> None:
        """Delete jobs older than ARCHIVE_TTL_S (unless this worker is still scoring them)."""
        if not self.root.is_dir():
            return
        cutoff = time.time() - self.settings.archive_ttl_s
        for folder in self.root.iterdir():
            try:
                if _ID.fullmatch(folder.name) and folder.name not in self.running and folder.stat().st_mtime < cutoff:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                continue

    # -- upload ------------------------------------------------------------------------------

    async def receive(self, request: Request, name: str) -> Upload:
        limit = self.settings.archive_max_bytes
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise self.too_large(int(declared))
        self.sweep()
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        job_id = secrets.token_hex(16)
        folder = self.root / job_id
        folder.mkdir(mode=0o700)
        try:
            size = await self._stream_to(request, folder / "input.csv", limit)
            columns, text_column, mode = await asyncio.to_thread(self._peek, folder / "input.csv", name)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        (folder / "job.json").write_text(json.dumps({"name": name, "bytes": size, "columns": columns}), "utf-8")
        return Upload(id=job_id, name=name, bytes=size, columns=columns, text_column=text_column, mode=mode)

    def too_large(self, size: int | None = None) -> HTTPException:
        limit = self.settings.archive_max_bytes
        got = f"this file is {size / 2**20:.1f} MiB; " if size else ""
        return _refuse(413, "file", f"{got}the page takes CSV files up to {limit / 2**20:.1f} MiB (ARCHIVE_MAX_BYTES): "
                                    "score larger ones with `msimamo score IN OUT`, then `msimamo report OUT -o report.html`")

    async def _stream_to(self, request: Request, path: Path, limit: int) -> int:
        """Write the body to ``path`` as it arrives; refuse it once it passes ``limit`` bytes, when a
        chunk takes longer than BODY_TIMEOUT_S, or at the first byte that is not UTF-8 (with its line)."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        size, lines = 0, 0
        chunks = request.stream().__aiter__()
        with open(path, "wb") as out:
            while True:
                try:
                    async with asyncio.timeout(self.settings.body_timeout_s):
                        chunk = await chunks.__anext__()
                except StopAsyncIteration:
                    break
                except TimeoutError:
                    raise _refuse(408, "file", f"upload stalled for more than BODY_TIMEOUT_S "
                                               f"({self.settings.body_timeout_s:g} s)") from None
                size += len(chunk)
                if size > limit:
                    raise self.too_large()
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    line = lines + _line_of(chunk, exc.start) + 1
                    raise _refuse(400, "file", f"the file is not UTF-8: line {line} has a byte "
                                               f"(0x{chunk[exc.start]:02x}) that UTF-8 does not allow; save it "
                                               "as UTF-8 (in a spreadsheet: CSV UTF-8) and upload it again") from None
                lines += chunk.count(b"\n")
                out.write(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise _refuse(400, "file", f"the file is not UTF-8: it ends inside a character (line {lines + 1})") from None
        if size == 0:
            raise _refuse(400, "file", "the file is empty: expected a CSV with a header row")
        return size

    @staticmethod
    def _peek(path: Path, name: str) -> tuple[list[str], str | None, str]:
        """The columns, the column most likely to hold the text, and the mode its length suggests."""
        from msimamo.batch.reading import CsvInput

        with open(path, "rb") as fh:
            try:
                source = CsvInput(fh, name)
            except InputError as exc:
                raise _refuse(400, "file", str(exc)) from None
            columns = [h.strip() for h in source.header]
            lengths, rows = [0] * len(columns), 0
            for record in source.records(0):
                if rows == _PEEK_ROWS:
                    break
                rows += 1
                for j, cell in enumerate(record.fields[:len(columns)]):
                    lengths[j] += len(cell)
        if not any(columns):
            raise _refuse(400, "file", f"{name}: the header row has no column names")
        if "text" in columns:
            text_column = "text"
        else:
            text_column = columns[max(range(len(columns)), key=lengths.__getitem__)] if columns else None
        mean = lengths[columns.index(text_column)] / rows if rows and text_column else 0
        return columns, text_column, "article" if mean >= _ARTICLE_CHARS else "statement"

    # -- scoring -----------------------------------------------------------------------------

    def start(self, job_id: str, order: ScoreRequest) -> JobStatus:
        folder, job = self.job(job_id)
        if order.text_column not in job["columns"]:
            raise _refuse(400, "text_column", f"{job['name']} has no column {order.text_column!r} "
                                              f"(columns: {', '.join(job['columns'])})")
        if (folder / "status.json").exists():
            raise _refuse(409, "id", "this archive is already being scored or was scored: upload it again to "
                                     "score it another way")
        job |= {"text_column": order.text_column, "mode": order.mode}
        (folder / "job.json").write_text(json.dumps(job), "utf-8")
        write_status(folder, state="queued", rows_done=0, rows_total=None, error=None, summary_line=None)
        self.running[job_id] = asyncio.get_running_loop().create_task(self._score(job_id, folder))
        return self.status(job_id)

    async def _score(self, job_id: str, folder: Path) -> None:
        try:
            async with self.slots:
                # the process takes a few seconds to import and load the model: say it has started
                write_status(folder, **(read_status(folder) | {"state": "running"}))
                await self._run_process(folder)
        finally:
            self.running.pop(job_id, None)

    async def _run_process(self, folder: Path) -> None:
        limit = self.settings.archive_timeout_s
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "api.archive_job", str(folder), str(self.settings.model_path),
            stdin=asyncio.subprocess.DEVNULL)
        self.processes.add(process)
        try:
            async with asyncio.timeout(limit):
                code = await process.wait()
        except TimeoutError:
            process.kill()
            await process.wait()
            write_status(folder, **(read_status(folder) | {
                "state": "failed", "error": f"scoring took longer than ARCHIVE_TIMEOUT_S ({limit:g} s) and was "
                                            "stopped: score this file with `msimamo score`"}))
            return
        finally:
            self.processes.discard(process)
        if code != 0 and read_status(folder).get("state") != "failed":
            log.error("archive job %s stopped with exit status %s", folder.name, code)
            write_status(folder, **(read_status(folder) | {
                "state": "failed", "error": f"the scoring process stopped unexpectedly (exit status {code})"}))

    async def close(self) -> None:
        for process in list(self.processes):
            process.kill()
        for task in list(self.running.values()):
            task.cancel()
        await asyncio.gather(*self.running.values(), return_exceptions=True)


def _archives(state: State) -> Archives:
    return state.archives


@post("/archive", status_code=201, request_max_body_size=None, summary="Upload a CSV for the archive view",
      guards=[require_key])
async def upload_archive(request: Request, state: State, name: FromQuery[str | None] = None) -> Upload:
    """The body is the CSV file itself (`Content-Type: text/csv`), at most ARCHIVE_MAX_BYTES; `name`
    is its file name, shown back and used for the scored file's name."""
    media_type = request.content_type[0].lower()
    if media_type != "text/csv":
        raise HTTPException(status_code=415, detail="Content-Type must be text/csv", extra=[
            {"key": "content-type", "source": "header", "message": f"got {media_type or 'none'!r}"}])
    return await _archives(state).receive(request, _safe_name(name))


@post("/archive/{job_id:str}/score", status_code=202, summary="Score an uploaded CSV", guards=[require_key])
async def score_archive(job_id: FromPath[str], data: JSONBody[ScoreRequest], state: State) -> JobStatus:
    return _archives(state).start(job_id, data)


@get("/archive/{job_id:str}", summary="State and progress of an archive")
async def archive_status(job_id: FromPath[str], state: State) -> JobStatus:
    return _archives(state).status(job_id)


@get("/archive/{job_id:str}/scored.csv", summary="The scored CSV", media_type="text/csv")
async def archive_scored(job_id: FromPath[str], state: State) -> File:
    archives = _archives(state)
    folder, job = archives.job(job_id)
    if read_status(folder).get("state") not in ("summarising", "done"):
        raise _refuse(409, "id", "this archive is not scored yet")
    stem = job["name"][:-4] if job["name"].lower().endswith(".csv") else job["name"]
    return File(folder / "scored.csv", filename=f"{stem}-scored.csv", media_type="text/csv; charset=utf-8")


@get("/archive/{job_id:str}/summary", summary="The scored archive's summary, for charts")
async def archive_summary(job_id: FromPath[str], state: State) -> Response:
    folder, _ = _archives(state).job(job_id)
    path = folder / "summary.json"
    if not path.is_file():
        raise _refuse(409, "id", "this archive is not scored yet")
    return Response(content=path.read_bytes(), media_type="application/json")


HANDLERS = [upload_archive, score_archive, archive_status, archive_scored, archive_summary]
