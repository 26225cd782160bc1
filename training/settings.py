"""All run-time configuration, read from the environment once, with the defaults the README lists."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _int(env: dict, name: str, default: int) -> int:
    raw = env.get(name, "")
    try:
        value = int(raw) if raw.strip() else default
    except ValueError:
        raise SystemExit(f"{name}={raw!r} is not a whole number") from None
    if value < 1 and name != "PORT":
        raise SystemExit(f"{name} must be at least 1, got {value}")
    return value


@dataclass(frozen=True)
class Settings:
    model_path: Path = ROOT / "models" / "msimamo.joblib"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    max_texts: int = 256
    max_chars: int = 20_000
    max_body_bytes: int = 2 * 1024 * 1024

    @classmethod
    def from_env(cls, env: dict | None = None) -> "Settings":
        env = os.environ if env is None else env
        d = cls()
        return cls(
            model_path=Path(env.get("MODEL_PATH") or d.model_path),
            host=env.get("HOST") or d.host,
            port=_int(env, "PORT", d.port),
            workers=_int(env, "WORKERS", d.workers),
            max_texts=_int(env, "MAX_TEXTS", d.max_texts),
            max_chars=_int(env, "MAX_CHARS", d.max_chars),
            max_body_bytes=_int(env, "MAX_BODY_BYTES", d.max_body_bytes),
        )
