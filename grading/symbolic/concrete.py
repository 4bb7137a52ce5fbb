"""An expression of the notation at a concrete size, built directly as an exact polynomial.

At a size (n, m, j) a sum ``Sum(f, (i, 1, n))`` is the explicit sum of f at
i = 1..n, ``x[2, 1]`` is the variable named ``"x[2, 1]"`` (``x[i, 0]`` is 1),
``z[i]`` is the net input ``w[0] + w[1]*x[i, 1] + ...``, ``phi`` is the identity,
``Derivative(f, w[j])`` is the partial derivative of f's polynomial, and ``J``
is the cost.  This replaces sympy's ``doit()`` (KroneckerDelta, Piecewise) and
``expand``: the tree is walked once, each node becomes a
:class:`~.polynomial.Polynomial`, and the work is counted by a
:class:`~.limits.Budget`.

An index outside the data (``y[0]``, ``x[i, m + 1]``) is a variable of its own,
recorded in :attr:`Evaluator.outside` so that the verdict can name it.  A sum
whose upper limit is below its lower limit is empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache
from math import isqrt
from typing import NamedTuple

from sympy import Add, Derivative, Expr, Indexed, Mul, Pow, Rational, Sum, Symbol, exp, log
from sympy.core.function import AppliedUndef

from . import notation as nt
from .errors import NotPolynomial, TooComplex
from .limits import DEFAULT_LIMITS, Budget, Limits
from .polynomial import Polynomial

__all__ = ["Evaluator", "Size", "evaluate_trusted", "reference_polynomial", "variable"]

_ONE = Polynomial.constant(1)


class Size(NamedTuple):
    """A concrete size: n samples, features 0..m, and the weight j the gradient is for."""

    n: int
    m: int
    j: int

    def __str__(self) -> str:
        return f"n = {self.n}, m = {self.m}, j = {self.j}"


def variable(base: str, *indices: int) -> str:
    """The name of a concrete variable: ``x[2, 1]``, ``y[1]``, ``w[0]``."""
    return f"{base}[{', '.join(map(str, indices))}]"


@lru_cache(maxsize=256)
def _net_input(n: int, m: int, sample: int) -> Polynomial:
    return evaluate_trusted(nt.net_input(nt.i), Size(n, m, 0), ((nt.i, sample),))


@lru_cache(maxsize=64)
def _cost(loss: str, n: int, m: int) -> Polynomial:
    from .derive import _derive  # the cost is the convention's, derived there

    return evaluate_trusted(_derive(loss, "w0").cost, Size(n, m, 0))


class Evaluator:
    """Evaluates expressions at one size.

    Parameters
    ----------
    size : Size
        n, m and the value of the free index j.
    free : mapping of Symbol to int
        Values of other free indices (an answer that forgot a sum).
    loss : str
        The convention's loss, for ``J`` in derivation steps.
    budget : Budget or None
        Steps and time left; None for trusted expressions (the reference).
    limits : Limits
        The bounds.
    standard_ranges : bool
        Evaluate every sum over its index's standard range (1..n for samples,
        0..m for features) instead of the range written, to diagnose a wrong range.
    """

    def __init__(
        self,
        size: Size,
        *,
        free: Mapping[Symbol, int] = {},
        loss: str = "half_sse",
        budget: Budget | None = None,
        limits: Limits = DEFAULT_LIMITS,
        standard_ranges: bool = False,
    ) -> None:
        self.size = size
        self.n, self.m = size.n, size.m
        self.env: dict[Symbol, int] = {nt.j: size.j, **free}
        self.loss = loss
        self.budget = budget
        self.limits = limits
        self.standard_ranges = standard_ranges
        self.outside: set[str] = set()

    # -- polynomials -----------------------------------------------------
    def poly(self, expr: Expr) -> Polynomial:
        """``expr`` at this size as an exact polynomial."""
        if self.budget is not None:
            self.budget.tick()
        if isinstance(expr, Indexed):
            return self._indexed(expr)
        if isinstance(expr, Mul):
            result = _ONE
            for arg in expr.args:
                result = result.multiply(self.poly(arg), self.limits)
            return result
        if isinstance(expr, Add):
            result = Polynomial({})
            for arg in expr.args:
                result = result + self.poly(arg)
            return result
        if isinstance(expr, Rational):
            value = int(expr.p) if expr.q == 1 else Fraction(int(expr.p), int(expr.q))
            return Polynomial.constant(value)
        if isinstance(expr, Symbol):
            return self._symbol(expr)
        if isinstance(expr, Pow):
            return self._power(expr)
        if isinstance(expr, Sum):
            return self._sum(expr.function, list(expr.limits))
        if isinstance(expr, AppliedUndef) and expr.func == nt.phi:
            (arg,) = expr.args
            return self.poly(arg)  # the identity activation
        if isinstance(expr, Derivative):
            result = self.poly(expr.expr)
            for var, count in expr.variable_count:
                name = self._variable_of(var)
                for _ in range(int(count)):
                    result = result.diff(name)
            return result
        if isinstance(expr, exp):
            return self._constant_function(expr, "exp", lambda v: 1 if v == 0 else None)
        if isinstance(expr, log):
            return self._constant_function(expr, "log", lambda v: 0 if v == 1 else None)
        raise NotPolynomial(f"{nt.show(expr)} cannot be part of the gradient")

    def _symbol(self, symbol: Symbol) -> Polynomial:
        if symbol == nt.eta:
            return Polynomial.variable("eta")
        if symbol == nt.b:
            return Polynomial.variable(variable("w", 0))
        if symbol == nt.J:
            return _cost(self.loss, self.n, self.m)
        return Polynomial.constant(self.integer(symbol))

    def _indexed(self, expr: Indexed) -> Polynomial:
        base = expr.base.label.name
        idx = [self.integer(e) for e in expr.indices]
        n, m = self.n, self.m
        if base == "x":
            sample, feature = idx
            if 1 <= sample <= n and 0 <= feature <= m:
                return _ONE if feature == 0 else Polynomial.variable(variable("x", *idx))
        elif base in ("y", "z"):
            if 1 <= idx[0] <= n:
                if base == "z":
                    return _net_input(n, m, idx[0])
                return Polynomial.variable(variable("y", *idx))
        elif 0 <= idx[0] <= m:  # w
            return Polynomial.variable(variable("w", *idx))
        name = variable(base, *idx)
        self.outside.add(name)
        return Polynomial.variable(name)

    def _variable_of(self, var: Expr) -> str:
        """The variable a derivative is taken with respect to (w[...] or b)."""
        if var == nt.b:
            return variable("w", 0)
        (f,) = (self.integer(e) for e in var.indices)
        name = variable("w", f)
        if not 0 <= f <= self.m:
            self.outside.add(name)
        return name

    def _power(self, expr: Pow) -> Polynomial:
        base, exponent = expr.args
        if exponent.is_Integer:
            e = int(exponent)
            value = self.poly(base)
            if e >= 0:
                return value.power(e, self.limits)
            constant = value.constant_value()
            if constant is None:
                raise NotPolynomial(
                    f"it divides by {nt.show(base)}, which depends on the data or weights"
                )
            if constant == 0:
                raise NotPolynomial(f"it divides by zero at {self.size}")
            return Polynomial.constant(Fraction(1) / Fraction(constant) ** -e)
        if exponent == Rational(1, 2):
            value = self.poly(base).constant_value()
            root = _exact_sqrt(value) if value is not None else None
            if root is None:
                raise NotPolynomial(f"sqrt({nt.show(base)}) is not a polynomial")
            return Polynomial.constant(root)
        raise NotPolynomial(f"{nt.show(expr)} is not a polynomial")

    def _constant_function(self, expr: Expr, name: str, rule) -> Polynomial:
        value = self.poly(expr.args[0]).constant_value()
        result = None if value is None else rule(value)
        if result is None:
            raise NotPolynomial(f"{name}({nt.show(expr.args[0])}) is not a polynomial")
        return Polynomial.constant(result)

    def _sum(self, body: Expr, limits: list) -> Polynomial:
        """Sums over ``limits`` (the first is innermost, as in sympy)."""
        if not limits:
            return self.poly(body)
        var, lo, hi = limits[-1]
        if self.standard_ranges:
            standard = nt.standard_limits(body, var)
            if standard is not None:
                lo, hi = standard
        first, last = self.integer(lo), self.integer(hi)
        if last - first + 1 > self.limits.max_sum_terms:
            raise TooComplex(
                f"a sum over {var} has {last - first + 1} terms at {self.size}; "
                f"at most {self.limits.max_sum_terms} are checked"
            )
        saved = self.env.get(var)
        result = Polynomial({})
        try:
            for value in range(first, last + 1):
                self.env[var] = value
                if self.budget is not None:
                    self.budget.tick()
                result = result + self._sum(body, limits[:-1])
        finally:
            if saved is None:
                self.env.pop(var, None)
            else:
                self.env[var] = saved
        return result

    # -- integers (indices and limits) -------------------------------------
    def integer(self, expr: Expr) -> int:
        """An index or a limit at this size."""
        if expr.is_Integer:
            return int(expr)
        if expr == nt.n:
            return self.n
        if expr == nt.m:
            return self.m
        if isinstance(expr, Symbol):
            if expr in self.env:
                return self.env[expr]
            raise NotPolynomial(f"the index {expr} has no value here")
        if isinstance(expr, Add):
            return sum(self.integer(a) for a in expr.args)
        if isinstance(expr, Mul):
            result = 1
            for a in expr.args:
                result *= self.integer(a)
            return result
        raise NotPolynomial(f"{nt.show(expr)} is not a whole number")


def _exact_sqrt(value: int | Fraction) -> int | Fraction | None:
    value = Fraction(value)
    if value < 0:
        return None
    num, den = isqrt(value.numerator), isqrt(value.denominator)
    if num * num == value.numerator and den * den == value.denominator:
        return Fraction(num, den)
    return None


@lru_cache(maxsize=16384)
def evaluate_trusted(
    expr: Expr, size: Size, free: tuple[tuple[Symbol, int], ...] = (), loss: str = "half_sse"
) -> Polynomial:
    """A trusted expression (the reference, a catalogue entry) at a size, cached."""
    return Evaluator(size, free=dict(free), loss=loss).poly(expr)


@lru_cache(maxsize=1024)
def reference_polynomial(loss: str, target: str, size: Size) -> Polynomial:
    """dJ/dw_j (``target='gradient'``) or Δw_j = -eta dJ/dw_j at a size.

    Derived at the size itself: the cost's polynomial, differentiated with
    respect to ``w[j]``.  The tests check that it equals the symbolic reference
    of :mod:`.derive` evaluated at the size.
    """
    gradient = _cost(loss, size.n, size.m).diff(variable("w", size.j))
    if target == "gradient":
        return gradient
    return gradient.multiply(Polynomial.variable("eta")).scale(-1)
