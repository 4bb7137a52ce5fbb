"""Hostile: a child that widens the CPUs it may run on.

A batch keeps each worker, and the sandboxes it starts, on one CPU of the grader's
(so that a request and its reply stay in one CPU's caches, and the other CPUs stay
for the other workers).  The child may change its own affinity: it asks for every
CPU of the machine and then runs on all of them, beside the other workers.

``widen`` returns the error of ``sched_setaffinity`` (0: it worked) and the number
of CPUs it may run on afterwards.
"""

import os

import numpy as np


def widen(X, y, w):
    try:
        os.sched_setaffinity(0, range(os.cpu_count() or 1))
        failed = 0
    except OSError as exc:
        failed = exc.errno
    return np.array([failed, len(os.sched_getaffinity(0))])


def gradient(X, y, w):
    return np.zeros(len(w))
