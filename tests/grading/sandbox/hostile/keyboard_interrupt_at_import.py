"""Hostile: KeyboardInterrupt raised while importing, after one function is defined."""

import numpy as np


def net_input(X, w):
    return X @ w[1:] + w[0]


raise KeyboardInterrupt


def gradient(X, y, w):
    return np.zeros_like(w)
