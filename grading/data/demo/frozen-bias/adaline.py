"""Wrong: the class never updates the bias."""

import numpy as np


def net_input(X, w):
    return np.dot(X, w[1:]) + w[0]


def activation(z):
    return z


def cost(X, y, w):
    errors = y - activation(net_input(X, w))
    return (errors**2).sum() / 2.0


def gradient(X, y, w):
    errors = y - activation(net_input(X, w))
    return -np.concatenate([[errors.sum()], X.T.dot(errors)])


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
