"""Grading a whole class: in parallel, with progress, resumable, nothing lost.

Each submission is graded in a worker process (all cores by default) and its
result is written as soon as it is back, atomically (see
:mod:`gdgrade.grading.reports.files`).  Running the same command again grades
only what is missing from the JSON, or what changed since; ``regrade=True``
grades everything anew.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gdgrade.grading.reports.files import (
    Journal,
    read_results,
    write_atomic,
    write_csv,
    write_json,
)
from gdgrade.grading.results import SubmissionResult
from gdgrade.grading.spec import VISIBILITIES, AssignmentSpec
from gdgrade.grading.submission import grading_key, load_submission

__all__ = ["REWRITE_SECONDS", "BatchOptions", "GraderFailure", "feedback_name", "grade_many"]

REWRITE_SECONDS = 2.0
"""How often the results JSON (and CSV) are rewritten whole while a batch runs; every
result is in the journal next to it the moment it is finished."""
REWRITE_SHARE = 20
"""The results are rewritten no sooner than this many times the last rewrite took: a
class of 100,000 (a JSON of about 1.3 GB) spends at most a twentieth of its time
rewriting, not all of it."""


@dataclass
class BatchOptions:
    """Where results go and how the batch runs.

    Attributes
    ----------
    json_out : path
        The results JSON (the design's list), rewritten after every submission.
    csv_out, feedback : path or None
        The gradebook CSV and the folder of HTML feedback pages.
    jobs : int or None
        Worker processes (None: every core).
    regrade : bool
        Grade again what ``json_out`` already holds.
    visibilities : tuple of str
        Which checks run (``grade``: public and hidden).
    variants : dict
        Per-submission variant (from the roster's manifest), by path.
    cluster : str or None
        The address of a Dask scheduler (``tcp://HOST:8786``): grade on its
        workers instead of local processes (:mod:`gdgrade.grading.cluster`).
    """

    json_out: str | os.PathLike
    csv_out: str | os.PathLike | None = None
    feedback: str | os.PathLike | None = None
    jobs: int | None = None
    regrade: bool = False
    visibilities: tuple[str, ...] = VISIBILITIES
    variants: dict[str, dict[str, Any]] = field(default_factory=dict)
    cluster: str | None = None


class GraderFailure(RuntimeError):
    """gdgrade itself cannot grade (its workers cannot import it...): nothing was graded.

    Raised before any submission is graded, so that a broken grader never shows
    as a class of zeros; the message says why and what to do.
    """


WORKER_MODULES = (
    "gdgrade.grading.runner",
    "gdgrade.grading.symbolic.answers",  # sympy: imported by the first derivation judged
    "gdgrade.grading.symbolic.steps",
    "gdgrade.grading.symbolic.derivation",
    "gdgrade.grading.strategies",  # Hypothesis: imported by the first property shrunk
    "gdgrade.grading.gradcheck",
    "gdgrade.grading.cache",
    "numpy.random",
)
"""What every worker imports before it grades (the fork server preloads them)."""


def _start_worker(counter, workers: int, bwrap: bool | None) -> None:
    """Set a new worker up: on its CPU (:func:`_pin_worker`), and told whether bubblewrap
    works here (``bwrap``: the main process's answer; None: it finds out itself)."""
    _pin_worker(counter, workers)
    if bwrap is not None:
        from gdgrade.grading.sandbox.bwrap import assume_probed

        assume_probed(bwrap)


def _pin_worker(counter, workers: int) -> None:
    """Keep this worker, and the sandboxes it starts, on one CPU of the grader's own.

    A worker and its sandbox's server take turns (a request, then its reply): on one
    CPU each hand-over stays in that CPU's caches, where a scheduler moving them
    apart pays a wake-up on another CPU each time (7% of the class's time on this
    project's 2-CPU machines).  Only when the pool's ``workers`` fill every CPU the
    grader may use (as by default): with fewer, the scheduler keeps the others for
    whatever else runs on a shared machine.  Workers take the CPUs in turn (more
    workers than CPUs share them); where this process may not choose, nothing changes.
    """
    try:
        cpus = sorted(os.sched_getaffinity(0))
        if workers < len(cpus):
            return
        with counter.get_lock():
            index = counter.value
            counter.value += 1
        os.sched_setaffinity(0, {cpus[index % len(cpus)]})
    except (AttributeError, OSError, ValueError):
        pass


def _worker_ready() -> str:
    """Run in a worker before any submission: where its gdgrade comes from."""
    import importlib

    for name in WORKER_MODULES:
        importlib.import_module(name)
    import gdgrade

    return str(getattr(gdgrade, "__file__", None) or list(getattr(gdgrade, "__path__", [])))


def _why_workers_fail() -> str | None:
    """The error gdgrade's import gives a fresh interpreter started as the fork server is."""
    code = "; ".join(f"import {m}" for m in WORKER_MODULES)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=_empty_folder(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    return lines[-1].strip() if done.returncode and lines else None


def _empty_folder() -> str:
    """A folder with no Python module in it, to start interpreters from: gdgrade's own
    templates folder (installed with it, never written to, nothing to clean up)."""
    from importlib import resources

    return str(resources.files("gdgrade.grading") / "templates")


def _start_forkserver(context) -> None:
    """Start the workers' fork server from a folder without Python modules.

    The fork server is ``python -c ...``, which puts its working folder first on
    ``sys.path``; started from the instructor's folder, a ``gdgrade/`` folder or a
    ``gdgrade.py`` there was imported by every worker instead of gdgrade, and
    every submission lost its points to "the worker died".  It starts from a
    folder that holds no module (:func:`_empty_folder`).  Workers still grade
    in the instructor's folder (multiprocessing changes into it for each one).
    """
    from multiprocessing import forkserver

    context.set_forkserver_preload(list(WORKER_MODULES))
    here = os.getcwd()
    os.chdir(_empty_folder())
    try:
        forkserver.ensure_running()
    finally:
        os.chdir(here)


def _check_workers(pool: ProcessPoolExecutor) -> None:
    """Fail the run (:class:`GraderFailure`) when a worker cannot run gdgrade."""
    import gdgrade

    try:
        found = pool.submit(_worker_ready).result()
    except Exception as exc:
        why = _why_workers_fail() or f"{type(exc).__name__}: {exc}"
        raise GraderFailure(
            f"the grader's worker processes cannot run gdgrade ({why}). Nothing was graded; "
            f"check that gdgrade is installed in this Python ({sys.executable}), then run "
            "again."
        ) from None
    mine = str(getattr(gdgrade, "__file__", None) or list(getattr(gdgrade, "__path__", [])))
    if found != mine:
        raise GraderFailure(
            f"the grader's worker processes import another gdgrade ({found}) than this one "
            f"({mine}). Nothing was graded; remove or rename what shadows it, then run again."
        )


def feedback_name(submission: str) -> str:
    """A file name for a submission's feedback page, unique to its path.

    The readable part is the path's letters, digits and ``._-`` (the rest as
    ``_``), cut to 100 characters from its end (where the student's folder is);
    a hash of the whole path follows, so that two paths never share a page
    (``a b`` and ``a_b``, or long prefixes cut to the same text).
    """
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", submission.strip("/")).strip("_.")
    digest = hashlib.sha256(submission.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{name[-100:].lstrip('_.') or 'submission'}-{digest}.html"


def _grade_worker(
    path: str, spec: AssignmentSpec, visibilities, variant, feedback: bool, loaded=None
):
    """Grade one submission where it runs (a local worker, a cluster's): its result as
    JSON text and its feedback page.  ``loaded``: the submission as read elsewhere."""
    from gdgrade.grading.reports.files import result_json
    from gdgrade.grading.runner import grade_submission

    result = grade_submission(
        path,
        spec,
        visibilities=visibilities,
        variant=variant,
        loaded=loaded,
        remember_derivation=True,
    )
    page = None
    if feedback:
        try:
            from gdgrade.grading.reports.html import render_feedback  # jinja2: instructor's

            page = render_feedback(result)
        except Exception as exc:  # the grade stands without its page
            result.problems.append(f"its feedback page could not be written ({exc!r})")
    return result_json(result), page


def _lost(
    path: str, spec: AssignmentSpec, visibilities, why: str, status: str = "error"
) -> SubmissionResult:
    from gdgrade.grading.runner import withheld

    return SubmissionResult(
        submission=path,
        assignment=spec.name,
        problems=[why],
        tests=withheld(spec, visibilities, f"not graded: {why}", status=status),
    ).bounded()


def _grader_failed(path: str, spec: AssignmentSpec, visibilities, exc: BaseException):
    """The result of a submission on which gdgrade itself failed: not the student's zero."""
    return _lost(
        path,
        spec,
        visibilities,
        f"the grader failed on this submission ({exc!r}); please report it",
        status="grader-error",
    )


def _grading_key(path: str, spec: AssignmentSpec, options: BatchOptions) -> str | None:
    """What the result of ``path`` would be keyed on now; None if it cannot be read (a
    submission that breaks between two runs is graded again, in its own worker)."""
    try:
        fingerprint = load_submission(path, spec).fingerprint
        return grading_key(fingerprint, spec, options.variants.get(path, {}), options.visibilities)
    except Exception:  # whatever it does now, it is graded (and judged) again
        return None


def grade_many(
    paths: Sequence[str],
    spec: AssignmentSpec,
    options: BatchOptions,
    *,
    on_result: Callable[[SubmissionResult, int, int], None] | None = None,
    on_running: Callable[[list[str]], None] | None = None,
    on_note: Callable[[str], None] | None = None,
) -> tuple[list[SubmissionResult], int]:
    """Grade ``paths``; return every result (in the order given) and how many were reused.

    ``on_result(result, done, total)`` is called as each one is finished, and
    ``on_running(paths)`` with the submissions being graded, at least every second
    (the CLI's progress bar shows both: a hanging submission is named while it hangs);
    ``on_note(text)`` with what the instructor should know about where grading runs
    (a cluster's workers).  Never stops for a submission's sake: a worker that
    dies takes only its own submission with it, graded as an error.

    Raises
    ------
    GraderFailure
        Before grading anything, when the workers cannot run gdgrade (a broken
        install, a module that shadows it; on a cluster also another version or
        no bubblewrap), or on a cluster, when it is lost midway (every finished
        result is kept: the same call grades the rest).
    """
    paths = list(dict.fromkeys(str(p) for p in paths))
    known = {} if options.regrade else read_results(options.json_out)
    results: dict[str, SubmissionResult] = {}
    todo = []
    for p in paths:
        old = known.get(p)
        if old is not None and old.fingerprint == (_grading_key(p, spec, options) or None):
            results[p] = old
        else:
            todo.append(p)
    reused = len(results)
    feedback_dir = Path(options.feedback) if options.feedback else None

    journal = Journal(options.json_out)
    last_rewrite, rewrite_took = 0.0, 0.0

    def rewrite() -> None:
        ordered = [results[p] for p in paths if p in results]
        write_json(options.json_out, ordered)
        if options.csv_out:
            write_csv(options.csv_out, ordered)

    def finished(path: str, result: SubmissionResult, page: str | None) -> None:
        nonlocal last_rewrite, rewrite_took
        if feedback_dir is not None and page is not None:
            try:
                write_atomic(feedback_dir / feedback_name(path), page)
            except (OSError, ValueError) as exc:  # e.g. a full disk: the grade stands
                result.problems.append(f"its feedback page could not be written ({exc!r})")
        results[path] = result
        journal.append(result)
        now = time.monotonic()
        if now - last_rewrite >= max(REWRITE_SECONDS, REWRITE_SHARE * rewrite_took):
            rewrite()
            last_rewrite = time.monotonic()
            rewrite_took = last_rewrite - now
        if on_result:
            try:
                on_result(result, len(results), len(paths))
            except Exception:  # the progress bar never stops the batch
                pass

    if reused and on_result:
        for p in paths:
            if p in results:
                on_result(results[p], paths.index(p) + 1, len(paths))
    jobs = options.jobs or os.cpu_count() or 1
    context = multiprocessing.get_context("forkserver")
    bwrap = None
    if todo and not options.cluster:
        _start_forkserver(context)
        from gdgrade.grading.sandbox import bwrap_available

        bwrap = bwrap_available()  # while the fork server imports; its workers are told

    def run_pool(batch: list[str], workers: int, probe: bool = False) -> list[str]:
        """Grade ``batch``; return the paths whose worker pool broke under them."""
        broken = []
        size = max(1, min(workers, len(batch)))
        with ProcessPoolExecutor(
            max_workers=size,
            mp_context=context,
            initializer=_start_worker,
            initargs=(context.Value("i", 0), size, bwrap),
        ) as pool:
            if probe:
                _check_workers(pool)
            futures: dict[Future, str] = {
                pool.submit(
                    _grade_worker,
                    p,
                    spec,
                    options.visibilities,
                    options.variants.get(p, {}),
                    feedback_dir is not None,
                ): p
                for p in batch
            }
            remaining = set(futures)
            while remaining:
                if on_running is not None:
                    on_running([futures[f] for f in futures if f in remaining and f.running()])
                done, remaining = wait(remaining, timeout=1.0, return_when=FIRST_COMPLETED)
                for fut in done:
                    path = futures[fut]
                    try:
                        data, page = fut.result()
                        result = SubmissionResult.from_json(json.loads(data))
                    except BrokenProcessPool:
                        broken.append(path)
                        continue
                    except Exception as exc:
                        result, page = _grader_failed(path, spec, options.visibilities, exc), None
                    finished(path, result, page)
        return broken

    # A worker that dies breaks the pool under every submission it had; those are
    # graded again one at a time, so that only the one that kills its worker is lost.
    try:
        if options.cluster and todo:
            from gdgrade.grading.cluster import grade_on_cluster

            grade_on_cluster(
                options.cluster,
                todo,
                spec,
                options,
                finished,
                on_running=on_running,
                on_note=on_note,
            )
        retry = run_pool(todo, jobs, probe=True) if todo and not options.cluster else []
        for path in [p for p in paths if p in retry]:
            if run_pool([path], 1):
                finished(
                    path,
                    _lost(
                        path,
                        spec,
                        options.visibilities,
                        "the grader's worker process died while grading this submission",
                    ),
                    None,
                )
    finally:
        rewrite()  # whatever stopped the run, the JSON holds every finished result
        journal.close(remove=len(results) == len(paths))
    return [results[p] for p in paths], reused
