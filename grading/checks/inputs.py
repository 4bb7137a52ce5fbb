"""The inputs the checks draw, built from :mod:`gdgrade.grading.strategies`.

Each function returns the cache key that names a Hypothesis strategy and a function
of no arguments that builds the strategy (the same key always means the same
strategy, see :func:`~gdgrade.grading.checks.properties.draw_examples`).  The
strategy is built, and Hypothesis imported, only when the examples are not kept
from an earlier run or a property fails and is shrunk.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from gdgrade.reference import Convention

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

Inputs = tuple[str, "Callable[[], SearchStrategy]"]
"""A strategy's key and the function that builds it."""

__all__ = [
    "class_problems",
    "function_problems",
    "on_threshold",
    "threshold_probe",
    "with_eta",
]

ETAS = (0.001, 0.01, 0.05, 0.1, 0.5)
"""Learning rates the ``update`` checks vary over (an update is checked for any eta)."""


def _builder(build: Callable[[], SearchStrategy]) -> Callable[[], SearchStrategy]:
    """``build``, called once (a strategy is built once per process)."""
    return functools.cache(build)


@functools.cache
def function_problems(conv: Convention) -> Inputs:
    """(X, y, w): small datasets with weights of the matching size."""

    def build() -> SearchStrategy:
        from gdgrade.grading import strategies

        return strategies.problems(labels=conv.labels)

    return f"problems/{conv.labels}", _builder(build)


@functools.cache
def with_eta(conv: Convention) -> Inputs:
    """(X, y, w, eta) with eta from :data:`ETAS`."""
    key, base = function_problems(conv)

    def build() -> SearchStrategy:
        from hypothesis import strategies as st

        return st.tuples(base(), st.sampled_from(ETAS)).map(lambda t: (*t[0], t[1]))

    return f"{key}/eta", _builder(build)


@functools.cache
def on_threshold(conv: Convention) -> Inputs:
    """(X, y, w), where some draws put every net input exactly on the threshold."""
    key, base = function_problems(conv)
    threshold = conv.label_spec.threshold or 0.0

    def exact(problem: tuple) -> tuple:
        X, y, w = problem
        w = np.zeros_like(w)
        w[0] = threshold
        return X, y, w

    def build() -> SearchStrategy:
        from hypothesis import strategies as st

        return st.one_of(base().map(exact), base())

    return f"{key}/threshold", _builder(build)


@functools.cache
def class_problems(conv: Convention, *, min_samples: int = 1) -> Inputs:
    """(X, y): datasets for fitting a learner (at least ``min_samples`` samples)."""

    def build() -> SearchStrategy:
        from gdgrade.grading import strategies

        return strategies.datasets(labels=conv.labels, min_samples=min_samples)

    return f"datasets/{conv.labels}/{min_samples}", _builder(build)


PROBE_OFFSETS = (-1.5, -1.25, -1.0, -0.75, -0.6, -0.4, -0.25, -0.1, 0.1, 0.25, 0.4, 0.6, 0.75, 1.0)
"""Net inputs ``predict`` is also asked about, as offsets from the convention's threshold:
a threshold shifted by up to a unit and a half falls between two of them (never on one,
where rounding would decide)."""


def threshold_probe(theta: np.ndarray, conv: Convention) -> np.ndarray | None:
    """Samples whose net inputs under ``theta`` sit at :data:`PROBE_OFFSETS` from the
    threshold (None when the weights cannot move the net input)."""
    labels = conv.label_spec
    w = theta[1:]
    norm2 = float(w @ w)
    if not labels.is_classification or not np.isfinite(norm2) or norm2 < 1e-12:
        return None
    targets = labels.threshold + np.array(PROBE_OFFSETS)
    X = np.outer((targets - theta[0]) / norm2, w)
    return X if np.all(np.isfinite(X)) else None
