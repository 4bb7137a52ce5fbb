"""Reports of grading: JSON (Gradescope fields), CSV gradebook, HTML feedback, summaries.

The names below are imported from their modules when first used, so that a student's
``gdgrade check`` (the terminal report) never imports jinja2 or the HTML templates.
"""

from __future__ import annotations

from gdgrade.grading.lazy import lazy_exports

__all__ = [
    "ClassSummary",
    "print_check_report",
    "print_class_table",
    "render_feedback",
    "render_summary",
    "summarize",
    "write_atomic",
    "write_csv",
    "write_json",
]

_WHERE = {
    "write_atomic": "files",
    "write_csv": "files",
    "write_json": "files",
    "render_feedback": "html",
    "render_summary": "html",
    "ClassSummary": "summary",
    "summarize": "summary",
    "print_check_report": "check_report",
    "print_class_table": "terminal",
}


__getattr__, __dir__ = lazy_exports(__name__, _WHERE)
