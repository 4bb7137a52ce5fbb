"""bubblewrap: the command line that isolates a sandbox child, and whether it works here.

With bubblewrap the child sees a read-only system (``/usr``, the Python
installation, the site-packages folder numpy lives in), gdgrade's own folders
masked by an empty folder, and one writable folder, the submission's copy,
at :data:`MOUNT`.  ``--unshare-all`` gives it no network and a new PID
namespace; ``--die-with-parent`` and the namespace's init make every process
it forks die with it; ``--new-session`` detaches it from the grader's
terminal; ``--cap-drop ALL`` leaves it no privilege even when the grader runs
as root.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["MOUNT", "bwrap_available", "bwrap_command", "gdgrade_folders", "python_folders"]

#: Where the submission's copy appears inside the sandbox.
MOUNT = "/submission"

_SYSTEM_LINKS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
_ETC = (
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/alternatives",
)


def _numpy_site() -> str:
    import numpy

    return os.path.dirname(os.path.dirname(os.path.abspath(numpy.__file__)))


def python_folders() -> list[str]:
    """The folders the interpreter and numpy need, outermost only, each as given and resolved."""
    candidates = {
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        sys.base_exec_prefix,
        os.path.dirname(sys.executable),
        _numpy_site(),
    }
    folders = set()
    for folder in candidates:
        for variant in (os.path.abspath(folder), os.path.realpath(folder)):
            if os.path.isdir(variant) and variant != "/":
                folders.add(variant)
    outermost = sorted(
        folder
        for folder in folders
        if not any(other != folder and folder.startswith(other + os.sep) for other in folders)
    )
    return [folder for folder in outermost if not folder.startswith("/usr" + os.sep)]


def gdgrade_folders() -> list[str]:
    """gdgrade's own package folders (hidden from the child), as given and resolved."""
    import gdgrade
    import gdgrade.grading
    import gdgrade.reference

    folders = set()
    for package in (gdgrade, gdgrade.grading, gdgrade.reference):
        folder = os.path.dirname(os.path.abspath(package.__file__))
        folders.update({folder, os.path.realpath(folder)})
    return sorted(folders)


def bwrap_command(work: Path, empty: Path, executable: str | None = None) -> list[str]:
    """The ``bwrap`` arguments that run a command with ``work`` writable at :data:`MOUNT`.

    Parameters
    ----------
    work : Path
        The submission's copy, the only writable and visible folder.
    empty : Path
        An empty folder, bound read-only over gdgrade's own folders.
    executable : str, optional
        The bwrap program (found on PATH when omitted).
    """
    command = [
        executable or bwrap_executable() or "bwrap",
        "--unshare-all",
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--ro-bind",
        "/usr",
        "/usr",
    ]
    for link in _SYSTEM_LINKS:
        if os.path.islink(link):
            command += ["--symlink", os.readlink(link), link]
        elif os.path.isdir(link):
            command += ["--ro-bind", link, link]
    for path in _ETC:
        if os.path.exists(path):
            command += ["--ro-bind", path, path]
    bound = python_folders()
    for folder in bound:
        command += ["--ro-bind", folder, folder]
    masked: list[str] = []
    for folder in gdgrade_folders():  # sorted: gdgrade/ before gdgrade/grading/
        visible = folder.startswith("/usr" + os.sep) or any(
            folder == root or folder.startswith(root + os.sep) for root in bound
        )
        # Inside a folder already masked (an installed wheel: gdgrade/grading/ is in
        # gdgrade/) it is hidden with it; binding again there is an error for bwrap.
        if visible and not any(folder.startswith(m + os.sep) for m in masked):
            masked.append(folder)
            command += ["--ro-bind", str(empty), folder]
    command += ["--bind", str(work), MOUNT, "--chdir", MOUNT, "--remount-ro", "/"]
    return command


SYSTEM_BIN = "/usr/sbin:/usr/bin:/sbin:/bin"
"""Where the system's bubblewrap lives when the grader's PATH leaves it out (a venv's bin
folder alone, as some tools run it)."""


def bwrap_executable() -> str | None:
    """The bubblewrap program: on PATH, else in the system's folders."""
    return shutil.which("bwrap") or shutil.which("bwrap", path=SYSTEM_BIN)


@functools.cache
def bwrap_available() -> bool:
    """Whether bubblewrap can start the sandbox's interpreter here (probed once)."""
    if bwrap_executable() is None:
        return False
    with tempfile.TemporaryDirectory(prefix="gdgrade-probe-") as root:
        work, empty = Path(root, "work"), Path(root, "empty")
        work.mkdir()
        empty.mkdir()
        command = [
            *bwrap_command(work, empty),
            sys.executable,
            "-s",
            "-S",
            "-c",
            "import sys; sys.path.append(sys.argv[1]); import numpy; "
            "open('probe', 'w').write('ok')",
            _numpy_site(),
        ]
        try:
            done = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=30,
                env=_probe_environment(),
            )
        except (OSError, subprocess.SubprocessError):
            return False
        return done.returncode == 0 and (work / "probe").is_file()


def _probe_environment() -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1", "LANG": "C.UTF-8"}
