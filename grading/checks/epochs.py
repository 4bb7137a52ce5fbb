"""One epoch of the reference, as the convention's training walks it (in order).

``batch``: one update from all samples; ``sgd``: one update per sample;
``minibatch``: one update per consecutive batch of ``batch_size`` samples.  The
epoch's recorded cost is the mean over its updates of the loss each update
started from (the textbook's ``avg_cost``; for ``batch``, just J).
"""

from __future__ import annotations

import numpy as np

from gdgrade.grading.cache import Remembered
from gdgrade.reference import Convention
from gdgrade.reference import functions as ref

__all__ = ["epoch", "safe_eta"]


def _batches(n: int, conv: Convention) -> list[slice]:
    size = {"batch": n, "sgd": 1}.get(conv.training, conv.batch_size)
    return [slice(s, s + size) for s in range(0, n, size)]


def epoch(
    X: np.ndarray,
    y: np.ndarray,
    theta: np.ndarray,
    eta: float,
    conv: Convention,
    *,
    thresholded: bool = False,
) -> tuple[np.ndarray, float]:
    """The weights after one epoch from ``theta``, and the cost the epoch records.

    ``thresholded``: the perceptron's mistake, errors taken from the predicted labels
    instead of the net input (same walk through the data, same step size; the cost
    recorded from those errors too).
    """
    w = np.asarray(theta, dtype=float)
    costs = []
    for part in _batches(len(y), conv):
        if thresholded:
            e = y[part] - ref.predict(X[part], w, convention=conv)
            factor = conv.loss_spec.factor(len(e))
            costs.append(factor * float(e @ e))
            w = w + eta * 2 * factor * np.concatenate([[e.sum()], X[part].T @ e])
        else:
            costs.append(ref.cost(X[part], y[part], w, convention=conv))
            w = ref.update(X[part], y[part], w, eta, convention=conv)
    return w, float(np.mean(costs))


_SAFE = Remembered()
"""The learning rates :func:`safe_eta` found: the checks ask for the same datasets'
hundreds of times per submission (and every submission of a batch draws the same)."""


def safe_eta(X: np.ndarray, conv: Convention, fraction: float) -> float:
    """``fraction`` of the largest learning rate that is stable for every update of an epoch.

    Kept by the dataset's bytes (its eigenvalues are computed once per dataset and
    convention, not once per use).
    """
    X = np.asarray(X)

    def found() -> float:
        parts = _batches(len(X), conv)
        return fraction * min(ref.learning_rate_bound(X[p], convention=conv) for p in parts)

    return _SAFE.get(_SAFE.key(X, conv, fraction), found)
