"""Shared fixtures: small labelled tables cut from the gold seed corpus, and one trained model."""

from __future__ import annotations

import csv
import timeit
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = SEEDS / "statements.csv"
ARTICLES = SEEDS / "articles"
SHARED = ROOT.parent / "shared"


#: 8x the input may take at most this many times as long: a cost that grows with the square of the
#: input takes 64 times as long.
GROWTH = 30


def assert_linear(run, make, floor: float = 2e-4) -> None:
    """``run(make(8))`` takes less than ``GROWTH`` times ``run(make(1))``; timings below ``floor``
    seconds are noise and count as ``floor``. Cost, not wall-clock thresholds."""
    def seconds(arg) -> float:
        return max(floor, min(timeit.repeat(lambda: run(arg), number=1, repeat=5)))
    small, large = make(1), make(8)
    assert seconds(large) < GROWTH * seconds(small)


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def gold_rows() -> list[dict]:
    with open(GOLD, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    return gold_rows()


@pytest.fixture(scope="session")
def trained(tmp_path_factory):
    """One model trained on the gold seeds, with the off-topic statements for its relevant head
    (no evaluation, to keep the suite quick)."""
    from training.fit import train

    out = tmp_path_factory.mktemp("model") / "msimamo.joblib"
    card = train(GOLD, out, evaluate=False, log=lambda *_: None, offtopic=SEEDS / "offtopic.csv")
    return out, card
