"""Several requests in one round trip: building, fitting and reading a learner."""

import numpy as np
import pytest

from gdgrade.grading.inprocess import InProcess
from gdgrade.grading.sandbox import Sandbox, SandboxError

SOURCE = """
import numpy as np

class Model:
    def __init__(self, k=1):
        self.k = k

    def fit(self, X, y):
        self.w_ = X.sum(axis=0) * self.k
        return None  # no `return self`: the sequence goes on

    def boom(self):
        raise ValueError("no")
"""


def _steps(X, y):
    return [
        ("new", "Model", (), {"k": 2}),
        ("method", ("step", 0), "fit", (X, y), {}),
        ("getattr", ("step", 0), "w_"),
        ("getattr", ("step", 0), "b_"),
        ("method", ("step", 0), "boom", (), {}),
        ("getattr", ("step", 0), "w_"),
    ]


def _check(server):
    X, y = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0, -1.0])
    results = server.sequence(_steps(X, y))
    kinds = [r.kind for r in results]
    assert kinds == ["ok", "bad-return", "ok", "missing", "exception"], kinds
    assert results[0].handle is not None
    np.testing.assert_array_equal(results[2].value, [8.0, 12.0])
    assert "ValueError" in results[4].message
    again = server.getattr(results[0].handle, "w_")  # the object lives on after the sequence
    np.testing.assert_array_equal(again.value, [8.0, 12.0])
    missing = server.sequence([("new", "Nope", (), {}), ("getattr", ("step", 0), "w_")])
    assert [r.kind for r in missing] == ["missing", "lost"]


def test_the_sandbox_runs_a_sequence_in_one_round_trip():
    with Sandbox({"adaline.py": SOURCE.encode()}) as sandbox:
        assert sandbox.start().ok
        _check(sandbox)
        with pytest.raises(SandboxError, match="'ref' must be"):
            sandbox.sequence([("getattr", 999, "w_")])


def test_in_process_sequences_answer_alike():
    namespace: dict = {}
    exec(compile(SOURCE, "adaline.py", "exec"), namespace)  # test code, not a student's
    _check(InProcess(namespace))


def test_a_sequence_that_kills_its_child_is_one_failure():
    source = SOURCE.replace('raise ValueError("no")', "import os\n        os._exit(3)")
    with Sandbox({"adaline.py": source.encode()}) as sandbox:
        X, y = np.ones((2, 2)), np.ones(2)
        results = sandbox.sequence(_steps(X, y))
        assert len(results) == 1 and results[0].kind == "exit"
        assert sandbox.sequence(_steps(X, y)[:3])[2].ok  # restarted for the next request
