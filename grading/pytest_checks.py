"""The public checks as pytest tests, for a student's folder.

A student's ``test_adaline.py`` is three lines on top of this module::

    from gdgrade.grading.pytest_checks import assert_check, public_check_ids

    @pytest.mark.parametrize("check_id", public_check_ids(HERE))
    def test_public_check(check_id):
        assert_check(check_id, HERE)

The folder is graded once (in the sandbox, public checks only, as ``gdgrade
check`` does) and the result is cached for the whole pytest session; each test
then reports one check.  The checks come from gdgrade, not from the template.
"""

from __future__ import annotations

import functools
from pathlib import Path

from gdgrade.grading.results import SubmissionResult
from gdgrade.grading.spec import MARKER, AssignmentSpec, assignment_of, load_spec

__all__ = ["MARKER", "assert_check", "assignment_of", "graded", "public_check_ids"]


def _spec(folder: str | Path) -> AssignmentSpec:
    return load_spec(assignment_of(folder))


def public_check_ids(folder: str | Path = ".") -> list[str]:
    """The ids of the public checks of the folder's assignment, in rubric order."""
    return [c.id for c in _spec(folder).selected(("public",))]


@functools.lru_cache(maxsize=8)
def _graded(folder: str) -> SubmissionResult:
    from gdgrade.grading.runner import grade_submission

    return grade_submission(folder, _spec(folder), visibilities=("public",), curve=False)


def graded(folder: str | Path = ".") -> SubmissionResult:
    """The folder graded with the public checks (once per process; cached)."""
    return _graded(str(Path(folder).resolve()))


def assert_check(check_id: str, folder: str | Path = ".") -> None:
    """Pass when the check passed; else raise AssertionError with its message.

    Raises
    ------
    AssertionError
        The check did not pass: the message says how (not done yet, the smallest
        counterexample, expected vs got, a hint).
    KeyError
        ``check_id`` is not a public check of the folder's assignment.
    """
    __tracebackhide__ = True  # pytest shows the check's message, not this function
    result = graded(folder)
    found = next((t for t in result.tests if t.id == check_id), None)
    if found is None:
        ids = ", ".join(t.id for t in result.tests)
        raise KeyError(f"'check_id' must be a public check ({ids}) (got {check_id!r})")
    if found.outcome.ok:
        return
    notes = "".join(f"\nnote: {p}" for p in result.problems)
    raise AssertionError(f"{check_id} [{found.outcome.status}]: {found.output()}{notes}")
