"""Hostile: the machine's kernel settings (issue 10, attack 1).

Walks /proc/sys and tries to open every file for writing (core_pattern turns a
crash anywhere on the machine into a program run as root; drop_caches,
sysrq...), plus /proc/sysrq-trigger and the places of /sys known for escapes
(uevent_helper, cgroup v1 release_agent).  A file it could open is reported;
it writes back exactly the bytes it read, never anything else, so this
submission can never change the machine, even where the sandbox fails.

Returns: files tried, opened for writing, written, opened though not writable
by every user (``o+w``: a few sysctls are, and check a capability on write),
and whether /sys is there.
"""

import glob
import os
import stat

import numpy as np

WRITABLE = []
WRITTEN = []
TRIED = [0]


def _try(path):
    TRIED[0] += 1
    try:
        with open(path, "rb") as handle:
            value = handle.read()
    except OSError:
        value = None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
    except OSError:
        return
    try:
        WRITABLE.append(path)
        if value is not None and not path.endswith("sysrq-trigger"):
            os.write(fd, value)
            WRITTEN.append(path)
    except OSError:
        pass
    finally:
        os.close(fd)


def _walk(top):
    for folder, folders, names in os.walk(top, followlinks=False):
        folders[:] = [name for name in folders if not os.path.islink(os.path.join(folder, name))]
        for name in names:
            path = os.path.join(folder, name)
            try:
                if stat.S_ISREG(os.lstat(path).st_mode):
                    _try(path)
            except OSError:
                continue


def gradient(X, y, w):
    WRITABLE.clear()
    WRITTEN.clear()
    TRIED[0] = 0
    _walk("/proc/sys")
    escapes = ["/proc/sysrq-trigger", "/sys/kernel/uevent_helper"]
    escapes += glob.glob("/sys/fs/cgroup/*/release_agent")
    for path in escapes:
        if os.path.exists(path):
            _try(path)
    for path in WRITABLE:
        print("opened for writing:", path, "(written back)" if path in WRITTEN else "")
    closed = [path for path in WRITABLE if not os.stat(path).st_mode & stat.S_IWOTH]
    return np.array(
        [TRIED[0], len(WRITABLE), len(WRITTEN), len(closed), float(os.path.isdir("/sys"))]
    )
