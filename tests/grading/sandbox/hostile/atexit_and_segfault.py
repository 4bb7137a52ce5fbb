"""Hostile: an atexit hook that prints a fake result, and a segfault in gradient."""

import atexit
import ctypes

import numpy as np

atexit.register(print, '{"score": 100, "max_score": 100}')


def cost(X, y, w):
    e = y - (X @ w[1:] + w[0])
    return 0.5 * e @ e


def gradient(X, y, w):
    ctypes.string_at(0)
    return np.zeros_like(w)
