"""Hostile: memory held in the kernel's buffers, which ``RLIMIT_AS`` does not count.

A Unix socket pair queues what one end writes until the other reads it: the data
sits in the kernel, charged to the socket, not to the address space of the process.
With its send buffer raised to the most the machine allows (``SO_SNDBUF``, doubled by
the kernel) and its 64 descriptors all socket pairs, one process holds hundreds of
MiB that way, and 32 processes several GiB.  Pipes hold at most what the kernel's
per-user pipe bound allows (``/proc/sys/fs/pipe-user-pages-soft``, 64 MiB by default),
and each sandbox has a uid of its own, so only socket buffers are unbounded.

``held(cap)`` fills socket pairs until ``cap`` bytes are queued or nothing more fits,
and returns the bytes queued and the error that stopped the first socket pair (0: it
was made).  The pairs are closed before it returns.
"""

import socket

import numpy as np


def held(cap):
    cap = int(cap)
    pairs, queued, refused = [], 0, 0
    try:
        while queued < cap:
            try:
                first, second = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            except OSError as exc:
                refused = refused or exc.errno
                break
            pairs.append((first, second))
            first.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 30)
            first.setblocking(False)
            chunk = b"\1" * 65536
            while queued < cap:
                try:
                    queued += first.send(chunk)
                except OSError:
                    break
    finally:
        for first, second in pairs:
            first.close()
            second.close()
    return np.array([queued, refused])


def gradient(X, y, w):
    return np.zeros(len(w))
