"""One status says whether a submission was graded, and every report shows the same one."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rich.console import Console

from gdgrade.grading.gradebook import _comment
from gdgrade.grading.reports import print_check_report, print_class_table, summarize
from gdgrade.grading.reports.files import write_csv, write_json
from gdgrade.grading.reports.html import render_feedback, render_summary
from gdgrade.grading.results import CheckResult, Outcome, SubmissionResult

WHY = "the definition of AdalineSGD (adaline.py, line 40) failed when the file was imported"


def _result(name: str, *statuses: str, problems: tuple[str, ...] = ()) -> SubmissionResult:
    tests = [
        CheckResult(
            f"AdalineGD.check{i}",
            "a property",
            1.0 if status == "passed" else 0.0,
            1.0,
            "public",
            Outcome(status, "" if status == "passed" else f"not graded: {WHY}"),
        )
        for i, status in enumerate(statuses)
    ]
    return SubmissionResult(name, "adaline-gd", tests=tests, problems=list(problems))


CASES = {
    "graded": _result("a", "passed", "failed"),
    "errors": _result("b", "passed", "error"),
    "partially-graded": _result(
        "c", "passed", "not-graded", problems=(f"partially graded: AdalineSGD: {WHY}",)
    ),
    "not-graded": _result(
        "d",
        "not-graded",
        "not-graded",
        problems=("note: first", "not graded: adaline.py has a syntax error (line 3)"),
    ),
    "unreadable": _result("e", "error", problems=("the submission is not a folder",)),
}


@pytest.mark.parametrize(
    ("case", "status"),
    [
        ("graded", "graded"),
        ("errors", "errors"),
        ("partially-graded", "partially-graded"),
        ("not-graded", "not-graded"),
        ("unreadable", "not-graded"),
    ],
)
def test_one_place_decides_the_status(case, status):
    assert CASES[case].grading_status == status


def test_the_status_line_says_why_first():
    assert CASES["partially-graded"].status_line == f"partially graded: AdalineSGD: {WHY}"
    assert CASES["not-graded"].status_line == ("not graded: adaline.py has a syntax error (line 3)")
    assert CASES["graded"].status_line == "graded"


def test_every_report_shows_the_same_status(tmp_path):
    results = list(CASES.values())
    write_csv(tmp_path / "grades.csv", results)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "grades.csv").read_text())))
    assert [r["status"] for r in rows] == [r.grading_status for r in results]
    write_json(tmp_path / "results.json", results)
    data = json.loads((tmp_path / "results.json").read_text())
    assert [d["gdgrade"]["status"] for d in data] == [r.grading_status for r in results]
    partial = data[2]["output"].splitlines()[0]
    assert partial == f"adaline-gd: 1 / 2 (partially graded: AdalineSGD: {WHY})"
    page = render_feedback(CASES["partially-graded"])
    assert f"partially graded: AdalineSGD: {WHY}" in page.split("<h2>")[0]  # above the notes
    summary = render_summary(results, summarize(results))
    assert summary.count("partially-graded") == 1 and summary.count("not-graded") == 2
    assert _comment(CASES["not-graded"], "code").startswith(
        "gdgrade: not graded: adaline.py has a syntax error (line 3)"
    )
    assert not _comment(CASES["graded"], "code").startswith("gdgrade: graded")


def test_the_terminal_says_it_first_and_once():
    out = io.StringIO()
    print_check_report(CASES["partially-graded"], out, width=200)
    lines = out.getvalue().splitlines()
    assert lines[1] == f"partially graded: AdalineSGD: {WHY}"
    assert sum(WHY in line for line in lines) == 2  # the status, then the check not graded
    table = Console(file=io.StringIO(), width=200, highlight=False)
    print_class_table(list(CASES.values()), summarize(list(CASES.values())), table)
    text = table.file.getvalue()
    assert "PARTIALLY GRADED" in text and "NOT GRADED" in text
