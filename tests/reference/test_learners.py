"""The reference learners reproduce the textbook, for every convention."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdgrade.reference import (
    AdalineGD,
    AdalineMiniBatchGD,
    AdalineSGD,
    Convention,
    LinearRegressionGD,
    cost,
    gradient,
    learner_for,
    net_input,
    predict,
    update,
)

from .data import conventions, problems
from .textbook import AdalineGD2, AdalineGD3, AdalineSGD2, AdalineSGD3, LinearRegressionGD2

LATER = Convention(loss="mse", labels="01", bias="separate")
hyper = st.tuples(st.floats(1e-4, 0.05), st.integers(1, 15), st.integers(0, 2**31 - 1))


@given(problem=problems(labels="pm1"), params=hyper)
def test_adaline_gd_equals_the_earlier_editions(problem, params):
    X, y, _ = problem
    eta, n_iter, seed = params
    ours = AdalineGD(eta, n_iter, seed).fit(X, y)
    book = AdalineGD2(eta, n_iter, seed).fit(X, y)
    np.testing.assert_allclose(ours.w_, book.w_, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ours.cost_, book.cost_, rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(ours.predict(X), book.predict(X))


@given(problem=problems(), params=hyper)
def test_linear_regression_gd_equals_the_book(problem, params):
    X, y, _ = problem
    eta, n_iter, seed = params
    ours = LinearRegressionGD(eta, n_iter, seed).fit(X, y)
    book = LinearRegressionGD2(eta, n_iter, seed).fit(X, y)
    np.testing.assert_allclose(ours.w_, book.w_, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ours.cost_, book.cost_, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ours.predict(X), book.predict(X), rtol=1e-9, atol=1e-9)


@given(problem=problems(labels="01"), params=hyper)
def test_adaline_gd_equals_the_later_edition(problem, params):
    X, y, _ = problem
    eta, n_iter, seed = params
    ours = AdalineGD(eta, n_iter, seed, convention=LATER).fit(X, y)
    book = AdalineGD3(eta, n_iter, seed).fit(X, y)
    np.testing.assert_allclose(ours.w_, book.w_, rtol=1e-9, atol=1e-9)
    assert ours.b_ == pytest.approx(book.b_, rel=1e-9, abs=1e-9)
    np.testing.assert_allclose(ours.losses_, book.losses_, rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(ours.predict(X), book.predict(X))


@given(problem=problems(labels="pm1"), params=hyper, shuffle=st.booleans())
def test_adaline_sgd_equals_the_earlier_editions(problem, params, shuffle):
    X, y, _ = problem
    eta, n_iter, seed = params
    ours = AdalineSGD(eta, n_iter, shuffle, seed).fit(X, y)
    book = AdalineSGD2(eta, n_iter, shuffle, seed).fit(X, y)
    np.testing.assert_allclose(ours.w_, book.w_, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ours.cost_, book.cost_, rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(ours.predict(X), book.predict(X))


@given(problem=problems(labels="01"), params=hyper)
def test_adaline_sgd_equals_the_later_edition(problem, params):
    X, y, _ = problem
    eta, n_iter, seed = params
    ours = AdalineSGD(eta, n_iter, True, seed, convention=LATER).fit(X, y)
    book = AdalineSGD3(eta, n_iter, True, seed).fit(X, y)
    np.testing.assert_allclose(ours.w_, book.w_, rtol=1e-9, atol=1e-9)
    assert ours.b_ == pytest.approx(book.b_, rel=1e-9, abs=1e-9)
    np.testing.assert_allclose(ours.losses_, book.losses_, rtol=1e-9, atol=1e-9)


@given(problem=problems(labels="pm1", min_samples=2), params=hyper)
def test_partial_fit_initialises_once_then_continues(problem, params):
    X, y, _ = problem
    eta, _, seed = params
    ours = AdalineSGD(eta, random_state=seed).partial_fit(X, y).partial_fit(X[:1], y[:1])
    book = AdalineSGD2(eta, random_state=seed).partial_fit(X, y).partial_fit(X[0], y[0])
    np.testing.assert_allclose(ours.w_, book.w_, rtol=1e-9, atol=1e-9)


@given(problem=problems(labels="pm1"), params=hyper)
def test_minibatch_of_one_sample_is_sgd(problem, params):
    X, y, _ = problem
    eta, n_iter, seed = params
    mini = AdalineMiniBatchGD(eta, n_iter, batch_size=1, random_state=seed).fit(X, y)
    sgd = AdalineSGD(eta, n_iter, random_state=seed).fit(X, y)
    np.testing.assert_allclose(mini.w_, sgd.w_, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(mini.cost_, sgd.cost_, rtol=1e-12, atol=1e-12)


@given(problem=problems(labels="pm1"), params=hyper)
def test_minibatch_of_the_whole_set_unshuffled_is_batch_gd(problem, params):
    X, y, _ = problem
    eta, n_iter, seed = params
    mini = AdalineMiniBatchGD(eta, n_iter, batch_size=len(y), shuffle=False, random_state=seed)
    batch = AdalineGD(eta, n_iter, seed)
    np.testing.assert_allclose(mini.fit(X, y).w_, batch.fit(X, y).w_, rtol=1e-12, atol=1e-12)


@settings(max_examples=60)
@given(
    problem=problems(),
    conv=conventions,
    params=hyper,
    training=st.sampled_from(["batch", "sgd", "minibatch"]),
)
def test_fit_never_modifies_x_or_y(problem, conv, params, training):
    X, y, _ = problem
    eta, n_iter, seed = params
    X0, y0 = X.copy(), y.copy()
    model = learner_for(
        conv.with_(training=training, batch_size=2), eta=eta, n_iter=n_iter, random_state=seed
    )
    model.fit(X, y)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


@given(problem=problems(), conv=conventions, params=hyper)
def test_batch_learner_equals_a_plain_loop_over_the_functions(problem, conv, params):
    """cost_[t] is J before epoch t's update, and each epoch is one `update` step."""
    X, y, _ = problem
    eta, n_iter, seed = params
    model = AdalineGD(eta, n_iter, seed, convention=conv).fit(X, y)
    rgen = np.random.RandomState(seed)
    if conv.bias == "w0":
        w = rgen.normal(0.0, 0.01, 1 + X.shape[1])
    else:
        w = np.concatenate([[0.0], rgen.normal(0.0, 0.01, X.shape[1])])
    costs = []
    for _ in range(n_iter):
        costs.append(cost(X, y, w, convention=conv))
        w = update(X, y, w, eta, convention=conv)
    np.testing.assert_allclose(model.theta_, w, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(model.cost_, costs, rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(model.predict(X), predict(X, w, convention=conv))
    np.testing.assert_allclose(model.net_input(X), net_input(X, w), rtol=1e-9, atol=1e-9)
    assert gradient(X, y, w, convention=conv).shape == w.shape


def test_learner_for_follows_the_training_convention():
    assert type(learner_for(Convention())) is AdalineGD
    assert type(learner_for(Convention(labels="real"))) is LinearRegressionGD
    assert type(learner_for(Convention(training="sgd"))) is AdalineSGD
    model = learner_for(Convention(training="minibatch", batch_size=4))
    assert type(model) is AdalineMiniBatchGD and model.batch_size == 4


def test_same_random_state_same_weights_and_fit_returns_self():
    X = np.array([[1.0, 2.0], [2.0, 0.5], [-1.0, 1.0]])
    y = np.array([1.0, -1.0, 1.0])
    a = AdalineGD(0.01, 5, 3)
    assert a.fit(X, y) is a
    np.testing.assert_array_equal(a.w_, AdalineGD(0.01, 5, 3).fit(X, y).w_)
    assert not np.array_equal(a.w_, AdalineGD(0.01, 5, 4).fit(X, y).w_)
