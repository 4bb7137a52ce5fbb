"""Derivation steps: each line from the one before, from dJ/dw_j of the cost to the gradient."""

from __future__ import annotations

import pytest

from gdgrade.grading.symbolic import Limits, check_steps
from gdgrade.reference import Convention

from .test_latex import TEXTBOOK

BOOK = [line for line, _ in TEXTBOOK]

SYMPY = [
    "Derivative(Rational(1, 2)*Sum((y[i] - phi(z[i]))**2, (i, 1, n)), w[j])",
    "Rational(1, 2)*Sum(2*(y[i] - phi(z[i]))*Derivative(y[i] - phi(z[i]), w[j]), (i, 1, n))",
    "Sum((y[i] - phi(z[i]))*(-x[i, j]), (i, 1, n))",
    "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))",
]


def test_the_textbook_derivation_is_right():
    verdict = check_steps(BOOK)
    assert verdict.ok and verdict.kind == "ok", verdict.message


def test_a_derivation_in_sympy_syntax_is_right():
    verdict = check_steps(SYMPY)
    assert verdict.ok, verdict.message


def test_mixed_syntaxes_and_labels():
    lines = [
        "dJ/dw_j = Derivative(J, w[j])",
        r"= \frac{\partial}{\partial w_j} \frac{1}{2} \sum_i (y_i - z_i)^2",
        "= -Sum((y[i] - z[i])*x[i, j], (i, 1, n))",
    ]
    assert check_steps(lines).ok


def test_a_wrong_step_is_named_with_both_lines_and_what_follows():
    lines = [*BOOK[:4], BOOK[4].replace("-x_j", "x_j"), BOOK[5]]
    verdict = check_steps(lines)
    assert verdict.kind == "wrong" and not verdict.ok
    message = verdict.message
    assert message.startswith("Line 5 does not follow from line 4:")
    assert "line 4: " + BOOK[3][2:] in message and "line 5: " + lines[4][2:] in message
    assert "at n = 1, m = 1, j = 0" in message
    assert "Line 6 does not follow from line 5 either" in message
    assert verdict.mistake == "sign-flipped"


def test_when_the_rest_follows_it_says_so():
    lines = [
        *SYMPY[:2],
        "2*Sum((y[i] - phi(z[i]))*(-x[i, j]), (i, 1, n))",
        "-2*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))",
    ]
    verdict = check_steps(lines)
    assert verdict.message.startswith("Line 3 does not follow from line 2")
    assert "The lines after line 3 follow from it." in verdict.message
    assert verdict.mistake == "forgot-half"


def test_two_mistakes_that_cancel_are_still_reported():
    lines = [*SYMPY[:2], SYMPY[2].replace("-x", "x"), SYMPY[3]]
    verdict = check_steps(lines)
    assert not verdict.ok
    assert "two mistakes cancel" in verdict.message


def test_the_first_line_must_be_the_derivative_of_the_cost():
    verdict = check_steps(["Sum((y[i] - phi(z[i]))**2, (i, 1, n))/2", SYMPY[3]])
    assert verdict.kind == "wrong" and "first line must be the derivative" in verdict.message
    verdict = check_steps(["Derivative(Sum((y[i] - phi(z[i]))**2, (i, 1, n)), w[j])", SYMPY[3]])
    assert "differentiates Sum((y[i] - phi(z[i]))**2, (i, 1, n))" in verdict.message
    assert "J = Sum((y[i] - phi(z[i]))**2, (i, 1, n))/2" in verdict.message


def test_the_cost_follows_the_convention():
    sse = Convention(loss="sse")
    lines = [
        "Derivative(Sum((y[i] - phi(z[i]))**2, (i, 1, n)), w[j])",
        "-2*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))",
    ]
    assert check_steps(lines, sse).ok
    mse = Convention(loss="mse")
    lines = ["Derivative(J, w[j])", "-2/n*Sum((y[i] - z[i])*x[i, j], (i, 1, n))"]
    assert check_steps(lines, mse).ok


def test_the_last_line_must_be_worked_out():
    verdict = check_steps(["Derivative(J, w[j])", SYMPY[0]])
    assert verdict.kind == "wrong" and "work it out" in verdict.message


def test_one_line_is_not_a_derivation():
    assert "at least two lines" in check_steps([SYMPY[0]]).message


@pytest.mark.parametrize(
    ("lines", "kind", "says"),
    [
        ([], "empty", "no derivation steps"),
        (["", "  "], "empty", "no derivation steps"),
        ("Derivative(J, w[j])", "parse-error", "list of strings"),
        ([SYMPY[0], 3], "parse-error", "Line 2 of the steps must be a string"),
        ([SYMPY[0], "-Sum((y[i] - z[i])*x[i, j], (i, 1, n)"], "parse-error", "line 2 of the steps"),
        ([SYMPY[0], "kappa"], "unknown-symbol", "'κ'"),
        ([SYMPY[0], "-(y[i] - z[i])*x[i, j]"], "free-index", "line 2 the index i is free"),
        ([SYMPY[0]] * 60, "too-complex", "at most 50"),
        ([SYMPY[0], "x[i, j]**10**10**10"], "too-complex", "exponent"),
    ],
)
def test_unreadable_steps(lines, kind, says):
    verdict = check_steps(lines)
    assert verdict.kind == kind and says in verdict.message, verdict.message


def test_the_budget_covers_every_step():
    verdict = check_steps(SYMPY, limits=Limits(max_steps=50))
    assert verdict.kind == "too-complex"
