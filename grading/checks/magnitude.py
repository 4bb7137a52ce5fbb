"""The size of the terms behind each reference value, for rounding-aware comparisons.

A correct implementation may add its terms in any order (loops, ``X.T @ e``,
an augmented X), so a value that cancels to nearly zero is only defined to
about ``eps * (sum of the terms' sizes)``.  These functions give that sum; the
comparison allows ``rtol`` times it (see
:func:`~gdgrade.grading.checks.compare.compare`).
"""

from __future__ import annotations

import numpy as np

from gdgrade.reference import Convention
from gdgrade.reference import functions as ref

__all__ = ["cost_magnitude", "gradient_magnitude", "net_input_magnitude", "update_magnitude"]


def net_input_magnitude(X: np.ndarray, w: np.ndarray) -> np.ndarray:
    """|w_0| + sum_j |x_ij w_j| per sample."""
    return np.abs(X) @ np.abs(w[1:]) + abs(w[0])


def _error_magnitude(X, y, w) -> np.ndarray:
    return np.abs(y) + net_input_magnitude(X, w)


def cost_magnitude(X, y, w, conv: Convention) -> float:
    """2c sum_i |e_i| (|y_i| + |z_i| terms): how far rounding in e can move J."""
    e = ref.errors(X, y, w)
    return float(2 * conv.loss_spec.factor(len(y)) * (np.abs(e) @ _error_magnitude(X, y, w)))


def gradient_magnitude(X, y, w, conv: Convention) -> np.ndarray:
    """2c sum_i (|e_i| + size of e_i's terms) |x_ij|, per weight (x_i0 = 1)."""
    size = np.abs(ref.errors(X, y, w)) + _error_magnitude(X, y, w)
    Xa = np.abs(ref.augment(X))
    return 2 * conv.loss_spec.factor(len(y)) * (Xa.T @ size)


def update_magnitude(X, y, w, eta: float, conv: Convention) -> np.ndarray:
    """|w_j| + eta * the gradient's magnitude."""
    return np.abs(w) + abs(eta) * gradient_magnitude(X, y, w, conv)
