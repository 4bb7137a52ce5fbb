"""Source notebooks built from a spec: test cells, sync, the student's version."""

from __future__ import annotations

import nbformat
import pytest

from gdgrade.grading.source_notebook import (
    build_source_notebook,
    check_cell_id,
    check_cells_in,
    check_of_cell,
    student_version,
    sync_test_cells,
)
from gdgrade.grading.spec import load_spec

SOLUTION = """\
def net_input(X, w):
    ### BEGIN SOLUTION
    return w[0] + X @ w[1:]
    ### END SOLUTION
"""


def _nb(spec):
    return build_source_notebook(
        spec,
        intro="# intro",
        derivation_intro="## derive",
        derivation_solution='### BEGIN SOLUTION\ngradient_answer = "x"\n### END SOLUTION',
        code_intro="## code",
        code_solution=SOLUTION,
    )


def test_check_cell_ids_have_no_dots_and_map_back():
    spec = load_spec("adaline-gd")
    assert check_cell_id("AdalineGD.converges") == "check-AdalineGD-converges"
    for c in spec.checks:
        assert "." not in check_cell_id(c.id)
        assert check_of_cell(check_cell_id(c.id), spec) == c.id
    assert check_of_cell("adaline-code", spec) is None


def test_built_notebook_has_valid_nbgrader_metadata_and_one_cell_per_check():
    spec = load_spec("adaline-gd")
    nb = _nb(spec)
    nbformat.validate(nb)
    for cell in nb.cells:
        meta = cell.metadata["nbgrader"]
        assert meta["schema_version"] == 3 and meta["grade_id"]
        if meta["grade"]:
            assert meta["locked"] and not meta["solution"] and meta["points"] >= 0
    cells = check_cells_in(nb)
    assert [c.check_id for c in cells] == [c.id for c in spec.checks]
    # derivation checks right after the derivation cell, code checks after the code
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells]
    assert ids.index("check-derivation-gradient") == ids.index("derivation-answers") + 1
    assert ids.index("check-net_input") == ids.index("adaline-code") + 1


def test_hidden_checks_are_inside_hidden_test_markers():
    spec = load_spec("adaline-gd")
    nb = _nb(spec)
    hidden = {c.id for c in spec.checks if c.visibility == "hidden"}
    for cell in nb.cells:
        found = check_cells_in(nbformat.v4.new_notebook(cells=[cell]))
        if found and found[0].check_id in hidden:
            assert "### BEGIN HIDDEN TESTS" in cell.source
            assert cell.source.index("BEGIN HIDDEN") < cell.source.index("check(")


def test_sync_replaces_stale_test_cells_with_the_specs():
    spec = load_spec("adaline-gd")
    nb = _nb(spec)
    nb.cells[-1].metadata["nbgrader"]["points"] = 99
    del nb.cells[3]  # a test cell lost
    sync_test_cells(nb, spec, assignment="custom.toml")
    cells = check_cells_in(nb)
    assert [(c.check_id, c.points) for c in cells] == [(c.id, c.points) for c in spec.checks]
    assert all('assignment="custom.toml"' in c.source for c in nb.cells if "check(" in c.source)


def test_sync_says_which_cells_are_missing():
    spec = load_spec("adaline-gd")
    nb = nbformat.v4.new_notebook()
    with pytest.raises(ValueError, match="'derivation' cells must be in the notebook"):
        sync_test_cells(nb, spec)


def test_student_version_keeps_signatures_and_drops_solutions_and_hidden_tests():
    spec = load_spec("adaline-gd")
    student = student_version(_nb(spec))
    text = "\n".join(c.source for c in student.cells)
    assert "def net_input(X, w):\n    # YOUR CODE HERE\n    raise NotImplementedError()" in text
    assert "return w[0]" not in text and 'gradient_answer = "x"' not in text
    assert "BEGIN HIDDEN TESTS" not in text
    assert 'check("AdalineGD.converges"' not in text
    assert 'check("gradient"' in text
