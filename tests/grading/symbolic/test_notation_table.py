"""Every notation family of issue 11 is read, and reading more never accepts a wrong answer."""

from __future__ import annotations

from collections import Counter

import pytest

from .notation_table import FAMILIES, TABLE, check


@pytest.mark.parametrize(
    "row", TABLE, ids=[f"{r.family}-{r.kind}-{k}" for k, r in enumerate(TABLE)]
)
def test_verdict(row):
    verdict = check(row)
    assert (verdict.kind, verdict.mistake) == (row.kind, row.mistake), verdict.message
    assert verdict.ok == (row.kind == "ok")
    assert row.says in verdict.message


def test_the_table_covers_every_family():
    families = Counter(row.family for row in TABLE)
    assert len(TABLE) >= 200
    assert set(families) == set(FAMILIES)
    assert min(families.values()) >= 5, families
    wrong = Counter(row.family for row in TABLE if row.kind != "ok")
    assert set(wrong) == set(FAMILIES)  # wrong answers in every notation


def test_each_classic_mistake_is_caught_in_several_notations():
    caught = Counter(row.mistake for row in TABLE if row.mistake)
    for mistake in ("sign-flipped", "forgot-half", "used-mean", "no-sum", "forgot-two"):
        assert caught[mistake] >= 2, (mistake, caught)


def test_assumptions_are_stated():
    """An answer read under assumptions says each of them, in the student's letters."""
    row = next(r for r in TABLE if r.answer.startswith(r"\theta_j := \theta_j - \alpha"))
    verdict = check(row)
    assert verdict.ok
    said = verdict.message.split("Read with these assumptions:")[1]
    for assumption in (
        "m bounds the sum over the samples, so it is read as the number of samples n",
        "θ is read as the weights w",
        "α is read as the learning rate η",
        "h_θ(x^{(i)}) is read as the prediction φ(z)",
    ):
        assert assumption in said


def test_declared_letters_decide_an_open_count_and_the_message_says_the_other_reading():
    from gdgrade.grading.symbolic import Letters, check_gradient_answer
    from gdgrade.reference import Convention

    mse = Convention(loss="mse")
    answer = r"-\frac{2}{m}\sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)}"
    inferred = check_gradient_answer(answer, mse)
    assert inferred.ok and "m counts the samples here" in inferred.message
    declared = check_gradient_answer(answer, mse, letters=Letters(samples="n", features="m"))
    assert not declared.ok
    assert "would be right if m counted the samples" in declared.message
    bounded = r"-\frac{2}{m}\sum_{i=1}^{m} (y^{(i)} - \hat y^{(i)}) x_j^{(i)}"
    assert check_gradient_answer(bounded, mse, letters=Letters(samples="n", features="m")).ok
