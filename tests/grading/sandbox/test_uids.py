"""The uid pool: one uid per live sandbox, across processes; nothing left running under it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from gdgrade.grading.sandbox import uids
from gdgrade.grading.sandbox.uids import UidPoolError, acquire_uid, kill_uid, uid_pool

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the pool is used when root grades")

# A pool of the tests' own, apart from the sandboxes of other tests, and one per test
# process (each pytest-xdist worker, each test run on the machine): two processes running
# these tests at once would take each other's uids.
FIRST = 1_899_000_000 + 16 * (os.getpid() % 50_000)  # below test_removal's 1_899_999_999


@pytest.fixture
def small_pool(monkeypatch):
    monkeypatch.setenv("GDGRADE_SANDBOX_UIDS", f"{FIRST}:3")
    return range(FIRST, FIRST + 3)


def test_the_pool_is_configurable(monkeypatch):
    monkeypatch.delenv("GDGRADE_SANDBOX_UIDS", raising=False)
    assert uid_pool() == range(uids.FIRST_UID, uids.FIRST_UID + uids.UID_COUNT)
    for text in ("12", "a:b", "0:10", "2147483000:1000"):
        monkeypatch.setenv("GDGRADE_SANDBOX_UIDS", text)
        with pytest.raises(UidPoolError, match="'GDGRADE_SANDBOX_UIDS' must"):
            uid_pool()


def test_live_slots_never_share_a_uid_and_come_back(small_pool):
    slots = [acquire_uid() for _ in range(3)]
    assert sorted(slot.uid for slot in slots) == list(small_pool)
    with pytest.raises(UidPoolError, match="all 3 sandbox uids"):
        acquire_uid()
    slots[1].release()
    slots[1].release()  # idempotent
    again = acquire_uid()
    assert again.uid == slots[1].uid
    for slot in [slots[0], slots[2], again]:
        slot.release()


def test_another_process_holding_a_uid_is_respected(small_pool):
    hold = (
        "import sys, time; from gdgrade.grading.sandbox.uids import acquire_uid; "
        "s = [acquire_uid() for _ in range(2)]; print(' '.join(str(x.uid) for x in s), "
        "flush=True); time.sleep(30)"
    )
    other = subprocess.Popen([sys.executable, "-c", hold], stdout=subprocess.PIPE, text=True)
    try:
        held = {int(uid) for uid in other.stdout.readline().split()}
        assert len(held) == 2
        mine = acquire_uid()
        assert mine.uid not in held
        with pytest.raises(UidPoolError):
            acquire_uid()
        mine.release()
    finally:
        other.kill()
        other.wait()
    freed = [acquire_uid() for _ in range(3)]  # the dead process's locks are free
    assert len({slot.uid for slot in freed}) == 3
    for slot in freed:
        slot.release()


def _reaped(process: subprocess.Popen) -> threading.Thread:
    """Reap ``process`` when it dies, as its parent should (a zombie counts as a process)."""
    thread = threading.Thread(target=process.wait)
    thread.start()
    return thread


def test_a_uid_is_handed_out_only_when_nothing_is_left_under_it(monkeypatch, kit):
    monkeypatch.setenv("GDGRADE_SANDBOX_UIDS", f"{FIRST}:1")
    slot = acquire_uid()
    # An orphan (its shell is gone), as a grader killed with SIGKILL leaves it.
    subprocess.run(
        ["/bin/sh", "-c", "setsid sleep 60 >/dev/null 2>&1 &"], user=FIRST, group=FIRST, check=True
    )
    assert len(kit.processes_of(FIRST)) == 1
    slot.release(clean=False)  # as a holder that died: the lock file says "used"
    deadline = time.monotonic() + 20
    while True:  # the orphan is killed at once; its zombie waits for the machine's init
        try:
            slot = acquire_uid()
            break
        except UidPoolError:
            assert time.monotonic() < deadline
            time.sleep(0.1)
    assert slot.uid == FIRST and kit.processes_of(FIRST) == []
    slot.release()


def test_kill_uid_kills_every_process_of_the_uid_and_only_those(small_pool, kit):
    uid = FIRST + 2
    shell = subprocess.Popen(
        ["/bin/sh", "-c", "for i in 1 2 3 4 5; do setsid sleep 60 & done; wait"],
        user=uid,
        group=uid,
        extra_groups=[],
    )
    bystander = subprocess.Popen(["sleep", "60"], user=FIRST + 1, group=FIRST + 1)
    reaper = threading.Thread(target=shell.wait)  # its parent reaps it, as a parent should
    reaper.start()
    try:
        deadline = time.monotonic() + 10
        while len(kit.processes_of(uid)) < 6 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(kit.processes_of(uid)) == 6  # the shell and five daemons of their own
        kill_uid(uid)
        reaper.join()
        assert shell.returncode == -9
        deadline = time.monotonic() + 20
        while kit.processes_of(uid):  # the daemons' zombies: reaped by the machine's init
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert bystander.poll() is None
    finally:
        for process in (shell, bystander):
            process.kill()
            process.wait()


def test_a_lock_folder_someone_else_made_is_refused(tmp_path, monkeypatch, small_pool):
    monkeypatch.setattr(uids, "_ROOTS", (str(tmp_path),))
    folder = tmp_path / "gdgrade-uid-slots"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    with pytest.raises(UidPoolError, match="only root can write"):
        acquire_uid()
    folder.chmod(0o700)
    acquire_uid().release()
    folder.rename(tmp_path / "other")
    os.symlink(tmp_path / "other", folder)
    with pytest.raises(UidPoolError, match="only root can write"):
        acquire_uid()


def test_a_run_folder_that_fails_falls_back_to_the_next(tmp_path, monkeypatch, small_pool):
    monkeypatch.setattr(uids, "_ROOTS", (str(tmp_path / "missing"), str(tmp_path)))
    slot = acquire_uid()
    assert (tmp_path / "gdgrade-uid-slots" / str(slot.uid)).is_file()
    slot.release()
    monkeypatch.setattr(uids, "_ROOTS", (str(tmp_path / "missing"),))
    with pytest.raises(UidPoolError, match="no folder for the sandbox uids' lock files"):
        acquire_uid()
