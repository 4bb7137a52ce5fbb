"""Writing gdgrade's scores into nbgrader's gradebook, through nbgrader's own API.

``gdgrade grade course/submitted/*/NAME/NAME.ipynb ... --gradebook course/gradebook.db``
grades the notebooks in the sandbox, then records each check's points as the
*manual score* (nbgrader's override) of the test cell of that check, and the
messages of the failed checks as the comment of the solution cell they are
about.  The instructor goes on with nbgrader as usual: formgrader shows the
scores, ``nbgrader generate_feedback`` and ``nbgrader export`` use them.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gdgrade.grading.reports.text import printable
from gdgrade.grading.results import SubmissionResult, capped_text
from gdgrade.grading.source_notebook import check_cell_id
from gdgrade.grading.spec import AssignmentSpec

__all__ = ["GradebookReport", "nbgrader_location", "nbgrader_tools", "record_scores"]


@contextlib.contextmanager
def nbgrader_tools() -> Iterator[None]:
    """Make nbgrader's command-line tools findable while its API runs.

    ``nbgrader.api.Gradebook`` runs ``alembic`` (its database migrations) from
    ``PATH``; when gdgrade is run as ``.venv/bin/gdgrade`` without the venv on
    ``PATH``, the folder of this Python is put in front for the duration.
    """
    bindir = os.path.dirname(sys.executable)
    old = os.environ.get("PATH", "")
    if bindir in old.split(os.pathsep):
        yield
        return
    os.environ["PATH"] = bindir + os.pathsep + old
    try:
        yield
    finally:
        os.environ["PATH"] = old


@dataclass
class GradebookReport:
    """What :func:`record_scores` did."""

    recorded: list[tuple[str, str, float]] = field(default_factory=list)
    """(student, notebook, total score) of each submission written."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(submission, why) of each one left out."""


def nbgrader_location(path: str | os.PathLike) -> tuple[str, str, str] | None:
    """(student, assignment, notebook) of ``.../submitted/<student>/<assignment>/<nb>.ipynb``.

    A folder ``.../submitted/<student>/<assignment>`` holding one notebook works
    too; None when the path is not in nbgrader's layout.
    """
    p = Path(os.path.abspath(path))
    if p.is_dir():
        notebooks = sorted(p.glob("*.ipynb"))
        if len(notebooks) != 1:
            return None
        p = notebooks[0]
    parts = p.parts
    if p.suffix != ".ipynb" or len(parts) < 4:
        return None
    if parts[-4] not in ("submitted", "autograded"):
        return None
    return parts[-3], parts[-2], p.stem


def _course_of(db: Path, assignment: str) -> str | None:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        try:
            row = con.execute("SELECT course_id FROM assignment WHERE name = ?", (assignment,))
        except sqlite3.Error:
            return None
        found = row.fetchone()
    return found[0] if found else None


def _comment(result: SubmissionResult, part: str) -> str:
    """The failed checks' messages about one part, as one capped, printable comment
    (about the notebook's cells: a gradebook's submissions are notebooks)."""
    from gdgrade.grading.reports.check_report import for_notebook

    lines = []
    for t in result.tests:
        if t.outcome.ok or t.id.startswith("derivation.") != (part == "derivation"):
            continue
        lines.append(f"{t.id} ({t.points:g}/{t.max_points:g}): {for_notebook(t.output())}")
    if result.grading_status in ("partially-graded", "not-graded"):
        lines.insert(0, f"gdgrade: {result.status_line}")
    if not lines:  # this part's checks all passed; say so of this part only
        others = sum(not t.outcome.ok for t in result.tests)
        name = "derivation" if part == "derivation" else "code"
        lines.append(
            f"gdgrade: every check of the {name} passed"
            + (f" ({others} check(s) of the rest did not: see their cells)." if others else ".")
        )
    return printable(capped_text("\n\n".join(lines)))


def record_scores(
    db: str | os.PathLike, results: Sequence[SubmissionResult], spec: AssignmentSpec
) -> GradebookReport:
    """Write each result's per-check points into nbgrader's gradebook at ``db``.

    The gradebook must know the assignment (``nbgrader generate_assignment``
    puts it there); a submission ``nbgrader autograde`` has not seen yet is
    added (with its student).  Each test cell ``check-<id>`` gets the check's
    points as its manual score; the solution cells named in the spec's
    ``[notebook]`` table get the failed checks' messages as their comment.

    Raises
    ------
    FileNotFoundError
        ``db`` does not exist.
    ValueError
        The gradebook does not know the assignment (the message says to run
        ``nbgrader generate_assignment`` first).
    """
    from nbgrader.api import Gradebook

    db = Path(db).resolve()
    if not db.is_file():
        raise FileNotFoundError(f"'gradebook' must be an nbgrader gradebook.db (got {db})")
    report = GradebookReport()
    by_assignment: dict[str, list[tuple[SubmissionResult, str, str]]] = {}
    for r in results:
        where = nbgrader_location(r.submission)
        if where is None:
            why = "not in nbgrader's submitted/<student>/<assignment>/"
            report.skipped.append((r.submission, why))
            continue
        student, assignment, notebook = where
        by_assignment.setdefault(assignment, []).append((r, student, notebook))
    for assignment, entries in by_assignment.items():
        try:
            course = _course_of(db, assignment)
        except UnicodeError:  # a folder name that is not UTF-8 names no assignment
            for r, _, _ in entries:
                report.skipped.append((r.submission, "its assignment folder's name is not UTF-8"))
            continue
        if course is None:
            raise ValueError(
                f"the gradebook {db} has no assignment {assignment!r}: run "
                f"'nbgrader generate_assignment {assignment}' in the course folder first"
            )
        with nbgrader_tools(), Gradebook(f"sqlite:///{db}", course_id=course) as gb:
            for r, student, notebook in entries:
                try:
                    missing = _record_one(gb, r, spec, assignment, student, notebook)
                except Exception as exc:  # only this submission's entry is left out
                    gb.db.rollback()
                    report.skipped.append((r.submission, f"it could not be written ({exc!r})"))
                    continue
                if missing:
                    report.skipped.append(
                        (r.submission, f"no test cell for {', '.join(missing)} in {notebook}")
                    )
                report.recorded.append((student, notebook, r.score))
    return report


def _record_one(gb, r: SubmissionResult, spec, assignment, student, notebook) -> list[str]:
    """Write one submission's scores and comments (committed); the checks with no cell."""
    from nbgrader.api import MissingEntry

    try:
        gb.find_submission(assignment, student)
    except MissingEntry:
        gb.update_or_create_student(student)
        gb.add_submission(assignment, student)
    missing = []
    for t in r.tests:
        try:
            grade = gb.find_grade(check_cell_id(t.id), notebook, assignment, student)
        except MissingEntry:
            missing.append(t.id)
            continue
        grade.manual_score = float(t.points)
        grade.needs_manual_grade = False
    for part, cells in spec.notebook.items():
        for cell in cells:
            try:
                comment = gb.find_comment(cell, notebook, assignment, student)
            except MissingEntry:
                continue
            comment.manual_comment = _comment(r, part)
    gb.db.commit()
    return missing
