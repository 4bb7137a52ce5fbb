"""Hostile: writes to a sibling submission, the grader's folder and /tmp."""

import os

import numpy as np

TARGETS = [
    "../sibling/adaline.py",
    "../../sibling/adaline.py",
    "/tmp/gdgrade-hostile-marker",
    "/results.json",
]
try:
    with open("targets.txt") as handle:
        TARGETS += handle.read().split()
except OSError:
    pass

WRITTEN = []


def _write_all():
    for path in TARGETS:
        try:
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            with open(path, "w") as handle:
                handle.write("def gradient(X, y, w):\n    return 'owned'\n")
            WRITTEN.append(path)
        except OSError:
            pass


_write_all()


def gradient(X, y, w):
    _write_all()
    return np.full(len(w), float(len(WRITTEN)))
