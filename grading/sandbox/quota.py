"""A sandbox folder of a bounded size: a tmpfs of its own, mounted by a grader run as root.

``RLIMIT_FSIZE`` bounds each file the student's code writes, not how many it
writes: without more, one submission fills the disk that holds the temporary
folder (every other sandbox, the grader's results and the machine's own files
with it) by writing file after file, or its inodes with empty ones.  Where the
grader is root and may mount (``CAP_SYS_ADMIN``, as bubblewrap run as root needs),
each sandbox's folder is a tmpfs of :attr:`~.limits.Limits.folder_bytes` and
:attr:`~.limits.Limits.folder_files`: past them a write fails with ``ENOSPC`` in
the student's code ("No space left on device"), and the disk never fills.
Unmounted with ``MNT_DETACH`` when the sandbox ends, whatever is in it goes at
once.  A warm start's zygote sees only what was mounted before it started, so its
*nursery* (the folder of its sandboxes' folders, one at a time in its thread) is
the tmpfs instead.  Where mounting fails nothing changes: the folder is a plain
one, as before.
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

__all__ = ["limit_folder", "release_folder", "release_mounts_below"]

_MS_NOSUID, _MS_NODEV = 0x2, 0x4
_MNT_DETACH = 0x2
_LIBC: list = []


def _libc() -> ctypes.CDLL:
    if not _LIBC:
        _LIBC.append(ctypes.CDLL(None, use_errno=True))
    return _LIBC[0]


def limit_folder(folder: Path, size: int, files: int) -> bool:
    """Mount an empty tmpfs of ``size`` bytes and ``files`` inodes (files and folders)
    at the empty folder ``folder``, ``0700``; whether it is mounted (False when the
    grader is not root or may not mount: nothing is changed then)."""
    if os.geteuid() != 0:
        return False
    options = f"size={int(size)},nr_inodes={int(files)},mode=0700".encode()
    done = _libc().mount(b"gdgrade", os.fsencode(folder), b"tmpfs", _MS_NOSUID | _MS_NODEV, options)
    return done == 0


def release_folder(folder: Path) -> bool:
    """Unmount the tmpfs :func:`limit_folder` mounted at ``folder`` (lazily: what it held
    is freed when nothing uses it any more); whether it was.  Never raises."""
    try:
        return _libc().umount2(os.fsencode(folder), _MNT_DETACH) == 0
    except OSError:  # pragma: no cover - ctypes itself failing
        return False


def _unescaped(path: str) -> str:
    """A mount point as ``/proc/self/mountinfo`` writes it (``\\040`` for a space...)."""
    if "\\" not in path:
        return path
    raw = path.encode()
    out = bytearray()
    at = 0
    while at < len(raw):
        if raw[at : at + 1] == b"\\" and raw[at + 1 : at + 4].isdigit():
            out.append(int(raw[at + 1 : at + 4], 8))
            at += 4
        else:
            out.append(raw[at])
            at += 1
    return os.fsdecode(bytes(out))


def release_mounts_below(folder: Path) -> int:
    """Unmount whatever is mounted at or below ``folder`` (deepest first), for the sweep
    of a folder a killed grader left mounted; how many.  Never raises."""
    if os.geteuid() != 0:
        return 0
    top = os.path.realpath(folder)
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as handle:
            points = [_unescaped(line.split()[4]) for line in handle if len(line.split()) > 4]
    except OSError:
        return 0
    inside = [point for point in points if point == top or point.startswith(top + os.sep)]
    return sum(release_folder(Path(point)) for point in sorted(inside, key=len, reverse=True))
