"""What grading produces: one :class:`Outcome` per check, gathered per submission.

:meth:`SubmissionResult.to_json` is the design's contract with graders'
scripts: Gradescope ``results.json`` fields (``score``, ``max_score``,
``tests[]``) plus ``submission``, the path as given.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "MAX_CHARS",
    "MAX_ENTRIES",
    "STATUSES",
    "CheckResult",
    "HiddenPart",
    "Outcome",
    "SubmissionResult",
    "capped",
    "capped_text",
    "first_entries",
]

MAX_ENTRIES = 1000
"""The most numbers (or strings) kept of one value in a result: a counterexample, a
learning curve.  What is left out is said in the value itself, as its last entry
(``"... 7,999,000 more entries not shown"``), so every result file shows the cut."""
MAX_CHARS = 20_000
"""The most characters kept of one message, hint or note (and of all the strings of a
counterexample together); the rest is replaced by ``"... N more characters not shown"``."""

_NOT_SHOWN = re.compile(r"(?:\n)?\.\.\. ([0-9,]+) more (entries|characters) not shown")


def _not_shown(count: int, what: str = "entries") -> str:
    return f"... {count:,} more {what} not shown"


def capped_text(text: str, limit: int = MAX_CHARS) -> str:
    """``text`` cut to ``limit`` characters, with how many were left out (idempotent)."""
    if len(text) <= limit or _NOT_SHOWN.fullmatch(text, limit):
        return text
    return text[:limit] + "\n" + _not_shown(len(text) - limit, "characters")


def first_entries(values: Sequence[Any], limit: int = MAX_ENTRIES) -> list[Any]:
    """The first ``limit`` entries of ``values`` (a list or an array: only those are
    converted), then how many were left out."""
    head = list(values[:limit])
    return [*head, _not_shown(len(values) - limit)] if len(values) > limit else head


def _left(values: Sequence[Any]) -> int:
    """How many entries ``values`` stands for: markers count what they replaced."""
    n = 0
    for v in values:
        found = _NOT_SHOWN.fullmatch(v) if isinstance(v, str) else None
        n += int(found.group(1).replace(",", "")) if found else 1
    return n


def capped(value: Any, entries: int = MAX_ENTRIES, chars: int = MAX_CHARS) -> Any:
    """A JSON-like value (dicts, lists, strings, numbers) within a budget of entries and
    characters shared by all its parts; lists and strings cut short say what they lost,
    and numbers JSON cannot write (NaN, infinities) become the strings ``"nan"``,
    ``"inf"`` and ``"-inf"``.  Capping a capped value changes nothing."""
    left = {"entries": entries, "chars": chars}

    def walk(v: Any) -> Any:
        if isinstance(v, str):
            out = capped_text(v, max(left["chars"], 0))
            left["chars"] -= len(out)
            return out
        if isinstance(v, float) and not math.isfinite(v):
            return repr(v)  # "nan", "inf": JSON has no such numbers
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            out = []
            for i, x in enumerate(v):
                if isinstance(x, str) and _NOT_SHOWN.fullmatch(x):
                    out.append(x)
                    continue
                if left["entries"] <= 0:
                    out.append(_not_shown(_left(v[i:])))
                    break
                if not isinstance(x, (dict, list, tuple)):
                    left["entries"] -= 1
                out.append(walk(x))
            return out
        return v

    return walk(value)


STATUSES = ("passed", "failed", "error", "not-done", "not-graded", "grader-error")
"""``failed``: the code ran and is wrong; ``error``: it crashed, hung, blew a
limit or returned something unusable; ``not-done``: it still raises
``NotImplementedError`` (or the answer is empty); ``not-graded``: the code the check
needs could not be imported (a syntax error, an import that failed before its
definition), so nothing was judged; ``grader-error``: not graded because gdgrade
itself failed (never the student's zero: grade it again)."""

GRADESCOPE_VISIBILITY = {"public": "visible", "hidden": "after_published"}


@dataclass(frozen=True)
class Outcome:
    """The verdict of one check on one submission, before points are attached.

    Attributes
    ----------
    status : str
        One of :data:`STATUSES`.
    message : str
        What is wrong, for a student: the property, the smallest counterexample,
        expected vs got.  Empty when passed.
    hint : str or None
        Advice when the failure matches a known mistake.
    mistake : str or None
        The id of that known mistake (counted in the class summary).
    counterexample : dict or None
        The smallest failing input and the two outputs, as plain lists.
    """

    status: str = "passed"
    message: str = ""
    hint: str | None = None
    mistake: str | None = None
    counterexample: dict[str, Any] | None = None
    candidates: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)
    """Every known mistake (id, hint) the failing value matched, in catalogue order."""

    def __post_init__(self) -> None:
        # Every result file shows what an outcome holds: capped once, here.
        object.__setattr__(self, "message", capped_text(self.message))
        if self.hint is not None:
            object.__setattr__(self, "hint", capped_text(self.hint))
        if self.counterexample is not None:
            object.__setattr__(self, "counterexample", capped(self.counterexample))

    @property
    def ok(self) -> bool:
        """Whether the check passed."""
        return self.status == "passed"

    @property
    def new_hint(self) -> bool:
        """Whether the hint says something the message does not (else it is not repeated)."""
        hint = (self.hint or "").strip().rstrip(".")
        return bool(hint) and hint not in self.message


PASSED = Outcome()


@dataclass(frozen=True)
class CheckResult:
    """A check's outcome with its rubric entry (id, points, visibility)."""

    id: str
    title: str
    points: float
    max_points: float
    visibility: str
    outcome: Outcome

    @property
    def status(self) -> str:
        """The outcome's status."""
        return self.outcome.status

    def output(self) -> str:
        """The text shown to a student for this check."""
        o = self.outcome
        if o.ok:
            return "passed"
        parts = [o.message]
        if o.new_hint:
            parts.append(f"Hint: {o.hint}")
        return "\n".join(p for p in parts if p)

    def to_json(self) -> dict[str, Any]:
        """A Gradescope test entry, with gdgrade's own fields added."""
        return {
            "name": f"{self.id}: {self.title}",
            "number": self.id,
            "score": self.points,
            "max_score": self.max_points,
            "status": "passed" if self.outcome.ok else "failed",
            "output": self.output(),
            "visibility": GRADESCOPE_VISIBILITY[self.visibility],
            "gdgrade": {
                "id": self.id,
                "status": self.outcome.status,
                "message": self.outcome.message,
                "visibility": self.visibility,
                "hint": self.outcome.hint,
                "mistake": self.outcome.mistake,
                "counterexample": self.outcome.counterexample,
            },
        }


@dataclass(frozen=True)
class HiddenPart:
    """A part of the work with hidden checks, as ``gdgrade check`` reports it.

    Attributes
    ----------
    needs : str
        What the checks call (``adaline.LinearRegressionGD``, ``derivation.steps``).
    checks, points : int, float
        How many hidden checks need it, and their points (run at grading).
    public : bool
        Whether public checks need it too (then ``check`` has judged it already).
    outcome : Outcome or None
        For a part no public check needs: whether it is written (``passed`` means
        written, not right), not done yet, or broken; None when not probed.
    """

    needs: str
    checks: int
    points: float
    public: bool
    outcome: Outcome | None = None


@dataclass
class SubmissionResult:
    """Everything grading learned about one submission.

    Attributes
    ----------
    submission : str
        The path as given on the command line.
    assignment : str
        The assignment's name.
    tests : list of CheckResult
        One per check, in rubric order.
    problems : list of str
        What went wrong with the submission as a whole (it could not be read,
        its import failed, it was restarted after a crash...), for the report.
    isolated : bool
        Whether the sandbox used bubblewrap.
    fingerprint : str
        A hash of the submission's files: a re-run grades it again only when
        this changes.
    curve : dict
        ``{"student": [...], "reference": [...]}`` learning curves (cost per
        epoch) for the feedback plot; empty when unavailable.
    output : str
        The first bytes of what the submission printed (never parsed).
    execution_time : float
        Seconds spent grading.
    """

    submission: str
    assignment: str
    tests: list[CheckResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    isolated: bool = False
    fingerprint: str = ""
    curve: dict[str, list[float]] = field(default_factory=dict)
    output: str = ""
    execution_time: float = 0.0
    variant: dict[str, Any] = field(default_factory=dict)
    hidden: list[HiddenPart] = field(default_factory=list)
    """``gdgrade check`` only: the parts graded by hidden checks (not written to JSON)."""

    def __post_init__(self) -> None:
        self.bounded()

    def bounded(self) -> SubmissionResult:
        """Cap what the submission could make huge (notes, output, learning curve); self.

        The outcomes cap themselves (:class:`Outcome`); this does the rest, when a
        result is made and again when grading is done (the notes and the curve are
        added as it goes), so that every file written from the result is bounded.
        """
        self.problems = [capped_text(p) for p in self.problems[:MAX_ENTRIES]]
        self.output = capped_text(self.output)
        self.curve = capped(self.curve)
        return self

    @property
    def score(self) -> float:
        """Points earned."""
        return float(sum(t.points for t in self.tests))

    @property
    def max_score(self) -> float:
        """Points available."""
        return float(sum(t.max_points for t in self.tests))

    @property
    def mistakes(self) -> list[str]:
        """Ids of the known mistakes found, in check order."""
        return [t.outcome.mistake for t in self.tests if t.outcome.mistake]

    @property
    def grading_status(self) -> str:
        """Whether the submission was graded: the one place that decides it.

        ``graded``; ``partially-graded``: some checks could not be graded (the code they
        need could not be imported: the first note says what and why), the others were;
        ``not-graded``: nothing could be graded (the submission could not be read, a
        syntax error, an import that failed); ``errors``: graded, but some checks hit a
        crash, hang or limit of the student's code; ``grader-failed``: gdgrade itself
        failed on some check (not the student's zero: grade it again once it is fixed).
        """
        statuses = {t.outcome.status for t in self.tests}
        if "grader-error" in statuses:
            return "grader-failed"
        lost = statuses & {"not-graded", "error"}
        if self.tests and statuses == lost and ("not-graded" in lost or self.problems):
            return "not-graded"
        if "not-graded" in statuses:
            return "partially-graded"
        return "errors" if "error" in statuses else "graded"

    @property
    def status_line(self) -> str:
        """The status in words, with the reason when not everything was graded."""
        status = self.grading_status
        if status in ("graded", "errors"):
            return status.replace("errors", "graded (some checks lost to a crash, hang or limit)")
        words = status.replace("-", " ")
        said = [p for p in self.problems if p.startswith(("not graded: ", "partially graded: "))]
        reason = (said or self.problems or [""])[0]
        return f"{words}: {reason.removeprefix(words + ': ')}" if reason else words

    def to_json(self) -> dict[str, Any]:
        """The design's JSON object: Gradescope's results fields plus ``submission``."""
        lines = [f"{self.assignment}: {self.score:g} / {self.max_score:g} ({self.status_line})"]
        lines += [f"note: {p}" for p in self.problems]
        return {
            "submission": self.submission,
            "score": self.score,
            "max_score": self.max_score,
            "execution_time": round(self.execution_time, 3),
            "output": "\n".join(lines),
            "tests": [t.to_json() for t in self.tests],
            "gdgrade": {
                "assignment": self.assignment,
                "status": self.grading_status,
                "problems": self.problems,
                "isolated": self.isolated,
                "fingerprint": self.fingerprint,
                "mistakes": self.mistakes,
                "curve": self.curve,
                "student_output": self.output,
                "variant": self.variant,
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SubmissionResult:
        """Read back what :meth:`to_json` wrote (for resuming an interrupted run)."""
        extra = data.get("gdgrade", {})
        tests = []
        for t in data.get("tests", []):
            g = t.get("gdgrade", {})
            outcome = Outcome(
                status=g.get("status", t.get("status", "failed")),
                message=g.get("message", ""),
                hint=g.get("hint"),
                mistake=g.get("mistake"),
                counterexample=g.get("counterexample"),
            )
            title = t.get("name", "").split(": ", 1)[-1]
            tests.append(
                CheckResult(
                    g.get("id", t.get("number", "")),
                    title,
                    float(t.get("score", 0)),
                    float(t.get("max_score", 0)),
                    g.get("visibility", "public"),
                    outcome,
                )
            )
        return cls(
            submission=str(data["submission"]),
            assignment=extra.get("assignment", ""),
            tests=tests,
            problems=list(extra.get("problems", [])),
            isolated=bool(extra.get("isolated", False)),
            fingerprint=extra.get("fingerprint", ""),
            curve=dict(extra.get("curve", {})),
            output=extra.get("student_output", ""),
            execution_time=float(data.get("execution_time", 0.0)),
            variant=dict(extra.get("variant", {})),
        ).bounded()
