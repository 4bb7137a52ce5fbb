"""A student's install: ``gdgrade check`` needs nothing of the instructor's extra.

The instructor's modules (nbgrader, nbformat, jinja2, matplotlib) are made
unimportable in a fresh process, as they are after ``pip install gdgrade`` alone;
``check`` works there and says nothing about plots, and what does need the extra
says which command installs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from gdgrade.grading import extras

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
DEMO = Path(str(resources.files("gdgrade.grading") / "data" / "demo"))
INSTRUCTORS = ("nbgrader", "nbformat", "jinja2", "matplotlib", "nbclient", "ipykernel")

# Runs gdgrade's CLI with the instructor's modules refused, as if not installed.
_WITHOUT = """
import runpy, sys
refused = set(sys.argv[1].split(","))

class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in refused:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Refuse())
sys.argv = ["gdgrade", *sys.argv[2:]]
runpy.run_module("gdgrade", run_name="__main__")
"""


def _gdgrade(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", _WITHOUT, ",".join(INSTRUCTORS), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100"},
    )


def test_the_students_dependencies_hold_nothing_of_the_instructors():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {d.split(">")[0].split(";")[0].split("[")[0].strip() for d in project["dependencies"]}
    assert names.isdisjoint(INSTRUCTORS)
    assert {"numpy", "sympy", "hypothesis", "lark", "rich"} <= names
    instructor = " ".join(project["optional-dependencies"]["instructor"])
    assert all(name in instructor for name in ("nbgrader", "nbformat", "jinja2", "matplotlib"))


def test_the_refusal_works():
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT, "jinja2", "-c", "import jinja2"],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0


@pytest.mark.parametrize(("name", "status"), [("correct-loops", 0), ("frozen-bias", 1)])
def test_check_works_without_the_instructors_extra(name, status, tmp_path):
    folder = tmp_path / name
    folder.mkdir()
    for file in ("adaline.py", "derivation.py"):
        (folder / file).write_text((DEMO / name / file).read_text())
    done = _gdgrade("check", str(folder), cwd=tmp_path)
    assert done.returncode == status, done.stderr
    assert "checks pass" in done.stdout
    said = (done.stdout + done.stderr).lower()
    for word in ("plot", "matplotlib", "jinja", "nbformat", "instructor", "traceback"):
        assert word not in said, word


def test_a_notebook_without_nbformat_says_how_to_read_it(tmp_path):
    notebook = tmp_path / "adaline.ipynb"
    notebook.write_text(
        json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []})
    )
    done = _gdgrade("check", str(notebook), cwd=tmp_path)
    assert done.returncode == 1
    assert "nbformat" in done.stdout + done.stderr
    assert extras.NOTEBOOK in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_feedback_pages_without_jinja2_are_refused_with_the_fix(tmp_path):
    done = _gdgrade(
        "grade",
        str(DEMO / "correct-loops"),
        "--assignment",
        "adaline-gd",
        "--json",
        str(tmp_path / "out.json"),
        "--feedback",
        str(tmp_path / "feedback"),
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert extras.INSTRUCTOR in done.stderr
    assert not (tmp_path / "out.json").exists()


def test_generate_and_the_gradebook_without_the_extra_say_the_fix(tmp_path):
    done = _gdgrade("generate", "adaline-gd", "--out", str(tmp_path / "course"), cwd=tmp_path)
    assert done.returncode == 2
    assert extras.INSTRUCTOR in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_grade_and_demo_work_without_the_extra(tmp_path):
    done = _gdgrade("demo", "--out", str(tmp_path / "demo"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "no HTML feedback pages" in done.stdout
    assert extras.INSTRUCTOR in done.stdout
    results = json.loads((tmp_path / "demo" / "results.json").read_text())
    assert len(results) == len([p for p in DEMO.iterdir() if (p / "adaline.py").exists()])
    assert (tmp_path / "demo" / "grades.csv").exists()
    assert not (tmp_path / "demo" / "feedback").exists()


def test_missing_names_only_what_is_not_installed():
    assert extras.missing("json", "gdgrade_no_such_module") == ["gdgrade_no_such_module"]
