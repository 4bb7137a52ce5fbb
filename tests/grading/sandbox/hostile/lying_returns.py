"""Hostile: return values that lie about what they are."""

import numpy as np


class Always(np.ndarray):
    """An ndarray whose comparisons always say 'equal'."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def all(self, *args, **kwargs):
        return True


class Liar:
    """Claims to be an array, but is an object array."""

    def __array__(self, dtype=None, copy=None):
        return np.array([object(), "gradient"], dtype=object)


def gradient(X, y, w):
    return np.full(len(w), 7.0).view(Always)


def net_input(X, w):
    return Liar()


def activation(z):
    return (value for value in z)


def cost(X, y, w):
    e = y - (X @ w[1:] + w[0])
    0.5 * e @ e  # the missing return is the point


def predict(X, w):
    return ["1", "-1"]


def update(X, y, w, eta):
    return [[1.0], [2.0, 3.0]]
