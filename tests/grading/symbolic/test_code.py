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
        ("np.sum(X * e, axis=0)", "with keyword arguments"),
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
