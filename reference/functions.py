"""The student API of the design, computed right, for any :class:`Convention`.

Shapes follow the design: ``X`` is (n, m) without a bias column, ``y`` is (n,),
``w`` is (m + 1,) with ``w[0]`` the bias.  Every function takes the convention
as a keyword (the design's default when omitted); the bias place only matters to
how a learner stores its weights, so these functions always use the augmented
vector ``w``.
"""

from __future__ import annotations

import numpy as np

from .conventions import DEFAULT, Convention

__all__ = [
    "activation",
    "augment",
    "cost",
    "errors",
    "gradient",
    "learning_rate_bound",
    "least_squares",
    "net_input",
    "predict",
    "update",
]


def _as_float(a: object) -> np.ndarray:
    return np.asarray(a, dtype=np.float64)


def augment(X: np.ndarray) -> np.ndarray:
    """``X`` with a leading column of ones (x[i, 0] = 1), shape (n, m + 1)."""
    X = _as_float(X)
    return np.hstack([np.ones((X.shape[0], 1)), X])


def net_input(X: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The net input z_i = w_0 + sum_j w_j x_ij, shape (n,)."""
    X, w = _as_float(X), _as_float(w)
    return X @ w[1:] + w[0]


def activation(z: np.ndarray) -> np.ndarray:
    """The identity activation phi(z) = z of Adaline and linear regression."""
    return _as_float(z)


def errors(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The errors e_i = y_i - phi(z_i), shape (n,)."""
    return _as_float(y) - activation(net_input(X, w))


def cost(X: np.ndarray, y: np.ndarray, w: np.ndarray, *, convention: Convention = DEFAULT) -> float:
    """The cost J(w) of the convention's loss, for example 1/2 sum_i e_i**2."""
    e = errors(X, y, w)
    return float(convention.loss_spec.factor(len(e)) * (e @ e))


def gradient(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, *, convention: Convention = DEFAULT
) -> np.ndarray:
    """dJ/dw_j = -2c sum_i e_i x_ij (x_i0 = 1), shape (m + 1,).

    For half SSE (c = 1/2) this is the design's -sum_i (y_i - phi(z_i)) x_ij.
    """
    X = _as_float(X)
    e = errors(X, y, w)
    scale = -2.0 * convention.loss_spec.factor(len(e))
    out = np.empty(X.shape[1] + 1)
    out[0] = scale * e.sum()
    out[1:] = scale * (X.T @ e)
    return out


def update(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    eta: float,
    *,
    convention: Convention = DEFAULT,
) -> np.ndarray:
    """One batch step w + Δw with Δw = -eta * dJ/dw; ``w`` is left untouched."""
    return _as_float(w) - eta * gradient(X, y, w, convention=convention)


def predict(X: np.ndarray, w: np.ndarray, *, convention: Convention = DEFAULT) -> np.ndarray:
    """Class labels by the convention's threshold (a net input on it is positive).

    For ``labels='real'`` (regression) the prediction is the net input.
    """
    labels = convention.label_spec
    phi = activation(net_input(X, w))
    if not labels.is_classification:
        return phi
    return np.where(phi >= labels.threshold, labels.positive, labels.negative)


def least_squares(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The closed-form minimiser of every convention's cost, shape (m + 1,).

    The minimum-norm solution of ``augment(X) @ w = y`` (``np.linalg.lstsq``),
    which is where batch gradient descent from w = 0 converges with a stable eta.
    """
    solution, *_ = np.linalg.lstsq(augment(X), _as_float(y), rcond=None)
    return solution


def learning_rate_bound(X: np.ndarray, *, convention: Convention = DEFAULT) -> float:
    """The largest stable learning rate of batch gradient descent (exclusive).

    J = c * ||y - Xa w||^2 has the Hessian 2c Xa^T Xa, so batch gradient descent
    converges for eta < 2 / lambda_max(2c Xa^T Xa) = 1 / (c * lambda_max(Xa^T Xa));
    for half SSE (c = 1/2) that is eta < 2 / lambda_max(Xa^T Xa).  Returns ``inf``
    when Xa^T Xa is zero (which cannot happen: the bias column is never zero).
    """
    Xa = augment(X)
    lam = float(np.linalg.eigvalsh(Xa.T @ Xa)[-1])
    c = convention.loss_spec.factor(Xa.shape[0])
    return float("inf") if lam <= 0 else 1.0 / (c * lam)
