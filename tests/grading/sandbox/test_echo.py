"""Echoed arguments: how the grader sees a function modify its inputs in place."""

import numpy as np

from gdgrade.grading.inprocess import InProcess
from gdgrade.grading.sandbox import Sandbox

SOURCE = """
import numpy as np

def update(X, y, w, eta):
    w -= eta * np.ones_like(w)
    return w

def clean(X, y, w, eta):
    return w - eta

class Model:
    def fit(self, X, y):
        X.sort(axis=0)
        return self
"""


def _check(server):
    X, y, w = np.array([[2.0], [1.0]]), np.array([1.0, -1.0]), np.zeros(2)
    dirty = server.call_echo("update", X, y, w, 0.5)
    assert dirty.ok and dirty.after[3] is None
    np.testing.assert_array_equal(dirty.after[2], [-0.5, -0.5])
    np.testing.assert_array_equal(w, [0.0, 0.0])  # the grader's own copy is untouched
    clean = server.call_echo("clean", X, y, w, 0.5)
    np.testing.assert_array_equal(clean.after[2], w)
    handle = server.new("Model").handle
    fitted = server.method_echo(handle, "fit", X, y)
    assert fitted.ok
    np.testing.assert_array_equal(fitted.after[0], [[1.0], [2.0]])
    np.testing.assert_array_equal(fitted.after[1], y)


def test_the_sandbox_echoes_the_arguments_after_the_call():
    with Sandbox({"adaline.py": SOURCE.encode()}) as sandbox:
        assert sandbox.start().ok
        _check(sandbox)


def test_in_process_calls_echo_the_same_way():
    namespace: dict = {}
    exec(compile(SOURCE, "adaline.py", "exec"), namespace)  # test code, not a student's
    _check(InProcess(namespace))
