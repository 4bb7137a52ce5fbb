"""Grading a class on a Dask cluster: the same grading, on other machines.

``gdgrade grade PATH... --cluster tcp://HOST:8786`` (or ``$GDGRADE_CLUSTER``)
grades every submission on the workers of a Dask distributed scheduler
(``dask scheduler`` and ``dask worker`` processes, a dask-gateway cluster...)
instead of local processes.  Everything else is :func:`~gdgrade.grading.batch.
grade_many`'s: the journal, the JSON, CSV and HTML written on this machine as
results come back, resuming, the progress bar.

What travels and what stays:

- The submission is read here, with the same safe loader as local grading
  (:func:`~gdgrade.grading.submission.load_submission`), and its bytes travel
  with its task: the workers share no folder with this machine.  A worker
  grades it with :func:`~gdgrade.grading.batch._grade_worker`, the entry point
  of the local workers, in a sandbox of its own (its files written into a
  fresh folder there); the result names the path as given here.
- The spec travels as its content (the parsed spec, with the variant).
- Before anything is graded every worker is asked what it grades with
  (:func:`worker_report`): gdgrade's version and code, the versions of what
  decides a verdict (numpy, sympy, Hypothesis, lark, Python), and whether
  bubblewrap can run there.  One that differs from this machine, or that would
  run submissions without isolation, fails the run (nothing graded) with the
  reason; a worker that joins later is checked by each task it gets and stops
  the run the same way (what was finished is kept).

Workers that die: the scheduler gives a dead worker's tasks to other workers,
so nothing is lost.  A task whose workers died ``allowed-failures + 1`` times
(Dask's ``distributed.scheduler.allowed-failures``, 3 by default) comes back as
``KilledWorker``; it may only have shared a worker with the submission that
killed it, so each such submission is graded again alone, and one that kills
its worker then too is reported "not graded: it killed its grading worker N
times", never retried forever and never a zero from its code.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError
from typing import Any

from gdgrade.grading.batch import (
    BatchOptions,
    GraderFailure,
    _grade_worker,
    _grader_failed,
    _lost,
    _worker_ready,
    feedback_name,
)
from gdgrade.grading.results import SubmissionResult
from gdgrade.grading.spec import AssignmentSpec
from gdgrade.grading.submission import SubmissionError, load_submission

__all__ = [
    "CLUSTER_VARIABLE",
    "WorkerRefused",
    "check_cluster",
    "grade_on_cluster",
    "grader_stack",
    "worker_report",
]

CLUSTER_VARIABLE = "GDGRADE_CLUSTER"
"""The environment variable that holds the scheduler's address when ``--cluster`` is not
given."""
CONNECT_SECONDS = 30.0
"""How long to try to reach the scheduler before the run fails (nothing graded)."""
WORKERS_SECONDS = 60.0
"""How long to wait for a first worker to join the scheduler."""
AHEAD_PER_THREAD = 2
"""Submissions sent ahead per worker thread: enough that no worker waits for the next
one, few enough that a class of 100,000 is never all in memory at once."""
REFRESH_SECONDS = 5.0
"""How often the number of workers (so the submissions sent ahead) is read again."""
DECIDING = ("numpy", "sympy", "hypothesis", "lark")
"""What decides a verdict besides gdgrade: a worker must have the same versions."""
NO_ISOLATION = (
    "bubblewrap (bwrap) cannot run there, so its submissions would run without isolation "
    "(install it: apt-get install bubblewrap, and run the worker as root)"
)


class WorkerRefused(RuntimeError):
    """A worker that cannot grade as this machine does (raised by its task)."""


@functools.cache
def code_digest() -> str:
    """A hash of gdgrade's code and data (its modules, bundled specs, templates), as the
    cache folder keys on it (:func:`gdgrade.grading.cache.source_digest`).

    Two installs of the same build hash alike wherever they live (a wheel, an
    editable checkout): the paths inside each package and the bytes count.
    """
    from gdgrade.grading.cache import source_digest

    return source_digest()[:12]


@functools.cache
def grader_stack() -> dict[str, str]:
    """What this process grades with: gdgrade's version and code, what decides a verdict."""
    from importlib.metadata import PackageNotFoundError, version

    import gdgrade

    stack = {"gdgrade": gdgrade.__version__, "gdgrade code": code_digest()}
    stack["python"] = f"{sys.version_info.major}.{sys.version_info.minor}"
    for name in DECIDING:
        try:
            stack[name] = version(name)
        except PackageNotFoundError:
            stack[name] = "missing"
    return stack


@functools.cache
def _isolated() -> bool:
    from gdgrade.grading.sandbox import bwrap_available

    return bwrap_available()


def worker_report() -> dict[str, Any]:
    """Run on each worker before grading: where its gdgrade is, what it grades with."""
    return {
        "gdgrade": _worker_ready(),
        "stack": grader_stack(),
        "isolated": _isolated(),
        "root": os.geteuid() == 0,
    }


def _differences(theirs: dict[str, str], mine: dict[str, str]) -> str | None:
    """What differs between a worker's stack and this machine's, in words (None: nothing)."""
    words = [
        f"{name} {theirs.get(name, 'missing')} (here {value})"
        for name, value in mine.items()
        if theirs.get(name) != value
    ]
    if not words:
        return None
    return "it grades with " + ", ".join(words)


def _refusal(report: Any, mine: dict[str, str]) -> str | None:
    """Why a worker's :func:`worker_report` (or the error it gave) refuses it."""
    if isinstance(report, BaseException):
        return f"it cannot run gdgrade ({type(report).__name__}: {report})"
    return _differences(report["stack"], mine) or (None if report["isolated"] else NO_ISOLATION)


_ONE_AT_A_TIME = threading.Lock()
"""One grading at a time per worker process, as in a local worker: a worker started
with several threads grades one submission after another (start it with
``--nthreads 1 --nworkers N`` to use N cores)."""


def _grade_remote(
    stack: dict[str, str],
    path: str,
    loaded: Any,
    spec: AssignmentSpec,
    visibilities: Sequence[str],
    variant: dict[str, Any],
    feedback: bool,
) -> tuple[str, str | None]:
    """A cluster task: refuse if this worker differs from ``stack``, else grade as locally."""
    why = _differences(grader_stack(), stack) or (None if _isolated() else NO_ISOLATION)
    if why:
        raise WorkerRefused(f"the worker {_worker_name()} is refused: {why}")
    _quiet_neighbours()
    with _ONE_AT_A_TIME:
        return _grade_worker(path, spec, visibilities, variant, feedback, loaded)


@functools.cache
def _quiet_neighbours() -> None:
    """Hypothesis warns that the ``random`` module is used inside a strategy when its global
    state changes during a draw; in a Dask worker the worker's own threads (its event
    loop) draw from it meanwhile.  Not the grader's doing: not written to its log."""
    import warnings

    warnings.filterwarnings("ignore", message="Do not use the `random` module inside strategies")


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return "(unknown)"


def _connect(address: str):
    try:
        from distributed import Client
    except ImportError:
        raise GraderFailure(
            "grading on a cluster needs Dask: pip install 'gdgrade[cluster]' (on this "
            "machine and on every worker). Nothing was graded."
        ) from None
    try:
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except Exception as exc:  # OSError, TimeoutError, a bad address (ValueError)...
        raise GraderFailure(
            f"cannot reach the Dask scheduler at {address} ({type(exc).__name__}: {exc}). "
            "Nothing was graded; start it (dask scheduler) or give its address "
            f"(--cluster tcp://HOST:8786 or ${CLUSTER_VARIABLE})."
        ) from None


def check_cluster(client, address: str) -> list[str]:
    """Refuse the run (:class:`GraderFailure`) unless every worker grades as this machine.

    Returns what the instructor should know (how many workers, one that
    grades one submission at a time although it has several threads).
    """
    try:
        client.wait_for_workers(1, timeout=WORKERS_SECONDS)
    except Exception:
        raise GraderFailure(
            f"no worker joined the Dask scheduler at {address} within {WORKERS_SECONDS:g} s. "
            f"Nothing was graded; start workers (dask worker {address} --nthreads 1 "
            "--nworkers N, as root, with gdgrade[cluster] and bubblewrap installed)."
        ) from None
    mine = grader_stack()
    reports = client.run(worker_report, on_error="return")
    refused = {worker: why for worker, report in reports.items() if (why := _refusal(report, mine))}
    if refused:
        shown = "; ".join(f"{w}: {why}" for w, why in sorted(refused.items())[:5])
        more = f" (and {len(refused) - 5} more)" if len(refused) > 5 else ""
        raise GraderFailure(
            f"{len(refused)} of the {len(reports)} workers of the Dask cluster at {address} "
            f"cannot grade as this machine does: {shown}{more}. Nothing was graded; install "
            f"the same gdgrade[cluster] and bubblewrap on every worker (this machine has "
            f"{_stack_words(mine)}), or stop those workers, then run again."
        )
    threads = client.nthreads()
    notes = [
        f"grading on the Dask cluster at {address}: {len(reports)} worker(s), "
        f"{_stack_words(mine)}, bubblewrap on each"
    ]
    shared = sorted(w for w, n in threads.items() if n > 1)
    if shared:
        notes.append(
            f"{len(shared)} worker(s) have several threads but grade one submission at a "
            "time each (as a local worker does); start them with --nthreads 1 --nworkers N "
            "to use N cores"
        )
    return notes


def _stack_words(stack: dict[str, str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in stack.items())


def grade_on_cluster(
    address: str,
    todo: Sequence[str],
    spec: AssignmentSpec,
    options: BatchOptions,
    finished: Callable[[str, SubmissionResult, str | None], None],
    *,
    on_running: Callable[[list[str]], None] | None = None,
    on_note: Callable[[str], None] | None = None,
) -> None:
    """Grade ``todo`` on the cluster at ``address``; ``finished(path, result, page)`` each,
    ``on_running`` and ``on_note`` as :func:`~gdgrade.grading.batch.grade_many`'s.

    Raises
    ------
    GraderFailure
        Nothing graded: the scheduler cannot be reached, has no worker, or a
        worker differs from this machine.  Midway (what was finished is kept):
        a worker that joined later differs, or the cluster was lost.
    """
    client = _connect(address)
    try:
        for note in check_cluster(client, address):
            if on_note:
                on_note(note)
        _Run(client, address, spec, options, finished, on_running).grade(todo)
    finally:
        client.close()


class _Run:
    """One batch on a cluster: submissions sent ahead, results taken as they finish."""

    def __init__(
        self, client, address, spec, options: BatchOptions, finished, on_running=None
    ) -> None:
        from distributed import as_completed

        self.client = client
        self.flow = as_completed(loop=client.loop)
        self.on_running = on_running
        self.address = address
        self.spec = spec
        self.options = options
        self.finished = finished
        self.token = uuid.uuid4().hex[:8]
        self.stack = grader_stack()
        self.graded = 0

    def submit(self, path: str, attempt: str = "") -> Any:
        """Read ``path`` here and send its task (None: graded here, nothing to send)."""
        try:
            loaded: Any = load_submission(path, self.spec)
        except SubmissionError as exc:
            loaded = exc  # the worker reports it as local grading would
        except Exception as exc:  # gdgrade's own failure: as a local worker's
            self.done(path, _grader_failed(path, self.spec, self.options.visibilities, exc))
            return None
        name = feedback_name(path).removesuffix(".html")
        with self.talking():
            return self.client.submit(
                _grade_remote,
                self.stack,
                path,
                loaded,
                self.spec,
                tuple(self.options.visibilities),
                self.options.variants.get(path, {}),
                self.options.feedback is not None,
                key=f"gdgrade-{name}-{self.token}{attempt}",
                retries=0,
            )

    def done(self, path: str, result: SubmissionResult, page: str | None = None) -> None:
        self.graded += 1
        self.finished(path, result, page)

    def ahead(self) -> int:
        with self.talking():
            return AHEAD_PER_THREAD * max(1, sum(self.client.nthreads().values()))

    def grade(self, todo: Sequence[str]) -> None:
        from distributed import KilledWorker

        queue = iter(todo)
        pending: dict[Any, str] = {}
        ahead, checked = self.ahead(), time.monotonic()

        def fill() -> None:
            while len(pending) < ahead:
                path = next(queue, None)
                if path is None:
                    return
                future = self.submit(path)
                if future is not None:
                    pending[future] = path
                    self.flow.add(future)

        suspects = []
        try:
            fill()
            while pending:
                for future in self.settled(pending):
                    path = pending.pop(future)
                    if isinstance(self.take(future, path), KilledWorker):
                        suspects.append(path)
                if time.monotonic() - checked > REFRESH_SECONDS:
                    ahead, checked = self.ahead(), time.monotonic()
                fill()
        except BaseException:
            with contextlib.suppress(Exception):  # a cluster that is gone has nothing to cancel
                self.client.cancel(list(pending))
            raise
        # A task whose workers all died may only have shared them with the submission
        # that killed them: each is graded again alone, and only one that kills its
        # worker then too is reported so.
        for path in suspects:
            future = self.submit(path, "-alone")
            if future is None:
                continue
            self.flow.add(future)
            while not self.settled({future: path}):
                pass
            killed = self.take(future, path)
            if killed is not None:
                times = killed.allowed_failures + 1
                self.done(
                    path,
                    _lost(
                        path,
                        self.spec,
                        self.options.visibilities,
                        f"it killed its grading worker {times} times (each worker that graded "
                        "it died: a crash, or the machine's memory killer; see the workers' "
                        "logs)",
                    ),
                )

    def settled(self, pending: dict[Any, str]) -> list[Any]:
        """The tasks that have settled, after a second at most; meanwhile ``on_running`` is
        told which submissions of ``pending`` the workers are grading."""
        deadline = time.monotonic() + 1.0
        while not self.flow.has_ready() and time.monotonic() < deadline:
            time.sleep(0.02)
        done = self.flow.next_batch(block=False) if self.flow.has_ready() else []
        if self.on_running is not None:
            with self.talking():
                processing = self.client.processing()
            graded = {str(k) for keys in processing.values() for k in keys}
            self.on_running([p for f, p in pending.items() if str(f.key) in graded])
        return done

    @contextlib.contextmanager
    def talking(self):
        """Talking to the scheduler: a connection that breaks (it is gone) is :meth:`lost`,
        and so is a task cancelled under us (the client cancels every task when its
        scheduler goes away, between a task's status and its result)."""
        try:
            yield
        except OSError as exc:  # distributed's CommClosedError, a timeout...
            raise self.lost(f"{type(exc).__name__}: {exc}") from None
        except CancelledError as exc:  # distributed's FutureCancelledError
            raise self.lost(f"{type(exc).__name__}: {exc or 'a task was cancelled'}") from None

    def lost(self, why: str) -> GraderFailure:
        """The run stops: the cluster is gone, what was graded on it is kept."""
        return GraderFailure(
            f"the Dask cluster at {self.address} was lost midway ({why}). The {self.graded} "
            f"submission(s) graded on it are kept in {self.options.json_out}; run the same "
            "command again to grade the rest."
        )

    def take(self, future, path: str) -> BaseException | None:
        """Hand a settled task's result to the batch; return the ``KilledWorker`` it ended
        with instead, if its workers all died (its result is then still to come)."""
        from distributed import KilledWorker

        while True:
            if future.status == "finished":
                import json

                with self.talking():
                    data, page = future.result()
                self.done(path, SubmissionResult.from_json(json.loads(data)), page)
                return None
            if future.status == "cancelled":
                raise self.lost(f"the task of {path} was cancelled")
            with self.talking():
                exc = future.exception()  # waits while a lost result is computed again
            if exc is not None:
                break
            # No exception: the task finished after all.  Its result was lost with a
            # worker that died after the task settled, and was computed again meanwhile.
        if isinstance(exc, KilledWorker):
            return exc
        if isinstance(exc, (WorkerRefused, ImportError)):
            raise GraderFailure(
                f"a worker of the Dask cluster at {self.address} cannot grade as this machine "
                f"does ({exc}). The {self.graded} submission(s) graded before it are kept in "
                f"{self.options.json_out}; stop that worker, or install the same "
                "gdgrade[cluster] and bubblewrap on it, then run the same command again."
            )
        self.done(path, _grader_failed(path, self.spec, self.options.visibilities, exc))
        return None
