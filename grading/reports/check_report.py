"""``gdgrade check`` in the terminal: what a student reads about their work.

One cause that stops many checks (no file, a notebook that is not JSON, a
syntax error, an import that fails) is said once, first, with its line, and the
checks it stops are summed up in one line; checks that wait for the same stub
are one entry; a hint that only repeats the message is not printed again;
wrapped lines keep their indentation; a notebook's student reads about cells,
not files; and the parts graded only by hidden checks are listed with whether
they are written, and how many hidden checks and points run at grading.

It is written with the standard library only (:class:`~gdgrade.grading.reports.ansi.Terminal`):
a student's install holds no terminal library.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TextIO

from gdgrade.grading.reports.ansi import Terminal
from gdgrade.grading.reports.text import printable
from gdgrade.grading.results import CheckResult, HiddenPart, SubmissionResult

__all__ = ["for_notebook", "print_check_report"]

MARKS = {
    "passed": ("PASS", "green"),
    "failed": ("FAIL", "red"),
    "error": ("ERROR", "red"),
    "not-done": ("TODO", "yellow"),
    "not-graded": ("NOT GRADED", "magenta"),
    "grader-error": ("GRADER FAILED", "magenta"),
    "written": ("DONE", "green"),
    "": ("", ""),
}
BLOCKING = ("not-graded", "error", "grader-error")
"""Statuses whose shared cause stops checks: said once, before everything else."""
INDENT = 6


def for_notebook(text: str) -> str:
    """A message about files, told about a notebook's cells instead."""
    from gdgrade.grading.notebook import ANSWER_NAMES

    text = text.replace(
        "derivation.py is missing: write your answers there.",
        "your notebook has no derivation answers yet: fill in the derivation cell ("
        + ", ".join(ANSWER_NAMES.values())
        + ").",
    )
    for name, answer in ANSWER_NAMES.items():
        text = text.replace(f"derivation.py `{name}`", f"the derivation cell's `{answer}`")
        text = text.replace(f"`{name}` is not answered yet", f"`{answer}` is not answered yet")
    return text.replace("derivation.py", "the derivation cell").replace(
        "adaline.py", "the code cell"
    )


def _said(text: str) -> str:
    for prefix in ("partially graded: ", "not graded: ", "not done yet: "):
        text = text.removeprefix(prefix)
    return text.strip()


_FILLER = {"in", "the", "folder", "your", "submission", "has", "yet", "not", "done"}


def _covered(note: str, told: Sequence[str]) -> bool:
    """Whether a cause already printed says what ``note`` says."""
    words = set(_said(note).rstrip(".").split()) - _FILLER
    return any(
        _said(note) in t or t in _said(note) or words <= set(t.rstrip(".").split())
        for t in told
        if t
    )


def _wrapped(text: str, width: int, first: str, rest: str) -> list[str]:
    """``text`` wrapped at spaces only (an id or a path is never cut), indented."""
    lines = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(
            paragraph,
            width=max(width, 20),
            initial_indent=first if not lines else rest,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
            drop_whitespace=True,
        ) or [first if not lines else rest]
    return lines


def _block(out: Terminal, text: str, style: str = "", indent: int = INDENT) -> None:
    """``text`` under a check, every wrapped line at the same indentation."""
    pad = " " * indent
    for line in _wrapped(printable(text), out.width, pad, pad):
        out.line(line, (0, len(line), style))


def _head(out: Terminal, status: str, first: str, rest: str = "", bold: bool = False) -> None:
    """The mark, then the line; a wrapped line starts under the line, not under the mark."""
    mark, colour = MARKS.get(status, MARKS["error"])
    lead = f"{mark:{INDENT - 1}} "
    lines = _wrapped(printable(first + rest), out.width, lead, " " * len(lead))
    for i, line in enumerate(lines):
        spans = [(0, len(mark), f"bold {colour}")] if i == 0 and mark else []
        if bold:
            spans.append((len(lead) if i == 0 else 0, len(line), "bold"))
        elif i == 0:
            spans.append((len(lead), len(lead) + len(printable(first)), "bold"))
        out.line(line, *spans)


def _ids(tests: Sequence[CheckResult]) -> str:
    points = sum(t.max_points for t in tests)
    return f"{len(tests)} checks ({points:g} points): " + ", ".join(t.id for t in tests)


def _groups(tests: Sequence[CheckResult]) -> dict[tuple[str, str], list[CheckResult]]:
    found: dict[tuple[str, str], list[CheckResult]] = {}
    for t in tests:
        if not t.outcome.ok:
            found.setdefault((t.outcome.status, t.outcome.message), []).append(t)
    return {key: group for key, group in found.items() if len(group) > 1}


def print_check_report(
    result: SubmissionResult,
    file: TextIO | None = None,
    *,
    width: int | None = None,
    styled: bool | None = None,
    notebook: bool = False,
) -> None:
    """The public checks of one submission, then the parts graded by hidden checks.

    Parameters
    ----------
    result : SubmissionResult
        The submission's public checks (and its hidden parts, without verdicts).
    file : text stream, optional
        Where to write (``sys.stdout`` by default).
    width : int, optional
        Columns to wrap at (the terminal's by default, else 80).
    styled : bool, optional
        Bold and colours (ANSI); by default only on a terminal (see
        :mod:`~gdgrade.grading.reports.ansi` for ``NO_COLOR`` and ``FORCE_COLOR``).
    notebook : bool
        Say cells, not files: the submission is a notebook.
    """
    out = Terminal(file, width=width, styled=styled)
    words = for_notebook if notebook else (lambda text: text)
    submission, assignment = printable(result.submission), printable(result.assignment)
    at = len(f"gdgrade check {submission} (")
    out.line(
        f"gdgrade check {submission} ({assignment}, public checks)",
        (0, len("gdgrade check"), "bold"),
        (at, at + len(assignment), "italic"),
    )
    groups = _groups(result.tests)
    causes = [key for key in groups if key[0] in BLOCKING]
    told = [_said(message) for _, message in groups]
    notes = list(result.problems)
    if result.grading_status in ("partially-graded", "not-graded"):
        line = result.status_line
        if not _covered(line, told):
            shown = printable(words(line))
            out.line(shown, (0, len(shown), "bold magenta"))
            told.append(_said(line))
        notes = [p for p in notes if not line.endswith(p.split(": ", 1)[-1])]
    for p in notes:  # notes that a cause below does not already say
        if not _covered(p, told):
            out.paragraph("note: " + printable(words(p)), (0, len("note: "), "yellow"))
    for key in causes:  # one cause that stops many checks: once, first, with its line
        _, message = key
        _head(out, "not-graded", words(_said(message)), bold=True)
        _block(out, "it stops " + _ids(groups[key]))
    shown_groups: set[tuple[str, str]] = set(causes)
    for t in result.tests:
        key = (t.outcome.status, t.outcome.message)
        if key in shown_groups:
            continue
        if key in groups:  # checks that wait for the same stub: one entry
            shown_groups.add(key)
            _head(out, t.outcome.status, words(t.outcome.message), bold=True)
            _block(out, "waiting for it: " + _ids(groups[key]))
            continue
        _head(out, t.outcome.status, t.id, f"  {t.title}")
        if t.outcome.ok:
            continue
        message = words(t.outcome.message)
        _block(out, message)
        if t.outcome.new_hint:
            _block(out, "hint: " + words(t.outcome.hint), "cyan")
    _print_hidden(out, result.hidden, words, told)
    done = sum(t.outcome.ok for t in result.tests)
    todo = sum(t.outcome.status == "not-done" for t in result.tests)
    hidden = sum(p.checks for p in result.hidden)
    points = sum(p.points for p in result.hidden)
    summary = (
        f"{done} of {len(result.tests)} checks pass"
        + (f", {todo} not done yet" if todo else "")
        + f"; score {result.score:g} / {result.max_score:g} on the public checks"
        + (
            f"; {hidden} hidden checks ({points:g} points) run when your work is graded."
            if hidden
            else "."
        )
    )
    out.line()
    for line in _wrapped(summary, out.width, "", ""):
        out.line(line, (0, len(line), "bold"))


def _print_hidden(out: Terminal, parts: Sequence[HiddenPart], words, told) -> None:
    if not parts:
        return
    out.paragraph("\nGraded with hidden checks too (they run when your work is graded):")
    for p in parts:
        name = p.needs.split(".", 1)[1] if p.needs.startswith("adaline.") else p.needs
        count = f"{p.checks} hidden check{'s' * (p.checks > 1)}, {p.points:g} point" + (
            "s" * (p.points != 1)
        )
        if p.public or p.outcome is None:
            _head(out, "", name, f"  {count} more (its public checks are above)")
        elif p.outcome.ok:
            _head(out, "written", name, f"  written; {count} judge it")
        else:
            _head(out, p.outcome.status, name, f"  {count}")
            said = _said(p.outcome.message) in told
            _block(out, "stopped by the cause above" if said else words(p.outcome.message))
