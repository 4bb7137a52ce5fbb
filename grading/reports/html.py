"""HTML feedback (jinja2), with the learning curve drawn by matplotlib."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import jinja2

from gdgrade.grading.reports.summary import ClassSummary
from gdgrade.grading.reports.text import printable
from gdgrade.grading.results import SubmissionResult

__all__ = ["curve_png", "render_feedback", "render_summary"]

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("gdgrade.grading", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=printable,  # every value shown: surrogates and controls escaped, then HTML-escaped
)


def _numbers(values: list) -> list[float]:
    """A capped curve's points: its "nan" and "inf" entries as NaN (not drawn), its last
    "... more entries not shown" left out."""
    return [
        float(v) if isinstance(v, (int, float)) else float("nan")
        for v in values
        if isinstance(v, (int, float)) or v in ("nan", "inf", "-inf")
    ]


def curve_png(curve: dict[str, list[float]]) -> str | None:
    """The student's and the reference's cost per epoch, as a base64 PNG (None if no curve)."""
    reference, student = _numbers(curve.get("reference", [])), _numbers(curve.get("student", []))
    if not reference:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(6, 3.4), dpi=100)
    ax = fig.add_subplot()
    epochs = range(1, len(reference) + 1)
    ax.plot(epochs, reference, "o-", label="reference", color="tab:blue")
    if student:
        ax.plot(
            range(1, len(student) + 1),
            student,
            "s--",
            label="your cost_",
            color="tab:orange",
        )
    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("cost")
    eta = curve.get("eta", [None])[0]
    ax.set_title("learning curve" + (f" (eta = {eta:.3g})" if eta else ""))
    values = [v for v in reference + student if v == v and 0 < v < float("inf")]
    if values and max(values) / min(values) > 100:
        ax.set_yscale("log")
    ax.legend()
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def render_feedback(result: SubmissionResult) -> str:
    """One submission's feedback page."""
    return _ENV.get_template("feedback.html.j2").render(r=result, plot=curve_png(result.curve))


def render_summary(
    results: Sequence[SubmissionResult], summary: ClassSummary, pages: dict[str, str] | None = None
) -> str:
    """The class page: every submission's score (linked to its page) and the mistakes."""
    return _ENV.get_template("summary.html.j2").render(
        results=results, s=summary, pages=pages or {}
    )
