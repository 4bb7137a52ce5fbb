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
from .sizes import DEFAULT_M, DEFAULT_N, box

__all__ = [
    "DEFAULT_SIZES",
    "Counterexample",
    "Evaluated",
    "counterexample",
    "equal_everywhere",
    "format_number",
]

DEFAULT_SIZES: tuple[Size, ...] = box(DEFAULT_N, DEFAULT_M)
"""Every size with 1 <= n <= 4, 1 <= m <= 3 and j = 0..m (36 sizes), smallest first: the
fewest an answer is compared at (:mod:`.sizes` chooses more when the answer needs them)."""

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
    """Where two expressions differ: a size, values of the variables, and both results.

    When no point was found within the bounds, ``values`` is None and ``left``
    and ``right`` are the coefficients of ``monomial`` in each.
    """

    size: Size
    values: dict[str, Coefficient] | None
    left: Coefficient
    right: Coefficient
    monomial: str | None = None

    def describe(self, left: str, right: str) -> str:
        """One sentence: at which size and values ``left`` and ``right`` differ."""
        if self.values is None:
            return (
                f"at {self.size} the coefficient of {self.monomial} is "
                f"{format_number(self.left)} in {left} but {format_number(self.right)} in {right}"
            )
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


def _point(
    difference: Polynomial, base: dict[str, Coefficient], work: int
) -> dict[str, Coefficient] | None:
    """Small values of the variables where ``difference`` is not zero (deterministic), or None.

    First ``base`` (eta = 1) with the variables of one monomial set to 1, lowest
    degree first; then seeded random integers, small before large.  Each point
    costs as many terms as ``difference`` has; at most ``work`` terms are spent.
    """
    tries = max(1, work // max(1, len(difference)))

    def candidates():
        for start in (base, {}):
            for mono in difference.monomials():
                yield {**start, **dict.fromkeys(mono, 1)}
        names = sorted(difference.variables())
        rng = random.Random(0)
        for spread in (2, 5, 100, 10**6):
            for _ in range(100):
                point = {name: rng.randint(-spread, spread) for name in names}
                yield {name: value for name, value in point.items() if value}

    for point in itertools.islice(candidates(), tries):
        if difference.evaluate(point):
            return point
    return None


def counterexample(
    size: Size, left: Polynomial, right: Polynomial, limits: Limits = DEFAULT_LIMITS
) -> Counterexample:
    """Values where two different polynomials differ, and the value of each there.

    When the bounded search finds none, the lowest monomial whose coefficients
    differ, with both coefficients.
    """
    names = left.variables() | right.variables()
    difference = left - right
    point = _point(difference, {"eta": 1} if "eta" in names else {}, limits.max_point_terms)
    if point is None:
        mono = next(iter(difference.monomials()))
        shown = str(Polynomial({mono: 1}))
        return Counterexample(size, None, left.terms.get(mono, 0), right.terms.get(mono, 0), shown)
    shown = {name: value for name, value in point.items() if value and name in names}
    return Counterexample(size, shown, left.evaluate(point), right.evaluate(point))


def equal_everywhere(
    student: Evaluated,
    target: Callable[[Size, Assignment], Polynomial],
    sizes: Iterable[Size],
) -> tuple[Size, Assignment] | None:
    """The first (size, free-index values) where they differ, or None when always equal."""
    for size in sizes:
        student.budget.check_time()
        for assignment in student.assignments(size):
            if student.at(size, assignment) != target(size, assignment):
                return size, assignment
    return None
