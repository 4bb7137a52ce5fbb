"""Write the nbgrader source notebooks of the bundled assignments from their specs.

Run ``python assignments/make_notebooks.py`` after changing an assignment's
rubric or the texts below: it writes ``assignments/<name>/<name>.ipynb`` (the
instructor's source, with solutions and hidden tests) and
``student_template/adaline.ipynb`` (the student's version of ``adaline-gd``).
The test cells are built from each ``assignment.toml``, so the notebook and the
spec list the same checks with the same points (``tests/assignments`` checks it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from gdgrade.grading.source_notebook import build_source_notebook, student_version
from gdgrade.grading.spec import load_spec

__all__ = ["ASSIGNMENTS", "main", "notebook_for", "template_notebook"]

HERE = Path(__file__).resolve().parent

NOTATION = """\
**Notation.** `X` has shape (n, m) (n samples, m features, no column of ones), `y` has
shape (n,), and the functions take one weight vector `w` of shape (m + 1,) whose `w[0]`
is the bias. The net input of sample i is $z^{(i)} = w_0 + \\sum_{j=1}^{m} w_j x_j^{(i)}$
and the activation is the identity, $\\phi(z) = z$.

Run the test cells below each part to check your work; they print what is wrong on
the smallest dataset that shows it. More checks (hidden) run when your notebook is graded.
"""

DERIVATION_INTRO = """\
## Part 1: derive the gradient

Answer in the code cell below with **strings in sympy syntax** (they are read, never run),
over this notation: `x[i, j]` (feature j of sample i, `x[i, 0] = 1`), `y[i]`, `w[j]`,
`z[i]` (the net input of sample i), `phi(...)`, `eta`, sums `Sum(expr, (i, 1, n))`,
derivatives `Derivative(expr, w[j])`, and `Rational(1, 2)` for exactly 1/2.
LaTeX in the textbook's notation is accepted too.

Worked example (not the answer): for $K(w) = \\sum_i y^{(i)} z^{(i)}$,
`"Sum(y[i]*x[i, j], (i, 1, n))"` is $\\partial K / \\partial w_j$, reached by the steps
`["Derivative(Sum(y[i]*z[i], (i, 1, n)), w[j])", "Sum(y[i]*Derivative(z[i], w[j]), (i, 1, n))",
"Sum(y[i]*x[i, j], (i, 1, n))"]`.

Set three names:

- `gradient_answer`: $\\partial J / \\partial w_j$, the gradient of the cost;
- `update_answer`: $\\Delta w_j$, the change of $w_j$ in one step of batch gradient descent;
- `steps_answer`: your derivation, a list of expressions each equal to the one before, from
  `"Derivative(<the cost>, w[j])"` (the cost written out) to your gradient, with at least one
  step of work in between.
"""

CODE_INTRO = """\
## Part 2: implement batch gradient descent

Fill in every function and method below. Return numpy arrays (or lists), and do not
modify the arrays you are given. Do not import gdgrade, scikit-learn or scipy here.
"""

GD_INTRO = (
    """\
# Adaline and linear regression by batch gradient descent

The cost of this assignment is **half the sum of squared errors**,
$J(w) = \\frac{1}{2} \\sum_{i=1}^{n} \\big(y^{(i)} - \\phi(z^{(i)})\\big)^2$; the class labels
are **1 and -1** (predict 1 where $\\phi(z) \\ge 0$); the bias is **`w[0]`**; and one step of
**batch** gradient descent updates every weight at once from the errors of the whole
training set, $w := w + \\Delta w$ with $\\Delta w = -\\eta \\nabla J(w)$.

"""
    + NOTATION
)

GD_DERIVATION = """\
# Your answers, as strings in sympy syntax (see above).
### BEGIN SOLUTION
gradient_answer = "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
update_answer = "eta*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
steps_answer = [
    "Derivative(Rational(1, 2)*Sum((y[i] - phi(z[i]))**2, (i, 1, n)), w[j])",
    "Rational(1, 2)*Sum(2*(y[i] - phi(z[i]))*Derivative(y[i] - phi(z[i]), w[j]), (i, 1, n))",
    "Sum((y[i] - phi(z[i]))*(-x[i, j]), (i, 1, n))",
    "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))",
]
### END SOLUTION
"""

GD_CODE = '''\
import numpy as np


def net_input(X, w):
    """The net input of every sample: z[i] = w[0] + sum_j w[j + 1] * X[i, j], shape (n,)."""
    ### BEGIN SOLUTION
    return np.dot(X, w[1:]) + w[0]
    ### END SOLUTION


def activation(z):
    """The identity activation phi(z) = z, shape (n,)."""
    ### BEGIN SOLUTION
    return z
    ### END SOLUTION


def cost(X, y, w):
    """Half the sum of squared errors, J(w) = 1/2 * sum_i (y[i] - phi(z[i]))**2 (a float)."""
    ### BEGIN SOLUTION
    errors = y - activation(net_input(X, w))
    return 0.5 * np.sum(errors**2)
    ### END SOLUTION


def gradient(X, y, w):
    """dJ/dw_j for j = 0..m (entry 0: the bias), shape (m + 1,)."""
    ### BEGIN SOLUTION
    errors = y - activation(net_input(X, w))
    return -np.concatenate([[errors.sum()], X.T.dot(errors)])
    ### END SOLUTION


def update(X, y, w, eta):
    """The weights after one batch step, w - eta * dJ/dw, shape (m + 1,); w is unchanged."""
    ### BEGIN SOLUTION
    return w - eta * gradient(X, y, w)
    ### END SOLUTION


def predict(X, w):
    """The class label of every sample: 1 where phi(z) >= 0, else -1, shape (n,)."""
    ### BEGIN SOLUTION
    return np.where(activation(net_input(X, w)) >= 0.0, 1, -1)
    ### END SOLUTION


class AdalineGD:
    """Adaline trained by batch gradient descent.

    After ``fit(X, y)`` (which returns self): ``w_``, shape (m + 1,), the weights with
    ``w_[0]`` the bias, and ``cost_``, n_iter floats, ``cost_[t]`` the cost at the
    weights before epoch t's update.
    """

    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, X, y):
        ### BEGIN SOLUTION
        rgen = np.random.RandomState(self.random_state)
        self.w_ = rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            self.cost_.append(cost(X, y, self.w_))
            self.w_ = update(X, y, self.w_, self.eta)
        return self
        ### END SOLUTION

    def net_input(self, X):
        ### BEGIN SOLUTION
        return net_input(X, self.w_)
        ### END SOLUTION

    def activation(self, X):
        ### BEGIN SOLUTION
        return activation(X)
        ### END SOLUTION

    def predict(self, X):
        ### BEGIN SOLUTION
        return predict(X, self.w_)
        ### END SOLUTION


class LinearRegressionGD(AdalineGD):
    """Linear regression by batch gradient descent: the same fit; predict is the net input."""

    def predict(self, X):
        ### BEGIN SOLUTION
        return self.net_input(X)
        ### END SOLUTION
'''

MSE_INTRO = """\
# Adaline by batch gradient descent (mean squared error, labels 1/0, separate bias)

The cost of this assignment is the **mean squared error**,
$J(w, b) = \\frac{1}{n} \\sum_{i=1}^{n} \\big(y^{(i)} - \\phi(z^{(i)})\\big)^2$; the class labels
are **1 and 0** (predict 1 where $\\phi(z) \\ge 0.5$); the learner keeps the bias **apart**,
as `b_` next to the weights `w_`; and one step of **batch** gradient descent updates every
weight and the bias at once from the errors of the whole training set.

If your instructor gave you a personal variant (another loss), use it everywhere: your
graded result is checked against your variant.

""" + NOTATION.replace(
    "is the bias.", "is the bias $b$ (in the derivation, `b` and `w[0]` are the same weight)."
)

MSE_DERIVATION = """\
# Your answers, as strings in sympy syntax (see above).
### BEGIN SOLUTION
gradient_answer = "-2/n*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
update_answer = "2*eta/n*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
steps_answer = [
    "Derivative(1/n*Sum((y[i] - phi(z[i]))**2, (i, 1, n)), w[j])",
    "1/n*Sum(2*(y[i] - phi(z[i]))*Derivative(y[i] - phi(z[i]), w[j]), (i, 1, n))",
    "1/n*Sum(2*(y[i] - phi(z[i]))*(-x[i, j]), (i, 1, n))",
    "-2/n*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))",
]
### END SOLUTION
"""

MSE_CODE = '''\
import numpy as np


def net_input(X, w):
    """The net input of every sample: z[i] = w[0] + sum_j w[j + 1] * X[i, j], shape (n,)."""
    ### BEGIN SOLUTION
    return np.dot(X, w[1:]) + w[0]
    ### END SOLUTION


def activation(z):
    """The identity activation phi(z) = z, shape (n,)."""
    ### BEGIN SOLUTION
    return z
    ### END SOLUTION


def cost(X, y, w):
    """The mean squared error, J(w) = 1/n * sum_i (y[i] - phi(z[i]))**2 (a float)."""
    ### BEGIN SOLUTION
    errors = y - activation(net_input(X, w))
    return np.mean(errors**2)
    ### END SOLUTION


def gradient(X, y, w):
    """dJ/dw_j for j = 0..m (entry 0: the bias b), shape (m + 1,)."""
    ### BEGIN SOLUTION
    errors = y - activation(net_input(X, w))
    return -2.0 * np.concatenate([[errors.sum()], X.T.dot(errors)]) / X.shape[0]
    ### END SOLUTION


def update(X, y, w, eta):
    """The weights after one batch step, w - eta * dJ/dw, shape (m + 1,); w is unchanged."""
    ### BEGIN SOLUTION
    return w - eta * gradient(X, y, w)
    ### END SOLUTION


def predict(X, w):
    """The class label of every sample: 1 where phi(z) >= 0.5, else 0, shape (n,)."""
    ### BEGIN SOLUTION
    return np.where(activation(net_input(X, w)) >= 0.5, 1, 0)
    ### END SOLUTION


class AdalineGD:
    """Adaline trained by batch gradient descent, with the bias kept apart.

    After ``fit(X, y)`` (which returns self): ``w_``, shape (m,), the feature weights;
    ``b_``, a float, the bias; and ``losses_``, n_iter floats, ``losses_[t]`` the mean
    squared error at the weights before epoch t's update.
    """

    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, X, y):
        ### BEGIN SOLUTION
        rgen = np.random.RandomState(self.random_state)
        self.w_ = rgen.normal(loc=0.0, scale=0.01, size=X.shape[1])
        self.b_ = 0.0
        self.losses_ = []
        for _ in range(self.n_iter):
            errors = y - self.activation(self.net_input(X))
            self.losses_.append(np.mean(errors**2))
            self.w_ = self.w_ + self.eta * 2.0 * X.T.dot(errors) / X.shape[0]
            self.b_ = self.b_ + self.eta * 2.0 * errors.mean()
        return self
        ### END SOLUTION

    def net_input(self, X):
        ### BEGIN SOLUTION
        return np.dot(X, self.w_) + self.b_
        ### END SOLUTION

    def activation(self, X):
        ### BEGIN SOLUTION
        return X
        ### END SOLUTION

    def predict(self, X):
        ### BEGIN SOLUTION
        return np.where(self.activation(self.net_input(X)) >= 0.5, 1, 0)
        ### END SOLUTION
'''

ASSIGNMENTS = {
    "adaline-gd": (GD_INTRO, GD_DERIVATION, GD_CODE),
    "adaline-mse": (MSE_INTRO, MSE_DERIVATION, MSE_CODE),
}
"""Each bundled assignment's intro, derivation solution and code solution."""


def notebook_for(name: str) -> nbformat.NotebookNode:
    """The source notebook of the bundled assignment ``name``, built from its spec."""
    intro, derivation, code = ASSIGNMENTS[name]
    spec = load_spec(HERE / name)
    return build_source_notebook(
        spec,
        intro=intro,
        derivation_intro=DERIVATION_INTRO,
        derivation_solution=derivation,
        code_intro=CODE_INTRO,
        code_solution=code,
    )


def template_notebook() -> nbformat.NotebookNode:
    """The student template's notebook: the student's version of ``adaline-gd``."""
    nb = student_version(notebook_for("adaline-gd"))
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("import numpy as np\n"):
            cell.source = cell.source.replace(
                "import numpy as np\n", "import numpy as np  # noqa: F401  (you will need it)\n", 1
            )
    return nb


def main() -> int:
    """Write every source notebook and the student template's notebook."""
    for name in ASSIGNMENTS:
        target = HERE / name / f"{name}.ipynb"
        nbformat.write(notebook_for(name), str(target))
        print(f"wrote {target.relative_to(HERE.parent)}")
    template = HERE.parent / "student_template" / "adaline.ipynb"
    nbformat.write(template_notebook(), str(template))
    print(f"wrote {template.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
