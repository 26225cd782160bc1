"""``msimamo serve``: check the model, then run uvicorn. A bad model stops the start in one line."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os

import uvicorn

from msimamo.config import Settings
from msimamo.errors import ModelError
from msimamo.model.artefact import load_model

DESCRIPTION = ("Serve POST /classify, /health, /ready, /model and /schema with uvicorn. Settings come from "
               "the environment (see the README); these options override them.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to bind (HOST)")
    parser.add_argument("--port", type=int, help="port (PORT)")
    parser.add_argument("--workers", type=int, help="worker processes (WORKERS)")
    parser.add_argument("--model", help="model path (MODEL_PATH)")


def settings_from(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    given = {"host": args.host, "port": args.port, "workers": args.workers, "model_path": args.model}
    return dataclasses.replace(settings, **{k: v for k, v in given.items() if v is not None})


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    try:
        model = load_model(settings.model_path)
    except ModelError as exc:
        raise ModelError(f"cannot start: {exc}") from None
    if not settings.model_key:
        logging.getLogger("msimamo.serve").warning(
            "msimamo serve: MODEL_KEY is unset: the model at %s is trusted by its location only "
            "(set MODEL_KEY to require a signature)", settings.model_path)
    # SIGTERM: requests in flight get the grace period, then are cancelled (which kills their model
    # processes) and the lifespan stops the rest; a request no longer holds the process.
    common = {"host": settings.host, "port": settings.port, "log_level": "warning", "access_log": False,
              "timeout_graceful_shutdown": settings.shutdown_grace_s}
    if settings.workers == 1:
        from api.app import create_app

        uvicorn.run(create_app(model=model, settings=settings), **common)
    else:
        # each worker process builds its own app, reading the same settings from the environment
        os.environ.update({"MODEL_PATH": str(settings.model_path), "WORKERS": str(settings.workers)})
        uvicorn.run("api.app:create_app", factory=True, workers=settings.workers, **common)
    return 0
