"""Shared fixtures: small labelled tables cut from the gold seed corpus, and one trained model."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = SEEDS / "statements.csv"
ARTICLES = SEEDS / "articles"
SHARED = ROOT.parent / "shared"


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
    """One model trained on the gold seeds (no evaluation, to keep the suite quick)."""
    from training.fit import train

    out = tmp_path_factory.mktemp("model") / "msimamo.joblib"
    card = train(GOLD, out, evaluate=False, log=lambda *_: None)
    return out, card
