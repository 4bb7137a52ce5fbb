"""One budget per submission: every check draws on it, and what a student writes adds nothing."""

from __future__ import annotations

from gdgrade.grading.symbolic import (
    DEFAULT_LIMITS,
    Budget,
    Limits,
    check_gradient_answer,
    check_steps,
    check_update_answer,
)

from .table import SLOW, G, U
from .test_steps import SYMPY

# Many evaluation steps (60**3 summands at every size), little else: the step count stops it.
BUSY = G + " + Sum(Sum(Sum(0, (p, 1, 60)), (q, 1, 60)), (r, 1, 60))"


def test_a_budget_is_what_the_limits_say_and_no_more():
    budget = Budget(DEFAULT_LIMITS)
    assert budget.left == DEFAULT_LIMITS.max_steps and budget.seconds == DEFAULT_LIMITS.seconds
    assert check_steps(SYMPY, budget=budget).ok
    used = DEFAULT_LIMITS.max_steps - budget.left
    assert 0 < used < 30_000  # a right derivation costs a few thousand steps


def test_the_time_runs_out_with_a_clear_message_not_a_wrong_verdict():
    limits = DEFAULT_LIMITS.with_seconds(0.5)
    verdict = check_gradient_answer(SLOW, limits=limits)
    assert verdict.kind == "too-complex" and not verdict.ok
    assert "too complex to check within 0.5 s" in verdict.message


def test_the_steps_run_out_with_a_clear_message():
    verdict = check_gradient_answer(BUSY, limits=Limits(max_steps=100_000))
    assert verdict.kind == "too-complex"
    assert "within the 100,000 evaluation steps allowed" in verdict.message


def test_checks_that_share_a_budget_share_it():
    """The gradient spends the submission's budget; the update and the steps, right as they
    are, are then refused, saying where the budget went."""
    budget = Budget(Limits(max_steps=100_000))
    assert check_gradient_answer(BUSY, budget=budget).kind == "too-complex"
    update = check_update_answer(U, budget=budget)
    assert update.kind == "too-complex"
    assert "it ran out while checking dJ/dw_j" in update.message
    steps = check_steps(SYMPY, budget=budget)
    assert steps.kind == "too-complex" and "ran out while checking dJ/dw_j" in steps.message
    fresh = Budget(Limits(max_steps=100_000))
    assert check_update_answer(U, budget=fresh).ok and check_steps(SYMPY, budget=fresh).ok
