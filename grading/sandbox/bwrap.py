"""bubblewrap: the command line that isolates a sandbox child, and whether it works here.

With bubblewrap the child sees a read-only system (``/usr``, the Python
installation, the site-packages folder numpy lives in), gdgrade's own folders
masked by an empty folder, and one writable folder, the submission's copy,
at :data:`MOUNT`.  It has no network, its own PID namespace (every process it
forks dies with it: ``--die-with-parent`` and the namespace's init), a new
session (no terminal to push keystrokes into, CVE-2017-5226), no capability,
and ``/proc/sys`` and ``/proc/sysrq-trigger`` read-only.

Where the child runs on the host depends on who runs the grader:

- **root** (``make``, CI, the Gradescope image): bubblewrap runs as root
  *without* a user namespace, keeping only CAP_SETUID and CAP_SETGID, and the
  child's first act (before anything of the student's is read) is to become
  the sandbox's own uid from :mod:`.uids`.  No process of the student's runs as
  root, in any namespace, and root can bind the interpreter wherever it lives
  (a pyenv under a ``0700`` home folder, a venv anywhere), which bubblewrap run
  by an unprivileged uid cannot: it resolves every bind source by path, as that
  uid, even ``--ro-bind-fd`` ones.  Only bubblewrap's own reaper (pid 1 of the
  namespace) keeps uid 0, with no capability, running no code of the student's.
- **any other user**: bubblewrap makes a user namespace that maps the child's
  uid to the grader's, as before.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

__all__ = [
    "MOUNT",
    "bwrap_available",
    "bwrap_command",
    "forbidden_folders",
    "gdgrade_folders",
    "landlock_rules",
    "numpy_site",
    "options_in_pipe",
    "probe_in_background",
    "python_folders",
]

#: Where the submission's copy appears inside the sandbox.
MOUNT = "/submission"

#: What the child of a grader run as root unshares: everything but the user namespace.
_ROOT_NAMESPACES = (
    "--unshare-ipc",
    "--unshare-pid",
    "--unshare-net",
    "--unshare-uts",
    "--unshare-cgroup-try",
)
#: The capabilities the child keeps, only until it becomes its own uid.
_DROP_CAPABILITIES = ("CAP_SETUID", "CAP_SETGID")
#: Host files under /proc that the sandbox's own /proc still shows, made read-only.
_PROC_READ_ONLY = ("/proc/sys", "/proc/sysrq-trigger")

_SYSTEM_LINKS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
_ETC = (
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/alternatives",
)


def numpy_site() -> str:
    """The site-packages folder numpy is imported from."""
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
        numpy_site(),
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


def _installed(path: str) -> bool:
    """Whether ``path`` is in a site-packages (or Debian's dist-packages) folder."""
    return any(part in ("site-packages", "dist-packages") for part in Path(path).parts)


@functools.lru_cache(maxsize=64)
def _forbidden_folders(forbidden: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(forbidden_folders(forbidden, cached=False))


def forbidden_folders(forbidden: Sequence[str], *, cached: bool = True) -> list[str]:
    """Where the spec's forbidden packages (top-level names) are installed in a
    site-packages folder, found without importing them (the standard library's modules
    and numpy stay: the server needs them, and the import guard refuses them); gdgrade's
    own are :func:`gdgrade_folders`."""
    import importlib.util

    if cached:
        return list(_forbidden_folders(tuple(forbidden)))

    folders = set()
    for name in dict.fromkeys(ban.split(".")[0] for ban in forbidden):
        if name in ("gdgrade", "numpy"):  # gdgrade's are hidden anyway; the server needs numpy
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None:
            continue
        places = list(spec.submodule_search_locations or []) or [spec.origin or ""]
        for place in places:  # installed packages only: the standard library stays
            if place and os.path.isabs(place) and os.path.exists(place) and _installed(place):
                folders.update({place, os.path.realpath(place)})
    return sorted(folders)


def landlock_rules(work: str, paths: Sequence[str], forbidden: Sequence[str]) -> dict:
    """What a child without bubblewrap may reach once Landlock holds (``_child._landlock``):
    what bubblewrap would show it (``/usr``, the system's libraries, the loader's files,
    ``/proc``, the interpreter's folders and ``paths``) read-only, gdgrade's folders and
    the forbidden packages' not at all, ``work`` (the submission's folder) in full."""
    read = ["/usr", *_SYSTEM_LINKS, *_ETC, "/proc", *python_folders(), *paths]
    return {
        "read": [path for path in dict.fromkeys(read) if os.path.lexists(path)],
        "write": [work],
        "devices": ["/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"],
        "hidden": [*gdgrade_folders(), *forbidden_folders(forbidden)],
    }


def bwrap_command(
    work: Path,
    empty: Path,
    executable: str | None = None,
    *,
    root: bool | None = None,
    mount: str = MOUNT,
    hidden: Sequence[str] = (),
) -> list[str]:
    """The ``bwrap`` arguments that run a command with ``work`` writable at ``mount``.

    Parameters
    ----------
    work : Path
        The submission's copy, the only writable and visible folder.
    empty : Path
        An empty folder, bound read-only over gdgrade's own folders.
    executable : str, optional
        The bwrap program (found on PATH when omitted).
    root : bool, optional
        Whether the grader runs as root (no user namespace; the child then
        drops to its own uid and keeps CAP_SETUID/CAP_SETGID until it does);
        by default, whether it does.
    mount : str
        Where ``work`` appears (:data:`MOUNT`; a warm start's nursery elsewhere).
    hidden : sequence of str
        Folders and files hidden as gdgrade's are (the spec's forbidden packages,
        :func:`forbidden_folders`): an empty folder, or ``/dev/null``, over each.
    """
    if root is None:
        root = os.geteuid() == 0
    command = [executable or bwrap_executable() or "bwrap"]
    if root:
        command += [*_ROOT_NAMESPACES, "--cap-drop", "ALL"]
        command += [arg for cap in _DROP_CAPABILITIES for arg in ("--cap-add", cap)]
    else:
        command += ["--unshare-all", "--cap-drop", "ALL"]
    command += [
        "--die-with-parent",
        "--new-session",
        "--proc",
        "/proc",
        *(arg for path in _PROC_READ_ONLY for arg in ("--ro-bind-try", path, path)),
        "--dev",
        "/dev",
        "--ro-bind",
        "/usr",
        "/usr",
    ]
    binds: list[str] = []
    for link in _SYSTEM_LINKS:
        if os.path.islink(link):
            command += ["--symlink", os.readlink(link), link]
        elif os.path.isdir(link):
            binds.append(link)
    binds += [path for path in _ETC if os.path.exists(path)]
    bound = python_folders()
    binds += bound
    # The folders bubblewrap makes to hold a mount point are 0700 when it runs as root:
    # made here 0755, so that the child's uid can reach what is bound below them.
    for folder in _mount_parents(binds):
        command += ["--perms", "0755", "--dir", folder]
    for path in binds:
        command += ["--ro-bind", path, path]
    masked: list[str] = []
    # sorted: gdgrade/ before gdgrade/grading/
    for folder in sorted({*gdgrade_folders(), *hidden}):
        visible = folder.startswith("/usr" + os.sep) or any(
            folder == root_folder or folder.startswith(root_folder + os.sep)
            for root_folder in bound
        )
        # Inside a folder already masked (an installed wheel: gdgrade/grading/ is in
        # gdgrade/) it is hidden with it; binding again there is an error for bwrap.
        if visible and not any(folder.startswith(m + os.sep) for m in masked):
            masked.append(folder)
            cover = str(empty) if os.path.isdir(folder) else os.devnull
            command += ["--ro-bind", cover, folder]
    # The working folder is "/" (empty, read-only): the interpreter starts as root and must
    # not import from the student's folder; the child moves to MOUNT itself.
    command += ["--bind", str(work), mount, "--chdir", "/", "--remount-ro", "/"]
    return command


@contextlib.contextmanager
def options_in_pipe(command: Sequence[str]) -> Iterator[tuple[list[str], tuple[int, ...]]]:
    """``command`` (bubblewrap and its options) as ``bwrap --args FD``, its options read
    from a pipe: the command and the descriptors the process started must inherit.

    bubblewrap's own process is pid 1 of the sandbox, and its command line is readable
    there (``/proc/1/cmdline``): given on the command line, the options would show the
    child where its folder, gdgrade and the interpreter are on the host (bubblewrap
    issue #503; Flatpak passes its options the same way).  Where the options do not fit
    in the pipe at once (a user over the kernel's pipe bound gets one page), the command
    is used as it is (an empty one too: no bubblewrap).  The pipe is closed when the
    block ends (once the process started).
    """
    if not command:
        yield [], ()
        return
    data = b"".join(os.fsencode(arg) + b"\0" for arg in command[1:])
    read, write = os.pipe()
    try:
        os.set_blocking(write, False)
        written = os.write(write, data) if data else 0
    except OSError:
        written = -1
    finally:
        os.close(write)
    try:
        if written != len(data):
            yield list(command), ()
        else:
            yield [command[0], "--args", str(read)], (read,)
    finally:
        os.close(read)


def _mount_parents(paths: list[str]) -> list[str]:
    """The folders above ``paths`` (not ``/``, not inside another of them), shallow first."""
    inside = set(paths)
    parents = set()
    for path in paths:
        parent = os.path.dirname(path)
        while parent not in ("/", ""):
            parents.add(parent)
            parent = os.path.dirname(parent)
    return sorted(
        (
            parent
            for parent in parents
            if not any(parent == path or parent.startswith(path + os.sep) for path in inside)
        ),
        key=lambda folder: (folder.count(os.sep), folder),
    )


SYSTEM_BIN = "/usr/sbin:/usr/bin:/sbin:/bin"
"""Where the system's bubblewrap lives when the grader's PATH leaves it out (a venv's bin
folder alone, as some tools run it)."""


def bwrap_executable() -> str | None:
    """The bubblewrap program: on PATH, else in the system's folders."""
    return shutil.which("bwrap") or shutil.which("bwrap", path=SYSTEM_BIN)


#: The probe: become the sandbox's uid (as the child does), import numpy and a module
#: not imported yet (the standard library is readable as that uid), write to MOUNT.
_PROBE = """
import os, sys
uid = int(sys.argv[2])
if uid >= 0:
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
sys.path.append(sys.argv[1])
import numpy, fractions
with open(os.path.join(sys.argv[3], "probe"), "w") as handle:
    handle.write(str(os.getuid()))
"""


_PROBE_LOCK = threading.Lock()


def bwrap_available() -> bool:
    """Whether bubblewrap can start the sandbox's interpreter here (probed once).

    A grader run as root probes the way its children run: bubblewrap as root
    without a user namespace, the child becoming a uid of the pool.  The probe
    starts a whole sandboxed interpreter (tens of milliseconds): see
    :func:`probe_in_background` to have it done while the grader does other work.
    """
    with _PROBE_LOCK:  # one probe, however many threads ask at once
        if _ANSWER:
            return _ANSWER[0]
        return _probe()


_ANSWER: list[bool] = []


def assume_probed(answer: bool) -> None:
    """Take ``answer`` as :func:`bwrap_available`'s, without probing: the answer of the
    process that started this one, on the same machine, as the same user (a batch's
    workers are told the main process's, each of which would otherwise spend 0.1 s of
    its first submission finding it out again)."""
    with _PROBE_LOCK:
        _ANSWER[:] = [bool(answer)]


def probe_in_background() -> None:
    """Start the probe of :func:`bwrap_available` in a thread now, so that its answer is
    ready (or nearly) when the first sandbox asks for it; the work that follows in this
    thread (imports, reading the submission) runs meanwhile."""
    threading.Thread(target=bwrap_available, name="gdgrade-bwrap-probe", daemon=True).start()


@functools.cache
def _probe() -> bool:
    if bwrap_executable() is None:
        return False
    root = os.geteuid() == 0
    slot = None
    with tempfile.TemporaryDirectory(prefix="gdgrade-probe-") as folder:
        work, empty = Path(folder, "work"), Path(folder, "empty")
        work.mkdir()
        empty.mkdir()
        try:
            if root:
                from .uids import acquire_uid

                slot = acquire_uid()
                os.chown(work, slot.uid, slot.gid)
            command = [
                *bwrap_command(work, empty, root=root),
                sys.executable,
                "-s",
                "-S",
                "-c",
                _PROBE,
                numpy_site(),
                str(slot.uid if slot else -1),
                MOUNT,
            ]
            done = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=30,
                env=_probe_environment(),
            )
            written = (work / "probe").read_text() if (work / "probe").is_file() else None
        except (OSError, RuntimeError, subprocess.SubprocessError):
            return False
        finally:
            if slot is not None:
                slot.release()
        expected = str(slot.uid) if slot else str(os.getuid())
        return done.returncode == 0 and written == expected


def _probe_environment() -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1", "LANG": "C.UTF-8"}
