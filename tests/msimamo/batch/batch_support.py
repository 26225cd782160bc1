"""What the batch-scoring tests share: the trained model, running ``msimamo score`` as a subprocess,
CSV files in and out, and the expected label cells computed in-process from the same model."""

from __future__ import annotations

import csv
import random
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, gold_rows
from msimamo.model.artefact import load_model


@pytest.fixture(scope="module")
def model_path(trained):
    return trained[0]


@pytest.fixture(scope="module")
def model(model_path):
    return load_model(model_path)


def command(model_path, src, dst, *args) -> list[str]:
    return [sys.executable, "-m", "msimamo", "score", str(src), str(dst), "--model", str(model_path), *args]


def score(model_path, src, dst, *args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(command(model_path, src, dst, *args), cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def write(path: Path, header, rows, delimiter=",", encoding="utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    return path


def read(path: Path, delimiter=",") -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter=delimiter))


def expected_cells(model, texts, speakers=None) -> list[list[str]]:
    """The added cells, built independently of msimamo.batch: the language code, then per head the
    label, its probability to 4 places and (bloc) the source; relevant is yes/no and P(yes).

    Without ``speakers`` each text is a statement (``classify`` attributes it); with them, each is
    labelled for the given, already resolved speaker, as in an article.
    """
    out = []
    for i, text in enumerate(texts):
        if speakers is None:
            result = model.classify(text)
            heads = {head: getattr(result, head) for head in ["language", *model.heads]}
        else:
            heads = model.label(text, speakers[i])
        cells = [heads["language"].code]
        for head in model.heads:
            r = heads[head]
            if head == "relevant":
                cells += ["yes" if r.score >= 0.5 else "no", "%.4f" % r.score]
                continue
            cells += [r.label, "%.4f" % r.scores[r.label]] + ([r.source] if head == "bloc" else [])
        out.append(cells)
    return out


def leftovers(directory: Path, name: str) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if name in p.name)


def seed_texts(n: int, seed: int = 0) -> list[str]:
    texts = [r["text"] for r in gold_rows()]
    rng = random.Random(seed)
    return [rng.choice(texts) for _ in range(n)]


def big_input(path: Path, rows: int) -> Path:
    texts = seed_texts(rows, seed=3)
    return write(path, ["id", "text"], [[str(i), "" if i % 101 == 0 else t] for i, t in enumerate(texts)])
