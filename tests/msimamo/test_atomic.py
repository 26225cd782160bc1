"""Atomic writes: the old file survives any failure, nothing is left behind, permissions follow the
umask, and a device, a FIFO, a directory, a symbolic link or one of the inputs is never replaced."""

from __future__ import annotations

import os
import re
import stat

import pytest

from msimamo.atomic import UnsafeTarget, atomic_path, atomic_write_bytes, check_target, current_umask
from msimamo.errors import MsimamoError


@pytest.fixture
def umask():
    """Set the process umask for one test; the old one comes back after."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda mask: os.umask(mask)
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_mode_open_would_give_under_the_umask(tmp_path, umask, mask, expected):
    umask(mask)
    assert current_umask() == mask
    atomic_write_bytes(tmp_path / "new.csv", b"x")
    plain = tmp_path / "plain.csv"
    plain.write_bytes(b"x")  # what open() does, for comparison
    assert mode(tmp_path / "new.csv") == mode(plain) == expected


def test_the_umask_is_read_without_proc_too(tmp_path, umask, monkeypatch):
    import builtins

    umask(0o027)
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda f, *a, **k: (_ for _ in ()).throw(OSError("no /proc"))
                        if f == "/proc/self/status" else real_open(f, *a, **k))
    assert current_umask() == 0o027
    assert os.umask(0o027) == 0o027  # and it was put back


def test_a_replaced_file_keeps_its_permission_bits(tmp_path, umask):
    umask(0o022)
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    atomic_write_bytes(target, b"new")
    assert (target.read_bytes(), mode(target)) == (b"new", 0o640)


def test_the_temporary_file_is_private_until_renamed(tmp_path, umask):
    umask(0o000)
    with atomic_path(tmp_path / "out.csv") as tmp:
        tmp.write_bytes(b"half")
        assert mode(tmp) == 0o600
    assert mode(tmp_path / "out.csv") == 0o666


@pytest.mark.parametrize("failure", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_a_failure_mid_write_leaves_the_old_file_and_no_temporary_file(tmp_path, failure):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old contents")
    with pytest.raises(type(failure)):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half of the new")
            raise failure
    assert target.read_bytes() == b"old contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def null_device(directory):
    """A private node for the null device (1, 3): what a broken writer would replace is this one, not
    the machine's /dev/null, which only ``check_target`` (it never writes) is pointed at."""
    node = directory / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs CAP_MKNOD")
    return node


def test_dev_null_is_refused_and_stays_a_device(tmp_path):
    with pytest.raises(UnsafeTarget, match=r"^/dev/null is a character device, not a regular file: refusing") as refused:
        check_target("/dev/null")
    assert isinstance(refused.value, MsimamoError) and "\n" not in str(refused.value)
    node = null_device(tmp_path)
    before = os.lstat(node)
    with pytest.raises(UnsafeTarget, match=r"null is a character device, not a regular file: refusing to replace it"):
        atomic_write_bytes(node, b"x")
    after = os.lstat(node)
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_and_a_directory_are_refused(tmp_path):
    fifo, directory = tmp_path / "pipe", tmp_path / "dir"
    os.mkfifo(fifo)
    directory.mkdir()
    with pytest.raises(UnsafeTarget, match="is a named pipe"):
        atomic_write_bytes(fifo, b"x")
    with pytest.raises(UnsafeTarget, match="is a directory"):
        atomic_write_bytes(directory, b"x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and directory.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir", "pipe"]


def test_a_symbolic_link_is_written_through_and_stays_a_link(tmp_path):
    real, link = tmp_path / "real.csv", tmp_path / "link.csv"
    real.write_bytes(b"old")
    os.chmod(real, 0o640)
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(real) and real.read_bytes() == b"new"
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o640
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "nowhere")
    atomic_write_bytes(dangling, b"made")
    assert dangling.is_symlink() and (tmp_path / "nowhere").read_bytes() == b"made"
    chain = tmp_path / "chain.csv"
    chain.symlink_to(link)
    atomic_write_bytes(chain, b"newer")
    assert chain.is_symlink() and link.is_symlink() and real.read_bytes() == b"newer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chain.csv", "dangling.csv", "link.csv", "nowhere", "real.csv"]


def test_a_link_to_a_device_or_an_input_or_in_a_loop_is_refused(tmp_path):
    to_dir, loop, src, to_src = tmp_path / "d.csv", tmp_path / "loop.csv", tmp_path / "in.csv", tmp_path / "s.csv"
    (tmp_path / "dir").mkdir()
    to_dir.symlink_to(tmp_path / "dir")
    with pytest.raises(UnsafeTarget, match=r"dir \(through the link .*d.csv\) is a directory"):
        atomic_write_bytes(to_dir, b"x")
    loop.symlink_to(loop)
    with pytest.raises(UnsafeTarget, match="does not lead to a file"):
        atomic_write_bytes(loop, b"x")
    src.write_bytes(b"input")
    to_src.symlink_to(src)
    with pytest.raises(UnsafeTarget, match="same file"):
        atomic_write_bytes(to_src, b"x", not_same_as=[src])
    assert src.read_bytes() == b"input" and (tmp_path / "dir").is_dir() and to_dir.is_symlink()


def test_the_same_file_as_an_input_is_refused_however_it_is_spelled(tmp_path, monkeypatch):
    src = tmp_path / "in.csv"
    src.write_bytes(b"input")
    hard = tmp_path / "hard.csv"
    os.link(src, hard)
    monkeypatch.chdir(tmp_path)
    for spelling in (src, f"{tmp_path}/./in.csv", "in.csv", hard):
        with pytest.raises(UnsafeTarget, match="is the same file as .*in.csv: refusing to overwrite it"):
            atomic_write_bytes(spelling, b"output", not_same_as=[src])
    (tmp_path / "alias.csv").symlink_to(src)  # an input reached through a link is the same file too
    with pytest.raises(UnsafeTarget, match="same file"):
        atomic_write_bytes(src, b"output", not_same_as=["alias.csv"])
    assert src.read_bytes() == b"input"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alias.csv", "hard.csv", "in.csv"]
    atomic_write_bytes(tmp_path / "other.csv", b"output", not_same_as=[src, tmp_path / "absent.csv"])
    assert (tmp_path / "other.csv").read_bytes() == b"output"


def test_a_target_that_turns_into_a_link_during_the_write_is_refused_before_the_rename(tmp_path):
    target, elsewhere = tmp_path / "out.csv", tmp_path / "elsewhere.csv"
    elsewhere.write_bytes(b"keep")
    with pytest.raises(UnsafeTarget, match="symbolic link"):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"new")
            target.symlink_to(elsewhere)
    assert target.is_symlink() and elsewhere.read_bytes() == b"keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere.csv", "out.csv"]


def test_check_target_returns_the_existing_file_or_none(tmp_path):
    assert check_target(tmp_path / "absent") is None
    (tmp_path / "f").write_bytes(b"")
    assert stat.S_ISREG(check_target(tmp_path / "f").st_mode)
