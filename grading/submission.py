"""Reading a submission: a folder, a single ``.py`` file, or an nbgrader notebook.

What comes out is the code that will run in the sandbox (``adaline.py`` and any
helper modules next to it) and the text of ``derivation.py``, which is only
ever read with the ``ast`` module.  Nothing here runs the student's code.

Every file is read as what it claims to be.  It is opened with ``O_NOFOLLOW``
and ``O_NONBLOCK`` and judged by ``fstat`` on the opened descriptor (so nothing
can be swapped between a check and the read): a symbolic link, a hard link to
a file with another name (``st_nlink > 1``: another student's notebook, a file
of the machine's), a device, a FIFO or a socket is never read, and at most
the size cap is read from a regular file.  A folder is listed through its own
descriptor and its files are opened relative to it.

The path given on the command line is judged the same way: if it is itself a
symbolic link (``submitted/alice -> bob``) it is refused, with the target to
give instead.  The folders above it are followed: they are the instructor's
tree (a course folder on a linked disk is common), not the student's upload.
"""

from __future__ import annotations

import ast
import errno
import hashlib
import os
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gdgrade.grading.spec import AssignmentSpec

__all__ = [
    "MAX_CODE_BYTES",
    "MAX_ENTRIES",
    "MAX_FILES",
    "MAX_FILE_BYTES",
    "MAX_NOTEBOOK_BYTES",
    "MAX_TOTAL_BYTES",
    "Submission",
    "SubmissionError",
    "grading_key",
    "load_submission",
    "read_file",
]

MAX_FILE_BYTES = 1024 * 1024
"""Files larger than this are left out of the sandbox copy (and reported)."""
MAX_CODE_BYTES = 256 * 1024
"""The most code the grader itself parses (with ``ast``, never running it): ``adaline.py``,
``derivation.py``, a ``.py`` given as the path, a notebook's code cells.  A textbook
``adaline.py`` is 3-6 KiB; parsing 256 KiB takes about a tenth of a second and 130 MB,
1 MiB took 3 s and 500 MB."""
MAX_FILES = 50
"""At most this many files of a folder are copied into the sandbox."""
MAX_TOTAL_BYTES = 8 * 1024 * 1024
"""At most this many bytes of a folder's files are copied into the sandbox."""
MAX_ENTRIES = 1000
"""A folder with more entries than this is not a submission (nothing is read)."""
MAX_NOTEBOOK_BYTES = 5 * 1024 * 1024
"""A larger notebook is not read: clearing its outputs makes it small again (a
notebook's code is a few kilobytes; its plots are what weighs)."""

_OPEN = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
)


class SubmissionError(ValueError):
    """The path cannot be read as a submission (the message says what was expected)."""


@dataclass
class Submission:
    """A submission's files, as the grader uses them.

    Attributes
    ----------
    path : str
        As given on the command line.
    files : dict of str to bytes
        What is copied into the sandbox (``adaline.py`` first).
    derivation : str or None
        The source text of ``derivation.py`` (never executed).
    problems : list of str
        What was odd about it (a file left out, no ``adaline.py``...).
    """

    path: str
    files: dict[str, bytes] = field(default_factory=dict)
    derivation: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """A hash of everything graded: a change means it must be graded again."""
        h = hashlib.sha256()
        for name in sorted(self.files):
            h.update(_bytes(name) + b"\0" + self.files[name] + b"\0")
        h.update(_bytes(self.derivation or ""))
        return h.hexdigest()[:16]


def _bytes(text: str) -> bytes:
    """Any string as bytes: file names that are not UTF-8 carry lone surrogates."""
    return text.encode("utf-8", "surrogatepass")


def grading_key(fingerprint: str, spec: AssignmentSpec, variant: Any, visibilities: Any) -> str:
    """What decides a grade, hashed: a result is reused only when all of it is the same.

    The submission's files (``fingerprint``), the whole spec as read (presets
    applied: :attr:`~gdgrade.grading.spec.AssignmentSpec.digest`), the student's
    variant, the checks that run and gdgrade's version.
    """
    import json

    from gdgrade import __version__

    h = hashlib.sha256()
    for part in (
        fingerprint,
        spec.digest,
        json.dumps(variant, sort_keys=True, default=repr),
        json.dumps(sorted(visibilities)),
        __version__,
    ):
        h.update(_bytes(part) + b"\0")
    return h.hexdigest()[:16]


def _refuse_kind(mode: int, shown: str) -> None:
    """Raise unless ``mode`` is a regular file's, saying what the file is instead."""
    if stat.S_ISREG(mode):
        return
    kind = next((words for test, words in _KINDS if test(mode)), "not a regular file")
    raise SubmissionError(f"{shown} is {kind}, not a file: it is not read")


def read_file(name: str | os.PathLike, limit: int, *, shown: str, dir_fd: int | None = None):
    """The bytes of a regular file with one name, at most ``limit`` of them.

    Raises
    ------
    SubmissionError
        It is a symbolic link, a hard link, a device, a FIFO, a socket or a
        folder, it cannot be opened, or it is larger than ``limit``.
    """
    try:
        # a device, FIFO or socket is not even opened (opening some devices acts)...
        _refuse_kind(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode, shown)
        fd = os.open(name, _OPEN, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SubmissionError(f"{shown} is a symbolic link: it is not read") from None
        raise SubmissionError(f"{shown} cannot be read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)  # ...and what was opened is judged, not what was looked at
        _refuse_kind(info.st_mode, shown)
        if info.st_nlink > 1:
            raise SubmissionError(
                f"{shown} is a hard link (the same file has {info.st_nlink} names): "
                "it is not read; submit a copy of the file"
            )
        if info.st_size > limit:
            raise SubmissionError(f"{shown} is larger than {_size(limit)}: it is not read")
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:  # it grew while being read
            raise SubmissionError(f"{shown} is larger than {_size(limit)}: it is not read")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB" if n % (1024 * 1024) == 0 else f"{n // 1024} KiB"


def _open_folder(path: str) -> int:
    try:
        return os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        raise SubmissionError(f"{path}: cannot be read ({exc.strerror})") from None


def _from_folder(path: str, sub: Submission, spec: AssignmentSpec | None) -> None:
    fd = _open_folder(path)
    try:
        names = []
        with os.scandir(fd) as entries:
            for entry in entries:
                names.append(entry.name)
                if len(names) > MAX_ENTRIES:
                    raise SubmissionError(
                        f"{path}: more than {MAX_ENTRIES} files and folders: this is not one "
                        "submission (nothing was read)"
                    )
        names.sort()
        budget = MAX_TOTAL_BYTES
        notebooks = []
        for name in names:
            if name.startswith(".") or name.endswith(".pyc"):
                continue
            try:
                info = os.stat(name, dir_fd=fd, follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISDIR(info.st_mode):
                continue  # folders are not part of a submission
            if name.endswith(".ipynb"):
                notebooks.append(name)
                continue
            if len(sub.files) >= MAX_FILES:
                sub.problems.append(f"more than {MAX_FILES} files: the rest were left out")
                break
            parsed = name in ("adaline.py", "derivation.py")
            limit = min(MAX_CODE_BYTES if parsed else MAX_FILE_BYTES, budget)
            try:
                data = read_file(name, limit, shown=name, dir_fd=fd)
            except SubmissionError as exc:
                sub.problems.append(f"{exc} (left out)")
                continue
            if name == "derivation.py":
                sub.derivation = data.decode("utf-8", errors="replace")
            else:
                budget -= len(data)
                sub.files[name] = data
        if "adaline.py" not in sub.files:
            if notebooks:
                try:
                    data = read_file(
                        notebooks[0], MAX_NOTEBOOK_BYTES, shown=notebooks[0], dir_fd=fd
                    )
                except SubmissionError as exc:
                    sub.problems.append(f"no adaline.py in the folder, and {exc}")
                else:
                    _from_notebook(data, notebooks[0], sub, spec=None)
            else:
                sub.problems.append("no adaline.py in the folder")
    finally:
        os.close(fd)


def _strip_magics(source: str) -> str:
    keep = []
    for line in source.splitlines():
        stripped = line.lstrip()
        keep.append(
            "pass  # (notebook magic removed)" if stripped[:1] in "%!" and stripped else line
        )
    return "\n".join(keep)


def _cells(data: bytes, shown: str) -> list[dict[str, Any]]:
    """The notebook's cells as nbformat reads them, each checked to be a cell."""
    try:
        import nbformat
    except ImportError:
        from gdgrade.grading.extras import NOTEBOOK

        raise SubmissionError(
            f"{shown}: reading a notebook needs nbformat, which Jupyter has: run gdgrade "
            f"from Jupyter's Python, or {NOTEBOOK}"
        ) from None

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(data.decode("utf-8", errors="replace"), as_version=4)
        cells = nb.get("cells", [])
        if not isinstance(cells, list):
            raise TypeError("'cells' is not a list")
        for cell in cells:
            if not isinstance(cell, dict) or not isinstance(cell.get("source", ""), str):
                raise TypeError("a cell is not a cell")
            meta = cell.get("metadata", {})
            if not isinstance(meta, dict) or not isinstance(meta.get("nbgrader", {}), dict):
                raise TypeError("a cell's metadata is not a table")
    # nbformat raises whatever the JSON's shape makes it raise (AttributeError,
    # TypeError, jsonschema's ValidationError...): any of them means "not a notebook".
    except Exception as exc:
        why = f"{type(exc).__name__}: {exc}"
        why = why if len(why) <= 200 else why[:199] + "…"
        raise SubmissionError(f"{shown}: not a readable notebook ({why})") from None
    return cells


def _joined(cells: list[dict[str, Any]], shown: str, what: str) -> str:
    source = "\n\n".join(_strip_magics(c.get("source", "")) for c in cells)
    if len(source) > MAX_CODE_BYTES:
        raise SubmissionError(
            f"{shown}: its {what} cells hold more than {_size(MAX_CODE_BYTES)} of code: "
            "it is not read"
        )
    return source


def _from_notebook(data: bytes, shown: str, sub: Submission, spec: AssignmentSpec | None) -> None:
    cells = _cells(data, shown)
    by_id: dict[str, list] = {}
    for cell in cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if isinstance(grade_id, str) and grade_id:
            by_id.setdefault(grade_id, []).append(cell)
    wanted = dict(spec.notebook) if spec else {}
    code_ids, deriv_ids = wanted.get("adaline", ()), wanted.get("derivation", ())
    code = [c for gid in code_ids for c in by_id.get(gid, []) if c.get("cell_type") == "code"]
    deriv = [c for gid in deriv_ids for c in by_id.get(gid, []) if c.get("cell_type") == "code"]
    if code_ids and not code:
        sub.problems.append(
            f"{Path(shown).name}: no cell with grade_id {', '.join(code_ids)}; "
            "using every code cell"
        )
    if not code:
        code = [
            c
            for c in cells
            if c.get("cell_type") == "code"
            and c.get("metadata", {}).get("nbgrader", {}).get("grade") is not True
        ]
    source = _joined(code, shown, "code")
    # a lone surrogate in a cell (valid JSON) is kept as its escape, not a crash
    sub.files["adaline.py"] = source.encode("utf-8", errors="backslashreplace")
    if deriv:
        sub.derivation = _answers_renamed(_joined(deriv, shown, "derivation"))
    elif sub.derivation is None:
        sub.derivation = _answers_renamed(source)


def _answers_renamed(source: str) -> str:
    """A notebook's ``gradient_answer = ...`` read as derivation.py's ``gradient = ...``.

    In a notebook the answers cannot share the functions' names; only the
    assignments to the answer names are kept (with ast, nothing is run).
    """
    from gdgrade.grading.notebook import ANSWER_NAMES

    renames = {v: k for k, v in ANSWER_NAMES.items()}
    if not any(name in source for name in renames):
        return source  # nothing to rename: no need to parse
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return source
    kept = []
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id in renames
        ):
            node.targets[0].id = renames[node.targets[0].id]
            kept.append(node)
    if not kept:
        return source
    try:
        return ast.unparse(ast.Module(body=kept, type_ignores=[]))
    except (RecursionError, ValueError):
        return source


def load_submission(path: str | os.PathLike, spec: AssignmentSpec) -> Submission:
    """Read what ``path`` holds.

    Raises
    ------
    SubmissionError
        When the path does not exist, is a symbolic link, or is neither a
        folder, a ``.py`` nor an ``.ipynb`` file that can be read.
    """
    sub = Submission(str(path))
    # Path() drops a trailing slash, which would make the kernel follow a last link
    where = os.fspath(Path(path))
    try:
        info = os.lstat(where)
    except OSError:
        raise SubmissionError(f"{path}: no such file or folder") from None
    if stat.S_ISLNK(info.st_mode):
        raise SubmissionError(
            f"{path} is a symbolic link (to {os.path.realpath(where)}): it is not followed; "
            "give the folder or file it points to if it is the submission"
        )
    if stat.S_ISDIR(info.st_mode):
        _from_folder(where, sub, None)
    elif where.endswith(".py"):
        text = read_file(where, MAX_CODE_BYTES, shown=str(path))
        sub.files["adaline.py"] = text
        sub.derivation = text.decode("utf-8", errors="replace")  # answers may sit in the same file
    elif where.endswith(".ipynb"):
        _from_notebook(read_file(where, MAX_NOTEBOOK_BYTES, shown=str(path)), str(path), sub, spec)
    else:
        raise SubmissionError(f"{path}: expected a folder, a .py file or an .ipynb notebook")
    return sub
