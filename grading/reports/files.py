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

from gdgrade.grading.results import SubmissionResult

__all__ = [
    "Journal",
    "journal_path",
    "read_results",
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


def write_json(path: str | os.PathLike, results: Sequence[SubmissionResult]) -> None:
    """The design's JSON: a list with one object per submission."""
    write_atomic(path, json.dumps([r.to_json() for r in results], indent=1) + "\n")


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
        self.file.write(json.dumps(result.to_json()) + "\n")
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
    (``graded``, ``errors``: some checks hit a crash, hang or limit, or
    ``not-graded``: the submission could not be read at all).
    """
    ids: list[str] = []
    for r in results:
        for t in r.tests:
            if t.id not in ids:
                ids.append(t.id)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["submission", "score", "max_score", "status", "mistakes", "problems", *ids])
    for r in results:
        statuses = {t.outcome.status for t in r.tests}
        if r.tests and all(s == "error" for s in statuses) and r.problems:
            status = "not-graded"
        elif "error" in statuses:
            status = "errors"
        else:
            status = "graded"
        points = {t.id: f"{t.points:g}" for t in r.tests}
        writer.writerow(
            [
                r.submission,
                f"{r.score:g}",
                f"{r.max_score:g}",
                status,
                " ".join(r.mistakes),
                " | ".join(r.problems),
                *[points.get(i, "") for i in ids],
            ]
        )
    write_atomic(path, buf.getvalue())
