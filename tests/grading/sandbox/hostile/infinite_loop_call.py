"""Hostile: gradient never returns; cost is right (the next call must still work)."""

import numpy as np


def cost(X, y, w):
    e = y - (X @ w[1:] + w[0])
    return 0.5 * e @ e


def gradient(X, y, w):
    while True:
        pass
    return np.zeros_like(w)
