"""``msimamo serve``: check the model, then run uvicorn. A bad model stops the start in one line."""

from __future__ import annotations

import argparse
import atexit
import dataclasses
import logging
import os
import shutil
import tempfile

import uvicorn

from api import logs
from api.hotswap import pid_file
from api.pool import START_TIMEOUT_S
from msimamo.config import SETTINGS, Settings
from msimamo.errors import ModelError
from msimamo.model.artefact import load_model

DESCRIPTION = ("Serve the analyst page (/), POST /classify, /archive, /health, /ready, /model, /metrics and /schema "
               "with uvicorn. Settings come from the environment (see the README); these options override them. "
               "SIGHUP (or `msimamo reload`) loads MODEL_PATH again without stopping.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to bind (HOST)")
    parser.add_argument("--port", type=int, help="port (PORT)")
    parser.add_argument("--workers", type=int, help="worker processes (WORKERS)")
    parser.add_argument("--model", help="model path (MODEL_PATH)")


def settings_from(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    given = {"host": args.host, "port": args.port, "workers": args.workers, "model_path": args.model}
    return dataclasses.replace(settings, **{k: v for k, v in given.items() if v is not None})


def startup_line(settings: Settings, model) -> str:
    """What an operator checks first: where, how many workers, which model, which limits."""
    card = model.card
    where = f"http://{settings.host}:{settings.port}" if settings.port else f"{settings.host}, any free port"
    limits = " ".join(f"{s.env}={getattr(settings, s.field)}" for s in SETTINGS if s.env in _LIMITS)
    extras = [name for name, on in (("API_KEY", settings.api_key), ("RATE_LIMIT", settings.rate_limit),
                                    ("CORS_ORIGINS", settings.cors_origins), ("ACCESS_LOG", settings.access_log)) if on]
    return (f"msimamo serve: {where} · {settings.workers} worker{'s' if settings.workers > 1 else ''} · "
            f"model {card.version} ({', '.join(card.heads)}) from {settings.model_path} · gazetteer "
            f"{card.gazetteer.entries} entries · {limits}" + (f" · on: {', '.join(extras)}" if extras else ""))


_LIMITS = ("MAX_TEXTS", "MAX_CHARS", "MAX_BODY_BYTES", "MAX_STATEMENTS", "REQUEST_TIMEOUT_S", "BODY_TIMEOUT_S",
           "MODEL_PROCESSES", "ARCHIVE_MAX_BYTES")


def _fresh_metrics_dir() -> str:
    """prometheus_client's multiprocess mode: each worker writes its counts to files here, and
    /metrics adds them up. A new directory per start, so counts never carry over from a last run."""
    folder = tempfile.mkdtemp(prefix="msimamo-metrics-")
    atexit.register(shutil.rmtree, folder, True)
    return folder


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    try:
        model = load_model(settings.model_path)
    except ModelError as exc:
        raise ModelError(f"cannot start: {exc}") from None
    logs.configure(settings)
    log = logging.getLogger("msimamo.serve")
    if not settings.model_key:
        log.warning("MODEL_KEY is unset: the model at %s is trusted by its location only "
                    "(set MODEL_KEY to require a signature)", settings.model_path)
    log.info(startup_line(settings, model))
    pid = pid_file(settings.port)
    pid.write_text(f"{os.getpid()}\n", encoding="ascii")
    atexit.register(lambda: pid.unlink(missing_ok=True))
    # SIGTERM: requests in flight get the grace period, then are cancelled (which kills their model
    # processes) and the lifespan stops the rest; a request no longer holds the process.
    common = {"host": settings.host, "port": settings.port, "log_level": "warning", "access_log": False,
              "timeout_graceful_shutdown": settings.shutdown_grace_s}
    if settings.workers == 1:
        from api.app import create_app

        uvicorn.run(create_app(model=model, settings=settings), **common)
    else:
        # each worker process builds its own app, reading the same settings from the environment;
        # SIGHUP makes uvicorn replace them one by one, each loading MODEL_PATH anew (api/hotswap.py)
        os.environ.update({"MODEL_PATH": str(settings.model_path), "WORKERS": str(settings.workers),
                           "PROMETHEUS_MULTIPROC_DIR": _fresh_metrics_dir()})
        # a new worker is ready once its lifespan has loaded the model and started its model
        # processes (seconds, more on a busy machine); uvicorn's default wait is 5 s
        uvicorn.run("api.app:create_app", factory=True, workers=settings.workers,
                    timeout_worker_healthcheck=int(START_TIMEOUT_S), **common)
    return 0
