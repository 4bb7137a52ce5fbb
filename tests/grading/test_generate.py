"""gdgrade generate: the course folder, the roster's seeded variants, the manifest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from gdgrade.grading import generate
from gdgrade.grading.cli import main
from gdgrade.grading.source_notebook import check_cells_in
from gdgrade.grading.spec import SpecError, load_spec

ROOT = Path(__file__).resolve().parents[2]


HALF_MSE = """
import numpy as np

def net_input(X, w):
    return X @ w[1:] + w[0]

def cost(X, y, w):
    return 0.5 * np.mean((y - net_input(X, w)) ** 2)

def gradient(X, y, w):
    e = y - net_input(X, w)
    return -np.concatenate([[e.sum()], X.T @ e]) / len(y)

def update(X, y, w, eta):
    return w - eta * gradient(X, y, w)
"""


def _roster(tmp_path: Path, n: int = 40) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text("name,student_id\n" + "".join(f"N{i},s{i:03d}\n" for i in range(n)))
    return path


def test_course_folder_is_ready_for_nbgrader(tmp_path):
    made = generate.generate_course("adaline-gd", tmp_path / "course")
    text = made.config.read_text()
    assert "c.CourseDirectory.course_id = 'adaline-gd'" in text
    assert "c.CourseDirectory.root" in text
    assert "/work" not in text and str(tmp_path) not in text
    assert made.notebook == tmp_path / "course" / "source" / "adaline-gd" / "adaline-gd.ipynb"
    nb = nbformat.read(str(made.notebook), as_version=4)
    spec = load_spec("adaline-gd")
    assert [(c.check_id, c.points) for c in check_cells_in(nb)] == [
        (c.id, c.points) for c in spec.checks
    ]
    manifest = generate.read_manifest(made.manifest)
    assert (manifest.assignment, manifest.students) == ("adaline-gd", {})


def test_roster_variants_are_seeded_recorded_and_vary(tmp_path):
    roster = _roster(tmp_path)
    made = generate.generate_course("adaline-mse", tmp_path / "c1", roster=roster, seed=7)
    again = generate.generate_course("adaline-mse", tmp_path / "c2", roster=roster, seed=7)
    other = generate.generate_course("adaline-mse", tmp_path / "c3", roster=roster, seed=8)
    m1, m2, m3 = (generate.read_manifest(m.manifest) for m in (made, again, other))
    assert list(m1.students) == [f"s{i:03d}" for i in range(40)]
    assert m1.students == m2.students
    assert m1.students != m3.students
    losses = {v["loss"] for v in m1.students.values()}
    assert losses == set(load_spec("adaline-mse").variants["loss"])
    rows = made.variants_csv.read_text().splitlines()
    assert rows[0] == "student_id,loss" and len(rows) == 41
    assert made.students_csv.read_text().splitlines()[:2] == [
        "id,first_name,last_name,email",
        "s000,N0,,",
    ]


def test_unknown_assignment_and_spec_without_notebook(tmp_path):
    with pytest.raises(SpecError, match="no assignment 'nope'"):
        generate.generate_course("nope", tmp_path / "c")
    own = tmp_path / "own"
    own.mkdir()
    shutil.copy(ROOT / "assignments" / "adaline-gd" / "assignment.toml", own)
    text = (own / "assignment.toml").read_text().replace('name = "adaline-gd"', 'name = "mine"')
    (own / "assignment.toml").write_text(text)
    with pytest.raises(SpecError, match="no source notebook for 'mine'"):
        generate.generate_course(own, tmp_path / "c")


def test_instructors_own_spec_travels_with_the_notebook(tmp_path):
    own = tmp_path / "mine"
    own.mkdir()
    text = (ROOT / "assignments" / "adaline-gd" / "assignment.toml").read_text()
    (own / "assignment.toml").write_text(text.replace('name = "adaline-gd"', 'name = "mine"'))
    shutil.copy(ROOT / "assignments" / "adaline-gd" / "adaline-gd.ipynb", own / "mine.ipynb")
    made = generate.generate_course(own / "assignment.toml", tmp_path / "course")
    assert (made.notebook.parent / "assignment.toml").is_file()
    sources = [c.source for c in nbformat.read(str(made.notebook), as_version=4).cells]
    assert any('assignment="assignment.toml"' in s for s in sources)
    assert not any('assignment="adaline-gd"' in s for s in sources)


def test_paths_are_matched_to_students(tmp_path):
    m = generate.Manifest("adaline-mse", "adaline-mse", 0, {"ann": {"loss": "half_mse"}, "bob": {}})
    paths = [
        str(tmp_path / "course" / "submitted" / "ann" / "adaline-mse" / "adaline-mse.ipynb"),
        str(tmp_path / "course" / "submitted" / "bob" / "adaline-mse" / "adaline-mse.ipynb"),
        str(tmp_path / "ann.ipynb"),
        str(tmp_path / "zoe" / "adaline.py"),
    ]
    assert generate.student_of_path(paths[0], "adaline-mse") == "ann"
    assert generate.variants_for_paths(paths, m) == {
        paths[0]: {"loss": "half_mse"},
        paths[2]: {"loss": "half_mse"},
    }


def test_bad_manifest(tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text(json.dumps({"students": {}}))
    with pytest.raises(ValueError, match="'manifest' must be written by gdgrade generate"):
        generate.read_manifest(bad)


def test_cli_generate(tmp_path, capsys):
    assert main(["generate", "adaline-gd", "--out", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert "nbgrader generate_assignment adaline-gd" in out
    assert main(["generate", "nope", "--out", str(tmp_path / "d")]) == 2


@pytest.mark.slow
def test_grade_with_manifest_grades_each_students_variant(tmp_path):
    """The same half-MSE code is right for the student whose variant is half_mse only."""
    from gdgrade.grading.reports.files import read_results

    spec = load_spec("adaline-mse")
    manifest = generate.Manifest(
        "adaline-mse", "adaline-mse", 0, {"ann": {"loss": "half_mse"}, "bob": {"loss": "mse"}}
    )
    (tmp_path / "gdgrade-manifest.json").write_text(json.dumps(manifest.to_json()))
    code = HALF_MSE
    paths = []
    for student in ("ann", "bob"):
        folder = tmp_path / "submitted" / student / "adaline-mse"
        folder.mkdir(parents=True)
        (folder / "adaline.py").write_text(code)
        paths.append(str(folder))
    out = tmp_path / "results.json"
    argv = ["grade", *paths, "--assignment", "adaline-mse", "--json", str(out), "-j", "1"]
    assert main([*argv, "--manifest", str(tmp_path / "gdgrade-manifest.json")]) == 0
    results = read_results(out)
    ann, bob = (results[p] for p in paths)
    assert ann.variant == {"loss": "half_mse"} and bob.variant == {"loss": "mse"}
    assert spec.convention.loss == "mse"
    for check in ("cost", "gradient", "update"):
        assert next(t for t in ann.tests if t.id == check).outcome.ok, check
        assert not next(t for t in bob.tests if t.id == check).outcome.ok, check


def test_the_cell_timeout_fits_the_in_kernel_limits(tmp_path):
    made = generate.generate_course("adaline-gd", tmp_path / "course")  # call_seconds = 5
    text = made.config.read_text()
    assert generate.cell_timeout(load_spec("adaline-gd")) == 6 * 5 + 60
    assert "c.Execute.timeout = 90  # gdgrade: cell timeout" in text
    assert "c.ExecutePreprocessor.timeout = 90  # gdgrade: cell timeout" in text
    assert "600" not in text
    generate.generate_course("adaline-mse", tmp_path / "course")  # 10 s calls: raised
    assert "c.Execute.timeout = 120  # gdgrade: cell timeout" in made.config.read_text()
    generate.generate_course("adaline-gd", tmp_path / "course")  # never lowered
    assert "c.Execute.timeout = 120  # gdgrade: cell timeout" in made.config.read_text()
