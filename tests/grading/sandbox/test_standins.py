"""Real files run as written: missing modules get stand-ins, the import goes on past a
failing script, NumPy 2's removed names can be put back, and the child only reports."""

from __future__ import annotations

import numpy as np
import pytest

from gdgrade.grading.sandbox import Sandbox
from gdgrade.grading.sandbox.numpy2 import NUMPY_ALIASES, alias_in, child_aliases
from gdgrade.grading.sandbox.protocol import ProtocolError, decode_events, decode_reply

DEMO = b"""
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from sklearn.base import BaseEstimator
from sklearn.model_selection import train_test_split
from plotting_helpers import *
from lib import plot_decision_regions

df = pd.read_csv("iris.data")


class Model(BaseEstimator):
    def __init__(self, eta: float = 0.1, frame: pd.DataFrame | None = None):
        self.eta = eta

    def fit(self, X, y):
        self.w_ = np.zeros(1 + X.shape[1])
        self.cost_ = [0.5, 0.25]
        return self

    def load(self):
        return pd.read_csv("more.csv")


model = Model().fit(df.values, df.y)
plt.plot(model.cost_)
"""


def test_unused_missing_modules_do_not_stop_the_import(kit):
    with Sandbox({"adaline.py": DEMO}, limits=kit.FAST, keep_partial_import=True) as box:
        started = box.start()
        # the demo script failed where it touched pandas; the class is still defined
        assert started.kind == "import-error" and "pandas is not installed" in started.message
        assert [line for line, _, _ in box.import_failures] == [10, 26, 27]
        made = box.new("Model", eta=0.5)
        assert made.ok, made.message
        assert box.method(made.handle, "fit", np.zeros((3, 2)), np.zeros(3)).is_self
        touched = box.method(made.handle, "load")
        assert touched.kind == "exception"
        assert touched.message.startswith(
            "StandInError: pandas is not installed where your code is graded, and your code "
            "used pandas.read_csv"
        )
        assert "(adaline.py, line 23, in load)" in touched.message
        missing = {(e.module, e.line) for e in box.import_events if e.kind == "missing"}
        assert {("pandas", 3), ("sklearn.base", 5), ("plotting_helpers", 7), ("lib", 8)} <= missing
        assert all(e.phase == "import" for e in box.import_events)


def test_without_stand_ins_a_missing_module_fails_as_python_would(kit):
    with Sandbox(
        {"adaline.py": DEMO}, limits=kit.FAST, keep_partial_import=True, stand_ins=False
    ) as box:
        started = box.start()
        assert "No module named 'pandas'" in started.message


def test_a_library_probing_for_an_optional_module_gets_the_usual_error(kit):
    source = b"""
import importlib

def asked():
    return importlib.import_module("no_such_module_xyz").anything()

def library():
    code = compile("import no_such_module_abc", "/usr/lib/python3/somelib.py", "exec")
    exec(code, {})
"""
    with Sandbox({"adaline.py": source}, limits=kit.FAST) as box:
        asked = box.call("asked")  # the student's own import: a stand-in, touched
        assert asked.kind == "exception" and "no_such_module_xyz is not installed" in asked.message
        probed = box.call("library")  # a library's import: the usual error
        assert probed.kind == "exception"
        assert "No module named 'no_such_module_abc'" in probed.message


def test_a_syntax_error_runs_nothing_and_says_where(kit):
    source = b"import numpy as np\n\ndef f(:\n    return 1\n"
    with Sandbox({"adaline.py": source}, limits=kit.FAST, keep_partial_import=True) as box:
        started = box.start()
        assert started.kind == "syntax-error"
        assert started.message.startswith("SyntaxError: ") and "line 3" in started.message
        assert box.call("f").kind == "syntax-error"


def test_statements_after_a_failing_one_run_only_when_partial_import_is_allowed(kit):
    source = b"x = 1\nraise ValueError('no data')\n\ndef f():\n    return np.zeros(2)\n"
    source = b"import numpy as np\n" + source
    with Sandbox({"adaline.py": source}, limits=kit.FAST, keep_partial_import=True) as box:
        assert box.start().kind == "import-error"
        assert box.call("f").ok
    with Sandbox({"adaline.py": source}, limits=kit.FAST) as box:
        assert box.start().kind == "import-error"
        assert box.call("f").kind == "import-error"


OLD_NUMPY = b"""
import numpy as np


def old():
    b = np.float_(0.0)
    return np.array([b, np.float(1), np.NaN, np.Inf, np.product([2.0, 3.0])], dtype=np.float_)
"""


def test_numpy_legacy_aliases_are_restored_only_when_asked(kit):
    with Sandbox({"adaline.py": OLD_NUMPY}, limits=kit.FAST) as box:
        plain = box.call("old")
        assert plain.kind == "exception"
        assert alias_in(plain.message) == ("np.float_", "np.float64")
    with Sandbox({"adaline.py": OLD_NUMPY}, limits=kit.FAST, numpy_aliases=child_aliases()) as box:
        restored = box.call("old")
        assert restored.ok, restored.message
        np.testing.assert_array_equal(restored.value, [0.0, 1.0, np.nan, np.inf, 6.0])


@pytest.mark.parametrize("name", sorted(NUMPY_ALIASES))
def test_each_alias_names_its_replacement(name):
    removed = f"module 'numpy' has no attribute '{name}'"
    assert alias_in(removed) == (f"np.{name}", NUMPY_ALIASES[name][2])
    assert alias_in("module 'numpy' has no attribute 'no_such_thing'") is None


def test_attributes_are_described_not_sent(kit):
    source = b"""
import numpy as np

class Model:
    def fit(self, X, y):
        self.weights = np.zeros(3)
        self.bias = 0.5
        self.costs = [1.0, np.float64(2.0)]
        self.log = ["a"]
        self.name = "m"
        return self
"""
    with Sandbox({"adaline.py": source}, limits=kit.FAST) as box:
        made = box.new("Model")
        box.method(made.handle, "fit", np.zeros((2, 2)), np.zeros(2))
        described = box.attributes(made.handle).value
    assert described == {
        "weights": {"kind": "array", "shape": [3], "dtype": "float64"},
        "bias": {"kind": "number"},
        "costs": {"kind": "list", "length": 2, "numbers": True},
        "log": {"kind": "list", "length": 1, "numbers": False},
        "name": {"kind": "other"},
    }


@pytest.mark.parametrize(
    "events",
    [
        "not a list",
        [{"module": "x", "kind": "stolen", "file": None, "line": 1, "phase": "import"}],
        [{"module": 3, "kind": "missing", "file": None, "line": 1, "phase": "import"}],
        [{"module": "x", "kind": "missing", "file": None, "line": "1", "phase": "import"}],
        [{"module": "x", "kind": "missing", "file": None, "line": 1, "phase": "never"}],
        [{"module": "x", "kind": "missing", "file": None, "line": 1, "phase": "call"}] * 201,
    ],
)
def test_malformed_events_are_a_protocol_error(events):
    with pytest.raises(ProtocolError):
        decode_events({"events": events})


def test_malformed_skipped_statements_are_a_protocol_error():
    header = {"seq": 0, "kind": "import-error", "message": "", "skipped": [[1, "ok?", 3]]}
    with pytest.raises(ProtocolError):
        decode_reply(header, [], seq=0, op="import")
