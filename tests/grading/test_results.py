"""Results are capped where they are built: every file written from them is bounded.

A ``cost_`` of 8 million entries and a gradient of 8 million zeros once wrote a
``results.json`` of 198 MB and 96 MB.  The checks run here in-process (the
sandbox only changes who computes the student's values, not what is kept).
"""

from __future__ import annotations

import csv
import dataclasses
import json

import numpy as np
import pytest

from gdgrade.grading.checks.compare import plain
from gdgrade.grading.checks.context import Context, StudentError
from gdgrade.grading.inprocess import InProcess
from gdgrade.grading.registry import checks_for
from gdgrade.grading.reports.files import write_csv, write_json
from gdgrade.grading.reports.html import render_feedback
from gdgrade.grading.results import (
    MAX_CHARS,
    MAX_ENTRIES,
    CheckResult,
    Outcome,
    SubmissionResult,
    capped,
    capped_text,
    first_entries,
)
from gdgrade.grading.runner import learning_curves
from gdgrade.grading.spec import load_spec

from .zoo import CORRECT

SPEC = load_spec("adaline-gd")
EIGHT_MILLION = 8_000_000


def _context(source: str) -> Context:
    namespace: dict = {}
    exec(compile(source, "adaline.py", "exec"), namespace)
    return Context(SPEC, InProcess(namespace), SPEC.convention, None, {})


def _run(ctx: Context, check_id: str) -> CheckResult:
    info = checks_for(SPEC)[check_id]
    try:
        outcome = info.run(ctx)
    except StudentError as exc:
        outcome = exc.outcome
    return CheckResult(check_id, info.title, 0.0, 1.0, "public", outcome)


def _files(tmp_path, result: SubmissionResult) -> dict[str, int]:
    write_json(tmp_path / "results.json", [result])
    write_csv(tmp_path / "grades.csv", [result])
    (tmp_path / "page.html").write_text(render_feedback(result), encoding="utf-8")
    return {p: (tmp_path / p).stat().st_size for p in ("results.json", "grades.csv", "page.html")}


def test_a_cost_history_of_eight_million_entries(tmp_path):
    source = CORRECT.replace(
        "        return self\n",
        f"        self.cost_ = np.zeros({EIGHT_MILLION})\n        return self\n",
        1,
    )
    curve = learning_curves(_context(source), "AdalineGD", SPEC.properties.curve_epochs)
    assert len(curve["student"]) == MAX_ENTRIES + 1
    assert curve["student"][-1] == "... 7,999,000 more entries not shown"
    result = SubmissionResult("s", SPEC.name, curve=curve).bounded()
    sizes = _files(tmp_path, result)
    assert sizes["results.json"] < 50_000, sizes  # was 198 MB
    assert max(sizes.values()) < 50_000, sizes
    written = json.loads((tmp_path / "results.json").read_text())[0]["gdgrade"]["curve"]
    shown, marker = written["student"][:-1], written["student"][-1]
    assert written["reference"] == curve["reference"]  # the whole curve shares one budget
    assert marker == f"... {EIGHT_MILLION - len(shown):,} more entries not shown"


def test_a_gradient_of_eight_million_zeros(tmp_path):
    source = CORRECT.replace(
        "def gradient(X, y, w):\n",
        f"def gradient(X, y, w):\n    return np.zeros({EIGHT_MILLION})\n",
    )
    check = _run(_context(source), "gradient")
    assert check.outcome.status == "failed"
    got = check.outcome.counterexample["got"]  # after the inputs, in the same budget
    assert got[-1] == f"... {EIGHT_MILLION - len(got) + 1:,} more entries not shown"
    assert len(got) > MAX_ENTRIES // 2
    result = SubmissionResult("s", SPEC.name, tests=[check]).bounded()
    sizes = _files(tmp_path, result)
    assert sizes["results.json"] < 50_000, sizes  # was 96 MB
    assert max(sizes.values()) < 50_000, sizes


def test_messages_hints_notes_and_output_are_capped_with_the_count():
    huge = "x" * (MAX_CHARS + 12_345)
    o = Outcome("failed", huge, hint=huge, counterexample={"s": huge, "n": [1.0] * 5000})
    assert o.message.endswith("\n... 12,345 more characters not shown")
    assert len(o.message) < MAX_CHARS + 50 and o.hint == o.message
    assert o.counterexample["n"][-1] == "... 4,000 more entries not shown"
    r = SubmissionResult("s", "a", problems=[huge] * 3, output=huge).bounded()
    assert all(p.endswith("more characters not shown") for p in r.problems)
    assert r.output == o.message


def test_capping_is_idempotent_and_keeps_the_true_count():
    value = {"a": [float(i) for i in range(3000)], "b": [[1.0, 2.0]] * 800}
    once = capped(value)
    assert capped(once) == once
    assert dataclasses.replace(Outcome("failed", "m", counterexample=value)).counterexample == once
    smaller = capped(once, entries=10)
    assert smaller["a"][-1] == "... 2,990 more entries not shown"  # the first cut is counted
    text = capped_text("y" * 50_000)
    assert capped_text(text) == text


def test_numbers_json_cannot_hold_become_strings():
    o = Outcome("failed", "m", counterexample={"got": [float("nan"), float("inf"), -np.inf, 1.5]})
    assert o.counterexample["got"] == ["nan", "inf", "-inf", 1.5]
    json.dumps(o.counterexample, allow_nan=False)


@pytest.mark.parametrize("shape", [(EIGHT_MILLION,), (4000, 2000), (10, 10)])
def test_plain_converts_only_what_is_kept(shape):
    arr = np.zeros(shape)
    out = plain(arr)
    if arr.size <= MAX_ENTRIES:
        assert out == arr.tolist()
    else:
        assert len(out) == MAX_ENTRIES + 1
        assert out[-1] == f"... {arr.size - MAX_ENTRIES:,} more entries not shown"


def test_first_entries_reads_only_the_head():
    assert first_entries(range(3), 5) == [0, 1, 2]
    assert first_entries(np.arange(10), 4) == [0, 1, 2, 3, "... 6 more entries not shown"]


def test_a_csv_row_holds_the_capped_values(tmp_path):
    check = CheckResult("gradient", "t", 0.0, 1.0, "public", Outcome("failed", "z" * 10**6))
    write_csv(
        tmp_path / "g.csv", [SubmissionResult("s", "a", tests=[check], problems=["p" * 10**6])]
    )
    rows = list(csv.reader((tmp_path / "g.csv").open(encoding="utf-8")))
    assert len(rows[1][5]) < MAX_CHARS + 50  # the problems column
