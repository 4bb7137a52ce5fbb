"""One child process of a sandbox: start it, exchange frames with deadlines, kill it.

The parent never blocks on the child: every pipe is non-blocking and one
``poll`` loop writes the request, reads the reply, drains the student's
output (keeping a capped head and tail) and watches for the child's death,
until the frame is complete or the deadline passes.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .protocol import FrameBuffer, ProtocolError
from .zygote import ForkedProcess, Zygote

__all__ = [
    "ChildProcess",
    "Exchange",
    "OutputBuffer",
    "kill_marked",
    "kill_where",
    "process_uids",
    "processes_where",
]

_CHUNK = 1 << 20
_F_SETPIPE_SZ = 1031


class OutputBuffer:
    """The student's stdout and stderr: the first and last bytes kept, the middle counted."""

    def __init__(self, limit: int) -> None:
        self.head_limit = limit - limit // 2
        self.tail_limit = limit // 2
        self.head = bytearray()
        self.tail = bytearray()
        self.dropped = 0

    def add(self, chunk: bytes) -> None:
        room = self.head_limit - len(self.head)
        if room > 0:
            self.head += chunk[:room]
            chunk = chunk[room:]
        if not chunk:
            return
        self.tail += chunk
        excess = len(self.tail) - self.tail_limit
        if excess > 0:
            del self.tail[:excess]
            self.dropped += excess

    @property
    def total(self) -> int:
        """Bytes written so far, kept or not."""
        return len(self.head) + len(self.tail) + self.dropped

    def text(self) -> str:
        middle = f"\n[... {self.dropped} bytes of output not kept ...]\n" if self.dropped else ""
        data = bytes(self.head) + middle.encode() + bytes(self.tail)
        return data.decode("utf-8", errors="replace")


@dataclass
class Exchange:
    """How an exchange ended: a frame, ``"timeout"``, ``"closed"``, ``"dead"``, ``"protocol"``."""

    status: str
    frame: tuple[dict, list[bytes]] | None = None
    detail: str = ""


def _nonblocking_pipe(size: int | None = None) -> tuple[int, int]:
    read, write = os.pipe()
    os.set_blocking(read, False)
    if size:
        try:
            import fcntl

            fcntl.fcntl(write, _F_SETPIPE_SZ, size)
        except OSError:
            pass
    return read, write


class ChildProcess:
    """A started child: its pipes, its output, its death.

    Parameters
    ----------
    build : callable
        ``build(request_fd, reply_fd)`` returns the whole command (bwrap's
        arguments, if any, then the interpreter's) given the child's two
        protocol descriptors, which the child inherits under those numbers.
    env : mapping
        The child's entire environment.
    cwd : str
        Its working folder (on the host).
    output : OutputBuffer
        Where the child's stdout and stderr go (capped).
    reply_bytes : int
        The largest reply accepted.
    marker : str
        The marker in the child's environment (to find what it leaves behind).
    namespace : bool
        The command is bubblewrap run as root, whose one child is the init of
        the sandbox's PID namespace.
    zygote : Zygote, optional
        Fork the child from this warm start (:mod:`.zygote`) instead: ``build``
        then returns the server's configuration, not a command, and ``cwd`` is
        not used.
    keep_fds : sequence of int
        More descriptors the command inherits (bubblewrap's options, see
        :func:`~.bwrap.options_in_pipe`).

    Raises
    ------
    ZygoteError
        When ``zygote`` cannot fork (nothing is left open).
    """

    def __init__(
        self,
        build,
        env: Mapping[str, str],
        cwd: str,
        output: OutputBuffer,
        reply_bytes: int,
        marker: str,
        namespace: bool = False,
        zygote: Zygote | None = None,
        keep_fds: Sequence[int] = (),
    ) -> None:
        self.output = output
        self.marker = marker
        self.namespace = namespace
        request_read, self.request_write = os.pipe()
        self.reply_read, reply_write = _nonblocking_pipe(_CHUNK)
        self.output_read, output_write = _nonblocking_pipe(_CHUNK)
        try:
            if zygote is not None:
                self.process = zygote.spawn(
                    build(request_read, reply_write), env, (request_read, reply_write, output_write)
                )
            else:
                command: Sequence[str] = build(request_read, reply_write)
                self.process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=output_write,
                    stderr=output_write,
                    pass_fds=(request_read, reply_write, *keep_fds),
                    env=dict(env),
                    cwd=cwd,
                    start_new_session=True,
                    close_fds=True,
                )
        except BaseException:
            for fd in (self.request_write, self.reply_read, self.output_read):
                os.close(fd)
            raise
        finally:
            for fd in (request_read, reply_write, output_write):
                os.close(fd)
        os.set_blocking(self.request_write, False)
        self.pidfd = None
        if isinstance(self.process, ForkedProcess):
            self.pidfd = os.dup(self.process.pidfd)
        elif hasattr(os, "pidfd_open"):
            try:
                self.pidfd = os.pidfd_open(self.process.pid)
            except OSError:
                self.pidfd = None
        self.frames = FrameBuffer(reply_bytes)
        self.output_open = True
        self.closed = False
        self.namespace_gone = False

    # ---- exchange -------------------------------------------------------------------

    def exchange(self, request: bytes | None, deadline: float) -> Exchange:
        """Send ``request`` (if any) and wait for one reply frame until ``deadline``."""
        pending = memoryview(request) if request else None
        try:
            ready = self.frames.frame()
        except ProtocolError as exc:
            return Exchange("protocol", detail=str(exc))
        if ready is not None and pending is None:
            return Exchange("frame", ready)
        poller = select.poll()
        poller.register(self.reply_read, select.POLLIN)
        if self.output_open:
            poller.register(self.output_read, select.POLLIN)
        if self.pidfd is not None:
            poller.register(self.pidfd, select.POLLIN)
        if pending is not None:
            poller.register(self.request_write, select.POLLOUT)
        dead = False
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return Exchange("timeout")
            wait = remaining if self.pidfd is not None else min(remaining, 0.05)
            try:
                events = poller.poll(max(1, int(wait * 1000)))
            except InterruptedError:  # pragma: no cover - PEP 475 retries
                continue
            for fd, _event in events:
                if fd == self.output_read:
                    if not self._drain_output():
                        poller.unregister(self.output_read)
                elif fd == self.request_write and pending is not None:
                    try:
                        written = os.write(self.request_write, pending[:_CHUNK])
                        pending = pending[written:]
                    except BlockingIOError:
                        written = 0
                    except (BrokenPipeError, OSError):
                        pending = memoryview(b"")
                    if not pending:
                        pending = None
                        poller.unregister(self.request_write)
                elif fd == self.reply_read:
                    closed = self._read_reply()
                    try:
                        ready = self.frames.frame()
                    except ProtocolError as exc:
                        return Exchange("protocol", detail=str(exc))
                    if ready is not None and pending is None:
                        return Exchange("frame", ready)
                    if closed:
                        return Exchange("closed")
                    if ready is not None:
                        return Exchange("protocol", detail="reply before the request was read")
                elif fd == self.pidfd:
                    dead = True
            if self.pidfd is None and self.process.poll() is not None:
                dead = True
            if dead:
                self._read_reply()
                while self.output_open and self._drain_output():
                    pass
                try:
                    ready = self.frames.frame()
                except ProtocolError as exc:
                    return Exchange("protocol", detail=str(exc))
                if ready is not None and pending is None:
                    return Exchange("frame", ready)
                return Exchange("dead")

    def _read_reply(self) -> bool:
        """Read what the reply pipe holds; True at end of file."""
        while True:
            try:
                chunk = os.read(self.reply_read, min(max(self.frames.wanted(), 65536), _CHUNK))
            except BlockingIOError:
                return False
            except OSError:
                return True
            if not chunk:
                return True
            self.frames.feed(chunk)

    def _drain_output(self) -> bool:
        """Read the student's output into the capped buffer; False at end of file."""
        for _ in range(64):
            try:
                chunk = os.read(self.output_read, _CHUNK)
            except BlockingIOError:
                return True
            except OSError:
                self.output_open = False
                return False
            if not chunk:
                self.output_open = False
                return False
            self.output.add(chunk)
        return True

    def drain(self) -> None:
        """Collect output written since the last exchange (without waiting)."""
        if self.output_open and not self.closed:
            self._drain_output()

    # ---- end ------------------------------------------------------------------------

    def status(self) -> int | None:
        """The exit status (negative: a signal), once the child is dead."""
        return self.process.poll()

    def _namespace_init(self) -> int | None:
        """A pidfd of bubblewrap's init (pid 1 of the sandbox's PID namespace): the one
        child of the bwrap process when it runs as root."""
        children = _read(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if not children or len(children.split()) != 1 or not hasattr(os, "pidfd_open"):
            return None
        try:
            return os.pidfd_open(int(children.split()[0]))
        except OSError:
            return None

    def kill(self) -> int | None:
        """SIGKILL the child's whole process group (and namespace), reap it, close the pipes.

        For a child in bubblewrap's PID namespace (``namespace``), also wait until
        the namespace is gone, and set :attr:`namespace_gone`: its init (killed
        with its parent) exits only once every process of the namespace has been
        reaped, so that then nothing of the sandbox is left, not even a zombie,
        with no scan of ``/proc``.
        """
        if self.closed:
            return self.process.returncode
        init = self._namespace_init() if self.namespace else None
        if self.process.pid is not None:  # a forked server has none here: killed by uid
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            self.process.kill()
        except OSError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - an unkillable child
            pass
        if init is not None:
            try:
                self.namespace_gone = bool(select.select([init], [], [], 5.0)[0])
            finally:
                os.close(init)
        self.drain()
        if isinstance(self.process, ForkedProcess):
            # the zygote looked in its namespace, the only place the server's uid runs
            self.namespace_gone = self.process.clean
            self.process.close()
        for fd in (self.request_write, self.reply_read, self.output_read, self.pidfd):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.closed = True
        return self.process.returncode


def _read(path: str, size: int = 1 << 16) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        return os.read(fd, size)
    except OSError:
        return None
    finally:
        os.close(fd)


def process_uids(pid: int, *, living: bool = False) -> tuple[int, ...] | None:
    """The real, effective, saved and file-system uids of process ``pid`` (None if gone,
    or, with ``living``, a zombie: it only waits for its parent to read its status).

    Read from ``/proc/<pid>/status``: the owner of ``/proc/<pid>`` is root for a
    process that is not dumpable (one that changed its uid, or asked), so it
    cannot be trusted.
    """
    status = _read(f"/proc/{pid}/status", 4096)
    if status is None:
        return None
    if living and b"\nState:\tZ" in status:
        return None
    start = status.find(b"\nUid:")
    if start < 0:
        return None
    line = status[start + 5 : status.find(b"\n", start + 1)]
    return tuple(int(part) for part in line.split())


def processes_where(test: Callable[[int], bool]) -> list[int]:
    """The processes (not threads) for which ``test(pid)`` holds, this one excepted."""
    found = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return found
    me = os.getpid()
    for name in names:
        if name.isdigit() and int(name) != me and test(int(name)):
            found.append(int(name))
    return found


def _kill(pid: int, test: Callable[[int], bool]) -> bool:
    """SIGKILL ``pid`` if ``test(pid)`` still holds, without the race of a reused pid."""
    open_pidfd = getattr(os, "pidfd_open", None)
    send = getattr(signal, "pidfd_send_signal", None)
    if open_pidfd is None or send is None:  # pragma: no cover - Linux < 5.3
        if not test(pid):
            return False
        try:
            os.kill(pid, signal.SIGKILL)
            return True
        except OSError:
            return False
    try:
        pidfd = open_pidfd(pid)
    except OSError:
        return False
    try:
        if not test(pid):  # the descriptor now pins the process the test looked at
            return False
        send(pidfd, signal.SIGKILL)
        return True
    except OSError:
        return False
    finally:
        os.close(pidfd)


def kill_where(test: Callable[[int], bool], seconds: float = 5.0) -> bool:
    """SIGKILL every process for which ``test(pid)`` holds until none is left.

    Repeats while processes fork (a fork storm is finite: the process cap holds),
    and waits for the killed ones to be reaped, up to ``seconds``.  Returns
    whether none is left.
    """
    deadline = time.monotonic() + seconds
    pause = 0.001
    while True:
        found = processes_where(test)
        if not found:
            return True
        for pid in found:
            _kill(pid, test)
        if time.monotonic() > deadline:
            return not processes_where(test)
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def kill_marked(marker: str) -> int:
    """SIGKILL every process whose environment holds ``marker`` (the child's own uid
    is not a sandbox's alone: the grader is not root).

    A daemon that called ``setsid`` leaves the child's process group, so
    without a PID namespace the sandbox finds what it started by the marker
    variable it put in the child's environment.  Returns how many were found.
    """
    needle = marker.encode()

    def marked(pid: int) -> bool:
        environ = _read(f"/proc/{pid}/environ", 1 << 20)
        return environ is not None and needle in environ.split(b"\0")

    found = len(processes_where(marked))
    if found:
        kill_where(marked, seconds=1.0)
    return found
