"""Hostile: a package the spec forbids, imported with the import guard taken off.

The guard is a finder on ``sys.meta_path`` and a wrapper of ``__import__``, both in the
student's own process: ``gradient`` removes every finder but Python's own, puts the
original ``__import__`` back, and imports the package named in ``forbidden.txt`` under
a computed name.  It returns 1 when it got the package (and nothing told the grader),
0 when the import failed or found nothing in the package's place.
"""

import builtins
import importlib
import sys

import numpy as np


def gradient(X, y, w):
    with open("forbidden.txt") as handle:
        name = handle.read().strip()
    kept = ("_frozen_importlib", "_frozen_importlib_external")
    sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, "__module__", "") in kept]
    builtins.__import__ = importlib.__import__
    try:
        module = importlib.import_module("".join(reversed(name[::-1])))
    except Exception:
        return np.array([0.0])
    # an empty folder in its place imports as an empty namespace package: nothing to use
    return np.array([1.0 if getattr(module, "__file__", None) else 0.0])
