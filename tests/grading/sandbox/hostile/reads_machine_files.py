"""Hostile: the machine's world-readable files, and another submission's.

``gradient`` tries to read ``/etc/passwd`` and ``/etc/hostname``, then each path of
``targets.txt`` (a classmate's submission, given by the test: a file, then its folder,
listed), and returns, for each, 1 when it got something, else 0.
"""

import os

import numpy as np


def _read(path):
    try:
        if os.path.isdir(path):
            return 1.0 if os.listdir(path) else 0.0
        with open(path, "rb") as handle:
            return 1.0 if handle.read(64) else 0.0
    except OSError:
        return 0.0


def gradient(X, y, w):
    with open("targets.txt") as handle:
        targets = [line for line in handle.read().split("\n") if line]
    return np.array([_read(path) for path in ["/etc/passwd", "/etc/hostname", *targets]])
