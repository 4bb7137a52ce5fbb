"""Hostile: the grader's folders on the host, read from the command lines in ``/proc``.

Inside bubblewrap the child sees only its own PID namespace, but bubblewrap's own
process is pid 1 there, and its command line (world-readable in ``/proc/1/cmdline``)
is the whole ``bwrap`` invocation: where the submission's folder, the grader's
installation and its Python live on the host (bubblewrap issues #503 and #631).

``gradient`` writes every command line it can read but its own to ``seen.txt`` (NUL
bytes as spaces, one per line) and returns how many it read.
"""

import os

import numpy as np


def gradient(X, y, w):
    seen = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as handle:
                seen.append(handle.read().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    with open("seen.txt", "w") as handle:
        handle.write("\n".join(seen))
    return np.full(len(w), float(len(seen)))
