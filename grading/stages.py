"""What each ``gdgrade`` subcommand does; :mod:`gdgrade.grading.cli` only parses options."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from importlib import resources
from pathlib import Path

from gdgrade.grading.spec import DEFAULT_ASSIGNMENT, SpecError, load_spec

__all__ = ["check", "demo", "generate", "grade"]


def _fail(message: str) -> int:
    print(f"gdgrade: error: {message}", file=sys.stderr)
    return 2


def _isolation_warning() -> None:
    from gdgrade.grading.sandbox import bwrap_available

    if not bwrap_available():
        print(
            "gdgrade: warning: grading is not isolated: bubblewrap (bwrap) is not available, so "
            "submissions run with resource limits only and can see this machine's files. "
            "Install it (Debian: apt-get install bubblewrap).",
            file=sys.stderr,
        )


def _assignment_for(path: Path, given: str | None) -> str:
    if given:
        return given
    folder = path if path.is_dir() else path.parent
    marker = folder / ".gdgrade-assignment"
    if marker.is_file():
        return marker.read_text(encoding="utf-8").strip() or DEFAULT_ASSIGNMENT
    return DEFAULT_ASSIGNMENT


def check(args: argparse.Namespace) -> int:
    """``gdgrade check``: the public checks on one submission, exit 1 if any fails."""
    from gdgrade.grading.reports import print_check_report
    from gdgrade.grading.runner import grade_submission

    path = Path(args.path)
    if not path.exists():
        return _fail(
            f"{args.path}: no such file or folder (give the folder with adaline.py "
            "and derivation.py, a .py file or a notebook)"
        )
    try:
        spec = load_spec(_assignment_for(path, args.assignment))
    except SpecError as exc:
        return _fail(str(exc))
    result = grade_submission(str(path), spec, visibilities=("public",), curve=False)
    print_check_report(result)
    return 0 if all(t.outcome.ok for t in result.tests) else 1


def _grade_batch(
    paths: list[str], spec, json_out, csv_out, feedback, jobs, regrade, variants=None
) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from gdgrade.grading.batch import BatchOptions, feedback_name, grade_many
    from gdgrade.grading.reports import print_class_table, render_summary, summarize, write_atomic

    console = Console(stderr=True, highlight=False)
    _isolation_warning()
    options = BatchOptions(
        json_out=json_out,
        csv_out=csv_out,
        feedback=feedback,
        jobs=jobs,
        regrade=regrade,
        variants=variants or {},
    )
    start = time.perf_counter()
    with Progress(
        TextColumn("grading"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=False,
    ) as bar:
        task = bar.add_task("", total=len(paths))

        def on_result(result, done, total):
            bar.update(
                task,
                completed=done,
                description=f"{result.submission}: {result.score:g}/{result.max_score:g}",
            )

        try:
            results, reused = grade_many(paths, spec, options, on_result=on_result)
        except KeyboardInterrupt:
            bar.stop()
            console.print(
                f"interrupted: every finished result is in {json_out}; run the same "
                "command again to grade the rest."
            )
            return 130
    summary = summarize(results)
    print_class_table(results, summary, Console(highlight=False))
    elapsed = time.perf_counter() - start
    print(
        f"graded {len(results) - reused} submission(s) in {elapsed:.1f} s"
        + (
            f"; {reused} unchanged since the last run were kept (--regrade grades them again)"
            if reused
            else ""
        )
        + f". Results: {json_out}"
        + (f", {csv_out}" if csv_out else "")
    )
    if feedback:
        pages = {r.submission: feedback_name(r.submission) for r in results}
        write_atomic(Path(feedback) / "index.html", render_summary(results, summary, pages))
        print(f"Feedback: {Path(feedback) / 'index.html'} and one page per submission.")
    return 0


def grade(args: argparse.Namespace) -> int:
    """``gdgrade grade``: every check on every submission, in sandboxes, in parallel."""
    try:
        spec = load_spec(args.assignment)
    except SpecError as exc:
        return _fail(str(exc))
    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        print(
            f"gdgrade: warning: {p}: no such file or folder (graded as not submitted)",
            file=sys.stderr,
        )
    return _grade_batch(
        args.paths, spec, args.json_out, args.csv_out, args.feedback, args.jobs, args.regrade
    )


def generate(args: argparse.Namespace) -> int:
    """``gdgrade generate``."""
    return _fail("generate is not available in this version yet")


def demo(args: argparse.Namespace) -> int:
    """``gdgrade demo``: grade the bundled example submissions, write every report."""
    out = Path(args.out)
    bundled = Path(str(resources.files("gdgrade.grading") / "data" / "demo"))
    target = out / "submissions"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(bundled, target, ignore=shutil.ignore_patterns("__pycache__"))
    paths = sorted(str(p) for p in target.iterdir() if p.is_dir())
    print(
        f"gdgrade demo: grading {len(paths)} example submissions of 'adaline-gd' "
        f"(copied to {target})"
    )
    spec = load_spec(DEFAULT_ASSIGNMENT)
    return _grade_batch(
        paths, spec, out / "results.json", out / "grades.csv", out / "feedback", None, True
    )
