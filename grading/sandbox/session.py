"""The sandbox a grader talks to: one per submission, calls in, plain arrays out."""

from __future__ import annotations

import binascii
import fcntl
import functools
import json
import marshal
import os
import secrets
import shutil
import signal
import stat
import sys
import sysconfig
import tempfile
import threading
import time
import warnings
import weakref
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import _child
from .bwrap import (
    MOUNT,
    bwrap_available,
    bwrap_command,
    forbidden_folders,
    landlock_rules,
    numpy_site,
    options_in_pipe,
)
from .files import copy_submission
from .limits import Limits, format_bytes
from .process import ChildProcess, OutputBuffer, kill_marked
from .protocol import (
    ImportEvent,
    ProtocolError,
    Reply,
    decode_events,
    decode_reply,
    decode_sequence,
    encode_request,
    encode_sequence,
)
from .quota import limit_folder, release_folder, release_mounts_below
from .removal import held_folder, remove_owned, remove_tree
from .result import CallResult
from .uids import UidPoolError, UidSlot, acquire_uid, kill_uid
from .zygote import ForkedProcess, Zygote, ZygoteError
from .zygote import for_this_thread as zygote_for_this_thread

__all__ = ["NOT_ISOLATED_WARNING", "Confinement", "Sandbox", "SandboxError", "confinement"]

MAX_SEQUENCE = 96
"""The most steps of one :meth:`Sandbox.sequence` (the child's own limit)."""

#: The start of the one warning given (once per process) when grading runs without
#: bubblewrap; :func:`confinement` says the rest (who the child runs as, what holds).
NOT_ISOLATED_WARNING = "grading is not isolated: bubblewrap is not available"
_MARKER_VARIABLE = "GDGRADE_SANDBOX"
_PREFIX = "gdgrade-sandbox-"
_warned = False
_swept = False
_sweep_lock = threading.Lock()


def _stale(folder: Path) -> int | None:
    """A locked descriptor of ``folder`` when it is a dead grader's sandbox folder, else None.

    A live sandbox holds a ``flock`` on its folder for its whole life, and its
    folder's name carries its grader's process id: a folder is stale when its
    process is gone *and* nobody holds the lock (a reused process id, or one of
    another PID namespace sharing the temporary folder, never gets a live
    folder removed).  The lock returned keeps concurrent sweepers off it.
    """
    owner = folder.name[len(_PREFIX) :].split("-", 1)[0]
    if not owner.isdigit() or int(owner) == os.getpid():
        return None
    try:
        os.kill(int(owner), 0)
        return None
    except ProcessLookupError:
        pass
    except OSError:
        return None
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def sweep_stale_folders() -> int:
    """Remove the sandbox folders that graders killed with SIGKILL left; how many.

    Never raises and never follows a link: a folder that cannot be removed
    stays for a later sweep, and costs no student anything.
    """
    removed = 0
    root = Path(tempfile.gettempdir())
    try:
        candidates = sorted(root.glob(f"{_PREFIX}*-*"))
    except OSError:
        return removed
    for folder in candidates:
        fd = _stale(folder)
        if fd is None:
            continue
        try:
            release_mounts_below(folder)  # the tmpfs of its folder (:mod:`.quota`)
            removed += remove_tree(folder)
        finally:
            os.close(fd)
    return removed


def _sweep_in_background() -> None:
    """Sweep once per process, in a thread of its own.

    Housekeeping of other runs' folders is nobody's submission: it never runs
    inside a student's grading, so its time and its failures (a tree too
    deep for ``shutil.rmtree`` made the first submission of every worker fail
    once, for every later run) are never charged to the next student.
    """
    global _swept
    with _sweep_lock:
        if _swept:
            return
        _swept = True
    threading.Thread(target=sweep_stale_folders, name="gdgrade-sweep", daemon=True).start()


class SandboxError(RuntimeError):
    """A misuse of the sandbox by the grader (not a student's mistake)."""


def _warn_not_isolated() -> None:
    global _warned
    if not _warned and not os.environ.get("GDGRADE_ISOLATION_SAID"):  # the CLI said it
        _warned = True
        warnings.warn(confinement(False).warning, RuntimeWarning, stacklevel=3)


def _interpreter() -> str:
    """The Python the child runs: the grader's own."""
    return sys.executable


def _closed_to_others(path: str) -> str | None:
    """The first folder (or ``path`` itself) on the way to ``path`` that a uid neither
    owner nor in the group cannot cross or read; None when it reaches and reads it."""
    path = os.path.realpath(path)
    parts = path.split(os.sep)
    for depth in range(1, len(parts)):
        folder = os.sep.join(parts[:depth]) or os.sep
        try:
            if not os.stat(folder).st_mode & stat.S_IXOTH:
                return folder
        except OSError:
            return folder
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return path
    wanted = stat.S_IROTH | (stat.S_IXOTH if stat.S_ISDIR(mode) else 0)
    return None if mode & wanted == wanted else path


def _python_paths() -> list[str]:
    """What the child reads after it gave up root, without bubblewrap: the interpreter,
    the standard library, numpy's and the environment's site-packages, the temporary folder."""
    import numpy

    paths = [_interpreter(), os.path.dirname(os.path.dirname(os.path.abspath(numpy.__file__)))]
    paths += [sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")]
    paths.append(tempfile.gettempdir())
    return [path for path in dict.fromkeys(paths) if os.path.exists(path)]


def _kernel_counts_per_namespace() -> bool:
    """Linux 5.14 counts RLIMIT_NPROC per user namespace (a sandbox's own, with bubblewrap)."""
    try:
        major, minor = (int(part) for part in os.uname().release.split(".")[:2])
    except ValueError:
        return False
    return (major, minor) >= (5, 14)


@dataclass(frozen=True)
class Confinement:
    """How a sandbox's child runs on this machine, decided once per process.

    Attributes
    ----------
    isolated : bool
        bubblewrap isolates it (namespaces, read-only system, no network).
    own_uid : bool
        It runs as a uid of its own from the pool (:mod:`.uids`): the grader
        runs as root.
    process_cap : bool
        ``RLIMIT_NPROC`` caps its processes (:attr:`Limits.processes`) per sandbox.
    extra_processes : int
        Processes of the sandbox the cap counts besides the student's: bubblewrap's
        init in a user namespace.
    no_new_privs : bool
        The child sets ``no_new_privs`` itself (bubblewrap does it otherwise).
    warning : str
        What is missing, said once when not isolated ("" when isolated).
    """

    isolated: bool
    own_uid: bool
    process_cap: bool
    extra_processes: int = 0
    no_new_privs: bool = False
    warning: str = ""
    fenced: bool = False
    """Without bubblewrap: whether Landlock keeps the child to Python, numpy and its own
    folder (a kernel since 5.13 that offers it)."""


_confinements: dict[bool, Confinement] = {}
_FENCED = (
    "reaches only Python, numpy and its own folder (Landlock: not the machine's other "
    "files, gdgrade's or other submissions')"
)


def confinement(isolated: bool) -> Confinement:
    """How the child runs here with (``isolated``) or without bubblewrap."""
    if isolated in _confinements:
        return _confinements[isolated]
    root = os.geteuid() == 0
    if isolated:
        per_namespace = _kernel_counts_per_namespace()
        found = Confinement(
            True,
            own_uid=root,
            process_cap=root or per_namespace,
            extra_processes=0 if root else 1,
        )
    elif root:
        fenced = _child.landlock_version() >= 1
        closed = [found for found in map(_closed_to_others, _python_paths()) if found]
        if closed:
            found = Confinement(
                False,
                own_uid=False,
                process_cap=False,
                fenced=fenced,
                warning=f"{NOT_ISOLATED_WARNING} (or cannot create namespaces here), and "
                f"submissions run as root: other users cannot read {closed[0]}, on the way "
                "to the Python that runs them (install Python and gdgrade where every user "
                "can read them), so there is no process cap and a submission "
                + (_FENCED if fenced else "can read and change this machine's files"),
            )
        else:
            found = Confinement(
                False,
                own_uid=True,
                process_cap=True,
                no_new_privs=True,
                fenced=fenced,
                warning=f"{NOT_ISOLATED_WARNING} (or cannot create namespaces here): "
                "submissions run as a uid of their own with a process cap and resource "
                "limits, "
                + (
                    f"and {_FENCED}"
                    if fenced
                    else "but can read this machine's files and write in its shared "
                    "folders (/tmp, /dev/shm: past their folder's bound)"
                ),
            )
    else:
        fenced = _child.landlock_version() >= 1
        found = Confinement(
            False,
            own_uid=False,
            process_cap=False,
            fenced=fenced,
            warning=f"{NOT_ISOLATED_WARNING} (or cannot create namespaces here): submissions "
            "run as your user with resource limits only (no process cap: the grader is "
            "not root), and " + (_FENCED if fenced else "can read and change your files"),
        )
    _confinements[isolated] = found
    return found


def _child_source() -> str:
    return Path(_child.__file__).read_text(encoding="utf-8")


_BOOTSTRAP = (
    "import binascii,marshal,sys,zlib;"
    "exec(marshal.loads(zlib.decompress(binascii.a2b_base64(sys.argv.pop(1)))))"
)
"""What the child runs first: the server's code, compiled once by the grader, from its
first argument (the child then reads its argument as before)."""
_MAX_ARGUMENT = 100_000
"""Longer than this (Linux takes at most 128 KiB in one argument), the source is sent."""


@functools.cache
def _child_program() -> tuple[str, ...]:
    """The child's ``-c`` program and its first arguments: the server compiled once per
    grader process (marshal, same interpreter) rather than by every child it starts,
    which costs each start about 10-20 ms of compiling 1,000 lines."""
    source = _child_source()
    code = compile(source, "<string>", "exec")
    blob = binascii.b2a_base64(zlib.compress(marshal.dumps(code), 6), newline=False)
    if len(blob) > _MAX_ARGUMENT:
        return (source,)
    return (_BOOTSTRAP, blob.decode("ascii"))


def _matplotlib_cache() -> Path | None:
    """The grader's matplotlib cache folder, without importing matplotlib."""
    module = sys.modules.get("matplotlib")
    if module is not None:
        try:
            return Path(module.get_cachedir())
        except Exception:
            return None
    root = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "matplotlib"
    )
    return Path(root)


def _describe_status(status: int | None, isolated: bool) -> tuple[str, str]:
    """The kind and the phrase for a child that died with ``status``."""
    if status is None:
        return "crash", "your code's process stopped answering"
    number = -status if status < 0 else status - 128 if isolated and status > 128 else None
    if number is not None:
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        if number == signal.SIGXCPU:
            return "timeout", "your code used up its CPU time limit"
        if number == signal.SIGXFSZ:
            return "crash", "your code wrote a file larger than the file size limit"
        return "crash", f"your code crashed the process ({name})"
    return "exit", f"your code exited the process (exit code {status}, e.g. os._exit({status}))"


class Sandbox:
    """Run a submission's module in a child process that only serves calls.

    Parameters
    ----------
    files : mapping of str to bytes, or path
        The submission: a folder to copy (regular files only, size capped) or
        a mapping of relative names to contents (a notebook's extracted code).
    module : str
        The module to import (``"adaline"``, from ``adaline.py``).
    limits : Limits
        Time, memory, file and output limits.
    forbidden : sequence of str
        Modules the graded code may not import (gdgrade always included): the child
        refuses them when the code imports them and reports each attempt
        (:attr:`import_events`); code that never runs is never judged.
    isolate : bool, optional
        Use bubblewrap: None uses it when it works here (and warns once when
        not), True requires it (:class:`SandboxError` otherwise), False
        never uses it.
    matplotlib_backend : str
        ``MPLBACKEND`` in the child; non-interactive so ``plt.show()`` returns.
    keep_partial_import : bool
        When a statement of the module raises while it is imported, go on with the
        next one, so the definitions after a failing script still happen
        (:meth:`start` still reports the first failure; :attr:`import_failures`
        lists them all).
    stand_ins : bool
        A module the student's code imports that is not installed (a plotting or
        data library, a sibling file that is not there) is given as a stand-in that
        raises a clear error only when the code uses it.
    numpy_aliases : sequence of (name, kind, target)
        Names NumPy 2 removed to put back in the child (see
        :data:`~gdgrade.grading.sandbox.numpy2.NUMPY_ALIASES`).

    Notes
    -----
    Everything that decides a verdict stays in the parent: the child returns
    ``.npy`` arrays read with ``allow_pickle=False``, and its stdout is kept
    for feedback only.  A failure (exception, timeout, exit, crash, memory)
    loses only its call; a dead child is restarted on the next call, and the
    objects it held answer ``"lost"``.  One thread per sandbox; with
    bubblewrap, create it in a thread that outlives it (``--die-with-parent``
    follows the creating thread).
    """

    def __init__(
        self,
        files: Mapping[str, bytes] | os.PathLike | str,
        *,
        module: str = "adaline",
        limits: Limits = Limits(),  # noqa: B008 - frozen, so a shared default is safe
        forbidden: Sequence[str] = ("gdgrade",),
        isolate: bool | None = None,
        matplotlib_backend: str = "Agg",
        keep_partial_import: bool = False,
        stand_ins: bool = True,
        numpy_aliases: Sequence[tuple[str, str, str]] = (),
    ) -> None:
        if not isinstance(module, str) or not all(
            part.isidentifier() for part in module.split(".")
        ):
            raise ValueError(f"'module' must be a module name like 'adaline' (got {module!r})")
        if not isinstance(limits, Limits):
            raise TypeError(f"'limits' must be a Limits (got {type(limits).__name__})")
        if isinstance(forbidden, str) or not all(isinstance(name, str) for name in forbidden):
            raise TypeError(f"'forbidden' must be a sequence of module names (got {forbidden!r})")
        if isolate is None:
            isolate = bwrap_available()
            if not isolate:
                _warn_not_isolated()
        elif isolate and not bwrap_available():
            raise SandboxError(
                "'isolate' must be False or None where bubblewrap cannot start "
                "(got True); install bubblewrap (Debian: apt-get install bubblewrap)"
            )
        self.module = module
        self.limits = limits
        self.forbidden = tuple(dict.fromkeys(["gdgrade", *forbidden]))
        self.matplotlib_backend = matplotlib_backend
        self.keep_partial_import = keep_partial_import
        self.stand_ins = stand_ins
        self.numpy_aliases = [list(alias) for alias in numpy_aliases]
        self.import_events: list[ImportEvent] = []
        self.import_failures: tuple[tuple[int, str, str], ...] = ()
        self._isolated = bool(isolate)
        self._confinement = confinement(self._isolated)
        _sweep_in_background()
        self._token = secrets.token_hex(8)
        self._zygote = self._warm_start()
        # Held for the sandbox's life: a sweep of another grader never takes a live folder.
        try:
            self._make_folders(self._zygote.nursery if self._zygote is not None else None)
        except OSError:
            if self._zygote is None:
                raise
            # the nursery is full (a sandbox of this thread still open filled it): a cold start
            self._zygote = None
            self._make_folders(None)
        # A folder of its own size (:mod:`.quota`); a warm start's is its zygote's nursery.
        self._quota = (
            self._zygote.quota
            if self._zygote is not None
            else limit_folder(self._work, limits.folder_bytes, limits.folder_files)
        )
        self._slot: UidSlot | None = None
        self._child: ChildProcess | None = None
        # What the finalizer must clean up: the child, the uid slot, and whether nothing
        # has run under that uid since the last child died.
        self._holder: list = [None, None, True]
        mounted = self._work if self._quota and self._zygote is None else None
        self._finalizer = weakref.finalize(
            self,
            _cleanup,
            self._holder,
            self._root,
            self._token,
            os.getpid(),
            self._root_lock,
            mounted,
            self._isolated,
        )
        try:
            if self._confinement.own_uid:
                self._slot = self._holder[1] = acquire_uid()
            self.skipped_files = copy_submission(files, self._work, limits.submission_bytes)
            self._prepare_matplotlib()
            if self._slot is not None:
                self._hand_over(self._slot.uid, self._slot.gid)
        except UidPoolError as exc:
            self.close()
            raise SandboxError(str(exc)) from None
        except BaseException:
            self.close()
            raise
        self._output = OutputBuffer(limits.output_bytes)
        self._seq = 0
        self._generation = 0
        self._starts = 0
        self._launched = False  # a child was started and its import not yet awaited
        self._launch_time = 0.0
        self._handles: dict[int, tuple[int, int]] = {}
        self._next_handle = 1
        self._import: CallResult | None = None
        self._usable = False
        self._closed = False

    def _make_folders(self, parent: Path | None) -> None:
        """The sandbox's folder (in ``parent``, else the temporary folder) with ``work``
        and ``empty`` in it; nothing is left of them when this raises."""
        self._root, self._root_lock = held_folder(f"{_PREFIX}{os.getpid()}-", parent)
        self._work = self._root / "work"
        self._empty = self._root / "empty"
        try:
            self._work.mkdir()
            self._empty.mkdir()
        except OSError:
            remove_tree(self._root)
            os.close(self._root_lock)
            raise

    # ---- properties -----------------------------------------------------------------

    @property
    def output(self) -> str:
        """The captured stdout and stderr so far (capped, decoded with errors="replace")."""
        if self._child is not None:
            self._child.drain()
        return self._output.text()

    @property
    def output_bytes(self) -> int:
        """How many bytes of stdout and stderr were written so far (kept or not)."""
        if self._child is not None:
            self._child.drain()
        return self._output.total

    @property
    def restarts(self) -> int:
        """How many times the child was started again after the first start."""
        return max(self._starts - 1, 0)

    @property
    def isolated(self) -> bool:
        """Whether bubblewrap isolates the child."""
        return self._isolated

    @property
    def folder(self) -> Path:
        """The submission's copy on the host (the child's working folder)."""
        return self._work

    @property
    def inside(self) -> str:
        """The submission's copy as the student's code sees it (its working folder): that
        of the running child, or of the next one when none runs."""
        child, zygote = self._child, self._zygote
        if child is not None:
            forked = isinstance(child.process, ForkedProcess)
        else:
            forked = zygote is not None and zygote.usable
        if forked:
            return zygote.folder(self._work)
        return MOUNT if self._isolated else str(self._work)

    @property
    def marker(self) -> str:
        """A string in every sandbox process's environment (``/proc/<pid>/environ``), and
        in the command line of a child started from nothing (a warm start's forked
        child writes it over its zygote's placeholder)."""
        return self._token

    @property
    def folder_quota(self) -> bool:
        """Whether the folder's size and file count are bounded (:attr:`Limits.folder_bytes`,
        :attr:`Limits.folder_files`: a tmpfs, where the grader is root); a warm start's
        folder shares its zygote's, sized by the limits of the sandbox that started it."""
        return self._quota

    @property
    def uid(self) -> int:
        """The host uid the student's code runs as: the sandbox's own when the grader is
        root (see :mod:`.uids`), else the grader's."""
        return self._slot.uid if self._slot is not None else os.geteuid()

    @property
    def process_cap(self) -> int | None:
        """The most processes (threads included) the student's code may have at once, the
        server that runs it included; None where the machine gives no cap."""
        return self.limits.processes if self._confinement.process_cap else None

    # ---- lifecycle ------------------------------------------------------------------

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill every process of the sandbox and remove its folder (idempotent)."""
        self._closed = True
        self._stop()
        if hasattr(self, "_finalizer"):
            self._finalizer()

    def _stop(self) -> int | None:
        self._launched = False
        child, self._child = getattr(self, "_child", None), None
        if hasattr(self, "_holder"):
            self._holder[0] = None
        if child is None:
            return None
        status = child.kill()
        # Without bubblewrap a setsid daemon has left the process group; with it, the
        # namespace is gone.  Either way nothing of the sandbox survives: with a uid of
        # its own, nothing runs under that uid (a daemon that cleared its environment
        # included); otherwise nothing carries the marker.
        if self._slot is not None:
            self._holder[2] = child.namespace_gone or kill_uid(self._slot.uid)
        else:
            kill_marked(f"{_MARKER_VARIABLE}={self._token}")
        return status

    def _hand_over(self, uid: int, gid: int) -> None:
        """Give the submission's copy to the child's uid (the grader, root, keeps the rest).

        The copy holds only what the grader wrote (regular files and folders), so
        nothing here is a link; ``follow_symlinks=False`` all the same.  Without
        bubblewrap the child reaches its folder by path: the sandbox's own folder
        is ``0711`` (crossed, not listed), the copy ``0700`` (another sandbox's uid
        cannot enter it).
        """
        for folder, folders, names in os.walk(self._work):
            for name in [*folders, *names]:
                os.chown(os.path.join(folder, name), uid, gid, follow_symlinks=False)
        os.chown(self._work, uid, gid, follow_symlinks=False)
        os.chmod(self._work, 0o700)
        os.chmod(self._root, 0o711)

    def _prepare_matplotlib(self) -> None:
        """Give the child a copy of matplotlib's font cache, so it does not rebuild it."""
        target = self._work / ".matplotlib"
        target.mkdir(exist_ok=True)
        cache = _matplotlib_cache()
        if cache is None or not cache.is_dir():
            return
        for path in cache.glob("fontlist-*.json"):
            try:
                shutil.copyfile(path, target / path.name)
            except OSError:
                pass

    def _warm_start(self) -> Zygote | None:
        """This thread's zygote (:mod:`.zygote`) when the child runs as its own uid in
        bubblewrap (a grader run as root), else None; None too when its nursery is bounded
        to another size than these limits' folder (a sandbox started the usual way then
        gets a folder of its own size: a batch's sandboxes all share one spec's), or when
        its mounts hide other forbidden packages than this spec's (each hides the
        packages its first sandbox's spec forbids: a batch's sandboxes all share one)."""
        if not (self._confinement.isolated and self._confinement.own_uid):
            return None
        zygote = zygote_for_this_thread(self._new_zygote)
        if zygote is not None and zygote.quota and zygote.bound != self._folder_limits:
            return None
        if zygote is not None and zygote.hidden != tuple(forbidden_folders(self.forbidden)):
            return None
        return zygote

    @property
    def _folder_limits(self) -> tuple[int, int]:
        return self.limits.folder_bytes, self.limits.folder_files

    def _new_zygote(self) -> Zygote:
        """A zygote for this thread (only when it has none that works)."""
        environment = self._environment("/")
        # each server writes its marker over this (as long as a marker: 16 characters)
        environment[_MARKER_VARIABLE] = "-" * len(self._token)
        return Zygote(
            [_interpreter(), "-s", "-S", "-B", "-c", *_child_program()],
            environment,
            [numpy_site()],
            _PREFIX,
            folder=self._folder_limits,
            hidden=forbidden_folders(self.forbidden),
        )

    def _environment(self, folder: str) -> dict[str, str]:
        return {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": folder,
            "TMPDIR": folder,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PYTHONHASHSEED": "0",
            "PYTHONUNBUFFERED": "1",
            "PYTHONUTF8": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "NUMEXPR_NUM_THREADS": "1",
            "MPLBACKEND": self.matplotlib_backend,
            "MPLCONFIGDIR": os.path.join(folder, ".matplotlib"),
            _MARKER_VARIABLE: self._token,
        }

    def _config(self, folder: str, fds: tuple[int, int]) -> str:
        import resource

        limits = self.limits
        rlimits = {
            "RLIMIT_CPU": (limits.cpu_seconds, limits.cpu_seconds + 1),
            "RLIMIT_AS": (limits.memory_bytes, limits.memory_bytes),
            "RLIMIT_FSIZE": (limits.file_bytes, limits.file_bytes),
            "RLIMIT_NOFILE": (limits.open_files, limits.open_files),
            "RLIMIT_CORE": (0, 0),
        }
        if self._confinement.process_cap:
            processes = limits.processes + self._confinement.extra_processes
            rlimits["RLIMIT_NPROC"] = (processes, processes)
        rlimits = {name: value for name, value in rlimits.items() if hasattr(resource, name)}
        site = [
            folder
            for folder in (sys.path if not self._isolated else [])
            if folder.endswith(("site-packages", "dist-packages"))
        ]
        return json.dumps(
            {
                "marker": self._token,
                "folder": folder,
                "module": self.module,
                "paths": list(dict.fromkeys([numpy_site(), *site])),
                "fds": list(fds),
                "forbidden": list(self.forbidden),
                "keep_partial": self.keep_partial_import,
                "stand_ins": self.stand_ins,
                "numpy_aliases": self.numpy_aliases,
                "reply_bytes": limits.reply_bytes,
                "memory_text": format_bytes(limits.memory_bytes),
                "folder_text": (
                    f"{format_bytes(limits.folder_bytes)} in {limits.folder_files:,} files"
                    if self._quota
                    else ""
                ),
                "rlimits": rlimits,
                "uid": self._slot.uid if self._slot is not None else None,
                "gid": self._slot.gid if self._slot is not None else None,
                "no_new_privs": self._confinement.no_new_privs,
                "landlock": self._landlock(folder, site) if self._confinement.fenced else None,
            }
        )

    def _landlock(self, folder: str, site: list[str]) -> dict:
        """Without bubblewrap, what the child may reach once Landlock holds: what bubblewrap
        would show it (:func:`~gdgrade.grading.sandbox.bwrap.landlock_rules`)."""
        temporary = tempfile.gettempdir()
        paths = [path for path in _python_paths() if path != temporary]
        return landlock_rules(folder, [*paths, numpy_site(), *site], self.forbidden)

    def launch(self) -> None:
        """Start the child now and let it import while the grader does other work;
        :meth:`start` then only waits for the import (it launches if this was not called)."""
        if self._closed or self._launched:
            return
        if not (self._work / f"{self.module.replace('.', '/')}.py").is_file():
            return
        self._launch_child()

    def _spawn(self) -> CallResult:
        """Start a child, import the module, wait for its first reply."""
        if not self._launched:
            self._launch_child()
        self._launched = False
        child = self._child
        assert child is not None
        deadline = self._launch_time + self.limits.import_seconds
        reply = self._wait(child, None, deadline, seq=0, op="import", what="importing your module")
        if isinstance(reply, CallResult):
            self._usable = False
            return reply
        if reply.kind == "ok":
            self._usable = True
            return CallResult(ok=True, kind="ok")
        self.import_failures = reply.skipped
        self._usable = reply.partial
        return CallResult.failed(reply.kind, reply.message)

    def _launch_child(self) -> None:
        """Start a child that imports the module (its first reply says how that went)."""
        self._stop()
        self._generation += 1
        self._starts += 1
        if self._starts > 1:
            self._output.add(b"\n[your code's process was started again]\n")
        child = self._fork_child()
        if child is None:
            child = self._start_child()
        self._child = child
        self._holder[0] = child
        self._holder[2] = False
        self._launched = True
        self._launch_time = time.monotonic()

    def _fork_child(self) -> ChildProcess | None:
        """A child forked from the warm start, or None when there is none to use."""
        zygote = self._zygote
        if zygote is None or not zygote.usable:
            return None
        folder = zygote.folder(self._work)
        try:
            return ChildProcess(
                lambda request_fd, reply_fd: self._config(folder, (request_fd, reply_fd)),
                self._environment(folder),
                "/",
                self._output,
                self.limits.reply_bytes,
                self._token,
                zygote=zygote,
            )
        except ZygoteError:
            return None  # the grader's trouble: the child is started the usual way

    def _start_child(self) -> ChildProcess:
        """A child started from nothing: bubblewrap (if isolated) and a new interpreter."""
        folder = MOUNT if self._isolated else str(self._work)
        python = [_interpreter(), "-s", "-S", "-B", "-c", *_child_program()]
        bwrap = (
            bwrap_command(self._work, self._empty, hidden=forbidden_folders(self.forbidden))
            if self._isolated
            else []
        )
        with options_in_pipe(bwrap) as (prefix, fds):

            def build(request_fd: int, reply_fd: int) -> list[str]:
                return [*prefix, *python, self._config(folder, (request_fd, reply_fd))]

            return ChildProcess(
                build,
                self._environment(folder),
                "/",  # never the student's folder: the interpreter may start as root
                self._output,
                self.limits.reply_bytes,
                self._token,
                namespace=self._isolated and self._slot is not None,
                keep_fds=fds,
            )

    def start(self) -> CallResult:
        """(Re)start the child and import the module.

        Returns
        -------
        CallResult
            ``"ok"``, or why the import failed: ``"import-error"`` (with the
            exception and the line of the student's file), ``"exit"``,
            ``"timeout"``, ``"memory"``, ``"crash"``, ``"forbidden-import"``,
            ``"syntax-error"`` or ``"missing"`` (no such file).
        """
        if self._closed:
            raise SandboxError("the sandbox is closed; create a new Sandbox")
        if not (self._work / f"{self.module.replace('.', '/')}.py").is_file():
            result = CallResult.failed(
                "missing", f"your submission has no {self.module.replace('.', '/')}.py"
            )
        else:
            result = self._spawn()
        self._import = result
        return result

    def _wait(
        self,
        child: ChildProcess,
        request: bytes | None,
        deadline: float,
        *,
        seq: int,
        op: str,
        what: str,
        ops: Sequence[str] = (),
    ) -> Reply | list[Reply] | CallResult:
        """Exchange one frame; any failure kills the child and becomes a CallResult."""
        exchange = child.exchange(request, deadline)
        if exchange.status == "frame":
            try:
                self.import_events += decode_events(exchange.frame[0])
                if op == "sequence":
                    return decode_sequence(*exchange.frame, seq=seq, ops=ops)
                return decode_reply(*exchange.frame, seq=seq, op=op)
            except ProtocolError as exc:
                detail = str(exc)
            status = "protocol"
        else:
            status, detail = exchange.status, exchange.detail
        if status == "timeout":
            self._stop()
            limit = self.limits.import_seconds if op == "import" else self.limits.call_seconds
            if op == "import":
                message = f"your module took more than {limit:g} s to import and was stopped"
            else:
                message = f"your code ran for more than {limit:g} s on this call and was stopped"
            return CallResult.failed("timeout", f"{message} (while {what})")
        if status == "protocol":
            self._stop()
            return CallResult.failed(
                "protocol",
                f"your code wrote into the grader's channel or broke it while {what}; "
                f"the reply could not be read ({detail})",
            )
        # The child closed its channel or died: wait briefly for its status.
        try:
            child.process.wait(timeout=1)
        except Exception:
            pass
        raw = child.status()
        self._stop()
        kind, phrase = _describe_status(raw, self._isolated)
        if status == "closed" and raw is None:
            kind, phrase = "protocol", "your code closed the grader's channel"
        return CallResult.failed(kind, f"{phrase} while {what}")

    # ---- calls ----------------------------------------------------------------------

    def _ready(self) -> CallResult | None:
        """None when a child can serve calls; else the failure every call gets."""
        if self._closed:
            raise SandboxError("the sandbox is closed; create a new Sandbox")
        if self._import is None:
            self.start()
        elif self._child is None and self._usable:
            result = self._spawn()
            if not self._usable:
                self._import = result
        assert self._import is not None
        if self._usable and self._child is not None:
            return None
        return CallResult.failed(
            self._import.kind,
            self._import.message
            if self._import.kind in ("forbidden-import", "missing", "syntax-error")
            else f"your module could not be used: {self._import.message}",
        )

    def _request(
        self,
        op: str,
        what: str,
        name: str = "",
        args: Sequence[Any] = (),
        kwargs: Mapping[str, Any] | None = None,
        handle: int | None = None,
        echo: bool = False,
    ) -> CallResult:
        """Send one request; every failure of the student's code becomes a CallResult."""
        generation, child_handle = self._generation, None
        if handle is not None:
            if not isinstance(handle, int) or handle not in self._handles:
                raise SandboxError(
                    f"'handle' must be a handle this sandbox returned (got {handle!r})"
                )
            generation, child_handle = self._handles[handle]
        if not isinstance(name, str):
            raise TypeError(f"'name' must be str (got {type(name).__name__})")
        self._seq += 1
        seq = self._seq
        request = encode_request(seq, op, name, args, kwargs, child_handle, echo)  # TypeError early
        failure = self._ready()
        if failure is not None:
            return failure
        if handle is not None and generation != self._generation:
            return CallResult.failed(
                "lost",
                "this object was lost when your code's process was restarted after an "
                "earlier failure",
            )
        child = self._child
        assert child is not None
        deadline = time.monotonic() + self.limits.call_seconds
        reply = self._wait(child, request, deadline, seq=seq, op=op, what=f"running {what}")
        if isinstance(reply, CallResult):
            return reply
        return self._result(reply)

    def _result(self, reply: Reply) -> CallResult:
        if reply.kind != "ok":
            return CallResult.failed(reply.kind, reply.message)
        parent_handle = None
        if reply.handle is not None:
            parent_handle = self._next_handle
            self._next_handle += 1
            self._handles[parent_handle] = (self._generation, reply.handle)
        return CallResult(
            ok=True,
            kind="ok",
            value=reply.value,
            is_self=reply.is_self,
            handle=parent_handle,
            after=reply.after,
        )

    def sequence(self, steps: Sequence[tuple]) -> list[CallResult]:
        """Several requests in one round trip; one result per step that ran.

        Each step is ``("call", name, args, kwargs)``, ``("new", cls, args, kwargs)``,
        ``("method", ref, name, args, kwargs)`` or ``("getattr", ref, name)`` (``("getattr",
        ref, name, key)`` reads the entry ``key`` of a dict attribute) (and
        ``("call_echo", name, args)`` / ``("method_echo", ref, name, args, {})`` as
        :meth:`call_echo` and :meth:`method_echo` do), where
        ``ref`` is a handle this sandbox returned or ``("step", k)``, the object
        that step k made.  The steps stop at the first failure, except a missing
        attribute or method, or a method's unusable return value.  The whole
        sequence has one call's time limit; if the child dies, the one result is
        that failure.
        """
        encoded, ops = [], []
        for step in steps:
            op = step[0]
            if op == "call_echo":
                encoded.append({"op": "call", "name": step[1], "args": step[2], "echo": True})
                ops.append("call")
                continue
            if op in ("call", "new"):
                _, name, args, kwargs = step
                encoded.append({"op": op, "name": name, "args": args, "kwargs": kwargs})
            else:
                ref = step[1]
                if isinstance(ref, tuple) and ref[0] == "step":
                    handle: Any = {"$step": int(ref[1])}
                elif isinstance(ref, int) and ref in self._handles:
                    generation, handle = self._handles[ref]
                    if generation != self._generation:
                        return [
                            CallResult.failed(
                                "lost",
                                "this object was lost when your code's process was restarted",
                            )
                        ]
                else:
                    raise SandboxError(f"'ref' must be a handle or ('step', k) (got {ref!r})")
                name = step[2]
                echo = op == "method_echo"
                op = "method" if echo else op
                args, kwargs = (step[3], step[4]) if op == "method" else (tuple(step[3:4]), {})
                encoded.append(
                    {
                        "op": op,
                        "name": name,
                        "handle": handle,
                        "args": args,
                        "kwargs": kwargs,
                        "echo": echo,
                    }
                )
            ops.append(op)
        if not 1 <= len(ops) <= MAX_SEQUENCE:
            raise SandboxError(f"'steps' must hold 1 to {MAX_SEQUENCE} steps (got {len(ops)})")
        self._seq += 1
        seq = self._seq
        request = encode_sequence(seq, encoded)
        failure = self._ready()
        if failure is not None:
            return [failure]
        child = self._child
        assert child is not None
        deadline = time.monotonic() + self.limits.call_seconds
        what = f"running {steps[-1][2] if steps[0][0] != 'call' else steps[0][1]}(...)"
        if steps[0][0] == "new" and len(steps) > 1 and steps[1][0] == "method":
            what = f"running {steps[0][1]}.{steps[1][2]}(...)"
        replies = self._wait(child, request, deadline, seq=seq, op="sequence", what=what, ops=ops)
        if isinstance(replies, CallResult):
            return [replies]
        return [self._result(reply) for reply in replies]

    def call(self, name: str, *args: Any, **kwargs: Any) -> CallResult:
        """Call the module-level function ``name``; an array back (0-d for scalars)."""
        return self._request("call", f"{name}(...)", name, args, kwargs)

    def call_echo(self, name: str, *args: Any) -> CallResult:
        """Like :meth:`call`, and ``after`` holds the array arguments as the call left them.

        The comparison with what was sent happens here, in the grader: this is how
        a check sees that a function modified its inputs in place.
        """
        return self._request("call", f"{name}(...)", name, args, None, echo=True)

    def method_echo(self, handle: int, name: str, *args: Any, **kwargs: Any) -> CallResult:
        """Like :meth:`method`, with ``after`` as in :meth:`call_echo` (the return value
        is dropped: an empty array when the method returned self or None)."""
        return self._request(
            "method", f"the method {name}(...)", name, args, kwargs or None, handle, echo=True
        )

    def new(self, cls: str, *args: Any, **kwargs: Any) -> CallResult:
        """Instantiate the module's class ``cls``; the object's ``handle`` back."""
        return self._request("new", f"{cls}(...)", cls, args, kwargs)

    def method(self, handle: int, name: str, *args: Any, **kwargs: Any) -> CallResult:
        """Call method ``name`` of the object ``handle``; ``is_self`` for ``return self``."""
        return self._request("method", f"the method {name}(...)", name, args, kwargs, handle)

    def getattr(self, handle: int, name: str, key: str | None = None) -> CallResult:
        """The attribute ``name`` of the object ``handle`` as an array, or ``"missing"``
        (``key``: the entry of a dict attribute, ``history_["cost"]``)."""
        what = f"reading the attribute {name}" + (f"[{key!r}]" if key is not None else "")
        args = (key,) if key is not None else ()
        return self._request("getattr", what, name, args, handle=handle)

    def signature(self, name: str) -> CallResult:
        """The parameters of a module-level function or class (its ``__init__``).

        ``value`` is a list of ``{"name", "kind", "has_default", "default"}``
        dicts (``"default_repr"`` instead of ``"default"`` for a default that is
        not a JSON scalar).
        """
        return self._request("signature", f"reading the signature of {name}", name)

    def names(self) -> CallResult:
        """The module's public names: ``value`` maps each to "function", "class" or "other"."""
        return self._request("names", "listing your module's names")

    def attributes(self, handle: int) -> CallResult:
        """What the object ``handle`` holds, described: ``value`` maps each attribute to
        ``{"kind": "array", "shape", "dtype"}``, ``{"kind": "number"}``, ``{"kind": "list",
        "length", "numbers"}``, ``{"kind": "dict", "entries": {key: ...}}`` or ``{"kind":
        "other"}`` (the values stay in the child)."""
        return self._request("attributes", "listing the attributes", handle=handle)


def _cleanup(
    holder: list,
    root: Path,
    token: str,
    owner: int,
    root_lock: int,
    mounted: Path | None,
    isolated: bool,
) -> None:
    """Kill what is left of a sandbox, unmount its folder's tmpfs (``mounted``), remove
    its folder and (not ``isolated``) what its uid left in the machine's shared folders,
    give its uid back (also run at garbage collection).

    Only in the process that created the sandbox: a worker forked from it
    (multiprocessing's fork) inherits the object but must not kill its child.
    Never raises: a folder that cannot be removed is said (and left to a later
    sweep), not charged to anyone's grade.
    """
    if os.getpid() != owner:
        return
    child, slot, settled = holder
    holder[:] = [None, None, True]
    if child is not None:
        child.kill()
        settled = child.namespace_gone
    if slot is not None and not settled:
        settled = kill_uid(slot.uid)
    elif slot is None and child is not None:
        kill_marked(f"{_MARKER_VARIABLE}={token}")
    if mounted is not None:
        release_folder(mounted)
    if slot is not None and not isolated:
        remove_owned(slot.uid)  # /tmp, /var/tmp, /dev/shm: bubblewrap shows it none of them
    if not remove_tree(root):
        warnings.warn(
            f"gdgrade could not remove the sandbox folder {root}; a later run removes it",
            RuntimeWarning,
            stacklevel=2,
        )
    try:
        os.close(root_lock)
    except OSError:
        pass
    if slot is not None:
        slot.release(settled)
