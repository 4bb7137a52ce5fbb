"""Reading a submission: a folder, a single ``.py`` file, or an nbgrader notebook.

What comes out is the code that will run in the sandbox (``adaline.py`` and any
helper modules next to it) and the text of ``derivation.py``, which is only
ever read with the ``ast`` module.  Nothing here runs the student's code.
"""

from __future__ import annotations

import ast
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from gdgrade.grading.spec import AssignmentSpec

__all__ = ["MAX_FILE_BYTES", "Submission", "SubmissionError", "load_submission"]

MAX_FILE_BYTES = 1024 * 1024
"""Files larger than this are left out of the sandbox copy (and reported)."""
MAX_FILES = 50
"""At most this many files of a folder are copied into the sandbox."""


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
            h.update(name.encode() + b"\0" + self.files[name] + b"\0")
        h.update((self.derivation or "").encode())
        return h.hexdigest()[:16]


def _from_folder(path: Path, sub: Submission) -> None:
    entries = sorted(p for p in path.iterdir() if p.is_file() and not p.is_symlink())
    for p in entries:
        if p.name.startswith(".") or p.suffix in (".pyc", ".ipynb"):
            continue
        if len(sub.files) >= MAX_FILES:
            sub.problems.append(f"more than {MAX_FILES} files: the rest were left out")
            break
        if p.stat().st_size > MAX_FILE_BYTES:
            sub.problems.append(f"{p.name} is larger than {MAX_FILE_BYTES // 1024} KiB: left out")
            continue
        if p.name == "derivation.py":
            sub.derivation = p.read_text(encoding="utf-8", errors="replace")
        else:
            sub.files[p.name] = p.read_bytes()
    if "adaline.py" not in sub.files:
        notebooks = sorted(path.glob("*.ipynb"))
        if notebooks:
            _from_notebook(notebooks[0], sub, spec=None)
        else:
            sub.problems.append("no adaline.py in the folder")


def _strip_magics(source: str) -> str:
    keep = []
    for line in source.splitlines():
        stripped = line.lstrip()
        keep.append(
            "pass  # (notebook magic removed)" if stripped[:1] in "%!" and stripped else line
        )
    return "\n".join(keep)


def _from_notebook(path: Path, sub: Submission, spec: AssignmentSpec | None) -> None:
    import nbformat

    try:
        nb = nbformat.read(str(path), as_version=4)
    except (OSError, ValueError, json.JSONDecodeError) as exc:
        raise SubmissionError(f"{path}: not a readable notebook ({exc})") from None
    cells = nb.get("cells", [])
    by_id: dict[str, list] = {}
    for cell in cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id:
            by_id.setdefault(grade_id, []).append(cell)
    wanted = dict(spec.notebook) if spec else {}
    code_ids, deriv_ids = wanted.get("adaline", ()), wanted.get("derivation", ())
    code = [c for gid in code_ids for c in by_id.get(gid, []) if c.cell_type == "code"]
    deriv = [c for gid in deriv_ids for c in by_id.get(gid, []) if c.cell_type == "code"]
    if code_ids and not code:
        sub.problems.append(
            f"{path.name}: no cell with grade_id {', '.join(code_ids)}; using every code cell"
        )
    if not code:
        code = [
            c
            for c in cells
            if c.cell_type == "code"
            and c.get("metadata", {}).get("nbgrader", {}).get("grade") is not True
        ]
    source = "\n\n".join(_strip_magics(c.source) for c in code)
    sub.files["adaline.py"] = source.encode()
    if deriv:
        sub.derivation = _answers_renamed("\n\n".join(_strip_magics(c.source) for c in deriv))
    elif sub.derivation is None:
        sub.derivation = _answers_renamed(source)


def _answers_renamed(source: str) -> str:
    """A notebook's ``gradient_answer = ...`` read as derivation.py's ``gradient = ...``.

    In a notebook the answers cannot share the functions' names; only the
    assignments to the answer names are kept (with ast, nothing is run).
    """
    from gdgrade.grading.notebook import ANSWER_NAMES

    renames = {v: k for k, v in ANSWER_NAMES.items()}
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
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
    return ast.unparse(ast.Module(body=kept, type_ignores=[]))


def load_submission(path: str | Path, spec: AssignmentSpec) -> Submission:
    """Read what ``path`` holds.

    Raises
    ------
    SubmissionError
        When the path does not exist or is neither a folder, a ``.py`` nor an
        ``.ipynb`` file.
    """
    sub = Submission(str(path))
    p = Path(path)
    if not p.exists():
        raise SubmissionError(f"{path}: no such file or folder")
    if p.is_dir():
        _from_folder(p, sub)
    elif p.suffix == ".py":
        if p.stat().st_size > MAX_FILE_BYTES:
            raise SubmissionError(f"{path}: larger than {MAX_FILE_BYTES // 1024} KiB")
        text = p.read_bytes()
        sub.files["adaline.py"] = text
        sub.derivation = text.decode("utf-8", errors="replace")  # answers may sit in the same file
    elif p.suffix == ".ipynb":
        _from_notebook(p, sub, spec)
    else:
        raise SubmissionError(f"{path}: expected a folder, a .py file or an .ipynb notebook")
    return sub
