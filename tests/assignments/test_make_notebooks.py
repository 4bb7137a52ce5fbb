"""The bundled source notebooks: in sync with their specs, and their solutions earn every point."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from gdgrade.assignments.make_notebooks import ASSIGNMENTS, notebook_for, template_notebook
from gdgrade.grading.source_notebook import check_cell_id, check_cells_in, student_version
from gdgrade.grading.spec import available_assignments, load_spec

ROOT = Path(__file__).resolve().parents[2]
NAMES = sorted(ASSIGNMENTS)


def _committed(name: str) -> nbformat.NotebookNode:
    return nbformat.read(str(ROOT / "assignments" / name / f"{name}.ipynb"), as_version=4)


def _sources(nb) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source) for c in nb.cells]


def test_every_bundled_assignment_has_a_source_notebook():
    assert set(NAMES) == set(available_assignments())
    assert len(NAMES) >= 2


@pytest.mark.parametrize("name", NAMES)
def test_test_cells_are_the_specs_checks_with_their_points(name):
    spec = load_spec(name)
    cells = check_cells_in(_committed(name))
    assert [c.check_id for c in cells] == [c.id for c in spec.checks]
    by_id = {c.check_id: c for c in cells}
    for check in spec.checks:
        cell = by_id[check.id]
        assert cell.points == check.points, check.id
        assert cell.hidden == (check.visibility == "hidden"), check.id
        assert cell.grade_id == check_cell_id(check.id)
    assert sum(c.points for c in cells) == spec.max_score


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_is_what_the_builder_writes(name):
    # Run `python assignments/make_notebooks.py` after changing a spec or a text.
    assert _sources(_committed(name)) == _sources(notebook_for(name))


def test_student_template_notebook_is_the_release_of_adaline_gd():
    template = nbformat.read(str(ROOT / "student_template" / "adaline.ipynb"), as_version=4)
    assert _sources(template) == _sources(template_notebook())
    release = student_version(notebook_for("adaline-gd"))
    assert [c.metadata for c in template.cells] == [c.metadata for c in release.cells]
    text = "\n".join(c.source for c in template.cells)
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    assert "raise NotImplementedError()" in text


def test_the_specs_decide_different_conventions():
    gd, mse = load_spec("adaline-gd"), load_spec("adaline-mse")
    assert (gd.convention.loss, gd.convention.labels, gd.convention.bias) == (
        "half_sse",
        "pm1",
        "w0",
    )
    assert (mse.convention.loss, mse.convention.labels, mse.convention.bias) == (
        "mse",
        "01",
        "separate",
    )
    assert gd.max_score != mse.max_score


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_the_solution_earns_every_point_and_not_under_the_other_spec(name, tmp_path):
    from gdgrade.grading.runner import grade_submission

    path = tmp_path / f"{name}.ipynb"
    nbformat.write(_committed(name), str(path))
    own = grade_submission(str(path), load_spec(name), curve=False)
    assert own.score == own.max_score, [t.output() for t in own.tests if not t.outcome.ok]
    other = next(n for n in NAMES if n != name)
    theirs = grade_submission(str(path), load_spec(other), curve=False)
    failed = {t.id for t in theirs.tests if not t.outcome.ok}
    assert {"derivation.gradient", "cost", "gradient", "predict"} <= failed
