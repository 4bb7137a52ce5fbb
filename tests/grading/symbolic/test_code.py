"""numpy code pasted as an answer is read as the matrix expression it computes, never run."""

from __future__ import annotations

import pytest

from gdgrade.grading.symbolic import DEFAULT_LIMITS, check_gradient_answer, check_update_answer
from gdgrade.grading.symbolic.code import looks_like_code, read_code
from gdgrade.grading.symbolic.read import detect_syntax, read_math
from gdgrade.reference import Convention

MSE = Convention(loss="mse")


@pytest.mark.parametrize(
    ("code", "formula"),
    [
        ("-X.T.dot(y - X.dot(w))", r"-X^T(y - Xw)"),
        ("X.T @ (X @ w - y)", r"X^T(Xw - y)"),
        ("np.dot(X.T, X @ w - y)", r"X^T(Xw - y)"),
        ("np.matmul(np.transpose(X), X.dot(w) - y)", r"X^T(Xw - y)"),
        ("-(y - X @ w).dot(X)", r"-(y - Xw)^T X"),  # a 1-D array on the left is a row
        ("X.T.dot(X.dot(w) - y) / len(y)", r"\frac{1}{n} X^T(Xw - y)"),
        ("X.T @ (X @ w - y) / y.shape[0]", r"\frac{1}{n} X^T(Xw - y)"),
    ],
)
def test_code_reads_as_the_formula_it_computes(code, formula):
    ours = read_math(code).statements[-1].sides[-1].parsed.expr
    theirs = read_math(formula).statements[-1].sides[-1].parsed.expr
    assert ours == theirs


def test_the_textbook_adaline_update_with_its_bias_apart():
    """Raschka's AdalineGD: w_[1:] the weights and w_[0] the bias, errors.sum() over the
    samples."""
    verdict = check_update_answer(
        "errors = y - output\nself.w_[1:] += self.eta * X.T.dot(errors)\n"
        "self.w_[0] += self.eta * errors.sum()"
    )
    assert verdict.ok, verdict.message
    assert "self.w_[1:] is read as the weights w_1..w_m (the bias apart)" in verdict.message
    assert "self.w_[0] is read as the bias b (w_0)" in verdict.message


def test_the_right_code_with_its_definitions_and_the_classic_mistakes():
    right = (
        "predictions = np.dot(X, w)\nerrors = predictions - y\n"
        "grad = (2 / n_samples) * np.dot(X.T, errors)"
    )
    assert check_gradient_answer(right, MSE).ok
    half = right.replace("(2 / n_samples)", "(1 / n_samples)")
    assert check_gradient_answer(half, MSE).mistake == "forgot-two"
    flipped = right.replace("predictions - y", "y - predictions")
    assert check_gradient_answer(flipped, MSE).mistake == "sign-flipped"


def test_a_product_written_with_star_is_entry_by_entry():
    """``e * e`` of two columns is a column (numpy), not their dot product; np.sum adds it
    up over the samples, and np.sum of a column per weight is refused by name."""
    squares = read_math("np.sum((y - X @ w) * (y - X @ w))")
    assert "dot product" not in " ".join(squares.notes)
    verdict = check_gradient_answer("np.sum(X.T @ (X @ w - y))")
    assert "the sum must run over the samples" in verdict.message


def test_a_message_names_the_numpy_that_is_not_read():
    """Never a message about something the student did not write (was: "g needs its
    argument in brackets" for ``g = X.T @ (X @ w - y)``)."""
    assert check_gradient_answer("g = X.T @ (X @ w - y)").ok
    for code, named in [
        ("np.linalg.inv(X.T @ X) @ X.T @ y", "'np.linalg.inv(…)' is not read"),
        ("np.sum(e[:, None] * X, axis=0, keepdims=True)", "with keyword arguments"),
        ("for i in range(n):\n    g += X[i] * e[i]", "the loop 'for i in range(n):'"),
        ("X[:, 1:].T @ e", "the indexing 'X[:, 1:]'"),
    ]:
        verdict = check_gradient_answer(code)
        assert verdict.kind == "parse-error", verdict.message
        assert named in verdict.message
        assert "numpy code is read as the matrix expression it computes" in verdict.message


def test_errors_point_at_the_construct():
    verdict = check_gradient_answer("grad = 2 * np.linalg.inv(X)")
    assert "at column 12" in verdict.message


def test_what_is_not_code_is_read_as_a_formula():
    assert read_code(r"-X^T(y - Xw)", DEFAULT_LIMITS) is None  # LaTeX
    assert read_code("grad = -1/2n * X.T @ (y - X @ w)", DEFAULT_LIMITS) is None  # not Python
    assert not looks_like_code(r"\frac{\partial J}{\partial w_j} = x.T")
    assert detect_syntax("-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))") == "sympy"
    assert detect_syntax("X.T.dot(y - X.dot(w))") == "latex"  # read by the formula reader


def test_code_that_would_run_something_is_refused_not_run(tmp_path):
    target = tmp_path / "touched"
    for code in [
        f"np.dot(X.T, __import__('os').system('touch {target}'))",
        f"grad = X.T @ open('{target}', 'w')",
        "grad = X.T @ (lambda: 1)()",
    ]:
        verdict = check_gradient_answer(code)
        assert verdict.kind == "parse-error", verdict.message
    assert not target.exists()


# -- loops, run on symbols (grading/symbolic/loops.py) ----------------------------------
HALF_MSE_B = Convention(loss="half_mse", bias="separate")
_LOOP = (
    "m = x.shape[0]\ndj_dw = 0\ndj_db = 0\nfor i in range(m):\n    f_wb = w * x[i] + b\n"
    "    dj_dw += (f_wb - y[i]) * x[i]\n    dj_db += f_wb - y[i]\n"
    "dj_dw = dj_dw / m\ndj_db = dj_db / m\nreturn dj_dw, dj_db"
)


def _values(text):
    return [
        side.parsed.expr
        for statement in read_math(text).statements
        for side in statement.sides
        if side.parsed is not None and not side.derived
    ]


def test_a_loop_reads_as_the_sum_it_adds_up():
    """The accumulators of a loop over the samples are their start plus the sum over i of
    what the loop adds; the same sums as the formula and as the vectorised code."""
    formula = (
        r"\frac{\partial J}{\partial w} = \frac{1}{m}\sum_i (w x_i + b - y_i) x_i \\ "
        r"\frac{\partial J}{\partial b} = \frac{1}{m}\sum_i (w x_i + b - y_i)"
    )
    vectorised = (
        "m = x.shape[0]\nf = w * x + b\ndj_dw = (1 / m) * np.sum((f - y) * x)\n"
        "dj_db = (1 / m) * np.sum(f - y)\nreturn dj_dw, dj_db"
    )
    assert _values(_LOOP) == _values(formula) == _values(vectorised)


def test_the_loops_notes_say_how_they_were_read():
    verdict = check_gradient_answer(_LOOP, HALF_MSE_B)
    assert verdict.ok, verdict.message
    for said in (
        "range(m) is read as the loop over the samples i",
        "dj_dw is read as the sum over the samples i of what the loop adds to it",
        "the code is read for one feature",
    ):
        assert said in verdict.message


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (("dj_dw = 0\n", ""), "dj_dw is added to before it is given a value"),
        (("    dj_db += f_wb - y[i]\n", "    dj_db += f_wb - y[i]\n    dj_db = dj_db / m\n"),
         "dj_db is changed other than by adding to it inside the loop"),
        (("dj_dw = 0\n", "dj_dw = np.random.rand(1)\n"), "dj_dw starts at np.random.rand(1)"),
        (("dj_dw = dj_dw / m\ndj_db = dj_db / m\nreturn", "    return"),
         "a return inside the loop ends it at the first sample"),
        (("    dj_dw += (f_wb", "    w = w - 0.1 * dj_dw\n    dj_dw += (f_wb"),
         "w is read and changed inside the loop"),
        (("    f_wb = w * x[i] + b", "    f_wb = w * x[i] + b + dj_db"),
         "while the loop changes it"),
        (("range(m)", "range(m - 1)"), "the loop 'for i in range(m - 1):'"),
        (("* x[i]\n", "* x[i] * i\n"), "the loop index i used as a number"),
        (("    f_wb = w * x[i] + b", "    f_wb = w * x[i] + b + np.sum(y)"), "a sum (np.sum"),
    ],
)  # fmt: skip
def test_a_loop_that_cannot_be_the_batch_sum_is_refused_by_name(change, said):
    old, new = change
    assert old in _LOOP
    verdict = check_gradient_answer(_LOOP.replace(old, new, 1), HALF_MSE_B)
    assert verdict.kind == "parse-error", verdict.message
    assert said in verdict.message


def test_an_accumulator_assigned_in_the_loop_keeps_one_sample():
    """``dj_dw = …`` instead of ``dj_dw += …``: the last sample's term, so the sum over the
    samples is missing (the index i stays free)."""
    verdict = check_gradient_answer(_LOOP.replace("dj_dw +=", "dj_dw ="), HALF_MSE_B)
    assert (verdict.kind, verdict.mistake) == ("free-index", "no-sum"), verdict.message


def test_loops_over_features_fill_one_component_and_never_sum_it():
    nested = (
        "m, n = X.shape\ndj_dw = np.zeros((n,))\ndj_db = 0.\nfor i in range(m):\n"
        "    err = (np.dot(X[i], w) + b) - y[i]\n    for j in range(n):\n"
        "        dj_dw[j] = dj_dw[j] + err * X[i, j]\n    dj_db = dj_db + err\n"
        "dj_dw = dj_dw / m\ndj_db = dj_db / m\nreturn dj_db, dj_dw"
    )
    verdict = check_gradient_answer(nested, HALF_MSE_B)
    assert verdict.ok, verdict.message
    assert "dj_dw is read as ∂J/∂w_j" in verdict.message
    assert "the code is read for one feature" not in verdict.message
    summed = nested.replace("dj_db = dj_db / m\n", "dj_db = np.sum(dj_dw) / m\n")
    assert "only its entries are read" in check_gradient_answer(summed, HALF_MSE_B).message
    over_j = nested.replace(
        "    err = (np.dot(X[i], w) + b) - y[i]\n",
        "    z = 0\n    for k in range(n):\n        z += w[k] * X[i, k]\n    err = z + b - y[i]\n",
    )
    assert "added up over the features" in check_gradient_answer(over_j, HALF_MSE_B).message


def test_the_weights_updated_then_read_are_the_new_weights():
    """b's step computed from w after w's step (not at the same time) is judged as written,
    with the new w, and the message says so."""
    code = (
        "m = len(y)\nw = w - alpha * (1/m) * np.sum((w*x + b - y) * x)\n"
        "b = b - alpha * (1/m) * np.sum(w*x + b - y)"
    )
    verdict = check_update_answer(code, HALF_MSE_B)
    assert not verdict.ok
    assert "w is read after it was updated" in verdict.message
    both = code.replace("w = w -", "w_new = w -") + "\nw = w_new"
    assert check_update_answer(both, HALF_MSE_B).ok


def test_a_loop_is_never_run(tmp_path):
    target = tmp_path / "touched"
    for code in [
        f"s = 0\nfor i in range(len(y)):\n    s += __import__('os').system('touch {target}')",
        f"s = 0\nfor i in open('{target}', 'w'):\n    s += x[i]",
        f"s = 0\nfor i, _ in zip(X, open('{target}', 'w')):\n    s += x[i]",
    ]:
        verdict = check_gradient_answer(code)
        assert verdict.kind == "parse-error", verdict.message
    assert not target.exists()


def test_names_that_double_at_every_line_are_refused_before_they_grow():
    code = "a = x\n" + "a = a + a\n" * 30 + "for i in range(len(y)):\n    s = 0\nreturn a"
    verdict = check_gradient_answer(code)
    assert verdict.kind == "too-complex"
    assert "too large" in verdict.message


# -- broadcasting, helpers and loops over the epochs -----------------------------------
@pytest.mark.parametrize(
    ("code", "same"),
    [
        ("np.sum(e[:, None] * X, axis=0)", "np.dot(e, X)"),
        ("(e[:, np.newaxis] * X).mean(axis=0)", "np.mean(e[:, None] * X, axis=0)"),
        ("np.sum(X * e.reshape(-1, 1), axis=0)", "e @ X"),
        ("np.sum(np.expand_dims(e, 1) * X, axis=0)", "e @ X"),
        ("np.einsum('ij,i->j', X, e)", "e @ X"),
        ("np.einsum('i,ij', e, X)", "e @ X"),
        ("np.sum(X.T * e, axis=1)", "X.T @ e"),
        ("np.sum(np.multiply(e, X[:, j]))", "np.sum(e * X[:, j])"),
    ],
)
def test_a_sum_written_by_broadcasting_is_the_product_it_computes(code, same):
    defined = "e = X @ w - y\ng = "
    assert _values(defined + code) == _values(defined + same)


def test_a_loop_over_the_epochs_is_its_step_and_a_helper_its_expression():
    step = "w = w - eta * X.T @ (X @ w - y)"
    looped = "w = np.zeros(X.shape[1])\nfor _ in range(n_iter):\n    " + step
    assert _values(looped)[-1] == _values(step)[-1]
    helped = (
        "def predict(X, w):\n    return X @ w\n"
        "def gradient(X, y, w):\n    return X.T @ (predict(X, w) - y)"
    )
    assert _values(helped) == _values("X.T @ (X @ w - y)")


def test_a_helper_is_read_never_run(tmp_path):
    target = tmp_path / "touched"
    code = (
        f"def predict(X, w):\n    return __import__('os').system('touch {target}')\n"
        "def gradient(X, y, w):\n    return X.T @ (predict(X, w) - y)"
    )
    verdict = check_gradient_answer(code)
    assert verdict.kind == "parse-error", verdict.message
    assert not target.exists()
