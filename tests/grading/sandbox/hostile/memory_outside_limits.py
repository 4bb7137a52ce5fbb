"""Hostile: memory that ``RLIMIT_AS`` does not count (this session's attack 2).

The address-space limit counts what a process maps, not what it holds: pages of a
``memfd`` or a System V shared-memory segment that was mapped, filled and unmapped,
and messages queued in a System V message queue, stay in the machine's memory while
the process's address space stays small.  Repeated (64 descriptors, 4,096 segments,
32 processes), that fills the memory of the machine every other sandbox and the
grader share.

Returns the bytes it held that way, by channel: memfd, shared memory, message queue.
Everything is released before it returns (the segment and the queue are removed),
so this submission never leaves anything behind, even where the sandbox fails.
"""

import ctypes
import os

import numpy as np

CHUNK = 16 << 20
IPC_PRIVATE, IPC_CREAT, IPC_RMID = 0, 0o1000, 0


def _memfd():
    try:
        fd = os.memfd_create("held")
    except OSError:
        return 0
    try:
        os.write(fd, b"\1" * CHUNK)
        return os.fstat(fd).st_size
    except OSError:
        return 0
    finally:
        os.close(fd)


def _shared_memory(libc):
    libc.shmat.restype = ctypes.c_void_p
    segment = libc.shmget(IPC_PRIVATE, CHUNK, IPC_CREAT | 0o600)
    if segment < 0:
        return 0
    try:
        address = libc.shmat(segment, None, 0)
        if address in (None, ctypes.c_void_p(-1).value):
            return 0
        ctypes.memset(address, 1, CHUNK)
        libc.shmdt(ctypes.c_void_p(address))
        return CHUNK
    finally:
        libc.shmctl(segment, IPC_RMID, None)


def _message_queue(libc):
    queue = libc.msgget(IPC_PRIVATE, IPC_CREAT | 0o600)
    if queue < 0:
        return 0
    message = ctypes.create_string_buffer(8 + 1024)
    message[0] = 1  # mtype 1
    held = 0
    try:
        while held < 16 * 1024 and libc.msgsnd(queue, message, 1024, 0o4000) == 0:  # IPC_NOWAIT
            held += 1024
        return held
    finally:
        libc.msgctl(queue, IPC_RMID, None)


def gradient(X, y, w):
    libc = ctypes.CDLL(None, use_errno=True)
    return np.array([_memfd(), _shared_memory(libc), _message_queue(libc)])
