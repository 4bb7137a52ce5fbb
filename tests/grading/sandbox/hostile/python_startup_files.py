"""Hostile: files the interpreter runs by itself at start-up (this session's attack 5).

The submission's folder holds ``sitecustomize.py``, ``usercustomize.py`` and a ``.pth``
file, each of which would record that it ran (as root, before the server gives up its
privileges, had the interpreter read them from there), and a ``.pythonrc`` that
``PYTHONSTARTUP`` would run.  Returns how many of them ran.
"""

import numpy as np


def gradient(X, y, w):
    try:
        with open("ran.txt") as handle:
            return np.array([len(handle.read().split())])
    except OSError:
        return np.array([0])
