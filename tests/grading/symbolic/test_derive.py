"""The reference gradient and update, derived by sympy from each convention's cost."""

from __future__ import annotations

import numpy as np
import pytest
from sympy import KroneckerDelta, Piecewise, Subs

import gdgrade.reference as ref
from gdgrade.grading.symbolic import DEFAULT_SIZES, reference
from gdgrade.grading.symbolic import notation as nt
from gdgrade.grading.symbolic.concrete import Size, evaluate_trusted, reference_polynomial
from gdgrade.reference import LOSSES, Convention

CONVENTIONS = [Convention(loss=loss, bias=bias) for loss in LOSSES for bias in ("w0", "separate")]


def test_the_design_gradient_and_update():
    r = reference()
    assert nt.show(r.gradient) == "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
    assert nt.show(r.update) == "eta*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
    assert nt.show(r.cost) == "Sum((y[i] - phi(z[i]))**2, (i, 1, n))/2"


@pytest.mark.parametrize("convention", CONVENTIONS, ids=str)
def test_derived_not_typed(convention):
    r = reference(convention)
    for expr in (r.gradient, r.update):
        assert not expr.has(KroneckerDelta, Piecewise, Subs)
    spec = LOSSES[convention.loss]
    assert float(r.coefficient * (nt.n if spec.mean else 1)) == -2 * spec.scale


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_symbolic_equals_the_cost_differentiated_at_every_size(loss):
    r = reference(Convention(loss=loss))
    for size in DEFAULT_SIZES:
        assert evaluate_trusted(r.gradient, size, (), loss) == reference_polynomial(
            loss, "gradient", size
        )
        assert evaluate_trusted(r.update, size, (), loss) == reference_polynomial(
            loss, "update", size
        )


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_agrees_with_the_numeric_reference(loss):
    """The polynomial at data values gives gdgrade.reference.gradient's numbers."""
    rng = np.random.default_rng(0)
    convention = Convention(loss=loss)
    for size in (Size(3, 2, 0), Size(3, 2, 1), Size(4, 3, 3)):
        X = rng.integers(-3, 4, (size.n, size.m)).astype(float)
        y = rng.integers(-3, 4, size.n).astype(float)
        w = rng.integers(-3, 4, size.m + 1).astype(float)
        values = {f"x[{a + 1}, {b + 1}]": X[a, b] for a in range(size.n) for b in range(size.m)}
        values |= {f"y[{a + 1}]": y[a] for a in range(size.n)}
        values |= {f"w[{b}]": w[b] for b in range(size.m + 1)}
        poly = reference_polynomial(loss, "gradient", size)
        expected = ref.gradient(X, y, w, convention=convention)[size.j]
        assert float(poly.evaluate(values)) == pytest.approx(expected)
