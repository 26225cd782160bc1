"""`make bench-score`: batch-scoring throughput and memory, against the in-process prediction rate.

Generates a large CSV of varied statements (clauses of the seed statements spliced at random, so
no text is one repeated string) into bench/out/, then times `python -m msimamo score` as a
subprocess with one job, two jobs and Dask, and reads each run's peak RSS. The in-process rate is
Msimamo.classify (the path score_chunk takes; both paths are compared first) on the first rows of
the same file, measured in the same run, so the ratio shows what reading, writing and coordination
cost. Figures, not a test.
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import random
import re
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from msimamo.model.artefact import load_model  # noqa: E402
from msimamo.config import Settings  # noqa: E402
from training.progress import Progress, to_stderr  # noqa: E402

#: Runs the command given as arguments and prints the peak RSS (KiB) of it and its descendants:
#: a fresh parent per measurement, because RUSAGE_CHILDREN is a maximum over every child waited for.
PEAK_RSS = ("import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:]).returncode; "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(rc)")
IN_PROCESS_ROWS = 100_000


def clauses() -> list[str]:
    with open(ROOT / "seeds" / "statements.csv", encoding="utf-8", newline="") as fh:
        texts = [r["text"] for r in csv.DictReader(fh)]
    return [c for t in texts for c in re.split(r"(?<=[,;:.”])\s+", t) if len(c) > 15]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """One to three clauses from different statements per row, plus id and source columns."""
    if path.exists():
        return
    rng, pool = random.Random(seed), clauses()
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "source", "text"])
        for i in range(rows):
            text = " ".join(rng.sample(pool, rng.randint(1, 3)))
            w.writerow([i, rng.choice(("bbc", "dw", "voa", "mwananchi")), text[0].upper() + text[1:]])
    tmp.rename(path)


def texts_of(path: Path, rows: int) -> list[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [r["text"] for r in islice(csv.DictReader(fh), rows)]


def in_process_rate(model, texts: list[str]) -> float:
    """Msimamo.classify text by text, as score_chunk does, with no file, chunking or workers."""
    started = time.perf_counter()
    for text in texts:
        model.classify(text)
    return len(texts) / (time.perf_counter() - started)


def compare_paths(model, texts: list[str], repeats: int = 3) -> None:
    """Which path a chunk should take: best of ``repeats`` alternating runs, rows/s, per chunk size."""
    for size in (1000, 2000, 5000):
        chunk, many, one = texts[:size], 0.0, 0.0
        for _ in range(repeats):
            started = time.perf_counter()
            model.classify_many(chunk)
            many = max(many, size / (time.perf_counter() - started))
            started = time.perf_counter()
            for text in chunk:
                model.classify(text)
            one = max(one, size / (time.perf_counter() - started))
        print(f"chunk of {size:>5,}: classify_many {many:7,.0f} rows/s, classify one by one {one:7,.0f} rows/s")


def score(model_path: str, src: Path, dst: Path, *args: str) -> tuple[float, int]:
    """Wall-clock seconds (start-up included) and peak RSS in MiB of one scoring run."""
    cmd = [sys.executable, "-m", "msimamo", "score", str(src), str(dst), "--quiet", "--model", model_path, *args]
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", PEAK_RSS, *cmd], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"scoring failed: {' '.join(cmd)}\n{run.stderr}")
    return seconds, int(run.stdout.split()[-1]) // 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows in the large file (default 1,000,000)")
    ap.add_argument("--model", default=str(Settings.from_env().model_path))
    args = ap.parse_args()
    small_rows = max(1, args.rows // 10)
    OUT.mkdir(parents=True, exist_ok=True)
    big, small = OUT / f"statements_{args.rows}.csv", OUT / f"statements_{small_rows}.csv"
    steps = Progress(to_stderr)  # what runs now, on stderr; the figures alone on stdout
    steps.stage(f"inputs: {big.name} and {small.name} (generated unless already there)")
    t0 = time.perf_counter()
    generate(big, args.rows)
    generate(small, small_rows)
    print(f"inputs: {big.name} ({big.stat().st_size / 2**20:.0f} MiB), {small.name}; "
          f"{time.perf_counter() - t0:.0f} s to generate (0 if reused)")

    steps.stage(f"loading {args.model}; classify_many against classify on chunks of the first rows")
    model = load_model(args.model)
    texts = texts_of(big, IN_PROCESS_ROWS)
    compare_paths(model, texts)
    steps.stage(f"in-process Msimamo.classify on the first {len(texts):,} rows")
    base = in_process_rate(model, texts)
    print(f"in-process Msimamo.classify, first {min(args.rows, IN_PROCESS_ROWS):,} rows: {base:,.0f} rows/s")
    runs = [("one job", "one", []), ("two jobs", "two", ["--jobs", "2"]),
            ("dask, LocalCluster of 2", "dask", ["--engine", "dask", "--jobs", "2"])]
    print(f"{'engine':<26}{'rows':>10}{'seconds':>10}{'rows/s':>10}{'÷ in-process':>14}{'peak RSS':>10}"
          f"{'same bytes':>12}")
    rss_big = {}
    for name, slug, extra in runs:
        steps.stage(f"msimamo score, {name}, {args.rows:,} rows")
        dst = OUT / f"scored_{slug}.csv"
        seconds, rss_big[slug] = score(args.model, big, dst, *extra)
        reference = OUT / "scored_one.csv"
        same = "—" if slug == "one" else ("yes" if filecmp.cmp(dst, reference, shallow=False) else "NO")
        print(f"{name:<26}{args.rows:>10,}{seconds:>10.1f}{args.rows / seconds:>10,.0f}"
              f"{args.rows / seconds / base:>14.2f}{rss_big[slug]:>6} MiB{same:>12}")
    for slug in rss_big:
        (OUT / f"scored_{slug}.csv").unlink()
    steps.stage(f"msimamo score, one job, {small_rows:,} rows (peak RSS against the file's size)")
    _, rss_small = score(args.model, small, OUT / "scored_small.csv")
    (OUT / "scored_small.csv").unlink()
    print(f"peak RSS, one job: {small_rows:,} rows {rss_small} MiB, {args.rows:,} rows {rss_big['one']} MiB "
          f"(ratio {rss_big['one'] / rss_small:.2f}; aim ≤ 1.2)")
    steps.stage("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
