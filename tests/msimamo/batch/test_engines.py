"""Engines: a real process pool and a real Dask LocalCluster must write what one job writes, byte for byte."""

from __future__ import annotations

import pytest

from batch_support import big_input, model, model_path, read, score  # noqa: F401 (fixtures)
from msimamo.batch.engines import ModelBundle
from msimamo.errors import ModelError

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_two_jobs_and_dask_write_the_same_bytes_as_one_job(model_path, tmp_path):
    src = big_input(tmp_path / "in.csv", 2_500)
    with open(src, "a", encoding="utf-8") as fh:
        fh.write('x,"unterminated\ny,habari za Moscow\n')
    runs = {
        "one": score(model_path, src, tmp_path / "one.csv", "--chunk-size", "100"),
        "two": score(model_path, src, tmp_path / "two.csv", "--jobs", "2", "--chunk-size", "100"),
        "dask": score(model_path, src, tmp_path / "dask.csv", "--engine", "dask", "--jobs", "2",
                      "--chunk-size", "100"),
    }
    # a LocalCluster the user did not name is announced, in one line before the summary
    assert runs["dask"].stderr.startswith("started a local Dask cluster: 2 workers × 1 thread (no --scheduler given)\n")
    assert "Dask" not in runs["two"].stderr
    for name, run in runs.items():
        assert run.returncode == 0, (name, run.stderr)
        assert "2502 rows in, 2502 rows out, order preserved; 26 with an error (1 malformed CSV lines)" in run.stderr
    one = (tmp_path / "one.csv").read_bytes()
    assert (tmp_path / "two.csv").read_bytes() == one
    assert (tmp_path / "dask.csv").read_bytes() == one
    assert [r[0] for r in read(tmp_path / "one.csv")[1:]] == [str(i) for i in range(2500)] + ["", "y"]


def test_workers_get_the_model_the_driver_verified(model_path, model, tmp_path):
    bundle = ModelBundle.read(model_path, model)
    assert bundle.sha256 == model.card.joblib_sha256
    assert bundle.load().version == model.version
    changed = tmp_path / model_path.name
    changed.write_bytes(model_path.read_bytes() + b"\0")
    (tmp_path / "model.json").write_bytes((model_path.parent / "model.json").read_bytes())
    with pytest.raises(ModelError, match="changed while it was being loaded"):
        ModelBundle.read(changed, model)
