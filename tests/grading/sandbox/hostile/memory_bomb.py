"""Hostile: gradient allocates memory until something gives."""

import numpy as np


def cost(X, y, w):
    e = y - (X @ w[1:] + w[0])
    return 0.5 * e @ e


def gradient(X, y, w):
    hoard = []
    while True:
        hoard.append(np.ones(50_000_000))
