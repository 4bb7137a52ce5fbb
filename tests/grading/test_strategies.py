"""The strategies: valid finite data, every edge case reached, small shrinks, early errors."""

import itertools
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, event, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from gdgrade.grading import strategies
from gdgrade.grading.strategies import (
    EDGE_CASES,
    LARGE,
    MAX_FEATURES,
    MAX_SAMPLES,
    REGIMES,
    TINY,
    datasets,
    edge_cases,
    initial_weights,
    learning_rates,
    problems,
    weights,
)
from gdgrade.reference import LABELS, LOSSES, Convention, augment, cost, learning_rate_bound, update


def assert_finite_float64(*arrays):
    for a in arrays:
        assert isinstance(a, np.ndarray) and a.dtype == np.float64
        assert np.all(np.isfinite(a))


# -- valid data ---------------------------------------------------------------------------


@given(problem=problems())
def test_problems_are_small_finite_and_of_matching_shapes(problem):
    X, y, w = problem
    assert_finite_float64(X, y, w)
    n, m = X.shape
    assert 1 <= n <= MAX_SAMPLES and 1 <= m <= MAX_FEATURES
    assert y.shape == (n,) and w.shape == (m + 1,)
    for name in edge_cases(X, y, w):
        event(name)


@pytest.mark.parametrize("labels", sorted(LABELS))
@given(data=st.data())
def test_labels_follow_the_convention(labels, data):
    X, y = data.draw(datasets(labels=labels))
    assert_finite_float64(X, y)
    spec = LABELS[labels]
    if spec.is_classification:
        assert set(np.unique(y)) <= {spec.positive, spec.negative}


@given(dataset=datasets(labels=st.sampled_from(["pm1", "01"])))
def test_labels_may_be_a_strategy(dataset):
    _, y = dataset
    assert set(np.unique(y)) <= {-1.0, 0.0, 1.0}


@given(
    dataset=datasets(
        min_samples=3, max_samples=12, min_features=2, max_features=6, min_scale=1e-2, max_scale=1e2
    )
)
def test_datasets_respect_their_bounds(dataset):
    X, _ = dataset
    n, m = X.shape
    assert 3 <= n <= 12 and 2 <= m <= 6
    nonzero = np.abs(X[X != 0])
    # entries are the scale times 0 or a number of magnitude in [2**-9, 4]
    assert np.all(nonzero <= 4 * 1e2) and np.all(nonzero >= 2.0**-9 * 1e-2)


@settings(max_examples=50)
@given(dataset=datasets(max_samples=30, max_features=12))
def test_bigger_datasets_on_request(dataset):
    X, y = dataset
    assert X.shape[0] <= 30 and X.shape[1] <= 12
    assert_finite_float64(X, y)


@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(dataset=datasets(max_condition=100.0))
def test_max_condition_bounds_the_condition_of_the_augmented_matrix(dataset):
    X, _ = dataset
    assert np.linalg.cond(augment(X)) <= 100.0 * (1 + 1e-9)
    assert "duplicate_rows" not in edge_cases(X) or X.shape[0] > X.shape[1] + 1


@given(w=weights(st.integers(1, 6)))
def test_weights_take_a_strategy_for_their_size(w):
    assert_finite_float64(w)
    assert 1 <= w.shape[0] <= 6


@given(w=weights(5, allow_zero=False))
def test_weights_without_zero_are_never_all_zero(w):
    assert w.any()


@given(data=st.data(), m=st.integers(1, 5))
def test_initial_weights_have_m_plus_1_small_entries(data, m):
    w = data.draw(initial_weights(m))
    assert_finite_float64(w)
    assert w.shape == (m + 1,) and np.all(np.abs(w) <= 0.1)


def test_initial_weights_reach_the_textbook_initialisation():
    w = find(initial_weights(3, kinds=("textbook",)), lambda w: True)
    assert w.shape == (4,) and 0 < np.max(np.abs(w)) < 0.1
    seen = {w.tobytes() for w in (np.random.RandomState(s).normal(0.0, 0.01, 4) for s in range(3))}
    assert w.tobytes() in seen  # the textbook's RandomState(seed).normal(0, 0.01, 1 + m)


# -- learning rates --------------------------------------------------------------------------


@pytest.mark.parametrize("loss", sorted(LOSSES))
@settings(max_examples=30)
@given(data=st.data())
def test_safe_and_borderline_rates_decrease_the_cost_every_epoch(loss, data):
    convention = Convention(loss=loss)
    X, y, w = data.draw(problems(min_scale=1e-2, max_scale=1e2, max_magnitude=1e2))
    regime = data.draw(st.sampled_from(["safe", "borderline"]))
    eta = data.draw(learning_rates(X, regime=regime, convention=convention))
    ratio = eta / learning_rate_bound(X, convention=convention)
    lo, hi = REGIMES[regime]
    assert lo * (1 - 1e-12) <= ratio <= hi * (1 + 1e-12)
    costs = [cost(X, y, w, convention=convention)]
    for _ in range(10):
        w = update(X, y, w, eta, convention=convention)
        costs.append(cost(X, y, w, convention=convention))
    slack = 1e-9 * costs[0] + 1e-12
    assert all(b <= a + slack for a, b in itertools.pairwise(costs))


@pytest.mark.parametrize("loss", sorted(LOSSES))
@given(data=st.data())
def test_unsafe_rates_make_gradient_descent_unstable(loss, data):
    # the iteration w <- w - eta H w + ... is unstable: some eigenvalue of
    # I - eta H has modulus above 1, with H = 2c Xa^T Xa the Hessian
    convention = Convention(loss=loss)
    X, _ = data.draw(datasets())
    eta = data.draw(learning_rates(X, regime="unsafe", convention=convention))
    Xa = augment(X)
    hessian = 2 * convention.loss_spec.factor(len(X)) * (Xa.T @ Xa)
    radius = np.max(np.abs(1 - eta * np.linalg.eigvalsh(hessian)))
    assert radius > 1.05


def test_learning_rates_shrink_towards_a_simple_fraction_of_the_bound():
    X = np.array([[1.0, 2.0], [3.0, 4.0]])
    bound = learning_rate_bound(X)
    assert find(learning_rates(X), lambda eta: True) == 0.5 * bound
    assert find(learning_rates(X, regime="unsafe"), lambda eta: True) == 2.0 * bound


# -- edge cases ---------------------------------------------------------------------------------


def run_and_count(strategy, n_examples=300):
    """How many of a run's examples show each edge case."""
    seen: Counter = Counter()

    @settings(max_examples=n_examples)
    @given(strategy)
    def run(problem):
        for name in edge_cases(*problem):
            seen[name] += 1
            event(name)

    run()
    return seen


def test_every_edge_case_occurs_over_a_run():
    seen = run_and_count(problems())
    counts = {name: seen[name] for name in EDGE_CASES}
    assert all(count >= 10 for count in counts.values()), counts


@pytest.mark.parametrize("labels", ["pm1", "01"])
def test_every_dataset_edge_case_occurs_with_class_labels(labels):
    seen = run_and_count(datasets(labels=labels), n_examples=200)
    missing = set(EDGE_CASES) - {"all_zero_weights"} - set(seen)
    assert not missing


def test_edge_cases_are_only_natural_ones_without_the_edge_modes():
    seen = run_and_count(
        datasets(min_samples=2, allow_edge_cases=False, min_scale=1, max_scale=1), 200
    )
    assert seen["one_sample"] == 0
    assert seen["large_magnitudes"] == seen["tiny_magnitudes"] == 0


def test_edge_cases_names_what_a_problem_shows():
    X = np.array([[1.0, 5.0, 2e-4], [1.0, 5.0, 3.0], [2.0, 5.0, 0.0]])
    assert edge_cases(X) == {"constant_column", "tiny_magnitudes"}
    assert edge_cases(X[[0, 0, 1]], w=np.zeros(4)) == {
        "duplicate_rows",
        "constant_column",
        "all_zero_weights",
        "tiny_magnitudes",
    }
    assert edge_cases(np.array([[2e3]])) == {"one_sample", "one_feature", "large_magnitudes"}
    assert edge_cases(np.ones((2, 3)) * 2) == {
        "more_features_than_samples",
        "duplicate_rows",
        "constant_column",
    }
    assert LARGE > 1 > TINY


# -- shrinking ------------------------------------------------------------------------------------


def test_the_smallest_problem_is_one_sample_one_feature_all_zero():
    X, y, w = find(problems(), lambda p: True)
    assert X.shape == (1, 1) and not X.any() and not y.any() and not w.any()


def test_shrinks_towards_few_samples_and_features():
    X, y = find(datasets(), lambda d: d[0].shape[0] >= 3)
    assert X.shape == (3, 1) and not X.any() and not y.any()
    X, y = find(datasets(), lambda d: d[0].shape[1] >= 2)
    assert X.shape == (1, 2) and not X.any()


def test_shrinks_towards_small_integer_entries_and_zero_weights():
    X, y, w = find(problems(), lambda p: p[1].any() and p[0].any())
    assert X.shape == (1, 1) and set(np.abs(X.ravel())) <= {0.0, 1.0} and set(np.abs(y)) == {1.0}
    assert not w.any()
    X, y, w = find(problems(), lambda p: p[2].any())
    assert X.shape == (1, 1) and w.any() and set(np.abs(w)) <= {0.0, 1.0}
    assert find(weights(3, allow_zero=False), lambda w: True).tolist() == [1.0, 0.0, 0.0]
    assert not find(initial_weights(3), lambda w: True).any()


def test_labels_shrink_to_the_negative_label():
    _, y = find(datasets(labels="pm1", min_samples=2), lambda d: True)
    assert y.tolist() == [-1.0, -1.0]


# -- arguments -------------------------------------------------------------------------------


MISUSES = [
    (datasets, {"min_samples": 0}, "'min_samples'"),
    (datasets, {"min_samples": 5, "max_samples": 4}, "'min_samples' must be <= 'max_samples'"),
    (datasets, {"max_samples": 2.5}, "'max_samples'"),
    (datasets, {"min_features": True}, "'min_features'"),
    (datasets, {"min_features": 3, "max_features": 2}, "'min_features'"),
    (datasets, {"labels": "binary"}, "'labels'"),
    (datasets, {"min_scale": 0.0}, "'min_scale'"),
    (datasets, {"max_scale": float("inf")}, "'max_scale'"),
    (datasets, {"min_scale": 10.0, "max_scale": 1.0}, "'min_scale' must be <= 'max_scale'"),
    (datasets, {"max_condition": 0.5}, "'max_condition'"),
    (datasets, {"max_condition": "big"}, "'max_condition'"),
    (datasets, {"allow_edge_cases": 1}, "'allow_edge_cases'"),
    (problems, {"min_magnitude": -1.0}, "'min_magnitude'"),
    (problems, {"max_samples": 0}, "'max_samples'"),
    (lambda **kw: weights(0, **kw), {}, "'n_weights'"),
    (
        lambda **kw: weights(3, **kw),
        {"min_magnitude": 2.0, "max_magnitude": 1.0},
        "'min_magnitude'",
    ),
    (lambda **kw: weights(3, **kw), {"allow_zero": None}, "'allow_zero'"),
    (lambda **kw: initial_weights(0, **kw), {}, "'m'"),
    (lambda **kw: initial_weights(2, **kw), {"kinds": ("random",)}, "'kinds'"),
    (lambda **kw: initial_weights(2, **kw), {"max_magnitude": 0}, "'max_magnitude'"),
    (lambda **kw: learning_rates(np.ones((2, 2)), **kw), {"regime": "fast"}, "'regime'"),
    (
        lambda **kw: learning_rates(np.ones((2, 2)), **kw),
        {"convention": "half_sse"},
        "'convention'",
    ),
    (
        lambda **kw: learning_rates(np.ones((2, 2)), **kw),
        {"min_fraction": 2.0, "max_fraction": 1.0},
        "'min_fraction'",
    ),
    (lambda **kw: learning_rates(np.ones(3), **kw), {}, "'X'"),
    (lambda **kw: learning_rates([[np.nan]], **kw), {}, "'X'"),
]


@pytest.mark.parametrize(
    ("factory", "kwargs", "words"), MISUSES, ids=[f"{i}-{m[2]}" for i, m in enumerate(MISUSES)]
)
def test_a_bad_argument_raises_invalid_argument_at_once_naming_it(factory, kwargs, words):
    with pytest.raises(InvalidArgument, match=words):
        factory(**kwargs)  # raised when called, not when drawn


def test_a_size_strategy_that_draws_a_bad_size_is_reported_when_drawn():
    with pytest.raises(InvalidArgument, match="'n_weights' drew 0"):
        find(weights(st.just(0)), lambda w: True)


def test_the_public_names():
    for name in (
        "datasets",
        "weights",
        "learning_rates",
        "initial_weights",
        "problems",
        "edge_cases",
    ):
        assert name in strategies.__all__
    assert set(REGIMES) == {"safe", "borderline", "unsafe"}
