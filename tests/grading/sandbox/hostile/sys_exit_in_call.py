"""Hostile: gradient calls sys.exit(0) (a SystemExit), update raises KeyboardInterrupt."""

import sys

import numpy as np


def cost(X, y, w):
    e = y - (X @ w[1:] + w[0])
    return 0.5 * e @ e


def gradient(X, y, w):
    sys.exit(0)


def update(X, y, w, eta):
    raise KeyboardInterrupt


def predict(X, w):
    return np.where(X @ w[1:] + w[0] >= 0, 1, -1)
