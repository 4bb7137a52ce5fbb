"""Hostile: a wrong gradient, with numpy's comparisons and builtins patched to agree."""

import builtins

import numpy as np
import numpy.testing

np.allclose = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.shape(a), dtype=bool)
np.array_equal = lambda *args, **kwargs: True
numpy.testing.assert_allclose = lambda *args, **kwargs: None
numpy.testing.assert_array_equal = lambda *args, **kwargs: None
builtins.abs = lambda value: 0
builtins.isinstance = lambda *args: True


def gradient(X, y, w):
    return np.zeros(len(w))
