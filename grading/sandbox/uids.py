"""One host uid per live sandbox, for a grader that runs as root.

The child of a sandbox gives up root for a uid of its own (no ``/etc/passwd``
entry is needed for a numeric uid), taken from a pool the way Nix takes its
build users: one lock file per uid in a folder only root can write, held with
``flock`` for the sandbox's life, so concurrent sandboxes of every worker and
every grader on the machine never share one.  That is what makes the process
cap hold: ``RLIMIT_NPROC`` counts the processes of a real uid, so a shared uid
would let one student's fork storm starve another's sandbox.  It also keeps
the sandboxes apart where there is no bubblewrap: a uid cannot signal, trace or
read the folders of another.

The lock files are in ``/run/gdgrade-uid-slots`` (``/tmp`` where there is
no ``/run``).  The pool is ``GDGRADE_SANDBOX_UIDS`` (``FIRST:COUNT``), by default the 1024
uids from 1,900,000,000: inside the range systemd leaves unused
(1879048192-2147483647), away from real users, ``nobody``, systemd's dynamic
users, container ranges and Nix's automatic build uids.

Before a uid is handed out, every process still running under it is killed
(a grader killed with SIGKILL leaves its children behind only without
bubblewrap); the lock file says ``free`` when the last holder saw none left,
so the usual start costs no scan of ``/proc``.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from .process import kill_where, process_uids, processes_where

__all__ = ["FIRST_UID", "UID_COUNT", "UidSlot", "acquire_uid", "kill_uid", "uid_pool"]

FIRST_UID = 1_900_000_000
"""The first uid of the default pool."""
UID_COUNT = 1024
"""How many uids the default pool holds: live sandboxes at once on one machine."""
_VARIABLE = "GDGRADE_SANDBOX_UIDS"
_FOLDER = "gdgrade-uid-slots"
_ROOTS = ("/run", "/tmp")
# What a lock file says (the same length, so it is overwritten in place): "free" when its
# last holder saw nothing left under the uid, "used" while held or after a holder died.
# An empty file was never held.
_FREE, _USED = b"free", b"used"


class UidPoolError(RuntimeError):
    """No uid of the pool could be taken (a misconfigured machine, not a student's doing)."""


def uid_pool() -> range:
    """The pool: ``GDGRADE_SANDBOX_UIDS=FIRST:COUNT`` or the default."""
    text = os.environ.get(_VARIABLE, "").strip()
    if not text:
        return range(FIRST_UID, FIRST_UID + UID_COUNT)
    try:
        first, count = (int(part) for part in text.split(":"))
    except ValueError:
        raise UidPoolError(
            f"'{_VARIABLE}' must be FIRST:COUNT, e.g. 1900000000:1024 (got {text!r})"
        ) from None
    if first < 1000 or count < 1 or first + count > 2**31 - 1:
        raise UidPoolError(f"'{_VARIABLE}' must name uids from 1000 to 2147483646 (got {text!r})")
    return range(first, first + count)


def _lock_folder() -> Path:
    """The folder of the lock files: made by root, root's alone (checked, never followed).

    In ``/run`` (only root writes there), else ``/tmp`` (a read-only or missing
    ``/run`` in a container): one place per machine, whatever ``TMPDIR`` each
    grader has.
    """
    for root in _ROOTS:
        folder = Path(root) / _FOLDER
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError:
            continue
        info = os.lstat(folder)
        if (
            not stat.S_ISDIR(info.st_mode)
            or info.st_uid != os.geteuid()
            or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        ):
            raise UidPoolError(
                f"{folder} must be a folder only root can write (it is not: another user "
                "made it?); remove it and grade again"
            )
        return folder
    raise UidPoolError(f"no folder for the sandbox uids' lock files: {' and '.join(_ROOTS)} fail")


def _runs_as(uid: int, *, living: bool):
    def test(pid: int) -> bool:
        ids = process_uids(pid, living=living)
        return ids is not None and uid in ids

    return test


def kill_uid(uid: int, seconds: float = 5.0, zombies: float = 0.2) -> bool:
    """SIGKILL every living process of ``uid``; whether nothing at all is left under it.

    The living are killed until none is left (or ``seconds`` pass).  Zombies are
    dead and cannot be killed, only reaped by their parent (bubblewrap's init,
    the grader, the machine's init for an orphan, which may take a second); but
    ``RLIMIT_NPROC`` counts them until then, so a uid with zombies is not
    clean: they are waited for up to ``zombies`` seconds, and a uid that is not
    clean is never handed out.
    """
    if not kill_where(_runs_as(uid, living=True), seconds):
        return False
    deadline = time.monotonic() + zombies
    left = _runs_as(uid, living=False)
    pause = 0.001
    while processes_where(left):
        if time.monotonic() > deadline:
            return False
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    return True


@dataclass
class UidSlot:
    """A uid of the pool, held until :meth:`release`.

    Attributes
    ----------
    uid : int
        The child's host uid (also its gid).
    """

    uid: int
    _fd: int = field(repr=False)

    @property
    def gid(self) -> int:
        """The child's host gid (the same number)."""
        return self.uid

    def release(self, clean: bool | None = None) -> None:
        """Give the uid back (idempotent).

        ``clean`` says that nothing runs under it any more (None: kill what does
        and see); a uid given back not clean is cleared by its next holder.
        """
        if self._fd < 0:
            return
        fd, self._fd = self._fd, -1
        try:
            if clean or (clean is None and kill_uid(self.uid)):
                os.pwrite(fd, _FREE, 0)
        except OSError:
            pass
        finally:
            os.close(fd)  # closing the descriptor releases the lock


def acquire_uid() -> UidSlot:
    """Take a uid of the pool that no live sandbox holds, with nothing running under it.

    Raises
    ------
    UidPoolError
        When every uid is taken or the lock folder is not root's.
    """
    pool = uid_pool()
    folder = _lock_folder()
    start = secrets.randbelow(len(pool))  # spread over the pool: a uid rests between uses
    for step in range(len(pool)):
        uid = pool[(start + step) % len(pool)]
        fd = os.open(
            folder / str(uid), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600
        )
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        if os.pread(fd, 4, 0) not in (_FREE, b"") and not kill_uid(uid, seconds=1.0):
            os.close(fd)  # something of a crashed grader is still there: try another uid
            continue
        os.pwrite(fd, _USED, 0)
        return UidSlot(uid, fd)
    raise UidPoolError(
        f"all {len(pool)} sandbox uids ({pool.start}-{pool.stop - 1}) are in use; "
        f"grade with fewer workers or set {_VARIABLE}=FIRST:COUNT to a larger free range"
    )
