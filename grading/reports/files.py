"""Writing results so that an interrupted run leaves every file valid.

Each file is written to a temporary file in the same folder, flushed to disk
and renamed over the old one (``os.replace`` is atomic on POSIX): a Ctrl-C, a
killed process or a full disk leaves either the old file or the new one, never
half of one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gdgrade.grading.reports.text import csv_cell
from gdgrade.grading.results import SubmissionResult

__all__ = [
    "Journal",
    "journal_path",
    "read_results",
    "result_json",
    "write_atomic",
    "write_csv",
    "write_json",
]


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Replace ``path`` with ``text`` atomically (temporary file, fsync, rename)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def result_json(result: SubmissionResult, indent: int | None = None) -> str:
    """One result as strict JSON (ASCII, no NaN), or, if it cannot be written, an entry
    that says so: one submission's result never costs another its place in the file
    (it has no fingerprint, so the next run grades it again)."""
    try:
        return json.dumps(result.to_json(), indent=indent, allow_nan=False)
    except Exception as exc:  # whatever the value, only this submission's entry is lost
        why = f"its result could not be written ({type(exc).__name__}); grade it again"
        name = result.submission if isinstance(result.submission, str) else repr(result.submission)
        entry = {
            "submission": name,
            "score": 0.0,
            "max_score": 0.0,
            "output": why,
            "tests": [],
            "gdgrade": {"problems": [why], "fingerprint": ""},
        }
        return json.dumps(entry, indent=indent)


def write_json(path: str | os.PathLike, results: Sequence[SubmissionResult]) -> None:
    """The design's JSON: a list with one object per submission.

    Strict JSON in ASCII: a name that is not UTF-8 (a lone surrogate) is kept as
    its ``\\udcxx`` escape, so the path reads back exactly for the next run.
    """
    items = [result_json(r, indent=1) for r in results]
    write_atomic(path, "[\n" + ",\n".join(items) + "\n]\n")


def journal_path(path: str | os.PathLike) -> Path:
    """The journal next to a results JSON: one finished result per line."""
    target = Path(path)
    return target.with_name(f".{target.name}.journal")


class Journal:
    """Append each finished result as one line, flushed to disk at once.

    The results JSON is rewritten as a whole only now and then (rewriting a
    growing list after every submission costs quadratic time); between two
    rewrites, the journal holds what was finished.  A line cut short by a
    crash is ignored when read back.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = journal_path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.file = open(self.path, "a", encoding="utf-8")

    def append(self, result: SubmissionResult) -> None:
        """Record one result durably."""
        self.file.write(result_json(result) + "\n")
        self.file.flush()
        os.fsync(self.file.fileno())

    def close(self, *, remove: bool) -> None:
        """Close; remove the file once the results JSON holds everything."""
        self.file.close()
        if remove:
            self.path.unlink(missing_ok=True)


def _parse(items: Sequence[Any], out: dict[str, SubmissionResult]) -> None:
    for item in items:
        try:
            r = SubmissionResult.from_json(item)
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        out[r.submission] = r


def read_results(path: str | os.PathLike) -> dict[str, SubmissionResult]:
    """The results already in a JSON file (and its journal), by submission.

    Empty when the file is missing or broken; a torn journal line is skipped.
    """
    out: dict[str, SubmissionResult] = {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = []
    _parse(data if isinstance(data, list) else [], out)
    try:
        lines = journal_path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    items = []
    for line in lines:
        try:
            items.append(json.loads(line))
        except ValueError:
            continue
    _parse(items, out)
    return out


def write_csv(path: str | os.PathLike, results: Sequence[SubmissionResult]) -> None:
    """A gradebook: one row per submission, one column per check's points.

    ``status`` tells a real zero from a submission that could not be graded
    (:attr:`~gdgrade.grading.results.SubmissionResult.grading_status`: ``graded``,
    ``partially-graded``, ``not-graded``, ``errors``, ``grader-failed``).  Every cell is
    quoted and goes through :func:`~gdgrade.grading.reports.text.csv_cell`: no
    cell is ever read as a formula, whatever a file name or a message says.
    """
    ids: list[str] = []
    for r in results:
        for t in r.tests:
            if t.id not in ids:
                ids.append(t.id)
    header = ["submission", "score", "max_score", "status", "mistakes", "problems", *ids]
    rows = [_csv_row(header)]
    for r in results:
        try:
            rows.append(_csv_row(_csv_fields(r, ids)))
        except Exception as exc:  # only this submission's row is lost, and it says so
            why = f"its row could not be written ({type(exc).__name__}); grade it again"
            rows.append(_csv_row([str(r.submission), "", "", "not-graded", "", why]))
    write_atomic(path, "".join(rows))


def _csv_fields(r: SubmissionResult, ids: Sequence[str]) -> list[str]:
    status = r.grading_status
    points = {t.id: _number(t.points) for t in r.tests}
    return [
        r.submission,
        _number(r.score),
        _number(r.max_score),
        status,
        " ".join(r.mistakes),
        " | ".join(r.problems),
        *[points.get(i, "") for i in ids],
    ]


def _number(x: float) -> str:
    return f"{x + 0.0:g}"  # + 0.0: never "-0"


def _csv_row(fields: Sequence[object]) -> str:
    """One CSV line, every cell quoted and never a formula (see :func:`csv_cell`)."""
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL).writerow([csv_cell(f) for f in fields])
    line = buf.getvalue()
    line.encode("utf-8")  # a cell that cannot be written fails here, for its row only
    return line
