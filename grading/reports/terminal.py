"""Reports in the terminal (rich): a student's check, an instructor's class table."""

from __future__ import annotations

import os
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from gdgrade.grading.reports.summary import ClassSummary
from gdgrade.grading.results import SubmissionResult

__all__ = ["print_check_report", "print_class_table"]

MARKS = {
    "passed": ("PASS", "green"),
    "failed": ("FAIL", "red"),
    "error": ("ERROR", "red"),
    "not-done": ("TODO", "yellow"),
}


def print_check_report(result: SubmissionResult, console: Console | None = None) -> None:
    """Every check with its verdict; failures with the counterexample and the hint."""
    console = console or Console(highlight=False)
    console.print(
        f"[bold]gdgrade check[/bold] {result.submission} "
        f"([italic]{result.assignment}[/italic], public checks)"
    )
    for p in result.problems:
        console.print(f"[yellow]note:[/yellow] {p}")
    for t in result.tests:
        mark, colour = MARKS[t.outcome.status]
        console.print(
            Text.assemble((f"{mark:5} ", f"bold {colour}"), (t.id, "bold"), f"  {t.title}")
        )
        if not t.outcome.ok:
            for line in t.outcome.message.splitlines():
                console.print(Text("      " + line))
            if t.outcome.hint:
                console.print(Text("      hint: " + t.outcome.hint, style="cyan"))
    done = sum(t.outcome.ok for t in result.tests)
    todo = sum(t.outcome.status == "not-done" for t in result.tests)
    console.print(
        f"\n[bold]{done} of {len(result.tests)} checks pass[/bold]"
        + (f", {todo} not done yet" if todo else "")
        + f"; score {result.score:g} / {result.max_score:g} on the public checks."
    )


def _first_sentence(text: str, limit: int = 160) -> str:
    first = text.split(". ")[0].strip().rstrip(".")
    return first if len(first) <= limit else first[: limit - 1] + "…"


def print_class_table(
    results: Sequence[SubmissionResult], summary: ClassSummary, console: Console | None = None
) -> None:
    """One row per submission, then the most common mistakes."""
    console = console or Console(highlight=False)
    names = [r.submission for r in results]
    prefix = os.path.commonpath(names) if len(names) > 1 else ""
    if prefix in names:
        prefix = os.path.dirname(prefix)
    title = "gdgrade: class results" + (f" (submissions in {prefix}{os.sep})" if prefix else "")
    table = Table(title=title)
    table.add_column("submission", overflow="fold")
    table.add_column("score", justify="right")
    table.add_column("checks", overflow="fold")
    table.add_column("mistakes found", overflow="fold")
    for r in results:
        counts = {
            status: sum(t.outcome.status == status for t in r.tests)
            for status in ("passed", "failed", "error", "not-done")
        }
        words = [f"{counts['passed']} passed"]
        words += [
            f"{n} {label}"
            for label, n in (
                ("failed", counts["failed"]),
                ("lost to crash/hang", counts["error"]),
                ("not done", counts["not-done"]),
            )
            if n
        ]
        shown = os.path.relpath(r.submission, prefix) if prefix else r.submission
        table.add_row(
            shown,
            f"{r.score:g}/{r.max_score:g}",
            ", ".join(words),
            ", ".join(dict.fromkeys(r.mistakes)) or "-",
        )
    console.print(table)
    console.print(
        f"{summary.submissions} submissions, mean {summary.mean_score:.2f} / "
        f"{summary.max_score:g}; {summary.errors} with checks lost to a crash, hang "
        "or limit."
    )
    if summary.mistakes:
        mt = Table(title="most common mistakes")
        mt.add_column("mistake")
        mt.add_column("students", justify="right")
        mt.add_column("what it means", overflow="fold")
        for mistake, count, hint in summary.mistakes:
            mt.add_row(mistake, str(count), _first_sentence(hint))
        console.print(mt)
