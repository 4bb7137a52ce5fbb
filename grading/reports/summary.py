"""The class summary: which checks failed and which known mistakes were how common; and
how the class's reports (the terminal's table, the HTML class page) name a submission."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from gdgrade.grading.results import SubmissionResult

__all__ = ["ClassSummary", "common_folder", "short_name", "summarize"]


@dataclass
class ClassSummary:
    """Counts over a class's results, for instructors to teach from.

    Attributes
    ----------
    submissions : int
        How many were graded.
    mean_score, max_score : float
        The class mean and the points available.
    passed : dict
        Per check id, how many submissions passed it.
    mistakes : list of (str, int, str)
        Known mistakes as (id, count, hint), most common first.
    errors : int
        Submissions with at least one check lost to a crash, hang or limit.
    grader_failed : int
        Submissions with at least one check the grader itself failed on (not graded).
    """

    submissions: int = 0
    mean_score: float = 0.0
    max_score: float = 0.0
    passed: dict[str, int] = field(default_factory=dict)
    mistakes: list[tuple[str, int, str]] = field(default_factory=list)
    errors: int = 0
    grader_failed: int = 0


def summarize(results: Sequence[SubmissionResult]) -> ClassSummary:
    """Count passes and known mistakes over ``results``."""
    s = ClassSummary(submissions=len(results))
    if not results:
        return s
    s.mean_score = sum(r.score for r in results) / len(results)
    s.max_score = max(r.max_score for r in results)
    counts: Counter[str] = Counter()
    hints: dict[str, str] = {}
    for r in results:
        seen = set()
        for t in r.tests:
            s.passed[t.id] = s.passed.get(t.id, 0) + int(t.outcome.ok)
            m = t.outcome.mistake
            if m and m not in seen:
                seen.add(m)
                counts[m] += 1
                first = (t.outcome.message or "").splitlines()[:1] or [""]
                hints.setdefault(m, t.outcome.hint or first[0])
        s.errors += any(t.outcome.status == "error" for t in r.tests)
        s.grader_failed += r.grading_status == "grader-failed"
    s.mistakes = [(m, n, hints[m]) for m, n in counts.most_common()]
    return s


def common_folder(names: Sequence[str]) -> str:
    """The folder every submission is in (shown once, in the title), or "".

    Absolute and relative paths mixed (``/home/x/a`` and ``b``) are compared as
    absolute paths: :func:`os.path.commonpath` refuses to mix them.
    """
    if len(names) < 2:
        return ""
    if len({os.path.isabs(n) for n in names}) > 1:
        names = [os.path.abspath(n) for n in names]
    try:
        prefix = os.path.commonpath(names)
    except ValueError:  # nothing in common (different drives on Windows)
        return ""
    if prefix in names:
        prefix = os.path.dirname(prefix)
    return "" if prefix in ("", os.sep) else prefix


def short_name(path: str, prefix: str = "") -> str:
    """How a table names a submission: the student of an nbgrader path
    (``submitted/<student>/<assignment>/...``), else the path below ``prefix``."""
    from gdgrade.grading.roster import student_of_path

    student = student_of_path(path)
    if student:
        return student
    return os.path.relpath(path, prefix) if prefix else path
