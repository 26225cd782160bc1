"""Writing: OUT appears only when every row arrived, once and in order; otherwise it is not written."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from batch_support import big_input, command, leftovers, model_path, seed_texts, write  # noqa: F401 (fixture)
from conftest import ROOT
from msimamo.batch.reading import Record
from msimamo.batch.writing import RowCheck
from msimamo.cli import main
from msimamo.errors import RowCheckError

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_row_check_catches_lost_duplicated_and_reordered_rows():
    records = [Record(n, ["x"], "") for n in (2, 3, 4)]

    def check(written, mode="statement"):
        rc = RowCheck(mode)
        list(rc.read(records, report=lambda r: None))
        rc.written([(n, ["x", ""]) for n in written])
        return rc.verify()

    assert check([2, 3, 4]) == "3 rows in, 3 rows out, order preserved; 0 with an error (0 malformed CSV lines)"
    assert check([2, 2, 3, 4], "article").startswith("3 articles in, 4 statement rows out, order preserved")
    for bad in ([2, 4], [2, 3, 3, 4], [2, 4, 3]):
        with pytest.raises(RowCheckError):
            check(bad)


@pytest.fixture
def sigterm_restored():
    """``msimamo score`` installs a SIGTERM handler; run in-process, the test process gets it back after."""
    handler = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, handler)


def test_a_failed_row_check_exits_1_and_writes_nothing(model_path, tmp_path, monkeypatch, capsys,
                                                       sigterm_restored):
    import msimamo.batch.engines

    real = msimamo.batch.engines.score_chunk
    monkeypatch.setattr(msimamo.batch.engines, "score_chunk", lambda *a: real(*a)[:-1])  # a row lost
    src = write(tmp_path / "in.csv", ["id", "text"], [[str(i), t] for i, t in enumerate(seed_texts(5))])
    out = tmp_path / "out.csv"
    assert main(["score", str(src), str(out), "--model", str(model_path), "--quiet"]) == 1
    assert capsys.readouterr().err == (f"msimamo score: error: row check failed: 5 rows in, 4 written; "
                                       f"{out} not written\n")
    assert leftovers(tmp_path, "out.csv") == []


def wait_for_partial_output(directory: Path, name: str, proc: subprocess.Popen) -> Path:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        temps = [p for p in directory.iterdir() if p.name.startswith(f".{name}.") and p.stat().st_size > 0]
        if temps:
            return temps[0]
        time.sleep(0.05)
    raise AssertionError(f"no partial output appeared (exit {proc.poll()})")


def test_kill_9_mid_run_leaves_no_file_under_the_output_name(model_path, tmp_path):
    src = big_input(tmp_path / "in.csv", 40_000)
    out = tmp_path / "out.csv"
    proc = subprocess.Popen(command(model_path, src, out, "--quiet"), cwd=ROOT, stderr=subprocess.PIPE, text=True)
    partial = wait_for_partial_output(tmp_path, "out.csv", proc)
    proc.kill()
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()
    assert partial.exists()  # it was mid-run: the partial file sits under its temporary name only


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_stops_cleanly_and_writes_nothing(model_path, tmp_path, jobs, sig):
    src = big_input(tmp_path / "in.csv", 40_000)
    out = tmp_path / "out.csv"
    proc = subprocess.Popen(command(model_path, src, out, "--jobs", jobs), cwd=ROOT, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    wait_for_partial_output(tmp_path, "out.csv", proc)
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)  # Ctrl-C in a terminal reaches every process of the group, workers too
    else:
        proc.send_signal(sig)  # `kill PID`: the driver only
    _, err = proc.communicate(timeout=30)
    assert (proc.returncode, err) == (130, f"interrupted: {out} not written\n")
    assert leftovers(tmp_path, "out.csv") == []
