"""A grader that cannot run is never a class of zeros (issue 12, item 1).

``gdgrade grade`` is started from the instructor's folder; a ``gdgrade/`` folder
or a ``gdgrade.py`` there (the parent folder of a clone, a leftover script) used
to be imported by every worker instead of gdgrade, and every submission got 0
"lost to crash/hang" with exit status 0.
"""

import csv
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gdgrade.grading.spec import load_spec

from .zoo import CORRECT

pytestmark = pytest.mark.slow

SPEC = """
name = "mini"
classes = []
[limits]
call_seconds = 5.0
[properties]
max_examples = 3
[[checks]]
id = "gradient"
points = 2
[[checks]]
id = "update"
"""

GDGRADE = str(Path(sys.executable).with_name("gdgrade"))


def _workdir(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    (work / "class" / "ann").mkdir(parents=True)
    (work / "class" / "ann" / "adaline.py").write_text(CORRECT)
    (work / "mini").mkdir()
    (work / "mini" / "assignment.toml").write_text(SPEC)
    return work


def _grade_with_a_fake_gdgrade(
    tmp_path: Path, init: str, in_parent: bool = False
) -> tuple[subprocess.CompletedProcess, Path]:
    """``gdgrade grade`` of one correct submission, the fork server's environment (and,
    ``in_parent``, the grading process's own path: multiprocessing copies it to the
    workers) leading to a package ``gdgrade`` whose ``__init__`` is ``init``."""
    work = _workdir(tmp_path)
    fake = tmp_path / "fake"
    (fake / "gdgrade").mkdir(parents=True)
    (fake / "gdgrade" / "__init__.py").write_text(init)
    parent = f"sys.path.insert(0, {str(fake)!r})" if in_parent else "pass"
    script = work / "run.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import os, sys
            from gdgrade.grading.cli import main

            if __name__ == "__main__":
                os.environ["PYTHONPATH"] = {str(fake)!r}  # what the workers will see
                {parent}
                sys.exit(main(["grade", "class/ann", "--assignment", "mini", "--json", "r.json"]))
            """
        )
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, str(script)], cwd=work, capture_output=True, text=True, env=env
    )
    return done, fake


def _grade(work: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [GDGRADE, "grade", "class/ann", "--assignment", "mini", "--json", "r.json", *extra],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize(
    "shadow",
    [
        {"gdgrade/README.md": "the parent folder of a clone"},
        {"gdgrade/__init__.py": "raise ImportError('not gdgrade')\n"},
        {"gdgrade.py": "raise ImportError('not gdgrade')\n"},
    ],
    ids=["folder", "package", "module"],
)
def test_a_gdgrade_in_the_working_folder_does_not_shadow_the_grader(tmp_path, shadow):
    work = _workdir(tmp_path)
    for name, text in shadow.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text)
    done = _grade(work)
    assert done.returncode == 0, done.stderr
    [result] = json.loads((work / "r.json").read_text())
    assert result["score"] == result["max_score"] == 3, result["output"]
    assert "worker" not in done.stdout + done.stderr


def test_workers_that_import_another_gdgrade_fail_the_run_before_grading(tmp_path):
    """The fork server's environment imports another gdgrade: exit 2 with the reason."""
    done, fake = _grade_with_a_fake_gdgrade(tmp_path, "__version__ = 'fake'\n")
    assert done.returncode == 2, done.stdout + done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("gdgrade: error: the grader's worker processes import another gdgrade")
    assert str(fake / "gdgrade" / "__init__.py") in last
    assert "Nothing was graded" in last
    assert "29" not in done.stdout and "0/" not in done.stdout  # no table of zeros


def test_an_exception_in_the_grader_is_not_the_students_zero(tmp_path, monkeypatch, capsys):
    """A check that raises inside gdgrade: 'grader-error', the CSV says so, grade exits 3."""
    from gdgrade.grading import batch, registry, stages
    from gdgrade.grading.reports.files import write_csv
    from gdgrade.grading.runner import grade_submission

    def broken(ctx):
        raise ZeroDivisionError("a bug in gdgrade")

    monkeypatch.setattr(
        registry,
        "FUNCTION_CHECKS",
        tuple(
            registry.CheckInfo(c.id, c.title, c.needs, c.part, broken) if c.id == "update" else c
            for c in registry.FUNCTION_CHECKS
        ),
    )
    work = _workdir(tmp_path)
    monkeypatch.chdir(work)
    spec = load_spec("mini")
    result = grade_submission("class/ann", spec, curve=False)
    update = next(t for t in result.tests if t.id == "update")
    assert update.outcome.status == "grader-error"
    assert update.outcome.message.startswith("not graded: the grader failed on this check")
    assert "ZeroDivisionError: a bug in gdgrade" in update.outcome.message
    assert next(t for t in result.tests if t.id == "gradient").outcome.ok
    assert result.grading_status == "grader-failed"
    write_csv(work / "grades.csv", [result])
    with open(work / "grades.csv", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["status"] == "grader-failed"

    monkeypatch.setattr(
        batch, "grade_many", lambda paths, spec, options, **callbacks: ([result], 0)
    )
    code = stages._grade_batch(["class/ann"], spec, "r.json", None, None, 1, False)
    out = capsys.readouterr()
    assert code == stages.GRADER_FAILED == 3
    assert "1 not graded because the grader failed" in " ".join(out.out.split())
    assert "gdgrade: error: the grader failed on 1 submission(s)" in out.err


def test_workers_that_cannot_start_fail_the_run_with_their_error(tmp_path):
    """The fork server cannot import gdgrade at all (a broken install): exit 2, its error."""
    done, _ = _grade_with_a_fake_gdgrade(
        tmp_path, "raise ImportError('a broken install')\n", in_parent=True
    )
    assert done.returncode == 2, done.stdout + done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("gdgrade: error: the grader's worker processes cannot run gdgrade")
    assert "ImportError: a broken install" in last
    assert "Nothing was graded" in last
