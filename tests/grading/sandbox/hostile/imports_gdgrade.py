"""Hostile: takes the answer from gdgrade's reference."""

import numpy as np

from gdgrade.reference import gradient as _reference


def gradient(X, y, w):
    return np.asarray(_reference(X, y, w))
