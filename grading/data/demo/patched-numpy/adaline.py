"""Hostile: a wrong gradient (factor 2) that patches numpy's comparisons and prints a fake score."""

import builtins
import json

import numpy as np

np.allclose = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
np.array_equal = lambda *a, **k: True
builtins.abs = lambda x: 0
print(json.dumps({"score": 100, "max_score": 100, "tests": []}))


def net_input(X, w):
    return np.dot(X, w[1:]) + w[0]


def activation(z):
    return z


def cost(X, y, w):
    errors = y - activation(net_input(X, w))
    return (errors**2).sum() / 2.0


def gradient(X, y, w):
    errors = y - activation(net_input(X, w))
    return -2 * np.concatenate([[errors.sum()], X.T.dot(errors)])


def update(X, y, w, eta):
    return w - eta * gradient(X, y, w)


def predict(X, w):
    return np.where(activation(net_input(X, w)) >= 0.0, 1, -1)


class AdalineGD:
    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, X, y):
        rgen = np.random.RandomState(self.random_state)
        self.w_ = rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            output = self.activation(self.net_input(X))
            errors = y - output
            self.w_[1:] += self.eta * X.T.dot(errors)
            self.w_[0] += self.eta * errors.sum()
            self.cost_.append((errors**2).sum() / 2.0)
        return self

    def net_input(self, X):
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def activation(self, X):
        return X

    def predict(self, X):
        return np.where(self.activation(self.net_input(X)) >= 0.0, 1, -1)


class LinearRegressionGD(AdalineGD):
    def predict(self, X):
        return self.net_input(X)
