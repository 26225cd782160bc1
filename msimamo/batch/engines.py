"""Where ``score_chunk`` runs: in the driver, in a local process pool, or on Dask workers.

Every engine is the same thing to the caller, a function from chunks of records to their rows in
submission order, with a bounded number of chunks in flight so reading waits for scoring and memory
stays flat. Workers get the model as bytes (``ModelBundle``), load it through ``load_model`` once,
and need no access to the driver's files. Task functions live here, in an importable module,
because Dask workers find them by reference.
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from msimamo.batch.reading import Record
from msimamo.batch.rows import Layout, OutRow, score_chunk
from msimamo.errors import ConfigError, ModelError
from msimamo.model.artefact import load_model
from msimamo.model.card import card_path
from msimamo.model.labeller import Msimamo

#: Chunks of records in, their rows out, in the same order.
Scorer = Callable[[Iterable[list[Record]]], Iterator[list[OutRow]]]

#: Two debugging aids off. Dask keeps the last N messages of every connection (1,000 by default);
#: each carries a whole chunk, so the driver's memory grew with the file (242 MiB at 20k rows, 417 MiB
#: at 200k). Its worker profiler samples every 10 ms and cost ~8 % of worker CPU on this Python-heavy
#: work. Both reach LocalCluster workers; a real cluster sets them itself (docs/scoring.md).
DASK_CONFIG = {"distributed.admin.low-level-log-length": 0, "distributed.worker.profile.enabled": False}


@dataclass(frozen=True)
class ModelBundle:
    """The model file and its card as bytes: shipped once to each worker, so every process scores
    with the very model the driver verified, and workers need no access to the driver's files."""

    name: str
    model: bytes
    card: bytes
    sha256: str

    @classmethod
    def read(cls, model_path: str | Path, model: Msimamo) -> "ModelBundle":
        path = Path(model_path)
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        if sha != model.card.joblib_sha256:
            raise ModelError(f"{path} changed while it was being loaded: run again")
        return cls(path.name, data, card_path(path).read_bytes(), sha)

    def load(self) -> Msimamo:
        """Through load_model, the one loading path: the same checks (sha256, scikit-learn version)."""
        with tempfile.TemporaryDirectory(prefix="msimamo-model-") as tmp:
            path = Path(tmp) / self.name
            path.write_bytes(self.model)
            card_path(path).write_bytes(self.card)
            return load_model(path)


_MODELS: dict[str, Msimamo] = {}
_MODELS_LOCK = threading.Lock()


def worker_model(bundle: ModelBundle) -> Msimamo:
    """The bundle's model, loaded once per worker process however many tasks or threads use it."""
    with _MODELS_LOCK:
        if bundle.sha256 not in _MODELS:
            _MODELS[bundle.sha256] = bundle.load()
        return _MODELS[bundle.sha256]


def _init_pool_worker(bundle: ModelBundle) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the driver's handler, inherited by fork
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    worker_model(bundle)


def _exit_with_parent(parent: int) -> None:
    """A pool worker waits on its task queue forever if the driver is killed (kill -9): end it then."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _pool_task(sha: str, records: list[Record], layout: Layout) -> list[OutRow]:
    return score_chunk(_MODELS[sha], records, layout)


def _dask_task(bundle: ModelBundle, records: list[Record], layout: Layout) -> list[OutRow]:
    return score_chunk(worker_model(bundle), records, layout)


def in_order(submit: Callable, chunks: Iterable[list[Record]], in_flight: int) -> Iterator[list[OutRow]]:
    """Results in submission order with at most ``in_flight`` chunks out, so reading waits for scoring."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


@contextmanager
def local_pool(bundle: ModelBundle, jobs: int, layout: Layout) -> Iterator[Scorer]:
    pool = ProcessPoolExecutor(jobs, initializer=_init_pool_worker, initargs=(bundle,))
    try:
        yield lambda chunks: in_order(
            lambda chunk: pool.submit(_pool_task, bundle.sha256, chunk, layout), chunks, 2 * jobs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


@contextmanager
def dask_client(scheduler: str | None, workers: int, say: Callable[[str], None] = _stderr):
    """A client of the cluster at ``scheduler``, else of a LocalCluster of ``workers`` processes
    started here, which ``say`` tells the user (they did not ask for one by name)."""
    try:
        import dask
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError("--engine dask needs dask: pip install 'msimamo[dask]'") from None
    with dask.config.set(DASK_CONFIG):
        if scheduler:
            with Client(scheduler) as client:
                yield client
            return
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            n = len(cluster.workers)
            say(f"started a local Dask cluster: {n} worker{'s' if n != 1 else ''} × 1 thread (no --scheduler given)")
            yield client


@contextmanager
def dask_engine(bundle: ModelBundle, scheduler: str | None, workers: int, layout: Layout,
                say: Callable[[str], None] = _stderr) -> Iterator[Scorer]:
    """Scatter the bundle to every worker once; tasks then carry only a reference to it."""
    with dask_client(scheduler, workers, say) as client:
        shipped = client.scatter(bundle, broadcast=True)
        in_flight = 2 * max(1, sum(client.nthreads().values()))
        yield lambda chunks: in_order(
            lambda chunk: client.submit(_dask_task, shipped, chunk, layout, pure=False),
            chunks, in_flight)


@contextmanager
def open_engine(model: Msimamo, model_path: str | Path, layout: Layout, engine: str = "local",
                jobs: int | None = None, scheduler: str | None = None,
                say: Callable[[str], None] | None = None) -> Iterator[Scorer]:
    """The scorer for ``engine`` ("local" or "dask"): one local job runs in the driver with ``model``;
    otherwise the workers load the file at ``model_path``, checked to be the same model. ``say``
    hears what the user should know of the engine (default: a line on stderr)."""
    if engine == "local" and jobs in (None, 1):
        yield lambda chunks: (score_chunk(model, c, layout) for c in chunks)
        return
    bundle = ModelBundle.read(model_path, model)
    if engine == "local":
        with local_pool(bundle, jobs, layout) as scorer:
            yield scorer
    else:
        with dask_engine(bundle, scheduler, jobs or 2, layout, say or _stderr) as scorer:
            yield scorer
