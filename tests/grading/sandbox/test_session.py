"""Correct submissions round-trip through the sandbox: functions, classes, metadata."""

from __future__ import annotations

import os
import subprocess
import threading
import warnings

import numpy as np
import pytest

import gdgrade.reference as ref
from gdgrade.grading.sandbox import CallResult, Limits, Sandbox, SandboxError, session


@pytest.fixture
def box(kit):
    with Sandbox({"adaline.py": kit.CORRECT}, limits=kit.FAST) as sandbox:
        yield sandbox


def test_functions_match_the_reference(box, kit):
    assert box.start().ok
    for seed in range(3):
        X, y, w = kit.data(seed)
        expected = {
            "net_input": (ref.net_input(X, w), (X, w)),
            "cost": (ref.cost(X, y, w), (X, y, w)),
            "gradient": (ref.gradient(X, y, w), (X, y, w)),
            "update": (ref.update(X, y, w, 0.1), (X, y, w, 0.1)),
            "predict": (ref.predict(X, w), (X, w)),
        }
        for name, (want, args) in expected.items():
            result = box.call(name, *args)
            assert result.ok, result.message
            assert type(result.value) is np.ndarray
            np.testing.assert_allclose(result.value, want, err_msg=name)
    assert box.restarts == 0


def test_scalar_returns_are_0d_arrays_and_complex_weights_pass(box, kit):
    X, y, w = kit.data()
    real = box.call("cost", X, y, w)
    assert real.value.shape == () and real.value.dtype == np.float64
    h = 1e-20
    direction = np.zeros_like(w)
    direction[1] = 1.0
    result = box.call("cost", X, y, w + 1j * h * direction)
    assert result.value.dtype == np.complex128
    # the complex step recovers dJ/dw_1 from the student's own cost
    assert np.imag(result.value) / h == pytest.approx(ref.gradient(X, y, w)[1], rel=1e-9)


def test_python_scalars_keep_their_types(kit):
    source = (
        b"def kinds(a, b, c, d, e, f, g):\n"
        b"    import numpy as np\n"
        b"    ok = [type(a) is int, type(b) is float, type(c) is complex, type(d) is bool,\n"
        b"          d is True, e is None, type(f) is tuple and f[1] == 'x',\n"
        b"          isinstance(g, np.float32)]\n"
        b"    return ok\n"
    )
    with Sandbox({"adaline.py": source}, limits=kit.FAST) as box:
        result = box.call("kinds", 3, float("nan"), 1 + 2j, True, None, (1, "x"), g=np.float32(1))
    assert result.ok, result.message
    assert result.value.dtype == bool and result.value.all()


def test_classes_new_fit_getattr(box, kit):
    X, y, _ = kit.data(1, n=8)
    learner = box.new("AdalineGD", eta=0.01, n_iter=4, random_state=1)
    assert learner.ok and learner.handle is not None
    fitted = box.method(learner.handle, "fit", X, y)
    assert fitted.ok and fitted.is_self and fitted.value is None
    weights = box.getattr(learner.handle, "w_")
    costs = box.getattr(learner.handle, "cost_")
    assert weights.value.shape == (3,)
    assert costs.value.shape == (4,) and costs.value.dtype == np.float64
    assert box.getattr(learner.handle, "eta").value == 0.01
    missing = box.getattr(learner.handle, "weights")
    assert missing.kind == "missing" and "'weights'" in missing.message
    copy = box.method(learner.handle, "copy")
    assert copy.ok and copy.handle not in (None, learner.handle)
    np.testing.assert_array_equal(box.getattr(copy.handle, "w_").value, weights.value)
    predicted = box.method(copy.handle, "predict", X)
    np.testing.assert_array_equal(predicted.value, ref.predict(X, weights.value))


def test_signature_and_names(box):
    signature = box.signature("AdalineGD")
    assert signature.ok
    assert [p["name"] for p in signature.value] == ["eta", "n_iter", "random_state"]
    assert [p["default"] for p in signature.value] == [0.01, 50, 1]
    assert [p["name"] for p in box.signature("update").value] == ["X", "y", "w", "eta"]
    names = box.names()
    assert names.value["AdalineGD"] == "class"
    assert names.value["gradient"] == "function"
    assert names.value["np"] == "other"
    assert not any(name.startswith("_") for name in names.value)


def test_missing_things_are_missing(box, kit):
    X, y, w = kit.data()
    result = box.call("gradient_descent", X, y, w)
    assert result.kind == "missing" and "gradient_descent" in result.message
    assert box.new("LinearRegressionGD").kind == "missing"
    assert box.signature("nope").kind == "missing"
    handle = box.new("AdalineGD").handle
    assert box.method(handle, "partial_fit", X, y).kind == "missing"
    assert box.method(handle, "eta").kind == "missing"


def test_no_module_file(kit):
    with Sandbox({"other.py": kit.CORRECT}, limits=kit.FAST) as box:
        started = box.start()
        assert started.kind == "missing" and "adaline.py" in started.message
        assert box.call("gradient").kind == "missing"


def test_exceptions_name_the_students_line(kit):
    source = b"import numpy as np\n\ndef gradient(X, y, w):\n    return X @ w\n"
    X, y, w = kit.data()
    with Sandbox({"adaline.py": source}, limits=kit.FAST) as box:
        result = box.call("gradient", X, y, w)
        assert result.kind == "exception"
        assert result.message.startswith("ValueError: matmul")
        assert "(adaline.py, line 4, in gradient)" in result.message
        assert box.call("gradient", X, y, w[1:]).ok  # the child survives exceptions
        assert box.restarts == 0


def test_import_error_reports_the_last_line(kit):
    source = b"import numpy as np\n\ndata = np.loadtxt('iris.csv')\n\ndef f():\n    return 1\n"
    with Sandbox({"adaline.py": source}, limits=kit.FAST) as box:
        started = box.start()
        assert started.kind == "import-error"
        assert "FileNotFoundError" in started.message and "line 3" in started.message
        called = box.call("f")
        assert called.kind == "import-error" and "iris.csv" in called.message


def test_keep_partial_import(kit):
    source = (
        kit.CORRECT + b"\nraise RuntimeError('training data missing')\n\ndef late():\n    pass\n"
    )
    X, y, w = kit.data()
    with Sandbox({"adaline.py": source}, limits=kit.FAST, keep_partial_import=True) as box:
        started = box.start()
        assert not started.ok and started.kind == "import-error"
        assert "training data missing" in started.message
        np.testing.assert_allclose(box.call("gradient", X, y, w).value, ref.gradient(X, y, w))
        assert box.new("AdalineGD").ok
        assert box.call("late").kind == "bad-return"  # defined: the import went on
        assert [line for line, _, _ in box.import_failures] == [kit.CORRECT.count(b"\n") + 2]
    with Sandbox({"adaline.py": source}, limits=kit.FAST) as box:
        assert box.call("gradient", X, y, w).kind == "import-error"


def test_output_is_captured_and_capped(kit):
    source = b"print('hello from import')\n\ndef shout(n):\n    print('x' * n)\n    return n\n"
    limits = Limits(call_seconds=5, output_bytes=1000)
    with Sandbox({"adaline.py": source}, limits=limits) as box:
        assert box.call("shout", 10).ok
        assert box.output == "hello from import\n" + "x" * 10 + "\n"
        assert box.call("shout", 100_000).ok
        output = box.output
    assert output.startswith("hello from import\n")
    assert "bytes of output not kept" in output
    assert len(output) < 1200


def test_folder_submission_and_local_modules(tmp_path, kit):
    (tmp_path / "helpers.py").write_text("def twice(x):\n    return 2 * x\n")
    (tmp_path / "adaline.py").write_text(
        "from helpers import twice\n\ndef f(x):\n    return twice(x)\n"
    )
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "numbers.txt").write_text("1 2 3")
    with Sandbox(tmp_path, limits=kit.FAST) as box:
        assert box.call("f", np.arange(3)).value.tolist() == [0, 2, 4]
        assert (box.folder / "data" / "numbers.txt").read_text() == "1 2 3"


def test_handles_are_lost_after_a_restart(kit):
    source = kit.CORRECT + b"\nimport os\n\ndef die():\n    os._exit(7)\n"
    with Sandbox({"adaline.py": source}, limits=kit.FAST) as box:
        first = box.new("AdalineGD").handle
        died = box.call("die")
        assert died.kind == "exit" and "exit code 7" in died.message
        lost = box.getattr(first, "eta")
        assert lost.kind == "lost" and "restarted" in lost.message
        second = box.new("AdalineGD", eta=0.5)
        assert box.getattr(second.handle, "eta").value == 0.5
        assert box.restarts == 1


def test_arguments_are_checked_in_the_parent(box):
    with pytest.raises(TypeError, match="arguments must be"):
        box.call("gradient", {"X": 1})
    with pytest.raises(TypeError, match="numeric or bool dtype"):
        box.call("gradient", np.array([object()]))
    with pytest.raises(SandboxError, match="'handle' must be"):
        box.method(12345, "fit")


def test_closed_sandbox_refuses_calls_and_removes_its_folder(kit):
    box = Sandbox({"adaline.py": kit.CORRECT}, limits=kit.FAST)
    assert box.start().ok
    folder = box.folder
    assert folder.is_dir()
    box.close()
    box.close()
    assert not folder.exists()
    with pytest.raises(SandboxError, match="closed"):
        box.call("gradient")


def test_without_bubblewrap_warns_once(monkeypatch, kit):
    monkeypatch.setattr(session, "bwrap_available", lambda: False)
    monkeypatch.setattr(session, "_warned", False)
    with pytest.raises(SandboxError, match="'isolate' must be False or None"):
        Sandbox({"adaline.py": kit.CORRECT}, isolate=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(2):
            with Sandbox({"adaline.py": kit.CORRECT}, limits=kit.FAST) as box:
                assert not box.isolated
                assert box.call("activation", 1.5).value == 1.5
    messages = [str(w.message) for w in caught]
    assert len(messages) == 1 and messages[0].startswith(session.NOT_ISOLATED_WARNING)
    assert messages[0] == session.confinement(False).warning
    if os.geteuid() == 0 and not session.confinement(False).own_uid:
        # the Python here is in a folder other users cannot cross: said, with that folder
        blocked = next(filter(None, map(session._closed_to_others, session._python_paths())))
        assert f"submissions run as root: other users cannot read {blocked}" in messages[0]


def test_call_result_checks_its_kind():
    with pytest.raises(ValueError, match="'kind' must be one of"):
        CallResult(ok=False, kind="oops")
    with pytest.raises(ValueError, match="'ok' must be"):
        CallResult(ok=True, kind="timeout")
    assert CallResult.failed("lost", "gone") == CallResult(False, "lost", message="gone")


LIMITED = b"""
import os


def write(size):
    with open("big.bin", "wb") as handle:
        handle.write(b"x" * size)
    return size


def open_many(count):
    handles = [open("adaline.py") for _ in range(count)]
    return len(handles)


def burn():
    while True:
        pass
"""


def test_file_size_and_open_file_limits():
    limits = Limits(call_seconds=5, file_bytes=1024**2, open_files=32)
    with Sandbox({"adaline.py": LIMITED}, limits=limits) as box:
        assert box.call("write", 1000).value == 1000
        too_big = box.call("write", 2 * 1024**2)
        assert too_big.kind == "exception" and "File too large" in too_big.message
        assert "(adaline.py, line 7, in write)" in too_big.message
        assert box.call("open_many", 5).value == 5
        too_many = box.call("open_many", 40)
        assert too_many.kind == "exception" and "Too many open files" in too_many.message
        assert box.restarts == 0


@pytest.mark.slow
def test_cpu_time_limit_stops_the_child():
    with Sandbox({"adaline.py": LIMITED}, limits=Limits(cpu_seconds=1, call_seconds=20)) as box:
        burnt = box.call("burn")
        assert burnt.kind == "timeout"
        assert burnt.message == ("your code used up its CPU time limit while running burn(...)")
        assert box.call("write", 10).ok
        assert box.restarts == 1


def test_a_forked_copy_of_the_grader_does_not_kill_the_child(kit):
    with Sandbox({"adaline.py": kit.CORRECT}, limits=kit.FAST) as box:
        assert box.start().ok
        pid = os.fork()
        if pid == 0:  # a forked worker exits, running the inherited finalizer
            box._finalizer()
            os._exit(0)
        os.waitpid(pid, 0)
        assert box.call("activation", 2.0).value == 2.0
        assert box.folder.is_dir()


def test_folders_of_killed_graders_are_swept(monkeypatch, kit, tmp_path):
    monkeypatch.setattr(session.tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("GDGRADE_WARM_START", "0")  # the sandbox's folder right in tmp_path
    monkeypatch.setattr(session, "_swept", False)
    stale = tmp_path / f"gdgrade-sandbox-{_dead_pid()}-abc"
    alive = tmp_path / f"gdgrade-sandbox-{os.getppid()}-def"
    for folder in (stale, alive):
        (folder / "work").mkdir(parents=True)
    with Sandbox({"adaline.py": kit.CORRECT}, limits=kit.FAST) as box:
        assert box.folder.parent.parent == tmp_path
        for thread in threading.enumerate():  # the sweep runs beside the grading
            if thread.name == "gdgrade-sweep":
                thread.join()
        assert not stale.exists() and alive.exists()


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid
