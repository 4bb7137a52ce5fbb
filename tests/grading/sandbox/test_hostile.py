"""Hostile submissions, one category each (``hostile/*.py``).

Each must end with a failed call of the right kind and a clear message (or, when
it only misbehaves around a right answer, with that answer), no process of the
sandbox left running, nothing written outside its folder, and the next sandbox
working.  Assertions that need bubblewrap's isolation are skipped without it.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import warnings

import numpy as np
import pytest

import gdgrade.reference as ref
from gdgrade.grading.sandbox import Limits, Sandbox, bwrap_available
from gdgrade.grading.sandbox.process import process_uids

ISOLATED = bwrap_available()
needs_bwrap = pytest.mark.skipif(
    not ISOLATED, reason="bubblewrap cannot start here: isolation is not tested"
)


@pytest.fixture(params=[pytest.param("bwrap", marks=needs_bwrap), "own-uid"])
def confined(request):
    """``isolate=`` for a sandbox whose child is never root: with bubblewrap, or without
    it as a uid of its own (the grader being root)."""
    if request.param == "own-uid":
        request.getfixturevalue("unisolated_own_uid")
        return False
    return True


def _status(pid: int) -> dict[str, str]:
    try:
        with open(f"/proc/{pid}/status") as handle:
            return dict(line.rstrip("\n").split(":\t", 1) for line in handle if ":\t" in line)
    except OSError:
        return {}


def _peak(uid: int, kit, stop: threading.Event, seen: list[int]) -> None:
    """Count the processes of ``uid`` from here, as often as possible, until ``stop``."""
    while not stop.is_set():
        seen.append(len(kit.processes_of(uid)))


@pytest.fixture
def open_box(kit):
    """Open sandboxes on hostile submissions; on teardown check they left nothing behind."""
    boxes = []

    def opener(name: str, *, extra: dict | None = None, **options) -> Sandbox:
        options.setdefault("limits", kit.FAST)
        files = {"adaline.py": kit.hostile(name), **(extra or {})}
        box = Sandbox(files, **options)
        boxes.append(box)
        return box

    yield opener
    for box in boxes:
        folder, marker = box.folder, box.marker
        box.close()
        assert kit.survivors(marker) == [], f"processes of {marker} survived close()"
        assert not folder.parent.exists()
    kit.assert_next_sandbox_works()


@pytest.mark.slow
def test_infinite_loop_in_a_call(open_box, kit):
    box = open_box("infinite_loop_call")
    X, y, w = kit.data()
    result = box.call("gradient", X, y, w)
    assert result.kind == "timeout"
    assert result.message == (
        "your code ran for more than 2 s on this call and was stopped (while running gradient(...))"
    )
    assert box.call("cost", X, y, w).value == pytest.approx(ref.cost(X, y, w))
    assert box.restarts == 1


@pytest.mark.slow
@pytest.mark.parametrize("name", ["infinite_loop_import", "sleeping_import"])
def test_hanging_import(open_box, kit, name):
    box = open_box(name, limits=Limits(import_seconds=1.5))
    started = box.start()
    assert started.kind == "timeout"
    assert "your module took more than 1.5 s to import and was stopped" in started.message
    called = box.call("gradient", *kit.data())
    assert called.kind == "timeout" and "could not be used" in called.message
    assert box.restarts == 0  # a module that hangs at import is not imported again


@pytest.mark.slow
def test_memory_bomb(open_box, kit):
    limits = Limits(call_seconds=30, memory_bytes=1024**3)
    box = open_box("memory_bomb", limits=limits)
    X, y, w = kit.data()
    result = box.call("gradient", X, y, w)
    assert result.kind == "memory"
    assert result.message == (
        "your code exceeded the memory limit of 1 GiB while running gradient(...)"
    )
    assert box.call("cost", X, y, w).ok


def test_sys_exit_at_import(open_box, kit):
    box = open_box("exit_at_import")
    started = box.start()
    assert started.kind == "exit"
    assert started.message == (
        "your code exited the process (sys.exit(0)) while importing your module"
    )
    assert box.call("gradient", *kit.data()).kind == "exit"


def test_os_exit_in_a_call_loses_only_that_call(open_box, kit):
    box = open_box("os_exit_in_call")
    X, y, w = kit.data()
    result = box.call("gradient", X, y, w)
    assert result.kind == "exit"
    assert result.message == (
        "your code exited the process (exit code 3, e.g. os._exit(3)) while running gradient(...)"
    )
    assert box.call("cost", X, y, w).value == pytest.approx(ref.cost(X, y, w))
    learner = box.new("AdalineGD")
    assert box.method(learner.handle, "fit", X, y).is_self
    assert box.restarts == 1


def test_sys_exit_and_keyboard_interrupt_in_calls(open_box, kit):
    box = open_box("sys_exit_in_call")
    X, y, w = kit.data()
    exited = box.call("gradient", X, y, w)
    assert exited.kind == "exit"
    assert (
        exited.message == "your code exited the process (sys.exit(0)) while running gradient(...)"
    )
    interrupted = box.call("update", X, y, w, 0.1)
    assert interrupted.kind == "exception"
    assert interrupted.message.startswith("KeyboardInterrupt (adaline.py, line 18, in update)")
    np.testing.assert_array_equal(box.call("predict", X, w).value, ref.predict(X, w))
    assert box.restarts == 0  # SystemExit and KeyboardInterrupt are caught in the child


def test_keyboard_interrupt_at_import(open_box, kit):
    X, y, w = kit.data()
    box = open_box("keyboard_interrupt_at_import")
    started = box.start()
    assert started.kind == "import-error"
    assert started.message.startswith("KeyboardInterrupt (adaline.py, line 10, in <module>)")
    partial = open_box("keyboard_interrupt_at_import", keep_partial_import=True)
    assert partial.start().kind == "import-error"
    np.testing.assert_allclose(partial.call("net_input", X, w).value, ref.net_input(X, w))
    # the import goes on after the failing statement: what is defined after it is there
    np.testing.assert_array_equal(partial.call("gradient", X, y, w).value, np.zeros_like(w))


def test_segfault_and_atexit(open_box, kit):
    box = open_box("atexit_and_segfault")
    X, y, w = kit.data()
    crashed = box.call("gradient", X, y, w)
    assert crashed.kind == "crash"
    assert crashed.message == "your code crashed the process (SIGSEGV) while running gradient(...)"
    assert "Segmentation fault" in box.output  # faulthandler's report, for the student
    assert box.call("cost", X, y, w).ok
    box.close()
    assert '"score"' not in box.output  # the atexit hook never ran


def test_patched_numpy_and_builtins_change_nothing_here(open_box, kit):
    box = open_box("patched_numpy")
    X, y, w = kit.data()
    result = box.call("gradient", X, y, w)
    assert result.ok
    expected = ref.gradient(X, y, w)
    assert not np.allclose(result.value, expected)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(result.value, expected)
    assert np.allclose.__module__.startswith("numpy")
    assert not np.array_equal(np.zeros(2), np.ones(2))
    assert abs(-2) == 2 and not isinstance(1, str)


def _rename_last(namespace: dict) -> None:
    """The last name removed and its value put back under another: the values in order."""
    namespace["renamed_builtin"] = namespace.pop(next(reversed(namespace)))


@pytest.mark.parametrize(
    "change",
    [
        lambda namespace: namespace.__setitem__("len", lambda value: 0),
        lambda namespace: namespace.__setitem__("added_builtin", 1),
        lambda namespace: namespace.pop("abs"),
        lambda namespace: namespace.__setitem__("abs", namespace.pop("abs")),  # moved
        _rename_last,
    ],
    ids=["replaced", "added", "removed", "moved", "last-renamed"],
)
def test_the_server_sees_every_change_to_builtins_and_runs_with_clean_ones(change):
    import builtins

    from gdgrade.grading.sandbox._child import _Builtins

    namespace = vars(builtins)
    clean = dict(namespace)
    guard = _Builtins()
    guard.run(change, namespace)
    assert guard.student is not None  # seen, kept for the student's next call
    assert list(namespace) == list(clean)  # and the clean ones are back for the server
    assert all(namespace[name] is value for name, value in clean.items())


def test_fake_json_on_stdout_and_in_files(open_box, kit, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    box = open_box("fake_json")
    X, y, w = kit.data()
    result = box.call("gradient", X, y, w)
    assert result.ok and np.all(result.value == 0)  # the wrong answer, nothing else
    assert '"score": 100.0' in box.output  # printed, never parsed
    assert (box.folder / "results.json").is_file()  # inside its own folder only
    assert not (tmp_path / "results.json").exists()
    assert not (box.folder.parent.parent / "results.json").exists()


def test_lying_return_values(open_box, kit):
    box = open_box("lying_returns")
    X, y, w = kit.data()
    subclass = box.call("gradient", X, y, w)
    assert subclass.ok and type(subclass.value) is np.ndarray
    assert not np.all(subclass.value == ref.gradient(X, y, w))
    expectations = {
        "net_input": (
            (X, w),
            "net_input(...) returned a value that is not a numeric array (got Liar)",
        ),
        "activation": (
            (X,),
            "activation(...) returned a generator; return a list or a numpy array",
        ),
        "cost": ((X, y, w), "cost(...) returned None (did you forget `return`?)"),
        "predict": ((X, w), "predict(...) returned a value that is not a numeric array (got <U2)"),
        "update": ((X, y, w, 0.1), "update(...) returned a value that is not a numeric array"),
    }
    for name, (args, message) in expectations.items():
        result = box.call(name, *args)
        assert result.kind == "bad-return", name
        assert result.message.startswith(message), result.message


@pytest.mark.parametrize("isolate", [pytest.param(True, marks=needs_bwrap), False])
def test_forks_and_setsid_daemons_die_with_the_sandbox(open_box, kit, isolate):
    box = open_box("forks_and_daemon", isolate=isolate, limits=Limits(import_seconds=10))
    X, y, w = kit.data()
    assert box.call("gradient", X, y, w).ok
    assert box.call("gradient", X, y, w).ok
    assert len(kit.processes_with(box.marker)) >= 4  # children, daemons, the server
    # the teardown asserts that none of them survives close()


def test_spinning_thread(open_box, kit):
    box = open_box("spinning_thread")
    X, y, w = kit.data()
    for _ in range(3):
        np.testing.assert_allclose(box.call("gradient", X, y, w).value, ref.gradient(X, y, w))


@pytest.mark.slow
def test_200_mb_on_stdout(open_box, kit):
    box = open_box("huge_stdout", limits=Limits(call_seconds=60))
    X, y, w = kit.data()
    result = box.call("gradient", X, y, w)
    np.testing.assert_allclose(result.value, ref.gradient(X, y, w))
    output = box.output
    assert len(output.encode()) < 64 * 1024 + 100
    assert output.startswith("spam spam")
    assert output.rstrip().endswith("the end of the output")
    assert "bytes of output not kept" in output
    assert sum(path.stat().st_size for path in box.folder.rglob("*") if path.is_file()) < 10**6


def test_huge_and_nan_returns(open_box, kit):
    box = open_box("huge_and_nan_returns")
    X, y, w = kit.data()
    huge = box.call("gradient", X, y, w)
    assert huge.kind == "bad-return"
    assert huge.message == (
        "gradient(...) returned 1600000000 bytes, more than the limit of 67108864 bytes"
    )
    assert np.isnan(box.call("cost", X, y, w).value)
    np.testing.assert_array_equal(box.call("update", X, y, w, 0.1).value, [np.nan, np.inf, -np.inf])


@needs_bwrap
def test_writes_outside_the_sandbox_fail(open_box, kit, tmp_path, monkeypatch):
    sibling = tmp_path / "sibling"
    sibling.mkdir()
    (sibling / "adaline.py").write_text("# a classmate's work\n")
    monkeypatch.chdir(tmp_path)
    marker = "/tmp/gdgrade-hostile-marker"
    existed = os.path.exists(marker)
    targets = (
        f"{sibling / 'adaline.py'}\n{tmp_path / 'grader_cwd.py'}\n{tmp_path / 'new' / 'x.py'}\n"
    )
    box = open_box("writes_outside", extra={"targets.txt": targets.encode()})
    result = box.call("gradient", *kit.data())
    assert result.ok and np.all(result.value == 0)  # not one write succeeded
    assert (sibling / "adaline.py").read_text() == "# a classmate's work\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["sibling"]
    assert existed or not os.path.exists(marker)


@pytest.mark.parametrize("isolate", [pytest.param(True, marks=needs_bwrap), False])
def test_network_connection_fails(open_box, kit, isolate):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.05)
    port = server.getsockname()[1]
    accepted: list[bytes] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            connection.settimeout(2)
            accepted.append(connection.recv(100))
            connection.sendall(b"here is the answer")
            connection.close()

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as control:
            control.sendall(b"gradient please")
            assert control.recv(100) == b"here is the answer"
        box = open_box("network", extra={"port.txt": str(port).encode()}, isolate=isolate)
        result = box.call("gradient", *kit.data())
    finally:
        stop.set()
        thread.join()
        server.close()
    # without bubblewrap too: the seccomp filter refuses the child any socket
    assert accepted == [b"gradient please"]  # the control: this process's connection only
    assert result.ok and np.all(result.value == 0)


def test_import_of_gdgrade_is_refused(open_box, kit):
    box = open_box("imports_gdgrade")
    started = box.start()
    assert started.kind == "forbidden-import"
    assert started.message.startswith(
        "your code imports gdgrade.reference, which graded code may not import "
        "(adaline.py, line 5, in <module>)"
    )
    assert [(e.module, e.kind, e.line, e.phase) for e in box.import_events] == [
        ("gdgrade.reference", "forbidden", 5, "import")
    ]
    called = box.call("gradient", *kit.data())
    assert called.kind == "forbidden-import" and "gdgrade" in called.message


def test_dynamic_import_of_gdgrade_is_refused(open_box, kit):
    box = open_box("imports_gdgrade_dynamically")
    X, y, w = kit.data()
    hooked = box.call("gradient", X, y, w)
    assert hooked.kind == "forbidden-import"
    assert hooked.message.startswith("your code imports gdgrade, which graded code may not import")
    unhooked = box.call("cost", X, y, w)
    if ISOLATED:  # with the hook removed, gdgrade is simply not there
        assert unhooked.kind == "exception"
        assert "No module named 'gdgrade'" in unhooked.message


def test_forbidden_modules_of_the_spec(open_box, kit):
    """Judged on what the code imports when it runs: an import in a function nobody
    calls is never judged; one in a function that runs is refused (json is already
    loaded in the child, and still refused) and reported to the grader."""
    source = b"def f():\n    import json\n    return 1\n\ndef g():\n    return 2\n"
    box = open_box("network", extra={"adaline.py": source}, forbidden=["json"])
    assert box.start().ok and box.call("g").ok and box.import_events == []
    called = box.call("f")
    assert called.kind == "forbidden-import"
    assert called.message.startswith("your code imports json, which graded code may not import")
    assert [(e.module, e.line, e.phase) for e in box.import_events] == [("json", 2, "call")]


def test_garbage_in_the_protocol(open_box, kit):
    box = open_box("garbage_protocol")
    X, y, w = kit.data()
    for name, args in (("gradient", (X, y, w)), ("cost", (X, y, w)), ("update", (X, y, w, 0.1))):
        result = box.call(name, *args)
        assert result.kind == "protocol", (name, result)
        assert result.message.startswith("your code wrote into the grader's channel")
    assert box.restarts == 2


def test_every_hostile_category_has_a_test():
    from pathlib import Path

    names = {path.stem for path in (Path(__file__).parent / "hostile").glob("*.py")}
    # (leaks_hidden_inputs is graded whole, in the runner's tests)
    source = Path(__file__).read_text() + (Path(__file__).parents[1] / "test_runner.py").read_text()
    untested = sorted(name for name in names if f'"{name}"' not in source)
    assert untested == []


def test_results_are_json_free():
    """The parent never parses the child's stdout: no JSON reader touches the output."""
    import inspect

    from gdgrade.grading.sandbox import process, session

    for module in (process, session):
        text = inspect.getsource(module)
        assert "json.loads" not in text and "json.load(" not in text


# ---- issue 10: the machine, the fork bomb, the leftovers ------------------------------


def test_kernel_settings_cannot_be_written(open_box, kit, confined):
    box = open_box("kernel_settings", isolate=confined, limits=Limits(call_seconds=60))
    result = box.call("gradient", *kit.data())
    assert result.ok, result.message
    tried, opened, written, opened_closed, sys_seen = result.value
    assert tried > 100  # every file of /proc/sys was tried
    assert written == 0 and opened_closed == 0, box.output  # core_pattern, drop_caches...
    if confined:  # bubblewrap: /proc/sys is read-only and there is no /sys at all
        assert opened == 0 and sys_seen == 0, box.output


def test_the_child_is_not_root_on_the_host(open_box, kit, confined):
    box = open_box("fork_storm", isolate=confined)
    assert box.call("storm", 3, 5.0).value.tolist() == [3, 0]
    assert box.uid != 0
    found = kit.processes_with(box.marker)
    student = []
    for pid in found:
        status = _status(pid)
        assert int(status["CapEff"], 16) == 0, status  # bubblewrap's own processes too
        if status["Name"] == "bwrap":
            continue
        student.append(pid)
        assert status["Uid"].split() == [str(box.uid)] * 4, status
        assert int(status["CapPrm"], 16) == 0 and status["NoNewPrivs"] == "1", status
    assert len(student) == 4  # the server and its three children
    assert sorted(student) == sorted(kit.processes_of(box.uid))


@pytest.mark.parametrize("processes", [Limits().processes, 6])
def test_a_fork_storm_stops_at_the_cap(open_box, kit, confined, processes):
    box = open_box("fork_storm", isolate=confined, limits=Limits(processes=processes))
    assert box.start().ok
    cap = box.process_cap
    assert cap == processes
    stop, seen = threading.Event(), []
    watcher = threading.Thread(target=_peak, args=(box.uid, kit, stop, seen))
    watcher.start()
    try:
        made, failed = box.call("storm", 2000, 1.0).value
    finally:
        stop.set()
        watcher.join()
    assert made + failed == 2000
    assert cap - 3 <= made <= cap - 1  # the server is one of the cap
    assert max(seen) <= cap
    assert box.call("storm", 0, 0).value.tolist() == [0, 0]  # and the sandbox still serves
    box.call("storm", 1, 60.0)
    uid = box.uid
    box.close()
    if confined:  # the namespace is gone: nothing left under its uid, not even a zombie
        assert kit.processes_of(uid) == []
    else:  # killed at once; the orphans' zombies wait for the machine's init
        assert all(process_uids(pid, living=True) is None for pid in kit.processes_of(uid))
        deadline = time.monotonic() + 30
        while kit.processes_of(uid):
            assert time.monotonic() < deadline
            time.sleep(0.1)


def test_two_sandboxes_at_once_each_have_their_own_cap(open_box, kit, confined):
    boxes = [open_box("fork_storm", isolate=confined) for _ in range(2)]
    assert all(box.start().ok for box in boxes)
    assert boxes[0].uid != boxes[1].uid
    made = {}

    def storm(index: int) -> None:
        made[index] = int(boxes[index].call("storm", 2000, 2.0).value[0])

    threads = [threading.Thread(target=storm, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cap = Limits().processes
    assert cap - 3 <= made[0] <= cap - 1 and cap - 3 <= made[1] <= cap - 1, made


def test_kill_minus_one_reaches_only_its_own_processes(open_box, kit, confined):
    bystander = open_box("fork_storm", isolate=confined)
    assert bystander.call("storm", 2, 30.0).value.tolist() == [2, 0]
    box = open_box("kills_everything", isolate=confined)
    result = box.call("gradient", *kit.data())
    assert result.ok, result.message  # kill(-1) spares its caller...
    assert result.value.tolist() == [0]  # ...and reaches its own children
    assert len(kit.processes_of(bystander.uid)) == 3  # another sandbox: untouched
    assert bystander.call("storm", 0, 0).value.tolist() == [0, 0]  # still serving


@pytest.mark.parametrize("isolate", [pytest.param(True, marks=needs_bwrap), False])
def test_no_terminal_to_type_into(open_box, kit, isolate):
    box = open_box("terminal_injection", isolate=isolate)
    pushed, tried = box.call("gradient", *kit.data()).value
    assert tried >= 3 and pushed == 0


def test_cgroup_release_agent_cannot_be_reached(open_box, kit, confined):
    box = open_box("cgroup_release_agent", isolate=confined)
    stage = box.call("gradient", *kit.data()).value
    assert stage < 3  # never a release_agent open for writing


@pytest.mark.parametrize(
    "isolate", [pytest.param(True, marks=needs_bwrap), pytest.param(False, id="unisolated")]
)
def test_deep_trees_locked_folders_and_links_are_removed(open_box, kit, tmp_path, isolate):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("keep")
    limits = Limits(import_seconds=120, call_seconds=10)
    extra = {"targets.txt": f"{precious}\n{precious / 'keep.txt'}\n".encode()}
    box = open_box("deep_tree", isolate=isolate, limits=limits, extra=extra)
    assert box.call("gradient", *kit.data()).ok
    assert (box.folder / "d" / "d" / "d").is_dir() and (box.folder / "link0").is_symlink()
    folder = box.folder.parent
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "could not remove the sandbox folder" would fail
        box.close()
    assert not folder.exists()
    assert (precious / "keep.txt").read_text() == "keep"


SHADOW = b"""
import os
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "shadowed.txt"), "a") as h:
    h.write(f"{__name__} {os.getuid()}\\n")
RLIMIT_CPU = RLIMIT_AS = RLIMIT_FSIZE = RLIMIT_NOFILE = RLIMIT_CORE = RLIMIT_NPROC = 0
RLIM_INFINITY = -1


def setrlimit(*args):
    pass


def getrlimit(*args):
    return (-1, -1)
"""
SHADOWED = ("json", "re", "struct", "math", "signal", "resource", "ctypes", "numpy")


@pytest.mark.parametrize("isolate", [pytest.param(True, marks=needs_bwrap), False])
def test_modules_named_like_the_servers_are_never_the_servers(open_box, kit, isolate):
    extra = {f"{name}.py": SHADOW for name in SHADOWED}
    box = open_box("shadows_stdlib", isolate=isolate, extra=extra, limits=Limits(processes=20))
    X, y, w = kit.data()
    result = box.call("gradient", X, y, w)
    assert result.ok, result.message
    np.testing.assert_allclose(result.value[:-1], ref.gradient(X, y, w))
    assert result.value[-1] == 0 and not (box.folder / "shadowed.txt").exists()
    server = [pid for pid in kit.processes_with(box.marker) if _status(pid)["Name"] != "bwrap"]
    with open(f"/proc/{server[0]}/limits") as handle:
        limits = {line[:26].strip(): line[26:].split() for line in handle}
    assert limits["Max address space"][:2] == [str(Limits().memory_bytes)] * 2
    if box.process_cap is not None:
        assert limits["Max processes"][:2] == ["20", "20"]


def test_without_bubblewrap_the_uid_and_the_cap_still_hold(open_box, kit, unisolated_own_uid):
    from gdgrade.grading.sandbox import session

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(session, "bwrap_available", lambda: False)
        patch.setattr(session, "_warned", False)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            box = open_box("fork_storm")
            again = open_box("fork_storm")
    assert not box.isolated and box.uid != 0 and box.uid != again.uid
    assert box.process_cap == Limits().processes
    messages = [str(w.message) for w in caught if w.category is RuntimeWarning]
    assert messages == [session.confinement(False).warning]  # said once
    assert "run as a uid of their own with a process cap" in messages[0]
    made, failed = box.call("storm", 500, 1.0).value
    assert made == Limits().processes - 1 and failed == 500 - made


# ---- the kernel's other doors: namespaces, uncounted memory, /proc, start-up files --------


@pytest.fixture(
    params=[
        pytest.param("warm", marks=needs_bwrap),
        pytest.param("cold", marks=needs_bwrap),
        "own-uid",
    ]
)
def started(request, monkeypatch):
    """``isolate=`` for each way a grader run as root starts a child: forked from its
    thread's zygote, started by bubblewrap (warm starts off), or as a uid of its own
    without bubblewrap."""
    if request.param == "own-uid":
        request.getfixturevalue("unisolated_own_uid")
        return False
    if request.param == "cold":
        monkeypatch.setenv("GDGRADE_WARM_START", "0")
    return True


def test_no_user_namespace_of_its_own(open_box, kit, started):
    import errno

    box = open_box("nested_user_namespace", isolate=started)
    result = box.call("gradient", *kit.data())
    assert result.ok, result.message
    assert result.value.tolist() == [0, errno.EPERM], box.output  # unshare refused


def test_no_memory_outside_the_address_space_limit(open_box, kit, started):
    box = open_box("memory_outside_limits", isolate=started)
    result = box.call("gradient", *kit.data())
    assert result.ok, result.message
    assert result.value.tolist() == [0, 0, 0], box.output  # memfd, shared memory, messages


def test_no_io_uring_userfaultfd_perf_bpf_or_keyrings(open_box, kit, started):
    box = open_box("kernel_interfaces", isolate=started)
    result = box.call("gradient", *kit.data())
    assert result.ok, result.message
    assert result.value.tolist() == [0, 0], box.output


def test_threads_and_processes_still_start_under_the_filter(open_box, kit, started):
    """clone3 says ENOSYS: the C library falls back to clone for threads, and fork works."""
    source = b"""
import os, threading
import numpy as np

def gradient(X, y, w):
    seen = []
    thread = threading.Thread(target=lambda: seen.append(1))
    thread.start()
    thread.join()
    pid = os.fork()
    if pid == 0:
        os._exit(7)
    _, status = os.waitpid(pid, 0)
    return np.array([len(seen), os.waitstatus_to_exitcode(status)])
"""
    box = open_box("network", extra={"adaline.py": source}, isolate=started)
    assert box.call("gradient", *kit.data()).value.tolist() == [1, 7]


def test_the_syscall_filter_program():
    import struct

    from gdgrade.grading.sandbox._child import _REFUSED_CALLS, _syscall_filter

    assert _syscall_filter("sparc64") is None  # an architecture it does not know: no filter
    for machine, (arch, refused, denied, flagged, _x32) in _REFUSED_CALLS.items():
        program = _syscall_filter(machine)
        entries = [struct.unpack("=HBBI", program[at : at + 8]) for at in range(0, len(program), 8)]
        assert entries[1] == (0x15, 1, 0, arch)  # the architecture is checked first
        assert entries[-1] == (0x06, 0, 0, 0x7FFF0000)  # the rest is allowed
        constants = {entry[3] for entry in entries}
        assert set(refused.values()) | set(denied.values()) | set(flagged.values()) <= constants
        assert "clone3" in refused and "memfd_create" in refused and "shmget" in refused
        assert {"semget", "mq_open", "inotify_init1", "fanotify_init"} <= set(refused)
        assert set(denied) == {"socket", "socketpair", "sched_setaffinity"}
        for number in denied.values():  # each is answered EPERM, right after its test
            at = entries.index((0x15, 0, 1, number))
            assert entries[at + 1] == (0x06, 0, 0, 0x00050000 | 1)
        for at, (code, jt, jf, _k) in enumerate(entries):  # every jump lands inside
            if code & 0x07 == 0x05:
                assert at + 1 + max(jt, jf) < len(entries)


def test_proc_gives_nothing_of_other_processes(open_box, kit, started):
    bystander = open_box("fork_storm", isolate=started)
    assert bystander.call("storm", 1, 30.0).value.tolist() == [1, 0]
    box = open_box("proc_snooping", isolate=started)
    result = box.call("gradient", *kit.data())
    assert result.ok, result.message
    others, *got = result.value.tolist()
    assert others >= 1  # bubblewrap's init, the zygote, or the whole machine
    assert got == [0] * 6, box.output  # environ, fd, cwd/root, mem/maps, signals, ptrace


STARTUP = b"""import os
with open(os.path.join(os.environ.get("HOME", "/nowhere"), "ran.txt"), "a") as h:
    h.write(__name__ + "\\n")
"""


def test_start_up_files_in_the_submission_never_run(open_box, kit, started):
    extra = {
        "sitecustomize.py": STARTUP,
        "usercustomize.py": STARTUP,
        ".pythonrc.py": STARTUP,
        "zz_evil.pth": b"import os; os.system('echo pth >> ' + os.environ['HOME'] + '/ran.txt')\n",
    }
    box = open_box("python_startup_files", isolate=started, extra=extra)
    result = box.call("gradient", *kit.data())
    assert result.ok, result.message
    assert result.value.tolist() == [0]
    assert not (box.folder / "ran.txt").exists()


def test_the_folder_cannot_fill_the_disk(own_zygotes, open_box, kit, started, request):
    """Files of the largest size allowed, one after the other, then empty ones: the folder
    holds at most ``folder_bytes`` and ``folder_files`` (the grader is root here)."""
    import errno

    from gdgrade.grading.sandbox.zygote import ZYGOTE_MOUNT

    limits = Limits(
        call_seconds=30,
        file_bytes=4 << 20,
        submission_bytes=1 << 20,
        folder_bytes=16 << 20,
        folder_files=500,
    )
    cap = {"cap.txt": b"12 2000 4194304"}  # 48 MiB in 4 MiB files, then 2,000 empty files
    box = open_box("fills_the_disk", isolate=started, limits=limits, extra=cap)
    assert box.folder_quota
    warm = request.node.callspec.params["started"] == "warm"
    assert box.inside.startswith(ZYGOTE_MOUNT) == warm  # the zygote's nursery is the bound
    result = box.call("gradient", *kit.data())
    assert result.ok, result.message
    written, made, big_error, small_error = result.value.tolist()
    assert written <= 16 << 20 and big_error == errno.ENOSPC
    assert made < 500 and small_error == errno.ENOSPC
    assert box.call("gradient", *kit.data()).ok  # and the sandbox still serves
    source = (
        b"def gradient(X, y, w):\n"
        b"    for i in range(8):\n"
        b"        open(str(i), 'wb').write(bytes(4 << 20))\n"
    )
    box = open_box("fills_the_disk", isolate=started, limits=limits, extra={"adaline.py": source})
    assert not box.inside.startswith(ZYGOTE_MOUNT)  # the nursery is full: a cold start
    failed = box.call("gradient", *kit.data())
    assert failed.kind == "exception"
    assert failed.message.startswith("OSError: [Errno 28] No space left on device")
    assert "(your code's folder may hold at most 16 MiB in 500 files)" in failed.message


def test_a_warm_start_is_used_only_with_its_nursery_s_bound(own_zygotes, open_box, kit):
    """The thread's zygote holds one folder size; a sandbox asking another one is started
    the usual way, in a folder of its own size."""
    from gdgrade.grading.sandbox.zygote import ZYGOTE_MOUNT

    if not ISOLATED:
        pytest.skip("warm starts need bubblewrap")
    first = open_box("fork_storm", limits=Limits(folder_bytes=64 << 20))
    same = open_box("fork_storm", limits=Limits(folder_bytes=64 << 20, call_seconds=3))
    other = open_box("fork_storm")
    assert first.inside.startswith(ZYGOTE_MOUNT) and same.inside.startswith(ZYGOTE_MOUNT)
    assert not other.inside.startswith(ZYGOTE_MOUNT)
    assert all(box.folder_quota for box in (first, same, other))
    assert all(box.call("storm", 0, 0).ok for box in (first, same, other))


@pytest.fixture
def unfenced(unisolated_own_uid, monkeypatch):
    """Without bubblewrap, as a uid of its own, and without Landlock (a kernel before 5.13,
    or one that does not enable it): what the child's uid may reach."""
    import dataclasses

    from gdgrade.grading.sandbox import session

    found = dataclasses.replace(session.confinement(False), fenced=False)
    monkeypatch.setitem(session._confinements, False, found)
    return False


def test_nothing_outlives_the_sandbox_in_the_shared_folders(open_box, kit, started, tmp_path):
    from gdgrade.grading.sandbox import session

    precious = tmp_path / "precious.txt"
    precious.write_text("keep")
    extra = {"targets.txt": str(precious).encode()}
    box = open_box("leaves_files_outside", isolate=started, extra=extra)
    made = int(box.call("gradient", *kit.data()).value[0])
    left = [path for path in (box.folder / "left.txt").read_text().split("\n") if path]
    assert len(left) == made
    # bubblewrap: no /tmp, /var/tmp or /dev/shm of the machine at all; without it,
    # Landlock: not one of them can be written
    if not started:
        assert session.confinement(False).fenced == (_landlock_version() >= 1)
    assert made == 0 or not session.confinement(False).fenced


def _landlock_version() -> int:
    from gdgrade.grading.sandbox._child import landlock_version

    return landlock_version()


def test_without_landlock_what_it_leaves_in_the_shared_folders_is_removed(
    open_box, kit, unfenced, tmp_path
):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep")
    extra = {"targets.txt": str(precious).encode()}
    box = open_box("leaves_files_outside", isolate=unfenced, extra=extra)
    made = int(box.call("gradient", *kit.data()).value[0])
    left = [path for path in (box.folder / "left.txt").read_text().split("\n") if path]
    assert made == 9 and all(os.path.lexists(path) for path in left)
    box.close()
    assert not any(os.path.lexists(path) for path in left)
    assert precious.read_text() == "keep"  # the link was removed, never followed


# ---- channels between submissions, CPUs, the kernel's buffers -----------------------------


def _libc_ipc():
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if not hasattr(libc, "mq_unlink"):  # a C library before 2.34
        libc = ctypes.CDLL("librt.so.1", use_errno=True)
    return libc


@pytest.fixture
def channel_name():
    """A name (and a System V key) of this test's own; whatever a submission left under
    them in the machine's IPC namespace is removed at the end."""
    import uuid

    name = f"gdgrade-test-{uuid.uuid4().hex[:12]}"
    key = int(uuid.uuid4().hex[:7], 16) or 1
    yield name, key
    libc = _libc_ipc()
    libc.mq_unlink(("/" + name).encode())
    semaphore = libc.semget(key, 1, 0)
    if semaphore >= 0:
        libc.semctl(semaphore, 0, 0)  # IPC_RMID


def test_no_channel_between_submissions_or_to_the_machine(
    own_zygotes, open_box, kit, started, channel_name
):
    """Abstract Unix sockets, POSIX message queues and System V semaphores: one submission
    cannot hand its answers to another graded at the same time or later, nor reach a
    service of the machine listening on an abstract socket (the grader's, here)."""
    name, key = channel_name
    grader = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    grader.bind("\0" + name + "-grader")
    grader.listen(4)
    extra = {"name.txt": f"{name} {key}".encode()}
    try:
        first = open_box("talks_to_others", isolate=started, extra=extra)
        second = open_box("talks_to_others", isolate=started, extra=extra)
        left = first.call("leave", *kit.data())
        taken = second.call("take", *kit.data())
        first.close()
        later = open_box("talks_to_others", isolate=started, extra=extra)
        taken_later = later.call("take", *kit.data())
    finally:
        grader.close()
    assert left.ok and taken.ok and taken_later.ok, (left.message, taken.message)
    assert left.value.tolist() == [0, 0, 0], first.output  # socket, queue, semaphore
    assert taken.value.tolist() == [0, 0, 0, 0], second.output
    assert taken_later.value.tolist() == [0, 0, 0, 0], later.output


def test_the_cpus_it_was_given_hold(own_zygotes, open_box, kit, started):
    """A child keeps the CPUs its worker gave it (one here): it cannot widen them."""
    import errno

    given = os.sched_getaffinity(0)
    if len(given) < 2:
        pytest.skip("one CPU here: nothing to widen to")
    os.sched_setaffinity(0, {min(given)})
    try:
        box = open_box("widens_its_cpus", isolate=started)
        result = box.call("widen", *kit.data())
    finally:
        os.sched_setaffinity(0, given)
    assert result.ok, result.message
    failed, cpus = result.value.tolist()
    assert cpus == 1 and failed in (errno.EPERM, errno.ENOSYS), box.output


def test_no_memory_held_in_socket_buffers(open_box, kit, started):
    """Socket pairs would queue data in the kernel, outside the address-space limit."""
    import errno

    limits = Limits(call_seconds=30, memory_bytes=1024**3)
    box = open_box("holds_kernel_memory", isolate=started, limits=limits)
    result = box.call("held", 64 << 20)
    assert result.ok, result.message
    assert result.value.tolist() == [0, errno.EPERM], box.output


def test_no_memory_pinned_by_file_watches(open_box, kit, started):
    """inotify watches on every readable file would pin their inodes in the kernel."""
    import errno

    box = open_box("watches_every_file", isolate=started, limits=Limits(call_seconds=30))
    result = box.call("watch", 20_000)
    assert result.ok, result.message
    assert result.value.tolist() == [errno.ENOSYS, 0], box.output


@needs_bwrap
@pytest.mark.parametrize("start", ["warm", "cold"])
def test_no_host_path_in_the_command_lines_it_sees(own_zygotes, open_box, kit, start, monkeypatch):
    """bubblewrap's process (pid 1 of the sandbox) shows no command line with the host's
    folders: the submission's, gdgrade's.  (Without bubblewrap the child sees the host's
    ``/proc`` and its folder is a host path: nothing to hide there.)"""
    from gdgrade.grading.sandbox.bwrap import gdgrade_folders

    if start == "cold":
        monkeypatch.setenv("GDGRADE_WARM_START", "0")
    box = open_box("reads_host_paths")
    result = box.call("gradient", *kit.data())
    assert result.ok, result.message
    seen = (box.folder / "seen.txt").read_text()
    assert result.value[0] >= 1  # bubblewrap's pid 1 at least
    host = [str(box.folder.parent), *gdgrade_folders(), "gdgrade-sandbox-", "--ro-bind"]
    assert [path for path in host if path in seen] == []


# ---- the grader's answers and the machine's files, without bubblewrap --------------------


def test_the_reference_cannot_be_taken(open_box, kit, started):
    """gdgrade's reference, imported with the import guard taken off (and an editable
    install's finder put back), or found by path and run: neither works, in bubblewrap
    (gdgrade's folders are not there) nor without it (Landlock: they cannot be read)."""
    from gdgrade.grading.sandbox import session

    if not started and not session.confinement(False).fenced:
        pytest.skip("without bubblewrap and Landlock the child reads what its uid may read")
    box = open_box("reads_the_reference", isolate=started, limits=Limits(call_seconds=30))
    X, y, w = kit.data()
    imported = box.call("gradient", X, y, w)
    assert imported.ok, imported.message
    assert imported.value.tolist() == [0.0] * len(w), box.output
    ran = box.call("cost", X, y, w)
    assert ran.ok and ran.value == 0.0, (ran.message, box.output)
    assert box.call("found", X, y, w).value.tolist() == [0.0], box.output


@pytest.fixture
def classmate():
    """A classmate's submission where every user may read it (a folder of the machine's
    temporary folder, and its file, world-readable), removed at the end."""
    import shutil
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="gdgrade-test-classmate-"))
    folder.chmod(0o755)
    answer = folder / "adaline.py"
    answer.write_text("def gradient(X, y, w): ...  # a classmate's work\n")
    answer.chmod(0o644)
    yield answer
    shutil.rmtree(folder)


def test_the_machine_s_files_cannot_be_read(open_box, kit, started, classmate):
    from gdgrade.grading.sandbox import session

    if not started and not session.confinement(False).fenced:
        pytest.skip("without bubblewrap and Landlock the child reads what its uid may read")
    extra = {"targets.txt": f"{classmate}\n{classmate.parent}\n".encode()}
    box = open_box("reads_machine_files", isolate=started, extra=extra)
    result = box.call("gradient", *kit.data())
    assert result.ok, result.message
    assert result.value.tolist() == [0, 0, 0, 0], box.output  # passwd, hostname, the classmate


def test_without_landlock_the_machine_s_files_are_read(open_box, kit, unfenced, classmate):
    """What the README says of a kernel without Landlock: the child reads what its uid may."""
    extra = {"targets.txt": f"{classmate}\n".encode()}
    box = open_box("reads_machine_files", isolate=unfenced, extra=extra)
    assert box.call("gradient", *kit.data()).value.tolist() == [1, 1, 1]


def test_a_forbidden_package_is_not_there_without_the_guard(
    own_zygotes, open_box, kit, started, request
):
    """The spec forbids sympy (installed beside numpy): code that takes the import guard
    off cannot import it either, in bubblewrap (its folder is hidden, as gdgrade's, by
    the zygote too) or without it (Landlock: unreadable)."""
    import importlib.util

    from gdgrade.grading.sandbox import session
    from gdgrade.grading.sandbox.zygote import ZYGOTE_MOUNT

    if importlib.util.find_spec("sympy") is None:
        pytest.skip("sympy is not installed here")
    if not started and not session.confinement(False).fenced:
        pytest.skip("without bubblewrap and Landlock the child reads what its uid may read")
    extra = {"forbidden.txt": b"sympy"}
    box = open_box("takes_the_guard_off", isolate=started, extra=extra, forbidden=["sympy"])
    if request.node.callspec.params["started"] == "warm":  # the zygote hides it: still warm
        assert box.inside.startswith(ZYGOTE_MOUNT)
    result = box.call("gradient", *kit.data())
    assert result.ok, result.message
    assert result.value.tolist() == [0.0], box.output
    allowed = open_box("takes_the_guard_off", isolate=started, extra=extra)
    assert allowed.call("gradient", *kit.data()).value.tolist() == [1.0]  # the control
