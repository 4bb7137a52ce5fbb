"""Gradescope's autograder: ``run_autograder`` in, ``results.json`` out.

Inside Gradescope's container the student's files are in
``/autograder/submission`` and the verdict goes to
``/autograder/results/results.json``, one JSON object in Gradescope's format.
``gdgrade grade --gradescope`` does exactly that, with the whole rubric in the
sandbox; the root ``/autograder`` can be moved with the ``GDGRADE_AUTOGRADER``
environment variable (or each path given on the command line), for testing.

``gdgrade generate NAME --gradescope --out DIR`` writes what to upload as the
assignment's autograder: ``setup.sh`` (installs bubblewrap and gdgrade),
``run_autograder``, and both zipped in ``autograder.zip``.
"""

from __future__ import annotations

import json
import os
import stat
import time
import zipfile
from pathlib import Path
from typing import Any

from gdgrade.grading.results import SubmissionResult
from gdgrade.grading.spec import AssignmentSpec, load_spec

__all__ = [
    "DEFAULT_ROOT",
    "ROOT_ENV",
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


def gradescope_variant(manifest: str | os.PathLike, metadata: str | os.PathLike) -> dict[str, Any]:
    """The submitting student's variant: Gradescope's ``submission_metadata.json`` names the
    student (sid, email, name or id are tried in that order) and the manifest of
    ``gdgrade generate --roster`` holds each student's variant.  Empty when either file
    is missing or the student is not in the manifest (the spec's conventions then apply).
    """
    from gdgrade.grading.generate import read_manifest

    try:
        students = read_manifest(manifest).students
        users = json.loads(Path(metadata).read_text(encoding="utf-8")).get("users", [])
    except (OSError, ValueError, AttributeError):
        return {}
    for user in users if isinstance(users, list) else []:
        for key in ("sid", "email", "name", "id"):
            who = str(user.get(key, "")) if isinstance(user, dict) else ""
            if who and who in students:
                return dict(students[who])
    return {}


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
    message instead of a broken autograder.  Returns the result (None when the
    grader failed) and the results path.
    """
    from gdgrade.grading.runner import grade_submission

    sub, out = autograder_paths(submission, results)
    if variant is None:
        root = sub.parent
        variant = gradescope_variant(root / "source" / MANIFEST, root / "submission_metadata.json")
    start = time.perf_counter()
    try:
        result = grade_submission(str(sub), spec, variant=variant, curve=False)
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
# Gradescope autograder set-up for '{name}', written by `gdgrade generate --gradescope`.
set -euo pipefail
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv python3-pip bubblewrap
python3 -m venv /autograder/gdgrade-venv
# gdgrade from PyPI, or from a source tree / wheel uploaded next to this file:
# set GDGRADE_PIP (for example "/autograder/source/gdgrade-0.1.0-py3-none-any.whl").
/autograder/gdgrade-venv/bin/pip install -q "${{GDGRADE_PIP:-{pip}}}"
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for each submission: /autograder/submission in,
# /autograder/results/results.json out (one object, Gradescope's format).
set -uo pipefail
exec /autograder/gdgrade-venv/bin/gdgrade grade --gradescope --assignment {spec}
"""


def write_autograder(
    name_or_path: str | os.PathLike,
    out: str | os.PathLike,
    *,
    pip: str | None = None,
    roster: str | os.PathLike | None = None,
    seed: int = 0,
) -> list[Path]:
    """Write ``setup.sh``, ``run_autograder`` and ``autograder.zip`` (both) into ``out``.

    ``pip`` is what ``setup.sh`` installs (default: this version of gdgrade from
    PyPI).  A spec given by path is copied into the zip and named by file.  With a
    ``roster``, each student's seeded variant goes into the zip's manifest, and
    ``run_autograder`` grades each submission against its student's variant.
    """
    from gdgrade import __version__

    spec = load_spec(name_or_path)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    bundled = Path(str(name_or_path)).name == spec.name and not Path(str(name_or_path)).exists()
    spec_arg = spec.name if bundled else "/autograder/source/assignment.toml"
    files = {
        "setup.sh": SETUP_SH.format(name=spec.name, pip=pip or f"gdgrade=={__version__}"),
        "run_autograder": RUN_AUTOGRADER.format(spec=spec_arg),
    }
    written = []
    for fname, text in files.items():
        path = folder / fname
        path.write_text(text, encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        written.append(path)
    archive = folder / "autograder.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in written:
            info = zipfile.ZipInfo(path.name)
            info.external_attr = (0o755 & 0xFFFF) << 16
            zf.writestr(info, path.read_text(encoding="utf-8"))
        if not bundled and spec.path is not None:
            zf.write(spec.path, "assignment.toml")
        if roster is not None:
            from gdgrade.grading.generate import Manifest, read_roster, variant_for

            students = read_roster(roster)
            manifest = Manifest(
                spec.name, spec_arg, seed, {s: variant_for(s, spec, seed) for s in students}
            )
            zf.writestr(MANIFEST, json.dumps(manifest.to_json(), indent=1) + "\n")
    written.append(archive)
    return written
