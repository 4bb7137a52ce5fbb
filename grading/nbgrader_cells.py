"""nbgrader's autograde, without a false alarm on every test cell with hidden tests.

``nbgrader generate_assignment`` records each locked cell's checksum *before*
it removes the hidden tests (ComputeChecksums, SaveCells, then ClearHiddenTests),
so at ``nbgrader autograde`` every released test cell with hidden tests differs
from its record, and OverwriteCells warns "Attribute 'checksum' for cell ... has
changed!" for each (eight a student for ``adaline-gd``), then restores the cell
from its record, as it should (nbgrader issue 1961).  :class:`OverwriteCells`
restores such a cell first, when the submitted cell is exactly the released one
(the record with its hidden tests removed), so that the warning is left for
cells a student really changed.  ``gdgrade generate`` configures it in
``nbgrader_config.py``.
"""

from __future__ import annotations

import copy

from nbgrader import utils
from nbgrader.api import MissingEntry
from nbgrader.converters.autograde import Autograde
from nbgrader.preprocessors import ClearHiddenTests
from nbgrader.preprocessors import OverwriteCells as NbgraderOverwriteCells

__all__ = ["OverwriteCells", "autograde_sanitizers"]


def released_source(cell) -> str:
    """The source nbgrader releases for a test cell: its hidden tests removed."""
    released = copy.deepcopy(cell)
    ClearHiddenTests()._remove_hidden_test_region(released)
    return released.source


class OverwriteCells(NbgraderOverwriteCells):
    """nbgrader's OverwriteCells; a released test cell left as it was is restored quietly."""

    def preprocess_cell(self, cell, resources, cell_index):
        """Restore an untouched released test cell from its record, then do nbgrader's work."""
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id and utils.is_grade(cell) and utils.is_locked(cell):
            try:
                source = self.gradebook.find_source_cell(
                    grade_id, self.notebook_id, self.assignment_id
                )
            except MissingEntry:
                source = None
            if source is not None and source.locked and source.source != cell.source:
                record = copy.deepcopy(cell)
                record.source = source.source
                if released_source(record) == cell.source:
                    cell.source = source.source
        return super().preprocess_cell(cell, resources, cell_index)


def autograde_sanitizers() -> list[type]:
    """nbgrader's autograde sanitizers, with :class:`OverwriteCells` in place of its own."""
    default = Autograde.class_traits()["sanitize_preprocessors"].default()
    return [OverwriteCells if p is NbgraderOverwriteCells else p for p in default]
