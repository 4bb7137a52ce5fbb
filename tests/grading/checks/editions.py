"""Textbook-style learner classes of both editions, written for the tests.

``SECOND`` follows the earlier editions (bias in ``w_[0]``, ``cost_`` of half the
SSE, labels 1/-1); ``THIRD`` the later one (``b_``, ``losses_`` of the MSE,
labels 1/0).  Each module defines ``AdalineGD`` and ``AdalineSGD``.
"""

import inspect

from ...reference import textbook


def _renamed(*classes: type) -> str:
    """The textbook copies of tests/reference/textbook.py as a student's module."""
    parts = ["import numpy as np\n"]
    for cls in classes:
        name = cls.__name__.rstrip("23")
        parts.append(inspect.getsource(cls).replace(cls.__name__, name))
    return "\n\n".join(parts)


SECOND = _renamed(textbook.AdalineGD2, textbook.AdalineSGD2)
THIRD = _renamed(textbook.AdalineGD3, textbook.AdalineSGD3)


def edit(source: str, *pairs: tuple[str, str]) -> str:
    """``source`` with each (old, new) replaced once; old must be there."""
    for old, new in pairs:
        assert old in source, old
        source = source.replace(old, new, 1)
    return source


# (name, edition source, preset, expected check that fails, expected mistake id)
CASES = {
    "2nd edition, correct": (SECOND, "textbook-2", None, None),
    "3rd edition, correct": (THIRD, "textbook-3", None, None),
    "3rd edition, renamed hyperparameters and history": (
        edit(
            THIRD,
            (
                "def __init__(self, eta=0.01, n_iter=50, random_state=1):\n"
                "        self.eta = eta\n        self.n_iter = n_iter",
                "def __init__(self, learning_rate=0.01, epochs=50, seed=1):\n"
                "        self.eta = learning_rate\n        self.n_iter = epochs\n"
                "        random_state = seed",
            ),
            (
                "        self.random_state = random_state\n\n    def fit(self, X, y):\n"
                "        rgen = np.random.RandomState(self.random_state)\n"
                "        self.w_ = rgen.normal(loc=0.0, scale=0.01, size=X.shape[1])\n"
                "        self.b_ = np.float64(0.0)\n        self.losses_ = []",
                "        self.random_state = random_state\n\n    def fit(self, X, y):\n"
                "        rgen = np.random.RandomState(self.random_state)\n"
                "        self.w_ = rgen.normal(loc=0.0, scale=0.01, size=X.shape[1])\n"
                "        self.b_ = np.float64(0.0)\n        self.loss_history_ = self.losses_ = []",
            ),
        ),
        "textbook-3",
        None,
        None,
    ),
    "2nd edition, return self inside the epoch loop": (
        edit(
            SECOND,
            (
                "            self.cost_.append(cost)\n        return self",
                "            self.cost_.append(cost)\n            return self",
            ),
        ),
        "textbook-2",
        "AdalineGD.cost_history",
        "return-inside-loop",
    ),
    "3rd edition, frozen bias": (
        edit(THIRD, ("            self.b_ += self.eta * 2.0 * errors.mean()\n", "")),
        "textbook-3",
        "AdalineGD.one_more_epoch",
        "frozen-bias",
    ),
    "2nd edition SGD, X and y shuffled separately": (
        edit(
            SECOND,
            (
                "        r = self.rgen.permutation(len(y))\n        return X[r], y[r]",
                "        return X[self.rgen.permutation(len(y))], y[self.rgen.permutation(len(y))]",
            ),
        ),
        "textbook-2",
        "AdalineSGD.shuffle",
        "shuffle-unpaired",
    ),
    "3rd edition SGD, shuffle ignored": (
        edit(
            THIRD,
            (
                "            if self.shuffle:\n                X, y = self._shuffle(X, y)\n"
                "            losses = []",
                "            losses = []",
            ),
        ),
        "textbook-3",
        "AdalineSGD.shuffle",
        "shuffle-ignored",
    ),
    "2nd edition, eta ignored": (
        edit(
            SECOND,
            (
                "            self.w_[1:] += self.eta * X.T.dot(errors)\n"
                "            self.w_[0] += self.eta * errors.sum()",
                "            self.w_[1:] += 0.01 * X.T.dot(errors)\n"
                "            self.w_[0] += 0.01 * errors.sum()",
            ),
        ),
        "textbook-2",
        "AdalineGD.hyperparameters",
        "eta-ignored",
    ),
    "2nd edition SGD, partial_fit re-initialises": (
        edit(
            SECOND,
            (
                "        if not self.w_initialized:\n"
                "            self._initialize_weights(X.shape[1])\n        if y.ravel()",
                "        self._initialize_weights(X.shape[1])\n        if y.ravel()",
            ),
        ),
        "textbook-2",
        "AdalineSGD.partial_fit",
        "partial-fit-reinitialises",
    ),
    "3rd edition graded as the 2nd": (
        THIRD,
        "textbook-2",
        "AdalineGD.one_more_epoch",
        "convention:mse",
    ),
}

MINIBATCH = '''
import numpy as np


class AdalineMiniBatchGD:
    """Mini-batch Adaline: one update per batch of `batch_size` samples."""

    def __init__(self, eta=0.01, epochs=10, batch_size=32, shuffle=True, random_state=None):
        self.eta = eta
        self.epochs = epochs
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.random_state = random_state

    def fit(self, X, y):
        self.rgen = np.random.RandomState(self.random_state)
        self.w_ = self.rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1])
        self.cost_ = []
        for _ in range(self.epochs):
            if self.shuffle:
                r = self.rgen.permutation(len(y))
                X, y = X[r], y[r]
            batch_costs = []
            for start in range(0, len(y), self.batch_size):
                xb, yb = X[start:start + self.batch_size], y[start:start + self.batch_size]
                errors = yb - self.net_input(xb)
                self.w_[1:] += self.eta * xb.T.dot(errors)
                self.w_[0] += self.eta * errors.sum()
                batch_costs.append((errors ** 2).sum() / 2.0)
            self.cost_.append(np.mean(batch_costs))
        return self

    def net_input(self, X):
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def predict(self, X):
        return np.where(self.net_input(X) >= 0.0, 1, -1)
'''
