"""The course loop end to end, with the real nbgrader and a real Jupyter kernel.

generate -> nbgrader generate_assignment -> a class of submissions made from the
release notebook -> nbgrader autograde (in-kernel test cells) -> nbgrader export
-> gdgrade grade on submitted/ (sandbox) with --gradebook -> nbgrader export.
Both paths must give every check of every submission the same points.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from gdgrade.grading.source_notebook import check_of_cell
from gdgrade.grading.spec import load_spec

pytest.importorskip("nbgrader")
pytest.importorskip("ipykernel")

NAME = "adaline-gd"
BIN = str(Path(sys.executable).parent)
TIMINGS: list[tuple[str, float]] = []
STUDENTS = ("solution", "untouched", "wrong-gradient", "wrong-derivation")


def _run(args: list[str], cwd: Path, timeout: float = 600) -> str:
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    env.pop("JUPYTER_PATH", None)
    start = time.perf_counter()
    out = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    TIMINGS.append(
        (" ".join(a for a in args[1:4] if not a.startswith("/")), time.perf_counter() - start)
    )
    assert out.returncode == 0, f"{args} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out.stdout + out.stderr


def _solutions(source: nbformat.NotebookNode) -> dict[str, str]:
    """The instructor's solution cells, markers removed, by grade_id."""
    out = {}
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            lines = [ln for ln in cell.source.splitlines() if "### " not in ln.strip()[:4]]
            out[meta["grade_id"]] = "\n".join(lines)
    return out


def _submission(release: nbformat.NotebookNode, answers: dict[str, str]):
    nb = nbformat.from_dict(release)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    return nb


def _class(release, source) -> dict[str, nbformat.NotebookNode]:
    right = _solutions(source)
    wrong_gradient = dict(right)
    wrong_gradient["adaline-code"] = right["adaline-code"].replace(
        "return -np.concatenate(", "return np.concatenate("
    )
    assert wrong_gradient["adaline-code"] != right["adaline-code"]
    wrong_derivation = dict(right)
    wrong_derivation["derivation-answers"] = right["derivation-answers"].replace(
        'gradient_answer = "-Sum(', 'gradient_answer = "Sum('
    )
    assert wrong_derivation["derivation-answers"] != right["derivation-answers"]
    return {
        "solution": _submission(release, right),
        "untouched": _submission(release, {}),
        "wrong-gradient": _submission(release, wrong_gradient),
        "wrong-derivation": _submission(release, wrong_derivation),
    }


def _gradebook_scores(db: Path, spec) -> dict[str, dict[str, tuple[float | None, float | None]]]:
    """(auto_score, manual_score) of every test cell, by student and check id."""
    from nbgrader.api import Gradebook

    from gdgrade.grading.gradebook import nbgrader_tools

    out: dict[str, dict[str, tuple[float | None, float | None]]] = {}
    with nbgrader_tools(), Gradebook(f"sqlite:///{db}", course_id=NAME) as gb:
        for student in STUDENTS:
            nb = gb.find_submission_notebook(NAME, NAME, student)
            out[student] = {
                check_of_cell(g.name, spec): (g.auto_score, g.manual_score)
                for g in nb.grades
                if check_of_cell(g.name, spec)
            }
    return out


def _export(course: Path) -> dict[str, float]:
    _run([sys.executable, "-m", "nbgrader", "export"], course)
    with open(course / "grades.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:  # the roster's names and emails reached nbgrader (students.csv)
        assert (r["first_name"], r["last_name"]) == (r["student_id"].title(), "Student"), r
        assert r["email"] == f"{r['student_id']}@uni.example"
    return {r["student_id"]: float(r["raw_score"]) for r in rows}


def _table(spec, autograde, gdgrade) -> str:
    ids = [c.id for c in spec.checks]
    lines = [
        f"{'submission':18} {'nbgrader autograde':>19} {'gdgrade grade':>14}  differing checks"
    ]
    for s in STUDENTS:
        a = sum(autograde[s][i] or 0 for i in ids)
        g = sum(gdgrade[s][i] for i in ids)
        diff = [i for i in ids if (autograde[s][i] or 0) != gdgrade[s][i]]
        lines.append(
            f"{s:18} {a:>12g} / {spec.max_score:g} {g:>7g} / {spec.max_score:g}  "
            f"{' '.join(diff) or '-'}"
        )
    return "\n".join(lines)


@pytest.mark.slow
def test_course_loop_nbgrader_and_gdgrade_agree(tmp_path):
    spec = load_spec(NAME)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "id,first_name,last_name,email\n"
        + "".join(f"{s},{s.title()},Student,{s}@uni.example\n" for s in STUDENTS)
    )
    course = tmp_path / "course"
    gdgrade = [sys.executable, "-m", "gdgrade.grading.cli"]
    _run([*gdgrade, "generate", NAME, "--out", str(course), "--roster", str(roster)], tmp_path)
    _run([sys.executable, "-m", "nbgrader", "generate_assignment", NAME], course)
    release = nbformat.read(str(course / "release" / NAME / f"{NAME}.ipynb"), as_version=4)
    source = nbformat.read(str(course / "source" / NAME / f"{NAME}.ipynb"), as_version=4)
    assert "BEGIN HIDDEN TESTS" not in json.dumps(release)
    for student, nb in _class(release, source).items():
        folder = course / "submitted" / student / NAME
        folder.mkdir(parents=True)
        nbformat.write(nb, str(folder / f"{NAME}.ipynb"))
        (folder / "timestamp.txt").write_text("2026-01-01 12:00:00.000000 UTC")

    # nbgrader's path: the test cells run gdgrade's checks in the student's kernel
    _run([sys.executable, "-m", "nbgrader", "db", "student", "import", "students.csv"], course)
    log = _run([sys.executable, "-m", "nbgrader", "autograde", NAME], course, timeout=900)
    # nbgrader's false "checksum has changed" on each cell with hidden tests is gone
    # (issue 1961), and a cell that really was changed would still be reported.
    assert "has changed" not in log, log[-3000:]
    auto = _gradebook_scores(course / "gradebook.db", spec)
    exported = _export(course)
    autograde = {s: {i: a for i, (a, _) in auto[s].items()} for s in STUDENTS}

    # gdgrade's path: the same notebooks, in the sandbox, scores into the gradebook
    paths = [str(course / "submitted" / s / NAME / f"{NAME}.ipynb") for s in STUDENTS]
    results_json = tmp_path / "results.json"
    out = _run(
        [
            *gdgrade,
            "grade",
            *paths,
            "--assignment",
            NAME,
            "--json",
            str(results_json),
            "--manifest",
            str(course / "gdgrade-manifest.json"),
            "--gradebook",
            str(course / "gradebook.db"),
            "-j",
            "2",
        ],
        tmp_path,
    )
    assert "Gradebook: 4 submission(s) written" in out
    by_student = {
        Path(r["submission"]).parts[-3]: {t["number"]: t["score"] for t in r["tests"]}
        for r in json.loads(results_json.read_text())
    }
    table = _table(spec, autograde, by_student)
    print("\n" + table)
    print("\n".join(f"{what:40} {sec:6.1f} s" for what, sec in TIMINGS))
    (tmp_path / "table.txt").write_text(table)

    full = spec.max_score
    code = [c.id for c in spec.checks if not c.id.startswith("derivation.")]
    for results in (autograde, by_student):
        assert sum(results["solution"].values()) == full
        assert all(not results["untouched"][i] for i in code)
        wg, wd = results["wrong-gradient"], results["wrong-derivation"]
        assert 0 < sum(v or 0 for v in wg.values()) < full
        assert not wg["gradient"] and wg["derivation.gradient"] and wg["net_input"]
        assert 0 < sum(v or 0 for v in wd.values()) < full
        assert not wd["derivation.gradient"] and wd["gradient"] and wd["AdalineGD.converges"]
    # the two paths agree on every check of every submission
    for s in STUDENTS:
        assert {i: autograde[s][i] or 0 for i in code} == {i: by_student[s][i] for i in code}, s
        assert autograde[s] == pytest.approx({i: by_student[s][i] for i in autograde[s]}), s

    # the gradebook now holds gdgrade's scores (manual overrides), and export uses them
    after = _gradebook_scores(course / "gradebook.db", spec)
    for s in STUDENTS:
        assert {i: m for i, (_, m) in after[s].items()} == by_student[s]
    assert _export(course) == exported
    assert exported["solution"] == full and exported["untouched"] == 0
