"""The name a NameError or an AttributeError most likely meant, read from the source."""

from __future__ import annotations

import pytest

from gdgrade.grading.checks.misspelled import suggestion
from gdgrade.grading.checks.source import read_source

SOURCE = """
import numpy
from math import sqrt


class Learner:
    def __init__(self, n_iters=10):
        self.iters = n_iters

    def _initialize_weights(self, m):
        self.w_ = numpy.zeros(m)

    def fit(self, X, y):
        self._initial_weights(X.shape[1])
        for _ in range(self.n_iters):
            pass
        return self


def helper(x):
    return sqrt(x)
"""


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "AttributeError: 'Learner' object has no attribute '_initial_weights' (adaline.py, "
            "line 14, in fit)",
            "Learner has no method `_initial_weights`: did you mean `self._initialize_weights`?",
        ),
        (
            "AttributeError: 'Learner' object has no attribute 'n_iters'",
            "`self.n_iters` is read but never set on Learner: it is set as `self.iters`; write "
            "one name in both places.",
        ),
        (
            "NameError: name 'np' is not defined (adaline.py, line 11, in _initialize_weights)",
            "adaline.py imports numpy as `numpy`: write `import numpy as np`.",
        ),
        (
            "NameError: name 'helpr' is not defined",
            "`helpr` is not defined in adaline.py: did you mean `helper`?",
        ),
        # nothing close: no guess
        ("AttributeError: 'Learner' object has no attribute 'eta'", None),
        ("NameError: name 'pd' is not defined", None),
        # another object's attribute, and other errors: not ours to explain
        ("AttributeError: 'numpy.ndarray' object has no attribute 'values'", None),
        ("ValueError: shapes (3,2) and (3,) not aligned", None),
    ],
)
def test_the_name_meant(message, expected):
    source, _ = read_source(SOURCE)
    assert suggestion(message, source) == expected


def test_no_source_no_suggestion():
    assert suggestion("NameError: name 'np' is not defined", None) is None
