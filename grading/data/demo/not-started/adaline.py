"""The untouched template: nothing is done yet."""


def net_input(X, w):
    raise NotImplementedError


def activation(z):
    raise NotImplementedError


def cost(X, y, w):
    raise NotImplementedError


def gradient(X, y, w):
    raise NotImplementedError


def update(X, y, w, eta):
    raise NotImplementedError


def predict(X, w):
    raise NotImplementedError


class AdalineGD:
    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, X, y):
        raise NotImplementedError
