"""The nbgrader source notebook of an assignment: its cells, built from the spec.

An assignment's source notebook (``assignments/<name>/<name>.ipynb``) has

- locked markdown cells (the task, the notation);
- the derivation cell (``solution``; the answers ``gradient_answer = "..."`` in
  sympy syntax between ``### BEGIN SOLUTION`` / ``### END SOLUTION``);
- the code cell (``solution``; the solution of each function body between the
  same markers, so the released notebook keeps every signature and docstring);
- one autograded test cell per check of the spec's rubric (``grade``, points =
  the check's points), calling :func:`gdgrade.grading.notebook.check`; hidden
  checks sit between ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS``.

The test cells are data of the spec: :func:`sync_test_cells` rewrites them
from it, and :func:`check_cells_in` reads them back, so a test (and ``gdgrade
generate``) can hold the notebook and the TOML to the same checks and points.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import nbformat
from nbformat.notebooknode import NotebookNode

from gdgrade.grading.spec import AssignmentSpec

__all__ = [
    "TEST_CELL_PREFIX",
    "CheckCell",
    "build_source_notebook",
    "check_cell_id",
    "check_cells_in",
    "check_of_cell",
    "student_version",
    "sync_test_cells",
]

TEST_CELL_PREFIX = "check-"
"""grade_ids of test cells: ``check-`` and the check id with dots as dashes."""

_CALL = re.compile(r"""check\(\s*["']([^"']+)["']""")
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
"""What nbgrader's ClearSolutions puts in place of a solution region (its default)."""


@dataclass(frozen=True)
class CheckCell:
    """An autograded test cell as found in a notebook."""

    grade_id: str
    check_id: str
    points: float
    hidden: bool


def check_cell_id(check_id: str) -> str:
    """The grade_id of the test cell of ``check_id`` (``AdalineGD.converges`` ->
    ``check-AdalineGD-converges``)."""
    return TEST_CELL_PREFIX + check_id.replace(".", "-")


def check_of_cell(grade_id: str, spec: AssignmentSpec) -> str | None:
    """The check id of the spec whose test cell is ``grade_id`` (None for other cells)."""
    for c in spec.checks:
        if check_cell_id(c.id) == grade_id:
            return c.id
    return None


def _meta(grade_id: str, *, solution=False, grade=False, locked=False, points=None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _test_source(check_id: str, hidden: bool, assignment: str) -> str:
    call = f'check("{check_id}", assignment="{assignment}")'
    if not hidden:
        return f"from gdgrade.grading.notebook import check\n\n{call}"
    return (
        f"# hidden test: {check_id} (run when your notebook is graded)\n"
        "### BEGIN HIDDEN TESTS\n"
        "from gdgrade.grading.notebook import check\n\n"
        f"{call}\n"
        "### END HIDDEN TESTS"
    )


def _check_cell(check, assignment: str) -> NotebookNode:
    return nbformat.v4.new_code_cell(
        _test_source(check.id, check.visibility == "hidden", assignment),
        metadata=_meta(check_cell_id(check.id), grade=True, locked=True, points=check.points),
    )


def _is_check_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"


def check_cells_in(nb: NotebookNode) -> list[CheckCell]:
    """Every autograded test cell of ``nb`` with the check it calls, in notebook order."""
    found = []
    for cell in nb.cells:
        if not _is_check_cell(cell):
            continue
        meta = cell.metadata["nbgrader"]
        call = _CALL.search(cell.source)
        found.append(
            CheckCell(
                meta["grade_id"],
                call.group(1) if call else "",
                float(meta.get("points", 0)),
                "### BEGIN HIDDEN TESTS" in cell.source,
            )
        )
    return found


def _part(check_id: str) -> str:
    return "derivation" if check_id.startswith("derivation.") else "adaline"


def sync_test_cells(
    nb: NotebookNode, spec: AssignmentSpec, *, assignment: str | None = None
) -> NotebookNode:
    """Replace every test cell of ``nb`` by one per check of ``spec`` (in rubric order).

    The derivation's checks follow the last derivation cell, the others the
    last code cell (the cells named in the spec's ``[notebook]`` table).
    ``assignment`` is what the cells pass to ``check`` (default: the spec's name).
    Returns ``nb``, changed in place.
    """
    assignment = assignment or spec.name
    cells = [c for c in nb.cells if not _is_check_cell(c)]
    for part in ("derivation", "adaline"):
        ids = set(spec.notebook.get(part, ()))
        where = [
            i
            for i, c in enumerate(cells)
            if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") in ids
        ]
        if not where:
            raise ValueError(
                f"'{part}' cells must be in the notebook (got none with grade_id "
                f"{sorted(ids)}); add them or fix [notebook] in the spec"
            )
        at = where[-1] + 1
        new = [_check_cell(c, assignment) for c in spec.checks if _part(c.id) == part]
        cells[at:at] = new
    nb.cells = cells
    return nb


def build_source_notebook(
    spec: AssignmentSpec,
    *,
    intro: str,
    derivation_intro: str,
    derivation_solution: str,
    code_intro: str,
    code_solution: str,
) -> NotebookNode:
    """An nbgrader source notebook for ``spec`` from its texts and solutions.

    ``derivation_solution`` and ``code_solution`` hold the ``### BEGIN
    SOLUTION`` / ``### END SOLUTION`` regions; the test cells come from the spec.
    """
    deriv_id = spec.notebook.get("derivation", ("derivation-answers",))[0]
    code_id = spec.notebook.get("adaline", ("adaline-code",))[0]
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell(intro, metadata=_meta("intro", locked=True)),
        nbformat.v4.new_markdown_cell(
            derivation_intro, metadata=_meta("derivation-intro", locked=True)
        ),
        nbformat.v4.new_code_cell(
            derivation_solution.rstrip("\n"), metadata=_meta(deriv_id, solution=True)
        ),
        nbformat.v4.new_markdown_cell(code_intro, metadata=_meta("code-intro", locked=True)),
        nbformat.v4.new_code_cell(
            code_solution.rstrip("\n"), metadata=_meta(code_id, solution=True)
        ),
    ]
    sync_test_cells(nb, spec)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}-{cell.metadata['nbgrader']['grade_id']}".replace(".", "-")
    return nb


def _clear_regions(source: str, begin: str, end: str, stub: Sequence[str] | None) -> str:
    out, inside = [], False
    for line in source.splitlines():
        if line.strip() == begin:
            inside = True
            if stub is not None:
                indent = line[: len(line) - len(line.lstrip())]
                out += [indent + s for s in stub]
            continue
        if line.strip() == end:
            inside = False
            continue
        if not inside:
            out.append(line)
    return "\n".join(out)


def student_version(nb: NotebookNode) -> NotebookNode:
    """What a student gets: solution regions replaced by nbgrader's stub, hidden tests removed.

    The same transformation as ``nbgrader generate_assignment`` (ClearSolutions,
    ClearHiddenTests) for these notebooks, without nbgrader; returns a copy.
    """
    out = nbformat.from_dict(nb)
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.source = _clear_regions(
                cell.source, "### BEGIN SOLUTION", "### END SOLUTION", STUB.splitlines()
            )
            cell.source = _clear_regions(
                cell.source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS", None
            )
            cell.outputs = []
            cell.execution_count = None
    return out
