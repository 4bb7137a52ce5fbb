"""Textbook-style classes as readers of the textbook write them, written for the tests.

Each case is one student file: the textbook's class with the names, imports, scripts
and mistakes found in public code of the textbook's readers (re-written here, never
copied): other names for the hyperparameters, the weights and the history, another
class name, plotting and data libraries imported for a demo, scripts at import time,
no training at all, ``n_iter`` ignored, a method indented into another, NumPy 1's
aliases, a mini-batch ``partial_fit``, a threshold shifted by a unit...

``CASES`` maps a name to a :class:`Case`; ``tests/grading/checks/test_realworld.py``
grades each one and asserts its score and the first line of its feedback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .editions import edit

GD2 = '''
import numpy as np


class AdalineGD:
    """Adaline, batch gradient descent: the bias in w_[0], cost_ holds SSE / 2."""

    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, X, y):
        rgen = np.random.RandomState(self.random_state)
        self.w_ = rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
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
'''

GD3 = '''
import numpy as np


class AdalineGD:
    """Adaline, batch gradient descent: w_ and b_ apart, losses_ holds the MSE."""

    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, X, y):
        rgen = np.random.RandomState(self.random_state)
        self.w_ = rgen.normal(loc=0.0, scale=0.01, size=X.shape[1])
        self.b_ = np.float64(0.0)
        self.losses_ = []
        for _ in range(self.n_iter):
            errors = y - self.activation(self.net_input(X))
            self.w_ += self.eta * 2.0 * X.T.dot(errors) / X.shape[0]
            self.b_ += self.eta * 2.0 * errors.mean()
            self.losses_.append((errors ** 2).mean())
        return self

    def net_input(self, X):
        return np.dot(X, self.w_) + self.b_

    def activation(self, X):
        return X

    def predict(self, X):
        return np.where(self.activation(self.net_input(X)) >= 0.5, 1, 0)
'''

SGD2 = '''
import numpy as np


class AdalineSGD:
    """Adaline, one update per sample, samples reshuffled each epoch."""

    def __init__(self, eta=0.01, n_iter=10, shuffle=True, random_state=None):
        self.eta = eta
        self.n_iter = n_iter
        self.w_initialized = False
        self.shuffle = shuffle
        self.random_state = random_state

    def fit(self, X, y):
        self._initialize_weights(X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            if self.shuffle:
                X, y = self._shuffle(X, y)
            cost = [self._update_weights(xi, target) for xi, target in zip(X, y)]
            self.cost_.append(sum(cost) / len(y))
        return self

    def partial_fit(self, X, y):
        if not self.w_initialized:
            self._initialize_weights(X.shape[1])
        if y.ravel().shape[0] > 1:
            for xi, target in zip(X, y):
                self._update_weights(xi, target)
        else:
            self._update_weights(X, y)
        return self

    def _shuffle(self, X, y):
        r = self.rgen.permutation(len(y))
        return X[r], y[r]

    def _initialize_weights(self, m):
        self.rgen = np.random.RandomState(self.random_state)
        self.w_ = self.rgen.normal(loc=0.0, scale=0.01, size=1 + m)
        self.w_initialized = True

    def _update_weights(self, xi, target):
        error = target - self.net_input(xi)
        self.w_[1:] += self.eta * xi.dot(error)
        self.w_[0] += self.eta * error
        return 0.5 * error ** 2

    def net_input(self, X):
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def predict(self, X):
        return np.where(self.net_input(X) >= 0.0, 1, -1)
'''

MINIBATCH3 = '''
import numpy as np


class AdalineSGD:
    """Adaline in mini-batches of batch_size samples; partial_fit learns sample by sample."""

    def __init__(self, eta=0.01, n_iter=50, batch_size=2, shuffle=True, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.random_state = random_state
        self.w_initialized = False

    def fit(self, X, y):
        self._initialize_weights(X.shape[1])
        self.losses_ = []
        for _ in range(self.n_iter):
            if self.shuffle:
                r = self.rgen.permutation(len(y))
                X, y = X[r], y[r]
            losses = []
            for start in range(0, len(y), self.batch_size):
                stop = start + self.batch_size
                losses.append(self._update(X[start:stop], y[start:stop]))
            self.losses_.append(np.mean(losses))
        return self

    def partial_fit(self, X, y):
        if not self.w_initialized:
            self._initialize_weights(X.shape[1])
        for xi, target in zip(np.atleast_2d(X), np.ravel(y)):
            self._update(xi[None, :], np.array([target]))
        return self

    def _initialize_weights(self, m):
        self.rgen = np.random.RandomState(self.random_state)
        self.w_ = self.rgen.normal(loc=0.0, scale=0.01, size=m)
        self.b_ = np.float64(0.0)
        self.w_initialized = True

    def _update(self, X, y):
        errors = y - self.net_input(X)
        self.w_ += self.eta * 2.0 * X.T.dot(errors) / len(y)
        self.b_ += self.eta * 2.0 * errors.mean()
        return (errors ** 2).mean()

    def net_input(self, X):
        return np.dot(X, self.w_) + self.b_

    def predict(self, X):
        return np.where(self.net_input(X) >= 0.5, 1, 0)
'''

LINREG2 = '''
import numpy as np


class LinearRegressionGD:
    """Linear regression by batch gradient descent (the bias in w_[0])."""

    def __init__(self, eta=0.001, n_iter=20):
        self.eta = eta
        self.n_iter = n_iter

    def fit(self, X, y):
        self.w_ = np.zeros(1 + X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            errors = y - self.net_input(X)
            self.w_[1:] += self.eta * X.T.dot(errors)
            self.w_[0] += self.eta * errors.sum()
            self.cost_.append((errors ** 2).sum() / 2.0)
        return self

    def net_input(self, X):
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def predict(self, X):
        return self.net_input(X)
'''

NESTED_PREDICT = """
import numpy as np


class AdalineGD:
    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def net_input(self, X):
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def fit(self, X, y):
        rgen = np.random.RandomState(self.random_state)
        self.w_ = rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            errors = y - self.net_input(X)
            self.w_[1:] += self.eta * X.T.dot(errors)
            self.w_[0] += self.eta * errors.sum()
            self.cost_.append((errors ** 2).sum() / 2.0)
        return self

        def predict(self, X):
            return np.where(self.net_input(X) >= 0.0, 1, -1)
"""

IN_FIT = """
import numpy as np


class Adaline:
    \"\"\"A course's template: nothing to set when built, the hyperparameters given to fit,
    the bias apart, the loss and the accuracy of every epoch kept, both returned.\"\"\"

    def __init__(self):
        self.wts = None
        self.b = None
        self.loss_history = None
        self.accuracy_history = None

    def net_input(self, features):
        return features @ self.wts + self.b

    def activation(self, net_in):
        return net_in

    def predict(self, features):
        return np.where(self.activation(self.net_input(features)) >= 0, 1, -1)

    def loss(self, y, net_act):
        return 0.5 * np.sum((y - net_act) ** 2)

    def accuracy(self, y, y_pred):
        return np.mean(y == y_pred)

    def gradient(self, errors, features):
        return -np.sum(errors), -(errors @ features)

    def fit(self, features, y, n_epochs=1000, lr=0.001, r_seed=None):
        rng = np.random.default_rng(r_seed)
        self.wts = rng.normal(0.0, 0.01, size=features.shape[1])
        self.b = 0.0
        self.loss_history, self.accuracy_history = [], []
        for _ in range(n_epochs):
            net_act = self.activation(self.net_input(features))
            errors = y - net_act
            self.loss_history.append(self.loss(y, net_act))
            self.accuracy_history.append(self.accuracy(y, self.predict(features)))
            grad_bias, grad_wts = self.gradient(errors, features)
            self.b = self.b - lr * grad_bias
            self.wts = self.wts - lr * grad_wts
        return self.loss_history, self.accuracy_history
"""

BIAS_LAST = """
import numpy as np


class AdalineGD:
    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def _with_ones(self, X):
        return np.hstack((X, np.ones((X.shape[0], 1))))

    def fit(self, X, y):
        Xb = self._with_ones(X)
        rgen = np.random.RandomState(self.random_state)
        self.w = rgen.normal(0.0, 0.01, Xb.shape[1])
        self.cost = []
        for _ in range(self.n_iter):
            errors = y - Xb @ self.w
            self.cost.append(0.5 * errors @ errors)
            self.w += self.eta * Xb.T @ errors
        return self

    def predict(self, X):
        return np.where(self._with_ones(X) @ self.w >= 0, 1, -1)
"""

COLUMN_TARGETS = """
import numpy as np


class LinearRegressionGD:
    def __init__(self, eta=0.001, n_iter=20):
        self.eta = eta
        self.n_iter = n_iter

    def fit(self, X, y):
        Xb = np.hstack((np.ones((X.shape[0], 1)), X))
        self.theta_ = np.zeros((Xb.shape[1], 1))
        self.cost_ = []
        for _ in range(self.n_iter):
            errors = y - Xb @ self.theta_
            self.cost_.append((errors ** 2).sum() / 2.0)
            self.theta_ += self.eta * Xb.T @ errors
        return self

    def predict(self, X):
        return (np.hstack((np.ones((X.shape[0], 1)), X)) @ self.theta_).ravel()
"""

DEMO = """

if __name__ == "__main__":
    import matplotlib.pyplot as plt

    X = np.array([[1.0, 2.0], [2.0, 1.0], [0.0, -1.0]])
    y = np.array([1, 1, -1])
    model = AdalineGD(eta=0.01, n_iter=10).fit(X, y)
    plt.plot(model.cost_)
    plt.show()
"""

SGD = {"name": "AdalineSGD", "training": "sgd"}
MINI = {"name": "AdalineSGD", "training": "minibatch", "batch_size": 2}
REAL = {"name": "LinearRegressionGD", "labels": "real"}


@dataclass(frozen=True)
class Case:
    """One student file, how it is graded, and what the grade must be.

    Attributes
    ----------
    source : str
        ``adaline.py``.
    preset : str
        The edition preset of the spec.
    classes : list
        The spec's classes (names or tables).
    score : float
        The score it must get (one point per class check).
    first : str
        The start of the first line of its feedback (see ``first_line`` in the test).
    spec : dict
        More of the spec (``forbidden_imports``, a ``[learner]`` table...).
    bug : bool
        The code has a bug (it must lose points); False: it is right and must get
        full marks whatever its names, imports and scripts.
    mistakes : frozenset of str
        Every known mistake named in its feedback: a hint is given only when it is
        the right one.
    """

    source: str
    preset: str
    classes: list
    score: float
    first: str
    spec: dict = field(default_factory=dict)
    bug: bool = False
    mistakes: frozenset = frozenset()


def _renamed(source: str, *pairs: tuple[str, str]) -> str:
    """Every occurrence of each old name replaced (the whole class renamed)."""
    for old, new in pairs:
        assert old in source, old
        source = source.replace(old, new)
    return source


CASES: dict[str, Case] = {
    # -- names -----------------------------------------------------------------------
    "learn_rate and number_of_iterations": Case(
        _renamed(GD2, ("eta", "learn_rate"), ("n_iter", "number_of_iterations")),
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: AdalineGD: read `learn_rate` as the learning rate (eta), "
        "`number_of_iterations` as the number of epochs (n_iter).",
    ),
    "lr, epoch and seed; weights and costs": Case(
        _renamed(
            GD2,
            ("self.eta", "self.lr"),
            ("eta=", "lr="),
            ("= eta", "= lr"),
            ("n_iter", "epoch"),
            ("random_state", "seed"),
            ("self.w_", "self.weights"),
            ("self.cost_", "self.costs"),
        ),
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: AdalineGD: read `epoch` as the number of epochs (n_iter).",
    ),
    "rate with no default, epochs first": Case(
        edit(
            _renamed(LINREG2, ("self.eta", "self.rate"), ("n_iter", "epochs")),
            (
                "def __init__(self, eta=0.001, epochs=20):\n        self.rate = eta",
                "def __init__(self, epochs, rate):\n        self.rate = rate",
            ),
        ),
        "textbook-2",
        [REAL],
        9,
        "-",  # `rate` and `epochs` are among the spec's aliases: no guess to tell
    ),
    "coef_, intercept_ and loss_history": Case(
        _renamed(
            GD3,
            ("self.w_", "self.coef_"),
            ("self.b_", "self.intercept_"),
            ("self.losses_", "self.loss_history"),
        ),
        "textbook-3",
        ["AdalineGD"],
        9,
        "note: AdalineGD: read `coef_` and `intercept_` as the weights and the bias and "
        "`loss_history` as the cost per epoch.",
    ),
    "class named Adaline": Case(
        GD2.replace("class AdalineGD:", "class Adaline:"),
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: read class `Adaline` as AdalineGD.",
    ),
    "a Perceptron next to an AdalineGB": Case(
        GD2.replace("class AdalineGD:", "class AdalineGB:")
        + """

class Perceptron:
    def __init__(self, eta=0.1, n_iter=10):
        self.eta = eta
        self.n_iter = n_iter

    def fit(self, X, y):
        self.w_ = np.zeros(1 + X.shape[1])
        for _ in range(self.n_iter):
            for xi, target in zip(X, y):
                update = self.eta * (target - self.predict(xi))
                self.w_[1:] += update * xi
                self.w_[0] += update
        return self

    def predict(self, X):
        return np.where(np.dot(X, self.w_[1:]) + self.w_[0] >= 0.0, 1, -1)
""",
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: read class `AdalineGB` as AdalineGD.",
    ),
    "two classes that could both be it": Case(
        GD2.replace("class AdalineGD:", "class ModelOne:")
        + GD2.replace("class AdalineGD:", "class ModelTwo:").replace("import numpy as np\n", ""),
        "textbook-2",
        ["AdalineGD"],
        0,
        "AdalineGD.returns_self: your adaline.py has no class named 'AdalineGD', and several "
        "classes could be it (ModelOne, ModelTwo)",
        bug=True,
        mistakes=frozenset(["class-unmapped"]),
    ),
    "no parameter for the learning rate": Case(
        edit(
            GD2,
            (
                "def __init__(self, eta=0.01, n_iter=50, random_state=1):\n        self.eta = eta",
                "def __init__(self, n_iter=50, random_state=1):\n        self.eta = 0.01",
            ),
        ),
        "textbook-2",
        ["AdalineGD"],
        6,
        "AdalineGD.one_more_epoch: AdalineGD(...) has no parameter for the learning rate",
        bug=True,
        mistakes=frozenset(["hyperparameter-unmapped"]),
    ),
    # -- imports ---------------------------------------------------------------------
    "pandas, seaborn and scikit-learn imported for a demo": Case(
        GD2.replace(
            "import numpy as np\n",
            "import numpy as np\nimport pandas as pd\nimport seaborn as sns\n"
            "from sklearn.model_selection import train_test_split\n"
            "from sklearn.preprocessing import StandardScaler\n",
        ),
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: adaline.py imports pandas, seaborn, sklearn, not installed where it is graded",
    ),
    "a sibling plotting file that is not there": Case(
        "from plotting import plot_decision_regions\nfrom helpers import *\n" + GD2,
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: adaline.py imports plotting, helpers, not installed where it is graded",
    ),
    "a scikit-learn base class": Case(
        GD2.replace(
            "import numpy as np\n",
            "import numpy as np\nfrom sklearn.base import BaseEstimator, ClassifierMixin\n",
        ).replace("class AdalineGD:", "class AdalineGD(ClassifierMixin, BaseEstimator):"),
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: adaline.py imports sklearn, not installed where it is graded",
    ),
    "a forbidden import under __main__": Case(
        GD2
        + DEMO.replace(
            "import matplotlib.pyplot as plt", "from sklearn.linear_model import SGDRegressor"
        ),
        "textbook-2",
        ["AdalineGD"],
        9,
        "-",
        spec={"forbidden_imports": ["sklearn"]},
    ),
    "a forbidden import in a main() never called": Case(
        GD2 + "\n\ndef main():\n    from sklearn.linear_model import Perceptron\n"
        "    return Perceptron().fit([[0.0]], [1])\n",
        "textbook-2",
        ["AdalineGD"],
        9,
        "-",
        spec={"forbidden_imports": ["sklearn"]},
    ),
    "a forbidden library doing the training": Case(
        edit(
            GD2,
            (
                "    def fit(self, X, y):\n",
                "    def fit(self, X, y):\n"
                "        from sklearn.linear_model import SGDRegressor\n\n"
                "        SGDRegressor().fit(X, y)\n",
            ),
        ),
        "textbook-2",
        ["AdalineGD"],
        0,
        "AdalineGD.returns_self: your code imports sklearn.linear_model (adaline.py, line 14) "
        "while this check ran, which this assignment does not allow",
        spec={"forbidden_imports": ["sklearn"]},
        bug=True,
        mistakes=frozenset(["forbidden-import"]),
    ),
    "a forbidden module imported at the top": Case(
        "import torch\n" + GD2,
        "textbook-2",
        ["AdalineGD"],
        0,
        "AdalineGD.returns_self: your code imports torch (adaline.py, line 1) when it is "
        "imported, which this assignment does not allow",
        spec={"forbidden_imports": ["torch"]},
        bug=True,
        mistakes=frozenset(["forbidden-import"]),
    ),
    "a missing progress-bar library used in fit": Case(
        edit(
            GD2.replace("import numpy as np\n", "import numpy as np\nfrom tqdm import tqdm\n"),
            ("for _ in range(self.n_iter):", "for _ in tqdm(range(self.n_iter)):"),
        ),
        "textbook-2",
        ["AdalineGD"],
        0,
        "AdalineGD.returns_self: AdalineGD.fit(",
        bug=True,
    ),
    # -- scripts at import time --------------------------------------------------------
    "a demo script after the class": Case(
        GD2 + "\n\nimport pandas as pd\nimport matplotlib.pyplot as plt\n\n"
        "df = pd.read_csv('iris.data', header=None)\n"
        "X = df.iloc[0:100, [0, 2]].values\n"
        "ada = AdalineGD(n_iter=10, eta=0.0001).fit(X, df.iloc[0:100, 4].values)\n"
        "plt.plot(range(1, len(ada.cost_) + 1), ada.cost_, marker='o')\nplt.show()\n",
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: adaline.py's own code failed when the file was imported, at line 37 "
        "(StandInError: pandas is not installed where your code is graded",
    ),
    "a data file read before the class": Case(
        "import numpy as np\n\ndata = np.loadtxt('iris.csv', delimiter=',')\n"
        "X, y = data[:, :2], data[:, 2]\n" + GD2.replace("import numpy as np\n", ""),
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: adaline.py's own code failed when the file was imported, at line 3 "
        "(FileNotFoundError: iris.csv not found.",
    ),
    "a demo under __main__ that exits": Case(
        GD2 + DEMO + "    raise SystemExit(0)\n",
        "textbook-2",
        ["AdalineGD"],
        9,
        "-",
    ),
    "a syntax error": Case(
        GD2.replace("def predict(self, X):", "def predict(self, X)"),
        "textbook-2",
        ["AdalineGD"],
        0,
        "not graded: adaline.py has a syntax error, so none of it could run: SyntaxError: "
        "expected ':' (adaline.py, line 30)",
        bug=True,
    ),
    "a class whose definition fails": Case(
        GD2
        + SGD2.replace("import numpy as np\n", "").replace(
            "class AdalineSGD:", "class AdalineSGD(BaseLearner):"
        ),
        "textbook-2",
        ["AdalineGD", SGD],
        9,
        "partially graded: AdalineSGD could not be graded (11 checks): the definition of "
        "AdalineSGD (adaline.py, line 35) failed when the file was imported: NameError: name "
        "'BaseLearner' is not defined",
        bug=True,
    ),
    "a demo script, graded strictly": Case(
        GD2 + "\nmodel = AdalineGD().fit(np.loadtxt('train.csv'), np.loadtxt('labels.csv'))\n",
        "textbook-2",
        ["AdalineGD"],
        0,
        "not graded: adaline.py could not be imported: FileNotFoundError: train.csv not found.",
        spec={"learner": {"allow_partial_import": False}},
        bug=True,
    ),
    # -- training ----------------------------------------------------------------------
    "no training at all, n_iter overwritten": Case(
        edit(
            GD2,
            ("        self.n_iter = n_iter\n", "        self.n_iter = 20\n"),
            (
                "            self.w_[1:] += self.eta * X.T.dot(errors)\n"
                "            self.w_[0] += self.eta * errors.sum()\n",
                "            w = self.w_.copy()\n"
                "            w[1:] += self.eta * X.T.dot(errors)\n"
                "            w[0] += self.eta * errors.sum()\n",
            ),
        ),
        "textbook-2",
        ["AdalineGD"],
        5,
        "AdalineGD.cost_history: AdalineGD.cost_ has 20 entries after fit with n_iter=1; "
        "expected 1.",
        bug=True,
        mistakes=frozenset(["no-training"]),
    ),
    "n_iter ignored: a fixed number of epochs": Case(
        edit(GD2, ("for _ in range(self.n_iter):", "for _ in range(25):")),
        "textbook-2",
        ["AdalineGD"],
        6,
        "AdalineGD.cost_history: AdalineGD.cost_ has 25 entries after fit with n_iter=1",
        bug=True,
        mistakes=frozenset(["fixed-epochs", "n-iter-ignored"]),
    ),
    "eta ignored": Case(
        edit(
            GD2,
            ("self.w_[1:] += self.eta * X.T.dot(errors)", "self.w_[1:] += 0.01 * X.T.dot(errors)"),
            ("self.w_[0] += self.eta * errors.sum()", "self.w_[0] += 0.01 * errors.sum()"),
        ),
        "textbook-2",
        ["AdalineGD"],
        7,
        "AdalineGD.one_more_epoch: the update uses a fixed learning rate (0.01, the default)",
        bug=True,
        mistakes=frozenset(["eta-ignored"]),
    ),
    "the bias frozen": Case(
        edit(GD2, ("            self.w_[0] += self.eta * errors.sum()\n", "")),
        "textbook-2",
        ["AdalineGD"],
        7,
        "AdalineGD.one_more_epoch: the bias never changes",
        bug=True,
        mistakes=frozenset(["frozen-bias"]),
    ),
    "only the bias learns": Case(
        edit(GD2, ("            self.w_[1:] += self.eta * X.T.dot(errors)\n", "")),
        "textbook-2",
        ["AdalineGD"],
        7,
        "AdalineGD.one_more_epoch: only the bias changes",
        bug=True,
        mistakes=frozenset(["frozen-weights"]),
    ),
    "return self inside the epoch loop": Case(
        edit(
            GD2,
            (
                "            self.cost_.append((errors ** 2).sum() / 2.0)\n        return self",
                "            self.cost_.append((errors ** 2).sum() / 2.0)\n            return self",
            ),
        ),
        "textbook-2",
        ["AdalineGD"],
        6,
        "AdalineGD.cost_history: fit stops after the first epoch",
        bug=True,
        mistakes=frozenset(["fixed-epochs", "return-inside-loop"]),
    ),
    "the perceptron's errors in an Adaline": Case(
        edit(
            GD2,
            (
                "errors = y - self.activation(self.net_input(X))",
                "errors = y - self.predict(X)",
            ),
        ),
        "textbook-2",
        ["AdalineGD"],
        6,
        "AdalineGD.cost_history: the cost is computed from thresholded predictions",
        bug=True,
        mistakes=frozenset(["perceptron-threshold"]),
    ),
    "the cost recorded after the update": Case(
        edit(
            GD2,
            (
                "            self.cost_.append((errors ** 2).sum() / 2.0)\n",
                "            after = y - self.net_input(X)\n"
                "            self.cost_.append((after ** 2).sum() / 2.0)\n",
            ),
        ),
        "textbook-2",
        ["AdalineGD"],
        8,
        "AdalineGD.cost_history: cost_[t] must be the cost before epoch t's update",
        bug=True,
        mistakes=frozenset(["cost-after-update"]),
    ),
    "a history of the MSE next to a half-SSE update": Case(
        edit(GD2, ("(errors ** 2).sum() / 2.0", "(errors ** 2).mean()")),
        "textbook-2",
        ["AdalineGD"],
        8,
        "AdalineGD.cost_history: your AdalineGD records the mean squared error (mse)",
        bug=True,
        mistakes=frozenset(["convention:mse"]),
    ),
    # -- nested methods ------------------------------------------------------------------
    "predict indented inside fit": Case(
        NESTED_PREDICT,
        "textbook-2",
        ["AdalineGD"],
        8,
        "AdalineGD.predict: move `def predict` out of fit, one level to the left.",
        bug=True,
        mistakes=frozenset(["method-nested"]),
    ),
    # -- NumPy 1 ------------------------------------------------------------------------
    "np.float_ under NumPy 2": Case(
        GD3.replace("np.float64(0.0)", "np.float_(0.)"),
        "textbook-3",
        ["AdalineGD"],
        0,
        "AdalineGD.returns_self: NumPy 2 removed np.float_: write np.float64 instead.",
        bug=True,
        mistakes=frozenset(["numpy-2-alias"]),
    ),
    "np.float_ with the legacy aliases": Case(
        GD3.replace("np.float64(0.0)", "np.float_(0.)")
        .replace("return np.where(", "return np.where(np.asarray(", 1)
        .replace(">= 0.5, 1, 0)", ", dtype=np.float) >= 0.5, 1, 0)"),
        "textbook-3",
        ["AdalineGD"],
        9,
        "-",
        spec={"learner": {"numpy_legacy_aliases": True}},
    ),
    # -- per-sample and mini-batch learners ----------------------------------------------
    "a mini-batch learner whose partial_fit goes sample by sample": Case(
        MINIBATCH3, "textbook-3", [MINI], 11, "-"
    ),
    "a mini-batch partial_fit with one update per call": Case(
        edit(
            MINIBATCH3,
            (
                "        for xi, target in zip(np.atleast_2d(X), np.ravel(y)):\n"
                "            self._update(xi[None, :], np.array([target]))\n",
                "        self._update(np.atleast_2d(X), np.ravel(y))\n",
            ),
        ),
        "textbook-3",
        [MINI],
        10,
        "AdalineSGD.partial_fit: partial_fit updates the weights once per sample",
        bug=True,
        mistakes=frozenset(["batch-updates"]),
    ),
    "shuffles from the global random state": Case(
        edit(SGD2, ("r = self.rgen.permutation(len(y))", "r = np.random.permutation(len(y))")),
        "textbook-2",
        [SGD],
        9,
        "AdalineSGD.deterministic: draw the initial weights (and the shuffles) from "
        "np.random.RandomState(self.random_state)",
        bug=True,
        mistakes=frozenset(["not-deterministic"]),
    ),
    "no random_state, weights from the global state": Case(
        edit(
            SGD2,
            (
                "def __init__(self, eta=0.01, n_iter=10, shuffle=True, random_state=None):",
                "def __init__(self, eta=0.01, n_iter=10, shuffle=True):",
            ),
            ("        self.random_state = random_state\n", ""),
            (
                "        self.rgen = np.random.RandomState(self.random_state)\n"
                "        self.w_ = self.rgen.normal(loc=0.0, scale=0.01, size=1 + m)",
                "        self.rgen = np.random.RandomState(1)\n"
                "        self.w_ = np.random.normal(loc=0.0, scale=0.01, size=1 + m)",
            ),
        ),
        "textbook-2",
        [SGD],
        7,
        "AdalineSGD.cost_history: two fits on the same data give different weights",
        bug=True,
        mistakes=frozenset(["not-deterministic"]),
    ),
    # -- thresholds ---------------------------------------------------------------------
    "predict thresholds at 1": Case(
        edit(GD2, (">= 0.0, 1, -1)", ">= 1.0, 1, -1)")),
        "textbook-2",
        ["AdalineGD"],
        8,
        "AdalineGD.predict: your predict thresholds the net input at 1; this assignment's "
        "threshold is 0",
        bug=True,
        mistakes=frozenset(["predict-threshold:1"]),
    ),
    "1/0 labels thresholded at 0": Case(
        edit(GD3, (">= 0.5, 1, 0)", ">= 0.0, 1, 0)")),
        "textbook-3",
        ["AdalineGD"],
        8,
        "AdalineGD.predict: your predict thresholds the net input at 0; this assignment's "
        "threshold is 0.5",
        bug=True,
        mistakes=frozenset(["predict-threshold:0"]),
    ),
    # -- methods named otherwise (read by what they do) ---------------------------------
    "train and classify": Case(
        _renamed(GD2, ("def fit(", "def train("), ("def predict(", "def classify(")),
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: AdalineGD: read `train` as fit and `classify` as predict.",
    ),
    "learn, predict_class, netInput and linear_activation (3rd edition)": Case(
        _renamed(
            GD3,
            ("def fit(", "def learn("),
            ("def predict(", "def predict_class("),
            ("net_input", "netInput"),
            ("activation", "linear_activation"),
        ),
        "textbook-3",
        ["AdalineGD"],
        9,
        "note: AdalineGD: read `learn` as fit and `predict_class` as predict.",
    ),
    "training in a helper, named in another language": Case(
        edit(
            GD2,
            ("    def fit(self, X, y):\n", "    def treinar(self, X, y):\n"),
            (
                "        self.cost_ = []\n        for _ in range(self.n_iter):",
                "        self.cost_ = []\n"
                "        self._epocas(X, y)\n"
                "        return self\n\n"
                "    def _epocas(self, X, y):\n"
                "        for _ in range(self.n_iter):",
            ),
            (
                "            self.cost_.append((errors ** 2).sum() / 2.0)\n        return self\n",
                "            self.cost_.append((errors ** 2).sum() / 2.0)\n",
            ),
        ),
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: AdalineGD: read `treinar` as fit.",
    ),
    "Fit and Predict capitalised": Case(
        _renamed(GD2, ("def fit(", "def Fit("), ("def predict(", "def Predict(")),
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: AdalineGD: read `Fit` as fit and `Predict` as predict.",
    ),
    "fit_gd, fit_sgd and a closed form in one class": Case(
        _renamed(GD2, ("def fit(", "def fit_gd("))
        + """
    def fit_sgd(self, X, y):
        self.w_ = np.zeros(1 + X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            for xi, target in zip(X, y):
                error = target - self.net_input(xi)
                self.w_[1:] += self.eta * xi * error
                self.w_[0] += self.eta * error
        return self

    def fit_normal(self, X, y):
        Xb = np.hstack((np.ones((X.shape[0], 1)), X))
        self.w_ = np.linalg.lstsq(Xb, y, rcond=None)[0]
        return self
""",
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: AdalineGD: read `fit_gd` as fit.",
    ),
    "fit_SGD next to partial_fit (per-sample learner)": Case(
        _renamed(SGD2, ("def fit(", "def fit_SGD(")),
        "textbook-2",
        [SGD],
        11,
        "note: AdalineSGD: read `fit_SGD` as fit.",
    ),
    "fit next to fit_mini_batch_SGD: the spec's name wins": Case(
        SGD2
        + """
    def fit_mini_batch_SGD(self, X, y, batch_size=2):
        self._initialize_weights(X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            for start in range(0, len(y), batch_size):
                rows = slice(start, start + batch_size)
                errors = y[rows] - self.net_input(X[rows])
                self.w_[1:] += self.eta * X[rows].T.dot(errors)
                self.w_[0] += self.eta * errors.sum()
        return self
""",
        "textbook-2",
        [SGD],
        11,
        "-",
    ),
    "two methods that could both train": Case(
        _renamed(GD2, ("def fit(", "def train("))
        + """
    def learn(self, X, y):
        self.w_ = np.zeros(1 + X.shape[1])
        for _ in range(self.n_iter):
            self.w_[1:] += self.eta * X.T.dot(y - self.net_input(X))
        return self
""",
        "textbook-2",
        ["AdalineGD"],
        0,
        "AdalineGD.returns_self: AdalineGD has no method fit, and several methods could be it "
        "(train, learn)",
        bug=True,
        mistakes=frozenset(["method-unmapped"]),
    ),
    "two methods that could both predict": Case(
        edit(
            GD2,
            (
                "    def predict(self, X):\n"
                "        return np.where(self.activation(self.net_input(X)) >= 0.0, 1, -1)\n",
                "    def classify(self, X):\n"
                "        return np.where(np.dot(X, self.w_[1:]) + self.w_[0] >= 0.0, 1, -1)\n\n"
                "    def label(self, X):\n"
                "        return np.where(self.net_input(X) < 0.0, -1, 1)\n",
            ),
        ),
        "textbook-2",
        ["AdalineGD"],
        8,
        "AdalineGD.predict: AdalineGD has no method predict, and several methods could be it "
        "(classify, label)",
        bug=True,
        mistakes=frozenset(["method-unmapped"]),
    ),
    "train with the bias frozen": Case(
        edit(
            _renamed(GD2, ("def fit(", "def train(")),
            ("            self.w_[0] += self.eta * errors.sum()\n", ""),
        ),
        "textbook-2",
        ["AdalineGD"],
        7,
        "AdalineGD.one_more_epoch: the bias never changes",
        bug=True,
        mistakes=frozenset(["frozen-bias"]),
    ),
    "train that does not return self": Case(
        edit(
            _renamed(GD2, ("def fit(", "def train(")),
            (
                "            self.cost_.append((errors ** 2).sum() / 2.0)\n        return self\n",
                "            self.cost_.append((errors ** 2).sum() / 2.0)\n",
            ),
        ),
        "textbook-2",
        ["AdalineGD"],
        8,
        "AdalineGD.returns_self: end fit with `return self`",
        bug=True,
        mistakes=frozenset(["fit-no-return-self"]),
    ),
    # -- hyperparameters given to fit ------------------------------------------------------
    "hyperparameters given to fit, a course's template": Case(
        IN_FIT,
        "textbook-2",
        ["AdalineGD"],
        8,
        "AdalineGD.returns_self: end fit with `return self`",
        spec={"convention": {"bias": "separate"}},
        bug=True,  # it returns its histories: fit must return self
        mistakes=frozenset(["fit-no-return-self"]),
    ),
    "epochs given to fit, the rate to __init__": Case(
        edit(
            GD2,
            (
                "def __init__(self, eta=0.01, n_iter=50, random_state=1):",
                "def __init__(self, eta=0.01, random_state=1):",
            ),
            ("        self.n_iter = n_iter\n", ""),
            ("    def fit(self, X, y):", "    def fit(self, X, y, epochs=50):"),
            ("for _ in range(self.n_iter):", "for _ in range(epochs):"),
        ),
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: AdalineGD: read `epochs`, a parameter of fit, as the number of epochs (n_iter).",
    ),
    "the rate given to fit and ignored": Case(
        edit(
            IN_FIT.replace("return self.loss_history, self.accuracy_history", "return self"),
            ("self.b = self.b - lr * grad_bias", "self.b = self.b - 0.001 * grad_bias"),
            ("self.wts = self.wts - lr * grad_wts", "self.wts = self.wts - 0.001 * grad_wts"),
        ),
        "textbook-2",
        ["AdalineGD"],
        7,
        "AdalineGD.one_more_epoch: the update uses a fixed learning rate (0.001, the default)",
        spec={"convention": {"bias": "separate"}},
        bug=True,
        mistakes=frozenset(["eta-ignored"]),
    ),
    # -- histories in a dict or an array, weights under other names ----------------------
    "a dict of histories, the MSE one read (3rd edition)": Case(
        edit(
            GD3,
            (
                "        self.losses_ = []\n",
                '        self.history = {"epoch": [], "loss": [], "mse": []}\n',
            ),
            (
                "            self.losses_.append((errors ** 2).mean())\n",
                '            self.history["epoch"].append(len(self.history["epoch"]))\n'
                '            self.history["loss"].append((errors ** 2).sum() / 2.0)\n'
                '            self.history["mse"].append((errors ** 2).mean())\n',
            ),
        ),
        "textbook-3",
        ["AdalineGD"],
        9,
        'note: AdalineGD: read `history["mse"]` as the cost per epoch.',
    ),
    "a dict of histories, the half SSE read (2nd edition)": Case(
        edit(
            GD2,
            (
                "        self.cost_ = []\n",
                '        self.history_ = {"cost": [], "mse": [], "w": []}\n',
            ),
            (
                "            self.cost_.append((errors ** 2).sum() / 2.0)\n",
                '            self.history_["cost"].append((errors ** 2).sum() / 2.0)\n'
                '            self.history_["mse"].append((errors ** 2).mean())\n'
                '            self.history_["w"].append(self.w_.copy())\n',
            ),
        ),
        "textbook-2",
        ["AdalineGD"],
        9,
        'note: AdalineGD: read `history_["cost"]` as the cost per epoch.',
    ),
    "a dict of histories recorded after the update": Case(
        edit(
            GD2,
            ("        self.cost_ = []\n", '        self.history = {"loss": [], "accuracy": []}\n'),
            (
                "            self.cost_.append((errors ** 2).sum() / 2.0)\n",
                "            after = y - self.net_input(X)\n"
                '            self.history["loss"].append((after ** 2).sum() / 2.0)\n'
                '            self.history["accuracy"].append(np.mean(self.predict(X) == y))\n',
            ),
        ),
        "textbook-2",
        ["AdalineGD"],
        8,
        'AdalineGD.cost_history: history["loss"][t] must be the cost before epoch t\'s update',
        bug=True,
        mistakes=frozenset(["cost-after-update"]),
    ),
    "the cost in a numpy array filled per epoch": Case(
        edit(
            GD2,
            (
                "        self.cost_ = []\n        for _ in range(self.n_iter):",
                "        self.cost_ = np.zeros(self.n_iter)\n        for i in range(self.n_iter):",
            ),
            (
                "            self.cost_.append((errors ** 2).sum() / 2.0)\n",
                "            self.cost_[i] = (errors ** 2).sum() / 2.0\n",
            ),
        ),
        "textbook-2",
        ["AdalineGD"],
        9,
        "-",
    ),
    "the cost in a column array, a theta column, coef_ and intercept_ kept too": Case(
        edit(
            LINREG2,
            (
                "        self.w_ = np.zeros(1 + X.shape[1])\n"
                "        self.cost_ = []\n"
                "        for _ in range(self.n_iter):",
                "        self.theta = np.zeros((1 + X.shape[1], 1))\n"
                "        self.cost_history = np.zeros((self.n_iter, 1))\n"
                "        for i in range(self.n_iter):",
            ),
            (
                "            errors = y - self.net_input(X)\n"
                "            self.w_[1:] += self.eta * X.T.dot(errors)\n"
                "            self.w_[0] += self.eta * errors.sum()\n"
                "            self.cost_.append((errors ** 2).sum() / 2.0)\n",
                "            errors = y - self.net_input(X)\n"
                "            self.cost_history[i] = (errors ** 2).sum() / 2.0\n"
                "            self.theta[1:, 0] += self.eta * X.T.dot(errors)\n"
                "            self.theta[0, 0] += self.eta * errors.sum()\n"
                "        self.intercept_, self.coef_ = self.theta[0, 0], self.theta[1:, 0]\n",
            ),
            (
                "        return np.dot(X, self.w_[1:]) + self.w_[0]",
                "        return np.dot(X, self.theta[1:, 0]) + self.theta[0, 0]",
            ),
        ),
        "textbook-2",
        [REAL],
        9,
        "note: LinearRegressionGD: read `theta` as the weights (bias first) and `cost_history` as "
        "the cost per epoch.",
    ),
    "wts and b, the bias apart where the assignment keeps it in w_[0]": Case(
        _renamed(GD3, ("self.w_", "self.wts"), ("self.b_", "self.b")),
        "textbook-3",
        ["AdalineGD"],
        8,
        "AdalineGD.weights: your AdalineGD keeps the bias in `b`, apart from the weights; this "
        "assignment keeps it in w_[0], the first of the weights.",
        spec={"convention": {"bias": "w0"}},
        bug=True,  # against the assignment's convention: one check, named
        mistakes=frozenset(["convention:bias-separate"]),
    ),
    # -- the bias column and the targets' shape ------------------------------------------
    "a column of ones appended: the bias last": Case(
        BIAS_LAST,
        "textbook-2",
        ["AdalineGD"],
        8,
        "AdalineGD.weights: your AdalineGD keeps the bias in `w[-1]`, the last of the "
        "weights; this assignment keeps it in w_[0]",
        bug=True,  # against the assignment's convention: one check, named
        mistakes=frozenset(["convention:bias-last"]),
    ),
    "a column of ones prepended inside fit": Case(
        BIAS_LAST.replace(
            "np.hstack((X, np.ones((X.shape[0], 1))))", "np.hstack((np.ones((X.shape[0], 1)), X))"
        ),
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: AdalineGD: read `w` as the weights (bias first) and `cost` as the cost per epoch.",
    ),
    "targets expected as a column (n, 1)": Case(
        COLUMN_TARGETS,
        "textbook-2",
        [REAL],
        0,
        "LinearRegressionGD.returns_self: fit works when y is a column (n, 1), not with y of "
        "shape (n,)",
        bug=True,
        mistakes=frozenset(["y-column"]),
    ),
    "targets made a column inside fit": Case(
        edit(
            COLUMN_TARGETS,
            ("        Xb = np.hstack(", "        y = y.reshape(-1, 1)\n        Xb = np.hstack("),
        ),
        "textbook-2",
        [REAL],
        9,
        "note: LinearRegressionGD: read `theta_` as the weights (bias first).",
    ),
}
"""The corpus, by case name."""
