"""Hot model reload: SIGHUP (or ``msimamo reload``) loads MODEL_PATH again and swaps it in.

The new model passes every check before it serves: ``load_model``'s (sha256 against the card,
the MODEL_KEY signature when a key is set, scikit-learn's version, the gazetteer), then a smoke
run over the seed statements (every head answers with one of its labels and probabilities that
sum to 1), then its model processes start and report the same version. Only then are the model
and its pool swapped, in one step on the event loop: a request holds the model and pool it
started with, so requests in flight finish on the old model, and the old pool is closed once
its processes are idle. A reload that fails at any step keeps the old model and logs why.

With WORKERS > 1, uvicorn's supervisor takes SIGHUP and replaces the workers one by one, each new
one loading MODEL_PATH in its lifespan and serving only once it has; a worker that cannot load
the file never starts and the old one stays (uvicorn aborts the restart).
"""

from __future__ import annotations

import asyncio
import csv
import logging
import math
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from api import metrics
from api.pool import ModelPool
from msimamo.config import ROOT, Settings
from msimamo.errors import ModelError, MsimamoError
from msimamo.model.artefact import load_model
from msimamo.model.card import read_card
from msimamo.model.labeller import Msimamo

log = logging.getLogger("msimamo.reload")

#: Statements the smoke run labels when the seeds are not beside the code (an installed package).
_FALLBACK = ("Rais Putin alisema ushirikiano na Korea Kaskazini utaimarisha amani.",
             "Marekani ilisema mkataba kati ya Moscow na Pyongyang ni tishio kwa usalama wa dunia.",
             "Umoja wa Mataifa ulitoa wito kwa pande zote kuheshimu vikwazo.")


@dataclass(frozen=True)
class Outcome:
    at: float
    ok: bool
    version: str
    detail: str


def smoke_texts() -> list[str]:
    seeds = ROOT / "seeds" / "statements.csv"
    if seeds.is_file():
        with open(seeds, encoding="utf-8", newline="") as fh:
            return [row["text"] for row in csv.DictReader(fh)]
    return list(_FALLBACK)


def smoke(model: Msimamo, texts: list[str]) -> None:
    """Label ``texts``; a ModelError naming the first answer that is not a valid one."""
    for i, text in enumerate(texts):
        result = model.classify(text)
        for head in ("stance", "bloc", "sentiment"):
            decision = getattr(result, head)
            if decision is None:
                continue
            total = sum(decision.scores.values())
            if decision.label not in decision.scores or not math.isclose(total, 1.0, abs_tol=1e-6) or \
                    not all(math.isfinite(p) for p in decision.scores.values()):
                raise ModelError(f"smoke test: statement {i + 1}: the {head} head answered {decision.label!r} "
                                 f"with probabilities summing to {total}")


def on_disk(settings: Settings) -> str | None:
    """The version in the card beside MODEL_PATH now, or None if there is no current card to read
    (absent, stale, half-written or malformed: the reader refuses it, and a reload would too)."""
    try:
        return read_card(settings.model_path).version
    except (ModelError, OSError):
        return None


class Reloader:
    """One reload at a time; the last outcome is kept for `/model`."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.lock = asyncio.Lock()
        self.last: Outcome | None = None
        self._retiring: set[asyncio.Task] = set()

    async def reload(self, state) -> Outcome:
        async with self.lock:
            started = time.perf_counter()
            old = state.model
            try:
                model = await asyncio.to_thread(self._load_and_check)
                pool = ModelPool(self.settings.model_path, self.settings.model_processes, model.version)
                await pool.start()
            except (MsimamoError, OSError) as exc:
                metrics.RELOADS.labels("failed").inc()
                self.last = Outcome(time.time(), False, old.version if old else "", str(exc))
                log.error("model reload failed, still serving %s: %s", old.version if old else "nothing", exc)
                return self.last
            old_pool = state.pool
            state.model, state.pool = model, pool  # one step: no request sees a model without its pool
            metrics.loaded(model.version, old.version if old else None)
            metrics.RELOADS.labels("ok").inc()
            ms = (time.perf_counter() - started) * 1000
            self.last = Outcome(time.time(), True, model.version,
                                f"{old.version if old else 'nothing'} → {model.version} in {ms:.0f} ms")
            log.info("model reloaded: %s", self.last.detail)
            if old_pool is not None:
                task = asyncio.get_running_loop().create_task(self._retire(old_pool))
                self._retiring.add(task)
                task.add_done_callback(self._retiring.discard)
            return self.last

    def _load_and_check(self) -> Msimamo:
        model = load_model(self.settings.model_path)
        smoke(model, smoke_texts())
        return model

    async def _retire(self, pool: ModelPool) -> None:
        """Close the old pool once its requests are done (at most REQUEST_TIMEOUT_S, their budget)."""
        await pool.drain(self.settings.request_timeout_s)

    async def close(self) -> None:
        for task in list(self._retiring):
            task.cancel()
        await asyncio.gather(*self._retiring, return_exceptions=True)


def pid_file(port: int) -> Path:
    """Where ``msimamo serve`` leaves its process id for ``msimamo reload``: one per user and port."""
    return Path(tempfile.gettempdir()) / f"msimamo-serve-{os.getuid()}-{port}.pid"
