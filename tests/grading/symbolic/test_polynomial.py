"""Exact sparse polynomials."""

from __future__ import annotations

from fractions import Fraction

import pytest

from gdgrade.grading.symbolic.errors import TooComplex
from gdgrade.grading.symbolic.limits import Limits
from gdgrade.grading.symbolic.polynomial import Polynomial

a, b = Polynomial.variable("a"), Polynomial.variable("b")


def test_arithmetic_is_exact_and_canonical():
    assert (a + b) * (a - b) == a * a - b * b
    assert (a + b).power(2) == a * a + (a * b).scale(2) + b * b
    assert (a - a).is_zero()
    assert a.scale(Fraction(1, 3)).scale(3) == a
    assert str((a - b) * (a + b)) == "a**2 - b**2"


def test_derivative_and_value():
    p = (a * a * b).scale(3) + b
    assert p.diff("a") == (a * b).scale(6)
    assert p.diff("c").is_zero()
    assert p.evaluate({"a": 2, "b": Fraction(1, 2)}) == 6 + Fraction(1, 2)
    assert p.degree() == 3 and p.variables() == {"a", "b"}


def test_constants():
    assert Polynomial.constant(0).is_zero()
    assert Polynomial.constant(5).constant_value() == 5
    assert a.constant_value() is None


def test_size_limits():
    big = Polynomial({(f"v{k}",): 1 for k in range(300)})
    with pytest.raises(TooComplex):
        big.multiply(big, Limits(max_product_terms=10_000))
    with pytest.raises(TooComplex):
        big.multiply(big, Limits(max_terms=1_000))
