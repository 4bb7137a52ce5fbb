"""The resource limits of a sandbox, each a named, documented number."""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["Limits", "format_bytes"]


def format_bytes(size: int) -> str:
    """``size`` for a student: ``"2 GiB"``, ``"64 KiB"``, ``"200 bytes"``."""
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


@dataclass(frozen=True)
class Limits:
    """What one submission's code may use.

    Parameters
    ----------
    call_seconds : float
        Wall-clock time of one call (10 s).  A correct batch epoch on the
        grader's datasets (at most a few thousand samples) takes milliseconds,
        so 10 s is three orders of magnitude of slack for slow loops, yet short
        enough that a class with a few hanging submissions still grades in
        minutes.
    import_seconds : float
        Wall-clock time to start the child and import the student's module
        (20 s): the child imports numpy (about 0.1 s), and a module may train on
        a small dataset or import matplotlib at import time.
    cpu_seconds : int
        ``RLIMIT_CPU`` of one child's lifetime (120 s).  Backstop for threads
        that spin between calls, which the per-call wall clock does not see;
        the child is restarted when it is reached.
    memory_bytes : int
        ``RLIMIT_AS``, the address space of the child (2 GiB).  numpy and
        matplotlib map about 0.5 GiB; the grader's arrays are small.  Two
        graders per core on a laptop with 8 GiB stay safe.
    file_bytes : int
        ``RLIMIT_FSIZE``, the largest file the child may write (16 MiB): a
        plot or a CSV fits, a runaway log does not fill the disk.
    open_files : int
        ``RLIMIT_NOFILE`` (64): numpy, matplotlib and a few data files fit,
        a descriptor leak in a loop stops early.
    output_bytes : int
        stdout and stderr kept for feedback (64 KiB, half from the start and
        half from the end): enough for a traceback and a few prints; the
        rest is read and dropped, so 200 MB of prints cost neither disk nor
        memory.
    reply_bytes : int
        The largest reply accepted from the child (64 MiB): a float64 array
        of 8 million entries, far above any legitimate return value, far
        below what would hurt the grader's memory.
    submission_bytes : int
        Total size of the submission's files copied into the sandbox
        (32 MiB); larger files are skipped, so a dataset left in the folder
        does not fill the temporary folder for every submission.
    folder_bytes : int
        What the sandbox's folder may hold in all (128 MiB): the submission's copy (at
        most ``submission_bytes``) and every file the code writes.  ``file_bytes``
        bounds one file, this bounds them together: a loop writing file after file
        stops with ``OSError: No space left on device`` instead of filling the
        grader's disk.  Held where the grader is root (the folder is a tmpfs of this
        size, see :mod:`gdgrade.grading.sandbox.quota`), so it is memory: 128 MiB
        per worker.
    folder_files : int
        How many files and folders the sandbox's folder may hold (10,000), so that
        empty files cannot use up the inodes instead.
    processes : int
        ``RLIMIT_NPROC``: the most processes and threads the student's code may
        have at once, the server process that runs it included (32).  Training
        code needs one; a few for a ``multiprocessing`` pool or a ``subprocess``
        fit, and a fork storm stops at 32 instead of filling the machine.  It
        holds per sandbox: each sandbox's child runs as a uid of its own when the
        grader is root (see :mod:`gdgrade.grading.sandbox.uids`), and in its own
        user namespace otherwise; a grader that is neither root nor isolated by
        bubblewrap cannot enforce it (and says so).  A ``fork`` past it fails
        with ``BlockingIOError`` in the student's code.
    """

    call_seconds: float = 10.0
    import_seconds: float = 20.0
    cpu_seconds: int = 120
    memory_bytes: int = 2 * 1024**3
    file_bytes: int = 16 * 1024**2
    open_files: int = 64
    output_bytes: int = 64 * 1024
    reply_bytes: int = 64 * 1024**2
    submission_bytes: int = 32 * 1024**2
    folder_bytes: int = 128 * 1024**2
    folder_files: int = 10_000
    processes: int = 32

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ValueError(f"'{field.name}' must be a positive number (got {value!r})")
        if self.folder_bytes <= self.submission_bytes:
            raise ValueError(
                f"'folder_bytes' must be larger than 'submission_bytes' ({self.submission_bytes}),"
                f" the copy of the submission it holds (got {self.folder_bytes})"
            )
        if self.open_files < 16:
            raise ValueError(
                f"'open_files' must be at least 16 for numpy to load (got {self.open_files})"
            )
