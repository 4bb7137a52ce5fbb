"""Exact sparse polynomials in named variables, the arithmetic of the equivalence check.

At a concrete size (n, m, j) every answer is a polynomial in the variables
``x[1, 1]``, ``y[2]``, ``w[0]``, ``eta``, ... with rational coefficients.  A
:class:`Polynomial` maps each monomial, a sorted tuple of variable names (a name
repeated for a power), to a non-zero ``int`` or ``Fraction``.  Two answers are
equal at that size exactly when their polynomials are equal: no floating point,
no simplification heuristics.  Polynomials are never mutated once built.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from .errors import TooComplex
from .limits import DEFAULT_LIMITS, Limits

__all__ = ["Coefficient", "Polynomial"]

Coefficient = int | Fraction
Monomial = tuple[str, ...]


class Polynomial:
    """An exact polynomial; build with :meth:`constant` and :meth:`variable`, combine with ops.

    Examples
    --------
    >>> a, b = Polynomial.variable("a"), Polynomial.variable("b")
    >>> str((a - b) * (a + b))
    'a**2 - b**2'
    """

    __slots__ = ("terms",)

    def __init__(self, terms: Mapping[Monomial, Coefficient]) -> None:
        self.terms = dict(terms)

    # -- construction ----------------------------------------------------
    @classmethod
    def constant(cls, value: Coefficient) -> Polynomial:
        """The constant polynomial ``value``."""
        return cls({(): value} if value else {})

    @classmethod
    def variable(cls, name: str) -> Polynomial:
        """The polynomial made of one variable."""
        return cls({(name,): 1})

    # -- inspection ------------------------------------------------------
    def is_zero(self) -> bool:
        """Whether every coefficient is zero."""
        return not self.terms

    def constant_value(self) -> Coefficient | None:
        """The value when the polynomial is a constant, else None."""
        if not self.terms:
            return 0
        if len(self.terms) == 1 and () in self.terms:
            return self.terms[()]
        return None

    def degree(self) -> int:
        """The total degree (0 for constants, including zero)."""
        return max((len(mono) for mono in self.terms), default=0)

    def variables(self) -> set[str]:
        """The names of the variables that occur."""
        return {name for mono in self.terms for name in mono}

    def __len__(self) -> int:
        return len(self.terms)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Polynomial):
            return self.terms == other.terms
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self.terms.items()))

    # -- arithmetic ------------------------------------------------------
    def __add__(self, other: Polynomial) -> Polynomial:
        if len(other.terms) > len(self.terms):
            self, other = other, self
        out = dict(self.terms)
        for mono, coeff in other.terms.items():
            total = out.get(mono, 0) + coeff
            if total:
                out[mono] = total
            else:
                out.pop(mono, None)
        return Polynomial(out)

    def __neg__(self) -> Polynomial:
        return Polynomial({mono: -coeff for mono, coeff in self.terms.items()})

    def __sub__(self, other: Polynomial) -> Polynomial:
        return self + (-other)

    def scale(self, factor: Coefficient) -> Polynomial:
        """Every coefficient times ``factor``."""
        if not factor:
            return Polynomial({})
        return Polynomial({mono: coeff * factor for mono, coeff in self.terms.items()})

    def multiply(self, other: Polynomial, limits: Limits = DEFAULT_LIMITS) -> Polynomial:
        """The product, refused (:class:`TooComplex`) when it would be too large."""
        if len(self.terms) * len(other.terms) > limits.max_product_terms:
            raise TooComplex("the answer expands into too many terms to check")
        if len(other.terms) == 1 and () in other.terms:
            return self.scale(other.terms[()])
        if len(self.terms) == 1 and () in self.terms:
            return other.scale(self.terms[()])
        out: dict[Monomial, Coefficient] = {}
        for mono_a, coeff_a in self.terms.items():
            for mono_b, coeff_b in other.terms.items():
                if not mono_a:
                    mono = mono_b
                elif not mono_b:
                    mono = mono_a
                else:
                    mono = tuple(sorted(mono_a + mono_b))
                total = out.get(mono, 0) + coeff_a * coeff_b
                if total:
                    out[mono] = total
                else:
                    out.pop(mono, None)
        if len(out) > limits.max_terms:
            raise TooComplex("the answer expands into too many terms to check")
        return Polynomial(out)

    __mul__ = multiply

    def power(self, exponent: int, limits: Limits = DEFAULT_LIMITS) -> Polynomial:
        """``self ** exponent`` for an integer ``exponent >= 0`` (by repeated squaring)."""
        result, base = Polynomial.constant(1), self
        while exponent:
            if exponent & 1:
                result = result.multiply(base, limits)
            exponent >>= 1
            if exponent:
                base = base.multiply(base, limits)
        return result

    def diff(self, name: str) -> Polynomial:
        """The partial derivative with respect to the variable ``name``."""
        out: dict[Monomial, Coefficient] = {}
        for mono, coeff in self.terms.items():
            power = mono.count(name)
            if power:
                position = mono.index(name)
                reduced = mono[:position] + mono[position + 1 :]
                out[reduced] = out.get(reduced, 0) + coeff * power
        return Polynomial({mono: coeff for mono, coeff in out.items() if coeff})

    def evaluate(self, values: Mapping[str, Coefficient]) -> Coefficient:
        """The value at a point; variables missing from ``values`` are 0."""
        total: Coefficient = 0
        for mono, coeff in self.terms.items():
            term = coeff
            for name in mono:
                term *= values.get(name, 0)
                if not term:
                    break
            total += term
        return total

    def monomials(self) -> Iterable[Monomial]:
        """The monomials, lowest degree first, then by name."""
        return sorted(self.terms, key=lambda mono: (len(mono), mono))

    def __str__(self) -> str:
        if not self.terms:
            return "0"
        parts = []
        for mono in self.monomials():
            coeff = self.terms[mono]
            factors = []
            for name in sorted(set(mono)):
                power = mono.count(name)
                factors.append(name if power == 1 else f"{name}**{power}")
            if not factors:
                parts.append(str(coeff))
            elif coeff == 1:
                parts.append("*".join(factors))
            elif coeff == -1:
                parts.append("-" + "*".join(factors))
            else:
                parts.append(f"{coeff}*" + "*".join(factors))
        return " + ".join(parts).replace("+ -", "- ")

    __repr__ = __str__
