"""The gradient checker: the zoo of wrong and right gradients, the edges, f's failures, messages."""

import math

import numpy as np
import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from gdgrade.grading import gradcheck
from gdgrade.grading.gradcheck import (
    COORDINATES_PER_BLOCK,
    MAX_COORDINATES,
    N_DIRECTIONS,
    RTOL,
    GradientCheck,
    assert_gradient,
    check_gradient,
    least_squares_floor,
)
from gdgrade.grading.strategies import problems
from gdgrade.reference import LOSSES, least_squares

from .zoo_gradients import COSTS, RIGHT, WRONG, cost_loop, cost_numpy, right_vectorised

ALL_LOSSES = sorted(LOSSES)
HALF_SSE = LOSSES["half_sse"]


def seeded(n=5, m=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, m)), rng.normal(size=n), rng.normal(size=m + 1)


def shows(name: str, wrong, right: np.ndarray, X, y, w, floor: float) -> bool:
    """Whether the bug changes the gradient enough for a numeric derivative to see it.

    The right gradient must stand above its own rounding (an all-zero gradient, or
    one that is all rounding, is the same scaled or flipped) and above the floor.
    """
    wrong = np.asarray(wrong, dtype=float)
    if wrong.shape != right.shape:
        return True
    rounding = least_squares_floor(X, y, w) * RTOL
    top = np.max(np.abs(right))
    if not top > max(1e6 * rounding, 10 * floor):
        return False
    if name == "one_coordinate_1e-4":
        return abs(right[-1]) >= max(1e-3 * top, 1e6 * rounding, 10 * floor)
    return bool(np.max(np.abs(wrong - right)) > 1e-3 * top)


def zoo_problems(bug):
    if bug.square:
        return st.integers(2, 4).flatmap(
            lambda k: problems(min_samples=k, max_samples=k, min_features=k, max_features=k)
        )
    return problems(min_samples=bug.min_samples, max_samples=max(8, bug.min_samples))


# -- the zoo -------------------------------------------------------------------------


@pytest.mark.parametrize("loss_name", ALL_LOSSES)
@pytest.mark.parametrize("cost_name", sorted(COSTS))
@pytest.mark.parametrize("bug_name", sorted(WRONG))
@settings(max_examples=12)
@given(data=st.data())
def test_wrong_gradient_is_rejected(bug_name, cost_name, loss_name, data):
    bug, style, loss = WRONG[bug_name], COSTS[cost_name], LOSSES[loss_name]
    X, y, w = data.draw(zoo_problems(bug), label="X, y, w")
    # the default floor, or the one that makes the check scale-free
    floor = data.draw(
        st.sampled_from([gradcheck.FLOOR, least_squares_floor(X, y, w)]), label="floor"
    )
    wrong = bug.function(X, y, w, loss)
    assume(shows(bug_name, wrong, right_vectorised(X, y, w, loss), X, y, w, floor))
    result = check_gradient(lambda v: style.function(X, y, v, loss), wrong, w, floor=floor)
    assert not result.ok, result.report()
    if bug.invalid:
        assert (result.failure, result.method, result.n_evaluations) == (
            "gradient-invalid",
            "none",
            0,
        )
    else:
        assert result.failure == "mismatch"
        assert result.method == style.derivative, result.report()


@pytest.mark.parametrize("loss_name", ALL_LOSSES)
@pytest.mark.parametrize("bug_name", sorted(WRONG))
@settings(max_examples=12)
@given(data=st.data())
def test_wrong_gradient_is_rejected_by_the_directional_method(bug_name, loss_name, data):
    bug, loss = WRONG[bug_name], LOSSES[loss_name]
    X, y, w = data.draw(zoo_problems(bug), label="X, y, w")
    wrong = bug.function(X, y, w, loss)
    assume(shows(bug_name, wrong, right_vectorised(X, y, w, loss), X, y, w, gradcheck.FLOOR))
    result = check_gradient(lambda v: cost_numpy(X, y, v, loss), wrong, w, method="directional")
    assert not result.ok, result.report()
    if not bug.invalid:
        assert (result.method, result.derivative) == ("directional", "complex-step")


@pytest.mark.parametrize("loss_name", ALL_LOSSES)
@pytest.mark.parametrize("cost_name", sorted(COSTS))
@pytest.mark.parametrize("right_name", sorted(RIGHT))
@settings(max_examples=12)
@given(problem=problems())
def test_right_gradient_is_accepted(right_name, cost_name, loss_name, problem):
    X, y, w = problem
    style, loss = COSTS[cost_name], LOSSES[loss_name]
    result = check_gradient(
        lambda v: style.function(X, y, v, loss), RIGHT[right_name].function(X, y, w, loss), w
    )
    assert result.ok, result.report()
    assert result.method == style.derivative
    if result.inconclusive:
        event("inconclusive comparisons")


@pytest.mark.parametrize("cost_name", sorted(COSTS))
@settings(max_examples=30)
@given(
    problem=problems(),
    loss_name=st.sampled_from(ALL_LOSSES),
    right_name=st.sampled_from(sorted(RIGHT)),
)
def test_right_gradient_is_accepted_at_the_least_squares_minimum(
    cost_name, problem, loss_name, right_name
):
    # Every entry of the gradient is then a sum that cancels down to rounding.
    X, y, _ = problem
    w = least_squares(X, y)
    style, loss = COSTS[cost_name], LOSSES[loss_name]
    g = RIGHT[right_name].function(X, y, w, loss)
    f = lambda v: style.function(X, y, v, loss)  # noqa: E731
    result = check_gradient(f, g, w)
    assert result.ok, result.report()
    assert check_gradient(f, g, w, floor=least_squares_floor(X, y, w)).ok


@pytest.mark.parametrize("loss_name", ALL_LOSSES)
@pytest.mark.parametrize("name", sorted(RIGHT))
def test_right_gradient_as_a_callable(name, loss_name):
    X, y, w = seeded()
    loss = LOSSES[loss_name]
    result = check_gradient(
        lambda v: cost_numpy(X, y, v, loss), lambda v: RIGHT[name].function(X, y, v, loss), w
    )
    assert result.ok and result.method == "complex-step"


# -- what the issue asks for by name ------------------------------------------------


@pytest.mark.parametrize("cost", [cost_numpy, cost_loop], ids=["complex-step", "central"])
def test_a_relative_error_of_1e4_in_any_single_coordinate_is_caught(cost):
    X, y, w = seeded(n=6, m=4)
    right = right_vectorised(X, y, w, HALF_SSE)
    for k in range(len(w)):
        wrong = right.copy()
        wrong[k] *= 1 + 1e-4
        # torch.autograd.gradcheck's defaults (rtol=1e-3, atol=1e-5) call these equal
        assert np.allclose(wrong, right, rtol=1e-3, atol=1e-5)
        result = check_gradient(lambda v: cost(X, y, v, HALF_SSE), wrong, w)
        assert not result.ok and result.worst_index == k
        assert math.isclose(result.rel_error, 1e-4 / (2 + 1e-4), rel_tol=1e-3)
        assert result.method == ("complex-step" if cost is cost_numpy else "central")


@pytest.mark.parametrize("cost", [cost_numpy, cost_loop], ids=["complex-step", "central"])
def test_a_correct_gradient_that_is_exactly_zero_somewhere_passes(cost):
    X, y, w = seeded(n=5, m=3)
    X[:, 1] = 0.0  # dJ/dw[2] is exactly 0
    g = right_vectorised(X, y, w, HALF_SSE)
    assert g[2] == 0.0
    assert check_gradient(lambda v: cost(X, y, v, HALF_SSE), g, w).ok
    # every entry exactly 0: targets that the weights fit exactly
    X = np.array([[1.0, 2.0], [3.0, -1.0], [0.0, 4.0]])
    w = np.array([1.0, -2.0, 0.5])
    y = X @ w[1:] + w[0]
    g = right_vectorised(X, y, w, HALF_SSE)
    assert not g.any()
    result = check_gradient(lambda v: cost(X, y, v, HALF_SSE), g, w)
    assert result.ok, result.report()
    if cost is cost_numpy:
        assert result.rel_error == 0.0  # complex step of an exact zero is exactly zero
    wrong = g.copy()
    wrong[0] = 1e-3
    assert not check_gradient(lambda v: cost(X, y, v, HALF_SSE), wrong, w).ok


def _as_python_float(value):
    return float(np.real(value)) if np.iscomplexobj(value) else float(value)


RETURNS = {
    # how the cost hands back its value -> the method that must decide
    "python float": (lambda v: float(np.real(v)), "central"),
    "numpy float64": (lambda v: np.float64(np.real(v)), "central"),
    "numpy scalar (complex)": (lambda v: v, "complex-step"),
    "0-d array": (lambda v: np.asarray(v), "complex-step"),
    "1-element array": (lambda v: np.asarray([v]), "complex-step"),
    "1x1 array": (lambda v: np.asarray([[v]]), "complex-step"),
    "1-element list": (lambda v: [v], "complex-step"),
    "float32": (lambda v: np.float32(np.real(v)), "central"),
    "int of a float cost times 2**40": (lambda v: int(np.real(v) * 2**40) / 2**40, "central"),
}


@pytest.mark.parametrize("kind", sorted(RETURNS))
def test_cost_may_return_any_kind_of_scalar(kind):
    X, y, w = seeded()
    wrap, method = RETURNS[kind]

    def f(v):
        return wrap(cost_numpy(X, y, v, HALF_SSE))

    right = right_vectorised(X, y, w, HALF_SSE)
    result = check_gradient(f, right, w)
    assert result.ok, result.report()
    assert result.method == method
    wrong = right.copy()
    wrong[1] *= -1
    result = check_gradient(f, wrong, w)
    assert not result.ok and result.worst_index == 1 and result.method == method


def test_a_float32_cost_is_judged_by_float32_rounding():
    X, y, w = seeded()
    right = right_vectorised(X, y, w, HALF_SSE)

    def f(v):
        return np.float32(cost_loop(X, y, v, HALF_SSE))

    result = check_gradient(f, right, w)
    assert result.ok, result.report()
    assert not check_gradient(f, 2 * right, w).ok
    wrong = right.copy()
    wrong[2] *= 1 + 1e-4
    assert not check_gradient(f, wrong, w).ok  # the refinement's larger steps resolve it


NOT_ANALYTIC = {
    "np.vdot (conjugates)": lambda e: 0.5 * np.vdot(e, e),
    "abs(e)**2": lambda e: 0.5 * np.sum(np.abs(e) ** 2),
    "np.linalg.norm": lambda e: 0.5 * np.linalg.norm(e) ** 2,
    "e.conj() @ e": lambda e: 0.5 * (e.conj() @ e),
    "astype(float)": lambda e: 0.5 * np.sum(e.astype(float) ** 2),
    "e * np.real(e) (half the derivative)": lambda e: 0.5 * np.sum(e * np.real(e)),
}


@pytest.mark.parametrize("name", sorted(NOT_ANALYTIC))
def test_a_cost_that_is_not_analytic_falls_back_to_central_differences(name):
    X, y, w = seeded()

    def f(v):
        return NOT_ANALYTIC[name](y - (X @ v[1:] + v[0]))

    right = right_vectorised(X, y, w, HALF_SSE)
    result = check_gradient(f, right, w)
    assert result.ok, result.report()
    assert result.method == "central"
    assert "complex step not used" in result.note
    assert not check_gradient(f, -right, w).ok


def test_a_large_cost_next_to_its_derivative_is_measured_at_larger_steps():
    # f is about 1e13 while its derivatives are about 60: at the first step central
    # differences are all rounding (-161 for 60); the refinement's larger steps
    # bring them within 1e-8 of the truth.
    X = np.array([[-1e-5, 2.81633643e-05], [-3e-5, 1.56683749e-05]])
    y = np.array([3e6, -3e6])
    w = np.array([-0.003, 0.003, 0.0])
    loss = LOSSES["mse"]
    right = right_vectorised(X, y, w, loss)
    f = lambda v: cost_loop(X, y, v, loss)  # noqa: E731
    result = check_gradient(f, right, w)
    assert result.ok, result.report()
    assert "larger steps" in result.note
    assert np.allclose([c.numeric for c in result.comparisons], right, rtol=1e-6, atol=1e-3)
    # what rounding still leaves open is said: dJ/dw[0] = -0.006 most of all
    assert 0 in [c.index for c in result.inconclusive]
    assert "within rounding" in result.summary() and "ok (within rounding)" in result.report()
    assert not check_gradient(f, -right, w).ok
    for k in (1, 2):
        wrong = right.copy()
        wrong[k] *= 1 + 1e-4
        result = check_gradient(f, wrong, w)
        assert not result.ok and result.worst_index == k and result.method == "central"


def test_rounding_at_a_minimum_is_not_called_a_wrong_gradient():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(8, 3)) * 1e3
    y = rng.normal(size=8) * 1e3
    w = least_squares(X, y)
    for right in (RIGHT["loops"], RIGHT["augmented"]):
        g = right.function(X, y, w, HALF_SSE)
        result = check_gradient(lambda v: cost_numpy(X, y, v, HALF_SSE), g, w)
        assert result.ok, result.report()
        assert result.inconclusive  # entries that are all rounding cannot be judged
        assert "second look" in result.note
    assert not check_gradient(lambda v: cost_numpy(X, y, v, HALF_SSE), g + 1e-3, w).ok


@pytest.mark.parametrize("loss_name", ALL_LOSSES)
@pytest.mark.parametrize("cost_name", sorted(COSTS))
def test_rounding_of_a_cost_whose_terms_cancel_is_not_called_a_wrong_gradient(cost_name, loss_name):
    # A nearly singular problem at its minimum: w is about 1e11, X about 3e-6, and
    # f (about 4e-13) is what is left of terms of about 1e11, so it is rounded to
    # 1e-3 of itself: far more than ulps of f, for central differences to divide.
    X = np.array(
        [[0, -3e-6, -1.79601149e-06], [0, -3e-6, 0], [2.99292179e-06, -3e-6, 3.3364894e-06]]
    )
    y = np.array([0.0, -287824.52587736, -287824.52587736])
    w = least_squares(X, y)
    assert np.max(np.abs(w)) > 1e11
    loss = LOSSES[loss_name]
    for right in RIGHT.values():
        g = right.function(X, y, w, loss)
        result = check_gradient(lambda v: COSTS[cost_name].function(X, y, v, loss), g, w)
        assert result.ok, result.report()


# -- the directional method ------------------------------------------------------------


def wide_problem(m, n=40, seed=3):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, m)), rng.normal(size=n), rng.normal(size=m + 1) * 0.1


@pytest.mark.parametrize("m", [100, 1000, 5000])
def test_directional_costs_a_number_of_evaluations_that_does_not_grow_with_m(m):
    X, y, w = wide_problem(m)
    result = check_gradient(
        lambda v: cost_numpy(X, y, v, HALF_SSE), right_vectorised(X, y, w, HALF_SSE), w
    )
    assert result.ok and result.method == "directional" and result.derivative == "complex-step"
    # f(w) twice, the probe (one complex, two real: direction 0), the other directions,
    # and a coordinate sample: the bias and COORDINATES_PER_BLOCK weights
    assert result.n_evaluations == 2 + 3 + (N_DIRECTIONS - 1) + 1 + COORDINATES_PER_BLOCK
    central = check_gradient(
        lambda v: (
            cost_loop(X, y, v, HALF_SSE) if m <= 100 else float(cost_numpy(X, y, v, HALF_SSE))
        ),
        right_vectorised(X, y, w, HALF_SSE),
        w,
    )
    assert central.ok and central.method == "directional" and central.derivative == "central"
    assert central.n_evaluations == 2 + 1 + 2 * N_DIRECTIONS + 2 * (1 + COORDINATES_PER_BLOCK)


@pytest.mark.parametrize("bug_name", sorted(set(WRONG) - {"one_coordinate_1e-4", "bias_dropped"}))
def test_directional_rejects_dense_bugs_in_high_dimension(bug_name):
    n = m = 300  # square, for the transposed product
    X, y, w = wide_problem(m, n=n)
    wrong = WRONG[bug_name].function(X, y, w, HALF_SSE)
    result = check_gradient(lambda v: cost_numpy(X, y, v, HALF_SSE), wrong, w)
    assert not result.ok and result.method == "directional", result.report()


def test_directional_samples_the_largest_entry_of_every_block_and_the_blocks_named():
    X, y, w = wide_problem(500)
    right = right_vectorised(X, y, w, HALF_SSE)
    f = lambda v: cost_numpy(X, y, v, HALF_SSE)  # noqa: E731
    largest = 1 + int(np.argmax(np.abs(right[1:])))
    wrong = right.copy()
    wrong[largest] *= 1 + 1e-4
    result = check_gradient(f, wrong, w)
    assert not result.ok
    assert ("coordinate", largest) in {(c.kind, c.index) for c in result.failed}
    # a single coordinate elsewhere is only caught when a block holds it
    k = 123 if largest != 123 else 124
    wrong = right.copy()
    wrong[k] *= 1 + 1e-4
    result = check_gradient(
        f, wrong, w, blocks={"bias": [0], "suspect": [k], "weights": range(1, 501)}
    )
    assert not result.ok
    assert ("coordinate", k) in {(c.kind, c.index) for c in result.failed}
    assert f"w[{k}] (suspect)" in result.report()
    # the bias is always its own block
    wrong = right.copy()
    wrong[0] = 0.0
    result = check_gradient(f, wrong, w)
    assert not result.ok and "w[0] (bias)" in result.report()


def test_auto_switches_to_directional_above_max_coordinates():
    for m, expected in ((MAX_COORDINATES - 1, "complex-step"), (MAX_COORDINATES, "directional")):
        X, y, w = wide_problem(m)
        f = lambda v, X=X, y=y: cost_numpy(X, y, v, HALF_SSE)  # noqa: E731
        g = right_vectorised(X, y, w, HALF_SSE)
        assert len(w) == m + 1
        assert check_gradient(f, g, w).method == expected
    assert check_gradient(f, g, w, max_coordinates=len(w)).method == "complex-step"
    assert check_gradient(f, g, w, method="central").method == "central"


# -- f and g misbehaving -----------------------------------------------------------------


def counted(f):
    def wrapper(v):
        wrapper.calls += 1
        return f(v)

    wrapper.calls = 0
    return wrapper


def test_n_evaluations_counts_every_call_of_f():
    X, y, w = seeded(m=3)
    g = right_vectorised(X, y, w, HALF_SSE)
    f = counted(lambda v: cost_numpy(X, y, v, HALF_SSE))
    result = check_gradient(f, g, w)
    assert result.n_evaluations == f.calls == 2 + 3 + len(w)  # f(w) twice, the probe, one per entry
    f = counted(lambda v: cost_loop(X, y, v, HALF_SSE))
    result = check_gradient(f, g, w)
    assert result.n_evaluations == f.calls == 2 + 1 + 2 * len(w)


def _raise(exc):
    raise exc


BAD_COSTS = {
    # name -> (f built from the right cost c, where f fails: "w" or "away", words of the message)
    "raises at w": (
        lambda c: lambda v: _raise(ZeroDivisionError("boom")),
        "w",
        "ZeroDivisionError: boom",
    ),
    "raises away from w": (
        lambda c: lambda v: c(v) if np.array_equal(v, W) else _raise(RuntimeError("child died")),
        "away",
        "RuntimeError: child died",
    ),
    "nan at w": (lambda c: lambda v: math.nan, "w", "returned nan"),
    "inf away from w": (
        lambda c: lambda v: c(v) if np.array_equal(v, W) else np.inf,
        "away",
        "inf",
    ),
    "None": (lambda c: lambda v: None, "w", "None"),
    "a string": (lambda c: lambda v: "0.5", "w", "str"),
    "an array of 3": (lambda c: lambda v: np.ones(3), "w", "shape (3,)"),
    "a bool": (lambda c: lambda v: True, "w", "bool"),
    "an object": (lambda c: lambda v: object(), "w", "object"),
    "a complex value at a real w": (lambda c: lambda v: 1 + 2j, "w", "complex"),
    "not deterministic": (lambda c: counted_noise(c), "w", "not deterministic"),
}

X0, Y0, W = seeded()


def counted_noise(c):
    state = {"k": 0}

    def f(v):
        state["k"] += 1
        return c(v) + state["k"]

    return f


@pytest.mark.parametrize("name", sorted(BAD_COSTS))
def test_a_failing_cost_gives_a_not_ok_result_that_says_so(name):
    build, where, words = BAD_COSTS[name]
    f = build(lambda v: cost_numpy(X0, Y0, v, HALF_SSE))
    result = check_gradient(f, right_vectorised(X0, Y0, W, HALF_SSE), W)
    assert not result.ok
    assert result.failure == "cost-failed"
    assert words in result.message and words in result.summary() and words in result.report()
    assert math.isinf(result.rel_error) and math.isnan(result.numeric)
    if where == "w":
        assert result.method == "none" and result.n_evaluations <= 2
    else:
        assert result.method == "central" and result.worst_index == 0
    if name.startswith("raises"):
        assert isinstance(result.cause, Exception)


def test_keyboard_interrupt_is_not_swallowed():
    with pytest.raises(KeyboardInterrupt):
        check_gradient(lambda v: _raise(KeyboardInterrupt()), [0.0], [1.0])


def test_f_gets_a_fresh_copy_of_w_each_time():
    X, y, w = seeded()
    before = w.copy()

    def f(v):
        out = cost_numpy(X, y, v, HALF_SSE)
        v[:] = 1e6  # a cost that scribbles on its input
        return out

    assert check_gradient(f, right_vectorised(X, y, w, HALF_SSE), w).ok
    assert np.array_equal(w, before)


BAD_GRADIENTS = {
    "raises": (lambda g: lambda v: _raise(ValueError("shapes")), "g raised ValueError: shapes"),
    "m entries": (lambda g: g[1:], "shape (3,), expected (4,)"),
    "m + 2 entries": (lambda g: np.append(g, 0.0), "shape (5,)"),
    "2 x (m + 1)": (lambda g: np.vstack([g, g]), "shape (2, 4)"),
    "nan entry": (lambda g: np.where(np.arange(4) == 2, np.nan, g), "entry 2 is nan"),
    "inf entry": (lambda g: np.where(np.arange(4) == 1, np.inf, g), "entry 1 is inf"),
    "None": (lambda g: None, "None"),
    "a string": (lambda g: "1 2 3 4", "not an array"),
    "complex": (lambda g: g + 0j, "complex"),
    "strings in a list": (lambda g: ["a", "b", "c", "d"], "dtype <U1"),
}


@pytest.mark.parametrize("name", sorted(BAD_GRADIENTS))
def test_an_invalid_gradient_gives_a_not_ok_result_without_evaluating_f(name):
    build, words = BAD_GRADIENTS[name]
    f = counted(lambda v: cost_numpy(X0, Y0, v, HALF_SSE))
    result = check_gradient(f, build(right_vectorised(X0, Y0, W, HALF_SSE)), W)
    assert not result.ok and result.failure == "gradient-invalid"
    assert (result.method, result.n_evaluations, f.calls) == ("none", 0, 0)
    assert words in result.message and words in result.summary()


def test_a_column_gradient_is_read_as_a_vector_and_noted():
    g = right_vectorised(X0, Y0, W, HALF_SSE).reshape(-1, 1)
    result = check_gradient(lambda v: cost_numpy(X0, Y0, v, HALF_SSE), g, W)
    assert result.ok and "shape (4, 1)" in result.note


def test_complex_step_asked_for_an_f_that_cannot_take_it_is_a_misuse():
    g = right_vectorised(X0, Y0, W, HALF_SSE)
    with pytest.raises(ValueError, match=r"method='complex-step'.*real value"):
        check_gradient(lambda v: cost_loop(X0, Y0, v, HALF_SSE), g, W, method="complex-step")
    result = check_gradient(lambda v: cost_numpy(X0, Y0, v, HALF_SSE), g, W, method="complex-step")
    assert result.ok and result.n_evaluations == 2 + len(W)


def test_complex_step_abandoned_half_way_falls_back_to_central():
    def f(v):  # takes a complex w for the probe, then refuses
        if np.iscomplexobj(v):
            f.complex_calls += 1
            if f.complex_calls > 1:
                raise TypeError("no more complex numbers")
        return cost_numpy(X0, Y0, v, HALF_SSE)

    f.complex_calls = 0
    result = check_gradient(f, right_vectorised(X0, Y0, W, HALF_SSE), W)
    assert result.ok and result.method == "central" and "abandoned half-way" in result.note


# -- arguments ---------------------------------------------------------------------------


MISUSES = [
    ({"method": "newton"}, ValueError, "'method'"),
    ({"rtol": 0.0}, ValueError, "'rtol'"),
    ({"rtol": math.nan}, ValueError, "'rtol'"),
    ({"rtol": "1e-6"}, TypeError, "'rtol'"),
    ({"floor": -1.0}, ValueError, "'floor'"),
    ({"n_directions": 0}, ValueError, "'n_directions'"),
    ({"n_directions": 2.5}, TypeError, "'n_directions'"),
    ({"seed": -1}, ValueError, "'seed'"),
    ({"max_coordinates": True}, TypeError, "'max_coordinates'"),
    ({"coordinates_per_block": -1}, ValueError, "'coordinates_per_block'"),
    ({"blocks": [[0], [9]]}, ValueError, "'blocks'"),
    ({"blocks": [[]]}, ValueError, "'blocks'"),
    ({"blocks": "bias"}, TypeError, "'blocks'"),
    ({"w": np.zeros((2, 2))}, ValueError, "'w'"),
    ({"w": []}, ValueError, "'w'"),
    ({"w": [0.0, math.inf]}, ValueError, "'w'"),
    ({"w": ["a", "b"]}, ValueError, "'w'"),
    ({"f": 3.0}, TypeError, "'f'"),
]


@pytest.mark.parametrize(
    ("change", "error", "words"), MISUSES, ids=[m[2] + str(i) for i, m in enumerate(MISUSES)]
)
def test_a_misuse_raises_at_once_naming_the_argument(change, error, words):
    args = {"f": lambda v: float(v @ v), "g": [0.0, 0.0], "w": [0.0, 0.0]}
    args.update(change)
    f, g, w = args.pop("f"), args.pop("g"), args.pop("w")
    with pytest.raises(error, match=words):
        check_gradient(f, g, w, **args)


# -- the result -------------------------------------------------------------------------------


def test_the_result_names_the_worst_coordinate_in_one_line_and_in_a_report():
    right = right_vectorised(X0, Y0, W, HALF_SSE)
    wrong = right.copy()
    wrong[0] = 0.0
    result = check_gradient(lambda v: cost_numpy(X0, Y0, v, HALF_SSE), wrong, W)
    assert isinstance(result, GradientCheck)
    assert (result.ok, result.worst_index, result.worst_kind) == (False, 0, "coordinate")
    assert result.analytic == 0.0 and math.isclose(result.numeric, right[0], rel_tol=1e-12)
    assert result.rel_error == 1.0 and result.failed == (result.comparisons[0],)
    line = result.summary()
    assert "\n" not in line and "w[0] (bias)" in line and "complex-step" in line
    assert str(result) == line
    report = result.report()
    assert report.count("\n") >= 5
    assert "FAILED (mismatch)" in report and "WRONG" in report
    assert f"evaluations of f: {result.n_evaluations}" in report
    with pytest.raises(AssertionError) as raised:
        assert_gradient(lambda v: cost_numpy(X0, Y0, v, HALF_SSE), wrong, W)
    assert str(raised.value) == report
    ok = assert_gradient(lambda v: cost_numpy(X0, Y0, v, HALF_SSE), right, W)
    assert ok.ok and "gradient agrees with f" in ok.summary() and "passed" in ok.report()


def test_the_result_is_deterministic_for_a_seed():
    X, y, w = wide_problem(200)
    g = right_vectorised(X, y, w, HALF_SSE)
    f = lambda v: cost_numpy(X, y, v, HALF_SSE)  # noqa: E731
    assert check_gradient(f, g, w, seed=7) == check_gradient(f, g, w, seed=7)
    assert (
        check_gradient(f, g, w, seed=7).comparisons != check_gradient(f, g, w, seed=8).comparisons
    )


def test_tolerances_are_named_and_documented():
    for name in (
        "RTOL",
        "FLOOR",
        "RELATIVE_FLOOR",
        "NOISE_FACTOR",
        "CENTRAL_STEP",
        "COMPLEX_STEP",
        "MAX_COORDINATES",
        "N_DIRECTIONS",
        "COORDINATES_PER_BLOCK",
        "REFINE_STEPS",
    ):
        assert name in gradcheck.__all__
        assert isinstance(getattr(gradcheck, name), (int, float))
    assert 1e-4 / 2 > 10 * RTOL  # a 1e-4 error in one entry is far above the tolerance
    assert math.isclose(gradcheck.CENTRAL_STEP, np.finfo(float).eps ** (1 / 3))


@settings(max_examples=30)
@given(problem=problems())
def test_least_squares_floor_is_a_finite_nonnegative_floor(problem):
    X, y, w = problem
    floor = least_squares_floor(X, y, w)
    assert math.isfinite(floor) and floor >= 0
    assume(floor > 0)
    assert check_gradient(
        lambda v: cost_numpy(X, y, v, HALF_SSE), right_vectorised(X, y, w, HALF_SSE), w, floor=floor
    ).ok
