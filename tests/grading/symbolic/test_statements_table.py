"""Statements from public notes, books and answers: each gets its verdict, no wrong one is
accepted, and what is not read is refused with a message that says what."""

from __future__ import annotations

from collections import Counter

import pytest

from .statements_table import HELD_OUT, REFUSED, TABLE, check, outcome

ROWS = TABLE + HELD_OUT


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.target}-{r.kind}-{k}" for k, r in enumerate(ROWS)])
def test_verdict(row):
    verdict = check(row)
    assert (verdict.kind, verdict.mistake) == (row.kind, row.mistake), verdict.message
    assert verdict.ok == (row.kind == "ok")
    assert row.says in verdict.message


@pytest.mark.parametrize("row", [r for r in ROWS if r.kind != "ok"], ids=lambda r: r.answer[:40])
def test_no_wrong_statement_is_accepted(row):
    assert outcome(row, check(row)) != "false-accept"


@pytest.mark.parametrize("row", [r for r in ROWS if r.kind in REFUSED], ids=lambda r: r.answer[:40])
def test_a_refusal_says_where_and_what(row):
    """A statement not read gets the column and the piece not understood."""
    message = check(row).message
    assert "column" in message
    assert row.says and row.says in message


def test_the_table_is_real_and_mixed():
    assert len(TABLE) >= 30 and len(HELD_OUT) >= 8
    kinds = Counter("right" if r.kind == "ok" else "wrong" for r in TABLE)
    assert kinds["right"] >= 20 and kinds["wrong"] >= 15
    assert {r.target for r in TABLE} == {"gradient", "update"}
