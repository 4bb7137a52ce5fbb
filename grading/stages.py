"""What each ``gdgrade`` subcommand does; :mod:`gdgrade.grading.cli` only parses options."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from gdgrade.grading.spec import DEFAULT_ASSIGNMENT, SpecError, assignment_of, load_spec

__all__ = ["check", "demo", "generate", "grade"]


GRADER_FAILED = 3
"""``grade``'s exit status when gdgrade itself failed on some submissions."""


def _fail(message: str) -> int:
    from gdgrade.grading.reports.text import printable

    print(printable(f"gdgrade: error: {message}"), file=sys.stderr)
    return 2


def _warn(message: str) -> None:
    from gdgrade.grading.reports.text import printable

    print(printable(f"gdgrade: warning: {message}"), file=sys.stderr)


def _isolation_warning() -> None:
    """Say once, in one line, how submissions run when bubblewrap cannot isolate them.

    The sandbox's own ``RuntimeWarning`` (in this process and in the workers) is then
    not printed again, raw, with a line of gdgrade's source.
    """
    from gdgrade.grading.sandbox import bwrap_available, confinement, session
    from gdgrade.grading.sandbox.bwrap import bwrap_executable

    if bwrap_available():
        return
    found = bwrap_executable()
    fix = (
        f"bubblewrap ({found}) is installed but cannot create namespaces here (a container "
        "without user namespaces?): run the grader where it can, or accept the above"
        if found
        else "install bubblewrap (Debian: apt-get install bubblewrap)"
    )
    print(f"gdgrade: warning: {confinement(False).warning}; {fix}.", file=sys.stderr)
    session._warned = True
    os.environ[QUIET_ISOLATION] = "1"  # the workers inherit it: said once for the batch


QUIET_ISOLATION = "GDGRADE_ISOLATION_SAID"
"""Set when the command has said that grading is not isolated (workers do not repeat it)."""


def _assignment_for(path: Path, given: str | None) -> str:
    return given or assignment_of(path if path.is_dir() else path.parent)


def check(args: argparse.Namespace) -> int:
    """``gdgrade check``: the public checks on one submission, exit 1 if any fails."""
    path = Path(args.path)
    if not path.exists():
        return _fail(
            f"{args.path}: no such file or folder (give the folder with adaline.py "
            "and derivation.py, a .py file or a notebook)"
        )
    from gdgrade.grading.sandbox.bwrap import probe_in_background

    probe_in_background()  # whether bubblewrap works here, found out while the rest loads
    from gdgrade.grading.reports import print_check_report
    from gdgrade.grading.runner import grade_submission

    try:
        spec = load_spec(_assignment_for(path, args.assignment))
    except SpecError as exc:
        return _fail(str(exc))
    _isolation_warning()
    result = grade_submission(
        str(path),
        spec,
        visibilities=("public",),
        curve=False,
        probe_hidden=True,
        keep_derivation=True,  # a student runs check after every edit of the code
    )
    notebook = path.suffix == ".ipynb" or (
        path.is_dir() and not (path / "adaline.py").exists() and any(path.glob("*.ipynb"))
    )
    print_check_report(result, notebook=notebook)
    return 0 if all(t.outcome.ok for t in result.tests) else 1


def _grade_batch(
    paths: list[str],
    spec,
    json_out,
    csv_out,
    feedback,
    jobs,
    regrade,
    variants=None,
    cluster: str | None = None,
) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from gdgrade.grading.batch import BatchOptions, GraderFailure, feedback_name, grade_many
    from gdgrade.grading.reports import print_class_table, summarize, write_atomic
    from gdgrade.grading.reports.summary import common_folder, short_name
    from gdgrade.grading.reports.text import printable

    console = Console(stderr=True, highlight=False)
    if not cluster:  # on a cluster, each worker's bubblewrap is checked instead
        _isolation_warning()
    options = BatchOptions(
        json_out=json_out,
        csv_out=csv_out,
        feedback=feedback,
        jobs=jobs,
        regrade=regrade,
        variants=variants or {},
        cluster=cluster,
    )
    start = time.perf_counter()
    with Progress(
        TextColumn("grading"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", markup=False),
        console=console,
        transient=False,
    ) as bar:
        task = bar.add_task("", total=len(paths))

        prefix = common_folder(list(paths))
        shown = {"running": "", "last": ""}

        def describe() -> str:
            return printable(" ".join(p for p in (shown["running"], shown["last"]) if p))

        def on_result(result, done, total):
            name = short_name(result.submission, prefix)
            shown["last"] = f"(last: {name} {result.score:g}/{result.max_score:g})"
            bar.update(task, completed=done, description=describe())

        def on_running(running):
            names = [short_name(p, prefix) for p in running]
            more = f" +{len(names) - 3}" if len(names) > 3 else ""
            shown["running"] = f"grading {', '.join(names[:3])}{more}" if names else ""
            bar.update(task, description=describe())

        try:
            results, reused = grade_many(
                paths,
                spec,
                options,
                on_result=on_result,
                on_running=on_running,
                on_note=lambda text: console.print(printable(f"gdgrade: {text}"), markup=False),
            )
        except KeyboardInterrupt:
            bar.stop()
            console.print(
                printable(
                    f"interrupted: every finished result is in {json_out}; run the same "
                    "command again to grade the rest."
                ),
                markup=False,
            )
            return 130
        except GraderFailure as exc:
            bar.stop()
            return _fail(str(exc))
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
        from gdgrade.grading.reports.html import render_summary

        pages = {r.submission: feedback_name(r.submission) for r in results}
        try:
            write_atomic(Path(feedback) / "index.html", render_summary(results, summary, pages))
        except Exception as exc:  # every result and page is written: only this one is lost
            _warn(f"the class page could not be written ({exc!r})")
            return 1
        print(f"Feedback: {Path(feedback) / 'index.html'} and one page per submission.")
    if summary.grader_failed:
        print(
            f"gdgrade: error: the grader failed on {summary.grader_failed} submission(s): "
            "their checks marked 'not graded' are not the students' zeros. Please report it "
            "(the message is in each result); run with --regrade once it is fixed.",
            file=sys.stderr,
        )
        return GRADER_FAILED
    return 0


def grade(args: argparse.Namespace) -> int:
    """``gdgrade grade``: every check on every submission, in sandboxes, in parallel."""
    try:
        spec = load_spec(args.assignment)
    except SpecError as exc:
        return _fail(str(exc))
    if getattr(args, "gradescope", False):
        return _gradescope(args, spec)
    if not args.paths or not args.json_out:
        return _fail("give the submissions to grade (PATH...) and --json OUT, or --gradescope")
    if _lacking("rich"):
        return _fail(_no_table("grade"))
    if args.feedback and _lacking("jinja2"):
        return _fail(f"--feedback writes HTML pages, which need jinja2: {_fix()}")
    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        _warn(f"{p}: no such file or folder (graded as not submitted)")
    variants = None
    if getattr(args, "manifest", None):
        from gdgrade.grading.generate import read_manifest, variants_for_paths

        try:
            manifest = read_manifest(args.manifest)
            variants = variants_for_paths(args.paths, manifest)
        except ValueError as exc:
            return _fail(str(exc))
        if any(manifest.students.values()):  # the students' variants differ from the spec's
            for p in args.paths:
                if p not in variants and p not in missing:
                    _warn(
                        f"{p}: matches no student of {args.manifest} (by nbgrader's folders, "
                        "an id, username or email in its path, or a download name): graded "
                        "with the assignment's own conventions, not a student's variant"
                    )
    from gdgrade.grading.cluster import CLUSTER_VARIABLE  # Dask itself only if used

    cluster = getattr(args, "cluster", None) or os.environ.get(CLUSTER_VARIABLE) or None
    if cluster and args.jobs:
        _warn("--jobs is for local grading: on a cluster, its workers grade")
    code = _grade_batch(
        args.paths,
        spec,
        args.json_out,
        args.csv_out,
        args.feedback,
        args.jobs,
        args.regrade,
        variants,
        cluster,
    )
    if code in (0, 1) and getattr(args, "gradebook", None):  # 1: the results are written
        return max(code, _record_gradebook(args, spec))
    return code


def _gradescope(args: argparse.Namespace, spec) -> int:
    from gdgrade.grading.gradescope import run_gradescope

    _isolation_warning()
    result, out = run_gradescope(spec, args.paths[0] if args.paths else None, args.json_out)
    score = f"{result.score:g} / {result.max_score:g}" if result else "not graded"
    print(f"gdgrade: {spec.name}: {score}; results: {out}")
    return 0


def _record_gradebook(args: argparse.Namespace, spec) -> int:
    if _lacking("nbgrader"):
        return _fail(f"--gradebook writes nbgrader's gradebook, which needs nbgrader: {_fix()}")
    from gdgrade.grading.gradebook import record_scores
    from gdgrade.grading.reports.files import read_results

    results = read_results(args.json_out)
    graded = [results[p] for p in dict.fromkeys(args.paths) if p in results]
    try:
        report = record_scores(args.gradebook, graded, spec)
    except (FileNotFoundError, ValueError) as exc:
        return _fail(str(exc))
    for path, why in report.skipped:
        _warn(f"{path}: not written to the gradebook ({why})")
    print(
        f"Gradebook: {len(report.recorded)} submission(s) written to {args.gradebook} "
        "(each check's points as the manual score of its test cell)."
    )
    return 0


def generate(args: argparse.Namespace) -> int:
    """``gdgrade generate``: an nbgrader course folder, or Gradescope's autograder files."""
    if getattr(args, "gradescope", False):
        from gdgrade.grading.distribution import DistributionError
        from gdgrade.grading.gradescope import write_autograder

        try:
            written = write_autograder(
                args.name, args.out, pip=args.pip, roster=args.roster, seed=args.seed
            )
        except (SpecError, ValueError, DistributionError, OSError) as exc:
            return _fail(str(exc))
        print(f"gdgrade generate: Gradescope autograder for {args.name}:")
        for p in written:
            print(f"  {p}")
        print(f"Upload {written[-1]} as the assignment's autograder (zip file).")
        return 0
    if _lacking("nbformat"):
        return _fail(f"generate writes an nbgrader course, which needs nbformat: {_fix()}")
    from gdgrade.grading.generate import generate_course

    try:
        made = generate_course(
            args.name, args.out, roster=args.roster, seed=args.seed, course_id=args.course_id
        )
    except (SpecError, ValueError, OSError) as exc:
        return _fail(str(exc))
    name = made.notebook.parent.name
    print(f"gdgrade generate: nbgrader course folder {made.root}")
    print(f"  {made.config}")
    print(f"  {made.notebook}")
    print(f"  {made.manifest}" + (f" ({len(made.students)} students)" if made.students else ""))
    if made.variants_csv:
        print(f"  {made.variants_csv} (each student's variant, to hand out)")
    if made.students_csv:
        print(f"  {made.students_csv} (for: nbgrader db student import students.csv)")
    print(f"Next: cd {made.root} && nbgrader generate_assignment {name}")
    return 0


def demo(args: argparse.Namespace) -> int:
    """``gdgrade demo``: grade the bundled example submissions, write every report."""
    if _lacking("rich"):
        return _fail(_no_table("demo"))
    out = Path(args.out)
    from gdgrade.grading.bundled import write_demo

    target = out / "submissions"
    paths = [str(p) for p in write_demo(target)]
    print(
        f"gdgrade demo: grading {len(paths)} example submissions of 'adaline-gd' "
        f"(copied to {target})"
    )
    spec = load_spec(DEFAULT_ASSIGNMENT)
    feedback = out / "feedback"
    if _lacking("jinja2"):
        feedback = None
        print(f"gdgrade demo: no HTML feedback pages: they need jinja2 ({_fix()})")
    return _grade_batch(paths, spec, out / "results.json", out / "grades.csv", feedback, None, True)


def _lacking(module: str) -> bool:
    """Whether ``module`` of the instructor's extra is not installed here."""
    from gdgrade.grading.extras import missing

    return bool(missing(module))


def _fix() -> str:
    from gdgrade.grading.extras import INSTRUCTOR

    return f"{INSTRUCTOR} installs the instructor's tools"


def _no_table(command: str) -> str:
    """What a batch command says without rich (its progress bar and class table)."""
    return f"{command} shows its progress and the class table with rich: {_fix()}"
