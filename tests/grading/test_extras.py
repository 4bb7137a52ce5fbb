"""A student's install: ``gdgrade check`` needs nothing of the instructor's extra.

The instructor's modules (nbgrader, nbformat, jinja2, matplotlib, and rich with what
it brings: pygments, markdown-it) are made unimportable in a fresh process, as they
are after ``pip install gdgrade`` alone; ``check`` works there, writes the same text
as where they are installed and says nothing about plots, and what does need the
extra says which command installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import pytest

from gdgrade.grading import extras, gradescope

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
DEMO = Path(str(resources.files("gdgrade.grading") / "data" / "demo"))
INSTRUCTORS = ("nbgrader", "nbformat", "jinja2", "matplotlib", "nbclient", "ipykernel", "rich")
TERMINAL = ("rich", "pygments", "markdown_it", "mdurl")
"""rich (the class table, the progress bar) and the modules it brings."""
STUDENTS = ("numpy", "sympy", "hypothesis", "lark")

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


def _gdgrade(
    *args: str,
    cwd: Path,
    refused: Sequence[str] = INSTRUCTORS + TERMINAL,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", _WITHOUT, ",".join(refused), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100", **(env or {})},
    )


def test_the_students_dependencies_hold_nothing_of_the_instructors():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {d.split(">")[0].split(";")[0].split("[")[0].strip() for d in project["dependencies"]}
    assert names.isdisjoint(INSTRUCTORS)
    assert set(STUDENTS) <= names
    extras = project["optional-dependencies"]
    instructor = " ".join(extras["instructor"])
    assert all(name in instructor for name in INSTRUCTORS)
    assert "rich" in " ".join(extras["cluster"])  # the instructor's machine shows the table


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
    for word in ("plot", "matplotlib", "jinja", "nbformat", "instructor", "rich", "traceback"):
        assert word not in said, word


@pytest.mark.parametrize("name", ["frozen-bias", "not-started"])
def test_check_writes_the_same_text_without_rich(name, tmp_path):
    folder = tmp_path / name
    folder.mkdir()
    for file in ("adaline.py", "derivation.py"):
        if (DEMO / name / file).exists():
            (folder / file).write_text((DEMO / name / file).read_text())
    without = _gdgrade("check", str(folder), cwd=tmp_path)
    with_rich = _gdgrade("check", str(folder), cwd=tmp_path, refused=())
    assert "FAIL" in without.stdout or "TODO" in without.stdout
    assert without.stdout == with_rich.stdout
    assert without.returncode == with_rich.returncode == 1


_MODULES_AFTER = """
import runpy, sys
sys.argv = ["gdgrade", *sys.argv[1:]]
try:
    runpy.run_module("gdgrade", run_name="__main__")
except SystemExit:
    pass
print("imported:", *sorted(m for m in sys.modules if m.split(".")[0] in {refused}))
"""


@pytest.mark.parametrize("args", [("check", "frozen-bias"), ("--help",), ("check", "--help")])
def test_a_students_commands_import_nothing_of_rich(args, tmp_path):
    """Where rich is installed too (an instructor's machine), the student's path does
    not load it: it is not what the report is written with."""
    args = [str(DEMO / a) if a == "frozen-bias" else a for a in args]
    code = _MODULES_AFTER.format(refused=set(TERMINAL + INSTRUCTORS))
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.stdout.splitlines()[-1] == "imported:", done.stderr


@pytest.mark.parametrize("args", [("--help",), ("check", "--help"), ("--version",)])
def test_help_works_without_the_extra(args, tmp_path):
    done = _gdgrade(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "gdgrade" in done.stdout and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("demo", "--out", "demo"),
        ("grade", str(DEMO / "correct-loops"), "--assignment", "adaline-gd", "--json", "o.json"),
    ],
)
def test_grade_and_demo_without_rich_say_the_fix_in_one_line(args, tmp_path):
    done = _gdgrade(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(f"gdgrade: error: {args[0]} shows its progress")
    assert extras.INSTRUCTOR in done.stderr
    assert not list(tmp_path.iterdir())  # nothing graded, nothing written


def test_a_notebook_without_nbformat_says_how_to_read_it(tmp_path):
    notebook = tmp_path / "adaline.ipynb"
    notebook.write_text(
        json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []})
    )
    done = _gdgrade("check", str(notebook), cwd=tmp_path)
    assert done.returncode == 1
    said = " ".join((done.stdout + done.stderr).split())  # wrapped where the path ends
    assert "nbformat" in said
    assert extras.NOTEBOOK in said
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
def test_gradescopes_autograder_grades_with_the_students_install(tmp_path):
    """Gradescope's setup.sh installs gdgrade's wheel alone: no rich, no jinja2."""
    root = tmp_path / "autograder"
    shutil.copytree(DEMO / "frozen-bias", root / "submission")
    done = _gdgrade(
        "grade",
        "--gradescope",
        "--assignment",
        "adaline-gd",
        cwd=tmp_path,
        env={gradescope.ROOT_ENV: str(root)},
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    data = json.loads((root / "results" / "results.json").read_text())
    assert 0 < data["score"] < sum(t["max_score"] for t in data["tests"])


@pytest.mark.slow
def test_demo_works_without_the_html_stack(tmp_path):
    """rich installed, jinja2 and matplotlib not: every report but the HTML pages."""
    html = [m for m in INSTRUCTORS if m not in TERMINAL]
    done = _gdgrade("demo", "--out", str(tmp_path / "demo"), cwd=tmp_path, refused=html)
    assert done.returncode == 0, done.stderr
    assert "no HTML feedback pages" in done.stdout
    assert extras.INSTRUCTOR in done.stdout
    results = json.loads((tmp_path / "demo" / "results.json").read_text())
    assert len(results) == len([p for p in DEMO.iterdir() if (p / "adaline.py").exists()])
    assert (tmp_path / "demo" / "grades.csv").exists()
    assert not (tmp_path / "demo" / "feedback").exists()


def test_missing_names_only_what_is_not_installed():
    assert extras.missing("json", "gdgrade_no_such_module") == ["gdgrade_no_such_module"]
