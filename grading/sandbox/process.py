"""One child process of a sandbox: start it, exchange frames with deadlines, kill it.

The parent never blocks on the child: every pipe is non-blocking and one
``poll`` loop writes the request, reads the reply, drains the student's
output (keeping a capped head and tail) and watches for the child's death,
until the frame is complete or the deadline passes.
"""

from __future__ import annotations

import errno
import os
import select
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .protocol import FrameBuffer, ProtocolError

__all__ = ["ChildProcess", "Exchange", "OutputBuffer", "kill_marked"]

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
    """

    def __init__(
        self,
        build,
        env: Mapping[str, str],
        cwd: str,
        output: OutputBuffer,
        reply_bytes: int,
        marker: str,
    ) -> None:
        self.output = output
        self.marker = marker
        request_read, self.request_write = os.pipe()
        self.reply_read, reply_write = _nonblocking_pipe(_CHUNK)
        self.output_read, output_write = _nonblocking_pipe(_CHUNK)
        command: Sequence[str] = build(request_read, reply_write)
        try:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=output_write,
                stderr=output_write,
                pass_fds=(request_read, reply_write),
                env=dict(env),
                cwd=cwd,
                start_new_session=True,
                close_fds=True,
            )
        finally:
            for fd in (request_read, reply_write, output_write):
                os.close(fd)
        os.set_blocking(self.request_write, False)
        self.pidfd = None
        if hasattr(os, "pidfd_open"):
            try:
                self.pidfd = os.pidfd_open(self.process.pid)
            except OSError:
                self.pidfd = None
        self.frames = FrameBuffer(reply_bytes)
        self.output_open = True
        self.closed = False

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

    def kill(self) -> int | None:
        """SIGKILL the child's whole process group (and namespace), reap it, close the pipes."""
        if self.closed:
            return self.process.returncode
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
        self.drain()
        for fd in (self.request_write, self.reply_read, self.output_read, self.pidfd):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.closed = True
        return self.process.returncode


def kill_marked(marker: str) -> int:
    """SIGKILL every process whose environment holds ``marker`` (without bubblewrap).

    A daemon that called ``setsid`` leaves the child's process group, so
    without a PID namespace the sandbox finds what it started by the marker
    variable it put in the child's environment.  Returns how many were killed.
    """
    needle = marker.encode()
    killed = 0
    for _ in range(3):
        found = 0
        try:
            pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
        except OSError:
            return killed
        for pid in pids:
            if pid == os.getpid():
                continue
            try:
                with open(f"/proc/{pid}/environ", "rb") as handle:
                    environ = handle.read()
            except OSError:
                continue
            if needle in environ.split(b"\0"):
                try:
                    os.kill(pid, signal.SIGKILL)
                    found += 1
                except OSError as exc:
                    if exc.errno != errno.ESRCH:
                        continue
        killed += found
        if not found:
            break
        time.sleep(0.01)
    return killed
