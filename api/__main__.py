"""`make serve`: check the model, then run uvicorn. A bad model stops the start with one line."""

from __future__ import annotations

import sys

import uvicorn

from training.model import ModelError, load_model
from training.settings import Settings


def main() -> int:
    settings = Settings.from_env()
    try:
        model = load_model(settings.model_path)
    except ModelError as exc:
        print(f"msimamo: cannot start: {exc}", file=sys.stderr)
        return 1
    if settings.workers == 1:
        from api.app import create_app

        uvicorn.run(create_app(model=model, settings=settings), host=settings.host, port=settings.port,
                    log_level="warning", access_log=False)
    else:
        uvicorn.run("api.app:create_app", factory=True, host=settings.host, port=settings.port,
                    workers=settings.workers, log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
