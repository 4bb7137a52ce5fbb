"""Shared helpers of the sandbox tests: submissions, leak detection, fast limits."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

from gdgrade.grading.sandbox import Limits, Sandbox, session
from gdgrade.grading.sandbox.process import process_uids, processes_where

HOSTILE = Path(__file__).parent / "hostile"

#: Short limits so that hangs cost seconds, not minutes.
FAST = Limits(call_seconds=2.0, import_seconds=4.0)

CORRECT = b"""
import numpy as np


def net_input(X, w):
    return X @ w[1:] + w[0]


def activation(z):
    return z


def cost(X, y, w):
    e = y - net_input(X, w)
    return 0.5 * e @ e


def gradient(X, y, w):
    e = y - net_input(X, w)
    return -np.concatenate([[e.sum()], X.T @ e])


def update(X, y, w, eta):
    return w - eta * gradient(X, y, w)


def predict(X, w):
    return np.where(net_input(X, w) >= 0.0, 1, -1)


class AdalineGD:
    def __init__(self, eta=0.01, n_iter=50, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, X, y):
        rgen = np.random.RandomState(self.random_state)
        self.w_ = rgen.normal(scale=0.01, size=1 + X.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            self.cost_.append(cost(X, y, self.w_))
            self.w_ = update(X, y, self.w_, self.eta)
        return self

    def copy(self):
        other = AdalineGD(self.eta, self.n_iter, self.random_state)
        other.__dict__.update(self.__dict__)
        return other

    def net_input(self, X):
        return net_input(X, self.w_)

    def predict(self, X):
        return predict(X, self.w_)
"""


def hostile(name: str) -> bytes:
    """The source of the hostile submission ``hostile/<name>.py``."""
    return (HOSTILE / f"{name}.py").read_bytes()


def data(seed: int = 0, n: int = 5, m: int = 2) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A small seeded dataset and weights: X (n, m), y (n,), w (m + 1,)."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, m)), rng.normal(size=n), rng.normal(size=m + 1)


def processes_with(marker: str) -> list[int]:
    """Processes whose command line or environment holds ``marker``."""
    needle = marker.encode()
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        for part in ("cmdline", "environ"):
            try:
                with open(f"/proc/{name}/{part}", "rb") as handle:
                    if needle in handle.read():
                        found.append(int(name))
                        break
            except OSError:
                continue
    return found


def survivors(marker: str, wait: float = 5.0) -> list[int]:
    """Processes still holding ``marker`` after waiting up to ``wait`` s for them to die."""
    deadline = time.monotonic() + wait
    while True:
        found = processes_with(marker)
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def assert_next_sandbox_works() -> None:
    """A correct submission still round-trips (the previous one left nothing broken)."""
    X, y, w = data()
    with Sandbox({"adaline.py": CORRECT}, limits=FAST) as box:
        result = box.call("gradient", X, y, w)
    e = y - (X @ w[1:] + w[0])
    assert result.ok, result.message
    np.testing.assert_allclose(result.value, -np.concatenate([[e.sum()], X.T @ e]))


def processes_of(uid: int) -> list[int]:
    """Processes (not threads) running under host ``uid``, counted from this process."""

    def runs_as(pid: int) -> bool:
        ids = process_uids(pid)
        return ids is not None and uid in ids

    return processes_where(runs_as)


def _system_python() -> tuple[str, list[str]] | None:
    """A Python of the system that runs the child with this numpy, and what it reads."""
    import numpy

    site = os.path.dirname(os.path.dirname(numpy.__file__))
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for folder in ("/usr/bin", "/usr/local/bin"):
        candidate = shutil.which(version, path=folder)
        if candidate is None:
            continue
        check = (
            f"import sys, sysconfig; sys.path.append({site!r}); import numpy; "
            "print(sysconfig.get_paths()['stdlib'])"
        )
        done = subprocess.run([candidate, "-s", "-S", "-c", check], capture_output=True, text=True)
        if done.returncode == 0:
            return candidate, [candidate, site, done.stdout.strip(), tempfile.gettempdir()]
    return None


@pytest.fixture
def unisolated_own_uid(monkeypatch):
    """Sandboxes without bubblewrap whose child runs as a uid of its own.

    As the grader does when it is root and every user can read its Python; where
    this Python is in a folder other users cannot cross (a pyenv under a 0700
    home folder), the system's Python of the same version runs the child, with
    this numpy.  Skipped when the tests are not run as root (as CI runs them).
    """
    if os.geteuid() != 0:
        pytest.skip("the child gives up root only when the grader runs as root")
    monkeypatch.setattr(session, "_confinements", {})
    if not session.confinement(False).own_uid:
        found = _system_python()
        if found is None:
            pytest.skip("no Python here that every uid can read")
        python, paths = found
        monkeypatch.setattr(session, "_interpreter", lambda: python)
        monkeypatch.setattr(session, "_python_paths", lambda: paths)
        monkeypatch.setattr(session, "_confinements", {})
    if not session.confinement(False).own_uid:
        pytest.skip("no Python here that every uid can read")
    monkeypatch.setattr(session, "_warned", True)
    yield
    monkeypatch.setattr(session, "_confinements", {})


@pytest.fixture
def kit():
    """The helpers above, for test modules (pytest's importlib mode cannot import conftest)."""
    from types import SimpleNamespace

    return SimpleNamespace(
        CORRECT=CORRECT,
        FAST=FAST,
        hostile=hostile,
        data=data,
        processes_with=processes_with,
        processes_of=processes_of,
        survivors=survivors,
        assert_next_sandbox_works=assert_next_sandbox_works,
    )


@pytest.fixture
def own_zygotes(monkeypatch):
    """This test's zygotes apart from the other tests' (and stopped at its end): the first
    warm sandbox makes its thread's zygote here."""
    from gdgrade.grading.sandbox import zygote

    mine: dict = {}
    monkeypatch.setattr(zygote, "_zygotes", mine)
    yield mine
    for each in mine.values():
        each.close()
