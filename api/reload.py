"""``msimamo reload``: make a running ``msimamo serve`` load MODEL_PATH again, and say how it went.

It sends SIGHUP to the server on PORT (whose process id ``serve`` left in a file, see
``api.hotswap.pid_file``), then reads `/model` until the server reports the reload: one line with
the new version, or the reason the old model was kept (exit status 1).
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import signal
import sys
import time
import urllib.error
import urllib.request

from api.hotswap import pid_file
from msimamo.config import Settings
from msimamo.errors import ConfigError

DESCRIPTION = ("Reload the model of a running `msimamo serve` (SIGHUP) and report the version it now serves, "
               "or why it kept the old one.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, help="the server's port (PORT)")
    parser.add_argument("--host", help="the server's address, to read /model (HOST)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for the outcome (default 120)")


def _seconds(stamp: str) -> float:
    return calendar.timegm(time.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ"))


def _card(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return json.loads(answer.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    port = args.port if args.port is not None else settings.port
    host = args.host or settings.host
    path = pid_file(port)
    try:
        pid = int(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        raise ConfigError(f"no msimamo serve on port {port} (no {path}): start it with `make serve`, "
                          "or give --port") from None
    # the server's clock has one-second resolution in /model: a reload "after" sent means same second or later
    sent = int(time.time())
    try:
        os.kill(pid, signal.SIGHUP)
    except ProcessLookupError:
        path.unlink(missing_ok=True)
        raise ConfigError(f"msimamo serve on port {port} (process {pid}) is not running") from None
    url = f"http://{host}:{port}/model"
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        card = _card(url)
        if card:
            last = card.get("last_reload")
            if last and _seconds(last["at"]) >= sent:
                if last["ok"]:
                    print(f"reloaded: {last['detail']}")
                    return 0
                print(f"reload failed, still serving {card['version']}: {last['detail']}", file=sys.stderr)
                return 1
            # WORKERS > 1: uvicorn replaces the workers; a new one reports when it loaded
            if not last and _seconds(card["loaded_at"]) >= sent and not card["on_disk"]["differs"]:
                print(f"reloaded: workers now serve {card['version']}")
                return 0
        time.sleep(0.2)
    print(f"no reload reported by {url} within {args.timeout:g} s: see the server's log", file=sys.stderr)
    return 1
