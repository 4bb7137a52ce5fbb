"""Warm starts: a sandboxed interpreter that imported numpy once forks each server.

Starting a sandbox's server from nothing costs bubblewrap, an interpreter and
numpy's import: about 65 ms of CPU, a third of a submission's grading.  When the
grader runs as root with bubblewrap, each grading thread instead keeps one
*zygote*: bubblewrap started once, with the same read-only system, no network,
its own PID, IPC and UTS namespaces and only CAP_SETUID and CAP_SETGID, running
:func:`gdgrade.grading.sandbox._child._zygote`, which imports numpy (and
:data:`PRELOAD`) and then only forks.  Each fork is a server as a started one
would be: its first act is to become its sandbox's own uid from the pool
(:mod:`.uids`), then it sets its limits, moves to its folder and imports the
student's module.

What the servers of one zygote share, and why it is safe:

- **the folders**: the zygote sees one *nursery* folder (root's, ``0711``: it
  can be crossed, not listed or written) at :data:`ZYGOTE_MOUNT`; each sandbox's
  folder is made in it, and its copy of the submission is its uid's alone
  (``0700``), so a server cannot list, read or write another's;
- **the processes**: the PID namespace is the zygote's, but every server runs
  as a uid of its own, so it cannot signal or trace another's processes or the
  zygote (root), and ``kill(-1)`` reaches only its own.  ``RLIMIT_NPROC`` still
  counts each uid's processes alone.  What a server leaves running is killed by
  uid (:func:`~gdgrade.grading.sandbox.uids.kill_uid`) when its sandbox stops;
- **the memory** is copied on write: what one server changes (numpy patched,
  builtins replaced) the zygote and the others never see.

The zygote never runs anything of a student's and reads only the grader's
requests.  Where it cannot start or stops answering, sandboxes start their
servers the usual way (:class:`~gdgrade.grading.sandbox.process.ChildProcess`
with bubblewrap), which costs time, never a grade.  ``GDGRADE_WARM_START=0``
turns warm starts off.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ._child import covers
from .bwrap import bwrap_command, options_in_pipe
from .quota import limit_folder, release_folder
from .removal import held_folder, remove_tree

__all__ = [
    "PRELOAD",
    "ZYGOTE_MOUNT",
    "ForkedProcess",
    "Zygote",
    "ZygoteDeclined",
    "ZygoteError",
    "warm_start_enabled",
]

ZYGOTE_MOUNT = "/sandboxes"
"""Where the zygote's nursery appears inside it: each server's folder is below."""
_VARIABLE = "GDGRADE_WARM_START"
_READY_SECONDS = 30.0
"""The longest the zygote may take to start (bubblewrap, an interpreter, numpy)."""
_FORK_SECONDS = 10.0
"""The longest one fork may take to be answered; past it the zygote is not used again."""
_STATUS_SECONDS = 1.0
"""How long a dead server's exit status is waited for once its death is seen."""
_KEPT_STATUSES = 4096
PRELOAD = ("numpy.random",)
"""What the zygote imports besides numpy, for its servers: numpy imports ``numpy.random``
only when it is first used, and most learners draw their initial weights from it (its
import was a tenth of a server's CPU).  A server whose spec forbids one of the modules
this brings is started the usual way (:class:`ZygoteDeclined`)."""


class ZygoteError(RuntimeError):
    """The zygote could not start or fork (the grader's trouble, never a student's)."""


class ZygoteDeclined(ZygoteError):
    """The zygote will not fork this server: the spec forbids a module it imported
    (:data:`PRELOAD`), which a started server would refuse.  It stays usable."""


def warm_start_enabled() -> bool:
    """Whether warm starts are allowed (``GDGRADE_WARM_START`` is not ``0``)."""
    return os.environ.get(_VARIABLE, "1").strip() != "0"


def _readable(fd: int, timeout: float | None) -> bool:
    return bool(select.select([fd], [], [], timeout)[0])


class ForkedProcess:
    """A server the zygote forked: the part of :class:`subprocess.Popen` that
    :class:`~gdgrade.grading.sandbox.process.ChildProcess` uses.

    It has no process id on the host (``pid`` is None: it lives in the zygote's
    PID namespace); it is watched and killed through a pidfd, and its exit status
    comes from the zygote, its parent, which reaps it.
    """

    pid = None

    def __init__(self, zygote: Zygote, ident: int, pidfd: int) -> None:
        self._zygote = zygote
        self.ident = ident
        self.pidfd = pidfd
        self.returncode: int | None = None
        self.clean = False
        """Whether nothing of the server's uid was left in the zygote when it died."""
        self._asked = False

    def _collect(self) -> int | None:
        if not self._asked:
            self._asked = True
            self.returncode, self.clean = self._zygote.status(self.ident, _STATUS_SECONDS)
        return self.returncode

    def poll(self) -> int | None:
        """The exit status once the server is dead, else None."""
        if self.returncode is None and not self._asked and self.pidfd >= 0:
            if _readable(self.pidfd, 0):
                return self._collect()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait until the server is dead (:class:`subprocess.TimeoutExpired` past
        ``timeout``); its exit status, None when the zygote could not say it."""
        if self.returncode is None and not self._asked and self.pidfd >= 0:
            if not _readable(self.pidfd, timeout):
                raise subprocess.TimeoutExpired("sandbox server", timeout or 0)
            return self._collect()
        return self.returncode

    def kill(self) -> None:
        """SIGKILL the server (not what it started: see :func:`.uids.kill_uid`)."""
        if self.pidfd >= 0:
            try:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            except OSError:
                pass

    def close(self) -> None:
        """Close the pidfd (once the server is dead or given up)."""
        if self.pidfd >= 0:
            fd, self.pidfd = self.pidfd, -1
            os.close(fd)


class Zygote:
    """One warm, sandboxed interpreter and its nursery folder (see the module's text).

    Parameters
    ----------
    python : sequence of str
        The interpreter and its ``-c`` program (the server's code); the zygote's
        JSON configuration is added as the last argument.
    env : mapping
        The zygote's environment (each server's own is set when it is forked).
    paths : sequence of str
        Folders to add to ``sys.path`` (where numpy lives).
    prefix : str
        The start of the nursery's name in the temporary folder; with the grader's
        process id after it, a dead grader's nursery is swept like a sandbox's.
    folder : (int, int), optional
        The bytes and the files the nursery may hold: a tmpfs of that size where the
        grader may mount one (:mod:`.quota`), mounted before the zygote starts (it
        would not see one mounted later), so that its sandboxes' folders are bounded.
    hidden : sequence of str
        Folders and files hidden from its servers as gdgrade's are (the spec's
        forbidden packages: :func:`~gdgrade.grading.sandbox.bwrap.forbidden_folders`).

    Notes
    -----
    bubblewrap's ``--die-with-parent`` follows the thread that starts it: the
    zygote lives as long as the thread that made it (see :func:`for_this_thread`).
    """

    def __init__(
        self,
        python: Sequence[str],
        env: Mapping[str, str],
        paths: Sequence[str],
        prefix: str,
        *,
        folder: tuple[int, int] | None = None,
        hidden: Sequence[str] = (),
    ) -> None:
        self.owner = os.getpid()
        self.hidden = tuple(hidden)
        """Folders hidden from its servers besides gdgrade's (a spec's forbidden packages)."""
        self.thread = threading.current_thread()
        # Held for the zygote's life: a sweep of another grader never takes a live nursery.
        self.nursery, self._nursery_lock = held_folder(f"{prefix}{os.getpid()}-warm-")
        self.bound = folder
        """The bytes and files the nursery was asked to hold (None: no bound asked)."""
        self.quota = folder is not None and limit_folder(self.nursery, *folder)
        """Whether the nursery is a tmpfs of that size (:mod:`.quota`)."""
        os.chmod(self.nursery, 0o711)
        empty = self.nursery / ".empty"
        empty.mkdir()
        self._lock = threading.Lock()
        self._statuses: dict[int, tuple[int, bool | None]] = {}
        self._next = 0
        self._ready = False
        self.preloaded: frozenset[str] = frozenset()
        """The modules the zygote imported beyond numpy (known once it is ready)."""
        self.broken = False
        self.process: subprocess.Popen | None = None
        self._socket, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            config = json.dumps(
                {"zygote": theirs.fileno(), "paths": list(paths), "preload": list(PRELOAD)}
            )
            bwrap = bwrap_command(self.nursery, empty, mount=ZYGOTE_MOUNT, hidden=self.hidden)
            with options_in_pipe(bwrap) as (prefix, fds):
                self.process = subprocess.Popen(
                    [*prefix, *python, config],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    pass_fds=(theirs.fileno(), *fds),
                    env=dict(env),
                    cwd="/",
                    start_new_session=True,
                    close_fds=True,
                )
        except OSError:
            self.broken = True
        finally:
            theirs.close()

    def folder(self, root: Path) -> str:
        """Where the sandbox folder ``root`` (made in :attr:`nursery`) is inside the zygote."""
        return f"{ZYGOTE_MOUNT}/{root.relative_to(self.nursery).as_posix()}"

    @property
    def usable(self) -> bool:
        """Whether it can still fork, from this thread, in this process."""
        return (
            not self.broken
            and os.getpid() == self.owner
            and self.thread is threading.current_thread()
            and self.process is not None
            and self.process.poll() is None
        )

    @property
    def failed(self) -> bool:
        """Whether it broke, or stopped before it was ever ready: not to be started again
        in this thread (one that stops after it worked is replaced)."""
        return self.broken or (
            not self._ready and self.process is not None and self.process.poll() is not None
        )

    # ---- messages -------------------------------------------------------------------

    def _receive(self, deadline: float, *, notices: bool = False) -> tuple[dict, list[int]]:
        """The next message; a death notice is kept for :meth:`status`, and returned
        only with ``notices`` (else the next message is waited for)."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not _readable(self._socket.fileno(), remaining):
                raise ZygoteError("the warm sandbox did not answer in time")
            try:
                data, fds, _flags, _address = socket.recv_fds(self._socket, 1 << 16, 1)
            except OSError as exc:
                raise ZygoteError(f"the warm sandbox's channel failed: {exc}") from None
            if not data:
                raise ZygoteError("the warm sandbox stopped")
            try:
                message = json.loads(data)
            except ValueError:
                for fd in fds:
                    os.close(fd)
                raise ZygoteError("the warm sandbox sent what is not JSON") from None
            if "exited" in message:
                self._statuses[message["exited"]] = (message["status"], message.get("clean"))
                while len(self._statuses) > _KEPT_STATUSES:
                    del self._statuses[next(iter(self._statuses))]
                if not notices:
                    continue
            return message, fds

    def _fail(self) -> None:
        self.broken = True
        if self.process is not None:
            try:
                self.process.kill()
            except OSError:
                pass

    def spawn(
        self, config: str, env: Mapping[str, str], fds: tuple[int, int, int]
    ) -> ForkedProcess:
        """Fork a server that serves ``config`` with ``env``, given the request, reply
        and output pipes ``fds`` (the caller closes its copies).

        Raises
        ------
        ZygoteDeclined
            When ``config`` forbids a module the zygote imported (it stays usable).
        ZygoteError
            When the zygote cannot fork (it is then not used again).
        """
        with self._lock:
            if not self.usable:
                raise ZygoteError("the warm sandbox is not running")
            try:
                if not self._ready:
                    self._wait_ready()
                if covers(json.loads(config).get("forbidden", ()), self.preloaded):
                    raise ZygoteDeclined("the spec forbids a module the warm sandbox imported")
                self._next += 1
                ident = self._next
                request = json.dumps({"id": ident, "config": config, "env": dict(env)})
                socket.send_fds(self._socket, [request.encode()], list(fds))
                message, received = self._receive(time.monotonic() + _FORK_SECONDS)
                if message.get("forked") != ident or len(received) != 1:
                    for fd in received:
                        os.close(fd)
                    raise ZygoteError("the warm sandbox could not fork")
                return ForkedProcess(self, ident, received[0])
            except ZygoteDeclined:
                raise
            except (ZygoteError, OSError) as exc:
                self._fail()
                raise ZygoteError(str(exc)) from None

    def _wait_ready(self) -> None:
        message, received = self._receive(time.monotonic() + _READY_SECONDS)
        for fd in received:
            os.close(fd)
        preloaded = message.get("preloaded", [])
        if "ready" not in message or not (
            isinstance(preloaded, list) and all(isinstance(n, str) for n in preloaded)
        ):
            raise ZygoteError("the warm sandbox did not start")
        self.preloaded = frozenset(preloaded)
        self._ready = True

    def status(self, ident: int, timeout: float) -> tuple[int | None, bool]:
        """The exit status of server ``ident`` (negative: a signal) and whether nothing of
        its uid was left when it died, waiting up to ``timeout`` seconds for the zygote
        to say them; ``(None, False)`` if it does not."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while ident not in self._statuses:
                if self.broken:
                    return None, False
                try:
                    _message, received = self._receive(deadline, notices=True)
                except ZygoteError:
                    return None, False
                for fd in received:  # pragma: no cover - only forks send descriptors
                    os.close(fd)
            status, clean = self._statuses.pop(ident)
            return status, clean is True

    def close(self, *, everything: bool = True) -> None:
        """Stop the zygote (its servers die with it) and remove its nursery (idempotent).

        With ``everything`` False, the nursery is removed only when no sandbox folder
        is left in it (one still in use elsewhere is never taken away).
        """
        if os.getpid() != self.owner:
            return
        self.broken = True
        try:
            self._socket.close()
        except OSError:
            pass
        if self.process is not None:
            try:
                self.process.kill()
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if self._nursery_lock < 0:
            return
        if everything:
            if self.quota:
                release_folder(self.nursery)
            remove_tree(self.nursery)
        else:
            try:
                if [path.name for path in self.nursery.iterdir()] != [".empty"]:
                    return  # a sandbox's folder is still there: the nursery stays, still locked
                if self.quota:
                    release_folder(self.nursery)
                else:
                    (self.nursery / ".empty").rmdir()
                self.nursery.rmdir()
            except OSError:
                return
        os.close(self._nursery_lock)
        self._nursery_lock = -1


_zygotes: dict[int, Zygote] = {}
_zygotes_lock = threading.Lock()


def for_this_thread(start: Callable[[], Zygote]) -> Zygote | None:
    """This thread's zygote, made by ``start()`` when it has none or its own stopped;
    None when warm starts are off or one cannot be started here."""
    if not warm_start_enabled():
        return None
    me = threading.current_thread()
    with _zygotes_lock:
        zygote = _zygotes.get(me.ident)
        if zygote is not None and zygote.usable:
            return zygote
        if zygote is not None and zygote.failed:
            zygote.broken = True  # it failed in this thread: not tried again
            return None
        for ident, other in list(_zygotes.items()):
            if other.owner != os.getpid():
                del _zygotes[ident]  # a forked grader's inheritance: not ours to stop
            elif not other.thread.is_alive() or other is zygote:
                del _zygotes[ident]
                other.close(everything=False)
        try:
            zygote = start()
        except OSError:
            return None
        if zygote.broken:
            zygote.close()
            return None
        _zygotes[me.ident] = zygote
        _close_at_exit()
        return zygote


_closing_in: list[int] = []


def _close_at_exit() -> None:
    """Have this process's zygotes stopped and their nurseries removed when it ends: at
    exit, or as a worker of :mod:`multiprocessing` ends (it skips ``atexit``)."""
    if os.getpid() in _closing_in:
        return
    _closing_in.append(os.getpid())
    from multiprocessing import util

    atexit.register(_close_all)
    util.Finalize(None, _close_all, exitpriority=0)


def _close_all() -> None:
    with _zygotes_lock:
        for zygote in _zygotes.values():
            zygote.close()
        _zygotes.clear()
