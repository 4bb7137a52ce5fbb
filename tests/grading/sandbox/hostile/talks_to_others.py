"""Hostile: channels between submissions, and to the machine, that no file carries.

Two submissions graded at the same time, or one graded after another, pass their
answers on through the kernel's names that are not files (this session's attacks):

- an abstract Unix socket (a name starting with NUL, kept by the network namespace,
  not by any folder): the first listens, the second connects; the same way a
  submission reaches the services of the machine that listen on one (D-Bus, X11,
  systemd, the grader's own);
- a POSIX message queue (``mq_open``, kept by the IPC namespace until removed): the
  first leaves a message that outlives it, a later one reads it;
- a System V semaphore set made with a key every uid may use (``0o666``): the first
  stores a number in it, the second reads it.

``name.txt`` holds the name to use and the semaphore's key (one per test, so that
tests running at once never meet).  ``leave`` opens the three channels and says which
it could open; ``take`` says which of them it reached (the queue: opened), and whether
it reached the socket the grader listens on.  The test removes what is left.
"""

import ctypes
import errno
import os
import socket

import numpy as np

O_RDWR, O_CREAT, O_NONBLOCK = 0o2, 0o100, 0o4000
IPC_CREAT, SETVAL, GETVAL = 0o1000, 16, 12
_held = []  # what ``leave`` keeps open while the sandbox lives


def _name() -> tuple[str, int]:
    with open("name.txt") as handle:
        name, key = handle.read().split()
    return name, int(key)


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    if not hasattr(libc, "mq_open"):  # a C library before 2.34: the queues are in librt
        libc = ctypes.CDLL("librt.so.1", use_errno=True)
    libc.mq_open.restype = ctypes.c_int
    return libc


def leave(X, y, w):
    (name, key), libc = _name(), _libc()
    os.umask(0)  # what it makes, every uid may open
    listening = 0
    try:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind("\0" + name + "-student")
        server.listen(4)
        _held.append(server)
        listening = 1
    except OSError:
        pass
    queue = libc.mq_open(("/" + name).encode(), O_RDWR | O_CREAT, 0o666, None)
    queued = int(queue >= 0 and libc.mq_send(queue, b"w = [0.5, -1.25]", 16, 0) == 0)
    semaphore = libc.semget(key, 1, IPC_CREAT | 0o666)
    stored = int(semaphore >= 0 and libc.semctl(semaphore, 0, SETVAL, 42) == 0)
    return np.array([listening, queued, stored])


def _reaches(address: str) -> int:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(2)
            client.connect(address)
            return 1
    except OSError as exc:
        return 0 if exc.errno != errno.EAGAIN else 1


def take(X, y, w):
    (name, key), libc = _name(), _libc()
    student = _reaches("\0" + name + "-student")
    grader = _reaches("\0" + name + "-grader")
    queue = libc.mq_open(("/" + name).encode(), O_RDWR | O_NONBLOCK)
    opened = int(queue >= 0)  # the queue is there (what it holds, only the first reads)
    if queue >= 0:
        libc.mq_receive(queue, ctypes.create_string_buffer(8192), 8192, None)
    semaphore = libc.semget(key, 1, 0)
    seen = int(semaphore >= 0 and libc.semctl(semaphore, 0, GETVAL) == 42)
    return np.array([student, grader, opened, seen])


def gradient(X, y, w):
    return np.zeros(len(w))
