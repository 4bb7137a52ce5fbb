"""Hostile: what outlives the sandbox in the machine's shared folders (this session's attack 7).

Without bubblewrap the child can write in ``/tmp``, ``/var/tmp`` and ``/dev/shm`` (which
is memory): a file, a folder and a link to ``targets.txt``'s path in each, left there to
outlive the sandbox (and be read by the next sandbox given the same uid).  Writes the
paths it made into ``left.txt`` in its own folder and returns how many.
"""

import os

import numpy as np


def gradient(X, y, w):
    with open("targets.txt") as handle:
        target = handle.read().strip()
    made = []
    for folder in ("/tmp", "/var/tmp", "/dev/shm"):
        stem = os.path.join(folder, f"gdgrade-hostile-left-{os.getuid()}-{os.getpid()}")
        try:
            with open(stem + ".txt", "w") as handle:
                handle.write("left behind\n")
            made.append(stem + ".txt")
            os.makedirs(stem + ".d/inner")
            made.append(stem + ".d")
            os.symlink(target, stem + ".link")
            made.append(stem + ".link")
        except OSError:
            pass
    with open("left.txt", "w") as handle:
        handle.write("\n".join(made))
    return np.array([len(made)])
