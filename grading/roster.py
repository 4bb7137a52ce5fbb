"""A class roster: the CSV an instructor already has, read into students.

The first row names the columns; the common names of nbgrader's student import,
Gradescope's and Canvas's roster exports and Moodle's user lists are understood
(case, accents, spaces and punctuation ignored; Moodle's German and French
headers too)::

    id,first_name,last_name,email
    ann,Ann,Lee,ann.lee@uni.example
    bob,Bob,Okafor,bob.okafor@uni.example

- the student id: the first column named ``student_id``, ``id``, ``sid``,
  ``username``, ``login``, ``sis_user_id``, ``sis_login_id``, ``id_number``,
  ``user_id``, ``net_id`` or ``student``; with none of them, the ``email``;
- names: ``first_name`` / ``given_name`` and ``last_name`` / ``surname`` /
  ``family_name``, or one ``name`` / ``full_name`` column ("Lee, Ann" or "Ann Lee");
- email: ``email``, ``email_address`` or ``e-mail``.

The id column is the first of those filled in for every student (Gradescope's
SID and Moodle's ID number are often left blank: then the next one, or the email);
the row's other ids (a username beside a student number) are kept as aliases, to
match file names.  The file may be UTF-8 (with Excel's BOM), UTF-16 (Blackboard's
Grade Center download) or cp1252, separated by commas, semicolons or tabs (or as
Excel's ``sep=`` line says), with a title line or two above the header.

Rules, each enforced with a one-line error: the file exists, is a CSV (not an
Excel workbook) with a header row that names an id (or email) column; a student
has an id when others have one (never a student dropped); an id appears once.
Skipped: rows of nobody (blank), Canvas's "Points Possible" row and its test
student, a repeated header row, and rows whose ``role`` column names staff
(Gradescope's roster lists its TAs).  Brightspace's ``#`` before every id is dropped.

:func:`match_submission` finds the student a submission's path belongs to.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "ID_COLUMNS",
    "AmbiguousSubmission",
    "RosterError",
    "Student",
    "match_submission",
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
    "idnummer",  # Moodle in German
    "matrikelnummer",
    "numerodidentification",  # Moodle in French
    "student",
)
"""Column names read as the student id, in this order (lower case, letters and digits only)."""
FIRST_COLUMNS = ("firstname", "givenname", "first", "forename", "vorname", "prenom")
LAST_COLUMNS = ("lastname", "surname", "familyname", "last", "nachname", "nom")
NAME_COLUMNS = ("name", "fullname", "studentname", "student")
EMAIL_COLUMNS = ("email", "emailaddress", "mail", "emailadresse", "adressedecourriel")
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
    aliases: tuple[str, ...] = field(default=(), compare=False)
    """The row's other ids (a username beside a student number...), to match file names."""

    @property
    def name(self) -> str:
        """First and last name, as one string."""
        return " ".join(p for p in (self.first_name, self.last_name) if p)


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _plain(header))


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


EXCEL_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
"""How an Excel workbook begins (.xlsx is a zip, .xls an OLE file): not a CSV."""


def _text(path: Path) -> str:
    """The roster's text: UTF-8 (with or without a BOM), UTF-16 with a BOM
    (Blackboard's Grade Center download), else Excel's cp1252 (Windows in Western Europe)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RosterError(f"{path}: no such roster file (a CSV such as: {_one_line()})") from None
    except IsADirectoryError:
        raise RosterError(f"{path}: a folder, not a roster CSV file") from None
    if data.startswith(EXCEL_MAGIC):
        raise RosterError(
            f"{path}: an Excel workbook, not a CSV: save it as CSV (File > Save As > CSV UTF-8)"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if b"\x00" in data:
            raise RosterError(f"{path}: not a text file (save the roster as CSV, UTF-8)") from None
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


HEADER_SEARCH = 10
"""How many rows may stand above the header (a title line, a blank line)."""


def _parse(text: str, delimiter: str) -> list[list[str]]:
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [row for row in rows if any(c.strip() for c in row)]


def _header_at(rows: list[list[str]]) -> int | None:
    for i, row in enumerate(rows[:HEADER_SEARCH]):
        keys = [_key(h) for h in row]
        if _column(keys, ID_COLUMNS) is not None or _column(keys, EMAIL_COLUMNS) is not None:
            return i
    return None


def _rows(path: Path) -> tuple[list[list[str]], int | None]:
    """The non-blank rows and the index of the header row (None: no header found).

    The separator is Excel's ``sep=`` line when there is one, else the one (of
    comma, semicolon, tab) that gives a header row naming an id or email column.
    """
    text = _text(path)
    lines = text.lstrip().splitlines()
    first = lines[0] if lines else ""
    sep = re.fullmatch(r'"?sep=(.)"?,*', first.strip())
    if sep:
        text = text.lstrip().split("\n", 1)[1] if "\n" in text.lstrip() else ""
        candidates = [sep[1]]
    else:
        try:
            sniffed = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter if first else ","
        except csv.Error:
            sniffed = ","
        candidates = list(dict.fromkeys([sniffed, ",", ";", "\t"]))
    parsed = None
    for delimiter in candidates:
        rows = _parse(text, delimiter)
        parsed = parsed or rows
        at = _header_at(rows)
        if at is not None:
            return rows, at
    return parsed or [], None


def _cell(row: list[str], col: int | None) -> str:
    """The cell of ``row`` in column ``col``, stripped ("" past its end or for no column)."""
    return row[col].strip() if col is not None and col < len(row) else ""


def _one_line() -> str:
    return EXAMPLE.replace("\n", " / ")


PSEUDO_ROWS = ("points possible",)
"""Rows of a gradebook export that are not students (Canvas's "Points Possible")."""
TEST_STUDENTS = (("test", "student"),)
"""Canvas's "Student, Test" (the student view's fake student), as (first, last)."""


def read_roster(path: str | os.PathLike) -> list[Student]:
    """The students of a roster CSV, in its order (see the module's rules).

    Raises
    ------
    RosterError
        The file is missing, empty or an Excel workbook, has no header row naming
        an id column, leaves a student's id blank, lists an id twice, or lists no
        student.
    """
    path = Path(path)
    rows, at = _rows(path)
    if not rows:
        raise RosterError(f"{path}: the roster is empty (a CSV such as: {_one_line()})")
    if at is None:
        shown = ", ".join(repr(h) for h in rows[0][:4])
        raise RosterError(
            f"{path}: the first row must name the columns, one of them the student id "
            f"(id, student_id, sid, username or email); it is {shown}: add a header row "
            f"such as {EXAMPLE.splitlines()[0]}"
        )
    header = rows[at]
    keys = [_key(h) for h in header]
    email_col = _column(keys, EMAIL_COLUMNS)
    id_cols = [i for name in ID_COLUMNS for i, k in enumerate(keys) if k == name]
    first_col = _column(keys, FIRST_COLUMNS)
    last_col = _column(keys, LAST_COLUMNS)
    role_col = _column(keys, ROLE_COLUMNS)

    def names(row: list[str], name_col: int | None) -> tuple[str, str]:
        first, last = _cell(row, first_col), _cell(row, last_col)
        if not (first or last) and name_col is not None:
            first, last = _split_name(_cell(row, name_col))
        return first, last

    people: list[tuple[int, list[str]]] = []
    any_name_col = _column(keys, NAME_COLUMNS)
    for number, row in enumerate(rows[at + 1 :], start=at + 2):
        if [_key(c) for c in row] == keys:  # the header again (two exports pasted together)
            continue
        if _cell(row, role_col).lower() not in STUDENT_ROLES:
            continue
        if any(p in c.lower() for c in row for p in PSEUDO_ROWS):
            continue
        first, last = names(row, any_name_col)
        if (first.lower(), last.lower()) in TEST_STUDENTS:
            continue
        someone = any(_cell(row, c) for c in id_cols) or _cell(row, email_col) or (first and last)
        if someone:
            people.append((number, row))

    id_col = _id_column(
        path,
        header,
        people,
        id_cols + ([email_col] if email_col is not None else []),
        names,
        any_name_col,
    )
    name_col = _column(keys, NAME_COLUMNS, skip=id_col)
    hashed = bool(people) and all(_cell(r, id_col).startswith("#") for _, r in people)

    def plain(value: str) -> str:  # Brightspace writes its ids as "#20231234"
        return value[1:] if hashed and value.startswith("#") else value

    students: list[Student] = []
    seen: dict[str, int] = {}
    for number, row in people:
        sid = plain(_cell(row, id_col))
        if sid in seen:
            raise RosterError(
                f"{path}: student id {sid!r} is listed twice (rows {seen[sid]} and {number}): "
                "each student once"
            )
        seen[sid] = number
        first, last = names(row, name_col)
        others = [_cell(row, c).lstrip("#") for c in id_cols if c not in (id_col, any_name_col)]
        aliases = tuple(dict.fromkeys(a for a in others if a and a != sid))
        students.append(Student(sid, first, last, _cell(row, email_col), aliases))
    if not students:
        raise RosterError(f"{path}: the roster lists no student (a CSV such as: {_one_line()})")
    return students


def _id_column(path, header, people, candidates, names, name_col) -> int | None:
    """The first id column filled in for every student; one filled in for some only
    is an error naming the first student without one (never a student dropped)."""

    for col in candidates:
        blank = [(n, r) for n, r in people if not _cell(r, col)]
        if not blank:
            return col
        if len(blank) < len(people):
            number, row = blank[0]
            first, last = names(row, name_col)
            who = " ".join(p for p in (first, last) if p) or "a student"
            raise RosterError(
                f"{path}: row {number} ({who}) has no {header[col].strip()}: fill it in "
                f"(it is the student id), or remove the row"
            )
    return candidates[0] if candidates else None


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


class AmbiguousSubmission(RosterError):
    """A submission's name fits more than one student of the roster."""


def _plain(text: str) -> str:
    """Lower case, accents dropped, spaces single: how names are compared."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _plain(text))


# How learning platforms name a downloaded submission (one file or folder name).
CANVAS_NAME = re.compile(r"(?P<login>[a-z0-9\-]+?)(?:_late)?_(?P<user>\d+)_\d+_.+", re.I)
"""Canvas: ``leeann[_LATE]_<user id>_<attachment id>_<file>`` (login: "Lee, Ann" squeezed)."""
MOODLE_NAME = re.compile(r"(?P<name>.+?)_\d+_assignsubmission_[a-z]+_?", re.I)
"""Moodle: ``Ann Lee_<participant>_assignsubmission_file_``."""
BLACKBOARD_NAME = re.compile(r".+?_(?P<user>[^_\s]+)_attempt_\d{4}(?:-\d\d){5}(?:_.*)?", re.I)
"""Blackboard: ``<Assignment>_<username>_attempt_<yyyy-mm-dd-hh-mm-ss>[_<file>]``."""
MIN_TOKEN = 3
"""A word of a file name shorter than this is never read as a student id."""


def _index(roster: Mapping[str, Mapping[str, Any]]) -> tuple[dict, dict]:
    ids: dict[str, set[str]] = {}
    names: dict[str, set[str]] = {}
    for sid, info in roster.items():
        for key in (sid, info.get("email", ""), *info.get("aliases", ())):
            if key:
                ids.setdefault(str(key).casefold(), set()).add(sid)
        name = str(info.get("name", ""))
        if name:
            names.setdefault(_plain(name), set()).add(sid)
            first, _, last = _plain(name).rpartition(" ")
            names.setdefault(_compact(last + first), set()).add(sid)  # Canvas's login
    return ids, names


def _candidates(part: str, ids: dict, names: dict, near: bool) -> tuple[set[str], set[str]]:
    """Students a path part names: by id, then (a weaker reading) by name."""
    got = set(ids.get(part.casefold(), ()))
    stem = part.rsplit(".", 1)[0] if near and "." in part else part
    got |= ids.get(stem.casefold(), set())
    if got or not near:
        return got, set()
    canvas, moodle = CANVAS_NAME.fullmatch(part), MOODLE_NAME.fullmatch(part)
    blackboard = BLACKBOARD_NAME.fullmatch(part)
    if blackboard:
        return set(ids.get(blackboard["user"].casefold(), ())), set()
    if moodle:
        return set(), set(names.get(_plain(moodle["name"]), ()))
    if canvas:
        by_id = set(ids.get(canvas["user"], ()))
        return by_id, set() if by_id else set(names.get(_compact(canvas["login"]), ()))
    words = [w for w in re.split(r"[_\s.]+", stem) if len(w) >= MIN_TOKEN]
    for w in words:  # GitHub Classroom's "<assignment>-<username>": every tail after a dash
        pieces = w.split("-")
        tails = ("-".join(pieces[i:]) for i in range(len(pieces)))
        for tail in tails:
            if len(tail) >= MIN_TOKEN:
                got |= ids.get(tail.casefold(), set())
    return got, set()


def _platform_folder_owner(folders: Sequence[str], ids: dict, names: dict) -> str | None:
    """The student a platform's folder above the submission names, innermost first:
    Moodle's and Blackboard's download folders anywhere, GitHub Classroom's
    ``<assignment>-<username>`` clone as the submission's own folder.  What such a
    folder holds is named by the student (a file ``bob.py`` in Ann's folder is Ann's:
    not Bob's, not Bob's variant, and no reason to stop the batch), so the folder is
    read first."""
    for depth, part in enumerate(reversed(folders)):
        if MOODLE_NAME.fullmatch(part) or BLACKBOARD_NAME.fullmatch(part):
            by_id, by_name = _candidates(part, ids, names, near=True)
            found = by_id or by_name
        elif depth == 0 and "-" in part:
            pieces = part.split("-")
            tails = ("-".join(pieces[i:]) for i in range(1, len(pieces)))
            found = {sid for tail in tails for sid in ids.get(tail.casefold(), ())}
        else:
            continue
        if len(found) == 1:
            return found.pop()
    return None


def match_submission(
    path: str | os.PathLike,
    roster: Mapping[str, Mapping[str, Any]],
    assignment: str | None = None,
) -> str | None:
    """The roster's student a submission belongs to, by its path; None when none is named.

    ``roster`` maps each student id to ``{"name", "email", "aliases"}`` (a manifest's
    roster).  Read, innermost part of the path first: nbgrader's
    ``submitted/<student>/<assignment>/``; a part that is a student's id, username or
    email; and, in the file's own name and its folder's, the names Canvas
    (``leeann_LATE_<user id>_<n>_file``), Moodle (``Ann Lee_<n>_assignsubmission_file_``),
    Blackboard (``<assignment>_<username>_attempt_<date>``) and GitHub Classroom
    (``<assignment>-<username>``) give downloads, or an id as one word of the name.  A
    name is compared without case or accents, and only when no id is found.  A folder
    such a platform made is read before the names of the files in it, which the student
    chose.

    Raises
    ------
    AmbiguousSubmission
        The first part that names anyone names more than one student (two ids, or a
        name two students share): the submission is not given to either.
    """
    student = student_of_path(path, assignment)
    if student in roster:
        return student
    ids, names = _index(roster)
    parts = Path(path).parts
    owner = _platform_folder_owner(parts[:-1], ids, names)
    if owner is not None:
        return owner
    for depth, part in enumerate(reversed(parts)):
        by_id, by_name = _candidates(part, ids, names, near=depth < 2)
        found = by_id or by_name
        if len(found) > 1:
            shown = ", ".join(sorted(found))
            raise AmbiguousSubmission(
                f"{path}: {part!r} fits {len(found)} students of the roster ({shown}): "
                "rename it after one student's id, or grade it on its own"
            )
        if found:
            return found.pop()
    return None
