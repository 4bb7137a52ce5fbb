"""The instructor's class table in the terminal (rich, of the ``instructor`` extra).

A student's ``gdgrade check`` report is :mod:`~gdgrade.grading.reports.check_report`'s,
written with the standard library: nothing here is on a student's path.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from gdgrade.grading.reports.summary import ClassSummary, common_folder, short_name
from gdgrade.grading.reports.text import printable
from gdgrade.grading.results import SubmissionResult

__all__ = ["print_class_table", "shown"]


def shown(text: object, style: str = "") -> Text:
    """Text a submission may control, for the terminal: never read as rich markup, its
    control characters (ANSI escapes, carriage returns...) and lone surrogates escaped."""
    return Text(printable(text), style=style)


def _first_sentence(text: str, limit: int = 160) -> str:
    first = text.split(". ")[0].strip().rstrip(".")
    return first if len(first) <= limit else first[: limit - 1] + "…"


def _row(r: SubmissionResult, prefix: str) -> list[Text]:
    counts = {
        status: sum(t.outcome.status == status for t in r.tests)
        for status in ("passed", "failed", "error", "not-done", "not-graded", "grader-error")
    }
    words = [f"{counts['passed']} passed"]
    words += [
        f"{n} {label}"
        for label, n in (
            ("failed", counts["failed"]),
            ("lost to crash/hang", counts["error"]),
            ("not done", counts["not-done"]),
            ("not graded", counts["not-graded"]),
            ("not graded (the grader failed)", counts["grader-error"]),
        )
        if n
    ]
    if r.grading_status in ("partially-graded", "not-graded"):
        words.insert(0, r.grading_status.replace("-", " ").upper())
    name = short_name(r.submission, prefix)
    return [
        shown(name),
        shown(f"{r.score:g}/{r.max_score:g}"),
        shown(", ".join(words)),
        shown(", ".join(dict.fromkeys(r.mistakes)) or "-"),
    ]


def print_class_table(
    results: Sequence[SubmissionResult], summary: ClassSummary, console: Console | None = None
) -> None:
    """One row per submission, then the most common mistakes.

    Every cell is text, never markup: a file name like ``[/link]`` or ``[bold]``
    is shown as it is.  A row that cannot be built says so in its own place.
    """
    console = console or Console(highlight=False)
    prefix = common_folder([r.submission for r in results])
    title = "gdgrade: class results" + (f" (submissions in {prefix}{os.sep})" if prefix else "")
    table = Table(title=shown(title))
    table.add_column("submission", overflow="fold")
    table.add_column("score", justify="right")
    table.add_column("checks", overflow="fold")
    longest = max((len(m) for r in results for m in r.mistakes), default=1)
    # ids are wrapped between them, never inside one (a word too long is cut with "…")
    table.add_column("mistakes found", overflow="ellipsis", min_width=min(longest + 1, 30))
    for r in results:
        try:
            table.add_row(*_row(r, prefix))
        except Exception as exc:  # one submission's row never costs the others theirs
            table.add_row(shown(r.submission), "", shown(f"could not be shown ({exc!r})"), "")
    console.print(table)
    console.print(
        f"{summary.submissions} submissions, mean {summary.mean_score:.2f} / "
        f"{summary.max_score:g}; {summary.errors} with checks lost to a crash, hang "
        "or limit."
        + (
            f" {summary.grader_failed} not graded because the grader failed (not the "
            "students' fault: grade them again once it is fixed)."
            if summary.grader_failed
            else ""
        ),
        markup=False,
    )
    if summary.mistakes:
        mt = Table(title="most common mistakes")
        mt.add_column("mistake", no_wrap=True, overflow="ellipsis")
        mt.add_column("students", justify="right")
        mt.add_column("what it means", overflow="fold")
        for mistake, count, hint in summary.mistakes:
            mt.add_row(shown(mistake), shown(count), shown(_first_sentence(hint)))
        console.print(mt)
