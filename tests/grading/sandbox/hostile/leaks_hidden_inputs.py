"""Hostile: the hidden checks' inputs, handed back to the student in the feedback.

A right answer everywhere, but every call notes what it was given (a digest of the
data: the hidden checks' data are drawn from a fixed seed, the same at every run), the
learners' calls print it, and ``predict`` fails with every line seen so far in its message: data
that a hidden check sent earlier would reach a public check's message, which
Gradescope shows at once.
"""

import hashlib

import numpy as np

SEEN = []


def _saw(name, *args, loud=False):
    digest = hashlib.sha256(b"".join(np.asarray(a, dtype=complex).tobytes() for a in args))
    line = f"LEAK {name} {digest.hexdigest()[:16]}"
    SEEN.append(line)
    if loud:  # the learners' calls only: the shown output is short
        print(line)


def net_input(X, w):
    _saw("net_input", X, w)
    return X @ w[1:] + w[0]


def activation(z):
    return z


def cost(X, y, w):
    _saw("cost", X, y, w)
    e = y - (X @ w[1:] + w[0])
    return 0.5 * e @ e


def gradient(X, y, w):
    _saw("gradient", X, y, w)
    e = y - (X @ w[1:] + w[0])
    return -np.concatenate([[e.sum()], X.T @ e])


def update(X, y, w, eta):
    return w - eta * gradient(X, y, w)


def predict(X, w):
    raise ValueError(" | ".join(SEEN))


class AdalineGD:
    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, X, y):
        _saw("fit", X, y, loud=True)
        self.w_ = np.zeros(1 + X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            e = y - (X @ self.w_[1:] + self.w_[0])
            self.cost_.append(0.5 * e @ e)
            self.w_ = self.w_ + self.eta * np.concatenate([[e.sum()], X.T @ e])
        return self

    def net_input(self, X):
        return X @ self.w_[1:] + self.w_[0]

    def predict(self, X):
        _saw("AdalineGD.predict", X, loud=True)
        return np.where(self.net_input(X) >= 0.0, 1, -1)


class LinearRegressionGD(AdalineGD):
    def predict(self, X):
        _saw("LinearRegressionGD.predict", X, loud=True)
        return self.net_input(X)
