"""Hostile: modules named like the standard library's, next to adaline.py.

A submission that ships ``json.py``, ``resource.py`` or ``numpy.py`` hopes the
grader's own code imports them instead of the real ones (a ``unittest.py``
next to the student's file is the classic trick against Python autograders).
A ``resource.py`` whose ``setrlimit`` does nothing lifts every limit of the
sandbox, the process cap included; a ``json.py`` imported while the server
is still root runs as root.  The test puts such shadows next to this file; a
shadow that is imported records who imported it, in ``shadowed.txt``.
"""

import os

import numpy as np


def gradient(X, y, w):
    log = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shadowed.txt")
    seen = open(log).read().split("\n") if os.path.exists(log) else []
    e = y - (X @ w[1:] + w[0])
    return np.append(-np.concatenate([[e.sum()], X.T @ e]), len([s for s in seen if s]))
