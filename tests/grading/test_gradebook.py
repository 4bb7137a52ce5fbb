"""Writing into nbgrader's gradebook (the whole path runs in test_course_loop)."""

from __future__ import annotations

import os
import sys

import pytest

from gdgrade.grading.gradebook import nbgrader_location, nbgrader_tools, record_scores
from gdgrade.grading.results import SubmissionResult
from gdgrade.grading.spec import load_spec


def test_location_in_nbgrader_layout(tmp_path):
    nb = tmp_path / "course" / "submitted" / "ann" / "hw1" / "hw1.ipynb"
    nb.parent.mkdir(parents=True)
    nb.write_text("{}")
    assert nbgrader_location(nb) == ("ann", "hw1", "hw1")
    assert nbgrader_location(nb.parent) == ("ann", "hw1", "hw1")
    (nb.parent / "other.ipynb").write_text("{}")
    assert nbgrader_location(nb.parent) is None  # which notebook? not guessed
    assert nbgrader_location(tmp_path / "hw1.ipynb") is None
    auto = tmp_path / "course" / "autograded" / "bob" / "hw1" / "hw1.ipynb"
    assert nbgrader_location(auto) == ("bob", "hw1", "hw1")


def test_missing_gradebook_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"'gradebook' must be an nbgrader gradebook\.db"):
        record_scores(tmp_path / "gradebook.db", [], load_spec("adaline-gd"))


def test_unknown_assignment_says_to_generate_it_first(tmp_path):
    pytest.importorskip("nbgrader")
    from nbgrader.api import Gradebook

    db = tmp_path / "gradebook.db"
    with nbgrader_tools(), Gradebook(f"sqlite:///{db}", course_id="c"):
        pass
    nb = tmp_path / "submitted" / "ann" / "adaline-gd" / "adaline-gd.ipynb"
    result = SubmissionResult(submission=str(nb), assignment="adaline-gd")
    with pytest.raises(ValueError, match="nbgrader generate_assignment adaline-gd"):
        record_scores(db, [result], load_spec("adaline-gd"))
    outside = SubmissionResult(submission=str(tmp_path / "x.ipynb"), assignment="adaline-gd")
    report = record_scores(db, [outside], load_spec("adaline-gd"))
    assert report.recorded == [] and report.skipped[0][0] == outside.submission


def test_nbgrader_tools_puts_this_python_first_and_restores(monkeypatch):
    monkeypatch.setenv("PATH", "/nowhere")
    with nbgrader_tools():
        assert os.environ["PATH"].split(os.pathsep)[0] == os.path.dirname(sys.executable)
    assert os.environ["PATH"] == "/nowhere"


# SQLAlchemy warns as the failing entry is rolled back: that is the point of the test
@pytest.mark.filterwarnings("ignore:Object of type <Submitted")
def test_one_entry_that_cannot_be_written_costs_no_other_its_scores(tmp_path):
    """A student folder whose name is not UTF-8 cannot be stored by SQLite: that entry
    is skipped with the reason, and the others are written, their comments printable."""
    pytest.importorskip("nbgrader")
    from nbgrader.api import Gradebook

    from gdgrade.grading.results import CheckResult, Outcome
    from gdgrade.grading.source_notebook import check_cell_id

    spec = load_spec("adaline-gd")
    name = spec.name
    db = tmp_path / "gradebook.db"
    with nbgrader_tools(), Gradebook(f"sqlite:///{db}", course_id="c") as gb:
        gb.add_assignment(name)
        gb.add_notebook(name, name)
        gb.add_grade_cell(check_cell_id("gradient"), name, name, max_score=2, cell_type="code")
        gb.add_solution_cell("adaline-code", name, name)

    def result(student: str) -> SubmissionResult:
        outcome = Outcome("failed", "=1+1 \x1b[2J [/link] \ud800", hint="\u202eevil")
        nb = tmp_path / "submitted" / student / name / f"{name}.ipynb"
        check = CheckResult("gradient", "t", 0.0, 2.0, "public", outcome)
        return SubmissionResult(submission=str(nb), assignment=name, tests=[check])

    students = ["ann", "b\udcffob", "cy"]
    report = record_scores(db, [result(s) for s in students], spec)
    assert [s for s, _, _ in report.recorded] == ["ann", "cy"]
    assert [why for path, why in report.skipped if "b\udcffob" in path]
    with nbgrader_tools(), Gradebook(f"sqlite:///{db}", course_id="c") as gb:
        for student in ("ann", "cy"):
            comment = gb.find_comment("adaline-code", name, name, student).manual_comment
            assert "\\x1b[2J [/link] \\ud800" in comment and "\\u202eevil" in comment
            assert gb.find_grade(check_cell_id("gradient"), name, name, student).score == 0


def test_a_part_whose_checks_passed_does_not_say_every_check_passed():
    """dan's derivation cell said "every check passed" at 15/29 (issue 12, item 8)."""
    from gdgrade.grading.gradebook import _comment
    from gdgrade.grading.results import CheckResult, Outcome, SubmissionResult

    result = SubmissionResult(
        "dan.ipynb",
        "adaline-gd",
        tests=[
            CheckResult("derivation.gradient", "t", 2, 2, "public", Outcome()),
            CheckResult("gradient", "t", 0, 2, "public", Outcome("failed", "wrong at 0")),
            CheckResult("update", "t", 0, 2, "public", Outcome("failed", "wrong at 1")),
        ],
    )
    derivation = _comment(result, "derivation")
    assert "every check passed" not in derivation
    assert derivation == (
        "gdgrade: every check of the derivation passed (2 check(s) of the rest did not: "
        "see their cells)."
    )
    assert _comment(result, "adaline").startswith("gradient (0/2): wrong at 0")
