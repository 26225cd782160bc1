"""Write-then-rename, so a reader never meets a half-written file under the real name, and an
output path is never clobbered by accident.

The rename swaps a directory entry; it does not write *into* what was there. So what may stand at
the target is restricted before anything is written:

- nothing, or a regular file: written beside it, then renamed into place;
- a device, FIFO, socket or directory (``/dev/null``, a named pipe): refused. Renaming onto
  ``/dev/null`` replaced the device with a regular file;
- a symbolic link: followed. The file it points to (after every link in the chain) is the target,
  written beside itself and renamed into place, so the link stays a link and now shows the new
  content; what it points to must pass these same checks (a link to ``/dev/null`` or to an input
  is refused). Renaming onto the link itself would replace the link and never write its file;
- one of the caller's inputs (``not_same_as``), spelled differently or reached through a hard link:
  refused, since a failure half-way would otherwise leave neither the old input nor a new output.

Permissions are those a plain ``open(path, "w")`` would give: a new file gets ``0o666 & ~umask``
(0644 under the usual 022), and a replaced file keeps its own permission bits, as ``sed -i`` and
editors do (its owner becomes the writer, which a rename cannot avoid). ``mkstemp`` alone gave
every file 0600.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from msimamo.errors import UnsafeTarget


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))


def current_umask() -> int:
    """The process umask, read without changing it where the kernel says it (Linux >= 4.7).

    Elsewhere it is set and restored, so a file another thread creates at that instant gets umask
    022: acceptable as a fallback only.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_target(target: str | os.PathLike, not_same_as: Iterable[str | os.PathLike] = (),
                 follow: bool = True) -> os.stat_result | None:
    """Refuse (``UnsafeTarget``) a target whose file (symbolic links followed) is not absent or a
    regular file, or is the same file as any of ``not_same_as``; return its ``lstat`` when it exists.

    Callers doing long work call this before starting, so a refusal costs nothing; ``atomic_path``
    calls it again just before renaming, on the file it resolved, without following links again:
    a link that appeared there meanwhile is refused, not replaced.
    """
    shown = Path(target)
    target = Path(os.path.realpath(target)) if follow else shown
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):  # a link loop, or (not following) a link that appeared meanwhile
        raise UnsafeTarget(f"{shown} is a symbolic link that does not lead to a file here: refusing to write it")
    for test, kind in _KINDS:
        if test(st.st_mode):
            where = "" if shown == target else f" (through the link {shown})"
            raise UnsafeTarget(f"{target}{where} is {kind}, not a regular file: refusing to replace it; give a file name")
    for other in not_same_as:
        try:
            theirs = os.stat(other)
        except OSError:
            continue
        if (theirs.st_dev, theirs.st_ino) == (st.st_dev, st.st_ino):
            raise UnsafeTarget(f"{shown} is the same file as {other}: refusing to overwrite it; "
                               "write the output under another name")
    return st


@contextmanager
def atomic_path(target: str | os.PathLike, not_same_as: Iterable[str | os.PathLike] = ()):
    """Yield a temporary path beside ``target``; rename it into place only if the block succeeds.

    ``target`` is checked first (``check_target``). The temporary file stays private (0600) while
    it is incomplete and gets its final permission bits just before the rename. On any failure,
    including KeyboardInterrupt, the temporary file is removed and the old ``target`` is untouched.
    """
    not_same_as = list(not_same_as)
    check_target(target, not_same_as)
    target = Path(os.path.realpath(target))  # through symbolic links: the link stays, its file is replaced
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        existing = check_target(target, not_same_as, follow=False)  # the block may have run for minutes
        os.chmod(tmp, stat.S_IMODE(existing.st_mode) & 0o777 if existing else 0o666 & ~current_umask())
        os.replace(tmp, target)
        _sync_directory(target.parent)
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable; not every filesystem lets a directory be opened for this."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(target: str | os.PathLike, data: bytes, not_same_as: Iterable[str | os.PathLike] = ()) -> None:
    with atomic_path(target, not_same_as) as tmp:
        tmp.write_bytes(data)
