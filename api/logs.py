"""Request IDs and the service's log lines.

Every request gets an id: the client's ``X-Request-ID`` when it sends a sensible one (so a trace
crosses services), else a new one. It is returned in the response header and in every error body,
and a context variable puts it in every log line written while the request runs, so an analyst's
complaint ("request 7f3a… got a 503") leads straight to the lines that explain it. The access log
is off unless ACCESS_LOG=1; LOG_FORMAT=json makes every line one JSON object.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar

from msimamo.config import Settings

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
#: Texts the request asked to classify, set by the handler for the access log.
TEXTS: ContextVar[int | None] = ContextVar("texts", default=None)

#: A client's id is used only if it is short and plain: it goes into headers and log lines.
_CLIENT_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

access = logging.getLogger("msimamo.access")


def request_id() -> str:
    """The current request's id; outside one (a route that matched nothing), a new one."""
    rid = REQUEST_ID.get()
    if rid is None:
        rid = uuid.uuid4().hex
        REQUEST_ID.set(rid)
    return rid


class _WithRequestId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get() or "-"
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message, and a request's fields."""

    FIELDS = ("route", "method", "status", "texts", "ms")

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
                 "level": record.levelname.lower(), "logger": record.name,
                 "id": getattr(record, "request_id", "-"), "message": record.getMessage()}
        entry |= {k: getattr(record, k) for k in self.FIELDS if hasattr(record, k)}
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(settings: Settings) -> None:
    """One handler on stderr for Msimamo's loggers and uvicorn's error log, in LOG_FORMAT. Info
    lines (start-up, reloads, the access log when on) and every warning and error are written."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_WithRequestId())
    if settings.log_format == "json":
        handler.setFormatter(JsonLines())
        handler.formatter.converter = time.gmtime
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))
    for name in ("msimamo", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO if name == "msimamo" else logging.WARNING)
        logger.propagate = False
    access.disabled = not settings.access_log


def request_ids(app):
    """ASGI middleware: the request's id in a context variable, the response header and the access
    log; the loaded model's version in every response's ``X-Model-Version``."""

    async def middleware(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        given = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"x-request-id"), "")
        rid = given if _CLIENT_ID.fullmatch(given) else uuid.uuid4().hex
        token, texts = REQUEST_ID.set(rid), TEXTS.set(None)
        started, status = time.perf_counter(), [0]

        async def send_with_id(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                headers = list(message.get("headers", ()))
                names = {k.lower() for k, _ in headers}
                if b"x-request-id" not in names:  # an error body may carry it already
                    headers.append((b"x-request-id", rid.encode()))
                model = scope["app"].state.get("model")
                if model is not None and b"x-model-version" not in names:  # /classify sets the one it used
                    headers.append((b"x-model-version", model.version.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            if not access.disabled:
                ms = round((time.perf_counter() - started) * 1000, 2)
                route = scope.get("path_template", scope["path"])
                access.info("%s %s %s %.2f ms", scope["method"], route, status[0], ms, extra={
                    "route": route, "method": scope["method"], "status": status[0], "texts": TEXTS.get(), "ms": ms})
            REQUEST_ID.reset(token)
            TEXTS.reset(texts)

    return middleware
