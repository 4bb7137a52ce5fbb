"""Grading on a Dask cluster (issue 15): the same results as local grading, nothing lost
when a worker dies, a submission that kills its worker every time bounded, and a
worker that would grade otherwise (another gdgrade, no bubblewrap) refused first.

Every test starts its own ``distributed.LocalCluster`` of separate worker processes
on this machine (``.ci/run`` starts nothing): the workers reach gdgrade the way a
``dask worker`` on another machine does, by importing it, and the submissions'
files reach them only inside their tasks.
"""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from importlib import resources
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from distributed import Client, LocalCluster  # noqa: E402

from gdgrade.grading.batch import BatchOptions, GraderFailure, feedback_name, grade_many  # noqa: E402
from gdgrade.grading.reports.files import read_results  # noqa: E402
from gdgrade.grading.spec import load_spec  # noqa: E402

from .test_batch import HOSTILE, SPEC, _class, _notebook_of  # noqa: E402
from .zoo import CORRECT, wrong_source  # noqa: E402

pytestmark = pytest.mark.slow

GDGRADE = str(Path(sys.executable).with_name("gdgrade"))


def _local_cluster(where: Path, n_workers: int = 2) -> LocalCluster:
    """Worker processes of their own, their scratch folders in ``where`` (a worker killed
    with SIGKILL leaves its folder behind)."""
    return LocalCluster(
        n_workers=n_workers,
        local_directory=str(where / "dask"),
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        host="127.0.0.1",
    )


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with _local_cluster(tmp_path_factory.mktemp("cluster")) as made:
        yield made


@pytest.fixture()
def spec(tmp_path):
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "assignment.toml").write_text(SPEC)
    return load_spec(tmp_path / "spec")


def _checks(result) -> list[tuple]:
    """Everything a check says, execution times aside."""
    return [
        (
            t.id,
            t.outcome.status,
            t.points,
            t.max_points,
            t.outcome.message,
            t.outcome.hint,
            t.outcome.mistake,
            json.dumps(t.outcome.counterexample, sort_keys=True),
        )
        for t in result.tests
    ]


def _same_results(local, remote) -> None:
    assert [r.submission for r in remote] == [r.submission for r in local]
    for a, b in zip(local, remote, strict=True):
        assert _checks(b) == _checks(a), a.submission
        assert (b.score, b.grading_status, b.problems) == (a.score, a.grading_status, a.problems)
        assert (b.fingerprint, b.curve, b.output) == (a.fingerprint, a.curve, a.output)
        assert b.isolated == a.isolated


# -- the same results as local grading ------------------------------------------------------


def test_the_demo_set_grades_the_same_on_a_cluster_as_locally(cluster, tmp_path):
    """``gdgrade grade`` of the bundled demo class, locally and with $GDGRADE_CLUSTER: every
    check of every submission the same, the same CSV rows and the same feedback pages."""
    demo = Path(str(resources.files("gdgrade.grading") / "data" / "demo"))
    shutil.copytree(demo, tmp_path / "demo", ignore=shutil.ignore_patterns("__pycache__"))
    paths = sorted(f"demo/{p.name}" for p in (tmp_path / "demo").iterdir() if p.is_dir())
    assert len(paths) >= 9

    def _outputs(name: str) -> list[str]:
        return ["--json", f"{name}.json", "--csv", f"{name}.csv", "--feedback", f"{name}-feedback"]

    def run(name: str, env: dict[str, str]) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [GDGRADE, "grade", *paths, "--assignment", "adaline-gd", *_outputs(name)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        return done

    env = {k: v for k, v in os.environ.items() if k != "GDGRADE_CLUSTER"}
    local = run("local", env)
    remote = run("cluster", {**env, "GDGRADE_CLUSTER": cluster.scheduler_address})
    assert f"grading on the Dask cluster at {cluster.scheduler_address}: 2 worker(s)" in (
        " ".join(remote.stderr.split())
    )
    assert "grading on the Dask cluster" not in local.stderr

    mine = [read_results(tmp_path / f"{n}.json") for n in ("local", "cluster")]
    _same_results([mine[0][p] for p in paths], [mine[1][p] for p in paths])
    assert {r.score for r in mine[0].values()} != {29.0}  # wrong ones among them
    # the class table and its summary line, times aside
    assert (
        local.stdout.split("graded 9 submission(s) in")[0]
        == (remote.stdout.split("graded 9 submission(s) in")[0])
    )

    def rows(name: str) -> list[dict[str, str]]:
        with open(tmp_path / f"{name}.csv", newline="", encoding="utf-8") as fh:
            return [{k: v for k, v in row.items() if "time" not in k} for row in csv.DictReader(fh)]

    assert rows("cluster") == rows("local")
    pages = {
        n: {p.name: p.read_bytes() for p in (tmp_path / f"{n}-feedback").iterdir()}
        for n in ("local", "cluster")
    }
    assert len(pages["local"]) == len(paths) + 1  # one per submission and the class page
    assert pages["cluster"] == pages["local"]  # learning curves drawn alike, byte for byte


def test_the_hostile_set_grades_the_same_on_a_cluster_as_locally(cluster, tmp_path, spec):
    """Submissions that hang, exit, eat memory, kill their parent or forge output, file
    names that are not UTF-8, messages with lone surrogates, a notebook, links and a FIFO
    (read on this machine, refused before anything travels): the same result each way."""
    sources = {
        "a-correct": CORRECT,
        **HOSTILE,
        os.fsdecode(b"b-\xff\xfe-not-utf8"): CORRECT,
        "e-surrogate": CORRECT.replace(
            "def gradient(X, y, w):\n",
            "def gradient(X, y, w):\n    raise ValueError('\\ud800 [/link] \\x1b[2J =1+1')\n",
        ),
        "f-ansi": "print('\\x1b[2J\\r\\x1b[31m=SUM(A1)')\n" + CORRECT,
        "g-wrong": wrong_source("update-ascent"),
    }
    paths = _class(tmp_path, sources)
    root = tmp_path / "class"
    (root / "h-notebook").mkdir()
    _notebook_of(CORRECT, root / "h-notebook" / "adaline.ipynb")
    (root / "i-link-to-passwd").mkdir()
    os.symlink("/etc/passwd", root / "i-link-to-passwd" / "adaline.ipynb")
    (root / "j-fifo").mkdir()
    os.mkfifo(root / "j-fifo" / "adaline.ipynb")
    (root / "k-helper").mkdir()
    (root / "k-helper" / "helpers.py").write_text("def grad_of(X, e):\n    return X.T.dot(e)\n")
    (root / "k-helper" / "adaline.py").write_text(
        CORRECT.replace(
            "    return -np.concatenate([[errors.sum()], X.T.dot(errors)])\n",
            "    from helpers import grad_of\n\n"
            "    return -np.concatenate([[errors.sum()], grad_of(X, errors)])\n",
        )
    )
    paths += [str(root / n) for n in ("h-notebook", "i-link-to-passwd", "j-fifo", "k-helper")]
    paths.append(str(root / "z-missing"))

    local, _ = grade_many(paths, spec, BatchOptions(json_out=tmp_path / "local.json", jobs=2))
    options = BatchOptions(json_out=tmp_path / "cluster.json", cluster=cluster.scheduler_address)
    notes: list[str] = []
    remote, reused = grade_many(paths, spec, options, on_note=notes.append)
    assert reused == 0 and notes
    _same_results(local, remote)
    by_name = {os.path.basename(r.submission): r for r in remote}
    assert by_name["a-correct"].score == by_name["k-helper"].score == spec.max_score
    assert by_name["h-notebook"].score == spec.max_score
    assert by_name["b-\udcff\udcfe-not-utf8"].score == spec.max_score
    assert by_name["g-wrong"].score < spec.max_score
    assert by_name["i-link-to-passwd"].score == by_name["j-fifo"].score == 0
    assert by_name["hangs-at-import"].grading_status == "not-graded"
    assert all(r.isolated for r in remote if r.output or r.score)  # graded in bubblewrap
    assert [d["submission"] for d in json.loads((tmp_path / "cluster.json").read_text())] == (paths)


def test_results_graded_locally_are_kept_on_the_cluster_and_the_rest_graded(
    cluster, tmp_path, spec
):
    """Resuming is keyed as locally: what one run finished is not sent to the cluster again."""
    paths = _class(tmp_path, {f"s{i}": CORRECT for i in range(4)})
    out = tmp_path / "results.json"
    grade_many(paths[:2], spec, BatchOptions(json_out=out, jobs=1))
    options = BatchOptions(json_out=out, cluster=cluster.scheduler_address)
    results, reused = grade_many(paths, spec, options)
    assert reused == 2
    assert [r.score for r in results] == [spec.max_score] * 4
    _, reused = grade_many(paths, spec, options)
    assert reused == 4


def test_a_failure_of_gdgrade_on_a_worker_is_not_the_students_zero(cluster, tmp_path, spec):
    """gdgrade raising inside a worker's task: 'grader-error' for that submission only."""
    paths = _class(tmp_path, {"ann": CORRECT, "bob": CORRECT})

    def break_grading(name: str) -> None:
        from gdgrade.grading import runner

        real = runner.grade_submission

        def broken(path, *args, **kwargs):
            if path.endswith(name):
                raise ZeroDivisionError("a bug in gdgrade")
            return real(path, *args, **kwargs)

        broken.real = real
        runner.grade_submission = broken

    def mend() -> None:
        from gdgrade.grading import runner

        real = getattr(runner.grade_submission, "real", None)
        if real is not None:
            runner.grade_submission = real

    with Client(cluster.scheduler_address) as client:
        client.run(break_grading, "bob")
        try:
            options = BatchOptions(json_out=tmp_path / "r.json", cluster=cluster.scheduler_address)
            ann, bob = grade_many(paths, spec, options)[0]
        finally:
            client.run(mend)
    assert ann.score == spec.max_score and ann.grading_status == "graded"
    assert bob.grading_status == "grader-failed"
    assert {t.outcome.status for t in bob.tests} == {"grader-error"}
    assert "ZeroDivisionError('a bug in gdgrade')" in bob.problems[0]


def test_a_worker_that_differs_midway_stops_the_run_keeping_what_was_graded(
    cluster, tmp_path, spec, monkeypatch
):
    """A worker that joined after the preflight refuses its task: the run stops with the
    reason, nothing is graded by that worker, and what was finished before stays."""
    from gdgrade.grading import cluster as on_cluster

    paths = _class(tmp_path, {f"s{i}": CORRECT for i in range(3)})
    out = tmp_path / "r.json"
    grade_many(paths[:1], spec, BatchOptions(json_out=out, jobs=1))
    mine = dict(on_cluster.grader_stack())
    monkeypatch.setattr(on_cluster, "check_cluster", lambda client, address: [])
    monkeypatch.setattr(on_cluster, "grader_stack", lambda: {**mine, "gdgrade": "9.9.9"})
    options = BatchOptions(json_out=out, cluster=cluster.scheduler_address)
    with pytest.raises(GraderFailure) as failed:
        grade_many(paths, spec, options)
    said = " ".join(str(failed.value).split())
    assert "cannot grade as this machine does" in said
    assert f"it grades with gdgrade {mine['gdgrade']} (here 9.9.9)" in said
    assert "run the same command again" in said
    assert set(read_results(out)) == {paths[0]}


# -- workers that die -----------------------------------------------------------------------


def _grade_in_thread(paths, spec, options, **callbacks):
    box: dict = {}

    def run() -> None:
        try:
            box["results"] = grade_many(paths, spec, options, **callbacks)
        except BaseException as exc:  # handed to the test below
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, box


def test_a_worker_killed_midway_loses_nothing(tmp_path, spec):
    """SIGKILL a worker while it grades: its submission is graded again on another worker,
    and every submission of the class ends graded, with its full score."""
    slow = "import time\ntime.sleep(2)\n" + CORRECT  # the import takes 2 s: time to kill it
    paths = _class(tmp_path, {f"s{i}": slow for i in range(6)})
    out = tmp_path / "results.json"
    with _local_cluster(tmp_path) as cluster, Client(cluster.scheduler_address) as client:
        options = BatchOptions(json_out=out, cluster=cluster.scheduler_address)
        shown: list[list[str]] = []
        thread, box = _grade_in_thread(paths, spec, options, on_running=shown.append)
        victim, deadline = None, time.monotonic() + 120
        while victim is None and time.monotonic() < deadline:
            busy = {w: ks for w, ks in client.processing().items() if ks}
            if busy:
                worker = sorted(busy)[0]
                time.sleep(1.0)  # inside the submission's import by now
                keys = client.processing().get(worker, ())
                if keys:
                    victim = (worker, keys)
            time.sleep(0.1)
        assert victim is not None, "no submission was being graded"
        worker, keys = victim
        pid = client.run(os.getpid, workers=[worker])[worker]
        os.kill(pid, signal.SIGKILL)
        thread.join(timeout=300)
        assert not thread.is_alive()
        assert "error" not in box, box.get("error")
        assert worker not in client.scheduler_info()["workers"]  # it did die
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    interrupted = [p for p in paths if any(feedback_name(p)[:-5] in k for k in keys)]
    assert interrupted, keys
    results, reused = box["results"]
    assert reused == 0
    assert [r.score for r in results] == [spec.max_score] * len(paths)
    assert {r.grading_status for r in results} == {"graded"}
    assert set(read_results(out)) == set(paths)
    # the progress bar was told which submissions the workers were grading
    assert any(shown) and all(set(running) <= set(paths) for running in shown)


def test_a_lost_scheduler_stops_the_run_and_the_next_run_grades_the_rest(
    tmp_path, spec, monkeypatch
):
    """The scheduler goes away after the first result: the run stops saying so, what was
    finished is in the results, and the same call on another cluster grades only the rest."""
    from gdgrade.grading import cluster as on_cluster

    monkeypatch.setattr(on_cluster, "CONNECT_SECONDS", 5.0)  # how long it tries to reconnect
    slow = "import time\ntime.sleep(2)\n" + CORRECT
    paths = _class(tmp_path, {f"s{i}": slow for i in range(6)})
    out = tmp_path / "results.json"
    first = threading.Event()
    with _local_cluster(tmp_path / "one") as cluster:
        options = BatchOptions(json_out=out, cluster=cluster.scheduler_address)
        thread, box = _grade_in_thread(paths, spec, options, on_result=lambda *_: first.set())
        assert first.wait(timeout=180), "nothing was graded"
        cluster.sync(cluster.scheduler.close)
        thread.join(timeout=120)
        assert not thread.is_alive()
    assert isinstance(box.get("error"), GraderFailure), box
    said = " ".join(str(box["error"]).split())
    assert f"the Dask cluster at {options.cluster} was lost midway" in said
    assert "run the same command again to grade the rest" in said
    kept = read_results(out)
    assert 1 <= len(kept) < len(paths)
    with _local_cluster(tmp_path / "two") as cluster:
        options = BatchOptions(json_out=out, cluster=cluster.scheduler_address)
        results, reused = grade_many(paths, spec, options)
    assert reused == len(kept)
    assert [r.score for r in results] == [spec.max_score] * len(paths)


def test_a_result_lost_with_its_worker_and_computed_again_is_taken(tmp_path, spec):
    """A task seen settled whose result is then lost with its worker goes back to pending
    and is computed again: its result is taken when it comes, never a grader failure."""
    import json

    from gdgrade.grading import cluster as on_cluster

    path = _class(tmp_path, {"s0": CORRECT})[0]
    graded = grade_many([path], spec, BatchOptions(json_out=tmp_path / "local.json"))[0][0]

    class LostThenRecomputed:
        status = "lost"
        key = "gdgrade-s0"

        def exception(self):
            self.status = "finished"  # waited while it was computed again, without error
            return None

        def result(self):
            return json.dumps(graded.to_json()), None

    run = object.__new__(on_cluster._Run)
    run.address, run.graded, run.spec = "tcp://here:8786", 0, spec
    run.options = BatchOptions(json_out=tmp_path / "results.json")
    taken = []
    run.finished = lambda p, result, page: taken.append((p, result))
    assert run.take(LostThenRecomputed(), path) is None
    ((where, result),) = taken
    assert where == path and result.grading_status == graded.grading_status
    assert result.score == spec.max_score


def test_a_task_cancelled_as_the_scheduler_goes_is_a_lost_cluster(tmp_path):
    """The client cancels every task when its scheduler goes away; a task seen settled
    just before then raises FutureCancelledError when its result is asked: the run stops
    as a lost cluster (what was graded kept), never with Dask's exception."""
    from distributed.client import FutureCancelledError

    from gdgrade.grading import cluster as on_cluster

    class CancelledUnderUs:
        status = "error"
        key = "gdgrade-s0"

        def exception(self):
            raise FutureCancelledError(self.key, reason="scheduler-connection-lost")

        def result(self):
            raise FutureCancelledError(self.key, reason="scheduler-connection-lost")

    run = object.__new__(on_cluster._Run)
    run.address, run.graded = "tcp://gone:8786", 3
    run.options = BatchOptions(json_out=tmp_path / "results.json")
    for status in ("error", "finished"):
        CancelledUnderUs.status = status
        with pytest.raises(GraderFailure) as stopped:
            run.take(CancelledUnderUs(), "s0")
        said = " ".join(str(stopped.value).split())
        assert "the Dask cluster at tcp://gone:8786 was lost midway" in said
        assert "The 3 submission(s) graded on it are kept" in said


def _killer_plugin(marker: str):
    """A worker plugin that kills its worker as a task of ``marker``'s submission starts,
    as a crash of the grading process or the machine's memory killer would."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class KillsItsWorker(WorkerPlugin):
        name = "kills-its-worker"

        def transition(self, key, start, finish, **kwargs):
            if finish == "executing" and marker in str(key):
                os.kill(os.getpid(), signal.SIGKILL)

    return KillsItsWorker()


def test_a_submission_that_kills_its_worker_every_time_is_bounded(tmp_path, spec):
    """Its workers die each time it is graded: after allowed-failures + 1 deaths, and as
    many again graded alone, it is 'not graded: it killed its grading worker N times';
    the submissions that shared its workers are graded as usual."""
    import dask

    paths = _class(tmp_path, {f"s{i}": CORRECT for i in range(4)})
    paths += _class(tmp_path / "x", {"kills-its-worker": CORRECT})
    out = tmp_path / "results.json"
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        with _local_cluster(tmp_path) as cluster, Client(cluster.scheduler_address) as client:
            client.register_plugin(_killer_plugin("kills-its-worker"))
            options = BatchOptions(json_out=out, cluster=cluster.scheduler_address)
            results, _ = grade_many(paths, spec, options)
    by_name = {os.path.basename(r.submission): r for r in results}
    killer = by_name.pop("kills-its-worker")
    assert [r.score for r in by_name.values()] == [spec.max_score] * 4
    assert killer.grading_status == "not-graded"
    said = "it killed its grading worker 2 times"
    assert killer.problems[0].startswith(said)
    assert killer.status_line.startswith(f"not graded: {said}")
    assert {t.outcome.status for t in killer.tests} == {"error"}
    assert all(t.outcome.message.startswith(f"not graded: {said}") for t in killer.tests)
    assert read_results(out)[paths[-1]].problems == killer.problems


# -- workers refused before grading ---------------------------------------------------------


def _gdgrade_copy(target: Path, version: str) -> Path:
    """gdgrade's packages copied into ``target`` as one installed tree, another version."""
    import gdgrade
    import gdgrade.assignments
    import gdgrade.grading
    import gdgrade.reference

    ignore = shutil.ignore_patterns("__pycache__")
    for module, where in (
        (gdgrade, "gdgrade"),
        (gdgrade.grading, "gdgrade/grading"),
        (gdgrade.reference, "gdgrade/reference"),
        (gdgrade.assignments, "gdgrade/assignments"),
    ):
        shutil.copytree(module.__path__[0], target / where, ignore=ignore, dirs_exist_ok=True)
    init = target / "gdgrade" / "__init__.py"
    init.write_text(init.read_text().replace(gdgrade.__version__, version))
    return target


def _dask_worker(address: str, env: dict[str, str], scratch: Path, prefix: tuple[str, ...] = ()):
    command = [*prefix, sys.executable, "-m", "distributed.cli.dask_worker", address]
    command += ["--nthreads", "1", "--no-nanny", "--no-dashboard", "--host", "127.0.0.1"]
    command += ["--local-directory", str(scratch)]
    return subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _can_hide_bwrap() -> bool:
    bwrap = shutil.which("bwrap")
    if os.geteuid() != 0 or bwrap is None or shutil.which("unshare") is None:
        return False
    probe = ["unshare", "--mount", "--", "mount", "--bind", "/dev/null", bwrap]
    return subprocess.run(probe, capture_output=True).returncode == 0


def test_workers_with_another_gdgrade_or_without_bubblewrap_are_refused_first(tmp_path):
    """Two real ``dask worker`` processes join a cluster of one good worker: one imports a
    gdgrade of another version, one cannot run bubblewrap (hidden from it in its own mount
    namespace).  ``gdgrade grade --cluster`` exits 2 naming both and why, grading nothing."""
    if not _can_hide_bwrap():
        pytest.skip("hiding bubblewrap from a worker needs root, unshare and bwrap")
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "assignment.toml").write_text(SPEC)
    paths = _class(tmp_path, {"ann": CORRECT})
    site = _gdgrade_copy(tmp_path / "site", "0.0.1+other")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GDGRADE_CLUSTER")}
    bwrap = shutil.which("bwrap")
    hide = ("unshare", "--mount", "--", "sh", "-c", f'mount --bind /dev/null {bwrap} && exec "$@"')
    with _local_cluster(tmp_path, 1) as cluster, Client(cluster.scheduler_address) as client:
        address = cluster.scheduler_address
        scratch = tmp_path / "dask"
        workers = [
            _dask_worker(address, {**env, "PYTHONPATH": str(site)}, scratch),
            _dask_worker(address, env, scratch, (*hide, "sh")),
        ]
        try:
            client.wait_for_workers(3, timeout=120)
            command = [GDGRADE, "grade", *paths, "--assignment", str(tmp_path / "spec")]
            done = subprocess.run(
                [*command, "--json", str(tmp_path / "r.json"), "--cluster", address],
                capture_output=True,
                text=True,
                timeout=300,
                env=env,
            )
        finally:
            for worker in workers:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
    assert done.returncode == 2, done.stdout + done.stderr
    message = " ".join(done.stderr.split())
    assert f"gdgrade: error: 2 of the 3 workers of the Dask cluster at {address}" in message
    assert "it grades with gdgrade 0.0.1+other (here 0.1.0)" in message
    assert "bubblewrap (bwrap) cannot run there" in message
    assert "Nothing was graded" in message
    assert not (tmp_path / "r.json").exists() or read_results(tmp_path / "r.json") == {}


def test_no_scheduler_or_no_dask_is_said_before_grading(tmp_path, spec, monkeypatch):
    from gdgrade.grading import cluster

    paths = _class(tmp_path, {"ann": CORRECT})
    options = BatchOptions(json_out=tmp_path / "r.json", cluster="tcp://127.0.0.1:9")
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 2.0)
    with pytest.raises(
        GraderFailure, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"
    ):
        grade_many(paths, spec, options)
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(GraderFailure, match=r"pip install 'gdgrade\[cluster\]'"):
        grade_many(paths, spec, options)
    assert read_results(tmp_path / "r.json") == {}
