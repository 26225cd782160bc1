"""`make bench`: the real server against two references measured in the same run.

References: (1) the plain scikit-learn path in-process — the fitted pipeline's predict_proba on
one text; (2) the same framework with a constant handler — the HTTP ceiling on this machine.
Figures are reported as ratios to those, since absolute rates on a shared machine drift. Both
servers run throughout, and each round measures every figure in turn (the in-process rates before
and after its load runs), so a neighbour's burst lands in one round rather than on one side of a
ratio; the medians over rounds are printed, with the per-round ratios for the spread.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from msimamo.model.artefact import load_model  # noqa: E402
from msimamo.config import Settings  # noqa: E402
from training.progress import Progress, to_stderr  # noqa: E402

SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
#: Rounds alternate every measurement, so a neighbour's burst on this shared machine hits one round,
#: not one side of a ratio; medians are reported.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


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


def in_process_rate(score, text: str, seconds: float) -> float:
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        score(text)
        n += 1
    return n / (time.perf_counter() - t0)


def in_process(model, text: str) -> dict[str, float]:
    """The two in-process rates, taken before and after each round's load runs and averaged."""
    return {"sklearn": in_process_rate(lambda t: model.pipeline.predict_proba([t]), text, 1.5),
            "fast": in_process_rate(model.classify, text, 1.5)}


def main() -> int:
    settings = Settings.from_env()
    steps = Progress(to_stderr)  # what runs now, on stderr; the figures alone on stdout
    steps.stage(f"loading {settings.model_path}; starting the constant server and the real one")
    model = load_model(settings.model_path)
    with open(ROOT / "seeds" / "statements.csv", encoding="utf-8") as fh:
        texts = [r["text"] for r in csv.DictReader(fh)]
    text = min(texts, key=lambda t: abs(len(t) - 160))
    single = json.dumps({"text": text}).encode()
    batch = json.dumps({"texts": (texts * 2)[:64]}).encode()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    const_port, real_port = free_port(), free_port()
    const = start([sys.executable, "-m", "uvicorn", "bench.const_app:app", "--port", str(const_port),
                   "--log-level", "warning", "--no-access-log"], const_port, env)
    server = start([sys.executable, "-m", "api"], real_port,
                   {**env, "PORT": str(real_port), "MODEL_PATH": str(settings.model_path)})
    rounds = []
    try:
        loop = steps.loop(f"rounds of in-process rates and {SECONDS:.0f} s load runs", ROUNDS, unit="round")
        for _ in range(ROUNDS):
            before = in_process(model, text)
            r = {}
            for c in (1, 16):
                r[("const", c)] = load(const_port, single, c)
                r[("real", c)] = load(real_port, single, c)
            r["batch"] = load(real_port, batch, 4)
            after = in_process(model, text)
            r |= {k: (before[k] + after[k]) / 2 for k in before}
            rounds.append(r)
            loop.tick()
        rss = rss_mb(server.pid)
    finally:
        for proc in (const, server):
            proc.terminate()
            proc.wait()

    def med(f) -> float:
        return statistics.median(f(r) for r in rounds)

    print(f"statement of {len(text)} characters; {ROUNDS} rounds, each measuring every figure below in turn, "
          f"{SECONDS:.0f} s per load run; medians over rounds; load generator: "
          f"{'wrk' if WRK else 'bench/loadgen.py (install wrk for a lighter one)'}\n")
    spread = ", ".join(f"{r['sklearn']:.0f}" for r in rounds)
    print(f"reference: scikit-learn predict_proba, one text, in-process: {med(lambda r: r['sklearn']):8.0f} texts/s "
          f"(per round: {spread})")
    for c in (1, 16):
        q = lambda r: r[("const", c)]  # noqa: E731
        print(f"reference: constant Litestar handler, concurrency {c:>2}:     {med(lambda r: q(r)['rps']):8.0f} req/s "
              f"(p50 {med(lambda r: q(r)['p50_ms']):.2f} ms, p99 {med(lambda r: q(r)['p99_ms']):.2f} ms)")
    print(f"msimamo Msimamo.classify, one text, in-process:          {med(lambda r: r['fast']):8.0f} texts/s "
          f"= {med(lambda r: r['fast'] / r['sklearn']):.1f} × scikit-learn (no HTTP)")
    print()
    for c in (1, 16):
        q = lambda r: r[("real", c)]  # noqa: E731
        print(f"msimamo /classify, one text, concurrency {c:>2}: {med(lambda r: q(r)['rps']):8.0f} req/s  "
              f"p50 {med(lambda r: q(r)['p50_ms']):.2f} ms  p99 {med(lambda r: q(r)['p99_ms']):.2f} ms  "
              f"= {med(lambda r: q(r)['rps'] / r['sklearn']):.2f} × scikit-learn, "
              f"{med(lambda r: q(r)['rps'] / r[('const', c)]['rps']):.2f} × constant handler")
        print("    per round: " + ", ".join(f"{q(r)['rps'] / r['sklearn']:.2f} × / {q(r)['rps'] / r[('const', c)]['rps']:.2f} ×"
                                          for r in rounds))
    print(f"msimamo /classify, 64-text batches, concurrency 4: {med(lambda r: r['batch']['rps']) * 64:8.0f} texts/s "
          f"= {med(lambda r: r['batch']['rps'] * 64 / r['sklearn']):.2f} × scikit-learn single-text rate")
    errors = [bad for r in rounds for k in r if isinstance(r[k], dict)
              if (bad := {code: n for code, n in r[k]["statuses"].items() if n and str(code) != "200"})]
    print(f"responses other than 200: {errors or 'none'}")
    print(f"server RSS after the runs: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
