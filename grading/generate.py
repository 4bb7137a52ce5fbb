"""``gdgrade generate``: an nbgrader course folder for an assignment, with per-student variants.

The folder is ready for ``nbgrader generate_assignment NAME`` without edits::

    course/
      nbgrader_config.py        course_id, root, execution time limits
      source/NAME/NAME.ipynb    the source notebook, its test cells synced with the spec
      gdgrade-manifest.json     the assignment, the seed, and each student's variant
      variants.csv              the same variants, to hand out (with --roster)
      students.csv              the roster for ``nbgrader db student import students.csv``

A variant is drawn for each student of the roster from the spec's
``[variants]`` table (for example ``loss = ["mse", "half_mse"]``), seeded by the
seed, the assignment and the student id, so the same inputs always give the same
variants.  ``gdgrade grade --manifest`` grades each submission against its
student's variant (:func:`variants_for_paths`).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from gdgrade.grading.roster import (
    Student,
    match_submission,
    read_roster,
    student_of_path,
    write_students_csv,
)
from gdgrade.grading.spec import VARIANT_KEYS, AssignmentSpec, SpecError, load_spec

__all__ = [
    "MANIFEST_NAME",
    "GeneratedCourse",
    "Manifest",
    "generate_course",
    "read_manifest",
    "read_roster",
    "student_of_path",
    "variant_for",
    "variants_for_paths",
]

MANIFEST_NAME = "gdgrade-manifest.json"

CONFIG_TEMPLATE = '''\
"""nbgrader configuration of this course, written by `gdgrade generate`."""

import os

c = get_config()  # noqa: F821

c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))

# Each test cell runs one gdgrade check in the student's kernel; every call into the
# student's code is stopped after the spec's call_seconds there, so a cell ends within
# a few of them. This is the backstop for what SIGALRM cannot stop (gdgrade: cell timeout).
c.ExecutePreprocessor.timeout = {timeout}  # gdgrade: cell timeout
c.Execute.timeout = {timeout}  # gdgrade: cell timeout
# Test cells print their verdict to stdout; a cell's last output is its partial score.

# nbgrader warns "checksum has changed" for every test cell with hidden tests, though
# only the hidden tests are missing (nbgrader issue 1961); gdgrade's OverwriteCells
# restores those cells quietly and keeps the warning for cells a student changed.
try:
    from gdgrade.grading.nbgrader_cells import autograde_sanitizers

    c.Autograde.sanitize_preprocessors = autograde_sanitizers()
except Exception:  # gdgrade is not installed where nbgrader runs: nbgrader's own
    pass
'''

CELL_CALLS = 6
"""Calls of one check that may each run to ``call_seconds``: a call that was stopped is
not made again, and a check calls at most a few functions (a class: the constructor,
``fit``, ``predict``, an attribute)."""
CELL_SLACK = 60
"""Seconds for the rest of a test cell: Hypothesis's examples and shrinking on code that
returns (a few seconds for the slowest check of a right submission)."""


def cell_timeout(spec: AssignmentSpec) -> int:
    """nbgrader's timeout for one cell of this assignment (the in-kernel limits' backstop)."""
    from gdgrade.grading.sandbox.limits import Limits

    return math.ceil(CELL_CALLS * Limits(**spec.limits).call_seconds + CELL_SLACK)


def _write_config(config: Path, course_id: str, timeout: int) -> None:
    """Write ``nbgrader_config.py``, or raise the cell timeout of one gdgrade wrote."""
    if not config.exists():
        config.write_text(
            CONFIG_TEMPLATE.format(course_id=course_id, timeout=timeout), encoding="utf-8"
        )
        return
    text = config.read_text(encoding="utf-8")
    marked = re.compile(r"^(c\.\w+\.timeout = )(\d+)(  # gdgrade: cell timeout)$", re.M)
    raised = marked.sub(lambda m: f"{m[1]}{max(int(m[2]), timeout)}{m[3]}", text)
    if raised != text:
        config.write_text(raised, encoding="utf-8")


def _who(student: Student) -> dict[str, Any]:
    """A roster entry of the manifest: name, email and (when the roster has any) the
    student's other ids, by which a downloaded submission's name is matched."""
    who: dict[str, Any] = {"name": student.name, "email": student.email}
    if student.aliases:
        who["aliases"] = list(student.aliases)
    return who


@dataclass
class Manifest:
    """Who gets which variant of one assignment.

    Attributes
    ----------
    assignment : str
        The assignment's name.
    spec : str
        What ``load_spec`` reads (a bundled name, or a path relative to the manifest).
    seed : int
        The seed the variants were drawn with.
    students : dict of str to dict
        Each student's variant (empty when the spec has no ``[variants]``).
    roster : dict of str to dict
        Each student's name and email from the roster (``{"name": ..., "email": ...}``,
        and ``"aliases"``, the row's other ids, when it has any), so that an autograder
        that knows a student by email or name, or a downloaded file's name, finds
        their variant.
    """

    assignment: str
    spec: str
    seed: int = 0
    students: dict[str, dict[str, Any]] = field(default_factory=dict)
    roster: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, spec: AssignmentSpec, spec_ref: str, seed: int, students: list[Student]):
        """Each roster student's variant of ``spec``, drawn with ``seed``."""
        return cls(
            spec.name,
            spec_ref,
            seed,
            {s.id: variant_for(s.id, spec, seed) for s in students},
            {s.id: _who(s) for s in students},
        )

    def to_json(self) -> dict[str, Any]:
        """A plain dict, as written to ``gdgrade-manifest.json``."""
        from gdgrade import __version__

        return {
            "assignment": self.assignment,
            "spec": self.spec,
            "seed": self.seed,
            "gdgrade": __version__,
            "students": self.students,
            "roster": self.roster,
        }


@dataclass
class GeneratedCourse:
    """What :func:`generate_course` wrote."""

    root: Path
    config: Path
    notebook: Path
    manifest: Path
    variants_csv: Path | None = None
    students_csv: Path | None = None
    students: list[Student] = field(default_factory=list)


def _draw(seed: int, assignment: str, student: str, key: str, n: int) -> int:
    digest = hashlib.sha256(f"{seed}\0{assignment}\0{student}\0{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % n


def variant_for(student_id: str, spec: AssignmentSpec, seed: int = 0) -> dict[str, Any]:
    """The variant of ``student_id``: one value of each list in the spec's ``[variants]``.

    Deterministic: the same student, assignment and seed give the same variant.
    A ``[variants]`` value that is not a list is the same for everyone.
    """
    out = {}
    for key in sorted(spec.variants):
        choices = spec.variants[key]
        if isinstance(choices, list):
            if not choices:
                raise SpecError(f"[variants] '{key}' must be a non-empty list (got [])")
            out[key] = choices[_draw(seed, spec.name, student_id, key, len(choices))]
        else:
            out[key] = choices
    if any(k in out for k in VARIANT_KEYS):
        spec.convention.with_(**{k: out[k] for k in VARIANT_KEYS if k in out})  # validate
    return out


def _bundled() -> Path:
    return Path(str(resources.files("gdgrade.assignments")))


def _source_notebook(spec: AssignmentSpec) -> Path:
    candidates = []
    if spec.path is not None:
        candidates.append(spec.path.parent / f"{spec.name}.ipynb")
    candidates.append(_bundled() / spec.name / f"{spec.name}.ipynb")
    for c in candidates:
        if c.is_file():
            return c
    raise SpecError(
        f"no source notebook for {spec.name!r}: put {spec.name}.ipynb next to its "
        "assignment.toml (see assignments/make_notebooks.py for how the bundled ones are built)"
    )


def _is_bundled(spec: AssignmentSpec) -> bool:
    bundled = _bundled() / spec.name / "assignment.toml"
    return spec.path is not None and bundled.is_file() and spec.path.resolve() == bundled.resolve()


def generate_course(
    name_or_path: str | os.PathLike,
    out: str | os.PathLike,
    *,
    roster: str | os.PathLike | None = None,
    seed: int = 0,
    course_id: str | None = None,
) -> GeneratedCourse:
    """Write an nbgrader course folder for one assignment (see the module's docstring).

    Parameters
    ----------
    name_or_path : str or path
        A bundled assignment's name, or the path of an ``assignment.toml`` (its
        folder must hold ``<name>.ipynb``, the source notebook).
    out : path
        The course folder; created, or added to (an existing source notebook of
        the same assignment is replaced).
    roster : path, optional
        A roster CSV (see :mod:`gdgrade.grading.roster`): each student gets a
        variant in the manifest and a row of ``students.csv`` (id, names, email,
        for ``nbgrader db student import``).
    seed : int
        The seed of the variants.
    course_id : str, optional
        nbgrader's course id (default: the assignment's name).

    Raises
    ------
    SpecError
        The assignment or its source notebook cannot be found.
    RosterError
        The roster cannot be read (one line says why).
    """
    import nbformat  # the notebook extra: reading a manifest (Gradescope) needs none

    from gdgrade.grading.source_notebook import sync_test_cells

    spec = load_spec(name_or_path)
    root = Path(out)
    source_dir = root / "source" / spec.name
    source_dir.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(str(_source_notebook(spec)), as_version=4)
    if _is_bundled(spec):
        spec_ref = spec.name
    else:
        # A spec of the instructor's own: it travels with the notebook (the kernel's
        # working folder is the notebook's), and the test cells name the file.
        shutil.copy(spec.path, source_dir / "assignment.toml")
        spec_ref = "assignment.toml"
    sync_test_cells(nb, spec, assignment=spec_ref)
    notebook = source_dir / f"{spec.name}.ipynb"
    nbformat.write(nb, str(notebook))

    config = root / "nbgrader_config.py"
    cid = course_id or spec.name
    _write_config(config, cid, cell_timeout(spec))

    students = read_roster(roster) if roster is not None else []
    manifest = Manifest.of(
        spec,
        spec_ref if spec_ref == spec.name else str(Path("source") / spec.name / spec_ref),
        seed,
        students,
    )
    manifest_path = root / MANIFEST_NAME
    manifest_path.write_text(json.dumps(manifest.to_json(), indent=2) + "\n", encoding="utf-8")
    made = GeneratedCourse(root, config, notebook, manifest_path, students=students)
    if students:
        keys = sorted({k for v in manifest.students.values() for k in v})
        made.variants_csv = root / "variants.csv"
        with open(made.variants_csv, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["student_id", *keys])
            for s in students:
                writer.writerow([s.id, *(manifest.students[s.id].get(k, "") for k in keys)])
        made.students_csv = root / "students.csv"
        write_students_csv(made.students_csv, students)
    return made


def read_manifest(path: str | os.PathLike) -> Manifest:
    """Read a ``gdgrade-manifest.json``.

    Raises
    ------
    ValueError
        The file is not a manifest (the message says what is missing).
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"'manifest' must be a readable JSON file (got {path}: {exc})") from None
    if not isinstance(data, dict) or "assignment" not in data:
        raise ValueError(f"'manifest' must be written by gdgrade generate (got {path})")
    students = data.get("students", {})
    if not isinstance(students, dict):
        raise ValueError(f"'students' must be an object in {path} (got {type(students).__name__})")
    roster = data.get("roster", {})
    return Manifest(
        data["assignment"],
        data.get("spec", data["assignment"]),
        data.get("seed", 0),
        students,
        roster if isinstance(roster, dict) else {},
    )


def variants_for_paths(paths: list[str], manifest: Manifest) -> dict[str, dict[str, Any]]:
    """Each path's variant: the manifest's entry for the student the path belongs to.

    A path is matched by :func:`~gdgrade.grading.roster.match_submission`: its
    nbgrader layout, a part that is a student's id, username or email, or the file
    names of Canvas, Moodle, Blackboard and GitHub Classroom downloads.  Paths of no
    known student get no entry (they are graded with the spec's conventions).

    Raises
    ------
    ValueError
        A path fits more than one student (it is never given to one of them).
    """
    out = {}
    known = {sid: manifest.roster.get(sid, {}) for sid in manifest.students}
    for p in paths:
        student = match_submission(p, known, manifest.assignment)
        if student is not None and manifest.students[student]:
            out[p] = dict(manifest.students[student])
    return out
