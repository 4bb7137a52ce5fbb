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
