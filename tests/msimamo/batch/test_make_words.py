"""`make score`'s user reads the make variables they typed (IN=, TEXT_COLUMN=, ENGINE=…), not the
flags make passed for them (`msimamo score` run directly keeps its flags: test_command.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from batch_support import leftovers, model_path, write  # noqa: F401 (fixture)
from conftest import ROOT
from msimamo.batch.command import MAKE_USAGE, in_make_words

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="no make")


@pytest.mark.parametrize("message, said", [
    ("in.csv: no column 'text' (columns: id, body); name the text column with --text-column",
     "in.csv: no column 'text' (columns: id, body); name the text column with TEXT_COLUMN="),
    ("--scheduler needs --engine dask", "SCHEDULER= needs ENGINE=dask"),
    ("--engine dask needs dask: pip install 'msimamo[dask]'", "ENGINE=dask needs dask: pip install 'msimamo[dask]'"),
    ("argument --mode: invalid choice: 'x' (choose from 'statement', 'article')",
     "MODE: invalid choice: 'x' (choose from 'statement', 'article')"),
    ("argument --jobs: must be at least 1, got 0", "JOBS: must be at least 1, got 0"),
    ("started a local Dask cluster: 2 workers × 1 thread (no --scheduler given)",
     "started a local Dask cluster: 2 workers × 1 thread (no SCHEDULER= given)"),
    ("the following arguments are required: output", MAKE_USAGE),
    # what make does not pass, and words that only look like flags, stay as they are
    ("in.csv: line 3: malformed; --strict: stopping", "in.csv: line 3: malformed; --strict: stopping"),
    ("see msimamo score --help; --model-card --modes", "see msimamo score --help; --model-card --modes"),
])
def test_flags_become_the_make_variables_that_set_them(message, said):
    assert in_make_words(message) == said


def make_score(*variables: str, model: Path | str = "models/msimamo.joblib") -> subprocess.CompletedProcess:
    """`make score` with the test's model; ``-o model`` so make never trains one into models/."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "--no-print-directory", "-o", "model", "score",
                           f"MSIMAMO={Path(sys.executable).parent / 'msimamo'}", f"MODEL_PATH={model}", *variables],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.parametrize("variables", [[], ["IN=in.csv"], ["IN=", "OUT=out.csv"], ["IN= ", "OUT= "]])
def test_make_score_without_in_or_out_says_what_to_type(variables):
    run = make_score(*variables)
    assert run.returncode != 0
    assert run.stderr.splitlines()[0] == "make score needs IN=input.csv OUT=scored.csv"
    assert "msimamo" not in run.stderr  # stopped before the model target or the command


def test_make_score_refusals_name_the_make_variables(model_path, tmp_path):
    src = write(tmp_path / "in.csv", ["id", "body"], [["1", "habari"]])
    out = tmp_path / "out.csv"
    run = make_score(f"IN={src}", f"OUT={out}", model=model_path)
    assert run.returncode != 0
    assert (f"msimamo score: error: {src}: no column 'text' (columns: id, body); name the text column with "
            "TEXT_COLUMN=\n") in run.stderr
    run = make_score(f"IN={src}", f"OUT={out}", "MODE=articles", model=model_path)
    assert "msimamo score: error: MODE: invalid choice: 'articles'" in run.stderr and "--mode" not in run.stderr
    run = make_score(f"IN={src}", f"OUT={out}", "TEXT_COLUMN=body", "SCHEDULER=tcp://127.0.0.1:9", model=model_path)
    assert "msimamo score: error: SCHEDULER= needs ENGINE=dask\n" in run.stderr
    assert leftovers(tmp_path, "out.csv") == []
    run = make_score(f"IN={src}", f"OUT={out}", "TEXT_COLUMN=body", model=model_path)
    assert run.returncode == 0, run.stderr
    assert "1 rows in, 1 rows out, order preserved" in run.stderr
