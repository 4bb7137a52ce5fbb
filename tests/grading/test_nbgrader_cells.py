"""nbgrader's autograde without its false "checksum has changed" on hidden tests."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import nbformat
from nbgrader import utils
from nbgrader.preprocessors import OverwriteCells as NbgraderOverwriteCells

from gdgrade.grading.nbgrader_cells import OverwriteCells, autograde_sanitizers, released_source
from gdgrade.grading.source_notebook import _check_cell
from gdgrade.grading.spec import CheckSpec


def _cells():
    source = _check_cell(CheckSpec("AdalineGD.converges", 2, "hidden"), "adaline-gd")
    source.metadata.nbgrader["checksum"] = utils.compute_checksum(source)
    released = nbformat.from_dict(source)
    released.source = released_source(source)
    return source, released


class _Gradebook:
    def __init__(self, source):
        self.cell = SimpleNamespace(
            source=source.source, checksum=utils.compute_checksum(source), locked=True,
            cell_type="code",
        )  # fmt: skip

    def find_source_cell(self, *args):
        return self.cell

    def find_graded_cell(self, *args):
        return SimpleNamespace(max_score=2)


def _overwrite(cell, source, caplog):
    pre = OverwriteCells()
    pre.gradebook, pre.notebook_id, pre.assignment_id = _Gradebook(source), "nb", "a"
    with caplog.at_level(logging.WARNING):
        pre.log.propagate = True
        out, _ = pre.preprocess_cell(cell, {}, 0)
    return out


def test_a_released_test_cell_is_restored_without_a_warning(caplog):
    source, released = _cells()
    assert "BEGIN HIDDEN TESTS" in source.source and "BEGIN HIDDEN" not in released.source
    out = _overwrite(released, source, caplog)
    assert out.source == source.source  # the hidden tests are back
    assert "has changed" not in caplog.text


def test_a_test_cell_a_student_changed_is_still_reported_and_restored(caplog):
    source, released = _cells()
    released.source += "\nprint('full marks please')"
    out = _overwrite(released, source, caplog)
    assert out.source == source.source
    assert "Attribute 'checksum' for cell check-AdalineGD-converges has changed" in caplog.text


def test_only_nbgraders_overwrite_cells_is_replaced():
    mine = autograde_sanitizers()
    assert OverwriteCells in mine and NbgraderOverwriteCells not in mine
    assert len(mine) == 5 and issubclass(OverwriteCells, NbgraderOverwriteCells)
