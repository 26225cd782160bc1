"""What `/metrics` counts beyond Litestar's per-route requests and latency (its Prometheus plugin).

The label mix per head is the first sign of drift: a week in which "critical" doubles, or the
model starts calling everyone "other", shows here before anyone reads a result. Counters are
module-level, one set per process; with WORKERS > 1, ``msimamo serve`` points
PROMETHEUS_MULTIPROC_DIR at a fresh directory before the workers start, and prometheus_client
adds up every worker's files when `/metrics` is read (gauges by their ``multiprocess_mode``).
"""

from __future__ import annotations

import os

from prometheus_client import Counter, Gauge

from msimamo.results import ArticleResult, StatementResult

PREFIX = "msimamo"

TEXTS = Counter(f"{PREFIX}_texts_classified", "Texts classified, by mode (statements, or whole articles)", ["mode"])
STATEMENTS = Counter(f"{PREFIX}_statements_classified", "Statements labelled (article mode: each extracted one)")
LABELS = Counter(f"{PREFIX}_labels", "Labels handed out, by head and label", ["head", "label"])
OFF_TOPIC = Counter(f"{PREFIX}_statements_off_topic", "Statements the relevant head found not about the partnership")
NOT_SWAHILI = Counter(f"{PREFIX}_texts_not_swahili", "Statements or articles not labelled because they are not Swahili")
REFUSED = Counter(f"{PREFIX}_requests_refused", "Requests refused by a limit or a deployment setting", ["limit"])
RELOADS = Counter(f"{PREFIX}_model_reloads", "Model reloads, by outcome", ["outcome"])
# "liveall": one sample per live worker, so a worker still on the old model shows during a rolling reload
MODEL = Gauge(f"{PREFIX}_model_info", "The loaded model: 1 for its version", ["version"], multiprocess_mode="liveall")

_LABELLED = ("stance", "bloc", "sentiment")


def refused(limit: str) -> None:
    REFUSED.labels(limit).inc()


def loaded(version: str, previous: str | None = None) -> None:
    if previous is not None and previous != version:
        MODEL.labels(previous).set(0)
    MODEL.labels(version).set(1)


def _statement(result) -> None:
    if result.language is not None and not result.language.swahili:
        NOT_SWAHILI.inc()
        return
    STATEMENTS.inc()
    for head in _LABELLED:
        decision = getattr(result, head)
        if decision is not None:
            LABELS.labels(head, decision.label).inc()
    if result.relevant is not None:
        LABELS.labels("relevant", "yes" if result.relevant.label else "no").inc()
        if not result.relevant.label:
            OFF_TOPIC.inc()


def record(mode: str, results: list[StatementResult] | list[ArticleResult]) -> None:
    """Count one request's results (a few counter increments per statement, ~1 µs each)."""
    TEXTS.labels(mode).inc(len(results))
    if mode == "statement":
        for result in results:
            _statement(result)
        return
    for article in results:
        if article.language is not None and not article.language.swahili:
            NOT_SWAHILI.inc()
            continue
        for statement in article.statements:
            _statement(statement)


def multiprocess() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def worker_gone() -> None:
    """A worker that stops (shutdown, or replaced by a reload) drops its live gauges, so /metrics
    no longer reports the model it was serving; its counters stay in the sums."""
    if multiprocess():
        from prometheus_client import multiprocess as mp

        mp.mark_process_dead(os.getpid())
