"""The textbook's learners, reproduced exactly, for any :class:`Convention`.

With the default convention :class:`AdalineGD` and :class:`LinearRegressionGD`
are the textbook's classes line for line: the weights start as
``RandomState(random_state).normal(0, 0.01, 1 + m)``, ``cost_[t]`` is the cost at
the weights before epoch t's update, and the bias and the weights are updated
from the same errors.  With ``bias='separate'`` they start as the later edition
does (``w_`` drawn for the m weights, ``b_ = 0``).  :class:`AdalineSGD` updates
per sample and reshuffles every epoch from ``random_state``;
:class:`AdalineMiniBatchGD` updates per batch of ``batch_size`` samples.
"""

from __future__ import annotations

import numpy as np

from .conventions import DEFAULT, Convention

__all__ = [
    "AdalineGD",
    "AdalineMiniBatchGD",
    "AdalineSGD",
    "LinearRegressionGD",
    "learner_for",
]


class _Learner:
    """What every learner shares: weights in the convention's place, net input, predict."""

    convention: Convention

    # -- weights ---------------------------------------------------------
    def _initialize_weights(self, m: int) -> None:
        self.rgen = np.random.RandomState(self.random_state)
        if self.convention.bias == "w0":
            self.w_ = self.rgen.normal(loc=0.0, scale=0.01, size=1 + m)
        else:
            self.w_ = self.rgen.normal(loc=0.0, scale=0.01, size=m)
            self.b_ = np.float64(0.0)
        self.w_initialized = True

    @property
    def theta_(self) -> np.ndarray:
        """The weights as one augmented vector (bias first), whatever the bias place."""
        if self.convention.bias == "w0":
            return self.w_.copy()
        return np.concatenate([[self.b_], self.w_])

    def _step(self, X: np.ndarray, y: np.ndarray) -> float:
        """One gradient step from the samples (X, y); returns the cost before it."""
        e = y - self.activation(self.net_input(X))
        c = self.convention.loss_spec.factor(len(e))
        rate = self.eta * 2.0 * c
        if self.convention.bias == "w0":
            self.w_[1:] += rate * (X.T @ e)
            self.w_[0] += rate * e.sum()
        else:
            self.w_ += rate * (X.T @ e)
            self.b_ += rate * e.sum()
        return float(c * (e @ e))

    # -- the model -------------------------------------------------------
    def net_input(self, X: np.ndarray) -> np.ndarray:
        """z = X w + b."""
        if self.convention.bias == "w0":
            return np.dot(X, self.w_[1:]) + self.w_[0]
        return np.dot(X, self.w_) + self.b_

    def activation(self, X: np.ndarray) -> np.ndarray:
        """The identity activation."""
        return X

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Labels by the convention's threshold (the net input for regression)."""
        labels = self.convention.label_spec
        phi = self.activation(self.net_input(X))
        if not labels.is_classification:
            return phi
        return np.where(phi >= labels.threshold, labels.positive, labels.negative)

    @property
    def losses_(self) -> list[float]:
        """The later edition's name for ``cost_``."""
        return self.cost_


class AdalineGD(_Learner):
    """ADAptive LInear NEuron trained by whole-batch gradient descent.

    Parameters
    ----------
    eta : float
        Learning rate (between 0.0 and 1.0).
    n_iter : int
        Passes (epochs) over the training set.
    random_state : int
        Seed of the random initial weights.
    convention : Convention
        Loss, labels and bias place (keyword only).

    Attributes
    ----------
    w_ : ndarray
        Weights after fitting, (1 + m,) with ``w_[0]`` the bias, or (m,) next to
        ``b_`` when the bias is separate.
    cost_ : list of float
        ``cost_[t]`` is the cost at the weights before epoch t's update.
    """

    def __init__(
        self,
        eta: float = 0.01,
        n_iter: int = 50,
        random_state: int | None = 1,
        *,
        convention: Convention = DEFAULT,
    ) -> None:
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state
        self.convention = convention

    def fit(self, X: np.ndarray, y: np.ndarray) -> AdalineGD:
        """Fit to X (n, m) and y (n,); neither is modified.  Returns self."""
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        self._initialize_weights(X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            self.cost_.append(self._step(X, y))
        return self


class LinearRegressionGD(AdalineGD):
    """Linear regression by whole-batch gradient descent; ``predict`` is the net input."""

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The net input (a real-valued prediction)."""
        return self.net_input(X)


class AdalineSGD(_Learner):
    """Adaline trained by stochastic gradient descent (one update per sample).

    Parameters
    ----------
    eta : float
        Learning rate.
    n_iter : int
        Epochs.
    shuffle : bool
        Reshuffle the training data every epoch (from ``random_state``).
    random_state : int or None
        Seed of the initial weights and of the shuffles.
    convention : Convention
        Loss, labels and bias place (keyword only).

    Attributes
    ----------
    cost_ : list of float
        The mean over the epoch's samples of each sample's loss, each taken
        before that sample's update (the textbook's ``avg_cost``).
    """

    def __init__(
        self,
        eta: float = 0.01,
        n_iter: int = 10,
        shuffle: bool = True,
        random_state: int | None = None,
        *,
        convention: Convention = DEFAULT,
    ) -> None:
        self.eta = eta
        self.n_iter = n_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.convention = convention
        self.w_initialized = False

    def fit(self, X: np.ndarray, y: np.ndarray) -> AdalineSGD:
        """Fit from fresh weights; X and y are not modified.  Returns self."""
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        self._initialize_weights(X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            if self.shuffle:
                X, y = self._shuffle(X, y)
            cost = [self._update_weights(xi, target) for xi, target in zip(X, y, strict=True)]
            self.cost_.append(sum(cost) / len(y))
        return self

    def partial_fit(self, X: np.ndarray, y: np.ndarray) -> AdalineSGD:
        """Update from (X, y) without reinitialising the weights (after the first call)."""
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        if not self.w_initialized:
            self._initialize_weights(X.shape[-1])
        if y.ravel().shape[0] > 1:
            for xi, target in zip(X, y, strict=True):
                self._update_weights(xi, target)
        else:
            self._update_weights(X.reshape(-1), y.ravel()[0])
        return self

    def _shuffle(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        r = self.rgen.permutation(len(y))
        return X[r], y[r]

    def _update_weights(self, xi: np.ndarray, target: float) -> float:
        return self._step(xi[np.newaxis, :], np.atleast_1d(target))


class AdalineMiniBatchGD(AdalineSGD):
    """Adaline trained by mini-batch gradient descent.

    Each epoch (reshuffled from ``random_state`` when ``shuffle``) is cut into
    consecutive batches of ``batch_size`` samples (the last may be smaller); each
    batch makes one update with the convention's loss over that batch.
    ``cost_[t]`` is the mean over the epoch's batches of each batch's loss before
    its update.  With ``batch_size=1`` this is :class:`AdalineSGD`.
    """

    def __init__(
        self,
        eta: float = 0.01,
        n_iter: int = 10,
        batch_size: int = 32,
        shuffle: bool = True,
        random_state: int | None = None,
        *,
        convention: Convention = DEFAULT,
    ) -> None:
        super().__init__(eta, n_iter, shuffle, random_state, convention=convention)
        self.batch_size = batch_size

    def fit(self, X: np.ndarray, y: np.ndarray) -> AdalineMiniBatchGD:
        """Fit from fresh weights; X and y are not modified.  Returns self."""
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        self._initialize_weights(X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            if self.shuffle:
                X, y = self._shuffle(X, y)
            starts = range(0, len(y), self.batch_size)
            cost = [
                self._step(X[s : s + self.batch_size], y[s : s + self.batch_size]) for s in starts
            ]
            self.cost_.append(sum(cost) / len(cost))
        return self


def learner_for(convention: Convention, **params: object) -> _Learner:
    """The learner that trains as ``convention.training`` says, built with ``params``."""
    if convention.training == "batch":
        if not convention.label_spec.is_classification:
            return LinearRegressionGD(**params, convention=convention)
        return AdalineGD(**params, convention=convention)
    if convention.training == "sgd":
        return AdalineSGD(**params, convention=convention)
    params.setdefault("batch_size", convention.batch_size)
    return AdalineMiniBatchGD(**params, convention=convention)
