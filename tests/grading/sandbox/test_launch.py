"""Launching the child early: it imports while the grader works, start() then waits."""

import time

from gdgrade.grading.sandbox import Limits, Sandbox

SLOW = "import time\ntime.sleep(0.5)\nopen('imported', 'w').close()\n\ndef f():\n    return 1.0\n"


def test_launch_lets_the_import_run_while_the_grader_works():
    with Sandbox({"adaline.py": SLOW.encode()}) as sandbox:
        sandbox.launch()
        marker = sandbox.folder / "imported"
        deadline = time.monotonic() + 30
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # the grader's own work; start() has not been called
        assert marker.exists(), "the module was not imported before start()"
        assert sandbox.start().ok
        assert sandbox.call("f").value == 1.0
        assert sandbox.restarts == 0


def test_a_launched_import_that_hangs_is_stopped():
    limits = Limits(import_seconds=1.0)
    hang = "while True:\n    pass\n"
    with Sandbox({"adaline.py": hang.encode()}, limits=limits) as sandbox:
        sandbox.launch()
        assert sandbox.start().kind == "timeout"


def test_launch_is_a_no_op_without_a_module_and_close_ends_a_launched_child(kit):
    with Sandbox({"other.py": b"x = 1\n"}) as sandbox:
        sandbox.launch()
        assert sandbox.start().kind == "missing"
    sandbox = Sandbox({"adaline.py": SLOW.encode()})
    sandbox.launch()
    assert kit.processes_with(sandbox.marker)  # the child is importing
    sandbox.close()  # never started
    assert kit.survivors(sandbox.marker) == []
