"""Hostile: gradient ends the process with os._exit; cost and the class are fine."""

import os

import numpy as np


def cost(X, y, w):
    e = y - (X @ w[1:] + w[0])
    return 0.5 * e @ e


def gradient(X, y, w):
    os._exit(3)


class AdalineGD:
    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta, self.n_iter, self.random_state = eta, n_iter, random_state

    def fit(self, X, y):
        self.w_ = np.zeros(X.shape[1] + 1)
        return self
