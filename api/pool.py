"""Model processes for large requests: each request's work gets a deadline, and a process whose
request runs past it, or whose client went away, is killed and replaced.

Why not ``concurrent.futures.ProcessPoolExecutor`` (or loky, which joblib ships): neither can stop
one running task. A future that runs cannot be cancelled, and the only way to reclaim its CPU is
to kill the pool's processes, which breaks every other request in flight (``BrokenProcessPool``).
Here each process serves one request at a time over its own socket, so the one that overran can
be killed alone, and a request still waiting for a process simply leaves the queue.

Processes are started with ``subprocess`` (fork + exec of ``python -m api.worker``), not forked
from the server: the server has threads and an event loop, which a fork copies half-made. Each
loads the model once (~3 s of CPU, ~300 MB) and checks it is the version the server serves.
Everything here runs on the event loop; waiting never blocks it (streams over a socket pair).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import msgspec

from api.work import Job, TooManyStatements
from api.worker import HEADER
from msimamo.errors import ModelError
from msimamo.results import ArticleResult, StatementResult

log = logging.getLogger("msimamo.api")

#: Seconds a new process may take to load the model before it is given up.
START_TIMEOUT_S = 120.0
#: The ``api`` package's parent, put on the child's import path whatever the server's directory.
_SOURCE = str(Path(__file__).resolve().parents[1])


class PoolBusy(Exception):
    """No model process became free within the request's deadline."""


class RequestTimedOut(Exception):
    """The request's work ran past its deadline; its process was killed."""


class WorkerGone(Exception):
    """The process died while working on the request (out of memory, killed from outside)."""


class _Worker:
    def __init__(self, process: subprocess.Popen, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.process, self.reader, self.writer = process, reader, writer

    @property
    def pid(self) -> int:
        return self.process.pid

    async def read_frame(self) -> tuple[bytes, bytes]:
        (size,) = HEADER.unpack(await self.reader.readexactly(HEADER.size))
        body = await self.reader.readexactly(size)
        return body[:1], body[1:]

    async def call(self, payload: bytes) -> tuple[bytes, bytes]:
        self.writer.write(HEADER.pack(len(payload) + 1) + b"J" + payload)
        await self.writer.drain()
        return await self.read_frame()

    def kill(self) -> None:
        """Stop the process now (SIGKILL: its work has no state worth a clean exit)."""
        if self.process.poll() is None:
            self.process.kill()
        self.writer.close()

    async def reap(self) -> None:
        """Wait for the killed process, so its pid is gone rather than a zombie."""
        await asyncio.to_thread(self.process.wait)


class ModelPool:
    """``size`` model processes loading ``model_path``, which must hold model ``version``."""

    def __init__(self, model_path: str | Path, size: int, version: str):
        self.model_path, self.size, self.version = str(model_path), size, version
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._closed = False
        self._decoders = {"statement": msgspec.msgpack.Decoder(list[StatementResult]),
                          "article": msgspec.msgpack.Decoder(list[ArticleResult])}
        self._encode = msgspec.msgpack.Encoder().encode

    @property
    def pids(self) -> list[int]:
        """The live processes' ids (for tests and operators)."""
        return sorted(w.pid for w in self._workers)

    async def start(self) -> None:
        """Start every process and wait until each has loaded the model; a ModelError if one cannot."""
        started = await asyncio.gather(*(self._spawn() for _ in range(self.size)), return_exceptions=True)
        failed = [r for r in started if isinstance(r, BaseException)]
        for worker in started:
            if isinstance(worker, _Worker):
                self._workers.add(worker)
                self._idle.put_nowait(worker)
        if failed:
            await self.close()
            raise failed[0] if isinstance(failed[0], ModelError) else ModelError(f"model process failed: {failed[0]}")

    async def _spawn(self) -> _Worker:
        ours, theirs = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_SOURCE, os.environ.get("PYTHONPATH")]))}
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "api.worker", "--fd", str(theirs.fileno()), "--model", self.model_path,
                 "--parent", str(os.getpid())],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=env)
        except OSError as exc:
            ours.close()
            raise ModelError(f"cannot start a model process: {exc}") from None
        finally:
            theirs.close()
        reader, writer = await asyncio.open_connection(sock=ours)
        worker = _Worker(process, reader, writer)
        try:
            tag, payload = await asyncio.wait_for(worker.read_frame(), START_TIMEOUT_S)
            reply = msgspec.msgpack.decode(payload)
            if tag == b"E":
                raise ModelError(f"model process: {reply['message']}")
            if reply["version"] != self.version:
                raise ModelError(f"the model process loaded model {reply['version']} from {self.model_path}, the "
                                 f"server serves {self.version}: the file changed; restart the server")
        except BaseException as exc:
            worker.kill()
            await worker.reap()
            if isinstance(exc, (asyncio.IncompleteReadError, ConnectionError)):
                raise ModelError(f"model process exited while loading {self.model_path}") from None
            if isinstance(exc, TimeoutError):
                raise ModelError(f"model process did not load {self.model_path} within {START_TIMEOUT_S:.0f} s") from None
            raise
        return worker

    async def run(self, job: Job, timeout: float) -> list[StatementResult] | list[ArticleResult]:
        """The job's results from a free process, within ``timeout`` seconds of waiting and work.

        PoolBusy if no process came free in time; RequestTimedOut if the work overran (the process
        is killed); WorkerGone if the process died; TooManyStatements as the work raised it. If the
        caller is cancelled (its client went away) while the work runs, the process is killed too.
        """
        deadline = asyncio.get_running_loop().time() + timeout
        try:
            async with asyncio.timeout_at(deadline):
                worker = await self._idle.get()
        except TimeoutError:
            raise PoolBusy from None
        try:
            async with asyncio.timeout_at(deadline):
                tag, payload = await worker.call(self._encode(job))
        except TimeoutError:
            self._discard(worker)
            raise RequestTimedOut from None
        except (asyncio.IncompleteReadError, ConnectionError):
            self._discard(worker)
            raise WorkerGone from None
        except BaseException:  # cancelled: the client left, or the server is stopping
            self._discard(worker)
            raise
        self._idle.put_nowait(worker)
        if tag == b"R":
            return self._decoders[job.mode].decode(payload)
        problem = msgspec.msgpack.decode(payload)
        if problem["kind"] == "statements":
            raise TooManyStatements(problem["message"])
        raise RuntimeError(f"model process: {problem['message']}")

    def _discard(self, worker: _Worker) -> None:
        """Kill a process now; reap it and start its replacement in the background."""
        worker.kill()
        self._workers.discard(worker)
        if not self._closed:
            task = asyncio.get_running_loop().create_task(self._replace(worker))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _replace(self, old: _Worker) -> None:
        await old.reap()
        pause = 1.0
        while not self._closed:
            try:
                worker = await self._spawn()
            except Exception as exc:  # noqa: BLE001 - logged and retried: the server must keep a process
                log.error("cannot replace a model process (retrying in %.0f s): %s", pause, exc)
                await asyncio.sleep(pause)
                pause = min(2 * pause, 60.0)
                continue
            if self._closed:
                worker.kill()
                await worker.reap()
                return
            self._workers.add(worker)
            self._idle.put_nowait(worker)
            return

    async def drain(self, within: float) -> None:
        """Close once every process is idle (its request answered), or after ``within`` seconds:
        how a reload retires the old model's processes without failing a request in flight."""
        deadline = asyncio.get_running_loop().time() + within
        while self._idle.qsize() < len(self._workers) and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        await self.close()

    async def close(self) -> None:
        """Stop every process, waiting ones and working ones alike, and reap them."""
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        workers, self._workers = list(self._workers), set()
        for worker in workers:
            worker.kill()
        await asyncio.gather(*(w.reap() for w in workers), *self._tasks, return_exceptions=True)
