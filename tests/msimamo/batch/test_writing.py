"""Writing: OUT appears only when every row arrived, once and in order; otherwise it is not written."""

from __future__ import annotations

import os
import signal
import stat
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


# OUT is never clobbered: a device, FIFO or directory, a symbolic link, the input or the model under
# another name are refused before any work, in one line, exit 2, and left as they were.

def refused_line(model_path, src, out, capsys) -> str:
    assert main(["score", str(src), str(out), "--model", str(model_path), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    return err


def test_dev_null_and_a_fifo_as_out_are_refused_and_left_alone(model_path, tmp_path, capsys, sigterm_restored):
    """The machine's /dev/null is only checked (``check_target`` never writes): the run itself goes
    to a private node of the same device, so a broken writer cannot replace the real one."""
    from msimamo.atomic import UnsafeTarget, check_target

    with pytest.raises(UnsafeTarget, match="^/dev/null is a character device"):
        check_target("/dev/null", [])
    src = write(tmp_path / "in.csv", ["text"], [["habari"]])
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs CAP_MKNOD")
    before = os.lstat(null)
    assert refused_line(model_path, src, null, capsys) == (
        f"msimamo score: error: {null} is a character device, not a regular file: refusing to replace it; "
        "give a file name\n")
    after = os.lstat(null)
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "is a named pipe (FIFO), not a regular file" in refused_line(model_path, src, fifo, capsys)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "null", "pipe"]


def test_a_symbolic_link_as_out_writes_its_file_and_stays_a_link(model_path, tmp_path, capsys, sigterm_restored):
    src = write(tmp_path / "in.csv", ["text"], [["habari"]])
    real, link = tmp_path / "real.csv", tmp_path / "link.csv"
    real.write_text("old output")
    link.symlink_to(real)
    assert main(["score", str(src), str(link), "--model", str(model_path), "--quiet"]) == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").splitlines()[0].startswith("text,language,")
    capsys.readouterr()
    fifo, to_fifo = tmp_path / "pipe", tmp_path / "to_pipe.csv"  # a link to what may not be replaced
    os.mkfifo(fifo)
    to_fifo.symlink_to(fifo)
    assert "pipe (through the link" in refused_line(model_path, src, to_fifo, capsys)
    assert to_fifo.is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_out_that_is_the_input_or_the_model_is_refused_however_spelled(model_path, tmp_path, capsys,
                                                                       sigterm_restored, monkeypatch):
    src = write(tmp_path / "in.csv", ["id", "text"], [[str(i), t] for i, t in enumerate(seed_texts(3))])
    original = src.read_bytes()
    os.link(src, tmp_path / "hard.csv")
    monkeypatch.chdir(tmp_path)
    for out in (src, f"{tmp_path}/./in.csv", "in.csv", tmp_path / "hard.csv"):
        assert f"is the same file as {src}: refusing to overwrite it" in refused_line(model_path, src, out, capsys)
    model_copy = tmp_path / "m" / "msimamo.joblib"
    model_copy.parent.mkdir()
    for f in (model_path, Path(model_path).with_name("model.json")):
        os.link(f, model_copy.parent / f.name)  # the model reached under another name
    for out in (model_copy, model_copy.with_name("model.json")):
        assert "is the same file as" in refused_line(model_path, src, out, capsys)
    assert src.read_bytes() == original and Path(model_path).read_bytes() == model_copy.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hard.csv", "in.csv", "m"]


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o077, 0o600)])
def test_out_honours_the_umask_and_a_replaced_out_keeps_its_mode(model_path, tmp_path, sigterm_restored, mask,
                                                                expected):
    src = write(tmp_path / "in.csv", ["id", "text"], [[str(i), t] for i, t in enumerate(seed_texts(3))])
    out = tmp_path / "out.csv"
    old = os.umask(mask)
    try:
        assert main(["score", str(src), str(out), "--model", str(model_path), "--quiet"]) == 0
        assert stat.S_IMODE(os.stat(out).st_mode) == expected
        os.chmod(out, 0o640)
        assert main(["score", str(src), str(out), "--model", str(model_path), "--quiet"]) == 0
        assert stat.S_IMODE(os.stat(out).st_mode) == 0o640
    finally:
        os.umask(old)


def test_a_failed_run_leaves_an_existing_out_as_it_was(model_path, tmp_path, monkeypatch, capsys, sigterm_restored):
    import msimamo.batch.engines

    real = msimamo.batch.engines.score_chunk
    monkeypatch.setattr(msimamo.batch.engines, "score_chunk", lambda *a: real(*a)[:-1])  # a row lost
    src = write(tmp_path / "in.csv", ["id", "text"], [[str(i), t] for i, t in enumerate(seed_texts(5))])
    out = tmp_path / "out.csv"
    out.write_text("yesterday's results")
    assert main(["score", str(src), str(out), "--model", str(model_path), "--quiet"]) == 1
    assert out.read_text() == "yesterday's results"
    assert leftovers(tmp_path, "out.csv") == ["out.csv"]


def test_chunks_are_cut_by_characters_as_well_as_rows():
    from msimamo.batch.writing import chunked

    records = [Record(n, [str(n), "x" * size], "") for n, size in enumerate([10, 600, 10, 10, 10, 700, 10], 2)]
    chunks = list(chunked(records, 10, max_chars=600))
    assert [[r.line for r in c] for c in chunks] == [[2, 3], [4, 5, 6, 7], [8]]
    assert [r for c in chunks for r in c] == records
    assert [[r.line for r in c] for c in chunked(records, 3)] == [[2, 3, 4], [5, 6, 7], [8]]
