"""A class roster: the CSV an instructor already has, read into students.

The first row names the columns; the common names of nbgrader's student import,
Gradescope's and Canvas's roster exports and Moodle's user lists are understood
(case, spaces and punctuation ignored)::

    id,first_name,last_name,email
    ann,Ann,Lee,ann.lee@uni.example
    bob,Bob,Okafor,bob.okafor@uni.example

- the student id: the first column named ``student_id``, ``id``, ``sid``,
  ``username``, ``login``, ``sis_user_id``, ``sis_login_id``, ``id_number``,
  ``user_id``, ``net_id`` or ``student``; with none of them, the ``email``;
- names: ``first_name`` / ``given_name`` and ``last_name`` / ``surname`` /
  ``family_name``, or one ``name`` / ``full_name`` column ("Lee, Ann" or "Ann Lee");
- email: ``email``, ``email_address`` or ``e-mail``.

Rules, each enforced with a one-line error: the file exists and is a CSV with a
header row that names an id (or email) column; an id appears once.  Rows with a
blank id are skipped (Canvas's "Points Possible" row), as are rows whose
``role`` column names staff (Gradescope's roster lists its TAs).
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ID_COLUMNS",
    "RosterError",
    "Student",
    "read_roster",
    "student_of_path",
    "write_students_csv",
]

ID_COLUMNS = (
    "studentid",
    "id",
    "sid",
    "username",
    "login",
    "sisuserid",
    "sisloginid",
    "idnumber",
    "userid",
    "netid",
    "student",
)
"""Column names read as the student id, in this order (lower case, letters and digits only)."""
FIRST_COLUMNS = ("firstname", "givenname", "first", "forename")
LAST_COLUMNS = ("lastname", "surname", "familyname", "last")
NAME_COLUMNS = ("name", "fullname", "studentname", "student")
EMAIL_COLUMNS = ("email", "emailaddress", "mail")
ROLE_COLUMNS = ("role", "roles")
STUDENT_ROLES = ("", "student", "students", "learner")

EXAMPLE = "id,first_name,last_name,email\nann,Ann,Lee,ann.lee@uni.example"
"""A roster, as the help and the errors show it."""


class RosterError(ValueError):
    """The roster cannot be read as one (the message, one line, says how to fix it)."""


@dataclass(frozen=True)
class Student:
    """One student of the roster (names and email may be empty)."""

    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""

    @property
    def name(self) -> str:
        """First and last name, as one string."""
        return " ".join(p for p in (self.first_name, self.last_name) if p)


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def _column(keys: list[str], names: tuple[str, ...], skip: int | None = None) -> int | None:
    for name in names:
        for i, key in enumerate(keys):
            if key == name and i != skip:
                return i
    return None


def _split_name(full: str) -> tuple[str, str]:
    if "," in full:  # "Lee, Ann": Canvas and most registrars
        last, first = full.split(",", 1)
        return first.strip(), last.strip()
    first, _, last = full.strip().rpartition(" ")
    return (first, last) if first else (last, "")


def _rows(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RosterError(f"{path}: no such roster file (a CSV such as: {_one_line()})") from None
    except IsADirectoryError:
        raise RosterError(f"{path}: a folder, not a roster CSV file") from None
    except UnicodeDecodeError:
        raise RosterError(f"{path}: not a text file (save the roster as CSV, UTF-8)") from None
    first = text.splitlines()[0] if text.strip() else ""
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=",;\t") if first else csv.excel
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]


def _one_line() -> str:
    return EXAMPLE.replace("\n", " / ")


def read_roster(path: str | os.PathLike) -> list[Student]:
    """The students of a roster CSV, in its order (see the module's rules).

    Raises
    ------
    RosterError
        The file is missing or empty, has no header row naming an id column,
        lists an id twice, or lists no student.
    """
    path = Path(path)
    rows = _rows(path)
    if not rows:
        raise RosterError(f"{path}: the roster is empty (a CSV such as: {_one_line()})")
    keys = [_key(h) for h in rows[0]]
    id_col = _column(keys, ID_COLUMNS)
    email_col = _column(keys, EMAIL_COLUMNS)
    if id_col is None:
        id_col = email_col
    if id_col is None:
        shown = ", ".join(repr(h) for h in rows[0][:4])
        raise RosterError(
            f"{path}: the first row must name the columns, one of them the student id "
            f"(id, student_id, sid, username or email); it is {shown}: add a header row "
            f"such as {EXAMPLE.splitlines()[0]}"
        )
    first_col = _column(keys, FIRST_COLUMNS)
    last_col = _column(keys, LAST_COLUMNS)
    name_col = _column(keys, NAME_COLUMNS, skip=id_col)
    role_col = _column(keys, ROLE_COLUMNS)

    def cell(row: list[str], col: int | None) -> str:
        return row[col].strip() if col is not None and col < len(row) else ""

    students: list[Student] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        sid = cell(row, id_col)
        if not sid or cell(row, role_col).lower() not in STUDENT_ROLES:
            continue
        if sid in seen:
            raise RosterError(
                f"{path}: student id {sid!r} is listed twice (rows {seen[sid]} and {number}): "
                "each student once"
            )
        seen[sid] = number
        first, last = cell(row, first_col), cell(row, last_col)
        if not (first or last) and name_col is not None:
            first, last = _split_name(cell(row, name_col))
        students.append(Student(sid, first, last, cell(row, email_col)))
    if not students:
        raise RosterError(f"{path}: the roster lists no student (a CSV such as: {_one_line()})")
    return students


def write_students_csv(path: str | os.PathLike, students: list[Student]) -> None:
    """``students.csv`` for ``nbgrader db student import`` (id, first_name, last_name, email)."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "first_name", "last_name", "email"])
        for s in students:
            writer.writerow([s.id, s.first_name, s.last_name, s.email])


def student_of_path(path: str | os.PathLike, assignment: str | None = None) -> str | None:
    """The student id in an nbgrader path ``.../submitted/<student>/<assignment>/...``.

    ``autograded/`` and ``feedback/`` paths are read the same way; None when the
    path has no such part.
    """
    parts = Path(os.path.abspath(path)).parts
    for i in range(len(parts) - 2, -1, -1):
        if parts[i] in ("submitted", "autograded", "feedback") and i + 1 < len(parts):
            if assignment is None or (i + 2 < len(parts) and parts[i + 2] == assignment):
                return parts[i + 1]
    return None
