"""Launching the child early: it imports while the grader works, start() then waits."""

import time

from gdgrade.grading.sandbox import Limits, Sandbox

SLOW = "import time\ntime.sleep(0.5)\n\ndef f():\n    return 1.0\n"


def test_launch_lets_the_import_run_while_the_grader_works():
    with Sandbox({"adaline.py": SLOW.encode()}) as sandbox:
        sandbox.launch()
        time.sleep(0.6)  # the grader's own work
        begun = time.monotonic()
        assert sandbox.start().ok
        assert time.monotonic() - begun < 0.45  # the import was already done
        assert sandbox.call("f").value == 1.0


def test_the_import_time_limit_counts_from_the_launch():
    limits = Limits(import_seconds=1.0)
    hang = "while True:\n    pass\n"
    with Sandbox({"adaline.py": hang.encode()}, limits=limits) as sandbox:
        sandbox.launch()
        time.sleep(1.2)
        begun = time.monotonic()
        result = sandbox.start()
        assert result.kind == "timeout" and time.monotonic() - begun < 0.5


def test_launch_is_a_no_op_without_a_module_and_close_ends_a_launched_child(kit):
    with Sandbox({"other.py": b"x = 1\n"}) as sandbox:
        sandbox.launch()
        assert sandbox.start().kind == "missing"
    sandbox = Sandbox({"adaline.py": SLOW.encode()})
    sandbox.launch()
    assert kit.processes_with(sandbox.marker)  # the child is importing
    sandbox.close()  # never started
    assert kit.survivors(sandbox.marker) == []
