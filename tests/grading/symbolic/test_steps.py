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
        r"= \frac{1}{2} \sum_i 2 (y_i - z_i) \cdot (-x_{ij})",
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
    lines = ["Derivative(Sum((y[i] - phi(z[i]))**2, (i, 1, n)), w[j])", SYMPY[2], SYMPY[3]]
    verdict = check_steps(lines)
    assert "differentiates Sum((y[i] - phi(z[i]))**2, (i, 1, n))" in verdict.message
    assert "J = Sum((y[i] - phi(z[i]))**2, (i, 1, n))/2" in verdict.message


def test_the_cost_follows_the_convention():
    sse = Convention(loss="sse")
    lines = [
        "Derivative(Sum((y[i] - phi(z[i]))**2, (i, 1, n)), w[j])",
        "Sum(2*(y[i] - phi(z[i]))*(-x[i, j]), (i, 1, n))",
        "-2*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))",
    ]
    assert check_steps(lines, sse).ok
    mse = Convention(loss="mse")
    lines = [
        "Derivative(J, w[j])",
        "Derivative(Sum((y[i] - z[i])**2, (i, 1, n))/n, w[j])",
        "Sum(2*(y[i] - z[i])*(-x[i, j]), (i, 1, n))/n",
        "-2/n*Sum((y[i] - z[i])*x[i, j], (i, 1, n))",
    ]
    assert check_steps(lines, mse).ok


def test_the_last_line_must_be_worked_out():
    lines = [
        *SYMPY[:2],
        "Rational(1, 2)*Sum(2*(y[i] - phi(z[i]))*(-Derivative(phi(z[i]), w[j])), (i, 1, n))",
    ]
    verdict = check_steps(lines)
    assert verdict.kind == "wrong" and "work it out" in verdict.message


def test_one_line_is_not_a_derivation():
    assert "nothing follows line 1" in check_steps([SYMPY[0]]).message


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


# -- issue 10, attack 7: the steps' points with no derivation at all -------------------------

GRADIENT = SYMPY[3]
WRITTEN_OUT = SYMPY[0]


def test_the_bare_name_j_then_the_answer_is_not_a_derivation():
    """Judged right before: the first line only named the cost, the second was the answer."""
    verdict = check_steps(["Derivative(J, w[j])", GRADIENT])
    assert not verdict.ok and verdict.kind == "wrong"
    assert "must write the cost out" in verdict.message
    assert "J = Sum((y[i] - phi(z[i]))**2, (i, 1, n))/2" in verdict.message


def test_the_cost_then_the_answer_lacks_the_steps_between():
    verdict = check_steps([WRITTEN_OUT, GRADIENT])
    assert not verdict.ok and "with 0 steps in between" in verdict.message
    assert "write at least 1 step that works it out" in verdict.message
    assert check_steps([WRITTEN_OUT, GRADIENT], min_steps=0).ok  # the spec may allow it


def test_the_spec_sets_how_many_steps_come_between():
    three = [WRITTEN_OUT, SYMPY[1], GRADIENT]
    assert check_steps(three).ok
    verdict = check_steps(three, min_steps=2)
    assert not verdict.ok and "write at least 2 steps that work it out" in verdict.message
    assert check_steps(SYMPY, min_steps=2).ok


@pytest.mark.parametrize(
    "padding",
    [WRITTEN_OUT, "Derivative(J, w[j])", "= " + WRITTEN_OUT + " = " + WRITTEN_OUT],
    ids=["a repeat", "the bare J", "repeats on one line"],
)
def test_a_step_that_only_repeats_or_names_j_does_not_count(padding):
    verdict = check_steps([WRITTEN_OUT, padding, GRADIENT])
    assert not verdict.ok and "with 0 steps in between" in verdict.message


# Real derivations of this gradient, in our own words and notation, as lecture notes and
# course repositories write them (each must be accepted as it is).
LECTURE_NOTES = {
    # An Adaline README's aligned block, one list item per row: the 1/2 and the 2 side by
    # side, then "0 - (...)'" for the derivative of the error, then the sign moved out.
    "aligned block": (
        [
            r"\frac{\partial J}{\partial w_j} &= \frac{\partial}{\partial w_j}"
            r"\frac{1}{2}\sum_{i=1}^{n}(y^{(i)} - z^{(i)})^2 \\",
            r"&= \sum_{i=1}^{n}\frac{1}{2} 2 (y^{(i)} - z^{(i)})"
            r"\left(0 - \frac{\partial}{\partial w_j} \sum_{k=0}^{m} w_k x_k^{(i)}\right) \\",
            r"&= \sum_{i=1}^{n}(y^{(i)} - z^{(i)}) \cdot -x_j^{(i)} \\",
            r"&= -\sum_{i=1}^{n}(y^{(i)} - z^{(i)}) x_j^{(i)}",
        ],
        Convention(),
    ),
    # Lecture notes on the LMS rule with a 1/(2n) cost (half the mean): the chain rule on the
    # square, then the derivative of the prediction.
    "half mean, chain rule": (
        [
            r"\frac{\partial}{\partial w_j} \frac{1}{2n} "
            r"\sum_{i=1}^{n} (\phi(z^{(i)}) - y^{(i)})^2",
            r"= \frac{1}{2n} \sum_{i=1}^{n} 2 (\phi(z^{(i)}) - y^{(i)}) "
            r"\frac{\partial}{\partial w_j} (\phi(z^{(i)}) - y^{(i)})",
            r"= \frac{1}{n} \sum_{i=1}^{n} (\phi(z^{(i)}) - y^{(i)}) x_j^{(i)}",
        ],
        Convention(loss="half_mse"),
    ),
    # A blog's derivation of the MSE's gradient with u = y - z and the chain rule.
    "mean, u = y - z": (
        [
            "Derivative(Sum((y[i] - z[i])**2, (i, 1, n))/n, w[j])",
            "Sum(2*(y[i] - z[i])*Derivative(y[i] - z[i], w[j]), (i, 1, n))/n",
            "Sum(2*(y[i] - z[i])*(-x[i, j]), (i, 1, n))/n",
            "-2/n*Sum((y[i] - z[i])*x[i, j], (i, 1, n))",
        ],
        Convention(loss="mse"),
    ),
    # The whole chain on one line, as a short answer.
    "one line": (
        [
            "dJ/dw_j = Derivative(Rational(1, 2)*Sum((y[i] - z[i])**2, (i, 1, n)), w[j]) "
            "= Sum((y[i] - z[i])*Derivative(-z[i], w[j]), (i, 1, n)) "
            "= -Sum((y[i] - z[i])*x[i, j], (i, 1, n))"
        ],
        Convention(),
    ),
    "the textbook": (BOOK, Convention()),
}


@pytest.mark.parametrize("name", sorted(LECTURE_NOTES))
def test_real_derivations_are_accepted(name):
    lines, convention = LECTURE_NOTES[name]
    verdict = check_steps(lines, convention)
    assert verdict.ok, verdict.message


# -- issue 10, attack 4: a budget multiplied by the number of steps -------------------------

HEAVY = "Sum(Sum(Sum(Sum(Sum(1, (p, 1, 60)), (q, 1, 60)), (r, 1, 60)), (s, 1, 60)), (t, 1, 60))"


def test_48700_sides_are_refused_before_they_are_compared():
    """Was: one budget multiplied by the ~48,700 sides, still running after 600 s."""
    lines = [f"Derivative(J, w[j]) = {HEAVY}" + "=0" * 940] + ["=0" * 1000] * 49
    assert sum(line.count("=") for line in lines) + 1 > 48_700 and len(lines) == 50
    verdict = check_steps(lines)
    assert verdict.kind == "too-complex" and "at most 100 are read" in verdict.message


def test_a_heavy_step_gets_the_one_budget_whatever_the_number_of_steps():
    padded = [WRITTEN_OUT, HEAVY, "=0" * 45, GRADIENT]
    verdict = check_steps(padded)
    assert verdict.kind == "too-complex"
    assert "1,000,000 evaluation steps allowed for one submission's derivation" in verdict.message
    small = Limits(max_steps=20_000)
    assert check_steps(SYMPY, limits=small).ok  # a right derivation fits in a small budget
    assert check_steps(padded, limits=small).kind == "too-complex"
