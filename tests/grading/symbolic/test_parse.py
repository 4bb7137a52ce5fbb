"""The sympy-syntax reader: what it builds, what it refuses, and where it says the error is."""

from __future__ import annotations

import pytest
from sympy import Derivative, Rational, Sum

from gdgrade.grading.symbolic import notation as nt
from gdgrade.grading.symbolic.build import Builder, Context
from gdgrade.grading.symbolic.errors import AnswerError, ParseError, TooComplex, UnknownSymbol
from gdgrade.grading.symbolic.limits import DEFAULT_LIMITS, Limits
from gdgrade.grading.symbolic.parse import parse_sympy
from gdgrade.grading.symbolic.read import detect_syntax, locate, read_answer, split_sides

i, j, k, n, m = nt.i, nt.j, nt.k, nt.n, nt.m
x, y, w, z = nt.x, nt.y, nt.w, nt.z


def read(text: str, context: Context | None = None, limits: Limits = DEFAULT_LIMITS):
    builder = Builder(context, limits)
    return builder.finish(parse_sympy(text, builder, limits), text, "sympy")


def test_builds_the_notation():
    parsed = read("-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))")
    assert parsed.expr == -Sum((y[i] - nt.phi(z[i])) * x[i, j], (i, 1, n))
    assert parsed.free == ()


def test_numbers_are_exact():
    assert read("0.1*eta").expr == Rational(1, 10) * nt.eta
    assert read("Rational(1, 3)*eta").expr == nt.eta / 3
    assert read("eta^2").expr == nt.eta**2  # ^ is a power, as in sympy's parser


def test_derivative_in_steps_only():
    expr = read("Derivative(J, w[j])", Context(steps=True)).expr
    assert expr == Derivative(nt.J, w[j], evaluate=False)
    assert read("diff(J, w[j])", Context(steps=True)).expr == expr
    with pytest.raises(ParseError, match="steps only"):
        read("Derivative(Sum(y[i], (i, 1, n)), w[j])")


def test_b_only_with_a_separate_bias():
    assert read("b", Context(bias=True)).expr == nt.b
    with pytest.raises(UnknownSymbol, match="the bias is w"):
        read("b")


def test_free_indices_are_reported_not_refused():
    assert read("y[i]*x[i, j]").free == (i,)
    assert read("Sum(y[i]*x[i, k], (i, 1, n))").free == (k,)


@pytest.mark.parametrize(
    ("text", "error", "column", "says"),
    [
        ("x[i, j] +", ParseError, 10, "ends too early"),
        ("x[i, j] */ 2", ParseError, 10, "expected"),
        ("x[i, j]]", ParseError, 8, "unmatched"),
        ("2x[i, j]", ParseError, 1, "2*x[i, j]"),
        ("Sum(x[i, j] (i, 1, n))", ParseError, 1, "limits"),
        ("Sum(x[i, j], (i, 1))", ParseError, 14, "(index, first, last)"),
        ("Sum(x[i, j], (n, 1, n))", ParseError, 14, "cannot be the index"),
        ("x[i/2, j]", ParseError, 1, "whole number"),
        ("x[eta, j]", ParseError, 1, "whole number"),
        ("x[1:2, j]", ParseError, 3, "slice"),
        ("y", ParseError, 1, "needs its index"),
        ("phi", ParseError, 1, "is a function"),
        ("f(z[i])", ParseError, 1, "not a function of the notation"),
        ("x(i, j)", ParseError, 1, "brackets"),
        ("eta.real", ParseError, 1, "attribute"),
        ("Rational(eta, 2)", ParseError, 1, "whole numbers"),
        ("1/0", ParseError, None, "divides by zero"),
        ("x[i, j]**eta", ParseError, 1, "whole numbers"),
        ("not eta", ParseError, 1, "only + and -"),
        ("eta & eta", ParseError, 1, "BitAnd"),
        ("alpha*eta", UnknownSymbol, 1, "learning rate is eta"),
        ("eta*x_ij", UnknownSymbol, 5, "x[i, j]"),
        ("X[i, j]", ParseError, 1, "only x, y, w and z"),
        ("η*ϕ(z[i])", None, None, ""),  # Greek letters are the notation's names
        ("x[i, j]**17", TooComplex, 1, "at most 16"),
        ("1234567890123*eta", TooComplex, 1, "12 digits"),
        ("eta*" * 20 + "eta", TooComplex, None, "degree"),
    ],
)
def test_errors(text, error, column, says):
    if error is None:
        read(text)
        return
    with pytest.raises(AnswerError) as raised:
        read(text)
    assert type(raised.value) is error
    if column is not None:
        assert raised.value.column == column
    assert says in raised.value.message


def test_columns_count_characters_not_bytes():
    with pytest.raises(UnknownSymbol) as raised:
        read("η*η*theta")
    assert raised.value.column == 5


def test_nesting_and_length_are_checked_before_parsing():
    limits = Limits(max_chars=50, max_nesting=3)
    with pytest.raises(TooComplex, match="characters"):
        read_answer("eta+" * 20 + "eta", limits=limits)
    with pytest.raises(TooComplex, match="nests brackets 4 deep"):
        read_answer("((((eta))))", limits=limits)


@pytest.mark.parametrize(
    ("text", "syntax"),
    [
        ("-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))", "sympy"),
        ("eta*z[i]", "sympy"),
        ("eta", "latex"),  # plain text without sympy marks goes to the math reader
        (r"\eta", "latex"),
        ("y_i x_{ij}", "latex"),
        ("y^{(i)}", "latex"),
        ("η ∑_i y_i", "latex"),
        ("__import__('os')", "sympy"),
        ("Sum(x[i, j], (i, 1, n), **{'a': 1})", "sympy"),
    ],
)
def test_detect_syntax(text, syntax):
    assert detect_syntax(text) == syntax


def test_split_sides_at_top_level_equals_only():
    text = r"dJ/dw_j = \sum_{i=1}^{n} a = b"
    assert [side for _, side in split_sides(text)] == ["dJ/dw_j ", r" \sum_{i=1}^{n} a ", " b"]
    assert [side for _, side in split_sides("a == b")] == ["a == b"]


def test_answer_columns_count_from_the_whole_text():
    with pytest.raises(UnknownSymbol) as raised:
        read_answer("dJ/dw_j = kappa")
    assert raised.value.column == 11
    assert locate("ab\ncd", 5) == "line 2, column 2"
    assert locate("abcd", 3) == "column 3"
