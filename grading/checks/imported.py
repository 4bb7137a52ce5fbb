"""What the graded code imported, and how its own import went, judged in the grader.

The sandbox's child only *reports* (each import of a forbidden or missing module,
with the student's line and whether it happened while the file was imported or
while a check's call ran; each top-level statement that raised); the verdicts
and the notes are made here.
"""

from __future__ import annotations

from collections.abc import Sequence

from gdgrade.grading.results import Outcome
from gdgrade.grading.sandbox.numpy2 import alias_in

__all__ = ["forbidden_outcome", "import_notes", "not_graded"]

_SUFFIX = " while importing your module"


def _where(event) -> str:
    return f" ({event.file}, line {event.line})" if event.file and event.line else ""


def forbidden_outcome(events: Sequence, phase: str | None = None) -> Outcome | None:
    """The failed outcome for forbidden imports among ``events`` (of ``phase`` if given)."""
    found = [e for e in events if e.kind == "forbidden" and (phase is None or e.phase == phase)]
    if not found:
        return None
    modules = list(dict.fromkeys(f"{e.module}{_where(e)}" for e in found))
    when = "when it is imported" if phase == "import" else "while this check ran"
    return Outcome(
        "failed",
        f"your code imports {', '.join(modules)} {when}, which this assignment does not "
        "allow: write that part yourself.",
        mistake="forbidden-import",
    )


def not_graded(why: str) -> Outcome:
    """The outcome of a check that could not run: the code it needs was not imported."""
    return Outcome("not-graded", f"not graded: {why}")


def import_notes(failures: Sequence[tuple[int, str, str]], events: Sequence) -> list[str]:
    """The notes a reader needs about the import: the statements that failed and were
    skipped, and the modules that are not installed where the code is graded."""
    notes = []
    if failures:
        line, _, message = failures[0]
        more = len(failures) - 1
        text = (
            f"adaline.py's own code failed when the file was imported, at line {line} "
            f"({message.removesuffix(_SUFFIX)})"
            + (f" and at {more} more line{'s' * (more > 1)}" if more else "")
            + "; those lines were skipped and the rest of the file was graded. Keep scripts "
            '(training, plots, reading data files) under `if __name__ == "__main__":`.'
        )
        alias = alias_in(message)
        if alias:
            text += f" NumPy 2 removed {alias[0]}: write {alias[1]}."
        notes.append(text)
    missing = list(
        dict.fromkeys(f"{e.module.split('.')[0]}" for e in events if e.kind == "missing")
    )
    if missing:
        notes.append(
            f"adaline.py imports {', '.join(missing)}, not installed where it is graded: "
            "each was given a stand-in that fails only if the graded code uses it."
        )
    return notes
