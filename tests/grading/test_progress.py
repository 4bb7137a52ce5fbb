"""What the instructor sees while and after a class is graded (issue 12, item 9)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from gdgrade.grading.batch import BatchOptions, grade_many
from gdgrade.grading.reports import print_class_table, summarize
from gdgrade.grading.results import CheckResult, Outcome, SubmissionResult
from gdgrade.grading.spec import load_spec

from .zoo import CORRECT

SPEC = """
name = "mini"
classes = []
[limits]
call_seconds = 2.0
[properties]
max_examples = 3
[[checks]]
id = "gradient"
"""


@pytest.mark.slow
def test_the_progress_names_the_submission_that_hangs_while_it_hangs(tmp_path):
    (tmp_path / "mini").mkdir()
    (tmp_path / "mini" / "assignment.toml").write_text(SPEC)
    spec = load_spec(tmp_path / "mini")
    paths = []
    for name, source in (
        ("ann", CORRECT),
        (
            "dan",
            CORRECT.replace(
                "def gradient(X, y, w):\n",
                "def gradient(X, y, w):\n    while True:\n        pass\n",
            ),
        ),
    ):
        (tmp_path / name).mkdir()
        (tmp_path / name / "adaline.py").write_text(source)
        paths.append(str(tmp_path / name))
    seen: list[tuple[list[str], int]] = []
    finished: list[str] = []
    grade_many(
        paths,
        spec,
        BatchOptions(json_out=tmp_path / "r.json", jobs=2),
        on_result=lambda r, done, total: finished.append(r.submission),
        on_running=lambda running: seen.append((list(running), len(finished))),
    )
    assert finished[-1] == paths[1]  # dan hangs, so ends last
    assert any(running == [paths[1]] and done == 1 for running, done in seen), seen


def _result(path: str, mistakes: list[str]) -> SubmissionResult:
    tests = [
        CheckResult(f"c{i}", "t", 0, 1, "public", Outcome("failed", "m", mistake=m))
        for i, m in enumerate(mistakes)
    ]
    return SubmissionResult(path, "adaline-gd", tests=tests)


def test_the_class_table_names_students_and_never_cuts_a_mistake_id():
    paths = [f"/home/me/course/submitted/{s}/adaline-gd/adaline-gd.ipynb" for s in ("ann", "bob")]
    results = [
        _result(paths[0], ["derivation:sign-flipped", "update-follows-wrong-gradient"]),
        _result(paths[1], ["convention:mse"]),
    ]
    out = io.StringIO()
    print_class_table(results, summarize(results), Console(file=out, width=70))
    lines = out.getvalue().splitlines()
    first = lines[: next(i for i, line in enumerate(lines) if "most common mistakes" in line)]
    rows = [line for line in first if line.startswith("│")]
    assert [row.split("│")[1].strip() for row in rows if row.split("│")[1].strip()] == [
        "ann",
        "bob",
    ]
    words = {w.strip(",│ ") for line in lines for w in line.split()}
    assert {"derivation:sign-flipped", "update-follows-wrong-gradient", "convention:mse"} <= words
