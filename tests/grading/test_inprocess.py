"""In-kernel checks get the spec's time limit, as the sandbox does (issue 12, item 4)."""

from __future__ import annotations

import signal
import threading

import numpy as np
import pytest

from gdgrade.grading.inprocess import InProcess, time_limit
from gdgrade.grading.notebook import check

HANGS = """
import time

def spins(X, y, w):
    while True:
        pass

def sleeps(X, y, w):
    time.sleep(3600)

def swallows(X, y, w):  # catches what it can and goes on
    while True:
        try:
            while True:
                pass
        except Exception:
            pass

class Endless:
    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        while True:
            pass

def returns(X, y, w):
    return w
"""


@pytest.fixture()
def namespace():
    ns: dict = {}
    exec(HANGS, ns)
    return ns


@pytest.mark.parametrize("name", ["spins", "sleeps", "swallows"])
def test_a_call_that_never_returns_is_stopped_as_a_timeout(namespace, name):
    calls = InProcess(namespace, call_seconds=0.3)
    result = calls.call(name, np.zeros((1, 1)), np.zeros(1), np.zeros(2))
    assert (result.ok, result.kind) == (False, "timeout")
    assert result.message == (
        f"your code ran for more than 0.3 s on this call and was stopped (while {name}(...))"
    )
    assert calls.call("returns", 1, 2, np.ones(2)).ok  # the next call runs as usual


def test_a_constructor_that_never_returns_is_stopped(namespace):
    result = InProcess(namespace, call_seconds=0.3).new("Endless")
    assert result.kind == "timeout" and "Endless(...)" in result.message


def test_the_alarm_leaves_the_kernels_own_timer_and_handler_as_they_were(namespace):
    def mine(signum, frame):
        raise AssertionError("the kernel's own alarm rang during the check")

    previous = signal.signal(signal.SIGALRM, mine)
    signal.setitimer(signal.ITIMER_REAL, 3600)
    try:
        assert InProcess(namespace, call_seconds=0.2).call("spins", 0, 0, 0).kind == "timeout"
        assert signal.getsignal(signal.SIGALRM) is mine
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 3000 < left <= 3600
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_outside_the_main_thread_there_is_no_limit_and_it_is_said(namespace):
    found = {}

    def run():
        with time_limit(0.1) as armed:
            found["armed"] = armed
        calls = InProcess(namespace, call_seconds=0.1)
        found["ok"] = calls.call("returns", 0, 0, np.ones(2)).ok
        found["unlimited"] = calls.unlimited

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert found == {"armed": False, "ok": True, "unlimited": True}


def test_an_nbgrader_test_cell_on_an_endless_epoch_loop_ends_with_zero(tmp_path, capsys):
    spec = tmp_path / "assignment.toml"
    spec.write_text(
        'name = "t"\nclasses = ["AdalineGD"]\n[limits]\ncall_seconds = 0.5\n'
        '[properties]\nmax_examples = 3\n[[checks]]\nid = "AdalineGD.returns_self"\n'
    )
    ns: dict = {}
    exec(
        "class AdalineGD:\n"
        "    def __init__(self, eta=0.01, n_iter=50, random_state=1):\n"
        "        self.eta, self.n_iter, self.random_state = eta, n_iter, random_state\n"
        "    def fit(self, X, y):\n"
        "        self.cost_ = []\n"
        "        while True:\n"
        "            self.cost_.append(0.0)\n",
        ns,
    )
    assert check("AdalineGD.returns_self", ns, assignment=str(spec)) == 0.0
    out = capsys.readouterr().out
    assert "AdalineGD.returns_self: error" in out
    assert "ran for more than 0.5 s on this call and was stopped" in out
