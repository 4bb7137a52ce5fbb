"""Every number that bounds the work on one answer, named and documented.

A hostile answer (``x**10**10**10``, 10,000 nested brackets, a megabyte of
text) must be refused before it costs time or memory.  The readers check the
static bounds (length, nesting, literal sizes, exponents, degree) before any
sympy object is built; the evaluator counts its steps and watches the clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

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
        Most evaluation steps (nodes visited, summands added) for one answer, or
        for one step of a derivation (a right answer takes about a thousand).
    seconds : float
        Wall-clock budget of one answer (or derivation step); past it the answer
        is refused as too complex.
    max_lines : int
        Most lines in a derivation.
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
    max_steps: int = 50_000
    seconds: float = 3.0
    max_lines: int = 50


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
    """The evaluation steps and the time left for one check."""

    __slots__ = ("deadline", "left", "limits", "seconds")

    def __init__(self, limits: Limits = DEFAULT_LIMITS, parts: int = 1) -> None:
        self.limits = limits
        self.left = limits.max_steps * parts
        self.seconds = limits.seconds * parts
        self.deadline = time.perf_counter() + self.seconds

    def tick(self, cost: int = 1) -> None:
        """Spend ``cost`` steps; raise :class:`TooComplex` when the steps or the time run out."""
        self.left -= cost
        if self.left < 0:
            raise TooComplex(
                "checking this answer took too many steps; "
                "it is far more complicated than the gradient"
            )
        if self.left & 1023 < cost and time.perf_counter() > self.deadline:
            raise TooComplex(
                f"checking this answer took more than {self.seconds:g} s; "
                "it is far more complicated than the gradient"
            )
