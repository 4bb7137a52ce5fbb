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
