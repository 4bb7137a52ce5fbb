"""Hostile: a return far beyond the reply limit, and NaN/inf returns."""

import numpy as np


def gradient(X, y, w):
    return np.zeros(200_000_000)


def cost(X, y, w):
    return float("nan")


def update(X, y, w, eta):
    return np.array([np.nan, np.inf, -np.inf])
