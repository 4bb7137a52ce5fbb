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
import re
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
    unread : dict of str to str
        The files of :data:`WANTED` that are there but could not be read, and why
        (too large, a link...): their checks say so, never "missing".
    """

    path: str
    files: dict[str, bytes] = field(default_factory=dict)
    derivation: str | None = None
    problems: list[str] = field(default_factory=list)
    unread: dict[str, str] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        """A hash of everything graded: a change means it must be graded again."""
        h = hashlib.sha256()
        for name in sorted(self.files):
            h.update(_bytes(name) + b"\0" + self.files[name] + b"\0")
        h.update(_bytes(self.derivation or ""))
        for name, why in sorted(self.unread.items()):  # a file too large is not a missing one
            h.update(b"\0" + _bytes(name) + b"\0" + _bytes(why))
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


WANTED = ("adaline.py", "derivation.py")
"""The files a folder submission is made of, by the names the checks know them by."""
_COPY_MARK = re.compile(r"(?:\s*\(\d+\)|[-_ ]\d+)$")
"""What a download or a resubmission appends to a name: ``adaline (1)``, ``adaline-1``."""
_NOT_SUBMITTED = ("__MACOSX", "__pycache__", ".ipynb_checkpoints")
"""Folders an archiver or Python leaves beside the work, never the work itself."""
MAX_FOLDERS = 50
"""At most this many subfolders are looked into for a submission put a level or two down."""
MAX_ZIP_BYTES = 8 * 1024 * 1024
"""A larger ``.zip`` is not opened."""


def _renamed(name: str, wanted: str) -> bool:
    """Whether ``name`` is ``wanted`` as uploads and downloads rename files.

    The case may differ (``Adaline.py``), a copy number may follow (``adaline (1).py``,
    ``adaline-2.py``: a browser's second download, Canvas's resubmission), and an LMS
    prefix may come first (Canvas's ``smithjane_12345_67890_adaline.py``,
    Blackboard's ``..._attempt_2026-11-30-10-00-00_adaline.py``).  A test file
    (``test_adaline.py``) is never it.
    """
    stem, ext = os.path.splitext(name)
    want, want_ext = os.path.splitext(wanted)
    if ext.casefold() != want_ext:
        return False
    stem = _COPY_MARK.sub("", stem.strip()).casefold()
    if not stem.endswith(want):
        return False
    head = stem[: -len(want)]
    if head and head[-1] not in "_- ":
        return False
    head = head.rstrip("_- ")
    return not (head == "test" or head.endswith(("_test", "-test", " test")))


def stand_ins(names: list[str], wanted: str) -> list[str]:
    """The names of ``names`` that may be ``wanted``: itself alone when it is there."""
    if wanted in names:
        return [wanted]
    return [n for n in names if _renamed(n, wanted)]


def _holds(names: list[str]) -> bool:
    """Whether files with these names make a submission (its code, answers or notebook)."""
    return any(n.endswith(".ipynb") for n in names) or any(
        len(stand_ins(names, w)) == 1 for w in WANTED
    )


def _listed(names: list[str]) -> str:
    more = f" and {len(names) - 8} more" if len(names) > 8 else ""
    return ", ".join(names[:8]) + more


def _notebook_of(notebooks: list[str]) -> str:
    """The notebook a folder's submission is: the one named for the code, else the first
    that is not Jupyter's ``Untitled.ipynb`` (which sorts before ``adaline.ipynb``)."""
    named = stand_ins(notebooks, "adaline.ipynb")
    if len(named) == 1:
        return named[0]
    return next((n for n in notebooks if not n.casefold().startswith("untitled")), notebooks[0])


class _Tree:
    """A submission's files, in a folder or a zip: names by folder, and their bytes."""

    def files(self, folder: str) -> list[str]:
        """The sorted names of the files (not folders) in ``folder`` (``""``: the top)."""
        raise NotImplementedError

    def folders(self, folder: str) -> list[str]:
        """The sorted names of the folders in ``folder``."""
        raise NotImplementedError

    def read(self, folder: str, name: str, limit: int, shown: str) -> bytes:
        """The bytes of one file, at most ``limit`` (SubmissionError otherwise)."""
        raise NotImplementedError


class _FolderTree(_Tree):
    """A folder, each subfolder opened through its parent's descriptor, never by a link."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.fds = {"": _open_folder(path)}
        self.entries: dict[str, tuple[list[str], list[str]]] = {}

    def close(self) -> None:
        for fd in self.fds.values():
            os.close(fd)

    def _list(self, folder: str) -> tuple[list[str], list[str]]:
        if folder not in self.entries:
            fd = self.fds[folder]
            files, folders = [], []
            with os.scandir(fd) as entries:
                for entry in entries:
                    if len(files) + len(folders) >= MAX_ENTRIES:
                        raise SubmissionError(
                            f"{self.path}: more than {MAX_ENTRIES} files and folders in "
                            f"{folder or 'it'}: this is not one submission (nothing was read)"
                        )
                    try:
                        mode = os.stat(entry.name, dir_fd=fd, follow_symlinks=False).st_mode
                    except OSError:
                        continue
                    (folders if stat.S_ISDIR(mode) else files).append(entry.name)
            self.entries[folder] = (sorted(files), sorted(folders))
        return self.entries[folder]

    def files(self, folder: str) -> list[str]:
        return self._list(folder)[0]

    def folders(self, folder: str) -> list[str]:
        found = []
        for name in self._list(folder)[1]:
            inner = f"{folder}{name}/"
            if inner not in self.fds:  # each folder opened once, closed by close()
                try:
                    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
                    self.fds[inner] = os.open(name, flags, dir_fd=self.fds[folder])
                except OSError:
                    continue
            found.append(name)
        return found

    def read(self, folder: str, name: str, limit: int, shown: str) -> bytes:
        return read_file(name, limit, shown=shown, dir_fd=self.fds[folder])


class _ZipTree(_Tree):
    """A ``.zip`` read in memory: nothing is written, a member's path never leaves it."""

    def __init__(self, data: bytes, shown: str) -> None:
        import io
        import zipfile

        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
            raise SubmissionError(f"{shown} is not a readable zip ({exc})") from None
        if len(members) > MAX_ENTRIES:
            raise SubmissionError(
                f"{shown}: more than {MAX_ENTRIES} files and folders: this is not one "
                "submission (nothing was read)"
            )
        self.members: dict[str, dict[str, Any]] = {}
        self.subfolders: dict[str, set[str]] = {}
        for info in members:
            parts = [p for p in info.filename.replace("\\", "/").split("/") if p not in ("", ".")]
            if not parts or ".." in parts:
                continue
            if info.is_dir():
                parts.append("")
            for depth in range(len(parts) - 1):
                here = "".join(p + "/" for p in parts[:depth])
                self.subfolders.setdefault(here, set()).add(parts[depth])
            if parts[-1]:
                folder = "".join(p + "/" for p in parts[:-1])
                self.members.setdefault(folder, {})[parts[-1]] = info

    def files(self, folder: str) -> list[str]:
        return sorted(self.members.get(folder, {}))

    def folders(self, folder: str) -> list[str]:
        return sorted(self.subfolders.get(folder, ()))

    def read(self, folder: str, name: str, limit: int, shown: str) -> bytes:
        info = self.members[folder][name]
        if stat.S_ISLNK(info.external_attr >> 16):
            raise SubmissionError(f"{shown} is a symbolic link: it is not read")
        if info.flag_bits & 0x1:
            raise SubmissionError(f"{shown} is encrypted: it is not read")
        if info.file_size > limit:
            raise SubmissionError(f"{shown} is larger than {_size(limit)}: it is not read")
        try:
            with self.zip.open(info) as member:
                data = member.read(limit + 1)  # the size it claims is not trusted
        except Exception as exc:  # zlib, lzma, bz2 and zipfile each raise their own
            raise SubmissionError(f"{shown} cannot be read from the zip ({exc})") from None
        if len(data) > limit:
            raise SubmissionError(f"{shown} is larger than {_size(limit)}: it is not read")
        return data


def _where(tree: _Tree) -> str:
    """The folder of ``tree`` that holds the submission: the top, or the one a level or
    two down (``hw2/``, ``hw2/code/``) when only it holds one; ``""`` otherwise."""
    if _holds(tree.files("")):
        return ""
    level, looked = [""], 0
    for _ in range(2):
        inner = []
        for folder in level:
            for name in tree.folders(folder):
                if name.startswith(".") or name in _NOT_SUBMITTED or looked >= MAX_FOLDERS:
                    continue
                looked += 1
                inner.append(f"{folder}{name}/")
        found = [f for f in inner if _holds(tree.files(f))]
        if len(found) > 1:
            raise SubmissionError(
                f"several folders hold a submission ({', '.join(found[:5])}): "
                "give the one to grade (nothing was read)"
            )
        if found:
            return found[0]
        level = inner
    return ""


def _from_tree(tree: _Tree, sub: Submission, top: str) -> None:
    """Read the submission of ``tree`` into ``sub``; ``top`` names the tree in messages."""
    folder = _where(tree)
    names = [n for n in tree.files(folder) if not n.startswith(".") and not n.endswith(".pyc")]
    notebooks = [n for n in names if n.endswith(".ipynb")]
    zips = [n for n in names if n.casefold().endswith(".zip")]
    if folder:
        sub.problems.append(f"read the files in {top}{folder}")
    elif isinstance(tree, _FolderTree) and len(zips) == 1 and not _holds(names):
        # a folder holding the student's zip: Gradescope unzips uploads, an LMS does not
        _from_zip(tree.read("", zips[0], MAX_ZIP_BYTES, zips[0]), zips[0], sub)
        return
    chosen: dict[str, str] = {}
    for wanted in WANTED:
        fits = stand_ins(names, wanted)
        if len(fits) == 1:
            chosen[fits[0]] = wanted
            if fits[0] != wanted:
                sub.problems.append(f"read {top}{folder}{fits[0]} as {wanted}")
        elif fits:
            sub.problems.append(
                f"no {wanted}, and {len(fits)} files could be it ({_listed(fits)}): "
                f"none was read as {wanted}"
            )
    budget = MAX_TOTAL_BYTES
    for name in names:
        if name in notebooks:
            continue
        if len(sub.files) >= MAX_FILES:
            sub.problems.append(f"more than {MAX_FILES} files: the rest were left out")
            break
        as_ = chosen.get(name, name)  # a stand-in takes the checks' name in the sandbox
        limit = min(MAX_CODE_BYTES if as_ in WANTED else MAX_FILE_BYTES, budget)
        try:
            data = tree.read(folder, name, limit, f"{top}{folder}{name}")
        except SubmissionError as exc:
            sub.problems.append(f"{exc} (left out)")
            if as_ in WANTED:
                sub.unread[as_] = str(exc)
            continue
        if as_ == "derivation.py":
            sub.derivation = data.decode("utf-8", errors="replace")
        else:
            budget -= len(data)
            sub.files[as_] = data
    if "adaline.py" in sub.files or "adaline.py" in sub.unread:
        return
    if notebooks:
        chosen_notebook = _notebook_of(notebooks)
        shown = f"{top}{folder}{chosen_notebook}"
        if len(notebooks) > 1:
            others = [n for n in notebooks if n != chosen_notebook]
            sub.problems.append(f"read {shown}, not {_listed(others)}")
        try:
            data = tree.read(folder, chosen_notebook, MAX_NOTEBOOK_BYTES, shown)
        except SubmissionError as exc:
            sub.problems.append(f"no adaline.py in the folder, and {exc}")
        else:
            _from_notebook(data, shown, sub, spec=None)
    else:
        held = f" (it holds {_listed(names)})" if names else ""
        sub.problems.append(f"no adaline.py in the folder{held}")


def _from_folder(path: str, sub: Submission) -> None:
    tree = _FolderTree(path)
    try:
        _from_tree(tree, sub, "")
    finally:
        tree.close()


def _from_zip(data: bytes, shown: str, sub: Submission) -> None:
    """A zip's submission, read in memory; the note says which zip was read."""
    sub.problems.append(f"read the files in {shown}")
    _from_tree(_ZipTree(data, shown), sub, f"{shown}:")


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
        _from_folder(where, sub)
    elif where.endswith(".py"):
        text = read_file(where, MAX_CODE_BYTES, shown=str(path))
        sub.files["adaline.py"] = text
        sub.derivation = text.decode("utf-8", errors="replace")  # answers may sit in the same file
    elif where.endswith(".ipynb"):
        _from_notebook(read_file(where, MAX_NOTEBOOK_BYTES, shown=str(path)), str(path), sub, spec)
    elif where.casefold().endswith(".zip"):
        _from_zip(read_file(where, MAX_ZIP_BYTES, shown=str(path)), Path(where).name, sub)
    else:
        raise SubmissionError(
            f"{path}: expected a folder, a .py file, an .ipynb notebook or a .zip of them"
        )
    return sub
