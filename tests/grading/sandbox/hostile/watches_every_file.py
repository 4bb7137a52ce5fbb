"""Hostile: kernel memory pinned by inotify watches, which ``RLIMIT_AS`` does not count.

One inotify descriptor may watch every file the process can read (the machine's
``/usr`` and ``/proc`` hold well over 100,000), up to the kernel's per-user bound
(``/proc/sys/fs/inotify/max_user_watches``: 192,536 here).  Each watch keeps its
file's inode and a mark in the kernel's memory: about 175 MiB for 139,000 watches,
for as long as the process lives, and every sandbox has a uid (so a bound) of its own.

``watch(limit)`` adds up to ``limit`` watches and returns the error of
``inotify_init1`` (0: it worked) and how many watches it added.
"""

import ctypes
import os

import numpy as np

IN_CREATE = 0x100


def watch(limit):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.inotify_init1(0)
    if fd < 0:
        return np.array([ctypes.get_errno(), 0])
    added = 0
    try:
        for folder, dirs, files in os.walk("/usr"):
            for name in files + dirs:
                if added >= int(limit):
                    return np.array([0, added])
                if libc.inotify_add_watch(fd, os.path.join(folder, name).encode(), IN_CREATE) >= 0:
                    added += 1
        return np.array([0, added])
    finally:
        os.close(fd)


def gradient(X, y, w):
    return np.zeros(len(w))
