"""Every run-time setting, declared once: its environment variable, default and meaning.

The README's configuration table is checked against ``SETTINGS`` by a test, so the two cannot
drift. Values are read from the environment once (``Settings.from_env``); a bad value is a
``ConfigError`` naming the variable, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from msimamo.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Setting:
    env: str
    field: str
    default: Any
    shown: str  # the default as the README shows it
    meaning: str
    parse: Callable[[str, str], Any]


def _path(name: str, raw: str) -> Path:
    return Path(raw)


def _text(name: str, raw: str) -> str:
    return raw


def _secret(minimum: int) -> Callable[[str, str], str]:
    def parse(name: str, raw: str) -> str:
        if len(raw) < minimum:
            raise ConfigError(f"{name} must be at least {minimum} characters (a random key), got {len(raw)}")
        return raw
    return parse


def _whole(minimum: int) -> Callable[[str, str], int]:
    def parse(name: str, raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ConfigError(f"{name}={raw!r} is not a whole number") from None
        if value < minimum:
            raise ConfigError(f"{name} must be at least {minimum}, got {value}")
        return value
    return parse


def _choice(*allowed: str) -> Callable[[str, str], str]:
    def parse(name: str, raw: str) -> str:
        if raw.lower() not in allowed:
            raise ConfigError(f"{name}={raw!r}: expected one of {', '.join(allowed)}")
        return raw.lower()
    return parse


def _switch(name: str, raw: str) -> bool:
    value = raw.lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}={raw!r}: expected 1/0 (or on/off, true/false)")


def _origins(name: str, raw: str) -> tuple[str, ...]:
    """Comma-separated origins (``https://host[:port]``) or ``*``."""
    origins = tuple(o.strip().rstrip("/") for o in raw.split(",") if o.strip())
    for origin in origins:
        if origin != "*" and not (origin.startswith(("http://", "https://")) and "/" not in origin.split("://", 1)[1]):
            raise ConfigError(f"{name}: {origin!r} is not an origin (scheme://host[:port], no path) or *")
    return origins


def _seconds(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number of seconds") from None
    if not 0 < value < float("inf"):
        raise ConfigError(f"{name} must be a positive number of seconds, got {raw}")
    return value


SETTINGS: tuple[Setting, ...] = (
    Setting("MODEL_PATH", "model_path", ROOT / "models" / "msimamo.joblib", "models/msimamo.joblib",
            "the model; its card `model.json` sits beside it", _path),
    Setting("HOST", "host", "127.0.0.1", "127.0.0.1", "address uvicorn binds", _text),
    Setting("PORT", "port", 8000, "8000", "port (0: any free port)", _whole(0)),
    Setting("WORKERS", "workers", 1, "1", "uvicorn worker processes", _whole(1)),
    Setting("MAX_TEXTS", "max_texts", 256, "256", "most texts in one `/classify` request", _whole(1)),
    Setting("MAX_CHARS", "max_chars", 20_000, "20000", "most characters in one text", _whole(1)),
    Setting("MAX_BODY_BYTES", "max_body_bytes", 2 * 1024 * 1024, "2097152",
            "largest request body; larger ones get 413", _whole(1)),
    Setting("MODEL_KEY", "model_key", None, "(unset)",
            "secret (16+ characters) for signing models: training signs, loading refuses unsigned or "
            "wrongly signed models", _secret(16)),
    Setting("MODEL_PROCESSES", "model_processes", 1, "1",
            "processes (per uvicorn worker) that label requests of more than 4,000 characters; each "
            "loads its own copy of the model, ~300 MB", _whole(1)),
    Setting("REQUEST_TIMEOUT_S", "request_timeout_s", 10.0, "10",
            "seconds a large request may wait for and use a model process; then it gets 503 and the "
            "process is replaced", _seconds),
    Setting("MAX_STATEMENTS", "max_statements", 2000, "2000",
            "most statements article mode returns for one request; more get 422", _whole(1)),
    Setting("BODY_TIMEOUT_S", "body_timeout_s", 5.0, "5",
            "seconds a client has to send a request body; a slower one gets 408 and is disconnected",
            _seconds),
    Setting("SHUTDOWN_GRACE_S", "shutdown_grace_s", 5, "5",
            "seconds SIGTERM lets requests in flight finish before cancelling them", _whole(0)),
    Setting("ARCHIVE_MAX_BYTES", "archive_max_bytes", 20 * 1024 * 1024, "20971520",
            "largest CSV the web page's archive view takes (larger: `msimamo score`); larger uploads get 413",
            _whole(1)),
    Setting("ARCHIVE_DIR", "archive_dir", None, "(system temp)/msimamo-archive-UID",
            "where uploaded archives, their scored CSVs and summaries are kept until ARCHIVE_TTL_S", _path),
    Setting("ARCHIVE_JOBS", "archive_jobs", 1, "1",
            "archives scored at once per uvicorn worker, each in its own process; others wait their turn",
            _whole(1)),
    Setting("ARCHIVE_TIMEOUT_S", "archive_timeout_s", 1800.0, "1800",
            "seconds an archive may take to score; then its process is stopped and the job fails", _seconds),
    Setting("ARCHIVE_TTL_S", "archive_ttl_s", 3600.0, "3600",
            "seconds an uploaded archive and its results are kept after upload", _seconds),
    Setting("API_KEY", "api_key", None, "(unset)",
            "when set (16+ characters), `/classify` and `/archive` need `Authorization: Bearer <key>` (else 401)",
            _secret(16)),
    Setting("RATE_LIMIT", "rate_limit", 0, "0",
            "requests per minute per client address on `/classify` and `/archive` (0: no limit); more get 429",
            _whole(0)),
    Setting("CORS_ORIGINS", "cors_origins", (), "(unset)",
            "comma-separated origins whose browser pages may call the API (`*`: any); unset: none", _origins),
    Setting("ACCESS_LOG", "access_log", False, "0", "1: log one line per request (id, route, status, texts, ms)",
            _switch),
    Setting("LOG_FORMAT", "log_format", "text", "text", "`text`, or `json`: every log line one JSON object",
            _choice("text", "json")),
)


@dataclass(frozen=True)
class Settings:
    """The values in force; defaults are those of ``SETTINGS``."""

    model_path: Path = SETTINGS[0].default
    host: str = SETTINGS[1].default
    port: int = SETTINGS[2].default
    workers: int = SETTINGS[3].default
    max_texts: int = SETTINGS[4].default
    max_chars: int = SETTINGS[5].default
    max_body_bytes: int = SETTINGS[6].default
    model_key: str | None = field(default=SETTINGS[7].default, repr=False)  # a secret: never in a repr
    model_processes: int = SETTINGS[8].default
    request_timeout_s: float = SETTINGS[9].default
    max_statements: int = SETTINGS[10].default
    body_timeout_s: float = SETTINGS[11].default
    shutdown_grace_s: int = SETTINGS[12].default
    archive_max_bytes: int = SETTINGS[13].default
    archive_dir: Path | None = SETTINGS[14].default
    archive_jobs: int = SETTINGS[15].default
    archive_timeout_s: float = SETTINGS[16].default
    archive_ttl_s: float = SETTINGS[17].default
    api_key: str | None = field(default=SETTINGS[18].default, repr=False)  # a secret: never in a repr
    rate_limit: int = SETTINGS[19].default
    cors_origins: tuple[str, ...] = SETTINGS[20].default
    access_log: bool = SETTINGS[21].default
    log_format: str = SETTINGS[22].default

    @property
    def archive_root(self) -> Path:
        """ARCHIVE_DIR, or a directory of this user's in the system's temporary directory."""
        import tempfile

        return self.archive_dir or Path(tempfile.gettempdir()) / f"msimamo-archive-{os.getuid()}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        values = {}
        for s in SETTINGS:
            raw = env.get(s.env, "").strip()
            if raw:
                values[s.field] = s.parse(s.env, raw)
        return cls(**values)


assert [s.field for s in SETTINGS] == [f.name for f in fields(Settings)], "SETTINGS and Settings disagree"
assert all(getattr(Settings, s.field) == s.default for s in SETTINGS), "SETTINGS and Settings disagree"
