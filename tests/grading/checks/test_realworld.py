"""Real code graded as written: the corpus of textbook-style classes in realworld.py.

Each case's score and the first line of its feedback are asserted; a right class
gets full marks whatever its names, imports and scripts; a class with a bug loses
points, and a hint is given only when it is the right one.
"""

from __future__ import annotations

import pytest

from gdgrade.grading.checks.classes import CLASS_CHECKS
from gdgrade.grading.runner import grade_submission
from gdgrade.grading.spec import parse_spec

from .realworld import CASES, Case

pytestmark = pytest.mark.slow

BATCH_ONLY = ("shuffle", "partial_fit")


def spec_for(case: Case):
    checks = []
    for entry in case.classes:
        name = entry if isinstance(entry, str) else entry["name"]
        training = "batch" if isinstance(entry, str) else entry.get("training", "batch")
        checks += [
            {"id": f"{name}.{prop}"}
            for prop in CLASS_CHECKS
            if training != "batch" or prop not in BATCH_ONLY
        ]
    data = {
        "name": "real-code",
        "preset": case.preset,
        "classes": case.classes,
        "checks": checks,
        "properties": {"max_examples": 8},
        **case.spec,
    }
    return parse_spec(data)


def first_line(result) -> str:
    """The first line a student reads after the score: the status when not everything
    was graded; else the first failed check (its hint, or its message); else the first
    note; else "-"."""
    if result.grading_status in ("partially-graded", "not-graded"):
        return result.status_line
    for t in result.tests:
        if not t.outcome.ok:
            return f"{t.id}: {(t.outcome.hint or t.outcome.message).splitlines()[0]}"
    return f"note: {result.problems[0]}" if result.problems else "-"


def grade(tmp_path, case: Case):
    folder = tmp_path / "submission"
    folder.mkdir(exist_ok=True)
    (folder / "adaline.py").write_text(case.source)
    return grade_submission(str(folder), spec_for(case), curve=False)


@pytest.mark.parametrize("name", list(CASES))
def test_real_code(name, tmp_path):
    case = CASES[name]
    result = grade(tmp_path, case)
    line = first_line(result)
    failed = {
        t.id: (t.outcome.status, t.outcome.mistake, t.outcome.message[:200])
        for t in result.tests
        if not t.outcome.ok
    }
    assert (result.score, line[: len(case.first)]) == (case.score, case.first), (line, failed)
    named = {t.outcome.mistake for t in result.tests if t.outcome.mistake}
    assert named == case.mistakes, failed
    if case.bug:
        assert result.score < result.max_score
    else:
        assert result.score == result.max_score and result.grading_status == "graded"


def test_the_same_random_state_branch_of_shuffle_can_fire(tmp_path):
    """Its two fits are two fits (they once shared one cached result, so the branch could
    never fire): permutations from the global random state are caught there."""
    result = grade(tmp_path, CASES["shuffles from the global random state"])
    shuffle = next(t.outcome for t in result.tests if t.id == "AdalineSGD.shuffle")
    assert shuffle.mistake == "not-deterministic"
    assert "shuffles differently with the same random_state" in shuffle.message
