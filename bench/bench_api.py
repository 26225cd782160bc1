"""`make bench`: the real server against two references measured in the same run.

References: (1) the plain scikit-learn path in-process — the fitted pipeline's predict_proba on
one text; (2) the same framework with a constant handler — the HTTP ceiling on this machine.
Figures are reported as ratios to those, since absolute rates on a shared machine drift.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from training.model import load_model  # noqa: E402
from training.settings import Settings  # noqa: E402

SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: list[str], port: int, env: dict) -> subprocess.Popen:
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=0.5).status_code < 500:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
        except Exception:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"server did not start: {proc.stderr.read().decode()[-2000:]}")


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


WRK = shutil.which("wrk")
WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open(os.getenv("BODY_FILE"), "rb"); wrk.body = f:read("*a"); f:close()
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\": %d, \\"rps\\": %f, \\"p50_ms\\": %f, \\"p99_ms\\": %f, \\"errors\\": %d}\\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
"""


def load(port: int, body: bytes, concurrency: int) -> dict:
    """wrk when installed (a C load generator), else the bundled asyncio one; both in their own process."""
    with tempfile.TemporaryDirectory() as tmp:
        body_file = Path(tmp) / "body.json"
        body_file.write_bytes(body)
        if WRK:
            script = Path(tmp) / "post.lua"
            script.write_text(WRK_SCRIPT)
            out = subprocess.run([WRK, "-t1", f"-c{concurrency}", f"-d{SECONDS:.0f}s", "-s", str(script),
                                  f"http://127.0.0.1:{port}/classify"], capture_output=True, text=True, check=True,
                                 env={**os.environ, "BODY_FILE": str(body_file)})
            result = json.loads(out.stdout.split("JSON ", 1)[1])
            result["statuses"] = {"non-2xx or socket errors": result.pop("errors")}
            return result
        out = subprocess.run([sys.executable, str(ROOT / "bench" / "loadgen.py"), "127.0.0.1", str(port),
                              "/classify", str(body_file), str(concurrency), str(SECONDS)],
                             capture_output=True, text=True, check=True)
        return json.loads(out.stdout)


def in_process_rate(model, text: str, seconds: float = 3.0) -> float:
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        model.pipeline.predict_proba([text])
        n += 1
    return n / (time.perf_counter() - t0)


def main() -> int:
    settings = Settings.from_env()
    model = load_model(settings.model_path)
    with open(ROOT / "seeds" / "statements.csv", encoding="utf-8") as fh:
        texts = [r["text"] for r in csv.DictReader(fh)]
    text = min(texts, key=lambda t: abs(len(t) - 160))
    single = json.dumps({"text": text}).encode()
    batch = json.dumps({"texts": (texts * 2)[:64]}).encode()

    sk_rate = in_process_rate(model, text)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rows = []

    port = free_port()
    const = start([sys.executable, "-m", "uvicorn", "bench.const_app:app", "--port", str(port), "--log-level",
                   "warning"], port, env)
    try:
        ceiling = {c: load(port, single, c) for c in (1, 16)}
    finally:
        const.terminate()
        const.wait()

    port = free_port()
    server = start([sys.executable, "-m", "api"], port, {**env, "PORT": str(port), "MODEL_PATH": str(settings.model_path)})
    try:
        real = {c: load(port, single, c) for c in (1, 16)}
        batched = load(port, batch, 4)
        rss = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait()

    print(f"statement of {len(text)} characters; {SECONDS:.0f} s per load run; load generator: "
          f"{'wrk' if WRK else 'bench/loadgen.py (install wrk for a lighter one)'}\n")
    print(f"reference: scikit-learn predict_proba, one text, in-process: {sk_rate:8.0f} texts/s")
    for c in (1, 16):
        print(f"reference: constant Litestar handler, concurrency {c:>2}:     {ceiling[c]['rps']:8.0f} req/s "
              f"(p50 {ceiling[c]['p50_ms']:.2f} ms, p99 {ceiling[c]['p99_ms']:.2f} ms)")
    print()
    for c in (1, 16):
        r = real[c]
        rows.append((c, r))
        print(f"msimamo /classify, one text, concurrency {c:>2}: {r['rps']:8.0f} req/s  p50 {r['p50_ms']:.2f} ms  "
              f"p99 {r['p99_ms']:.2f} ms  = {r['rps'] / sk_rate:.2f} × scikit-learn, "
              f"{r['rps'] / ceiling[c]['rps']:.2f} × constant handler  statuses {r['statuses']}")
    print(f"msimamo /classify, 64-text batches, concurrency 4: {batched['rps'] * 64:8.0f} texts/s "
          f"= {batched['rps'] * 64 / sk_rate:.2f} × scikit-learn single-text rate  statuses {batched['statuses']}")
    print(f"server RSS after the runs: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
