"""The bubblewrap command: what the child sees, and that it really cannot see more."""

from __future__ import annotations

import os

import pytest

from gdgrade.grading.sandbox import Sandbox, bwrap_available
from gdgrade.grading.sandbox.bwrap import MOUNT, bwrap_command, gdgrade_folders, python_folders

needs_bwrap = pytest.mark.skipif(
    not bwrap_available(), reason="bubblewrap cannot start here: isolation is not tested"
)


@pytest.mark.parametrize("root", [True, False])
def test_command_unshares_and_binds_read_only(tmp_path, root):
    command = bwrap_command(tmp_path / "work", tmp_path / "empty", executable="bwrap", root=root)
    for flag in ("--die-with-parent", "--new-session", "--unshare-pid", "--unshare-net"):
        assert flag in command or (not root and "--unshare-all" in command)
    added = [command[i + 1] for i, arg in enumerate(command) if arg == "--cap-add"]
    if root:  # no user namespace (its root would be the host's): the child drops itself
        assert "--unshare-all" not in command and "--unshare-user" not in command
        assert added == ["CAP_SETUID", "CAP_SETGID"]
    else:
        assert "--unshare-all" in command and added == []
    assert command[command.index("--cap-drop") + 1] == "ALL"
    assert command[-7:] == [
        "--bind",
        str(tmp_path / "work"),
        MOUNT,
        "--chdir",
        "/",
        "--remount-ro",
        "/",
    ]
    proc = command.index("--proc")
    for path in ("/proc/sys", "/proc/sysrq-trigger"):
        index = command.index(path)
        assert command[index - 1] == "--ro-bind-try" and command[index + 1] == path
        assert index > proc  # over the sandbox's own /proc
    writable = [command[i + 1] for i, arg in enumerate(command) if arg == "--bind"]
    assert writable == [str(tmp_path / "work")]
    for folder in python_folders():
        assert folder in command
    for folder in gdgrade_folders():
        if any(folder.startswith(root_folder + "/") for root_folder in python_folders()):
            index = command.index(folder)
            assert command[index - 1] == str(tmp_path / "empty")
    made = [command[i + 1] for i, arg in enumerate(command) if arg == "--dir"]
    for folder in python_folders():  # every folder above a bound one is made 0755
        parent = os.path.dirname(folder)
        while parent != "/":
            assert parent in made
            assert command[command.index(parent) - 3 : command.index(parent)] == [
                "--perms",
                "0755",
                "--dir",
            ]
            parent = os.path.dirname(parent)


PROBE = b"""
import os

def probe(paths):
    return [os.path.exists(path) for path in paths]

def writable(paths):
    result = []
    for path in paths:
        try:
            with open(path, "w") as handle:
                handle.write("x")
            result.append(True)
        except OSError:
            result.append(False)
    return result

def capabilities():
    with open("/proc/self/status") as handle:
        line = [row for row in handle if row.startswith("CapEff")][0]
    return int(line.split()[1], 16)

def pid():
    return os.getpid()

def first_is_bwrap():
    with open("/proc/1/comm") as handle:
        return int(handle.read().strip() == "bwrap")
"""


@needs_bwrap
def test_the_child_sees_only_its_folder_and_the_system(tmp_path):
    import gdgrade

    other = tmp_path / "other_submission.py"
    other.write_text("x = 1\n")
    with Sandbox({"adaline.py": PROBE}, isolate=True) as box:
        assert box.isolated
        seen = box.call(
            "probe",
            [
                str(other),
                gdgrade.__file__,
                *gdgrade_folders(),
                "/etc/shadow",
                "/etc/passwd",
                str(box.folder),
                "/usr/lib",
                f"{box.inside}/adaline.py",
            ],
        )
        assert seen.value.tolist() == [False] * (5 + len(gdgrade_folders())) + [True, True]
        written = box.call("writable", [f"{box.inside}/out.txt", "/usr/evil", "/evil", "/tmp/evil"])
        assert written.value.tolist() == [True, False, False, False]
        assert (box.folder / "out.txt").read_text() == "x"
        assert box.call("capabilities").value == 0
        # a PID namespace of bubblewrap's, not the machine's: its pid 1 is bubblewrap's
        # init, and the grader is not there
        assert box.call("first_is_bwrap").value == 1
        assert box.call("probe", [f"/proc/{os.getpid()}/status"]).value.tolist() == [
            box.call("pid").value == os.getpid()
        ]


def test_options_in_pipe_hide_bubblewrap_s_options():
    from gdgrade.grading.sandbox.bwrap import options_in_pipe

    command = ["bwrap", "--bind", "/tmp/gdgrade-sandbox-1/work", "/submission", "--chdir", "/"]
    with options_in_pipe(command) as (prefix, fds):
        assert prefix == ["bwrap", "--args", str(fds[0])]
        sent = os.read(fds[0], 1 << 16)
    assert sent.split(b"\0") == [arg.encode() for arg in command[1:]] + [b""]
    with pytest.raises(OSError):
        os.fstat(fds[0])  # closed when the block ends
    with options_in_pipe([]) as (prefix, fds):
        assert (prefix, fds) == ([], ())  # no bubblewrap: nothing to hide
    long = ["bwrap", "--setenv", "X", "x" * (1 << 20)]  # more than a pipe holds at once
    with options_in_pipe(long) as (prefix, fds):
        assert (prefix, fds) == (long, ())


def test_only_installed_packages_are_hidden_as_forbidden():
    """A forbidden package installed in a site-packages folder is hidden; the standard
    library's modules (the server needs json) and numpy never are."""
    import importlib.util

    from gdgrade.grading.sandbox.bwrap import forbidden_folders

    assert forbidden_folders(["json", "numpy.linalg", "gdgrade", "no_such_module_here"]) == []
    if importlib.util.find_spec("sympy") is None:
        pytest.skip("sympy is not installed here")
    folders = forbidden_folders(["sympy.solvers"])
    assert folders and all(os.path.basename(f) == "sympy" for f in folders)


def test_landlock_rules_show_what_bubblewrap_shows():
    import tempfile

    from gdgrade.grading.sandbox.bwrap import landlock_rules

    rules = landlock_rules("/nowhere/work", [], ["sympy"])
    assert rules["write"] == ["/nowhere/work"]
    assert "/usr" in rules["read"] and "/proc" in rules["read"]
    assert tempfile.gettempdir() not in rules["read"]  # other sandboxes' folders are there
    assert set(gdgrade_folders()) <= set(rules["hidden"])
