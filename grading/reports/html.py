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
    """The student's and the reference's cost per epoch, as a base64 PNG (None if no curve,
    or no matplotlib: it comes with the instructor's extra)."""
    reference, student = _numbers(curve.get("reference", [])), _numbers(curve.get("student", []))
    if not reference:
        return None
    try:
        import matplotlib
    except ImportError:
        return None

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(9, 5), dpi=110)
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
    ax.set_title(
        "cost per epoch, on one 40-sample dataset"
        + (f"\neta = {eta:.3g}: half the largest learning rate that converges on it" if eta else "")
    )
    values = [v for v in reference + student if v == v and 0 < v < float("inf")]
    if values and max(values) / min(values) > 100:
        ax.set_yscale("log")
    ax.legend()
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return base64.b64encode(buf.getvalue()).decode("ascii")


ETA_EXPLAINED = (
    "Both curves train on the same 40 samples with eta = {eta:.3g}, half the largest "
    "learning rate with which batch gradient descent converges on them (2 / the largest "
    "eigenvalue of the Hessian of the cost): a safe step, so the reference's cost falls "
    "every epoch, and so should yours."
)


def render_feedback(result: SubmissionResult) -> str:
    """One submission's feedback page (the learning curve with its learning rate explained)."""
    eta = (result.curve.get("eta") or [None])[0]
    caption = ETA_EXPLAINED.format(eta=eta) if isinstance(eta, (int, float)) else ""
    return _ENV.get_template("feedback.html.j2").render(
        r=result, plot=curve_png(result.curve), caption=caption
    )


def _markers(result: SubmissionResult) -> str:
    """Hang, crash, memory: what the submission's code did that lost it checks."""
    found = []
    for t in result.tests:
        if t.outcome.status != "error":
            continue
        m = t.outcome.message
        kind = (
            "hang"
            if "ran for more than" in m or "took more than" in m or "CPU time" in m
            else "memory"
            if "memory" in m
            else "crash"
        )
        if kind not in found:
            found.append(kind)
    return ", ".join(found)


def render_summary(
    results: Sequence[SubmissionResult], summary: ClassSummary, pages: dict[str, str] | None = None
) -> str:
    """The class page: the assignment, every submission's score (linked to its page),
    its hangs and crashes, and the mistakes."""
    from gdgrade.grading.reports.summary import common_folder, short_name

    prefix = common_folder([r.submission for r in results])
    return _ENV.get_template("summary.html.j2").render(
        results=results,
        s=summary,
        pages=pages or {},
        assignment=results[0].assignment if results else "",
        names={r.submission: short_name(r.submission, prefix) for r in results},
        markers={r.submission: _markers(r) for r in results},
    )
