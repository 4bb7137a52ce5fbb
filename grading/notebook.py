"""Checks run inside a notebook's kernel: what nbgrader's autograded test cells call.

A test cell is one line, ``check("gradient")``: it runs the check on the
functions and classes defined in the kernel and returns the points earned, so
the cell's last output is its partial score (nbgrader's rule).  It prints the
verdict to stdout and nothing to stderr, because nbgrader zeroes a cell that
writes to stderr (a numpy warning is enough).

This path is not tamper-proof: the student's code runs in the same process as
the check, like every nbgrader test cell.  Each call into it is stopped after the
spec's ``call_seconds`` (:func:`gdgrade.grading.inprocess.time_limit`), as in
the sandbox; memory is not limited here.  ``gdgrade grade`` on the submitted
notebooks is: it runs the code in a sandbox and decides outside it.
"""

from __future__ import annotations

import contextlib
import inspect
import sys
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np

from gdgrade.grading.checks.context import Context, StudentError
from gdgrade.grading.inprocess import InProcess
from gdgrade.grading.registry import checks_for
from gdgrade.grading.results import Outcome
from gdgrade.grading.spec import DEFAULT_ASSIGNMENT, AssignmentSpec, load_spec

__all__ = ["ANSWER_NAMES", "check", "derivation_from"]

ANSWER_NAMES = {"gradient": "gradient_answer", "update": "update_answer", "steps": "steps_answer"}
"""In a notebook the answers cannot be called ``gradient`` and ``update`` (those are the
functions), so the derivation cell names them ``gradient_answer``, ``update_answer`` and
``steps_answer``."""

_SPECS: dict[str, AssignmentSpec] = {}


def derivation_from(namespace: Mapping[str, Any]):
    """The derivation answers found in a kernel's namespace."""
    from gdgrade.grading.symbolic import Derivation

    values = {k: namespace.get(v) for k, v in ANSWER_NAMES.items()}
    problems = []
    for key in ("gradient", "update"):
        if values[key] is not None and not isinstance(values[key], str):
            problems.append(
                f"'{ANSWER_NAMES[key]}' must be a string (got {type(values[key]).__name__})"
            )
            values[key] = None
    steps = values["steps"]
    if steps is not None and not (
        isinstance(steps, (list, tuple)) and all(isinstance(s, str) for s in steps)
    ):
        problems.append("'steps_answer' must be a list of strings")
        steps = None
    return Derivation(
        values["gradient"], values["update"], list(steps) if steps else None, problems
    )


def check(
    check_id: str,
    namespace: Mapping[str, Any] | None = None,
    *,
    assignment: str = DEFAULT_ASSIGNMENT,
    variant: Mapping[str, Any] | None = None,
) -> float:
    """Run one check on the code in ``namespace`` (default: the caller's globals).

    Parameters
    ----------
    check_id : str
        A registry id of the assignment's rubric (``"gradient"``, ``"AdalineGD.converges"``...).
    namespace : mapping, optional
        Where the student's functions, classes and answers are; the calling cell's
        globals when omitted.
    assignment : str
        The assignment's name or spec path.
    variant : mapping, optional
        The student's variant (``{"loss": "mse"}``...), as the course manifest
        records it; the spec's conventions when omitted.

    Returns
    -------
    float
        The points earned: the check's points when it passes, else 0.
    """
    if namespace is None:
        frame = inspect.currentframe()
        namespace = frame.f_back.f_globals if frame and frame.f_back else {}
    spec = _SPECS.get(assignment) or _SPECS.setdefault(assignment, load_spec(assignment))
    entry = next((c for c in spec.checks if c.id == check_id), None)
    if entry is None:
        raise KeyError(f"'check_id' must be a check of {spec.name} (got {check_id!r})")
    info = checks_for(spec)[check_id]
    from gdgrade.grading.runner import variant_convention

    variant = dict(variant or {})
    conv = variant_convention(spec, variant)
    from gdgrade.grading.sandbox.limits import Limits

    calls = InProcess(namespace, call_seconds=Limits(**spec.limits).call_seconds)
    ctx = Context(spec, calls, conv, derivation_from(namespace), variant)
    with contextlib.redirect_stderr(sys.stdout), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            try:
                outcome = info.run(ctx)
            except StudentError as exc:
                outcome = exc.outcome
            except Exception as exc:
                outcome = Outcome("error", f"the check could not run: {type(exc).__name__}: {exc}")
    if calls.unlimited:
        print(
            "note: your code ran without a time limit here (not in the kernel's main "
            "thread); the graded run limits every call."
        )
    if outcome.ok:
        print(f"{check_id}: passed ({entry.points:g} point(s))")
        return float(entry.points)
    from gdgrade.grading.reports.check_report import for_notebook

    print(f"{check_id}: {outcome.status}\n{for_notebook(outcome.message)}")
    if outcome.new_hint:
        print(f"hint: {for_notebook(outcome.hint)}")
    return 0.0
