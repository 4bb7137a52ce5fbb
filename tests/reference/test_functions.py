"""Properties of the reference functions, for every convention."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gdgrade.reference import (
    LOSSES,
    AdalineGD,
    Convention,
    cost,
    gradient,
    learning_rate_bound,
    least_squares,
    net_input,
    predict,
    update,
)

from .data import problems

ALL_LOSSES = sorted(LOSSES)


def central_differences(f, w, h=1e-6):
    g = np.empty_like(w)
    for j in range(len(w)):
        e = np.zeros_like(w)
        e[j] = h * max(1.0, abs(w[j]))
        g[j] = (f(w + e) - f(w - e)) / (2 * e[j])
    return g


@pytest.mark.parametrize("loss", ALL_LOSSES)
@given(problem=problems())
def test_gradient_equals_central_differences_of_the_cost(loss, problem):
    X, y, w = problem
    conv = Convention(loss=loss)
    numeric = central_differences(lambda v: cost(X, y, v, convention=conv), w)
    analytic = gradient(X, y, w, convention=conv)
    scale = 1.0 + np.abs(analytic).max()
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-5 * scale)


def test_gradient_is_the_designs_formula_for_half_sse():
    X = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.0]])
    y = np.array([1.0, -1.0, 1.0])
    w = np.array([0.1, -0.2, 0.3])
    e = y - (X @ w[1:] + w[0])
    Xa = np.hstack([np.ones((3, 1)), X])
    np.testing.assert_allclose(gradient(X, y, w), -(Xa.T @ e), rtol=1e-15)
    np.testing.assert_allclose(update(X, y, w, 0.1), w + 0.1 * (Xa.T @ e), rtol=1e-15)
    assert cost(X, y, w) == pytest.approx(0.5 * e @ e, rel=1e-15)


@given(problem=problems(), eta=st.floats(1e-4, 1.0))
def test_update_leaves_its_inputs_untouched(problem, eta):
    X, y, w = problem
    copies = X.copy(), y.copy(), w.copy()
    new = update(X, y, w, eta)
    for before, after in zip(copies, (X, y, w), strict=True):
        np.testing.assert_array_equal(before, after)
    assert new is not w


@pytest.mark.parametrize("labels", ["pm1", "01"])
@given(problem=problems(labels="pm1"))
def test_predict_thresholds_at_the_conventions_threshold(labels, problem):
    X, _, w = problem
    conv = Convention(labels=labels)
    spec = conv.label_spec
    z = net_input(X, w)
    expected = np.where(z >= spec.threshold, spec.positive, spec.negative)
    np.testing.assert_array_equal(predict(X, w, convention=conv), expected)


@pytest.mark.parametrize(("labels", "on_threshold"), [("pm1", 1.0), ("01", 1.0)])
def test_a_net_input_exactly_on_the_threshold_is_positive(labels, on_threshold):
    conv = Convention(labels=labels)
    X = np.array([[0.0], [1.0], [-1.0]])
    threshold = conv.label_spec.threshold
    w = np.array([threshold, 0.0])  # every net input is exactly the threshold
    assert set(predict(X, w, convention=conv)) == {on_threshold}
    w_zero = np.zeros(2)
    expected_at_zero = 1.0 if labels == "pm1" else 0.0
    assert set(predict(X, w_zero, convention=conv)) == {expected_at_zero}


def test_regression_predict_is_the_net_input():
    X = np.array([[1.0, 2.0], [3.0, 4.0]])
    w = np.array([0.5, 1.0, -1.0])
    np.testing.assert_array_equal(
        predict(X, w, convention=Convention(labels="real")), X @ w[1:] + 0.5
    )


def _well_conditioned(X):
    Xa = np.hstack([np.ones((len(X), 1)), X])
    return np.linalg.cond(Xa.T @ Xa)


@pytest.mark.parametrize("loss", ALL_LOSSES)
# The assume() below drops ill-conditioned problems; on a loaded machine Hypothesis's
# filter health check failed now and then (8 kept of 58 drawn): the filtering is the point.
@settings(
    max_examples=40, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow]
)
@given(problem=problems(min_samples=4, max_features=3), fraction=st.floats(0.1, 0.9))
def test_below_the_bound_cost_decreases_every_epoch_and_reaches_least_squares(
    loss, problem, fraction
):
    X, y, _ = problem
    assume(_well_conditioned(X) < 50)
    conv = Convention(loss=loss, labels="real")
    eta = fraction * learning_rate_bound(X, convention=conv)
    model = AdalineGD(eta=eta, n_iter=4000, convention=conv).fit(X, y)
    costs = np.array(model.cost_)
    assert np.all(np.diff(costs) <= 1e-12 * (1 + costs[:-1])), "cost went up below the bound"
    w_star = least_squares(X, y)
    np.testing.assert_allclose(model.w_, w_star, atol=1e-6 * (1 + np.abs(w_star).max()))


@pytest.mark.parametrize("loss", ALL_LOSSES)
@settings(max_examples=30)
@given(problem=problems(min_samples=2, max_features=3), factor=st.floats(1.2, 3.0))
def test_above_the_bound_cost_grows(loss, problem, factor):
    X, y, _ = problem
    conv = Convention(loss=loss, labels="real")
    assume(_well_conditioned(X) < 1e6)
    eta = factor * learning_rate_bound(X, convention=conv)
    model = AdalineGD(eta=eta, n_iter=200, convention=conv).fit(X, y)
    assert model.cost_[-1] > 10 * model.cost_[0]


def test_bound_for_half_sse_is_two_over_lambda_max():
    X = np.array([[1.0, 2.0], [0.0, 1.0], [3.0, -1.0]])
    Xa = np.hstack([np.ones((3, 1)), X])
    lam = np.linalg.eigvalsh(Xa.T @ Xa)[-1]
    assert learning_rate_bound(X) == pytest.approx(2 / lam)
    assert learning_rate_bound(X, convention=Convention(loss="mse")) == pytest.approx(3 / lam)
