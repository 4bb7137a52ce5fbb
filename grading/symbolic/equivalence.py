"""Decide whether two expressions are equal, exactly, at concrete sizes.

At each size (n, m, j) both sides become exact polynomials in the data, the
weights and eta (:mod:`.concrete`); they are equal at that size when the
polynomials are identical.  Dummy indices and the order of sums do not matter,
since the sums are carried out.  The sizes are tried from the smallest, so the
first size where two sides differ is the smallest one, and a point (values of
the variables, small integers where possible) where they differ is found from
the difference polynomial and shown to the student.

Where the time goes (``benchmarks/symbolic_equivalence.py``): sympy's ``subs`` +
``doit`` + ``expand`` at a size rebuilds generic expression trees (with
KroneckerDelta and Piecewise from the derivative) and expands them, about 50 ms
per size.  Here each node becomes a small exact polynomial in one walk of the
tree, the reference's polynomials are cached per (loss, size), and comparing is
dict equality: well under a millisecond per size, so every size up to n = 4,
m = 3 with every j = 0..m (36 sizes) is checked in a median of about 10 ms per
answer.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from sympy import Expr, Symbol

from . import notation as nt
from .concrete import Evaluator, Size
from .limits import DEFAULT_LIMITS, Budget, Limits
from .polynomial import Coefficient, Polynomial

__all__ = [
    "DEFAULT_SIZES",
    "Counterexample",
    "Evaluated",
    "counterexample",
    "equal_everywhere",
    "format_number",
]

DEFAULT_SIZES: tuple[Size, ...] = tuple(
    sorted(
        (Size(n, m, j) for n in range(1, 5) for m in range(1, 4) for j in range(m + 1)),
        key=lambda s: (s.n + s.m, s.n, s.m, s.j),
    )
)
"""Every size with 1 <= n <= 4, 1 <= m <= 3 and j = 0..m (36 sizes), smallest first."""

Assignment = tuple[tuple[Symbol, int], ...]


class Evaluated:
    """An untrusted expression, evaluated lazily at each size and kept.

    Parameters
    ----------
    expr : Expr
        The expression.
    free : sequence of Symbol
        Its free indices other than j; each takes every value of its range.
    loss : str
        The convention's loss (for ``J``).
    budget : Budget
        Shared by every evaluation of one check.
    limits : Limits
        The bounds.
    """

    def __init__(
        self,
        expr: Expr,
        free: Sequence[Symbol] = (),
        *,
        loss: str = "half_sse",
        budget: Budget | None = None,
        limits: Limits = DEFAULT_LIMITS,
        standard_ranges: bool = False,
    ) -> None:
        self.expr = expr
        self.free = tuple(free)
        self.loss = loss
        self.budget = budget if budget is not None else Budget(limits)
        self.limits = limits
        self.standard_ranges = standard_ranges
        self.outside: dict[Size, set[str]] = {}
        self._cache: dict[tuple[Size, Assignment], Polynomial] = {}

    def at(self, size: Size, assignment: Assignment = ()) -> Polynomial:
        """The polynomial at ``size`` (with the free indices set by ``assignment``)."""
        key = (size, assignment)
        if key not in self._cache:
            evaluator = Evaluator(
                size,
                free=dict(assignment),
                loss=self.loss,
                budget=self.budget,
                limits=self.limits,
                standard_ranges=self.standard_ranges,
            )
            self._cache[key] = evaluator.poly(self.expr)
            if evaluator.outside:
                self.outside.setdefault(size, set()).update(evaluator.outside)
        return self._cache[key]

    def assignments(self, size: Size) -> list[Assignment]:
        """Every combination of values of the free indices at ``size``."""
        return assignments(self.expr, self.free, size)


def assignments(expr: Expr, free: Sequence[Symbol], size: Size) -> list[Assignment]:
    """Values for free indices: a sample index runs over 1..n, a feature index over 0..m."""
    ranges = []
    for symbol in free:
        if nt.index_roles(expr, symbol) == {nt.FEATURE}:
            ranges.append(range(0, size.m + 1))
        else:
            ranges.append(range(1, size.n + 1))
    return [tuple(zip(free, values, strict=True)) for values in itertools.product(*ranges)]


@dataclass(frozen=True)
class Counterexample:
    """Where two expressions differ: a size, values of the variables, and both results."""

    size: Size
    values: dict[str, Coefficient]
    left: Coefficient
    right: Coefficient

    def describe(self, left: str, right: str) -> str:
        """One sentence: at which size and values ``left`` and ``right`` differ."""
        values = ", ".join(
            f"{name} = {format_number(value)}" for name, value in _ordered(self.values)
        )
        point = f" with {values} (the other values 0)" if values else " (with every value 0)"
        return (
            f"at {self.size}{point}, {left} is {format_number(self.left)} "
            f"but {right} is {format_number(self.right)}"
        )


def _ordered(values: dict[str, Coefficient]) -> list[tuple[str, Coefficient]]:
    order = {"x": 0, "y": 1, "w": 2, "z": 3, "e": 4}
    return sorted(values.items(), key=lambda kv: (order.get(kv[0][0], 9), kv[0]))


def format_number(value: Coefficient) -> str:
    """``3``, ``-1/2``."""
    value = Fraction(value)
    return str(value.numerator) if value.denominator == 1 else str(value)


def _point(difference: Polynomial, base: dict[str, Coefficient]) -> dict[str, Coefficient]:
    """Small values of the variables where ``difference`` is not zero (deterministic).

    First ``base`` (eta = 1) with the variables of one monomial set to 1, lowest
    degree first; then seeded random integers, small before large.
    """
    for start in (base, {}):
        for mono in difference.monomials():
            point = {**start, **dict.fromkeys(mono, 1)}
            if difference.evaluate(point):
                return point
    names = sorted(difference.variables())
    rng = random.Random(0)
    for spread in (2, 5, 100, 10**6):
        for _ in range(100):
            point = {name: rng.randint(-spread, spread) for name in names}
            if difference.evaluate(point):
                return {name: value for name, value in point.items() if value}
    raise AssertionError("a non-zero polynomial vanished at every point tried")


def counterexample(size: Size, left: Polynomial, right: Polynomial) -> Counterexample:
    """Values where two different polynomials differ, and the value of each there."""
    names = left.variables() | right.variables()
    point = _point(left - right, {"eta": 1} if "eta" in names else {})
    shown = {name: value for name, value in point.items() if value and name in names}
    return Counterexample(size, shown, left.evaluate(point), right.evaluate(point))


def equal_everywhere(
    student: Evaluated,
    target: Callable[[Size, Assignment], Polynomial],
    sizes: Iterable[Size],
) -> tuple[Size, Assignment] | None:
    """The first (size, free-index values) where they differ, or None when always equal."""
    for size in sizes:
        for assignment in student.assignments(size):
            if student.at(size, assignment) != target(size, assignment):
                return size, assignment
    return None
