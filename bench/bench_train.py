"""`make bench-train`: training time on the seeds, in-process prediction rates, model size on disk."""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from training.fit import train  # noqa: E402
from training.progress import Progress, to_stderr  # noqa: E402
from msimamo.model.artefact import load_model  # noqa: E402


def rate(fn, items, seconds=3.0) -> float:
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for x in items:
            fn(x)
            n += 1
    return n / (time.perf_counter() - t0)


def main() -> int:
    data = ROOT / "seeds" / "statements.csv"
    with open(data, encoding="utf-8") as fh:
        texts = [r["text"] for r in csv.DictReader(fh)]
    steps = Progress(to_stderr)  # what runs now, on stderr; the figures alone on stdout
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "msimamo.joblib"
        steps.stage(f"training on {data.name} with nested evaluation")
        t0 = time.perf_counter()
        train(data, out, evaluate=True, log=lambda *_: None)
        with_eval = time.perf_counter() - t0
        steps.stage(f"training on {data.name} without evaluation")
        t0 = time.perf_counter()
        train(data, out, evaluate=False, log=lambda *_: None, force=True)
        fit_only = time.perf_counter() - t0
        model = load_model(out)
        size = out.stat().st_size
    batch = (texts * (1000 // len(texts) + 1))[:1000]
    steps.stage("prediction rates, 3 s each: the scikit-learn pipeline and Msimamo.classify")
    sk_single = rate(lambda t: model.pipeline.predict_proba([t]), texts)
    fast_single = rate(model.classify, texts)
    sk_batch = rate(model.pipeline.predict_proba, [batch], seconds=3.0) * len(batch)
    print(f"training on {data.name} ({len(texts)} rows): {with_eval:.1f} s with nested evaluation, "
          f"{fit_only:.1f} s fit only")
    print(f"in-process, single texts: scikit-learn pipeline {sk_single:8.0f} texts/s; "
          f"Msimamo.classify (fast path, incl. speaker lookup) {fast_single:8.0f} texts/s "
          f"({fast_single / sk_single:.1f} ×)")
    print(f"in-process, batches of 1,000: scikit-learn pipeline {sk_batch:8.0f} texts/s")
    print(f"model size on disk: {size / 1024:.0f} KiB (joblib, compress=3)")
    steps.stage("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
