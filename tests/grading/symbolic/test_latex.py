"""The LaTeX reader on the textbook's notation, and on the textbook's derivation line by line."""

from __future__ import annotations

import pytest

from gdgrade.grading.symbolic.build import Builder, Context
from gdgrade.grading.symbolic.errors import AnswerError, ParseError, UnknownSymbol
from gdgrade.grading.symbolic.limits import DEFAULT_LIMITS
from gdgrade.grading.symbolic.parse import parse_sympy
from gdgrade.grading.symbolic.read import read_answer, read_line

STEPS = Context(steps=True)


def latex(text: str, context: Context = STEPS):
    return read_line(text, context)[-1].expr


def sympy_syntax(text: str, context: Context = STEPS):
    builder = Builder(context, DEFAULT_LIMITS)
    return builder.finish(parse_sympy(text, builder, DEFAULT_LIMITS), text, "sympy").expr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"y^{(i)}", "y[i]"),
        (r"y_i", "y[i]"),
        (r"y_{i}", "y[i]"),
        (r"x_j^{(i)}", "x[i, j]"),
        (r"x^{(i)}_j", "x[i, j]"),
        (r"x_{ij}", "x[i, j]"),
        (r"x_{i,j}", "x[i, j]"),
        (r"x_{ji}", "x[i, j]"),  # j is the weight's index, so i is the sample
        (r"x_0^{(i)}", "x[i, 0]"),
        (r"x_{k+1}^{(i)}", "x[i, k + 1]"),
        (r"w_j", "w[j]"),
        (r"w_{0}", "w[0]"),
        (r"w_j^2", "w[j]**2"),
        (r"z^{(i)}", "z[i]"),
        (r"\phi(z^{(i)})", "phi(z[i])"),
        (r"\phi\left(z^{(i)}\right)", "phi(z[i])"),
        (r"\varphi(z_i)", "phi(z[i])"),
        (r"\eta", "eta"),
        (r"\frac{1}{2}", "Rational(1, 2)"),
        (r"\frac12", "Rational(1, 2)"),
        (r"\tfrac{1}{n}", "1/n"),
        (r"2 \cdot \eta", "2*eta"),
        (r"2 \times \eta", "2*eta"),
        (r"2\eta", "2*eta"),
        (r"\eta / 2", "eta/2"),
        (r"\eta \cdot -2", "-2*eta"),
        (r"\left( y_i - z_i \right)^2", "(y[i] - z[i])**2"),
        (r"\left[ y_i - z_i \right]", "y[i] - z[i]"),
        (r"\{ y_i \}", "y[i]"),
        (r"\sum_{i=1}^{n} y^{(i)}", "Sum(y[i], (i, 1, n))"),
        (r"\sum_{i=1}^n y^{(i)}", "Sum(y[i], (i, 1, n))"),
        (r"\sum^{n}_{i=1} y^{(i)}", "Sum(y[i], (i, 1, n))"),
        (r"\sum\limits_{i=1}^{n} y^{(i)}", "Sum(y[i], (i, 1, n))"),
        (r"\sum_i y^{(i)}", "Sum(y[i], (i, 1, n))"),
        (r"\sum_{i} y^{(i)}", "Sum(y[i], (i, 1, n))"),
        (r"\sum_k w_k x_k^{(i)}", "Sum(w[k]*x[i, k], (k, 0, m))"),
        (r"\sum_{i=1}^{n-1} y_i", "Sum(y[i], (i, 1, n - 1))"),
        (r"\sum_i 2 y_i z_i - 1", "Sum(2*y[i]*z[i], (i, 1, n)) - 1"),
        (r"\frac{\partial J}{\partial w_j}", "Derivative(J, w[j])"),
        (r"\frac{\partial}{\partial w_j} J", "Derivative(J, w[j])"),
        (r"\frac{d}{dw_j} J", "Derivative(J, w[j])"),
        (r"\frac{\mathrm{d}J}{\mathrm{d}w_j}", "Derivative(J, w[j])"),
        (r"\frac{\partial}{\partial w_j} \frac{1}{2} y_1^2 + 1", "Derivative(y[1]**2/2, w[j]) + 1"),
        (r"\sqrt{4}", "sqrt(4)"),
        (r"$\eta\,\eta$", "eta**2"),
        (r"\displaystyle \eta \quad \eta", "eta**2"),
        (r"−η ∑_i y_i", "-eta*Sum(y[i], (i, 1, n))"),
    ],
)
def test_notation(text, expected):
    assert read_answer(text, STEPS).expr == sympy_syntax(expected)
    assert read_answer(text, STEPS).syntax == "latex"


# The textbook's derivation of the Adaline gradient (Raschka, Python Machine Learning,
# ch. 2), one line each, with the sympy-syntax reading of every side of it.  Line 4
# writes the net input as \sum_j w_j x_j^{(i)}: the sum rebinds j, which stays free
# outside it, as the textbook's notation means.
E = r"\left(y^{(i)} - \phi(z^{(i)})\right)"
TEXTBOOK = [
    (
        r"\frac{\partial J}{\partial w_j} = \frac{\partial}{\partial w_j} "
        rf"\frac{{1}}{{2}} \sum_i {E}^2",
        [
            "Derivative(J, w[j])",
            "Derivative(Rational(1, 2)*Sum((y[i] - phi(z[i]))**2, (i, 1, n)), w[j])",
        ],
    ),
    (
        rf"= \frac{{1}}{{2}} \frac{{\partial}}{{\partial w_j}} \sum_i {E}^2",
        ["Rational(1, 2)*Derivative(Sum((y[i] - phi(z[i]))**2, (i, 1, n)), w[j])"],
    ),
    (
        rf"= \frac{{1}}{{2}} \sum_i 2 {E} \frac{{\partial}}{{\partial w_j}} {E}",
        ["Rational(1, 2)*Sum(2*(y[i] - phi(z[i]))*Derivative(y[i] - phi(z[i]), w[j]), (i, 1, n))"],
    ),
    (
        rf"= \sum_i {E} \frac{{\partial}}{{\partial w_j}} "
        r"\left(y^{(i)} - \sum_j w_j x_j^{(i)}\right)",
        [
            "Sum((y[i] - phi(z[i]))*Derivative(y[i] - Sum(w[j]*x[i, j], (j, 0, m)), w[j]),"
            " (i, 1, n))"
        ],
    ),
    (
        rf"= \sum_i {E} \left(-x_j^{{(i)}}\right)",
        ["Sum((y[i] - phi(z[i]))*(-x[i, j]), (i, 1, n))"],
    ),
    (rf"= -\sum_i {E} x_j^{{(i)}}", ["-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"]),
]


@pytest.mark.parametrize(("line", "sides"), TEXTBOOK, ids=[f"line{k}" for k in range(1, 7)])
def test_textbook_derivation_line_by_line(line, sides):
    parsed = read_line(line, STEPS)
    assert [p.expr for p in parsed] == [sympy_syntax(side) for side in sides]
    assert all(p.syntax == "latex" for p in parsed)


def test_textbook_update_rule():
    line = rf"\Delta w_j = -\eta \frac{{\partial J}}{{\partial w_j}} = \eta \sum_i {E} x_j^{{(i)}}"
    parsed = read_line(line, STEPS)  # \Delta w_j is a label, not a step
    assert [p.expr for p in parsed] == [
        sympy_syntax("-eta*Derivative(J, w[j])"),
        sympy_syntax("eta*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"),
    ]


@pytest.mark.parametrize(
    ("text", "error", "column", "says"),
    [
        (r"\sum_{i=1}^{n} (y^{(i)} - ", ParseError, 27, "ends too early"),
        (r"\frac{1}{2 \sum_i", ParseError, 18, "'}'"),
        (r"y^{(i)} } x", ParseError, 9, "unexpected '}'"),
        (r"y^{(i)} ? x", ParseError, 9, "unexpected '?'"),
        (r"\frac{\partial}{w_j} J", ParseError, 1, "derivative"),
        (r"\sum \eta", ParseError, 1, "what the sum runs over"),
        (r"\sum_i \eta", ParseError, 1, "range of the sum over i"),
        (r"x_{ijk}", ParseError, 1, "a sample and a feature index"),
        (r"w_j^{(i)}", ParseError, 1, "no sample index"),
        (r"y_{ij}", ParseError, 1, "one index"),
        (r"\eta_j", ParseError, 1, "takes no index"),
        (r"\partial J", ParseError, 1, "derivative"),
        (r"\Delta w_j", ParseError, 1, "names the update"),
        (r"\kappa", UnknownSymbol, 1, "κ"),
        (r"e_i", UnknownSymbol, 1, "e_i is not defined"),
        (r"\frac{\partial}{\partial x_j^{(i)}} y_i", ParseError, 1, "a weight such as w_j"),
    ],
)
def test_errors_say_where_and_what(text, error, column, says):
    with pytest.raises(AnswerError) as raised:
        latex(text)
    assert type(raised.value) is error
    assert raised.value.column == column
    assert says in raised.value.message


def test_one_reading_only():
    """\\sum applies to the rest of the product, up to the next + or - of its level."""
    assert latex(r"\sum_i y_i z_i - \eta") == sympy_syntax("Sum(y[i]*z[i], (i, 1, n)) - eta")
    assert latex(r"\eta \sum_i y_i \cdot z_i") == sympy_syntax("eta*Sum(y[i]*z[i], (i, 1, n))")
    assert latex(r"\sum_i (y_i - z_i)") == sympy_syntax("Sum(y[i] - z[i], (i, 1, n))")
    assert latex(r"2 / 4 \eta") == sympy_syntax("eta/2")  # / takes the next factor only


def test_a_where_clause_is_a_statement_read_first():
    """``a = b, where c = d``: the clause is a statement of its own, before the one it explains;
    ``where`` with no equation after it stays commentary."""
    from gdgrade.grading.symbolic.normalise import normalise, statements

    found = [
        s.text
        for s in statements(normalise(r"w_j := w_j + \Delta w_j, \text{where } \Delta w_j = u"))
    ]
    assert found == [r"\Delta w_j = u", r"w_j ≔ w_j + \Delta w_j"]
    found = [
        s.text
        for s in statements(normalise(r"-X^T(y - Xw) \quad \text{where X has a row per sample}"))
    ]
    assert found == ["-X^⊤(y - Xw)"]


@pytest.mark.parametrize(
    ("norm", "product"),
    [
        (r"\frac{1}{2}\|y - Xw\|^2", r"\frac{1}{2}((y - Xw)^⊤(y - Xw))"),
        (r"\frac{1}{2}\|y - Xw\|_2^2", r"\frac{1}{2}((y - Xw)^⊤(y - Xw))"),
        ("‖y − Xw‖²", "((y - Xw)^⊤(y - Xw))"),
        (r"\langle w, x_i \rangle", "(w)^⊤(x_i)"),
    ],
)
def test_norms_and_inner_products_are_products(norm, product):
    from gdgrade.grading.symbolic.normalise import normalise

    assert normalise(norm).text.strip() == product
