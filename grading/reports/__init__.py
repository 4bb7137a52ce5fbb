"""Reports of grading: JSON (Gradescope fields), CSV gradebook, HTML feedback, summaries."""

from gdgrade.grading.reports.files import write_atomic, write_csv, write_json
from gdgrade.grading.reports.html import render_feedback, render_summary
from gdgrade.grading.reports.summary import ClassSummary, summarize
from gdgrade.grading.reports.terminal import print_check_report, print_class_table

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
