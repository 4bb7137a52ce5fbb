"""Gradescope's autograder: ``run_autograder`` in, ``results.json`` out.

Inside Gradescope's container the student's files are in
``/autograder/submission`` and the verdict goes to
``/autograder/results/results.json``, one JSON object in Gradescope's format.
``gdgrade grade --gradescope`` does exactly that, with the whole rubric in the
sandbox; the root ``/autograder`` can be moved with the ``GDGRADE_AUTOGRADER``
environment variable (or each path given on the command line), for testing.

``gdgrade generate NAME --gradescope --out DIR`` writes what to upload as the
assignment's autograder, ``autograder.zip``: ``setup.sh`` (installs bubblewrap
and gdgrade from the wheel in the zip), ``run_autograder``, gdgrade's wheel, and,
with a roster, the manifest of each student's variant.  It follows Gradescope's
autograder specification: the zip is unpacked into ``/autograder/source``,
``setup.sh`` runs there once as root when the image is built, and
``run_autograder`` (copied to ``/autograder``) runs for each submission, with the
student's files in ``/autograder/submission`` and ``submission_metadata.json``
(who submitted: ``users[]`` with ``email``, ``name``, ``id`` and ``sid``) next to it.
"""

from __future__ import annotations

import json
import os
import shlex
import stat
import time
import zipfile
from pathlib import Path
from typing import Any

from gdgrade.grading.results import SubmissionResult
from gdgrade.grading.spec import VISIBILITIES, AssignmentSpec, load_spec

__all__ = [
    "DEFAULT_ROOT",
    "ROOT_ENV",
    "NotMatched",
    "autograder_paths",
    "gradescope_results",
    "gradescope_variant",
    "run_gradescope",
    "write_autograder",
]

DEFAULT_ROOT = "/autograder"
ROOT_ENV = "GDGRADE_AUTOGRADER"
"""Environment variable that moves the autograder root (tests use a temporary folder)."""
MANIFEST = "gdgrade-manifest.json"
"""Uploaded next to ``setup.sh``, it gives each student's variant (``generate --roster``)."""

TEST_KEYS = ("score", "max_score", "status", "name", "number", "output", "visibility")


def autograder_paths(
    submission: str | os.PathLike | None = None, results: str | os.PathLike | None = None
) -> tuple[Path, Path]:
    """The submission folder and the results file: as given, else under the autograder root."""
    root = Path(os.environ.get(ROOT_ENV) or DEFAULT_ROOT)
    return (
        Path(submission) if submission else root / "submission",
        Path(results) if results else root / "results" / "results.json",
    )


def gradescope_results(result: SubmissionResult) -> dict[str, Any]:
    """One submission's result in Gradescope's ``results.json`` format (one object).

    Only Gradescope's keys at the top and in each test; gdgrade's own fields
    (status, hint, counterexample, problems) go under ``extra_data``.
    """
    data = result.to_json()
    tests = []
    for t in data["tests"]:
        entry = {k: t[k] for k in TEST_KEYS if k in t}
        entry["extra_data"] = t.get("gdgrade", {})
        tests.append(entry)
    return {
        "score": data["score"],
        "execution_time": data["execution_time"],
        "output": data["output"],
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"max_score": data["max_score"], **data.get("gdgrade", {})},
    }


def _write(path: Path, data: dict[str, Any]) -> None:
    from gdgrade.grading.reports.files import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(data, indent=2) + "\n")


class NotMatched(LookupError):
    """The submitting student is not in the roster the autograder was made with."""


def _who(user: dict[str, Any]) -> str:
    parts = [str(user.get(k)) for k in ("name", "email", "sid") if user.get(k)]
    return ", ".join(parts) or "an unnamed user"


def gradescope_variant(
    manifest: str | os.PathLike, metadata: str | os.PathLike
) -> tuple[str, dict[str, Any]] | None:
    """The submitting student and their variant, from the manifest of ``generate --roster``.

    Gradescope's ``submission_metadata.json`` lists the submitters (``users``); each
    is looked up by student id (``sid``, then Gradescope's ``id``) among the roster's
    ids, then by email (the roster's email column, or an id that is an email, case
    ignored), then by full name (when one roster student has it).  None when there
    is no manifest (no roster: everyone is graded with the spec's conventions).

    Raises
    ------
    NotMatched
        There is a manifest but the metadata is missing or names nobody in it.
    """
    from gdgrade.grading.generate import read_manifest

    if not Path(manifest).is_file():
        return None
    found = read_manifest(manifest)
    try:
        users = json.loads(Path(metadata).read_text(encoding="utf-8")).get("users", [])
    except (OSError, ValueError, AttributeError):
        raise NotMatched(
            f"no readable {Path(metadata).name} names the student who submitted"
        ) from None
    users = [u for u in users if isinstance(u, dict)] if isinstance(users, list) else []
    by_email = {sid.lower(): sid for sid in found.students if "@" in sid}
    by_email |= {
        str(c.get("email", "")).lower(): sid for sid, c in found.roster.items() if c.get("email")
    }
    names: dict[str, list[str]] = {}
    for sid, c in found.roster.items():
        if c.get("name"):
            names.setdefault(str(c["name"]).casefold(), []).append(sid)
    for user in users:
        for key in ("sid", "id"):
            value = str(user.get(key) or "")
            if value and value in found.students:
                return value, dict(found.students[value])
        email = str(user.get("email") or "").lower()
        if email and email in by_email:
            return by_email[email], dict(found.students[by_email[email]])
        same = names.get(str(user.get("name") or "").casefold(), [])
        if len(same) == 1:
            return same[0], dict(found.students[same[0]])
    who = "; ".join(_who(u) for u in users) or "nobody"
    raise NotMatched(
        f"the submitter ({who}) is not in the roster this autograder was made with "
        f"({len(found.students)} students, matched by student id, email or name)"
    )


def _not_graded(spec: AssignmentSpec, why: str) -> SubmissionResult:
    from gdgrade.grading.runner import withheld

    return SubmissionResult(
        submission="submission",
        assignment=spec.name,
        problems=[f"not graded: {why}"],
        tests=withheld(spec, VISIBILITIES, f"not graded: {why}", status="grader-error"),
    )


def run_gradescope(
    spec: AssignmentSpec,
    submission: str | os.PathLike | None = None,
    results: str | os.PathLike | None = None,
    *,
    variant: dict[str, Any] | None = None,
) -> tuple[SubmissionResult | None, Path]:
    """Grade the autograder's submission with the whole rubric; write ``results.json``.

    Never raises for the submission's sake; if the grader itself fails, the
    results file still says so (score 0 and the reason), so Gradescope shows a
    message instead of a broken autograder.  A submitter who is not in the
    roster of an assignment with variants is not graded, and the results say so.
    Returns the result (None when the grader failed) and the results path.
    """
    from gdgrade.grading.runner import grade_submission

    sub, out = autograder_paths(submission, results)
    start = time.perf_counter()
    note = None
    if variant is None and spec.variants:
        root = sub.parent
        try:
            matched = gradescope_variant(
                root / "source" / MANIFEST, root / "submission_metadata.json"
            )
        except NotMatched as exc:
            why = (
                f"{exc}. Your instructor must add you to the roster and upload the autograder "
                "again (gdgrade generate --gradescope --roster ...); then resubmit."
            )
            result = _not_graded(spec, why)
            result.execution_time = time.perf_counter() - start
            _write(out, gradescope_results(result))
            return result, out
        if matched is not None:
            student, variant = matched
            shown = ", ".join(f"{k} = {v}" for k, v in sorted(variant.items()))
            note = f"graded as {student}" + (f" (your variant: {shown})" if shown else "")
    try:
        # files uploaded in a folder (hw3/adaline.py) are found by the reader, which says so
        result = grade_submission(str(sub), spec, variant=variant or {}, curve=False)
        if note:
            result.problems.insert(0, note)
    except Exception as exc:  # the grader's failure, not the student's
        _write(
            out,
            {
                "score": 0.0,
                "execution_time": round(time.perf_counter() - start, 3),
                "output": f"gdgrade could not grade this submission ({type(exc).__name__}: "
                f"{exc}); please tell your instructor.",
                "tests": [],
            },
        )
        return None, out
    _write(out, gradescope_results(result))
    return result, out


SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope autograder set-up for '{name}', written by `gdgrade generate --gradescope`
# (gdgrade {version}). Gradescope runs it once, as root, in /autograder/source.
set -euo pipefail
HERE="$(cd "$(dirname "${{BASH_SOURCE[0]}}")" && pwd)"
VENV="${{GDGRADE_VENV:-/autograder/gdgrade-venv}}"
# Debian/Ubuntu packages: Python's venv, and bubblewrap for the grading sandbox.
if ! command -v bwrap >/dev/null 2>&1 || ! python3 -c "import ensurepip, venv" 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv python3-pip bubblewrap
fi
python3 -m venv "$VENV"
# gdgrade itself from this zip; its dependencies (numpy, sympy...) from PyPI.
"$VENV/bin/python" -m pip install -q {install}
"$VENV/bin/gdgrade" --version
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for each submission: /autograder/submission in,
# /autograder/results/results.json out (one object, Gradescope's format).
set -uo pipefail
ROOT="${{GDGRADE_AUTOGRADER:-/autograder}}"
exec "${{GDGRADE_VENV:-$ROOT/gdgrade-venv}}/bin/gdgrade" grade --gradescope --assignment {spec}
"""


def write_autograder(
    name_or_path: str | os.PathLike,
    out: str | os.PathLike,
    *,
    pip: str | None = None,
    roster: str | os.PathLike | None = None,
    seed: int = 0,
) -> list[Path]:
    """Write ``setup.sh``, ``run_autograder`` and ``autograder.zip`` into ``out``.

    The zip holds both scripts, gdgrade's wheel (built from this installation,
    see :mod:`gdgrade.grading.distribution`) that ``setup.sh`` installs, a spec
    given by path, and with a ``roster`` each student's seeded variant (the
    manifest, with names and emails to match Gradescope's submitters).  ``pip``
    replaces the wheel by another requirement (``"gdgrade==0.2.0"``, a URL).

    Raises
    ------
    SpecError, RosterError, DistributionError
        The spec, the roster or the wheel cannot be made; one line says why.
    """
    from gdgrade import __version__
    from gdgrade.grading.distribution import build_wheel

    spec = load_spec(name_or_path)
    students = None
    if roster is not None:
        from gdgrade.grading.roster import read_roster

        students = read_roster(roster)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    bundled = Path(str(name_or_path)).name == spec.name and not Path(str(name_or_path)).exists()
    spec_arg = spec.name if bundled else '"$ROOT/source/assignment.toml"'
    wheel = None
    if pip is None:
        for old in folder.glob("gdgrade-*.whl"):
            old.unlink()
        wheel = build_wheel(folder)
        install = f'"$HERE/{wheel.name}"'
    else:
        install = shlex.quote(pip)
    files = {
        "setup.sh": SETUP_SH.format(name=spec.name, version=__version__, install=install),
        "run_autograder": RUN_AUTOGRADER.format(spec=spec_arg),
    }
    written = []
    for fname, text in files.items():
        path = folder / fname
        path.write_text(text, encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        written.append(path)
    if wheel is not None:
        written.append(wheel)
    archive = folder / "autograder.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in written:
            info = zipfile.ZipInfo(path.name)
            executable = path.suffix != ".whl"
            info.external_attr = ((0o755 if executable else 0o644) & 0xFFFF) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
        if not bundled and spec.path is not None:
            zf.write(spec.path, "assignment.toml")
        if students is not None:
            from gdgrade.grading.generate import Manifest

            manifest = Manifest.of(
                spec, spec.name if bundled else "assignment.toml", seed, students
            )
            zf.writestr(MANIFEST, json.dumps(manifest.to_json(), indent=1) + "\n")
    written.append(archive)
    return written
