"""Reading a class by meaning from its source (ast, never run) and from what a fit leaves."""

from __future__ import annotations

import pytest

from gdgrade.grading.checks.reading import (
    choose_layout,
    class_candidates,
    infer_hyperparameters,
    read_methods,
    roles_for,
    stopping_overrides,
)
from gdgrade.grading.checks.source import NO_DEFAULT, read_source

TEMPLATE = """
import numpy as np

class Learner:
    def __init__(self, {params}):
{body}

    def fit(self, X, y):
        rgen = np.random.RandomState(self.{seed})
        self.w_ = rgen.normal(0.0, 0.01, 1 + X.shape[1])
        for _ in range(self.{loop}):
            errors = y - X @ self.w_[1:] - self.w_[0]
            self.w_[1:] += self.{rate} * X.T @ errors
        if self.{tol} > 0:
            pass
        return self

    def predict(self, X):
        return X
"""


def _learner(names: dict[str, str], defaults: dict[str, str]) -> list:
    params = ", ".join(f"{n}={defaults[n]}" if n in defaults else n for n in names.values())
    body = "\n".join(f"        self.{n} = {n}" for n in names.values())
    module, error = read_source(TEMPLATE.format(params=params, body=body, **names))
    assert error is None
    return module.classes["Learner"].parameters


@pytest.mark.parametrize(
    ("names", "defaults", "expected"),
    [
        (  # names the alias list does not know, told by their use
            {"rate": "learn_rate", "loop": "number_of_iterations", "seed": "rs", "tol": "tol"},
            {"learn_rate": "0.01", "number_of_iterations": "50", "rs": "1", "tol": "1e-6"},
            {"eta": "learn_rate", "n_iter": "number_of_iterations", "random_state": "rs"},
        ),
        (  # no defaults at all: the uses decide
            {"rate": "a", "loop": "b", "seed": "c", "tol": "d"},
            {},
            {"eta": "a", "n_iter": "b", "random_state": "c"},
        ),
        (  # a name that says "rate" but bounds the loop is the number of epochs
            {"rate": "step", "loop": "rate_of_passes", "seed": "seed", "tol": "tol"},
            {"step": "0.1", "rate_of_passes": "10", "seed": "None", "tol": "0.5"},
            {"eta": "step", "n_iter": "rate_of_passes", "random_state": "seed"},
        ),
    ],
)
def test_hyperparameters_by_use_name_and_default(names, defaults, expected):
    parameters = _learner(names, defaults)
    wanted = ["eta", "n_iter", "random_state", "shuffle", "batch_size"]
    assert infer_hyperparameters(parameters, wanted, set()) == expected


def test_no_guess_when_two_parameters_fit_equally():
    source = """
class Learner:
    def __init__(self, alpha=0.1, beta=0.2):
        self.alpha, self.beta = alpha, beta
    def fit(self, X, y):
        return self
"""
    module, _ = read_source(source)
    parameters = module.classes["Learner"].parameters
    assert [p.name for p in parameters] == ["alpha", "beta"]
    assert infer_hyperparameters(parameters, ["eta"], set()) == {"eta": "alpha"}  # by name
    renamed = source.replace("alpha", "p").replace("beta", "q")
    module, _ = read_source(renamed)
    assert infer_hyperparameters(module.classes["Learner"].parameters, ["eta"], set()) == {}


def test_the_source_tells_methods_nested_methods_bases_and_definitions():
    source = """
import numpy as np
from sklearn.base import BaseEstimator

class Base:
    def predict(self, X):
        return X

class Model(Base, BaseEstimator):
    def __init__(self, eta, *, epochs=5):
        self.eta = eta
    def fit(self, X, y):
        return self

        def net_input(self, X):
            return X

if __name__ == "__main__":
    class Demo:
        pass
"""
    module, error = read_source(source)
    assert error is None
    model = module.classes["Model"]
    assert model.has("fit") and model.has("predict") and not model.has("net_input")
    assert model.nested == {"net_input": ("fit", 15)}
    assert [(p.name, p.default) for p in model.parameters] == [("eta", NO_DEFAULT), ("epochs", 5)]
    assert model.bases == ["Base", "BaseEstimator"]
    assert "Demo" not in module.classes and module.defined["Model"] == 9
    assert read_source("def f(:\n  pass\n")[1] == (
        "SyntaxError: invalid syntax (adaline.py, line 1)"
    )


def test_the_class_is_the_one_with_fit_and_predict():
    source = """
class Perceptron:
    def fit(self, X, y): return self
    def predict(self, X): return X

class Adaline:
    def fit(self, X, y): return self
    def predict(self, X): return X

class Plotter:
    def plot(self): pass
"""
    classes = read_source(source)[0].classes
    assert class_candidates("AdalineGD", classes, set(), "batch")[0] == "Adaline"
    assert class_candidates("adalinegd", {"AdalineGD": classes["Adaline"]}, set(), "batch")[0] == (
        "AdalineGD"
    )
    chosen, candidates = class_candidates("LinearRegressionGD", classes, set(), "batch")
    assert chosen is None and candidates == ["Perceptron", "Adaline"]
    assert class_candidates("AdalineGD", classes, {"Adaline"}, "batch")[0] == "Perceptron"


def test_a_class_that_trains_but_cannot_predict_is_still_read():
    """No class has both fit and predict: the one class that trains is the learner (its
    missing predict costs the predict checks only); two such classes are not guessed."""
    source = """
import numpy as np

class LinearRegression:
    def __init__(self, epochs=100, lr=0.1):
        self._epochs, self._lr = epochs, lr

    def fit(self, X, y, verbose=False):
        self._weights = np.ones(X.shape[1] + 1)
        for _ in range(self._epochs):
            self._weights -= self._lr * X.T @ (X @ self._weights - y)

    def get_coef(self):
        return self._weights

class Plotter:
    def plot(self, history):
        return history
"""
    classes = read_source(source)[0].classes
    assert class_candidates("LinearRegressionGD", classes, set(), "batch") == (
        "LinearRegression",
        ["LinearRegression"],
    )
    twice = read_source(source + source.replace("class LinearRegression:", "class Other:"))
    assert class_candidates("LinearRegressionGD", twice[0].classes, set(), "batch") == (None, [])


def test_the_roles_follow_the_training():
    """A batch learner is not asked for shuffling or a batch size, so a boolean switch of
    its fit (``grad_descent=True``) is not read as shuffling."""
    assert roles_for("batch") == ["eta", "n_iter", "random_state"]
    assert roles_for("sgd") == ["eta", "n_iter", "random_state", "shuffle"]
    assert roles_for("minibatch")[-2:] == ["shuffle", "batch_size"]
    source = """
class Learner:
    def fit(self, X, y, grad_descent=True):
        if grad_descent:
            return self
"""
    parameters = read_source(source)[0].classes["Learner"].functions["fit"].parameters[2:]
    assert infer_hyperparameters(parameters, ["shuffle"], set()) == {"shuffle": "grad_descent"}
    assert infer_hyperparameters(parameters, roles_for("batch"), set()) == {}


def test_a_stopping_tolerance_is_turned_off():
    """A tolerance compared in the code is set to 0 and an early-stopping switch to False;
    a tolerance off by default, or a small constant never compared, is left alone."""
    source = """
import numpy as np

class Learner:
    def __init__(self, lr=0.01, tol=1e-4, eps=1e-8, epsilon=None, early_stop=True, verbose=True):
        self.lr, self.tol, self.eps = lr, tol, eps
        self.epsilon, self.early_stop, self.verbose = epsilon, early_stop, verbose

    def fit(self, X, y):
        previous = np.inf
        while True:
            loss = np.sum(y ** 2) / (len(y) + self.eps)
            if self.epsilon is not None and previous - loss < self.epsilon:
                break
            if self.early_stop and abs(previous - loss) < self.tol:
                break
            previous = loss
        return self
"""
    parameters = read_source(source)[0].classes["Learner"].parameters
    assert stopping_overrides(parameters) == {"tol": 0.0, "early_stop": False}


M = 2  # features of the fit described below


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        (
            {"w_": ("array", [3]), "cost_": ("list", 4)},
            ("w_", None, ("cost_",)),
        ),
        (
            {"weights": ("array", [3]), "costs": ("list", 4), "errors_": ("list", 4)},
            ("weights", None, ("costs",)),
        ),
        (
            {"coef_": ("array", [2]), "intercept_": ("number",), "loss_history": ("list", 4)},
            ("coef_", "intercept_", ("loss_history",)),
        ),
        (
            {"theta": ("array", [3, 1]), "mean_": ("array", [2]), "avgcost_": ("list", 4)},
            ("theta", None, ("avgcost_",)),
        ),
        (  # a history of the wrong length is not one number per epoch
            {"w_": ("array", [3]), "cost_": ("list", 50)},
            ("w_", None, ("cost_",)),
        ),
        (  # two arrays that could be the weights: no guess
            {"wa": ("array", [3]), "wb": ("array", [3])},
            None,
        ),
    ],
)
def test_weights_and_history_from_what_a_fit_leaves(attributes, expected):
    described = {}
    for name, (kind, *rest) in attributes.items():
        if kind == "array":
            described[name] = {"kind": "array", "shape": rest[0], "dtype": "float64"}
        elif kind == "list":
            described[name] = {"kind": "list", "length": rest[0], "numbers": True}
        else:
            described[name] = {"kind": "number"}
    layout, _ = choose_layout(described, M, 4, ("cost_",))
    if expected is None:
        assert layout is None
        return
    assert (layout.weights, layout.bias, layout.history) == expected


def _described(attributes: dict) -> dict:
    out = {}
    for name, (kind, *rest) in attributes.items():
        if kind == "array":
            out[name] = {"kind": "array", "shape": rest[0], "dtype": "float64"}
        elif kind == "list":
            out[name] = {"kind": "list", "length": rest[0], "numbers": True}
        elif kind == "dict":
            out[name] = {"kind": "dict", "entries": _described(rest[0])}
        else:
            out[name] = {"kind": "number"}
    return out


@pytest.mark.parametrize(
    ("bias_place", "expected"),
    [("w0", ("theta", None)), ("separate", ("coef_", "intercept_"))],
)
def test_weights_kept_twice_are_read_in_the_assignments_layout(bias_place, expected):
    """theta (bias first) and coef_ with intercept_ hold the same weights: the
    assignment's convention says which one is read, instead of no guess at all."""
    described = _described(
        {"theta": ("array", [3, 1]), "coef_": ("array", [2]), "intercept_": ("number",)}
    )
    layout, _ = choose_layout(described, M, 4, ("cost_",), bias_place=bias_place)
    assert (layout.weights, layout.bias) == expected


def test_a_history_kept_in_a_dict_is_read_by_its_entry():
    """history_["cost"] next to history_["mse"] and history_["w"] (one weight vector per
    epoch): the cost's entry by its name when nothing else tells; ``pick`` decides when
    it is given."""
    described = _described(
        {
            "w_": ("array", [3]),
            "history_": (
                "dict",
                {"cost": ("list", 4), "mse": ("list", 4), "epoch": ("list", 4)},
            ),
        }
    )
    layout, found = choose_layout(described, M, 4, ("cost_",))
    assert found == 'history_["cost"]' and layout.history == ('history_["cost"]',)
    seen = []

    def pick(names, weights, bias):
        seen.append((sorted(names), weights, bias))
        return 'history_["mse"]'

    layout, found = choose_layout(described, M, 4, ("cost_",), pick)
    assert found == 'history_["mse"]'
    assert seen == [(['history_["cost"]', 'history_["epoch"]', 'history_["mse"]'], "w_", None)]


_TRAINER = """
class Learner:
    def __init__(self, eta=0.01, n_iter=10):
        self.eta, self.n_iter = eta, n_iter

    def net_input(self, X):
        return np.dot(X, self.w_[1:]) + self.w_[0]
{methods}
"""

_GD = """
    def {name}(self, X, y):
        self.w_ = np.zeros(1 + X.shape[1])
        for _ in range(self.n_iter):
            errors = y - self.net_input(X)
            self.w_[1:] += self.eta * X.T.dot(errors)
        return self
"""

_SGD = """
    def {name}(self, X, y):
        self.w_ = np.zeros(1 + X.shape[1])
        for _ in range(self.n_iter):
            for xi, target in zip(X, y):
                self.w_[1:] += self.eta * xi * (target - self.net_input(xi))
        return self
"""

_LABELS = """
    def {name}(self, X):
        return np.where(self.net_input(X) >= 0.0, 1, -1)
"""

_HELPER = """
    def {name}(self, X, y):
        self.w_ = np.zeros(1 + X.shape[1])
        self._epochs(X, y)
        return self

    def _epochs(self, X, y):
        for _ in range(self.n_iter):
            self.w_[1:] += self.eta * X.T.dot(y - self.net_input(X))
"""


@pytest.mark.parametrize(
    ("methods", "training", "expected"),
    [
        (  # the textbook's names: nothing read
            [(_GD, "fit"), (_LABELS, "predict")],
            "batch",
            {"fit": ("fit", ()), "predict": ("predict", ())},
        ),
        (
            [(_GD, "train"), (_LABELS, "classify")],
            "batch",
            {"fit": ("train", ()), "predict": ("classify", ())},
        ),
        (  # the same name in other case
            [(_GD, "Fit"), (_LABELS, "Predict")],
            "batch",
            {"fit": ("Fit", ()), "predict": ("Predict", ())},
        ),
        (  # the entry point, not the helper it calls, whatever its language
            [(_HELPER, "treinar"), (_LABELS, "prever")],
            "batch",
            {"fit": ("treinar", ()), "predict": ("prever", ())},
        ),
        (  # the one that fits the class's training
            [(_GD, "fit_gd"), (_SGD, "fit_sgd"), (_LABELS, "predict")],
            "batch",
            {"fit": ("fit_gd", ()), "predict": ("predict", ())},
        ),
        (
            [(_GD, "fit_gd"), (_SGD, "fit_sgd"), (_LABELS, "predict")],
            "sgd",
            {"fit": ("fit_sgd", ()), "predict": ("predict", ())},
        ),
        (  # two that train alike: no guess, both named
            [(_GD, "train"), (_GD, "learn"), (_LABELS, "predict")],
            "batch",
            {"fit": (None, ("train", "learn")), "predict": ("predict", ())},
        ),
    ],
)
def test_methods_read_by_what_they_do(methods, training, expected):
    source = _TRAINER.format(methods="".join(t.format(name=n) for t, n in methods))
    info = read_source(source)[0].classes["Learner"]
    read = read_methods(info, training)
    seen = {role: (c.name, c.candidates if c.name is None else ()) for role, c in read.items()}
    assert seen == expected


def test_a_bias_under_another_name_is_the_number_the_net_input_adds():
    """``X.dot(self.weight) + self.cost``: no attribute is named like a bias, so the one
    number the net input adds to its dot product is the bias, whatever its name; without
    the source's word no bias (and so no layout) is guessed."""
    source, _ = read_source(
        "class L:\n    def predict(self, X):\n        return X.dot(self.weight) + self.cost\n"
    )
    offsets = tuple(source.classes["L"].functions["predict"].offsets)
    assert offsets == ("cost",)
    described = _described({"weight": ("array", [2]), "cost": ("number",), "rows": ("number",)})
    layout, _ = choose_layout(described, M, 4, ("cost_",), offsets=offsets)
    assert (layout.weights, layout.bias) == ("weight", "cost")
    assert choose_layout(described, M, 4, ("cost_",))[0] is None


def test_training_outside_a_class_is_found_in_functions_and_scripts():
    """A function whose loop is bounded by one parameter and whose step is scaled by another
    trains; a helper without a loop does not; a script's top-level loop that updates a name
    is noted by its line, a loop under ``__main__`` is not."""
    source, _ = read_source(
        "import numpy\n"
        "import numpy as np\n"
        "from sklearn.metrics import mean_squared_error as mse\n"
        "def cost(X, y, theta):\n"
        "    return ((X @ theta - y) ** 2).sum() / 2\n"
        "def gradient_descent(X, y, theta, alpha, iters):\n"
        "    for _ in range(iters):\n"
        "        theta = theta - alpha * X.T @ (X @ theta - y)\n"
        "    return theta\n"
        "for epoch in range(3):\n"
        "    theta = 0.5 * epoch\n"
        "if __name__ == '__main__':\n"
        "    for i in range(2):\n"
        "        theta = i\n"
    )
    assert list(source.trainers) == ["gradient_descent"]
    assert source.loops == [10]
    assert source.imports == {
        "numpy": "numpy",
        "np": "numpy",
        "mse": "sklearn.metrics.mean_squared_error",
    }


def test_weights_kept_in_a_dict_are_read_by_their_keys():
    """``self._weights = {"W": ..., "B": ...}`` next to the gradients kept alike: the
    weights and the bias are the entries named so, never the gradients'."""
    described = _described(
        {
            "_weights": ("dict", {"W": ("array", [2, 1]), "B": ("array", [1, 1])}),
            "_loss_gradients": ("dict", {"W": ("array", [2, 1]), "B": ("array", [1])}),
            "loss": ("number",),
        }
    )
    layout, _ = choose_layout(described, M, 4, ("cost_",))
    assert (layout.weights, layout.bias) == ('_weights["W"]', '_weights["B"]')
