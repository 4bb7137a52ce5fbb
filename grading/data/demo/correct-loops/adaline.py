"""Adaline written with explicit loops, weights starting at zero (correct)."""

import numpy as np


def net_input(X, w):
    z = []
    for row in X:
        total = w[0]
        for j, x in enumerate(row):
            total += w[j + 1] * x
        z.append(total)
    return z


def activation(z):
    return z


def cost(X, y, w):
    z = net_input(X, w)
    return 0.5 * sum((yi - zi) ** 2 for yi, zi in zip(y, z))


def gradient(X, y, w):
    z = net_input(X, w)
    g = [0.0] * len(w)
    for i, row in enumerate(X):
        err = y[i] - z[i]
        g[0] -= err
        for j, x in enumerate(row):
            g[j + 1] -= err * x
    return g


def update(X, y, w, eta):
    return [wj - eta * gj for wj, gj in zip(w, gradient(X, y, w))]


def predict(X, w):
    return [1 if zi >= 0 else -1 for zi in net_input(X, w)]


class AdalineGD:
    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, X, y):
        self.w_ = np.zeros(1 + X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            self.cost_.append(cost(X, y, self.w_))
            self.w_ = np.array(update(X, y, self.w_, self.eta))
        return self

    def net_input(self, X):
        return np.array(net_input(X, self.w_))

    def activation(self, X):
        return X

    def predict(self, X):
        return np.where(self.net_input(X) >= 0.0, 1, -1)


class LinearRegressionGD(AdalineGD):
    def predict(self, X):
        return self.net_input(X)
