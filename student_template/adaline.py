"""Adaline and linear regression trained by batch gradient descent: your code.

Fill in every function and method that raises ``NotImplementedError``, then run
``gdgrade check`` (or ``pytest``) in this folder to see which parts are right.

Notation and conventions of this assignment (``adaline-gd``)
-------------------------------------------------------------
- ``X`` has shape (n, m): n samples, m features, *without* a column of ones.
- ``w`` has shape (m + 1,): ``w[0]`` is the bias, ``w[1:]`` the feature weights.
- ``y`` has shape (n,): the labels 1 / -1 (Adaline) or real targets (regression).
- The net input of sample i is z_i = w_0 + sum_j w_j x_ij; the activation is the
  identity, phi(z) = z.
- The cost is half the sum of squared errors, J(w) = 1/2 * sum_i (y_i - phi(z_i))**2.
- One batch step changes every weight at once, from the errors of the whole
  training set: w := w - eta * dJ/dw.

Your functions may return numpy arrays or lists; they must not modify their inputs.
"""

import numpy as np  # noqa: F401  (you will need it)


def net_input(X, w):
    """The net input of every sample.

    Parameters
    ----------
    X : array of shape (n, m)
        The samples, without a column of ones.
    w : array of shape (m + 1,)
        The weights; ``w[0]`` is the bias.

    Returns
    -------
    z : array of shape (n,)
        ``z[i] = w[0] + sum_j w[j + 1] * X[i, j]``.
    """
    raise NotImplementedError


def activation(z):
    """The activation phi(z) of Adaline: the identity.

    Parameters
    ----------
    z : array of shape (n,)
        Net inputs.

    Returns
    -------
    array of shape (n,)
        ``phi(z)``, equal to ``z``.
    """
    raise NotImplementedError


def cost(X, y, w):
    """The cost J(w): half the sum of squared errors.

    Parameters
    ----------
    X : array of shape (n, m)
        The samples.
    y : array of shape (n,)
        The targets.
    w : array of shape (m + 1,)
        The weights; ``w[0]`` is the bias.

    Returns
    -------
    float
        ``J(w) = 1/2 * sum_i (y[i] - phi(z[i]))**2``.
    """
    raise NotImplementedError


def gradient(X, y, w):
    """The gradient of the cost with respect to the weights.

    Parameters
    ----------
    X : array of shape (n, m)
        The samples.
    y : array of shape (n,)
        The targets.
    w : array of shape (m + 1,)
        The weights; ``w[0]`` is the bias.

    Returns
    -------
    array of shape (m + 1,)
        ``dJ/dw_j`` for j = 0..m (entry 0 is the derivative with respect to the bias).
    """
    raise NotImplementedError


def update(X, y, w, eta):
    """One step of batch gradient descent.

    Parameters
    ----------
    X : array of shape (n, m)
        The samples.
    y : array of shape (n,)
        The targets.
    w : array of shape (m + 1,)
        The weights before the step; leave this array unchanged.
    eta : float
        The learning rate.

    Returns
    -------
    array of shape (m + 1,)
        The new weights ``w - eta * dJ/dw``, computed from the errors of all the
        samples at the old weights.
    """
    raise NotImplementedError


def predict(X, w):
    """The class label of every sample.

    Parameters
    ----------
    X : array of shape (n, m)
        The samples.
    w : array of shape (m + 1,)
        The weights; ``w[0]`` is the bias.

    Returns
    -------
    array of shape (n,)
        1 where ``phi(z) >= 0`` (a net input of exactly 0 counts as 1), else -1.
    """
    raise NotImplementedError


class AdalineGD:
    """ADAptive LInear NEuron classifier trained by batch gradient descent.

    Parameters
    ----------
    eta : float
        Learning rate (between 0.0 and 1.0).
    n_iter : int
        Passes (epochs) over the training set.
    random_state : int
        Seed of the random initial weights (if you start from random weights:
        the same seed must give the same result).

    Attributes
    ----------
    w_ : array of shape (m + 1,)
        The weights after fitting, floats; ``w_[0]`` is the bias.
    cost_ : list of float, length n_iter
        ``cost_[t]`` is the cost J at the weights *before* epoch t's update.
    """

    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, X, y):
        """Fit to the training data: n_iter batch updates.

        Parameters
        ----------
        X : array of shape (n, m)
            The samples; leave it unchanged.
        y : array of shape (n,)
            The labels 1 / -1; leave it unchanged.

        Returns
        -------
        self : AdalineGD
        """
        raise NotImplementedError

    def net_input(self, X):
        """The net input of every sample at the fitted weights, shape (n,)."""
        raise NotImplementedError

    def activation(self, X):
        """The identity activation, shape (n,)."""
        raise NotImplementedError

    def predict(self, X):
        """The class label (1 / -1) of every sample, shape (n,)."""
        raise NotImplementedError


class LinearRegressionGD(AdalineGD):
    """Linear regression trained by batch gradient descent (the same rule as Adaline).

    Same parameters and attributes as :class:`AdalineGD`; ``y`` holds real
    targets, and ``predict`` returns the net input (no threshold).
    """

    def fit(self, X, y):
        """Fit to the training data: n_iter batch updates; returns self."""
        raise NotImplementedError

    def predict(self, X):
        """The predicted target of every sample: the net input, shape (n,)."""
        raise NotImplementedError
