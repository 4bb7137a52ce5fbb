"""The table of answers: correct forms accepted, mistakes named, bad text rejected."""

from __future__ import annotations

import time

import pytest

from gdgrade.grading.symbolic import (
    CATALOGUE,
    DEFAULT_LIMITS,
    DEFAULT_SIZES,
    KINDS,
    Size,
    catalogue,
    check_gradient_answer,
    check_update_answer,
    reference,
)
from gdgrade.grading.symbolic.concrete import evaluate_trusted, reference_polynomial
from gdgrade.grading.symbolic.read import detect_syntax
from gdgrade.reference import LOSSES, Convention

from .table import ACCEPTED, MISTAKES, TABLE, Row, check


def _id(row: Row) -> str:
    text = row.answer if len(row.answer) <= 50 else row.answer[:40] + f"...{len(row.answer)}"
    return f"{row.target}-{row.convention.loss}-{row.convention.bias}-{row.kind}-{text}"


@pytest.mark.parametrize("row", TABLE, ids=_id)
def test_verdict(row: Row):
    start = time.perf_counter()
    verdict = check(row)
    elapsed = time.perf_counter() - start
    assert (verdict.kind, verdict.mistake) == (row.kind, row.mistake), verdict.message
    assert verdict.ok == (row.kind == "ok")
    assert row.says in verdict.message
    assert verdict.kind in KINDS
    if row.hostile:  # stopped by its limit, not left to run: a generous bound for busy CI
        assert elapsed < 4 * DEFAULT_LIMITS.seconds + 5, f"took {elapsed:.2f} s"


def test_every_catalogue_entry_is_in_the_table():
    named = {row.mistake for row in MISTAKES}
    assert {m.id for m in CATALOGUE} <= named


def test_the_table_has_both_syntaxes_and_both_targets():
    latex = [row for row in ACCEPTED if "\\" in row.answer]
    assert len(latex) >= 8
    assert any(row.target == "update" for row in ACCEPTED)
    assert any(row.target == "update" for row in MISTAKES)


@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("target", ["gradient", "update"])
def test_catalogue_entries_are_wrong_and_distinct(loss, target):
    """Every entry differs from the reference and from every other entry, for each loss."""
    convention = Convention(loss=loss)
    ref = reference(convention)
    seen = {}
    sizes = [Size(2, 2, 0), Size(3, 2, 1), Size(2, 3, 3)]
    for mistake, wrong in catalogue(convention, target, ref):
        free = sorted((s for s in wrong.free_symbols if s.is_Symbol and s.name == "i"), key=str)
        values = tuple(
            evaluate_trusted(wrong, size, tuple((s, 1) for s in free), loss) for size in sizes
        )
        right = tuple(reference_polynomial(loss, target, size) for size in sizes)
        assert values != right, mistake.id
        if values in seen:  # the update's mapped copy of a gradient entry may repeat one
            assert target == "update" and mistake.message.startswith("Your update"), mistake.id
        seen.setdefault(values, mistake.id)


def test_the_update_is_minus_eta_times_each_correct_gradient():
    for row in ACCEPTED:
        if (
            row.target == "gradient"
            and "=" not in row.answer
            and detect_syntax(row.answer) == "sympy"
        ):
            verdict = check_update_answer(f"-eta*({row.answer})", row.convention)
            assert verdict.ok, (row.answer, verdict.message)


def test_messages_name_the_smallest_size_and_values():
    verdict = check_gradient_answer("-Sum((y[i] - phi(z[i]))*x[i, j]*w[j], (i, 1, n))")
    assert verdict.kind == "wrong"
    assert "at n = 1, m = 1, j = 0 with" in verdict.message
    assert "your answer is" in verdict.message and "dJ/dw_j is" in verdict.message


def test_a_mistake_that_only_shows_for_j_at_least_1_is_caught():
    """x[i, 0] = 1 makes the missing x right for the bias; j = 1 shows it."""
    verdict = check_gradient_answer("-Sum(y[i] - phi(z[i]), (i, 1, n))")
    assert verdict.mistake == "missing-x"
    assert "j = 1" in verdict.message


def test_default_sizes_include_the_bias_and_both_shapes():
    assert Size(1, 1, 0) == DEFAULT_SIZES[0]
    assert any(s.j == 0 for s in DEFAULT_SIZES)
    assert any(s.n > s.m for s in DEFAULT_SIZES) and any(s.n < s.m for s in DEFAULT_SIZES)
    assert len(DEFAULT_SIZES) == 36


def test_fewer_sizes_can_be_asked_for():
    sizes = [Size(1, 1, 0), Size(2, 1, 1)]
    verdict = check_gradient_answer("-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))", sizes=sizes)
    assert verdict.ok and "2 sizes" in verdict.message


def test_a_non_string_answer_is_a_parse_error():
    verdict = check_gradient_answer(42)
    assert verdict.kind == "parse-error" and "must be a string" in verdict.message


def test_none_is_empty():
    assert check_gradient_answer(None).kind == "empty"


def test_verdicts_are_deterministic():
    row = Row("-Sum((y[i] - phi(z[i]))*x[i, j]*3, (i, 1, n))")
    assert check(row) == check(row)
