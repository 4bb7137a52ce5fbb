"""Warm starts: servers forked from one zygote stay apart, and a zygote that fails costs
time, never a result."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import numpy as np
import pytest

import gdgrade.reference as ref
from gdgrade.grading.sandbox import Sandbox, _child, bwrap_available, zygote
from gdgrade.grading.sandbox.bwrap import MOUNT
from gdgrade.grading.sandbox.zygote import ZYGOTE_MOUNT

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not bwrap_available(),
    reason="warm starts are used when the grader is root and bubblewrap works",
)

NOSY = b'''
import ctypes, os, signal
import numpy as np

def probe(paths):
    """1 where the path could be read, listed or written, else 0."""
    seen = []
    for path in paths:
        try:
            if path.endswith("/"):
                os.listdir(path)
            elif path.endswith(".new"):
                with open(path, "w") as handle:
                    handle.write("x")
            else:
                with open(path) as handle:
                    handle.read()
            seen.append(1)
        except OSError:
            seen.append(0)
    return np.array(seen)

def kill_everyone():
    """Signal every process this one sees but itself: how many signals were delivered."""
    delivered = 0
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) != os.getpid():
            try:
                os.kill(int(name), signal.SIGKILL)
                delivered += 1
            except OSError:
                pass
    return delivered

def leave_ipc():
    """Two semaphore sets, left behind: their ids, or -1 and the error (System V objects of
    every kind are refused, see hostile/memory_outside_limits.py and talks_to_others.py)."""
    libc = ctypes.CDLL(None, use_errno=True)
    made = [libc.semget(0, 4, 0o1666), libc.semget(0, 2, 0o1666)]  # IPC_PRIVATE
    return np.array([*made, ctypes.get_errno()])

def ipc_rows():
    """How many System V objects this IPC namespace holds (shared memory, semaphores)."""
    rows = 0
    for kind in ("shm", "sem", "msg"):
        with open("/proc/sysvipc/" + kind) as handle:
            rows += len(handle.readlines()) - 1
    return rows
'''

PATCHER = b"""
import builtins
import numpy as np
np.dot = lambda *args: 0.0
np.sum = None
builtins.len = lambda value: 0

def gradient(X, y, w):
    return np.zeros(len(w) + 3)
"""


def test_servers_are_forked_from_the_thread_s_zygote(own_zygotes, kit):
    boxes = [Sandbox({"adaline.py": kit.CORRECT}, limits=kit.FAST) for _ in range(3)]
    try:
        X, y, w = kit.data()
        for box in boxes:
            result = box.call("gradient", X, y, w)
            assert result.ok, result.message
            np.testing.assert_allclose(result.value, ref.gradient(X, y, w))
            assert box.inside.startswith(ZYGOTE_MOUNT + "/"), box.inside
        assert len(own_zygotes) == 1  # one zygote for the thread, three servers
        assert len({box.uid for box in boxes}) == 3
    finally:
        for box in boxes:
            box.close()


def test_warm_servers_cannot_reach_each_other_or_the_zygote(own_zygotes, kit):
    with (
        Sandbox({"adaline.py": NOSY}, limits=kit.FAST) as nosy,
        Sandbox({"adaline.py": kit.CORRECT, "secret.txt": b"42"}, limits=kit.FAST) as other,
    ):
        X, y, w = kit.data()
        assert other.call("gradient", X, y, w).ok
        assert nosy.start().ok
        paths = [
            f"{ZYGOTE_MOUNT}/",  # the nursery: crossed, never listed
            f"{other.inside}/",
            f"{other.inside}/secret.txt",
            f"{other.inside}/planted.new",
            f"{ZYGOTE_MOUNT}/planted.new",
            f"{nosy.inside}/adaline.py",  # its own folder: the control
        ]
        assert nosy.call("probe", paths).value.tolist() == [0, 0, 0, 0, 0, 1]
        assert nosy.call("kill_everyone").value == 0  # the zygote is root, the other server
        result = other.call("gradient", X, y, w)  # is another uid: both still answer
        assert result.ok, result.message
        np.testing.assert_allclose(result.value, ref.gradient(X, y, w))
        assert not (other.folder / "planted.new").exists()
    with Sandbox({"adaline.py": kit.CORRECT}, limits=kit.FAST) as after:
        assert after.call("gradient", X, y, w).ok
        assert after.inside.startswith(ZYGOTE_MOUNT)  # the same zygote forks on


def test_what_a_server_patches_stays_in_it(own_zygotes, kit):
    X, y, w = kit.data()
    with Sandbox({"adaline.py": PATCHER}, limits=kit.FAST) as patcher:
        assert patcher.call("gradient", X, y, w).value.shape == (3,)  # len() patched: 0 + 3
    with Sandbox({"adaline.py": kit.CORRECT}, limits=kit.FAST) as after:
        result = after.call("gradient", X, y, w)
        assert result.ok, result.message
        np.testing.assert_allclose(result.value, ref.gradient(X, y, w))
        assert after.inside.startswith(ZYGOTE_MOUNT)


def test_a_server_leaves_no_ipc_objects(own_zygotes, kit):
    import errno

    with Sandbox({"adaline.py": NOSY}, limits=kit.FAST) as first:
        assert first.inside.startswith(ZYGOTE_MOUNT)
        before = first.call("ipc_rows").value
        assert first.call("leave_ipc").value.tolist() == [-1, -1, errno.ENOSYS], first.output
        assert first.call("ipc_rows").value == before
    with Sandbox({"adaline.py": NOSY}, limits=kit.FAST) as second:
        assert second.inside.startswith(ZYGOTE_MOUNT)
        assert second.call("ipc_rows").value == before


def test_the_zygote_s_sweep_removes_what_a_uid_left():
    """Where no filter refuses System V objects (an architecture it does not know), the
    zygote removes what a dead server's uid left: here, a semaphore set made by a uid
    of the pool in this IPC namespace, removed by the sweep as that uid."""
    import ctypes

    from gdgrade.grading.sandbox._child import _remove_ipc
    from gdgrade.grading.sandbox.uids import acquire_uid

    if os.geteuid() != 0:
        pytest.skip("the sweep becomes the uid: only root may")
    libc = ctypes.CDLL(None, use_errno=True)
    slot, made = acquire_uid(), -1
    try:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # a process of that uid makes a set and dies
            try:
                os.setresgid(slot.gid, slot.gid, slot.gid)
                os.setresuid(slot.uid, slot.uid, slot.uid)
                os.write(writer, str(libc.semget(0, 1, 0o1600)).encode())
            finally:
                os._exit(0)
        os.close(writer)
        made = int(os.read(reader, 32))
        os.close(reader)
        os.waitpid(pid, 0)
        assert made >= 0
        assert libc.semctl(made, 0, 12) >= 0  # GETVAL: it is there
        _remove_ipc(slot.uid)
        assert libc.semctl(made, 0, 12) == -1 and ctypes.get_errno() in (22, 43)  # EINVAL, EIDRM
    finally:
        if made >= 0:
            libc.semctl(made, 0, 0)  # IPC_RMID, as root: never left behind by this test
        slot.release()


def test_a_zygote_that_cannot_start_leaves_cold_starts(own_zygotes, monkeypatch, kit):
    monkeypatch.setattr(zygote, "bwrap_command", lambda *args, **kwargs: ["false"])
    X, y, w = kit.data()
    for _ in range(2):  # the failed zygote is not tried again in this thread
        with Sandbox({"adaline.py": kit.CORRECT}, limits=kit.FAST) as box:
            result = box.call("gradient", X, y, w)
            assert result.ok, result.message
            assert box.inside == MOUNT
    assert len(own_zygotes) <= 1 and all(each.broken for each in own_zygotes.values())


def test_a_stopped_zygote_is_replaced(own_zygotes, kit):
    X, y, w = kit.data()
    with Sandbox({"adaline.py": kit.CORRECT}, limits=kit.FAST) as box:
        assert box.call("gradient", X, y, w).ok
    (first,) = own_zygotes.values()
    first.process.kill()
    first.process.wait()
    with Sandbox({"adaline.py": kit.CORRECT}, limits=kit.FAST) as box:
        assert box.call("gradient", X, y, w).ok
        assert box.inside.startswith(ZYGOTE_MOUNT)
    (second,) = own_zygotes.values()
    assert second is not first and not first.nursery.exists()


def test_warm_starts_can_be_turned_off(own_zygotes, monkeypatch, kit):
    monkeypatch.setenv("GDGRADE_WARM_START", "0")
    with Sandbox({"adaline.py": kit.CORRECT}, limits=kit.FAST) as box:
        assert box.call("gradient", *kit.data()).ok
        assert box.inside == MOUNT
    assert own_zygotes == {}


FORKER = b"""
import os, time

def gradient(X, y, w):
    if os.fork() == 0:
        os.setsid()
        time.sleep(60)
        os._exit(0)
    return w * 0
"""


def test_the_machine_is_searched_only_when_a_server_left_something(own_zygotes, monkeypatch, kit):
    from gdgrade.grading.sandbox import session

    searched = []
    real = session.kill_uid
    monkeypatch.setattr(session, "kill_uid", lambda uid, *a: searched.append(uid) or real(uid, *a))
    X, y, w = kit.data()
    with Sandbox({"adaline.py": kit.CORRECT}, limits=kit.FAST) as box:
        assert box.call("gradient", X, y, w).ok
    assert searched == []  # the zygote saw nothing of its uid left: no scan of the machine
    with Sandbox({"adaline.py": FORKER}, limits=kit.FAST) as box:
        assert box.call("gradient", X, y, w).ok
        uid, marker = box.uid, box.marker
        assert len(kit.processes_with(marker)) == 2  # the server and its daemon
    assert searched == [uid]  # a daemon was left: the machine is searched, and it is gone
    assert kit.survivors(marker) == [] and kit.processes_of(uid) == []


DRAWS = b"""
import random
import numpy as np

def draw():
    return np.random.rand(4)

def draws_of_python():
    return np.array([random.random(), random.random()])

def seeded():
    return np.random.RandomState(1).normal(size=3)
"""


def _draws(kit, isolate: bool = True) -> list:
    with Sandbox({"adaline.py": DRAWS}, limits=kit.FAST, isolate=isolate) as box:
        seeded = box.call("seeded").value
        np.testing.assert_array_equal(seeded, np.random.RandomState(1).normal(size=3))
        return [box.call(name).value for name in ("draw", "draw", "draws_of_python")]


def test_every_server_draws_the_same_from_the_global_random_states(own_zygotes, kit, monkeypatch):
    """A submission that draws without a seed of its own gets the same grade at every run:
    every server, warm or cold, starts Python's random and numpy's global state from the
    same seed (and two draws in one server still differ, as they do for the student)."""
    state, python = np.random.RandomState(_child.SEED), random.Random(_child.SEED)
    expected = [state.rand(4), state.rand(4), np.array([python.random(), python.random()])]
    runs = [_draws(kit), _draws(kit)]
    assert "numpy.random" in next(iter(own_zygotes.values())).preloaded
    monkeypatch.setenv("GDGRADE_WARM_START", "0")
    runs += [_draws(kit), _draws(kit, isolate=False)]
    for run in runs:
        for got, want in zip(run, expected, strict=True):
            np.testing.assert_array_equal(got, want)
    assert not np.array_equal(runs[0][0], runs[0][1])


def test_what_numpy_random_loads_is_known_to_the_server():
    """A cold server imports numpy.random to seed it only when the spec forbids none of
    what that import loads (:data:`_child.NUMPY_RANDOM_LOADS`): checked against numpy."""
    code = (
        "import sys, numpy; before = set(sys.modules); import numpy.random; "
        "print(' '.join(sorted(set(sys.modules) - before)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    loaded = done.stdout.split()
    assert "numpy.random" in loaded and "random" in loaded, done.stderr
    known = _child.NUMPY_RANDOM_LOADS
    assert [
        name for name in loaded if not any(name == k or name.startswith(f"{k}.") for k in known)
    ] == [n for n in loaded if n == "cython_runtime" or n.startswith("_cython_")]


@pytest.mark.parametrize("banned", ["random", "numpy.random", "secrets"])
def test_a_spec_that_forbids_what_the_zygote_imported_gets_a_cold_start(own_zygotes, kit, banned):
    """A started server refuses the import of a forbidden module even when numpy makes it;
    the zygote has it imported already, so such a sandbox is started, not forked."""
    results = []
    for warm in ("1", "0"):
        os.environ["GDGRADE_WARM_START"] = warm
        try:
            with Sandbox({"adaline.py": DRAWS}, limits=kit.FAST, forbidden=[banned]) as box:
                result = box.call("draw")
                results.append((result.kind, box.inside.startswith(ZYGOTE_MOUNT)))
        finally:
            del os.environ["GDGRADE_WARM_START"]
    assert results[0] == results[1] == ("forbidden-import", False)
    with Sandbox({"adaline.py": DRAWS}, limits=kit.FAST) as after:  # the zygote is still used
        assert after.call("draw").ok
        assert after.inside.startswith(ZYGOTE_MOUNT)
