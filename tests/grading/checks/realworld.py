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
        10,  # its unseeded start costs the deterministic check only
        "AdalineSGD.deterministic: AdalineSGD has no random_state parameter",
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


# -- a held-out round: code found in public repositories, re-typed ------------------------
# Each is one reader's or one course's code (the textbook's readers, "from scratch"
# repositories, course assignments), re-written here with its names, its shapes, its
# scripts and its mistakes kept.

EPOCH_WEIGHTS = """
import numpy as np


class AdalineGD:
    def __init__(self, eta = 0.01, epoch = 50):
        self.eta   = eta
        self.epoch = epoch

    def fit(self, X, y):
        self.weights = np.zeros(1 + X.shape[1])
        self.costs   = []
        for _ in range(self.epoch):
            err = y - self.net_input(X)
            self.weights[1:] += self.eta * X.T.dot(err)
            self.weights[0]  += self.eta * err.sum()
            self.costs.append((err**2).sum() / len(err))
        return self

    def net_input(self, X):
        return np.dot(X, self.weights[1:]) + self.weights[0]

    def activation(self, X):
        return self.net_input(X)

    def predict(self, X):
        return np.where(self.activation(X) >= 0.0, 1, -1)
"""

H_AND_N = '''
import numpy as np


class AdalineGD:
    """Adaline.  h: the step size; n: how many passes; random_state: the seed."""

    def __init__(self, h = 0.1, n = 50, random_state = 1):
        self.h = h
        self.n = n
        self.random_state = random_state

    def fit(self, X, y):
        gen = np.random.RandomState(self.random_state)
        self.w = gen.normal(loc = 0.0, scale = 0.01, size = X.shape[1])
        self.b = np.float64(0.)
        self.losses = []
        for _ in range(self.n):
            diff = y - self.activation(self.net_input(X))
            self.w += 2*self.h*(X.T.dot(diff))/X.shape[0]
            self.b += 2*self.h*diff.mean()
            self.losses.append((diff**2).mean())
        return self

    def net_input(self, X,):
        return (np.dot(X,self.w) + self.b)

    def activation(self, X):
        return X

    def predict(self, X):
        return np.where(self.activation(self.net_input(X)) >= 0.5, 1,0)

    def test(self):
        pass
'''

SEEDED_IN_INIT = '''
from typing import Generic, TypeVar

import numpy as np
from numpy.random import permutation, seed

T = TypeVar("T")


class AdalineSGD(Generic[T]):
    """Per-sample Adaline; the seed is set once, when the learner is built."""

    w_ = None
    cost_ = None

    def __init__(self, eta: float = 0.01, n_iter: int = 10, shuffle=True, random_state=None):
        self.eta = eta
        self.n_iter = n_iter
        self.w_initialized = False
        self.shuffle = shuffle
        if random_state:
            seed(random_state)

    def fit(self, X: np.ndarray, y: np.ndarray) -> T:
        self._initialize_weights(X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            if self.shuffle:
                X, y = self._shuffle(X, y)
            costs = [self._update_weights(xi, target) for xi, target in zip(X, y)]
            self.cost_.append(sum(costs) / len(y))
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

    def _initialize_weights(self, m):
        self.w_ = np.zeros(1 + m)
        self.w_initialized = True

    def _update_weights(self, xi, target):
        error = target - self.net_input(xi)
        self.w_[1:] += self.eta * xi.T.dot(error)
        self.w_[0] += self.eta * error
        return 0.5 * error ** 2

    def _shuffle(self, X: np.ndarray, y: np.ndarray):
        order = permutation(len(y))
        return X[order], y[order]

    def net_input(self, X: np.ndarray) -> np.ndarray:
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def activation(self, X) -> np.ndarray:
        return self.net_input(X)

    def predict(self, X: np.ndarray) -> int:
        return np.where(self.activation(X) >= 0.0, 1, -1)
'''

MEAN_GRADIENT = """
import numpy as np


class linear_regression:
    def __init__(self, learning_rate=0.01, n_iters=1000):
        self.learning_rate = learning_rate
        self.n_iters = n_iters
        self.weights = None
        self.bias = None

    def fit(self, X, y):
        n_samples, n_features = X.shape
        self.weights = np.zeros(n_features)
        self.bias = 0
        for _ in range(self.n_iters):
            predicted = (X @ self.weights) + self.bias
            dw = (1 / n_samples) * (X.T @ (predicted - y))
            db = (1 / n_samples) * np.sum(predicted - y)
            self.weights = self.weights - (self.learning_rate * dw)
            self.bias = self.bias - (self.learning_rate * db)

    def predict(self, X):
        return (X @ self.weights) + self.bias
"""

NO_INTERCEPT = """
import numpy as np


class LinearRegressionUsingGD:
    def __init__(self, eta=0.05, n_iterations=1000):
        self.eta = eta
        self.n_iterations = n_iterations

    def fit(self, x, y):
        self.cost_ = []
        self.w_ = np.zeros((x.shape[1], 1))
        m = x.shape[0]
        for _ in range(self.n_iterations):
            residuals = np.dot(x, self.w_) - y
            self.w_ -= (self.eta / m) * np.dot(x.T, residuals)
            self.cost_.append(np.sum(residuals ** 2) / (2 * m))
        return self

    def predict(self, x):
        return np.dot(x, self.w_)
"""

COEF_ROW = '''
"""J(w) = 1/2 sum (y - y_hat)^2, minimised by gradient descent."""
import numpy as np


class LinearRegressionGD(object):
    def __init__(self, eta=0.001, n_iter=20):
        self.eta = eta
        self.n_iter = n_iter

    def fit(self, X, y):
        self.coef_ = np.zeros(shape=(1, X.shape[1]))
        self.intercept_ = np.zeros(1)
        self.cost_ = []
        for _ in range(self.n_iter):
            errors = y - self.net_input(X)
            self.coef_ += self.eta * np.dot(errors.T, X)
            self.intercept_ += self.eta * errors.sum()
            self.cost_.append((errors ** 2).sum() / 2.0)
        return self

    def net_input(self, X):
        return np.dot(X, self.coef_.T) + self.intercept_

    def predict(self, X):
        return self.net_input(X)
'''

TRAIN_WITH_TOL = """
import numpy as np


class GDLinearRegression:
    def __init__(self, n_iter=200, eta=1e-3, tol=None):
        self.n_iter = n_iter
        self.eta = eta
        self.tol = tol
        self.w = None

    def _loss(self, y, y_pred):
        return np.sum((y_pred - y) ** 2) / y.size

    def _gradient(self, X, y, y_pred):
        return np.matmul(y_pred - y, X) / y.size

    def _gradient_descent(self, w, X, y):
        if self.tol is not None:
            previous = np.inf
        for step in range(self.n_iter):
            y_pred = self._predict(X, w)
            loss = self._loss(y, y_pred)
            print('%4i loss %s' % (step, loss))
            if self.tol is not None:
                if previous - loss < self.tol:
                    break
                previous = loss
            w -= self.eta * self._gradient(X, y, y_pred)

    def _with_ones(self, X):
        rows, cols = X.shape
        out = np.empty((rows, cols + 1))
        out[:, 0] = 1
        out[:, 1:] = X
        return out

    def train(self, X_train, y_train):
        X_train = self._with_ones(X_train)
        self.w = np.random.random(X_train.shape[1]) * 0.05
        self._gradient_descent(self.w, X_train, y_train)

    def _predict(self, X, w):
        return np.matmul(X, w)

    def predict(self, X):
        return self._predict(self._with_ones(X), self.w)


from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

if __name__ == '__main__':
    data = np.genfromtxt('winequality-red.csv', delimiter=';', skip_header=True)
    X_train, X_test, y_train, y_test = train_test_split(data[:, :-1], data[:, -1])
    GDLinearRegression(n_iter=3000, eta=0.05, tol=1e-5).train(X_train, y_train)
"""

BASE_AND_SCRIPT = '''
import math

import matplotlib.pyplot as plt
import numpy as np


class Regression(object):
    """The regressions' common part: weights drawn in [-1/sqrt(N), 1/sqrt(N)]."""

    def __init__(self, n_iterations, learning_rate):
        self.n_iterations = n_iterations
        self.learning_rate = learning_rate

    def initialize_weights(self, n_features):
        limit = 1 / math.sqrt(n_features)
        self.w = np.random.uniform(-limit, limit, (n_features, 1))

    def fit(self, X, y):
        X = np.insert(X, 0, 1, axis=1)
        self.training_errors = []
        self.initialize_weights(n_features=X.shape[1])
        for _ in range(self.n_iterations):
            y_pred = X.dot(self.w)
            self.training_errors.append(np.mean(0.5 * (y - y_pred) ** 2))
            grad_w = -X.T.dot(y - y_pred) / len(y)
            self.w -= self.learning_rate * grad_w

    def predict(self, X):
        return np.insert(X, 0, 1, axis=1).dot(self.w)


class LinearRegression(Regression):
    def __init__(self, n_iterations=100, learning_rate=0.001):
        super(LinearRegression, self).__init__(
            n_iterations=n_iterations, learning_rate=learning_rate
        )


np.random.seed(42)
X = np.random.randn(100, 1)
y = 3 * X + 2 + np.random.randn(100, 1) * 0.1
model = LinearRegression(n_iterations=1000, learning_rate=0.01)
model.fit(X, y)
plt.scatter(X, model.predict(X))
plt.show()
'''

PER_FEATURE = """
import math

import numpy as np


class LinearRegression1:
    def __init__(self, lr=0.01, epochs=100):
        self.lr = lr
        self.epochs = epochs

    def initialize(self, count):
        bound = 1 / math.sqrt(count)
        self.w = np.random.uniform(-bound, bound, count)

    def fit(self, X, y, grad_descent=True):
        X = np.insert(X, 0, 1, axis=1)
        n_features = X.shape[1]
        self.initialize(n_features)
        if grad_descent:
            for _ in range(self.epochs):
                y_pred = np.matmul(X, self.w)
                grad_w = - 2 / n_features * np.matmul((y - y_pred), X)
                self.w = self.w - self.lr * grad_w
        else:
            self.w = np.linalg.inv(X.T @ X) @ X.T @ y

    def predict(self, X):
        return np.matmul(np.insert(X, 0, 1, axis=1), self.w)


if __name__ == "__main__":
    X = np.array([[1, 1], [1, 2], [2, 2], [2, 3]])
    print(LinearRegression1().fit(X, X @ np.array([1, 2]) + 3))
"""

VERBOSE_NO_PREDICT = """
from typing import Union

import numpy as np
import pandas as pd


class LinearRegression:
    def __init__(self, epochs: int = 100, lr: float = 0.1) -> None:
        self._epochs = epochs
        self._lr = lr
        self._weights = None

    def fit(self, X: pd.DataFrame, y: pd.Series, verbose: Union[bool, int] = False):
        N = X.shape[0]
        X = np.concatenate([np.ones([N, 1]), X], axis=1)
        y = y.reshape(N, 1)
        self._weights = np.ones([X.shape[1], 1])
        for epoch in range(self._epochs):
            error = y - X @ self._weights
            grad = (-1) * 2 * (X.T @ error) / N
            mse = np.sum(error**2) / N
            self._weights -= self._lr * grad
            if verbose and epoch % verbose == 0:
                print(f'{epoch} | loss: {mse}')

    def get_coef(self):
        return self._weights
"""

DATAFRAME_ONLY = """
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, epochs=1000):
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.weights = None
        self.bias = None

    def fit(self, X, y):
        X = X.values
        y = y.values.reshape(-1, 1)
        n_samples, n_features = X.shape
        self.weights = np.zeros((n_features, 1))
        self.bias = 0
        for _ in range(self.epochs):
            y_pred = np.dot(X, self.weights) + self.bias
            self.weights -= self.learning_rate * np.dot(X.T, (y_pred - y)) / n_samples
            self.bias -= self.learning_rate * np.sum(y_pred - y) / n_samples

    def predict(self, X):
        return np.dot(X.values, self.weights) + self.bias
"""

EARLY_STOP = """
import numpy as np


class LinearRegressionGD:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tolerance=1e-6, early_stop=True):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tolerance = tolerance
        self.early_stop = early_stop
        self.weights = None
        self.bias = None
        self.cost_history = []

    def fit(self, X, y):
        n_samples, n_features = X.shape
        self.weights = np.zeros(n_features)
        self.bias = 0
        for i in range(self.n_iterations):
            error = np.dot(X, self.weights) + self.bias - y
            self.weights -= self.learning_rate * np.dot(X.T, error) / n_samples
            self.bias -= self.learning_rate * np.sum(error) / n_samples
            cost = np.sum(error ** 2) / (2 * n_samples)
            self.cost_history.append(cost)
            if self.early_stop and i > 0:
                if abs(self.cost_history[-2] - cost) < self.tolerance:
                    print(f"stopped early at iteration {i}")
                    break

    def predict(self, X):
        return np.dot(X, self.weights) + self.bias


if __name__ == "__main__":
    model = LinearRegressionGD(learning_rate=0.1)
    model.fit(np.array([[1.0], [2.0], [3.0]]), np.array([2.0, 4.0, 6.0]))
    print(model.weights, model.bias)
"""

HALF_MSE_APART = {"convention": {"loss": "half_mse", "bias": "separate"}}

FOUND: dict[str, Case] = {
    "epoch, weights and costs: an MSE history next to a half-SSE update": Case(
        EPOCH_WEIGHTS,
        "textbook-2",
        ["AdalineGD"],
        8,
        "AdalineGD.cost_history: your AdalineGD records the mean squared error (mse); this "
        "assignment uses half the sum of squared errors.",
        bug=True,  # the update is the assignment's; the history is another cost
        mistakes=frozenset(["convention:mse"]),
    ),
    "2 / N with N = X.shape[1], the features' count": Case(
        edit(
            EPOCH_WEIGHTS,
            (
                "        self.costs   = []\n",
                "        self.costs   = []\n        N = X.shape[1]\n",
            ),
            ("self.eta * X.T.dot(err)", "(2/float(N)) * self.eta * X.T.dot(err)"),
            ("self.eta * err.sum()", "(2/float(N)) * self.eta * err.sum()"),
            ("(err**2).sum() / len(err)", "(err**2).sum() / float(N)"),
        ),
        "textbook-3",
        ["AdalineGD"],
        6,
        "AdalineGD.cost_history: the mean is taken over the features, not the samples: you "
        "divide by X.shape[1]",
        spec={"convention": {"bias": "w0", "labels": "pm1"}},
        bug=True,  # history and epoch off by n / m; diverges at a safe eta
        mistakes=frozenset(["mean-over-features"]),
    ),
    "h and n, w and b, losses (3rd edition)": Case(
        H_AND_N,
        "textbook-3",
        ["AdalineGD"],
        9,
        "note: AdalineGD: read `h` as the learning rate (eta), `n` as the number of epochs "
        "(n_iter).",
    ),
    "a generator made as rand_gen and used as rgen": Case(
        _renamed(
            GD2,
            ("class AdalineGD:", "class Adaline:"),
            ("eta", "lr"),
            ("n_iter", "epochs"),
            ("random_state", "rand_seed"),
            ("rgen = np.random", "rand_gen = np.random"),
        ),
        "textbook-2",
        ["AdalineGD"],
        0,
        "AdalineGD.returns_self: Adaline.fit(1x1 array, 1 array) failed: NameError: name "
        "'rgen' is not defined",
        bug=True,
    ),
    "alpha and seed, np.random.seed called in fit": Case(
        edit(
            _renamed(GD2, ("eta", "alpha"), ("random_state", "seed")),
            (
                "        rgen = np.random.RandomState(self.seed)\n"
                "        self.w_ = rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1])\n",
                "        np.random.seed(self.seed)\n"
                "        self.w_ = np.random.normal(scale=0.01, size=1 + X.shape[1])\n",
            ),
        ),
        "textbook-2",
        ["AdalineGD"],
        9,
        "-",
    ),
    "errors from predict's labels, an iris URL in a docstring": Case(
        '''
import numpy as np


class Adaline(object):
    def __init__(self, l_rate = 0.01, n_iter = 10):
        self.l_rate = l_rate
        self.n_iter = n_iter

    def fit(self, X, y):
        self.cost = []
        misses = []
        self.theta = np.zeros(X.shape[1] + 1)
        for _ in range(self.n_iter):
            diff = y - self.predict(X)
            misses.append(np.where(diff == 0, 0, 1).sum())
            self.cost.append(0.5 * (diff ** 2).sum())
            self.theta[1:] += self.l_rate * np.dot(X.T, diff)
            self.theta[0] += self.l_rate * diff.sum()
        return self

    def predict(self, X):
        return np.where((np.dot(X, self.theta[1:]) + self.theta[0]) >= 0, 1, -1)


""" to try it:
import pandas as pd
df = pd.read_csv("https://archive.ics.uci.edu/ml/machine-learning-databases/iris/iris.data")
"""
''',
        "textbook-2",
        ["AdalineGD"],
        6,
        "AdalineGD.cost_history: the cost is computed from thresholded predictions (the "
        "perceptron rule)",
        bug=True,
        mistakes=frozenset(["perceptron-threshold"]),
    ),
    "predict returns the net input, and fit learns from it": Case(
        """
import numpy as np


class Adaline(object):
    def __init__(self, l_rate = 0.01, n_iter = 50):
        self.l_rate = l_rate
        self.n_iter = n_iter

    def fit(self, X, y):
        self.cost = []
        self.theta = np.zeros(X.shape[1] + 1)
        for _ in range(self.n_iter):
            diff = y - self.predict(X)
            self.theta[1:] += self.l_rate * np.dot(X.T, diff)
            self.theta[0] += self.l_rate * diff.sum()
            self.cost.append(0.5 * (diff ** 2).sum())
        return self

    def predict(self, X):
        return np.dot(X, self.theta[1:]) + self.theta[0]
""",
        "textbook-2",
        ["AdalineGD"],
        8,
        "AdalineGD.predict: predict returns class labels: threshold the net input.",
        bug=True,  # the training is right (its "predict" is the net input); the labels are not
        mistakes=frozenset(["predict-no-threshold"]),
    ),
    "rate and niter, weight and cost, iris read from a URL at import": Case(
        _renamed(
            GD2,
            ("class AdalineGD:", "class AdaptiveLinearNeuron(object):"),
            ('"""Adaline, batch gradient descent: the bias in w_[0], cost_ holds SSE / 2."""', ""),
            ("self.eta", "self.rate"),
            ("eta=0.01, n_iter=50, random_state=1", "rate=0.01, niter=10"),
            ("= eta", "= rate"),
            ("n_iter", "niter"),
            ("self.w_", "self.weight"),
            ("self.cost_", "self.cost"),
        )
        .replace("        self.random_state = random_state\n", "")
        .replace(
            "        rgen = np.random.RandomState(self.random_state)\n"
            "        self.weight = rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1])\n",
            "        self.weight = np.zeros(1 + X.shape[1])\n        self.errors = []\n",
        )
        + "\n\nimport matplotlib.pyplot as plt\nimport pandas as pd\n\n"
        "df = pd.read_csv('https://archive.ics.uci.edu/ml/machine-learning-databases/iris/"
        "iris.data', header=None)\n"
        "y = np.where(df.iloc[0:100, 4].values == 'Iris-setosa', -1, 1)\n"
        "X = df.iloc[0:100, [0, 2]].values\n"
        "fig, ax = plt.subplots(nrows=1, ncols=2, figsize=(8, 4))\n"
        "first = AdaptiveLinearNeuron(0.01, 10).fit(X, y)\n"
        "ax[0].plot(range(1, len(first.cost) + 1), np.log10(first.cost), marker='o')\n"
        "plt.show()\n",
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: adaline.py's own code failed when the file was imported, at line 36 "
        "(StandInError: pandas is not installed where your code is graded",
    ),
    "seed() in __init__, shuffled from the global state (typed, Generic)": Case(
        SEEDED_IN_INIT, "textbook-2", [SGD], 11, "-"
    ),
    "a lower-case stochasticGD": Case(
        SGD2.replace("class AdalineSGD:", "class stochasticGD(object):"),
        "textbook-2",
        [SGD],
        11,
        "note: read class `stochasticGD` as AdalineSGD.",
    ),
    "3rd edition SGD, partial_fit commented out": Case(
        edit(
            MINIBATCH3,
            ("n_iter=50, batch_size=2, shuffle", "n_iter=50, shuffle"),
            ("        self.batch_size = batch_size\n", ""),
            (
                "            losses = []\n"
                "            for start in range(0, len(y), self.batch_size):\n"
                "                stop = start + self.batch_size\n"
                "                losses.append(self._update(X[start:stop], y[start:stop]))\n",
                "            losses = [self._update(xi[None, :], np.array([t])) "
                "for xi, t in zip(X, y)]\n",
            ),
            (
                "    def partial_fit(self, X, y):\n"
                "        if not self.w_initialized:\n"
                "            self._initialize_weights(X.shape[1])\n"
                "        for xi, target in zip(np.atleast_2d(X), np.ravel(y)):\n"
                "            self._update(xi[None, :], np.array([target]))\n"
                "        return self\n",
                "    # def partial_fit(self, X, y):\n",
            ),
        ),
        "textbook-3",
        [SGD],
        10,
        "AdalineSGD.partial_fit: AdalineSGD.partial_fit is not done yet",
        bug=True,
    ),
    "learning_rate and iteration taken, self.eta used": Case(
        edit(
            SGD2,
            (
                "def __init__(self, eta=0.01, n_iter=10, shuffle=True, random_state=None):\n"
                "        self.eta = eta\n        self.n_iter = n_iter",
                "def __init__(self, learning_rate=0.01, iteration=50, shuffle=True, "
                "random_state=1):\n"
                "        self.learning_rate = learning_rate\n        self.iteration = iteration",
            ),
            ("for _ in range(self.n_iter):", "for _ in range(self.iteration):"),
        ),
        "textbook-2",
        [SGD],
        0,
        "AdalineSGD.returns_self: AdalineSGD.fit(1x1 array, 1 array) failed: AttributeError: "
        "'AdalineSGD' object has no attribute 'eta'",
        bug=True,
    ),
    "weights and bias, the half-MSE gradient, fit returning None": Case(
        MEAN_GRADIENT,
        "textbook-2",
        [REAL],
        7,
        "LinearRegressionGD.returns_self: end fit with `return self`",
        spec=HALF_MSE_APART,
        bug=True,  # no `return self`, no history: the update itself is right
        mistakes=frozenset(["fit-no-return-self", "no-cost-history"]),
    ),
    "_init_ where __init__ belongs": Case(
        MEAN_GRADIENT.replace("class linear_regression:", "class LinearRegression:").replace(
            "def __init__(", "def _init_("
        ),
        "textbook-2",
        [REAL],
        0,
        "LinearRegressionGD.returns_self: LinearRegression has no __init__, only `_init_`, which "
        "Python never calls",
        spec=HALF_MSE_APART,
        bug=True,
        mistakes=frozenset(["init-misspelled"]),
    ),
    "no intercept, a column of weights": Case(
        NO_INTERCEPT,
        "textbook-2",
        [REAL],
        0,
        "LinearRegressionGD.returns_self: LinearRegressionUsingGD after fit on 1 feature(s): "
        "expected 2 entries in w_ (the bias is w_[0]); got w_ with 1 entries.",
        spec={"convention": {"loss": "half_mse"}},
        bug=True,
        mistakes=frozenset(["weights-shape"]),
    ),
    "annotated attributes and a __main__ demo": Case(
        LINREG2.replace(
            "        self.eta = eta\n        self.n_iter = n_iter\n",
            "        self.eta: float = eta\n        self.n_iter: int = n_iter\n",
        ).replace(
            "def __init__(self, eta=0.001, n_iter=20):",
            "def __init__(self, eta=0.001, n_iter=20) -> None:",
        )
        + "\n\nif __name__ == '__main__':\n"
        "    X = np.arange(10.0).reshape(-1, 1)\n"
        "    print(LinearRegressionGD().fit(X, 2 * X.ravel() + 1).w_)\n",
        "textbook-2",
        [REAL],
        9,
        "-",
    ),
    "a dataclass whose cost_ is a default_factory field": Case(
        """
from dataclasses import dataclass, field
from typing import List

import numpy as np

Array = np.ndarray


@dataclass
class LinearRegressionGD:
    eta: float = 0.001
    n_iter: int = 20
    w_: Array = field(init=False)
    cost_: List[float] = field(init=False, default_factory=list)

    def fit(self, X: Array, y: Array) -> "LinearRegressionGD":
        self.w_ = np.zeros(1 + X.shape[1])
        for _ in range(self.n_iter):
            errors = y - self.net_input(X=X)
            self.w_[1:] += self.eta * X.T.dot(errors)
            self.w_[0] += self.eta * errors.sum()
            self.cost_.append((errors ** 2).sum() / 2.0)
        return self

    def net_input(self, X: Array) -> Array:
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def predict(self, X: Array) -> Array:
        return self.net_input(X=X)
""",
        "textbook-2",
        [REAL],
        9,
        "-",
    ),
    "coef_ a row (1, m) and intercept_ (1,)": Case(
        COEF_ROW,
        "textbook-2",
        [REAL],
        0,
        "LinearRegressionGD.returns_self: fit works when y is a column (n, 1), not with y of "
        "shape (n,)",
        spec={"convention": {"bias": "separate"}},
        bug=True,
        mistakes=frozenset(["y-column"]),
    ),
    "train, a tol, a print per epoch, unseeded weights, scikit-learn at the top": Case(
        TRAIN_WITH_TOL,
        "textbook-2",
        [REAL],
        6,
        "LinearRegressionGD.returns_self: end fit with `return self`",
        spec={"convention": {"loss": "half_mse"}},
        bug=True,  # returns None, keeps no history, starts from unseeded random weights
        mistakes=frozenset(["fit-no-return-self", "no-cost-history", "not-deterministic"]),
    ),
    "a base class, a column of weights, a script at import": Case(
        BASE_AND_SCRIPT,
        "textbook-2",
        [REAL],
        0,
        "LinearRegressionGD.returns_self: fit works when y is a column (n, 1), not with y of "
        "shape (n,)",
        spec={"convention": {"loss": "half_mse"}},
        bug=True,
        mistakes=frozenset(["y-column"]),
    ),
    "2 / n_features, a switch in fit that is not shuffling": Case(
        PER_FEATURE,
        "textbook-2",
        [REAL],
        4,
        "LinearRegressionGD.returns_self: end fit with `return self`",
        spec={"convention": {"loss": "mse"}},
        bug=True,  # None returned, no history, unseeded start, a step n / (m + 1) too long
        mistakes=frozenset(
            ["fit-no-return-self", "no-cost-history", "not-deterministic", "mean-over-weights"]
        ),
    ),
    "_weights, epochs and lr, verbose, no predict": Case(
        VERBOSE_NO_PREDICT,
        "textbook-2",
        [REAL],
        6,
        "LinearRegressionGD.returns_self: end fit with `return self`",
        spec={"convention": {"loss": "mse"}},
        bug=True,  # returns None, keeps no history, has no predict
        mistakes=frozenset(["fit-no-return-self", "no-cost-history"]),
    ),
    "X.values: a DataFrame expected": Case(
        DATAFRAME_ONLY,
        "textbook-2",
        [REAL],
        0,
        "LinearRegressionGD.returns_self: fit reads X or y as a pandas DataFrame or Series",
        spec=HALF_MSE_APART,
        bug=True,
        mistakes=frozenset(["pandas-input"]),
    ),
    "a scikit-learn base class, coef_ and intercept_ as views": Case(
        edit(
            LINREG2.replace(
                "import numpy as np\n",
                "import numpy as np\nfrom sklearn.base import BaseEstimator, RegressorMixin\n",
            ).replace(
                "class LinearRegressionGD:",
                "class LinearRegressionGD(BaseEstimator, RegressorMixin):",
            ),
            (
                "        self.w_ = np.zeros(1 + X.shape[1])\n",
                "        self.coef_ = np.zeros(1 + X.shape[1])[1:]\n"
                "        self.intercept_ = np.zeros(1 + X.shape[1])[:1]\n",
            ),
            ("self.w_[1:] += self.eta", "self.coef_ += self.eta"),
            ("self.w_[0] += self.eta", "self.intercept_ += self.eta"),
            ("np.dot(X, self.w_[1:]) + self.w_[0]", "np.dot(X, self.coef_) + self.intercept_"),
        ),
        "textbook-2",
        [REAL],
        9,
        "note: adaline.py imports sklearn, not installed where it is graded",
        spec={"convention": {"bias": "separate"}},
    ),
    "a tolerance and an early_stop switch": Case(
        EARLY_STOP,
        "textbook-2",
        [REAL],
        8,
        "LinearRegressionGD.returns_self: end fit with `return self`",
        spec=HALF_MSE_APART,
        bug=True,  # returns None; its tolerance is set to 0 so that every epoch runs
        mistakes=frozenset(["fit-no-return-self"]),
    ),
    # readers who start from the Perceptron keep its errors_ (and its docstring) and drop
    # the cost
    "the Perceptron's errors_ kept, no cost": Case(
        edit(
            GD2,
            ("        self.cost_ = []\n", "        self.errors_ = []\n"),
            (
                "            self.cost_.append((errors ** 2).sum() / 2.0)\n",
                "            self.errors_.append(int((self.predict(X) != y).sum()))\n",
            ),
        ),
        "textbook-2",
        ["AdalineGD"],
        8,
        "AdalineGD.cost_history: errors_ counts the misclassified samples (the perceptron's "
        "errors_), not the cost",
        bug=True,
        mistakes=frozenset(["misclassification-count"]),
    ),
}
CASES.update(FOUND)


# -- a second held-out round: more code found in public repositories, re-typed -----------
# Course assignments, "from scratch" repositories and readers of the textbook, each
# re-written here with its names, shapes, scripts and mistakes kept.

NONE_COMPARED = """
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000):
        self.bias = None
        self.weights = None
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations

    def predict(self, data):
        if self.bias != None and self.weights != None:
            return data @ self.weights + self.bias

    def error(self, data, target):
        return target - self.predict(data)

    def fit(self, data, target):
        samples, features = np.shape(data)
        self.bias = 0
        self.weights = np.zeros(features)
        step = 0
        while step < self.n_iterations:
            err = self.error(data, target)
            print("Cost:", err.T @ err / samples)
            self.weights = self.weights + self.learning_rate * 2 / samples * data.T @ err
            self.bias = self.bias + self.learning_rate * 2 / samples * np.sum(err)
            step += 1
"""

COLUMN_AND_SCRIPT = """
import numpy as np


class LinearRegressionGradientDescent:
    def __init__(self, learning_rate=0.01, n_iterations=1000):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations

    def fit(self, X, y):
        n_samples, n_features = X.shape
        self.weights = np.zeros((n_features, 1))
        self.bias = 0
        for _ in range(self.n_iterations):
            y_hat = np.dot(X, self.weights) + self.bias
            self.weights -= self.learning_rate * np.dot(X.T, y_hat - y) / n_samples
            self.bias -= self.learning_rate * np.sum(y_hat - y) / n_samples

    def predict(self, X):
        return np.dot(X, self.weights) + self.bias


np.random.seed(42)
X = 2 * np.random.rand(100, 1)
y = 4 + 3 * X + np.random.randn(100, 1)
model = LinearRegressionGradientDescent()
model.fit(X, y)
print("Predictions:", model.predict(np.array([[0], [2]])))
"""

START_GIVEN_TO_FIT = '''
import math

import numpy as np


class LinRegGradient:
    """Linear regression by gradient descent; the caller gives the start and the rate."""

    def get_cost(self, X, y, w, b):
        m = X.shape[0]
        return (((X.dot(w) + b) - y) ** 2).sum() / (2 * m)

    def get_gradient(self, X, y, w, b):
        m = X.shape[0]
        err = (X.dot(w) + b) - y
        return err.dot(X) / m, err.sum() / m

    def fit(self, X, y, w_init, b_init, alpha, n_iter):
        self.check_arguments(X, y, w_init, b_init, alpha, n_iter)
        self.cost_arr, self.w_arr, self.b_arr = [], [], []
        self.w, self.b = w_init, b_init
        for i in range(n_iter):
            dj_dw, dj_db = self.get_gradient(X, y, self.w, self.b)
            self.w = self.w - alpha * dj_dw
            self.b = self.b - alpha * dj_db
            if i < 50000:
                self.w_arr.append(self.w)
                self.b_arr.append(self.b)
                self.cost_arr.append(self.get_cost(X, y, self.w, self.b))
            if i % math.ceil(n_iter / 10) == 0:
                print(f"Iteration {i:4d}: Cost {self.cost_arr[-1]:8.2f}")
        self.coef_ = [self.b, self.w]

    def check_arguments(self, X, y, w_init, b_init, alpha, n_iter):
        assert (np.isnan(X).sum() == 0) | (np.isnan(y).sum() == 0), "no NaN allowed"
        assert isinstance(w_init[0], (int, float)) & isinstance(b_init, (int, float))
        assert isinstance(alpha, (int, float)), "alpha must be a number"
        assert isinstance(n_iter, int), "n_iter must be an int"

    def predict(self, X):
        return np.dot(X, self.w) + self.b

    def plot_cost(self):
        import matplotlib.pyplot as plt

        plt.plot(np.arange(len(self.cost_arr)), self.cost_arr)
'''

SELF_TYPED = '''
import numpy as np
from typing import Self


class AdalineGD():
    """eta, n_iter, random_state; w and cost are made in __init__, not in fit."""

    def __init__(self, eta: float = 0.01, n_iter: int = 50, random_state: int = 1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state
        self.w = []
        self.cost = []

    def fit(self, X: np.ndarray, y: np.ndarray) -> Self:
        rgen = np.random.RandomState(self.random_state)
        self.w = rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1])
        for _ in range(self.n_iter):
            errors = y - self.activation(self.net_input(X))
            self.w[1:] += self.eta * X.T.dot(errors)
            self.w[0] += self.eta * errors.sum()
            self.cost.append((errors ** 2).sum() / 2.0)
        return self

    def net_input(self, X: np.ndarray) -> np.ndarray:
        return np.dot(X, self.w[1:]) + self.w[0]

    def activation(self, X):
        return X

    def predict(self, X: np.ndarray) -> np.ndarray:
        return np.where(self.activation(self.net_input(X)) >= 0.0, 1, -1)
'''

GLOBAL_SEED_NORMAL = """
import numpy as np
from numpy.random import seed


class AdalineSGD(object):
    def __init__(self, eta=0.01, n_iter=50, shuffle=True, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.w_initialized = False
        self.shuffle = shuffle
        if random_state:
            seed(random_state)

    def fit(self, X, y):
        self._initialize_weights(X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            if self.shuffle:
                X, y = self._shuffle(X, y)
            cost = []
            for xi, yi in zip(X, y):
                cost.append(self._update_weights(xi, yi))
            self.cost_.append(sum(cost) / len(y))
        return self

    def _shuffle(self, X, y):
        r = np.random.permutation(len(y))
        return X[r], y[r]

    def _initialize_weights(self, m):
        self.w_ = np.random.normal(loc=0.0, scale=0.01, size=1 + m)
        self.w_initialized = True

    def _update_weights(self, xi, yi):
        error = yi - self.activation(xi)
        self.w_[1:] += self.eta * xi.dot(error)
        self.w_[0] += self.eta * error
        return 0.5 * error ** 2

    def net_input(self, X):
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def activation(self, X):
        return self.net_input(X)

    def predict(self, X):
        return np.where(self.activation(X) >= 0.0, 1, -1)

    def partial_fit(self, X, y):
        if not self.w_initialized:
            self._initialize_weights(X.shape[1])
        if y.ravel().shape[0] > 1:
            for xi, yi in zip(X, y):
                self._update_weights(xi, yi)
        else:
            self._update_weights(X, y)
        return self
"""

SGD3_NO_PARTIAL = """
import numpy as np


class AdalineSGD:
    def __init__(self, eta=0.01, n_iter=50, shuffle=True, random_state=None):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state
        self.shuffle = shuffle
        self.initialized_weights = False

    def fit(self, X, y):
        self._initialize_weights(X.shape[1])
        self.losses_ = []
        for _ in range(self.n_iter):
            if self.shuffle:
                X, y = self._shuffle(X, y)
            losses = [self._update_weights(xi, target) for xi, target in zip(X, y)]
            self.losses_.append(np.mean(losses))
        return self

    # def partical_fit(self, X, y)

    def _initialize_weights(self, m):
        self.rgen = np.random.RandomState(self.random_state)
        self.w_ = self.rgen.normal(loc=0.0, scale=0.01, size=m)
        self.b_ = np.float64(0.)
        self.initialized_weights = True

    def _update_weights(self, xi, target):
        error = target - self.activation(self.net_input(xi))
        self.w_ += self.eta * 2.0 * error * xi
        self.b_ += self.eta * 2.0 * error
        return error ** 2

    def _shuffle(self, X, y):
        r = self.rgen.permutation(len(y))
        return X[r], y[r]

    def net_input(self, X):
        return np.dot(X, self.w_) + self.b_

    def activation(self, X):
        return X

    def predict(self, X):
        return np.where(self.activation(self.net_input(X)) >= 0.5, 1, 0)
"""

DATA_ON_SELF = """
import numpy as np


class LinearRegression():
    def __init__(self, learning_rate, iterations):
        self.learning_rate = learning_rate
        self.iterations = iterations

    def fit(self, X, Y):
        self.m, self.n = X.shape
        self.W = np.zeros(self.n)
        self.b = 0
        self.X = X
        self.Y = Y
        for _ in range(self.iterations):
            self.update_weights()

    def update_weights(self):
        Y_pred = self.predict(self.X)
        dW = -(2 * (self.X.T).dot(self.Y - Y_pred)) / self.m
        db = -2 * np.sum(self.Y - Y_pred) / self.m
        self.W = self.W - self.learning_rate * dW
        self.b = self.b - self.learning_rate * db

    def predict(self, X):
        return X.dot(self.W) + self.b
"""

INDENTED_INTO_INIT = """
import numpy as np


class LinearRegressionGradient:
    def __init__(self, learning_rate=0.01, threshold=1e-6, n_iters=1000):
        self.learning_rate = learning_rate
        self.threshold = threshold

        def fit(self, X, y):
            n_samples, n_features = X.shape
            self.bias, self.weights = 0, np.zeros(n_features)
            prev_db, prev_dw = 0, np.zeros(n_features)

        for _ in range(self.n_iters):
            y_pred = np.dot(X, self.weights) + self.bias
            db = 1 / n_samples * np.sum(y_pred - y)
            dw = 1 / n_samples * np.dot(X.T, (y_pred - y))
            self.bias -= self.learning_rate * db
            self.weghts -= self.learning_rate * dw
            if np.abs(db - prev_db) < self.threshold:
                if np.abs(dw - prev_dw).all() < self.threshold:
                    break
            prev_db = db
            prev_dw = dw

        def predict(self, X_test):
            return np.dot(X_test, self.weights) + self.bias
"""

MINUS_TWO_OVER_N = """
import numpy as np


class LinearRegression:
    def __init__(self, lr=0.01, epochs=1000):
        self.lr = lr
        self.epochs = epochs
        self.weights = None
        self.bias = 0.0

    def fit(self, X, y):
        n_samples, n_features = X.shape
        self.weights = np.zeros(n_features)
        self.bias = 0.0
        for _ in range(self.epochs):
            y_pred = np.dot(X, self.weights) + self.bias
            dw = (-2 / n_samples) * np.dot(X.T, (y - y_pred))
            db = (-2 / n_samples) * np.sum(y - y_pred)
            self.weights -= self.lr * dw
            self.bias -= self.lr * db

    def predict(self, X):
        return np.dot(X, self.weights) + self.bias
"""

SAMPLED_BATCHES = """
import random

import numpy as np


class Mini_Batch_Gradient_Descent_Regressor:
    def __init__(self, batch_size, learning_rate=0.01, epochs=100):
        self.coef_ = None
        self.intercept_ = None
        self.lr = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size

    def fit(self, X_train, y_train):
        self.intercept_ = 0
        self.coef_ = np.ones(X_train.shape[1])
        for _ in range(self.epochs):
            for _ in range(int(X_train.shape[0] / self.batch_size)):
                idx = random.sample(range(X_train.shape[0]), self.batch_size)
                y_hat = np.dot(X_train[idx], self.coef_) + self.intercept_
                intercept_der = -2 * np.mean(y_train[idx] - y_hat)
                self.intercept_ = self.intercept_ - self.lr * intercept_der
                coef_der = -2 * np.dot(y_train[idx] - y_hat, X_train[idx]) / X_train.shape[0]
                self.coef_ = self.coef_ - self.lr * coef_der
        print(self.intercept_, self.coef_)

    def predict(self, X_test):
        return np.dot(X_test, self.coef_) + self.intercept_
"""

SUMMED_GRADIENT = """
import numpy as np
from sklearn.metrics import mean_squared_error


class MiniBatch:
    def __init__(self):
        self.theta = None

    def fit(self, X, y, lr=0.01, epochs=20, batch_size=None, verbose=True):
        self.theta = np.random.randn(X.shape[1])
        m = X.shape[0]
        loss_history = []
        for _ in range(epochs):
            num_batches = m // batch_size if batch_size else 1
            for _ in range(num_batches):
                if batch_size:
                    idx = np.random.choice(m, batch_size)
                    X_batch, y_batch = X[idx], y[idx]
                else:
                    X_batch, y_batch = X, y
                error = X_batch.dot(self.theta) - y_batch
                gradient = 2 * X_batch.T.dot(error)
                self.theta -= lr * sum(gradient) / X_batch.shape[0]
            loss_history.append(mean_squared_error(y, X.dot(self.theta)))
        return loss_history
"""

MINIBATCH_VIEWS = '''
import numpy as np


class LinearRegressionMB(object):
    """Mini-batches of minibatch_size samples, reshuffled every epoch."""

    def __init__(self, n_iter=50, minibatch_size=20, eta=0.001):
        self.n_iter = n_iter
        self.minibatch_size = minibatch_size
        self.eta = eta

    def fit(self, X, y):
        self.cost_ = []
        self.coef_ = np.zeros(1 + X.shape[1])[1:]
        self.intercept_ = np.zeros(1 + X.shape[1])[:1]
        for _ in range(self.n_iter):
            order = np.random.permutation(len(X))
            Xs, ys = X[order], y[order]
            self.c_ = []
            for i in range(0, len(X), self.minibatch_size):
                xb = Xs[i:i + self.minibatch_size]
                yb = ys.flatten()[i:i + self.minibatch_size]
                errors = yb - self.net_input(xb)
                self.coef_ += self.eta * xb.T.dot(errors)
                self.intercept_ += self.eta * errors.sum()
                self.c_.append((errors ** 2).sum() / 2.0)
            self.cost_.append(np.mean(self.c_))
        return self

    def net_input(self, X):
        return np.dot(X, self.coef_) + self.intercept_

    def predict(self, X):
        return self.net_input(X)

    def score(self, X, y, sample_weight=None):
        from sklearn.metrics import r2_score

        return r2_score(y, self.predict(X), sample_weight=sample_weight)
'''

TWO_LOOPS = '''
import time

import numpy as np


class SlowLinearRegression:
    """Loops, not vectors; the intercept is the first of theta."""

    def __init__(self):
        self.INIT_PARAMETERS = {"zero", "random"}
        self.theta = None

    def fit(self, X, Y, iterations, learning_rate, init_parameters="zero",
            optimizer="stochastic_gradient_descent"):
        if X.shape[0] != Y.shape[0]:
            raise ValueError("X and Y differ in length")
        m, n = X.shape[0], X.shape[1] + 1
        X = np.insert(X, 0, 1.0, axis=1)
        self._init_weights(n, init_parameters)
        if optimizer == "batch_gradient_descent":
            self.batch_gradient_descent(X, Y, m, n, iterations, learning_rate)
        if optimizer == "stochastic_gradient_descent":
            self.batch_gradient_descent(X, Y, m, n, iterations, learning_rate)

    def batch_gradient_descent(self, X, Y, m, n, iterations, learning_rate):
        for iteration in range(iterations):
            J = 0
            grads = [0] * n
            for i in range(m):
                diff = self._hypothesis(X[i]) - Y[i]
                J += 1 / 2 * diff ** 2
                for j in range(n):
                    grads[j] += diff * X[i][j]
            if iteration and iteration % 100 == 0:
                print("Iteration {} - Cost {}".format(iteration, J))
            for j in range(n):
                self.theta[j] = self.theta[j] - learning_rate * grads[j]

    def stochastic_gradient_descent(self, X, Y, m, n, iterations, learning_rate):
        for _ in range(iterations):
            for i in range(m):
                diff = self._hypothesis(X[i]) - Y[i]
                for j in range(n):
                    self.theta[j] = self.theta[j] - learning_rate * diff * X[i][j]

    def _hypothesis(self, x):
        h = 0
        for j in range(len(self.theta)):
            h += x[j] * self.theta[j]
        return h

    def predict(self, x):
        return self._hypothesis(x)

    def _init_weights(self, n, init_parameters="zero"):
        if init_parameters not in self.INIT_PARAMETERS:
            raise ValueError("init_parameters must be one of %s" % self.INIT_PARAMETERS)
        if init_parameters == "zero":
            self.theta = np.zeros((n, 1), dtype=float)
        if init_parameters == "random":
            self.theta = np.random.rand(n, 1)


class LinearRegression:
    """Vectorised, in mini-batches."""

    def __init__(self):
        self.theta = None

    def fit(self, X, Y, iterations, learning_rate, batch_size=512, print_every=100):
        m, n = X.shape[0], X.shape[1] + 1
        X = np.insert(X, 0, 1.0, axis=1)
        Y = np.reshape(Y, (Y.shape[0], 1))
        self.theta = np.zeros((n, 1), dtype=float)
        start = time.time()
        history = []
        for iteration in range(iterations):
            J = 0
            n_batch = m % batch_size
            remainder = m // batch_size
            for b in range(n_batch):
                Xb, Yb = X[b:b + batch_size], Y[b:b + batch_size]
                diff = Xb @ self.theta - Yb
                J += (1 / (2 * batch_size)) * np.dot(diff.T, diff)
                self.theta -= learning_rate * (1 / batch_size) * np.dot(Xb.T, diff)
                history.append(J)
            if remainder != 0:
                Xb, Yb = X[:-remainder], Y[:-remainder]
                diff = Xb @ self.theta - Yb
                self.theta -= learning_rate * (1 / remainder) * np.dot(Xb.T, diff)
            history.append(J)
        return history, time.time() - start

    def predict(self, X):
        return np.insert(X, 0, 1.0, axis=1) @ self.theta
'''

RANDN_START = """
import numpy as np


class LinearRegressionGD:
    def __init__(self, learning_rate=0.01, n_iterations=1000):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.w = None
        self.b = None

    def fit(self, X, y):
        m, n = X.shape
        self.w = np.random.randn(n, 1)
        self.b = np.random.randn()
        y = y.reshape(-1, 1)
        for _ in range(self.n_iterations):
            error = (np.dot(X, self.w) + self.b) - y
            self.w -= self.learning_rate * np.dot(X.T, error) / m
            self.b -= self.learning_rate * np.sum(error) / m

    def predict(self, X):
        return np.dot(X, self.w) + self.b
"""

LOSSES_IN_INIT = """
import numpy as np


class LinearRegression:
    def __init__(self, lr=0.001, iter=1000):
        self.lr = lr
        self.iter = iter
        self.w = None
        self.b = None
        self.losses = []

    def fit(self, x, y):
        samples, features = x.shape
        self.w = np.zeros(features)
        self.b = 0
        for _ in range(self.iter):
            y_pred = np.dot(x, self.w) + self.b
            self.losses.append(np.mean((y_pred - y) ** 2))
            dw = (1 / samples) * np.dot(x.T, (y_pred - y))
            db = (1 / samples) * np.sum(y_pred - y)
            self.w -= self.lr * dw
            self.b -= self.lr * db

    def predict(self, x):
        return np.dot(x, self.w) + self.b
"""

MSE_HISTORY = """
import numpy as np


class LinearRegressionGD:
    def __init__(self, lr=0.01, n_iter=1000):
        self.lr = lr
        self.n_iter = n_iter
        self.weights = None
        self.bias = None
        self.mse_history = []

    def fit(self, X, y):
        n_samples, n_features = X.shape
        self.weights = np.zeros(n_features)
        self.bias = 0
        for _ in range(self.n_iter):
            error = np.dot(X, self.weights) + self.bias - y
            self.weights -= self.lr * (1 / n_samples) * np.dot(X.T, error)
            self.bias -= self.lr * (1 / n_samples) * np.sum(error)
            self.mse_history.append((1 / n_samples) * np.sum(error ** 2))

    def predict(self, X):
        return np.dot(X, self.weights) + self.bias
"""

B_ARRAY = """
import numpy as np


class LinearRegressionGD:
    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def net_input(self, X):
        return np.dot(X, self.w_) + self.b_

    def fit(self, X, y):
        rgen = np.random.RandomState(self.random_state)
        self.w_ = rgen.normal(loc=0.0, scale=0.01, size=X.shape[1])
        self.b_ = np.array([0.0])
        self.losses_ = []
        for _ in range(self.n_iter):
            errors = y - self.net_input(X)
            self.w_ += self.eta * 2.0 * X.T.dot(errors) / X.shape[0]
            self.b_ += self.eta * 2.0 * errors.mean()
            self.losses_.append((errors ** 2).mean())
        return self

    def predict(self, X):
        return self.net_input(X)
"""

BETA_AND_INTERCEPT = """
import numpy as np


class LRGD:
    def __init__(self, eta=0.01, n_iter=50, random_state=42):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state
        self.beta = None
        self.intercept = None
        self.losses = None

    def fit(self, X, y):
        n, p = X.shape
        rgen = np.random.RandomState(self.random_state)
        self.beta = rgen.normal(loc=0.0, scale=0.01, size=p)
        self.intercept = np.array([0.])
        self.losses = []
        for _ in range(self.n_iter):
            dE = y - self.net_input(X)
            self.beta += self.eta * 2.0 * X.T.dot(dE) / n
            self.intercept += self.eta * 2.0 * dE.mean()
            self.losses.append((dE ** 2).mean())
        return self

    def net_input(self, X):
        return np.dot(X, self.beta) + self.intercept

    def predict(self, X):
        return self.net_input(X)

    def evaluate(self, X_val, y_val):
        return ((y_val - self.net_input(X_val)) ** 2).mean()
"""

EMPTY_LOSSES = """
import numpy as np


class LinRegGD():
    def __init__(self, lr=0.01, num_iter=100):
        self.lr = lr
        self.num_iter = num_iter
        self.m = 0
        self.n = 0
        self.W = 0
        self.b = 0
        self.losses = []

    def fit(self, X, Y, save_losses=False):
        self.m, self.n = X.shape
        self.losses = np.empty(self.num_iter)
        self.W = np.zeros([self.n, 1])
        self.b = 0
        for i in range(self.num_iter):
            Y_pred = self.predict(X)
            dW = -(2 / self.m) * (X.T.dot(Y - Y_pred))
            db = -(2 / self.m) * np.sum(Y - Y_pred)
            self.W -= self.lr * dW
            self.b -= self.lr * db
            if save_losses:
                self.losses[i] = self.mse(Y, Y_pred)
        return self

    def predict(self, X):
        return self.b + X.dot(self.W)

    def mse(self, Y_true, Y_pred):
        return (1 / self.m) * np.sum((Y_true - Y_pred) ** 2)
"""

TOL_FROM_ZERO = """
import numpy as np


class LinearRegression:
    def __init__(self, lr=0.001, n_iters=1000):
        self.lr = lr
        self.n_iters = n_iters
        self.weights = None
        self.bias = None

    def fit(self, X, y):
        n_samples, n_features = X.shape
        self.weights = np.zeros(n_features)
        self.bias = 0
        tol = 1e-5
        prev_loss = 0
        for _ in range(self.n_iters):
            y_pred = np.dot(X, self.weights) + self.bias
            dw = (1 / n_samples) * np.dot(X.T, (y_pred - y))
            db = (1 / n_samples) * np.sum(y_pred - y)
            self.weights = self.weights - self.lr * dw
            self.bias = self.bias - self.lr * db
            current_loss = np.mean(np.square(y_pred - y))
            if abs(current_loss - prev_loss) < tol:
                break
            prev_loss = current_loss

    def predict(self, X):
        return np.dot(X, self.weights) + self.bias
"""

ANNEALED = '''
import numpy as np


class ADALINE:
    """Batch training in train(); sgd_train() anneals the rate and walks mini-batches."""

    def __init__(self, learning_rate: float = 0.01, iterations: int = 100, annealing: bool = True,
                 annealing_rate=0.96, random_seed=42) -> None:
        self.eta = learning_rate
        self.epochs = iterations
        self.seed = random_seed
        self.w_initialized = False
        self.b_initialized = False
        self.rgen = np.random.RandomState(self.seed)
        self.annealing = annealing
        self.annealing_rate = annealing_rate

    def initialize_weights(self, dimension: int, reinitialize: bool = False) -> None:
        if reinitialize or not self.w_initialized:
            self.w_ = self.rgen.normal(loc=0.0, scale=0.01, size=dimension)
            self.w_initialized = True
        if reinitialize or not self.b_initialized:
            self.b_ = 0.0
            self.b_initialized = True

    def _shuffle(self, X, y):
        if hasattr(X, "values"):
            X = X.values
        if hasattr(y, "values"):
            y = y.values
        perm = self.rgen.permutation(len(y))
        return X[perm], y[perm]

    def net_input(self, X):
        return np.dot(X, self.w_) + self.b_

    def predict(self, X):
        return np.where(self.net_input(X) >= 0.5, 1, 0)

    def activation(self, x):
        return x

    def _update_weights(self, X, target):
        X = np.atleast_2d(X)
        target = np.atleast_1d(target)
        error = target - self.activation(self.net_input(X))
        self.w_ += self.eta * 2.0 * X.T.dot(error) / X.shape[0]
        self.b_ += self.eta * 2.0 * np.mean(error)
        return np.mean(error ** 2)

    def run_batch_epoch(self, X, y):
        self.losses.append(self._update_weights(X, y))
        return self

    def run_sgd_epoch(self, X, y, batch_size=1):
        X, y = self._shuffle(X, y)
        losses = [
            self._update_weights(X[row:row + batch_size], y[row:row + batch_size])
            for row in range(0, len(y), batch_size)
        ]
        self.losses.append(np.mean(losses))
        return self

    def sgd_train(self, X, y, learning_rate=0.0, iterations=0, batch_size=1):
        self.initialize_weights(X.shape[1])
        self.losses = []
        if iterations:
            self.epochs = iterations
        if learning_rate > 0.0:
            self.eta = learning_rate
        lr = self.eta
        for e in range(self.epochs):
            if self.annealing:
                self.eta *= self.annealing_rate ** e
            self.run_sgd_epoch(X, y, batch_size)
        self.eta = lr
        return self

    def train(self, X, y, learning_rate=0.0, iterations=0):
        self.initialize_weights(X.shape[1])
        self.losses = []
        if iterations:
            self.epochs = iterations
        if learning_rate > 0.0:
            self.eta = learning_rate
        for _ in range(self.epochs):
            self.run_batch_epoch(X, y)
        return self
'''

MSE_APART = {"convention": {"loss": "mse", "bias": "separate"}}

RG = "LinearRegressionGD."
COLUMN_FIRST = f"{RG}returns_self: fit works when y is a column (n, 1), not with y of shape (n,)"
NO_RETURN_FIRST = f"{RG}returns_self: end fit with `return self` (after the epoch loop)."
MINI_REAL = {**REAL, "training": "minibatch", "batch_size": 2}

SECOND_ROUND: dict[str, Case] = {
    "a None check on arrays in predict, the MSE, no return": Case(
        NONE_COMPARED,
        "textbook-2",
        [REAL],
        0,
        f"{RG}returns_self: `self.bias != None` and `self.weights != None`: `==` and `!=` "
        "compare every entry of an array with None",
        spec=MSE_APART,
        bug=True,  # its fit raises on two or more features
        mistakes=frozenset(["none-compared"]),
    ),
    "weights a column, a script at import": Case(
        COLUMN_AND_SCRIPT,
        "textbook-2",
        [REAL],
        0,
        COLUMN_FIRST,
        spec=HALF_MSE_APART,
        bug=True,
        mistakes=frozenset(["y-column"]),
    ),
    "the start and the rate given to fit": Case(
        START_GIVEN_TO_FIT,
        "textbook-2",
        [REAL],
        0,
        f"{RG}returns_self: fit(X, y) must train from X and y alone: start the weights inside fit",
        spec=HALF_MSE_APART,
        bug=True,  # fit(X, y, w_init, b_init, alpha, n_iter): nothing to call it with
        mistakes=frozenset(["fit-requires-arguments"]),
    ),
    "typing.Self, the history made in __init__": Case(
        SELF_TYPED,
        "textbook-2",
        ["AdalineGD"],
        9,
        "note: AdalineGD: read `w` as the weights (bias first) and `cost` as the cost per epoch.",
    ),
    "seed() in __init__, normal weights from the global state": Case(
        GLOBAL_SEED_NORMAL, "textbook-2", [SGD], 11, "-"
    ),
    "3rd edition SGD, partial_fit only in a comment": Case(
        SGD3_NO_PARTIAL,
        "textbook-3",
        [SGD],
        10,
        "AdalineSGD.partial_fit: AdalineSGD.partial_fit is not done yet",
        bug=True,
    ),
    "no defaults, the data kept on self, update_weights()": Case(
        DATA_ON_SELF,
        "textbook-2",
        [REAL],
        7,
        NO_RETURN_FIRST,
        spec=MSE_APART,
        bug=True,
        mistakes=frozenset(["fit-no-return-self", "no-cost-history"]),
    ),
    "fit and predict indented into __init__": Case(
        INDENTED_INTO_INIT,
        "textbook-2",
        [REAL],
        0,
        f"{RG}returns_self: move `def fit` out of __init__, one level to the left.",
        spec=HALF_MSE_APART,
        bug=True,
        mistakes=frozenset(["method-nested"]),
    ),
    "lr and epochs, -2 / n written out": Case(
        MINUS_TWO_OVER_N,
        "textbook-2",
        [REAL],
        7,
        NO_RETURN_FIRST,
        spec=MSE_APART,
        bug=True,
        mistakes=frozenset(["fit-no-return-self", "no-cost-history"]),
    ),
    # no shuffle parameter: only the checks that follow the epochs in order lose for it
    "mini-batches drawn by random.sample": Case(
        SAMPLED_BATCHES,
        "textbook-2",
        [MINI_REAL],
        5,
        NO_RETURN_FIRST,
        spec=MSE_APART,
        bug=True,
        mistakes=frozenset(
            [
                "fit-no-return-self",
                "hyperparameter-unmapped",
                "no-shuffle-parameter",
                "not-deterministic",
            ]
        ),
    ),
    "rate, epochs and batches given to fit, an unseeded start, a summed gradient": Case(
        SUMMED_GRADIENT,
        "textbook-2",
        [REAL],
        0,
        f"{RG}returns_self: MiniBatch.fit(",  # ... sklearn is not installed where it is graded
        spec=MSE_APART,
        bug=True,
    ),
    "mini-batches from an unseeded permutation, coef_ and intercept_ as views": Case(
        MINIBATCH_VIEWS,
        "textbook-2",
        [MINI_REAL],
        6,
        f"{RG}cost_history: LinearRegressionMB(...) has no 'shuffle' parameter",
        spec={"convention": {"bias": "separate"}},
        bug=True,
        mistakes=frozenset(
            ["hyperparameter-unmapped", "no-shuffle-parameter", "not-deterministic"]
        ),
    ),
    "two learners, loops, the hyperparameters given to fit": Case(
        TWO_LOOPS,
        "textbook-2",
        [REAL],
        0,
        f"{RG}returns_self: your adaline.py has no class named 'LinearRegressionGD', and several "
        "classes could be it (SlowLinearRegression, LinearRegression)",
        bug=True,
        mistakes=frozenset(["class-unmapped"]),
    ),
    # its unseeded start costs the deterministic check only: its epochs are right
    "an unseeded randn start, a column of weights": Case(
        RANDN_START,
        "textbook-2",
        [REAL],
        5,
        NO_RETURN_FIRST,
        spec=HALF_MSE_APART,
        bug=True,  # no return, no history, an unseeded start, predictions as a column
        mistakes=frozenset(["fit-no-return-self", "no-cost-history", "not-deterministic"]),
    ),
    "losses made in __init__, an MSE history next to a half-MSE update": Case(
        LOSSES_IN_INIT,
        "textbook-2",
        [REAL],
        7,
        NO_RETURN_FIRST,
        spec=HALF_MSE_APART,
        bug=True,
        mistakes=frozenset(["convention:mse", "fit-no-return-self"]),
    ),
    "mse_history next to a half-MSE update": Case(
        MSE_HISTORY,
        "textbook-2",
        [REAL],
        7,
        NO_RETURN_FIRST,
        spec=HALF_MSE_APART,
        bug=True,
        mistakes=frozenset(["convention:mse", "fit-no-return-self"]),
    ),
    "b_ an array (3rd edition regression)": Case(B_ARRAY, "textbook-3", [REAL], 9, "-"),
    "beta and intercept, random_state=42": Case(
        BETA_AND_INTERCEPT,
        "textbook-3",
        [REAL],
        9,
        "note: read class `LRGD` as LinearRegressionGD.",
    ),
    "losses in np.empty, W a column": Case(
        EMPTY_LOSSES,
        "textbook-2",
        [REAL],
        0,
        COLUMN_FIRST,
        spec=MSE_APART,
        bug=True,
        mistakes=frozenset(["y-column"]),
    ),
    "a hard-coded tolerance from a previous loss of 0": Case(
        TOL_FROM_ZERO,
        "textbook-2",
        [REAL],
        6,
        NO_RETURN_FIRST,
        spec=HALF_MSE_APART,
        bug=True,  # ... and a `break` when the loss changes by less than 1e-5
        mistakes=frozenset(["early-stop", "fit-no-return-self", "no-cost-history"]),
    ),
    "train() next to an annealing sgd_train()": Case(
        ANNEALED, "textbook-3", ["AdalineGD"], 9, "note: read class `ADALINE` as AdalineGD."
    ),
}
CASES.update(SECOND_ROUND)


# -- a check set held out from the fixes above: graded as found, then judged ---------------

RETURN_IN_LOOP_NP1 = """
import numpy as np


class AdalineGD:
    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, X, Y):
        rgen = np.random.RandomState(self.random_state)
        self.w_ = rgen.normal(loc=0.0, scale=0.01, size=X.shape[1])
        self.b_ = np.float_(0.)
        self.losses_ = []
        for i in range(self.n_iter):
            errors = Y - self.activation(self.net_input(X))
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
"""

NAMES_CHANGED_MIDWAY = """
import numpy as np


class LinearRegressionGD:
    def __init__(self, lr=0.01, epochs=1000):
        self.lr = lr
        self.epochs = epochs

    def fit(self, X, y):
        n, d = X.shape
        self.w = np.zeros(d)
        self.b = 0.0
        for epoch in range(self.epochs):
            error = X @ self.w + self.b - y
            dw = (2 / n) * (X.T @ error)
            db = (2 / n) * np.sum(error)
            self.weights -= self.lr * dw
            self.bias -= self.lr * db
        return self

    def predict(self, X):
        return X @ self.weights + self.bias
"""

RANDN_THETA_COST_AFTER = """
import numpy as np


class LinearRegression1:
    def __init__(self, learning_rate=0.01, n_iterations=1000):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.theta = None
        self.cost_history = []

    def fit(self, X, y):
        m, n = X.shape
        print(f"m: {m}, n: {n}")
        self.theta = np.random.randn(n + 1, 1)
        X_b = np.c_[np.ones((m, 1)), X]
        y = y.reshape(-1, 1)
        for _ in range(self.n_iterations):
            gradients = (2 / m) * X_b.T @ (X_b @ self.theta - y)
            self.theta -= self.learning_rate * gradients
            y_pred = X_b @ self.theta
            self.cost_history.append(np.mean((y - y_pred) ** 2))

    def predict(self, X):
        return np.c_[np.ones((X.shape[0], 1)), X] @ self.theta

    def mse(self, y_true, y_pred):
        return np.mean((y_true - y_pred) ** 2)
"""

METHODS_AFTER_RETURN = '''
import numpy as np


class Adaline(object):
    """Widrow-Hoff; the helpers ended up inside fit, after its return."""

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

        print("Hello")
'''

WEIGHTS_AND_BIAS_ = """
import numpy as np


class Adaline:
    def __init__(self, eta=0.01, n_iter=10, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, X, y):
        rand_gen = np.random.RandomState(self.random_state)
        self.weights_ = rand_gen.normal(loc=0.0, scale=0.01, size=X.shape[1])
        self.bias_ = np.float64(0.0)
        self.losses_ = []
        n = X.shape[0]
        for _ in range(self.n_iter):
            errors = y - self.activation(self.net_input(X))
            self.weights_ -= self.eta * -(2.0 / n) * X.T.dot(errors)
            self.bias_ -= self.eta * -(2.0 / n) * errors.sum()
            self.losses_.append((errors ** 2).mean())
        return self

    def predict(self, X):
        return np.where(self.activation(self.net_input(X)) >= 0.5, 1, 0)

    def activation(self, X):
        return X

    def net_input(self, X):
        return np.dot(X, self.weights_) + self.bias_
"""

TEMPLATE_UNFILLED = """
class Adaline:
    def __init__(self, learning_rate, epochs, mse_threshold, bias=True):
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.mse_threshold = mse_threshold
        self.bias = bias
        self.weights = None

    def train(self, X, Y):
        print()
        # WRITE HERE YOUR CODE

    def predict(self, X):
        print()
        # write here YOUR CODE
"""

AG = "AdalineGD."

HELD_OUT: dict[str, Case] = {
    "np.float_ and `return self` inside the epoch loop": Case(
        RETURN_IN_LOOP_NP1,
        "textbook-3",
        ["AdalineGD"],
        0,
        f"{AG}returns_self: NumPy 2 removed np.float_: write np.float64 instead.",
        bug=True,
        mistakes=frozenset(["numpy-2-alias"]),
    ),
    "w and b set, weights and bias updated": Case(
        NAMES_CHANGED_MIDWAY,
        "textbook-2",
        [REAL],
        0,
        f"{RG}returns_self: LinearRegressionGD.fit(1x1 array, 1 array) failed: AttributeError: "
        "'LinearRegressionGD' object has no attribute 'weights'",
        spec=MSE_APART,
        bug=True,
    ),
    # unseeded: it loses the deterministic check, and its epochs are judged all the same
    "an unseeded theta column, the MSE recorded after the update": Case(
        RANDN_THETA_COST_AFTER,
        "textbook-2",
        [REAL],
        5,
        NO_RETURN_FIRST,
        spec={"convention": {"loss": "mse"}},
        bug=True,  # no return, the cost after the update, an unseeded start, column predictions
        mistakes=frozenset(["cost-after-update", "fit-no-return-self", "not-deterministic"]),
    ),
    "net_input, activation and predict after fit's return": Case(
        METHODS_AFTER_RETURN,
        "textbook-2",
        ["AdalineGD"],
        0,
        f"{AG}returns_self: move `def activation` out of fit, one level to the left.",
        bug=True,
        mistakes=frozenset(["method-nested"]),
    ),
    "weights_, bias_ and losses_ (3rd edition)": Case(
        WEIGHTS_AND_BIAS_,
        "textbook-3",
        ["AdalineGD"],
        9,
        "note: read class `Adaline` as AdalineGD.",
    ),
    "a course template left unfilled": Case(
        TEMPLATE_UNFILLED,
        "textbook-2",
        ["AdalineGD"],
        0,
        f"{AG}returns_self: AdalineGD is not done yet",
        bug=True,
    ),
}
CASES.update(HELD_OUT)

# -- one cause, one check: a start drawn afresh at every fit costs `deterministic` only ----
UNSEEDED: dict[str, Case] = {
    "the textbook's batch Adaline with an unseeded start": Case(
        GD2.replace(
            "rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1])",
            "np.random.randn(1 + X.shape[1])",
        ),
        "textbook-2",
        ["AdalineGD"],
        8,
        f"{AG}deterministic: draw the initial weights (and the shuffles) from "
        "np.random.RandomState(self.random_state)",
        bug=True,
        mistakes=frozenset(["not-deterministic"]),
    ),
    "an unseeded start and a frozen bias": Case(
        edit(
            GD2,
            (
                "rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1])",
                "np.random.default_rng().uniform(-1, 1, 1 + X.shape[1])",
            ),
            ("            self.w_[0] += self.eta * errors.sum()\n", ""),
        ),
        "textbook-2",
        ["AdalineGD"],
        6,  # the bias never learns: one_more_epoch still names it, whatever the start
        f"{AG}one_more_epoch: the bias never changes",
        bug=True,
        mistakes=frozenset(["frozen-bias", "not-deterministic"]),
    ),
}
CASES.update(UNSEEDED)


# -- a third round: more code found in public repositories, re-typed ---------------------
# Each source comment names where the code was found; the code is re-written here with its
# names, shapes, scripts and mistakes kept: a bias under another name, training functions and
# scripts where a class is asked, misspelled names, numpy imported without `np`, a library
# class refusing one-class targets, tabs, annotations.

# TheAlgorithms/Python machine_learning/linear_regression_GD.py: the textbook regression with
# annotated attributes, `class X():` and a __main__ demo.
ANNOTATED_LINREG = '''
import numpy as np


class LinearRegressionGD():
    """Ordinary least squares fitted by batch gradient descent."""

    def __init__(self, eta=0.001, n_iter=20) -> None:
        self.eta: float = eta
        self.n_iter: int = n_iter

    def net_input(self, X):
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def fit(self, X, y):
        self.w_ = np.zeros(1 + X.shape[1])
        self.cost_ = []
        for i in range(self.n_iter):
            output = self.net_input(X)
            errors = (y - output)
            self.w_[1:] += self.eta * X.T.dot(errors)
            self.w_[0] += self.eta * errors.sum()
            cost = (errors**2).sum() / 2.0
            self.cost_.append(cost)
        return self

    def predict(self, X):
        return self.net_input(X)


if __name__ == '__main__':
    LR = LinearRegressionGD()
    LR.fit(np.array([[1.0], [2.0], [3.0]]), np.array([1.0, 2.0, 3.0]))
    print(LR.w_)
'''

# Prathamesh-Palatshaha/Machine-Learning-Custom-Models LinearRegressionModel.py: no defaults
# (iterations first), the data kept on self, the update in gradient_descent(), and the bias
# kept in an attribute named `cost`; fit returns nothing.
BIAS_NAMED_COST = """
import numpy as np


class LinearRegression():
    def __init__(self, iteration, learning_rate):
        self.iteration = iteration
        self.learning_rate = learning_rate

    def fit(self, X, Y):
        self.rows, self.features = X.shape
        self.weight = np.zeros(self.features)
        self.cost = 0
        self.X = X
        self.Y = Y
        for i in range(self.iteration):
            self.gradient_descent()

    def gradient_descent(self):
        y_predict = self.predict(self.X)
        del_weight = -(2 * (self.X.T).dot(self.Y - y_predict)) / self.rows
        del_cost = -2 * np.sum(self.Y - y_predict) / self.rows
        self.weight = self.weight - self.learning_rate * del_weight
        self.cost = self.cost - self.learning_rate * del_cost

    def predict(self, X):
        return X.dot(self.weight) + self.cost
"""

# smurfedGitHubIO/ML-Python source-codes/AdalineSGD.py: learning_rate and iteration taken, but
# fit calls _initial_weights (the method is _initialize_weights) and the update reads self.eta.
SGD_MISNAMED_INIT = """
import numpy as np


class AdalineSGD:
    def __init__(self, learning_rate=0.01, iteration=50, shuffle=True, random_state=1):
        self.learning_rate = learning_rate
        self.iteration = iteration
        self.w_initialized = False
        self.shuffle = shuffle
        self.random_state = random_state

    def fit(self, X, y):
        self._initial_weights(X.shape[1])
        self.losses_ = []
        for i in range(self.iteration):
            if self.shuffle:
                X, y = self._shuffle(X, y)
            losses = []
            for xi, target in zip(X, y):
                losses.append(self._update_weights(xi, target))
            self.losses_.append(np.mean(losses))
        return self

    def partial_fit(self, X, y):
        if not self.w_initialized:
            self._initialize_weights(X, y)
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
        self.w_ = self.rgen.normal(loc=0.0, scale=0.01, size=m)
        self.b_ = np.float64(0.)
        self.w_initialized = True

    def _update_weights(self, xi, target):
        output = self.activation(self.net_input(xi))
        error = target - output
        self.w_ += self.eta * 2.0 * xi * error
        self.b_ += self.eta * 2.0 * error
        return error ** 2

    def net_input(self, X):
        return np.dot(X, self.w_) + self.b_

    def activation(self, X):
        return X

    def predict(self, X):
        return np.where(self.activation(self.net_input(X)) >= 0.5, 1, 0)
"""

# A per-sample Adaline (AdalineAlgo): a column of ones put in front of X inside fit, one
# weight vector, np.random.seed(1) at every fit, rand() weights, cost_ made in __init__ (so a
# second fit appends to the first's history), predict pads X itself and thresholds with `>`.
ONES_IN_FIT_SGD = """
import numpy as np


class AdalineAlgo:
    def __init__(self, rate=0.01, niter=15, shuffle=True):
        self.learning_rate = rate
        self.niter = niter
        self.shuffle = shuffle
        self.weight = []
        self.cost_ = []

    def fit(self, X, y):
        row = X.shape[0]
        col = X.shape[1]
        X_bias = np.ones((row, col + 1))
        X_bias[:, 1:] = X
        X = X_bias
        np.random.seed(1)
        self.weight = np.random.rand(col + 1)
        for _ in range(self.niter):
            if self.shuffle:
                X, y = self._shuffle(X, y)
            cost = []
            for xi, target in zip(X, y):
                cost.append(self._update_weights(xi, target))
            avg_cost = sum(cost) / len(y)
            self.cost_.append(avg_cost)
        return self

    def _update_weights(self, xi, target):
        output = self.net_input(xi)
        error = target - output
        # x[0] is 1, so weight[0], the bias, moves by learning_rate * error
        self.weight += self.learning_rate * xi.dot(error)
        return 0.5 * (error ** 2)

    def _shuffle(self, X, y):
        per = np.random.permutation(len(y))
        return X[per], y[per]

    def net_input(self, X):
        return X @ self.weight

    def activation(self, X):
        return self.net_input(X)

    def predict(self, X):
        if type(X) is list:
            X = np.array(X)
        if len(X.T) != len(self.weight):
            X_bias = np.ones((X.shape[0], X.shape[1] + 1))
            X_bias[:, 1:] = X
            X = X_bias
        return np.where(self.activation(X) > 0.0, 1, -1)

    def score(self, X, y):
        wrong = abs((self.predict(X) - y) / 2).sum()
        self.score_ = (len(X) - wrong) / len(X)
        return self.score_
"""

# mlxtend (2015) Adaline: epochs, random_state seeding the global state in __init__, one
# class for both rules through learning='sgd' (the default) or 'gd', labels checked to be
# exactly -1 and 1, weights drawn in [0, 1), an optional init_weights argument to fit.
MLXTEND_ADALINE = '''
import numpy as np


class Adaline(object):
    """ADAptive LInear NEuron classifier, by gradient descent (gd) or per sample (sgd)."""

    def __init__(self, eta=0.01, epochs=50, random_state=1, learning='sgd'):
        np.random.seed(random_state)
        self.eta = eta
        self.epochs = epochs
        if not learning in ('gd', 'sgd'):
            raise ValueError('learning must be gd or sgd')
        self.learning = learning

    def fit(self, X, y, init_weights=None):
        if not len(X.shape) == 2:
            raise ValueError('X must be a 2D array. Try X[:,np.newaxis]')
        if not (np.unique(y) == np.array([-1, 1])).all():
            raise ValueError('Supports only binary class labels -1 and 1')
        if not isinstance(init_weights, np.ndarray):
            self.w_ = np.random.random(1 + X.shape[1])
        else:
            self.w_ = init_weights
        self.cost_ = []
        for i in range(self.epochs):
            if self.learning == 'gd':
                y_val = self.net_input(X)
                errors = (y - y_val)
                self.w_[1:] += self.eta * X.T.dot(errors)
                self.w_[0] += self.eta * errors.sum()
                cost = (errors**2).sum() / 2.0
            elif self.learning == 'sgd':
                cost = 0.0
                for xi, yi in zip(X, y):
                    yi_val = self.net_input(xi)
                    error = (yi - yi_val)
                    self.w_[1:] += self.eta * xi.dot(error)
                    self.w_[0] += self.eta * error
                    cost += error**2 / 2.0
            self.cost_.append(cost)
        return self

    def net_input(self, X):
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def activation(self, X):
        return self.net_input(X)

    def predict(self, X):
        return np.where(self.activation(X) >= 0.0, 1, -1)
'''

# shpatrickguo/side-projects ml-from-scratch/linear_regression.py: the training method typed
# `fix`, the epochs stored as self.iters and read as self.n_iters, predict(sef, X) with no
# return.
FIX_FOR_FIT = """
import numpy as np


class LinearRegression:
    def __init__(self, lr=0.001, n_iters=1000):
        self.lr = lr
        self.iters = n_iters
        self.weights = None
        self.bias = None

    def fix(self, X, y):
        n_samples, n_features = X.shape
        self.weights = np.zeros(n_features)
        self.bias = 0
        for _ in range(self.n_iters):
            y_predicted = np.dot(X, self.weights) + self.bias
            dw = (1 / n_samples) * np.dot(X.T, (y_predicted - y))
            db = (1 / n_samples) * np.sum(y_predicted - y)
            self.weights -= self.lr * dw
            self.bias -= self.lr * db

    def predict(sef, X):
        y_predicted = np.dot(X, self.weights) + self.bias
"""

# priyanshgoantiya/ML-From-Scratch-Without-Sklearn Mini_batch_gradient_descent_regressor.py:
# `import numpy` but `np.` everywhere; the batch size first and without a default; batches
# drawn with replacement; an unseeded randn start.
NUMPY_NOT_NP = """
import numpy


class stochastic_gradient_descent_regressor:
    def __init__(self, batch_size, learning_rate=0.01, epochs=100):
        self.coef_ = None
        self.intercept_ = None
        self.lr = learning_rate
        self.iteration = epochs
        self.batch_size = batch_size

    def fit(self, X_train, y_train):
        n_samples, n_features = X_train.shape
        self.coef_ = np.random.randn(n_features)
        self.intercept_ = np.random.randn()
        n_batches = max(n_samples // self.batch_size, 1)
        for i in range(self.iteration):
            for j in range(n_batches):
                indices = np.random.choice(n_samples, self.batch_size, replace=True)
                X_batch = X_train[indices]
                y_batch = y_train[indices]
                y_hat = np.dot(X_batch, self.coef_) + self.intercept_
                slope_intercept = (-2) * np.mean(y_batch - y_hat)
                self.intercept_ = self.intercept_ - (self.lr * slope_intercept)
                slope_coef = (-2 / self.batch_size) * np.dot((y_batch - y_hat), X_batch)
                self.coef_ = self.coef_ - (self.lr * slope_coef)

    def predict(self, X_test):
        return np.dot(X_test, self.coef_) + self.intercept_

    def r2_score(self, y_test, y_pred):
        ssr = np.sum((y_test - y_pred) ** 2)
        ssm = np.sum((y_test - np.mean(y_test)) ** 2)
        return 1 - (ssr / ssm)
"""

# tracy030115/ECS171-Income-Prediction minibatch.py: nothing given to __init__, the rate, the
# epochs and the batch size given to fit; batches drawn with replacement; no bias; and the
# gradient vector summed into one number (`sum(gradient)`), so every weight moves alike.
SUMMED_INTO_ONE = """
import numpy as np
from sklearn.metrics import mean_squared_error


class MiniBatch:
    def __init__(self):
        self.theta = None

    def fit(self, X, y, lr=0.01, epochs=20, batch_size=None, verbose=True):
        self.theta = np.random.randn(X.shape[1])
        m = X.shape[0]
        loss_history = []
        for epoch in range(epochs):
            num_batches = m // batch_size if batch_size else 1
            for batch in range(num_batches):
                if batch_size:
                    indices = np.random.choice(m, batch_size)
                    X_batch = X[indices]
                    y_batch = y[indices]
                else:
                    X_batch = X
                    y_batch = y
                y_pred = X_batch.dot(self.theta)
                error = y_pred - y_batch
                gradient = 2 * X_batch.T.dot(error)
                avg_gradient = sum(gradient) / X_batch.shape[0]
                self.theta -= lr * avg_gradient
            mse = mean_squared_error(y, X.dot(self.theta))
            loss_history.append(mse)
        return loss_history

    def predict(self, X):
        return X.dot(self.theta)
"""

# shivamgutgutia/MLibrary algorithms/sgd_regression.py: one update per sample in the data's
# own order (no shuffling at all), the weights started at ones, the gradient of the squared
# error with its 2, no return.
IN_ORDER_SGD = """
import numpy as np


class SGDRegressor:
    def __init__(self, learning_rate=0.01, epochs=100):
        self.coeff = None
        self.intercept = None
        self.lr = learning_rate
        self.epochs = epochs

    def fit(self, xtrain, ytrain):
        self.intercept = 0
        self.coeff = np.ones(xtrain.shape[1])
        for _ in range(self.epochs):
            for i in range(xtrain.shape[0]):
                ypred = np.dot(xtrain[i], self.coeff) + self.intercept
                intercept_der = -2 * (ytrain[i] - ypred)
                self.intercept -= self.lr * intercept_der
                coeff_der = -2 * np.dot(ytrain[i] - ypred, xtrain[i])
                self.coeff -= self.lr * coeff_der

    def predict(self, xtest):
        return np.dot(xtest, self.coeff) + self.intercept
"""

# mehedithedev/Language-Model CodeLabs/Gradiant_Descent.py: a function, not a class; X carries
# its column of ones, theta is given, the cost (SSE / 2m) recorded after each update.
FUNCTION_WITH_THETA = """
import numpy as np


def gradient_descent(X, y, theta, alpha, num_iterations):
    m = len(y)
    cost_history = []
    for i in range(num_iterations):
        predictions = np.dot(X, theta)
        error = predictions - y
        gradient = np.dot(X.T, error) / m
        theta -= alpha * gradient
        cost = np.sum(error ** 2) / (2 * m)
        cost_history.append(cost)
    return theta, cost_history


np.random.seed(1)
X = 2 * np.random.rand(100, 1)
y = 4 + 3 * X[:, 0] + np.random.randn(100)
X_b = np.c_[np.ones((100, 1)), X]
theta, costs = gradient_descent(X_b, y, np.zeros(2), 0.1, 1000)
print(theta)
"""

# An exercise's two functions (cost_function, gradient_descent) where the cost is taken
# after the update and m is the script's global.
FUNCTIONS_GLOBAL_M = """
import numpy as np


def cost_function(X, y, theta):
    m = len(y)
    return np.sum((X.dot(theta) - y) ** 2) / (2 * m)


def gradient_descent(X, y, theta, alpha, iterations):
    cost_history = [0] * iterations
    for iteration in range(iterations):
        hypothesis = X.dot(theta)
        loss = hypothesis - y
        gradient = X.T.dot(loss) / m
        theta = theta - alpha * gradient
        cost_history[iteration] = cost_function(X, y, theta)
    return theta, cost_history


data = np.loadtxt('ex1data1.txt', delimiter=',')
m = len(data)
X = np.c_[np.ones(m), data[:, 0]]
theta, history = gradient_descent(X, data[:, 1], np.zeros(2), 0.01, 1500)
"""

# BG1346/python_ml_perfect_guide: fit(x, y, lr, n_iter) a function; the start seeded with
# np.random.seed(2020) in initialize(); N the notebook's global; returns the cost, w and b
# of every iteration.
FIT_FUNCTION = """
import numpy as np


def initialize():
    np.random.seed(2020)
    w = np.random.rand(1)
    b = 0
    return w, b


def cost0(w, b):
    N = y.shape[0]
    return np.sum((w * x + b - y) ** 2) / (2 * N)


cost = np.vectorize(cost0)

N = 100
np.random.seed(2020)
x = np.random.rand(N, 1)
y = 2 + 3 * x + np.random.rand(N, 1) * 0.5


def fit(x, y, lr=0.01, n_iter=1000):
    w, b = initialize()
    cost_ = []
    w_ = []
    b_ = []
    for _ in range(n_iter):
        error = w * x + b - y
        dw = (np.dot(x.T, error) / N).reshape(w.shape)
        db = sum(error) / N
        w = w - lr * dw
        b = b - lr * db
        cost_.append(cost(w, b))
        w_.append(w)
        b_.append(b)
    return cost_, w_, b_
"""

# luvemt/ML project1/Adaline.py: the textbook's batch Adaline indented with tabs, the
# first lines of __init__ with spaces and tabs mixed (Python reads them alike).
TABS = (
    "import numpy as np\n"
    "class Adaline(object):\n"
    "\tdef __init__(self, eta = 0.01, n_iter = 10, random_state =1):\n"
    "       \t\tself.eta = eta\n"
    "        \tself.n_iter = n_iter\n"
    "        \tself.random_state = random_state\n"
    "\t\t\n"
    "\tdef fit(self, X,y):\n"
    "\t\trgen = np.random.RandomState(self.random_state)\n"
    "\t\tself.w_ = rgen.normal(loc =0.0, scale =0.01, size = 1+X.shape[1])\n"
    "\t\tself.cost_ =[]\n"
    "\t\tfor i in range(self.n_iter):\n"
    "\t\t\toutput = np.dot(X, self.w_[1:]) + self.w_[0]\n"
    "\t\t\terrors = (y - output)\n"
    "\t\t\tself.w_[1:] += self.eta * X.T.dot(errors)\n"
    "\t\t\tself.w_[0] += self.eta * errors.sum()\n"
    "\t\t\tcost = (errors ** 2).sum() /2.0\n"
    "\t\t\tself.cost_.append(cost)\n"
    "\t\treturn self\n"
    "\n\n"
    "\tdef predict(self, X):\n"
    "\t\tz = np.dot(X, self.w_[1:]) + self.w_[0]\n"
    "\t\treturn np.where(z >= 0.0, 1, -1)\n"
)

# kishan-ved's blog "Linear Regression with Gradient Descent from Scratch": three functions
# over one feature with loops (cost_func, derivative_func, grad_desc), the cost after the
# update, and a demo at import.
LOOPED_FUNCTIONS = """
import numpy as np


def cost_func(x, y, w, b):
    cost = 0
    n = y.shape[0]
    for i in range(n):
        f = w * x[i] + b
        cost += (f - y[i]) ** 2
    return cost / (2 * n)


def derivative_func(x, y, w, b):
    dw = 0
    db = 0
    n = y.shape[0]
    for i in range(n):
        f = w * x[i] + b
        dw += (f - y[i]) * x[i]
        db += (f - y[i])
    return dw / n, db / n


def grad_desc(x, y, w, b, a, n, derivative_func, cost_func):
    cost_arr = []
    for i in range(n):
        dw, db = derivative_func(x, y, w, b)
        w = w - a * dw
        b = b - a * db
        cost = cost_func(x, y, w, b)
        cost_arr.append(cost)
        if i % 100 == 0 or i == n - 1:
            print("iteration:", i + 1, "w:", w, "b:", b, "cost:", cost)
    return w, b, cost, cost_arr


x_train = np.array([3, 5])
y_train = np.array([30, 50])
w, b, cost, cost_arr = grad_desc(x_train, y_train, 1, 1, 0.01, 10000, derivative_func, cost_func)
"""

# Géron's "Hands-on Machine Learning", chapter 4, as his readers type it (broilo/Summaries
# Hands-on_ML/chap4/lin_reg-sgd.py): a script, no class and no function; one sample drawn
# with replacement per step, the rate from a schedule t0 / (t + t1).
SCHEDULE_SCRIPT = """
import numpy as np

np.random.seed(42)

X = 2 * np.random.rand(100, 1)
y = 4 + 3 * X + np.random.randn(100, 1)
X_b = np.c_[np.ones((100, 1)), X]

n_epochs = 50
t0, t1 = 5, 50
m = 100


def learning_schedule(t):
    return t0 / (t + t1)


theta = np.random.randn(2, 1)

for epoch in range(n_epochs):
    for i in range(m):
        random_index = np.random.randint(m)
        xi = X_b[random_index:random_index + 1]
        yi = y[random_index:random_index + 1]
        gradients = 2 * xi.T.dot(xi.dot(theta) - yi)
        eta = learning_schedule(epoch * m + i)
        theta = theta - eta * gradients

theta
"""


SGD_REAL = {"name": "LinearRegressionSGD", "labels": "real", "training": "sgd"}
SSE_APART = {"convention": {"loss": "sse", "bias": "separate"}}
OUTSIDE = f"{RG}returns_self: you train in "

THIRD_ROUND: dict[str, Case] = {
    "annotated attributes, `class X():` and a __main__ demo": Case(
        ANNOTATED_LINREG, "textbook-2", [REAL], 9, "-"
    ),
    "the bias kept in `cost`, no defaults, the data on self, no return": Case(
        BIAS_NAMED_COST,
        "textbook-2",
        [REAL],
        7,  # no `return self`, no history: the weights and the bias are read all the same
        NO_RETURN_FIRST,
        spec=MSE_APART,
        bug=True,
        mistakes=frozenset(["fit-no-return-self", "no-cost-history"]),
    ),
    "_initial_weights called, _initialize_weights defined": Case(
        SGD_MISNAMED_INIT,
        "textbook-3",
        [SGD],
        0,
        "AdalineSGD.returns_self: AdalineSGD has no method `_initial_weights`: did you mean "
        "`self._initialize_weights`?",
        bug=True,
        mistakes=frozenset(["misspelled-name"]),
    ),
    "a column of ones in fit, seed(1) at every fit, no partial_fit": Case(
        ONES_IN_FIT_SGD,
        "textbook-2",
        [SGD],
        10,
        "AdalineSGD.partial_fit: AdalineAlgo.partial_fit is not done yet",
        bug=True,
    ),
    "mlxtend's Adaline: gd or sgd in one class, labels checked": Case(
        MLXTEND_ADALINE,
        "textbook-2",
        ["AdalineGD"],
        0,
        f"{AG}returns_self: fit refuses targets of a single class",
        bug=True,
        mistakes=frozenset(["one-class-refused"]),
    ),
    "`fix` for fit, iters stored and n_iters read": Case(
        FIX_FOR_FIT,
        "textbook-2",
        [REAL],
        0,
        f"{RG}returns_self: `self.n_iters` is read but never set on LinearRegression: it is "
        "set as `self.iters`",
        spec=HALF_MSE_APART,
        bug=True,
        mistakes=frozenset(["misspelled-name"]),
    ),
    "import numpy, then np.": Case(
        NUMPY_NOT_NP,
        "textbook-2",
        [MINI_REAL],
        0,
        f"{RG}returns_self: adaline.py imports numpy as `numpy`: write `import numpy as np`.",
        spec=MSE_APART,
        bug=True,
        mistakes=frozenset(["misspelled-name", "no-shuffle-parameter", "hyperparameter-unmapped"]),
    ),
    "sklearn's mean_squared_error in fit, the gradient summed into one number": Case(
        SUMMED_INTO_ONE,
        "textbook-2",
        [MINI_REAL],
        0,  # fit needs scikit-learn, not installed where it is graded
        f"{RG}returns_self: MiniBatch.fit(1x1 array, 1 array, lr=0.5, epochs=2, batch_size=2) "
        "failed: StandInError: sklearn is not installed where your code is graded",
        spec=MSE_APART,
        bug=True,
        mistakes=frozenset(["no-shuffle-parameter", "hyperparameter-unmapped"]),
    ),
    "per sample in the data's order, weights from ones, no history, no return": Case(
        IN_ORDER_SGD,
        "textbook-2",
        [SGD_REAL],
        7,  # no return, no history, no shuffling, no partial_fit; the rule itself is right
        "LinearRegressionSGD.returns_self: end fit with `return self`",
        spec=SSE_APART,
        bug=True,
        mistakes=frozenset(["fit-no-return-self", "no-cost-history", "hyperparameter-unmapped"]),
    ),
    "gradient_descent(X, y, theta, alpha, num_iterations), a function": Case(
        FUNCTION_WITH_THETA,
        "textbook-2",
        [REAL],
        0,
        f"{OUTSIDE}a function, `gradient_descent(X, y, theta, alpha, num_iterations)` (line 5)",
        spec=HALF_MSE_APART,
        bug=True,
        mistakes=frozenset(["training-outside-class"]),
    ),
    "functions next to a script reading a missing data file": Case(
        FUNCTIONS_GLOBAL_M,
        "textbook-2",
        [REAL],
        0,
        f"{OUTSIDE}a function, `gradient_descent(X, y, theta, alpha, iterations)` (line 10)",
        spec=HALF_MSE_APART,
        bug=True,
        mistakes=frozenset(["training-outside-class"]),
    ),
    "fit(x, y, lr, n_iter), a function": Case(
        FIT_FUNCTION,
        "textbook-2",
        [REAL],
        0,
        f"{OUTSIDE}a function, `fit(x, y, lr, n_iter)`",
        spec=HALF_MSE_APART,
        bug=True,
        mistakes=frozenset(["training-outside-class"]),
    ),
    "tabs and spaces mixed": Case(
        TABS, "textbook-2", ["AdalineGD"], 9, "note: read class `Adaline` as AdalineGD."
    ),
    "cost, derivative and descent functions with loops": Case(
        LOOPED_FUNCTIONS,
        "textbook-2",
        [REAL],
        0,
        f"{OUTSIDE}a function, `grad_desc(x, y, w, b, a, n, derivative_func, cost_func)`",
        spec=HALF_MSE_APART,
        bug=True,
        mistakes=frozenset(["training-outside-class"]),
    ),
    "a script: one sample drawn per step, a learning schedule": Case(
        SCHEDULE_SCRIPT,
        "textbook-2",
        [SGD_REAL],
        0,
        "LinearRegressionSGD.returns_self: you train in code at the top of the file, run once "
        "as it is imported (line 21)",
        spec=SSE_APART,
        bug=True,
        mistakes=frozenset(["training-outside-class"]),
    ),
}
CASES.update(THIRD_ROUND)


# -- the third round's held-out part: graded only once the fixes above were done ----------
# (its first measurement, before these cases were written down, is the held-out result in
# the round's report: every score right, the cause named for six of the eight).

# A "from scratch" mini-batch regression (LinearRegression(learning_rate, epochs, batch_size=1)):
# a column of ones and a theta column (p + 1, 1) from an unseeded randn, batches from an
# unseeded permutation, loss_history made in __init__, y kept 1-D so `X_b @ theta - y` is an
# (n, n) table (the history is wrong, and batches of 2 or more break the update); no return.
THETA_COLUMN_BATCHES = """
import numpy as np


class LinearRegression:
  def __init__(self, learning_rate=1e-3, epochs=1000, batch_size=1):
    self.learning_rate = learning_rate
    self.epochs = epochs
    self.batch_size = batch_size
    self.theta = None
    self.loss_history = []

  def fit(self, X, y):
    n, p = X.shape
    X_b = np.c_[np.ones((n, 1)), X]
    self.theta = np.random.randn(p + 1, 1)
    for epoch in range(self.epochs):
      indices = np.random.permutation(n)
      X_b_shuffled = X_b[indices]
      y_shuffled = y[indices]
      for i in range(0, n, self.batch_size):
        X_batch = X_b_shuffled[i: i + self.batch_size]
        y_batch = y_shuffled[i: i + self.batch_size]
        gradients = (2 / self.batch_size) * X_batch.T @ (X_batch @ self.theta - y_batch)
        self.theta = self.theta - self.learning_rate * gradients
      mse = np.mean((X_b @ self.theta - y) ** 2)
      self.loss_history.append(mse)

  def predict(self, X):
    n = X.shape[0]
    X_b = np.c_[np.ones((n, 1)), X]
    return X_b @ self.theta
"""

# ratnesh134/Python-DSA sgd.py: per-sample updates at indices drawn with replacement
# (np.random.randint), unseeded; the weights started at ones; the 2 of the squared error;
# prints the result; no return.
DRAWN_WITH_REPLACEMENT = """
import numpy as np


class SGDRegressor:

    def __init__(self, learning_rate=0.1, epochs=100):
        self.coef_ = None
        self.intercept_ = None
        self.lr = learning_rate
        self.epochs = epochs

    def fit(self, X_train, y_train):
        self.intercept_ = 0
        self.coef_ = np.ones(X_train.shape[1])
        for i in range(self.epochs):
            for j in range(X_train.shape[0]):
                idx = np.random.randint(0, X_train.shape[0])
                y_hat = np.dot(X_train[idx], self.coef_) + self.intercept_
                intercept_der = -2 * (y_train[idx] - y_hat)
                self.intercept_ = self.intercept_ - (self.lr * intercept_der)
                coeff_der = -2 * np.dot((y_train[idx] - y_hat), X_train[idx])
                self.coef_ = self.coef_ - (self.lr * coeff_der)
        print(self.intercept_)
        print(self.coef_)

    def predict(self, X_test):
        return np.dot(X_test, self.coef_) + self.intercept_
"""

# mlxtend's later Adaline: random_seed, shuffle=False, learning='sgd', zero_init_weight; labels
# 0/1 or -1/1 read from the data (threshold 0.5 or 0), np.random.ranf weights, the global
# state seeded in __init__, the predictions the data's own labels.
MLXTEND_LATER = """
import numpy as np


class Adaline(object):
    def __init__(self, eta=0.01, epochs=50, learning='sgd',
                 random_seed=None, shuffle=False, zero_init_weight=False):
        np.random.seed(random_seed)
        self.eta = eta
        self.epochs = epochs
        self.shuffle = shuffle
        if learning not in ('gd', 'sgd'):
            raise ValueError('learning must be gd or sgd')
        self.learning = learning
        self.zero_init_weight = zero_init_weight

    def fit(self, X, y, init_weights=True):
        if not len(X.shape) == 2:
            raise ValueError('X must be a 2D array. Try X[:,np.newaxis]')
        self.classes_ = np.unique(y)
        if not len(self.classes_) == 2 \\
                or not self.classes_[0] in (-1, 0) \\
                or not self.classes_[1] == 1:
            raise ValueError('Only supports binary class labels {0, 1} or {-1, 1}.')
        if self.classes_[0] == -1:
            self.thres_ = 0.0
        else:
            self.thres_ = 0.5
        if not isinstance(init_weights, np.ndarray):
            if self.zero_init_weight:
                self.w_ = np.zeros(1 + X.shape[1])
            else:
                self.w_ = np.random.ranf(1 + X.shape[1])
        else:
            self.w_ = init_weights
        self.w_.astype('int64')
        self.cost_ = []
        for _ in range(self.epochs):
            if self.shuffle:
                X, y = self._shuffle(X, y)
            if self.learning == 'gd':
                y_val = self.net_input(X)
                errors = (y - y_val)
                self.w_[1:] += self.eta * X.T.dot(errors)
                self.w_[0] += self.eta * errors.sum()
                cost = (errors**2).sum() / 2.0
            elif self.learning == 'sgd':
                cost = 0.0
                for xi, yi in zip(X, y):
                    yi_val = self.net_input(xi)
                    error = (yi - yi_val)
                    self.w_[1:] += self.eta * xi.dot(error)
                    self.w_[0] += self.eta * error
                    cost += error**2 / 2.0
            self.cost_.append(cost)
        return self

    def _shuffle(self, X, y):
        r = np.random.permutation(len(y))
        return X[r], y[r]

    def net_input(self, X):
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def activation(self, X):
        return self.net_input(X)

    def predict(self, X):
        return np.where(self.net_input(X) >= self.thres_, self.classes_[1], self.classes_[0])
"""

# manuelandersen/tinylearn linear_model/linear_regression.py: `np.random(num_features)` (the
# module called) into a misspelled `self.weigths`, 1/n gradients, returns self.
MODULE_CALLED = """
import numpy as np
import matplotlib.pyplot as plt


class LinearRegression():
    def __init__(self,
                 lr: int = 0.01,
                 n_iters = 1000) -> None:
        self.lr = lr
        self.n_iters = n_iters
        self.weights = None
        self.bias = None

    def fit(self, X, y):
        num_samples, num_features = X.shape
        self.weigths = np.random(num_features)
        self.bias = 0
        for i in range(self.n_iters):
            y_pred = np.dot(X, self.weights) + self.bias
            dw = (1 / num_samples) * np.dot(X.T, y_pred - y)
            db = (1 / num_samples) * np.sum(y_pred - y)
            self.weights = self.weights - self.lr * dw
            self.bias = self.bias - self.lr * db
        return self

    def predict(self, X):
        return np.dot(X, self.weights) + self.bias
"""

# The Stack Overflow answer's gradientDescent(x, y, theta, alpha, m, numIterations): a
# function, X with its ones, the cost printed each iteration, only theta returned.
SO_FUNCTION = """
import random

import numpy as np


def gradientDescent(x, y, theta, alpha, m, numIterations):
    xTrans = x.transpose()
    for i in range(0, numIterations):
        hypothesis = np.dot(x, theta)
        loss = hypothesis - y
        cost = np.sum(loss ** 2) / (2 * m)
        print("Iteration %d | Cost: %f" % (i, cost))
        gradient = np.dot(xTrans, loss) / m
        theta = theta - alpha * gradient
    return theta


def genData(numPoints, bias, variance):
    x = np.zeros(shape=(numPoints, 2))
    y = np.zeros(shape=numPoints)
    for i in range(0, numPoints):
        x[i][0] = 1
        x[i][1] = i
        y[i] = (i + bias) + random.uniform(0, 1) * variance
    return x, y
"""

# A dataclass(slots=True) LinearRegression: epochs and learning_rate fields, weight a float
# (one feature only): `self.weight * X + self.bias`, the gradients averaged over every entry
# of X; fit returns None.
ONE_FEATURE_DATACLASS = """
from dataclasses import dataclass, field
from typing import Any

from numpy.typing import NDArray


@dataclass(slots=True)
class LinearRegression:
    epochs: int = 10_000
    learning_rate: float = 4e-3
    weight: float = field(default=0.0, init=False)
    bias: float = field(default=0.0, init=False)

    @property
    def formula(self) -> str:
        return f"{self.weight:.2f}x{self.bias:+.2f}"

    def fit(self, X: NDArray[Any], y: NDArray[Any]) -> None:
        for _ in range(self.epochs):
            y_pred = self.predict(X)
            dw, db = self.compute_gradients(X, y, y_pred)
            self.update_parameters(dw, db)

    def predict(self, X: NDArray[Any]) -> NDArray[Any]:
        return self.weight * X + self.bias

    def errors(self, X: NDArray[Any], y: NDArray[Any]) -> NDArray[Any]:
        return self.predict(X) - y

    def update_parameters(self, dw: float, db: float) -> None:
        self.weight -= self.learning_rate * dw
        self.bias -= self.learning_rate * db

    @staticmethod
    def compute_gradients(
        X: NDArray[Any], y: NDArray[Any], y_pred: NDArray[Any]
    ) -> tuple[float, float]:
        dl = y_pred - y
        dw = (dl * X).mean()
        db = dl.mean()
        return dw, db
"""

# Talendar's Adaline(input_size): the weights made in the constructor from the input size,
# fit(data, epochs, learning_rate) over (x, y) pairs, and the error taken from the
# thresholded classify() (the perceptron's rule under Adaline's name).
INPUT_SIZE_PERCEPTRON = '''
import numpy as np


class Adaline:
    """The Adaptive Linear Element."""

    def __init__(self, input_size):
        self._weights = np.random.uniform(low=-1, high=1, size=input_size)
        self._bias = np.random.uniform(low=-1, high=1)

    def classify(self, x):
        z = np.inner(self._weights, x) + self._bias
        return 1 if z > 0 else -1

    def fit(self, data, epochs, learning_rate):
        for e in range(epochs):
            print("Epoch %d/%d..." % (e + 1, epochs), end="")
            hits = 0
            for sample in data:
                x, y = sample
                error = y - self.classify(x)
                self._weights = self._weights + learning_rate * error * x
                self._bias = self._bias + learning_rate * error
                hits += int(error == 0)
            print(" accuracy: %.2f" % (hits / len(data)))
'''

# Seth Weidman's "Deep Learning from Scratch" LinearRegressor: n_iter counts batches, not
# epochs; weights in a dict of columns (W, B) from the global state seeded in fit; y must be
# a column (asserted); the gradient of the batch's squared error summed (no mean), the loss
# its mean; fit returns self (or the losses when asked).
DLFS_REGRESSOR = '''
from typing import Dict, List, Optional, Tuple, Union

import numpy as np

Batch = Tuple[np.ndarray, np.ndarray]


class LinearRegressor:
    """Manual linear regression."""

    def __init__(self, learning_rate: float = 0.01, batch_size: Optional[int] = 100,
                 n_iter: int = 1000, return_losses: bool = False,
                 return_weights: bool = False, seed: int = 1):
        self._eta = learning_rate
        self._batch_size = batch_size
        self._n_iter = n_iter
        self._return_losses = return_losses
        self._return_weights = return_weights
        self._seed = seed
        self._forward_info: Dict[str, np.ndarray] = {}
        self._loss_gradients: Dict[str, np.ndarray] = {}
        self._weights: Dict[str, np.ndarray] = {}
        self.loss: Optional[float] = None

    @staticmethod
    def _permute_data(X, y):
        perm = np.random.permutation(X.shape[0])
        return X[perm], y[perm]

    def _make_batch(self, X, y, start=0) -> Batch:
        assert X.ndim == y.ndim == 2
        if not self._batch_size:
            self._batch_size = X.shape[0]
        return X[start:start + self._batch_size], y[start:start + self._batch_size]

    def _initialize_weights(self, n_weights):
        self._weights["W"] = np.random.randn(n_weights, 1)
        self._weights["B"] = np.random.randn(1, 1)
        return self

    def _get_forward_loss(self, x_batch, y_batch) -> float:
        N = np.dot(x_batch, self._weights["W"])
        P = N + self._weights["B"]
        self.loss = float(np.mean(np.power(y_batch - P, 2)))
        self._forward_info.update(X=x_batch, N=N, P=P, y=y_batch)
        return self.loss

    def _get_loss_gradients(self):
        dL_dP = -2 * (self._forward_info["y"] - self._forward_info["P"])
        dL_dW = np.dot(self._forward_info["X"].T, dL_dP)
        dL_dB = (dL_dP * np.ones_like(self._weights["B"])).sum(axis=0)
        self._loss_gradients["W"] = dL_dW
        self._loss_gradients["B"] = dL_dB
        return self

    def fit(
        self, X, y
    ) -> Union[Tuple[List[float], Dict[str, np.ndarray]], List[float], "LinearRegressor"]:
        if self._seed:
            np.random.seed(self._seed)
        start = 0
        self._initialize_weights(X.shape[1])
        X, y = self._permute_data(X, y)
        losses = []
        for i in range(self._n_iter):
            if start >= X.shape[0]:
                X, y = self._permute_data(X, y)
                start = 0
            x_batch, y_batch = self._make_batch(X, y, start)
            start += self._batch_size
            self.loss = self._get_forward_loss(x_batch, y_batch)
            if self._return_losses:
                losses.append(self.loss)
            self._get_loss_gradients()
            for param in self._weights:
                self._weights[param] -= self._eta * self._loss_gradients[param]
        if self._return_weights:
            return losses, self._weights
        if self._return_losses:
            return losses
        return self

    def predict(self, X):
        return np.dot(X, self._weights["W"]) + self._weights["B"]
'''


HELD_OUT_3: dict[str, Case] = {
    "a theta column from an unseeded randn, y kept 1-d, mini-batches": Case(
        THETA_COLUMN_BATCHES,
        "textbook-2",
        [MINI_REAL],
        0,
        f"{RG}returns_self: fit works when y is a column (n, 1), not with y of shape (n,)",
        spec=MSE_APART,
        bug=True,
        mistakes=frozenset(["y-column", "no-shuffle-parameter", "hyperparameter-unmapped"]),
    ),
    "samples drawn with replacement, unseeded, no return": Case(
        DRAWN_WITH_REPLACEMENT,
        "textbook-2",
        [SGD_REAL],
        5,  # no return, no history, no shuffling, no partial_fit, unseeded, not a pass per epoch
        "LinearRegressionSGD.returns_self: end fit with `return self`",
        spec=SSE_APART,
        bug=True,
        mistakes=frozenset(
            [
                "fit-no-return-self",
                "no-cost-history",
                "not-deterministic",
                "hyperparameter-unmapped",
            ]
        ),
    ),
    "mlxtend's later Adaline: labels read from the data, np.random.ranf": Case(
        MLXTEND_LATER,
        "textbook-2",
        [SGD],
        0,
        "AdalineSGD.returns_self: fit refuses targets of a single class",
        bug=True,
        mistakes=frozenset(["one-class-refused"]),
    ),
    "np.random called as a function, the weights misspelled": Case(
        MODULE_CALLED,
        "textbook-2",
        [REAL],
        0,
        f"{RG}returns_self: LinearRegression.fit(1x1 array, 1 array) failed: TypeError: "
        "'module' object is not callable (adaline.py, line 17, in fit)",
        spec=HALF_MSE_APART,
        bug=True,
    ),
    "gradientDescent(x, y, theta, alpha, m, numIterations), a function": Case(
        SO_FUNCTION,
        "textbook-2",
        [REAL],
        0,
        f"{OUTSIDE}a function, `gradientDescent(x, y, theta, alpha, m, numIterations)` (line 7)",
        spec=HALF_MSE_APART,
        bug=True,
        mistakes=frozenset(["training-outside-class"]),
    ),
    "a slots dataclass for one feature": Case(
        ONE_FEATURE_DATACLASS,
        "textbook-2",
        [REAL],
        0,
        f"{RG}returns_self: fit works with one feature (X of shape (n, 1)) but fails with 4",
        spec=HALF_MSE_APART,
        bug=True,
        mistakes=frozenset(["one-feature-only"]),
    ),
    "Adaline(input_size), fit(data, epochs, learning_rate), a perceptron's error": Case(
        INPUT_SIZE_PERCEPTRON,
        "textbook-2",
        [SGD],
        0,
        "AdalineSGD.returns_self: fit(X, y) must train from X and y alone",
        bug=True,
        mistakes=frozenset(["fit-requires-arguments", "hyperparameter-unmapped"]),
    ),
    "weights in a dict of columns, y asserted 2-d, n_iter counting batches": Case(
        DLFS_REGRESSOR,
        "textbook-2",
        [{**REAL, "training": "minibatch", "batch_size": 2}],
        0,
        f"{RG}returns_self: fit works when y is a column (n, 1), not with y of shape (n,)",
        spec=SSE_APART,
        bug=True,
        mistakes=frozenset(["y-column", "no-shuffle-parameter", "hyperparameter-unmapped"]),
    ),
}
CASES.update(HELD_OUT_3)
