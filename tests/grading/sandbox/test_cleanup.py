"""Leftover sandbox folders: removed by a later run, never charged to its students.

The leftovers are planted in a temporary folder of the tests' own: a grader of an
older gdgrade sweeping the machine's /tmp would fail on them and, doing so, make
/tmp itself 0700 (its shutil.rmtree error handler changed the mode of the parent
of what it could not remove).
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from gdgrade.grading.sandbox import Sandbox, session
from gdgrade.grading.sandbox.removal import remove_tree
from gdgrade.grading.sandbox.session import sweep_stale_folders


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def _leftover(outside: Path, pid: int | None = None) -> Path:
    """A sandbox folder as a grader killed with SIGKILL leaves it: a 3,000-deep chain,
    a chmod 000 folder, links to ``outside``."""
    building = Path(tempfile.mkdtemp(prefix="building-"))
    work = building / "work"
    work.mkdir()
    fd = os.open(work, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(3000):
        os.mkdir("d", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = inner
    os.symlink(outside, "link", dir_fd=fd)
    os.close(fd)
    (work / "locked").mkdir()
    os.symlink(outside / "keep.txt", work / "locked" / "link")
    (work / "locked").chmod(0)
    # Named as a sandbox folder only once whole: a sweep of any grader may take it then.
    root = building.with_name(f"gdgrade-sandbox-{pid or _dead_pid()}-{building.name[-8:]}")
    building.rename(root)
    return root


@pytest.fixture(autouse=True)
def private_tmp(monkeypatch, tmp_path_factory):
    """The temporary folder of sandboxes and sweeps, for these tests alone (a short path:
    multiprocessing's sockets live there too)."""
    from gdgrade.grading.sandbox import zygote

    tmp_path_factory.getbasetemp()  # pytest's own folders stay where they are
    folder = Path(tempfile.mkdtemp(prefix="gdgrade-test-"))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    zygotes: dict = {}  # whose nurseries are made here: stopped (and unmounted) at the end
    monkeypatch.setattr(zygote, "_zygotes", zygotes)
    yield folder
    for each in zygotes.values():
        each.close()
    monkeypatch.undo()
    assert remove_tree(folder)


@pytest.fixture
def outside(tmp_path):
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep")
    yield folder
    assert (folder / "keep.txt").read_text() == "keep"


def test_a_dead_graders_folder_is_swept(outside):
    leftover = _leftover(outside)
    sweep_stale_folders()
    assert not leftover.exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root mounts the folder's tmpfs")
def test_a_dead_graders_bounded_folder_is_unmounted_and_swept(outside):
    from gdgrade.grading.sandbox.quota import limit_folder

    root = _leftover(outside)
    (root / "bounded").mkdir()
    assert limit_folder(root / "bounded", 1 << 20, 100)  # a sandbox's tmpfs (quota.py)
    (root / "bounded" / "left.txt").write_text("x")
    sweep_stale_folders()
    assert not root.exists()
    with open("/proc/self/mountinfo") as handle:
        assert str(root) not in handle.read()


def test_a_live_folder_is_never_swept(outside):
    locked = _leftover(outside)  # its grader's pid is gone, but a sandbox holds its lock
    fd = os.open(locked, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    sleeper = subprocess.Popen(["sleep", "60"])
    alive = _leftover(outside, sleeper.pid)  # not locked, but its grader's pid is alive
    try:
        sweep_stale_folders()
        assert locked.exists() and alive.exists()
    finally:
        os.close(fd)
        sleeper.kill()
        sleeper.wait()
    sweep_stale_folders()
    assert not locked.exists() and not alive.exists()


def test_the_sweep_runs_beside_the_grading_not_inside_it(outside, monkeypatch, kit):
    """The cause of issue 10's attack 3: the first sandbox of every process removed the
    leftovers itself, so shutil.rmtree's RecursionError on a deep tree was raised into
    that student's grading ("the grader failed on this submission"), on every run."""
    started, release = threading.Event(), threading.Event()

    def slow_sweep() -> int:
        started.set()
        release.wait(30)
        raise RuntimeError("a sweep that fails fails alone")

    monkeypatch.setattr(session, "_swept", False)
    monkeypatch.setattr(session, "sweep_stale_folders", slow_sweep)
    monkeypatch.setattr(threading, "excepthook", lambda args: None)
    with Sandbox({"adaline.py": kit.CORRECT}, limits=kit.FAST) as box:
        assert started.wait(10)
        assert box.call("activation", 2.0).value == 2.0  # while the sweep is still running
    with Sandbox({"adaline.py": kit.CORRECT}, limits=kit.FAST) as box:
        assert box.call("activation", 3.0).value == 3.0
    release.set()
    for thread in threading.enumerate():
        if thread.name == "gdgrade-sweep":
            thread.join()


GRADE = """
import json, sys
from gdgrade.grading.batch import BatchOptions, grade_many
from gdgrade.grading.spec import load_spec
spec = load_spec(sys.argv[1])
results, _ = grade_many(sys.argv[3:], spec, BatchOptions(json_out=sys.argv[2], jobs=2))
print(json.dumps([[result.score, spec.max_score] for result in results]))
"""


@pytest.mark.slow
def test_a_leftover_never_changes_the_next_grade(outside, tmp_path, private_tmp):
    """Issue 10, attack 3, end to end: a run of two workers after a run that left a deep
    tree behind; before the fix the first submission of each worker got 0."""
    from ..zoo import CORRECT

    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "assignment.toml").write_text(SPEC)
    paths = []
    for name in ("first", "second", "third"):
        (tmp_path / "class" / name).mkdir(parents=True)
        (tmp_path / "class" / name / "adaline.py").write_text(CORRECT)
        paths.append(str(tmp_path / "class" / name))
    leftover = _leftover(outside)
    done = subprocess.run(  # a grader of its own, whose workers use the private folder
        [sys.executable, "-c", GRADE, str(tmp_path / "spec"), str(tmp_path / "r.json"), *paths],
        env={**os.environ, "TMPDIR": str(private_tmp)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout.splitlines()[-1])
    assert scores == [[3, 3]] * 3
    sweep_stale_folders()  # the workers' sweep may have been cut short when they exited
    assert not leftover.exists()


SPEC = """
name = "mini"
classes = ["AdalineGD"]
[limits]
call_seconds = 5.0
import_seconds = 10.0
[properties]
max_examples = 3
[[checks]]
id = "gradient"
points = 2
[[checks]]
id = "update"
"""
