"""The sizes chosen from an answer: far enough that equal there means equal for every n, m, j."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdgrade.grading.symbolic import DEFAULT_SIZES, check_gradient_answer, reference
from gdgrade.grading.symbolic.build import Context
from gdgrade.grading.symbolic.errors import NotPolynomial, TooComplex
from gdgrade.grading.symbolic.limits import DEFAULT_LIMITS
from gdgrade.grading.symbolic.read import read_answer
from gdgrade.grading.symbolic.sizes import Shape, analyse, box, plan
from gdgrade.reference import Convention

from .table import SOUNDNESS, G


def expr(text: str, steps: bool = False):
    return read_answer(text, Context(steps=steps)).expr


def test_the_default_sizes_are_the_box_n_4_m_3():
    assert box(4, 3) == DEFAULT_SIZES
    assert len(box(5, 3)) == 45 and box(5, 3)[: len(DEFAULT_SIZES)] != DEFAULT_SIZES


@pytest.mark.parametrize("loss", ["half_sse", "sse", "mse", "half_mse"])
def test_right_answers_in_the_usual_forms_need_only_the_default_sizes(loss):
    ref = reference(Convention(loss=loss))
    assert plan([ref.gradient], loss).sizes == DEFAULT_SIZES
    assert plan([ref.update, ref.gradient], loss).sizes == DEFAULT_SIZES
    assert plan([ref.cost], loss).sizes == DEFAULT_SIZES  # the first line of a derivation


@pytest.mark.parametrize(
    ("text", "values", "offsets", "degree", "needs"),
    [
        # the gradient: one sample value, j and the net input's feature; d_s = 1 from w[0]
        (G, (1, 2), (1, 1), (1, 0), (4, 3)),
        # indices shifted with their sum's range: nothing moves
        ("-Sum((y[i + 1] - z[i + 1])*x[i + 1, j], (i, 0, n - 1))", (1, 2), (1, 1), (1, 0), (4, 3)),
        # a sum from k = 5: 4 samples past where the data starts
        (G + " + Sum(y[k]*x[k, j], (k, 5, n))", (1, 2), (4, 1), (1, 0), (10, 3)),
        # a range cut at both ends: the distances add up
        (G + " + Sum(y[i]*x[i, j], (i, 3, n - 3))", (1, 2), (5, 1), (1, 0), (12, 3)),
        # a factor of degree 4 in n, then in m
        (G + " + (n - 1)*(n - 2)*(n - 3)*(n - 4)*y[1]", (1, 2), (1, 1), (4, 0), (7, 3)),
        (G + " + (m - 1)*(m - 2)*(m - 3)*y[1]", (1, 2), (1, 1), (1, 3), (4, 6)),
        # an index used as a number inside a pinned sum (y[i]): degree 4, no more
        (
            G + " + Sum((i - 1)*(i - 2)*(i - 3)*(i - 4)*y[i], (i, 1, n))",
            (1, 2),
            (1, 1),
            (4, 0),
            (7, 3),
        ),
        # two independent samples in one monomial
        ("Sum(y[i], (i, 1, n))**2", (2, 2), (1, 1), (1, 0), (5, 3)),
    ],
)
def test_what_decides_the_sizes(text, values, offsets, degree, needs):
    shape = Shape.union([analyse(expr(text)), analyse(reference().gradient)])
    assert (shape.values["sample"], shape.values["feature"]) == values
    assert (shape.offsets["sample"], shape.offsets["feature"]) == offsets
    assert (shape.total_degree("sample"), shape.total_degree("feature")) == degree
    assert shape.needs() == needs


def test_a_divisor_adds_its_degree_once():
    mse = Convention(loss="mse")
    same = Shape.union([analyse(expr("-2/n*" + G[1:]), "mse"), analyse(reference(mse).gradient)])
    assert same.divisors == {expr("n"): 1} and same.total_degree("sample") == 1
    other = Shape.union([analyse(expr(G), "mse"), analyse(reference(mse).gradient, "mse")])
    assert other.total_degree("sample") == 2  # n*D has degree 2 when only one side divides


@pytest.mark.parametrize(
    ("text", "error", "says"),
    [
        ("Sum(y[2*i], (i, 1, n))", TooComplex, "2*i cannot be checked"),
        ("Sum(y[n + 1 - i], (i, 1, n))", TooComplex, "cannot be checked for every n"),
        ("Sum(y[i]/i, (i, 1, n))", TooComplex, "depends on the index i"),
        ("y[1]/(n - m)", TooComplex, "both n and m"),
        ("y[1]/(n**2 - 7*n + 12)", NotPolynomial, "divides by zero at n = 3"),
        ("y[1]*exp(n - 1)", TooComplex, "depends on n, m or an index"),
    ],
)
def test_what_the_argument_does_not_cover_is_refused(text, error, says):
    with pytest.raises(error, match=says):
        analyse(expr(text))


def test_past_the_cap_the_sizes_up_to_it_are_compared_and_the_rest_refused():
    chosen = plan([expr(G + " + Sum(y[k]*x[k, j], (k, 20, n))"), reference().gradient])
    assert max(s.n for s in chosen.sizes) == DEFAULT_LIMITS.max_size
    assert isinstance(chosen.problem, TooComplex)
    assert "would need sizes up to n = 40" in chosen.problem.message


@pytest.mark.parametrize("row", SOUNDNESS, ids=lambda row: row.answer[-40:])
def test_the_attacks_of_issue_10_are_not_accepted(row):
    """Each answer of the table that differs from the gradient somewhere is never judged
    right (they all were, when only n <= 4, m <= 3 was compared)."""
    verdict = check_gradient_answer(row.answer, row.convention)
    if row.kind != "ok":
        assert not verdict.ok and verdict.kind == row.kind, verdict.message


ZERO_FOR_SMALL_N = st.lists(st.integers(1, 7), max_size=5)
ZERO_FOR_SMALL_M = st.lists(st.integers(1, 5), max_size=3)
TERMS = st.sampled_from(
    [
        "y[{c}]",
        "x[{c}, j]*y[1]",
        "Sum(y[k]*x[k, j], (k, {a}, n - {b}))",
        "Sum(w[k]*x[1, k], (k, {a}, m - {b}))",
        "Sum((k - {a})*y[k], (k, 1, n))",
    ]
)


@settings(max_examples=40)
@given(
    roots_n=ZERO_FOR_SMALL_N,
    roots_m=ZERO_FOR_SMALL_M,
    term=TERMS,
    a=st.integers(1, 6),
    b=st.integers(0, 4),
    c=st.integers(1, 6),
)
def test_no_answer_that_differs_somewhere_is_accepted(roots_n, roots_m, term, a, b, c):
    """The gradient plus a term that vanishes for small n and m (a factor with those roots,
    a sum that starts late or ends early, an index past the data) is never right: each
    of these terms is non-zero for some n and m."""
    factor = "*".join([f"(n - {r})" for r in roots_n] + [f"(m - {r})" for r in roots_m]) or "1"
    answer = f"{G} + {factor}*{term.format(a=a, b=b, c=c)}"
    verdict = check_gradient_answer(answer)
    assert not verdict.ok, answer
    assert verdict.kind in ("wrong", "wrong-range", "too-complex"), verdict.message
