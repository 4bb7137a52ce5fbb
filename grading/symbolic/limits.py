"""Every number that bounds the work on one submission's derivation, named and documented.

A hostile answer (``x**10**10**10``, 10,000 nested brackets, a megabyte of
text) must be refused before it costs time or memory.  The readers check the
static bounds (length, nesting, literal sizes, exponents, degree, number of
lines and sides) before any sympy object is built; the evaluator counts its
steps and watches the clock.

The steps and the seconds are one :class:`Budget` per submission: the gradient,
the update and the derivation's steps, with the catalogue of mistakes, the
search for a counterexample and the larger sizes chosen from an answer, all
draw on the same budget, which is never multiplied by what the student wrote
(more lines or more ``=`` do not buy more time).  When it runs out, the checks
not yet judged are refused as too complex to check within that time, which the
grader reports as withheld, not as a wrong answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from .errors import TooComplex

__all__ = ["DEFAULT_LIMITS", "Budget", "Limits", "check_depth"]


@dataclass(frozen=True)
class Limits:
    """The bounds of the symbolic checker.

    Parameters
    ----------
    max_chars : int
        Longest answer, or step line, read at all (characters).
    max_nesting : int
        Deepest nesting of brackets and braces, checked on the text before parsing.
    max_tree_depth : int
        Deepest syntax tree (chains of operators count), checked before building.
    max_digits : int
        Most digits in one number literal.
    max_exponent : int
        Largest absolute integer exponent; exponents must be integer literals.
    max_degree : int
        Largest total degree of the answer as a polynomial in x, y, w, eta.
    max_bits : int
        Largest size (in bits) of the numbers the answer can produce.
    max_sum_terms : int
        Most terms of one sum at a concrete size.
    max_terms : int
        Most terms of one polynomial while evaluating.
    max_product_terms : int
        Most term-by-term products in one polynomial multiplication.
    max_steps : int
        Most evaluation steps (nodes visited, summands added) for one
        submission's whole derivation.  A right gradient takes about a thousand
        at the default sizes and the textbook's six-line derivation about eight
        thousand, so a whole submission stays under 30,000; the rest is room for
        unusual but honest answers that need larger sizes.
    seconds : float
        Wall-clock budget of one submission's whole derivation (10 s; the
        spec's ``[derivation] seconds``).  A right submission takes tens of
        milliseconds; a class of 300 where every submission were hostile would
        still be judged in under an hour.
    max_lines : int
        Most lines in a derivation.
    max_sides : int
        Most steps in a derivation, every side of every ``a = b = c`` line
        counted (the textbook's derivation has seven).
    max_size : int
        Largest n, and largest m + 1, at which an answer is compared: the sizes
        are chosen from the answer (:mod:`.sizes`), and an answer that would
        need larger ones to be checked for every n and m is refused.
    max_point_terms : int
        Most polynomial terms evaluated while looking for small values of the
        variables where two different polynomials differ (each point tried costs
        as many terms as the difference has); past them the message names a
        coefficient that differs instead.  A difference of a few dozen terms
        gets thousands of tries; a hostile one of 20,000 terms gets ten.
    """

    max_chars: int = 2000
    max_nesting: int = 40
    max_tree_depth: int = 100
    max_digits: int = 12
    max_exponent: int = 16
    max_degree: int = 16
    max_bits: int = 4096
    max_sum_terms: int = 64
    max_terms: int = 20_000
    max_product_terms: int = 200_000
    max_steps: int = 1_000_000
    seconds: float = 10.0
    max_lines: int = 50
    max_sides: int = 100
    max_size: int = 12
    max_point_terms: int = 200_000

    def with_seconds(self, seconds: float) -> Limits:
        """The same bounds with another time budget (the spec's ``[derivation] seconds``)."""
        return replace(self, seconds=seconds)


DEFAULT_LIMITS = Limits()


def check_depth(root: object, children: Callable[[object], Iterable[object]], limit: int) -> None:
    """Raise :class:`TooComplex` when the tree under ``root`` is more than ``limit`` deep.

    Walked with a stack, not recursion, so a hostile tree cannot exhaust the
    interpreter's stack here (the readers' and sympy's own walks do recurse).
    """
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise TooComplex(f"the answer is nested more than {limit} levels deep")
        stack.extend((child, depth + 1) for child in children(node))


class Budget:
    """The evaluation steps and the wall-clock time left for one submission's derivation.

    Create one per submission and pass it to every check of that submission;
    each check sets :attr:`checking` to what it judges, so that a check refused
    because an earlier one spent the budget says so.

    Parameters
    ----------
    limits : Limits
        ``max_steps`` and ``seconds`` are the budget; the clock starts now.
    """

    __slots__ = ("checking", "deadline", "left", "limits", "seconds", "spent_on")

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.left = limits.max_steps
        self.seconds = limits.seconds
        self.deadline = time.perf_counter() + self.seconds
        self.checking: str | None = None
        self.spent_on: str | None = None

    def _refuse(self, why: str) -> TooComplex:
        if self.spent_on is None:
            self.spent_on = self.checking
        elif self.spent_on != self.checking:
            why += f"; it ran out while checking {self.spent_on}"
        return TooComplex(why)

    def _out_of_time(self) -> TooComplex:
        return self._refuse(
            f"too complex to check within {self.seconds:g} s "
            "(the time allowed for judging one submission's derivation)"
        )

    def tick(self, cost: int = 1) -> None:
        """Spend ``cost`` steps; raise :class:`TooComplex` when the steps or the time run out."""
        self.left -= cost
        if self.left < 0:
            self.left = -1  # stays spent
            raise self._refuse(
                f"too complex to check within the {self.limits.max_steps:,} evaluation steps "
                "allowed for one submission's derivation (a right one takes a few thousand)"
            )
        if self.left & 1023 < cost and time.perf_counter() > self.deadline:
            raise self._out_of_time()

    def check_time(self) -> None:
        """Raise :class:`TooComplex` when the time (or the steps) already ran out."""
        if self.left < 0:
            self.tick(0)
        if time.perf_counter() > self.deadline:
            raise self._out_of_time()
