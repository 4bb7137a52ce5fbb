"""The reference gradient and update, derived by sympy from the convention's cost.

Nothing here is typed in: the cost ``J = c * Sum((y[i] - phi(z[i]))**2, (i, 1,
n))`` takes its constant c from :data:`gdgrade.reference.LOSSES` (the scale,
divided by n for a mean), sympy differentiates it with respect to ``w[j]`` with
the net input written out, and two exact rules finish the job: the derivative
of the identity activation is 1 (from :data:`~.notation.ACTIVATION`), and
``Sum(f(k)*KroneckerDelta(j, k), (k, 0, m)) = f(j)`` because ``0 <= j <= m``.
The result is split into its parts (the constant, the error, the feature) so
that the catalogue of mistakes can build wrong answers from it.

With a separate bias ``b``, the cost is the same function of ``b = w[0]`` (and
``x[i, 0] = 1``), so ``dJ/db`` is the ``j = 0`` case of ``dJ/dw_j``: students
write the one formula for ``w_j``, which covers the bias.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from sympy import (
    Derivative,
    Expr,
    KroneckerDelta,
    Mul,
    Rational,
    Subs,
    Sum,
    Symbol,
    factor_terms,
)

from gdgrade.reference import DEFAULT, LOSSES, Convention

from . import notation as nt

__all__ = ["Reference", "loss_constant", "reference"]


def loss_constant(loss: str) -> Expr:
    """The constant c of ``J = c * Sum(e_i**2)``: the loss's scale, over n for a mean."""
    spec = LOSSES[loss]
    scale = Fraction(repr(spec.scale))
    c = Rational(scale.numerator, scale.denominator)
    return c / nt.n if spec.mean else c


def _activation_derivatives(expr: Expr) -> Expr:
    """``Subs(Derivative(phi(t), t), t, a)`` -> the activation's derivative at a."""
    t = Symbol("t")
    slope = Derivative(nt.ACTIVATION(t), t).doit()

    def rule(node: Expr) -> bool:
        return (
            isinstance(node, Subs)
            and isinstance(node.expr, Derivative)
            and node.expr.expr.func == nt.phi
        )

    return expr.replace(rule, lambda node: slope.subs(t, node.point[0]))


def _sift_kronecker(expr: Expr) -> Expr:
    """``Sum(f(k)*KroneckerDelta(j, k), (k, lo, hi)) -> f(j)`` for j within the range."""

    def rule(node: Expr) -> bool:
        return (
            isinstance(node, Sum)
            and len(node.limits) == 1
            and any(isinstance(f, KroneckerDelta) for f in Mul.make_args(node.function))
        )

    def sift(node: Sum) -> Expr:
        var = node.limits[0][0]
        factors = Mul.make_args(node.function)
        delta = next(f for f in factors if isinstance(f, KroneckerDelta))
        (other,) = [a for a in delta.args if a != var]
        rest = Mul(*(f for f in factors if f is not delta))
        return rest.subs(var, other)

    return expr.replace(rule, sift)


@dataclass(frozen=True)
class Reference:
    """What the convention's cost gives, derived by sympy.

    ``gradient == coefficient * Sum(error * feature, (i, 1, n))`` and
    ``update == -eta * gradient``.

    Attributes
    ----------
    loss, bias : str
        The convention's loss and bias place.
    cost : Expr
        J, with the net input written ``z[i]``.
    gradient, update : Expr
        dJ/dw_j and Δw_j.
    coefficient : Expr
        The constant in front of the sum (-1 for half SSE, -2/n for MSE).
    error, feature : Expr
        ``y[i] - phi(z[i])`` and ``x[i, j]``, as they come out of the derivation.
    """

    loss: str
    bias: str
    cost: Expr
    gradient: Expr
    update: Expr
    coefficient: Expr
    error: Expr
    feature: Expr

    def rebuild(
        self,
        coefficient: Expr | None = None,
        error: Expr | None = None,
        feature: Expr | None = None,
    ) -> Expr:
        """The gradient with some of its parts replaced (for the catalogue of mistakes)."""
        coefficient = self.coefficient if coefficient is None else coefficient
        error = self.error if error is None else error
        feature = self.feature if feature is None else feature
        return coefficient * Sum(error * feature, (nt.i, 1, nt.n))


@cache
def _derive(loss: str, bias: str) -> Reference:
    i, j = nt.i, nt.j
    c = loss_constant(loss)
    written_out = nt.net_input(i)
    cost = c * Sum((nt.y[i] - nt.phi(nt.z[i])) ** 2, (i, 1, nt.n))
    derivative = cost.xreplace({nt.z[i]: written_out}).diff(nt.w[j])
    derivative = _sift_kronecker(_activation_derivatives(derivative))
    gradient = factor_terms(derivative.xreplace({written_out: nt.z[i]}))
    coefficient, total = gradient.as_independent(Sum, as_Add=False)
    if not (isinstance(total, Sum) and total.limits == ((i, 1, nt.n),)):
        raise RuntimeError(f"unexpected shape of the derived gradient: {gradient}")
    numeric, summand = total.function.as_independent(i, as_Add=False)
    coefficient *= numeric
    error, feature = summand.as_independent(nt.x[i, j], as_Add=False)
    if feature != nt.x[i, j]:
        raise RuntimeError(f"unexpected summand of the derived gradient: {summand}")
    # The same expression with every constant in front: coefficient * Sum(error * feature).
    gradient = coefficient * Sum(error * feature, (i, 1, nt.n))
    return Reference(
        loss=loss,
        bias=bias,
        cost=cost,
        gradient=gradient,
        update=-nt.eta * gradient,
        coefficient=coefficient,
        error=error,
        feature=feature,
    )


def reference(convention: Convention = DEFAULT) -> Reference:
    """The :class:`Reference` of ``convention`` (derived once per loss and bias place)."""
    return _derive(convention.loss, convention.bias)
