"""HTML feedback and the terminal reports."""

import io

from rich.console import Console

from gdgrade.grading.reports import (
    print_check_report,
    print_class_table,
    render_feedback,
    render_summary,
    summarize,
)
from gdgrade.grading.results import CheckResult, Outcome, SubmissionResult


def _result(name, mistake=None):
    outcome = Outcome("failed", "wrong <b>gradient</b>", hint="the sign", mistake=mistake)
    tests = [
        CheckResult("gradient", "the gradient", 0.0, 2.0, "public", outcome),
        CheckResult("cost", "the cost", 1.0, 1.0, "hidden", Outcome()),
    ]
    curve = {"reference": [3.0, 2.0, 1.5], "student": [3.0, 2.5, 2.4], "eta": [0.1]}
    return SubmissionResult(submission=name, assignment="adaline-gd", tests=tests, curve=curve)


def test_a_feedback_page_has_every_check_escaped_and_the_learning_curve():
    page = render_feedback(_result("class/alice"))
    assert "<code>gradient</code>" in page and "<code>cost</code>" in page
    assert "wrong &lt;b&gt;gradient&lt;/b&gt;" in page  # student-influenced text is escaped
    assert "Hint: the sign" in page
    assert "data:image/png;base64," in page


def test_the_class_summary_counts_mistakes():
    results = [
        _result("class/a", "gradient-sign"),
        _result("class/b", "gradient-sign"),
        _result("class/c", "convention:mse"),
    ]
    summary = summarize(results)
    assert summary.mistakes[0][:2] == ("gradient-sign", 2)
    assert summary.passed == {"gradient": 0, "cost": 3}
    page = render_summary(results, summary, {"class/a": "a.html"})
    assert '<a href="a.html">a</a>' in page and "gradient-sign" in page
    assert "<h1>adaline-gd: class summary</h1>" in page
    console = Console(record=True, width=120)
    print_class_table(results, summary, console)
    text = console.export_text()
    assert "submissions in class/" in text and "1 passed, 1 failed" in text


def test_the_check_report_shows_the_message_and_the_hint():
    out = io.StringIO()
    print_check_report(_result("mine"), out, width=120)
    text = out.getvalue()
    assert "FAIL  gradient" in text and "hint: the sign" in text
    assert "1 of 2 checks pass" in text


def test_the_class_table_takes_absolute_and_relative_paths_together(tmp_path, monkeypatch):
    """os.path.commonpath refuses to mix them: the table once crashed on
    ``gdgrade grade /abs/alice bob``."""
    monkeypatch.chdir(tmp_path)
    results = [_result(str(tmp_path / "class" / "alice")), _result("class/bob")]
    console = Console(record=True, width=120)
    print_class_table(results, summarize(results), console)
    text = console.export_text()
    assert str(tmp_path / "class") in "".join(text.split())  # the title wraps
    assert "│ alice" in text and "│ bob" in text


def test_markup_in_names_and_hints_is_shown_as_written():
    results = [_result("class/[/link][bold]x")]
    outcome = Outcome("failed", "m", hint="[bold]use [/link] here", mistake="[/link]")
    results[0].tests[0] = CheckResult("gradient", "[/link]", 0.0, 2.0, "public", outcome)
    console = Console(record=True, width=120)
    print_class_table(results, summarize(results), console)
    out = io.StringIO()
    print_check_report(results[0], out, width=120)
    assert "[/link][bold]x" in console.export_text()
    report = out.getvalue()
    assert "[/link][bold]x" in report and "[bold]use [/link] here" in report


def test_the_class_page_marks_hangs_and_crashes():
    from gdgrade.grading.results import CheckResult, Outcome, SubmissionResult

    def lost(name, message):
        outcome = Outcome("error", message)
        return SubmissionResult(
            name, "adaline-gd", tests=[CheckResult("fit", "t", 0, 1, "public", outcome)]
        )

    results = [
        lost("class/dan", "your code ran for more than 5 s on this call and was stopped"),
        lost("class/eve", "your code crashed the process (SIGSEGV)"),
    ]
    page = render_summary(results, summarize(results), {})
    assert "<h1>adaline-gd: class summary</h1>" in page
    assert "&#9888; hang" in page and "&#9888; crash" in page


def test_the_learning_curve_is_large_and_its_eta_explained():
    import base64
    import struct

    from gdgrade.grading.reports.html import curve_png, render_feedback
    from gdgrade.grading.results import SubmissionResult

    curve = {"reference": [4.0, 2.0, 1.0], "student": [4.0, 2.5, 1.5], "eta": [0.0233]}
    png = base64.b64decode(curve_png(curve))
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (990, 550)
    page = render_feedback(SubmissionResult("s", "adaline-gd", curve=curve))
    assert "eta = 0.0233, half the largest learning rate" in page
