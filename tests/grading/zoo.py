"""A zoo of submissions: wrong ones the grader must catch, right ones it must accept.

Each wrong submission is the correct textbook code with one classic mistake
edited in (:data:`WRONG`: name -> (edits, the check that must catch it, the
known mistake id its hint must name)).  The right ones (:data:`RIGHT`) are
written differently from each other and from the reference.
"""

CORRECT = """
import numpy as np


def net_input(X, w):
    return np.dot(X, w[1:]) + w[0]


def activation(z):
    return z


def cost(X, y, w):
    errors = y - activation(net_input(X, w))
    return (errors ** 2).sum() / 2.0


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
        for i in range(self.n_iter):
            errors = y - self.activation(self.net_input(X))
            self.w_[1:] += self.eta * X.T.dot(errors)
            self.w_[0] += self.eta * errors.sum()
            self.cost_.append((errors ** 2).sum() / 2.0)
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
"""

FIT_ERRORS = "            errors = y - self.activation(self.net_input(X))\n"
W_UPDATE = "            self.w_[1:] += self.eta * X.T.dot(errors)\n"
B_UPDATE = "            self.w_[0] += self.eta * errors.sum()\n"
COST_APPEND = "            self.cost_.append((errors ** 2).sum() / 2.0)\n"
GRAD = "    return -np.concatenate([[errors.sum()], X.T.dot(errors)])\n"

WRONG = {
    "gradient-sign": ([(GRAD, GRAD.replace("-np", "np"))], "gradient", "gradient-sign"),
    "gradient-forgot-half": (
        [(GRAD, GRAD.replace("-np", "-2 * np"))],
        "gradient",
        "convention:sse",
    ),
    "gradient-mean": (
        [(GRAD, GRAD.replace("])\n", "]) / len(y)\n"))],
        "gradient",
        "convention:half_mse",
    ),
    "gradient-no-bias-entry": (
        [(GRAD, "    return -X.T.dot(errors)\n")],
        "gradient",
        "gradient-no-bias",
    ),
    "net-input-no-bias": (
        [("    return np.dot(X, w[1:]) + w[0]\n", "    return np.dot(X, w[1:])\n")],
        "net_input",
        "net-input-no-bias",
    ),
    "activation-threshold": (
        [
            (
                "def activation(z):\n    return z\n",
                "def activation(z):\n    return np.where(z >= 0, 1, -1)\n",
            )
        ],
        "activation",
        "activation-threshold",
    ),
    "cost-forgot-half": (
        [("    return (errors ** 2).sum() / 2.0\n", "    return (errors ** 2).sum()\n")],
        "cost",
        "convention:sse",
    ),
    "cost-not-squared": (
        [("    return (errors ** 2).sum() / 2.0\n", "    return errors.sum() / 2.0\n")],
        "cost",
        "cost-not-squared",
    ),
    "predict-strict-threshold": (
        [(">= 0.0, 1, -1)\n\n\nclass", "> 0.0, 1, -1)\n\n\nclass")],
        "predict",
        "predict-strict-threshold",
    ),
    "predict-01-labels": (
        [(">= 0.0, 1, -1)\n\n\nclass", ">= 0.5, 1, 0)\n\n\nclass")],
        "predict",
        "convention:01",
    ),
    "update-ascent": (
        [("    return w - eta * gradient", "    return w + eta * gradient")],
        "update",
        "update-ascent",
    ),
    "update-no-eta": (
        [("    return w - eta * gradient", "    return w - gradient")],
        "update",
        "update-no-eta",
    ),
    "update-returns-delta": (
        [("    return w - eta * gradient", "    return -eta * gradient")],
        "update",
        "update-returns-delta",
    ),
    "update-in-place": (
        [
            (
                "    return w - eta * gradient(X, y, w)\n",
                "    w -= eta * gradient(X, y, w)\n    return w\n",
            )
        ],
        "update_inputs",
        "update-in-place",
    ),
    "class-shuffles-in-place": (
        [(FIT_ERRORS, "            np.random.RandomState(0).shuffle(X)\n" + FIT_ERRORS)],
        "AdalineGD.inputs_untouched",
        "fit-modifies-input",
    ),
    "class-per-sample-updates": (
        [
            (
                FIT_ERRORS + W_UPDATE + B_UPDATE,
                FIT_ERRORS + "            for xi, t in zip(X, y):\n"
                "                e = t - self.net_input(xi[None, :])[0]\n"
                "                self.w_[1:] += self.eta * xi * e\n"
                "                self.w_[0] += self.eta * e\n",
            )
        ],
        "AdalineGD.one_more_epoch",
        "per-sample-updates",
    ),
    "class-frozen-bias": ([(B_UPDATE, "")], "AdalineGD.one_more_epoch", "frozen-bias"),
    "class-perceptron-errors": (
        [(FIT_ERRORS, "            errors = y - self.predict(X)\n")],
        "AdalineGD.one_more_epoch",
        "perceptron-threshold",
    ),
    "class-mean-instead-of-sum": (
        [
            (W_UPDATE, "            self.w_[1:] += self.eta * X.T.dot(errors) / len(y)\n"),
            (B_UPDATE, "            self.w_[0] += self.eta * errors.mean()\n"),
        ],
        "AdalineGD.one_more_epoch",
        "convention:half_mse",
    ),
    "class-cost-after-update": (
        [(COST_APPEND, "            self.cost_.append(cost(X, y, self.w_))\n")],
        "AdalineGD.cost_history",
        "cost-after-update",
    ),
    "class-return-inside-loop": (
        [(COST_APPEND, COST_APPEND + "            return self\n")],
        "AdalineGD.cost_history",
        "return-inside-loop",
    ),
    "class-extra-epoch": (
        [("for i in range(self.n_iter):", "for i in range(self.n_iter + 1):")],
        "AdalineGD.cost_history",
        "extra-epoch",
    ),
    "class-no-return-self": (
        [("        return self\n\n    def net_input", "\n    def net_input")],
        "AdalineGD.returns_self",
        "fit-no-return-self",
    ),
    "class-integer-weights": (
        [
            (
                "        self.w_ = rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1])\n",
                "        self.w_ = np.zeros(1 + X.shape[1], dtype=int)\n",
            ),
            (W_UPDATE, "            self.w_[1:] += (self.eta * X.T.dot(errors)).astype(int)\n"),
            (B_UPDATE, "            self.w_[0] += int(self.eta * errors.sum())\n"),
        ],
        "AdalineGD.weights",
        "integer-weights",
    ),
    "class-eta-ignored": (
        [
            ("self.w_[1:] += self.eta *", "self.w_[1:] += 0.01 *"),
            ("self.w_[0] += self.eta *", "self.w_[0] += 0.01 *"),
        ],
        "AdalineGD.hyperparameters",
        "eta-ignored",
    ),
    "class-global-random": (
        [
            (
                "        rgen = np.random.RandomState(self.random_state)\n"
                "        self.w_ = rgen.normal(",
                "        self.w_ = np.random.normal(",
            )
        ],
        "AdalineGD.deterministic",
        "not-deterministic",
    ),
}


def wrong_source(name: str) -> str:
    """The correct code with the named mistake edited in."""
    edits = WRONG[name][0]
    source = CORRECT
    for old, new in edits:
        assert old in source, (name, old)
        source = source.replace(old, new, 1)
    return source


RIGHT = {
    "textbook-vectorised": CORRECT,
    "loops-and-lists": """
import numpy as np


def net_input(X, w):
    out = []
    for row in X:
        s = w[0]
        for j in range(len(row)):
            s = s + w[j + 1] * row[j]
        out.append(s)
    return out


def activation(z):
    return [v for v in z]


def cost(X, y, w):
    total = 0.0
    for yi, zi in zip(y, net_input(X, w)):
        total += (yi - zi) ** 2
    return total / 2


def gradient(X, y, w):
    g = [0.0 for _ in w]
    for row, yi, zi in zip(X, y, net_input(X, w)):
        e = yi - zi
        g[0] -= e
        for j in range(len(row)):
            g[j + 1] -= e * row[j]
    return g


def update(X, y, w, eta):
    return [wj - eta * gj for wj, gj in zip(w, gradient(X, y, w))]


def predict(X, w):
    return [1 if z >= 0 else -1 for z in net_input(X, w)]


class AdalineGD:
    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta, self.n_iter, self.random_state = eta, n_iter, random_state

    def fit(self, X, y):
        self.w_ = np.zeros(X.shape[1] + 1)
        self.cost_ = []
        for _ in range(self.n_iter):
            self.cost_.append(cost(X, y, self.w_))
            self.w_ = np.asarray(update(X, y, self.w_, self.eta))
        return self

    def net_input(self, X):
        return np.asarray(net_input(X, self.w_))

    def predict(self, X):
        return np.asarray(predict(X, self.w_))


class LinearRegressionGD(AdalineGD):
    def predict(self, X):
        return self.net_input(X)
""",
    "augmented-matrix": """
import numpy as np


def _aug(X):
    X = np.asarray(X, dtype=float)
    return np.column_stack([np.ones(len(X)), X])


def net_input(X, w):
    return _aug(X) @ np.asarray(w, dtype=float)


def activation(z):
    return np.asarray(z, dtype=float)


def cost(X, y, w):
    e = np.asarray(y) - net_input(X, w)
    return 0.5 * float(e @ e)


def gradient(X, y, w):
    A = _aug(X)
    return A.T @ (A @ w - y)


def update(X, y, w, eta):
    w = np.array(w, dtype=float)
    return w - eta * gradient(X, y, w)


def predict(X, w):
    return np.sign(net_input(X, w)) + (net_input(X, w) == 0)


class AdalineGD:
    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, X, y):
        self.w_ = np.random.default_rng(self.random_state).normal(0, 0.01, X.shape[1] + 1)
        self.cost_ = []
        for _ in range(self.n_iter):
            self.cost_.append(cost(X, y, self.w_))
            self.w_ = self.w_ - self.eta * gradient(X, y, self.w_)
        return self

    def net_input(self, X):
        return net_input(X, self.w_)

    def predict(self, X):
        return predict(X, self.w_)


class LinearRegressionGD(AdalineGD):
    def predict(self, X):
        return self.net_input(X)
""",
}
