"""The Gradescope zip, as Gradescope uses it: unpacked, set up, run (issue 12, item 2).

The zip is unpacked into a fresh folder; ``setup.sh`` makes a fresh virtual
environment that reaches the package registry but not this repository and
installs gdgrade from the wheel in the zip (apt is skipped where bubblewrap and
venv are there already); ``run_autograder`` grades a submission uploaded as a
folder (``hw3/``) for a student matched by email, then one for a student who is
not in the roster.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from gdgrade.grading.cli import main

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "grading" / "data" / "demo"

SPEC = """
name = "gs-mini"
classes = ["AdalineGD"]
[limits]
call_seconds = 5.0
[properties]
max_examples = 4
[variants]
loss = ["half_sse"]
[[checks]]
id = "derivation.gradient"
points = 2
[[checks]]
id = "gradient"
points = 2
[[checks]]
id = "update"
[[checks]]
id = "AdalineGD.one_more_epoch"
visibility = "hidden"
"""


def _environment(**extra: str) -> dict[str, str]:
    """The machine's environment without this repository: no PYTHONPATH, no repo on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if p and not p.startswith(str(ROOT))
    )
    return {**env, **extra}


def _run_autograder(source: Path, venv: Path, root: Path, users: list[dict]) -> dict:
    if (root / "results").exists():
        shutil.rmtree(root / "results")
    (root / "submission_metadata.json").write_text(json.dumps({"id": 1, "users": users}))
    done = subprocess.run(
        [str(source / "run_autograder")],
        cwd=root,
        env=_environment(GDGRADE_VENV=str(venv), GDGRADE_AUTOGRADER=str(root)),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_the_zip_installs_and_grades_in_a_fresh_environment(tmp_path):
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "assignment.toml").write_text(SPEC)
    roster = tmp_path / "roster.csv"
    roster.write_text("id,first_name,last_name,email\nann,Ann,Lee,ann.lee@uni.example\n")
    out = tmp_path / "made"
    assert main(["generate", str(tmp_path / "spec"), "--gradescope", "--out", str(out),
                 "--roster", str(roster)]) == 0  # fmt: skip

    # Gradescope: the zip unpacked into /autograder/source, setup.sh run there once.
    root = tmp_path / "autograder"
    source = root / "source"
    with zipfile.ZipFile(out / "autograder.zip") as zf:
        zf.extractall(source)
    for name in ("setup.sh", "run_autograder"):
        (source / name).chmod(0o755)
    venv = tmp_path / "fresh-venv"
    done = subprocess.run(
        ["bash", str(source / "setup.sh")],
        cwd=source,
        env=_environment(GDGRADE_VENV=str(venv)),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "gdgrade 0.1.0"
    located = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import gdgrade; print(gdgrade.__file__)"],
        cwd=tmp_path,
        env=_environment(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert located.startswith(str(venv)) and str(ROOT) not in located

    # A submission uploaded as a folder, by a student Gradescope knows by email only.
    shutil.copytree(DEMO / "correct-loops", root / "submission" / "hw3")
    data = _run_autograder(
        source, venv, root, [{"email": "Ann.Lee@uni.example", "name": "A. Lee", "id": 77}]
    )
    assert data["score"] == 6 and sum(t["max_score"] for t in data["tests"]) == 6
    assert [t["number"] for t in data["tests"]] == [
        "derivation.gradient", "gradient", "update", "AdalineGD.one_more_epoch",
    ]  # fmt: skip
    assert "graded as ann (your variant: loss = half_sse)" in data["output"]
    assert "read the files in hw3/" in data["output"]
    assert data["extra_data"]["variant"] == {"loss": "half_sse"}

    # A student who is not in the roster: not graded, and told why; never a silent default.
    data = _run_autograder(source, venv, root, [{"email": "eve@uni.example", "name": "Eve"}])
    assert data["score"] == 0
    assert (
        "not graded: the submitter (Eve, eve@uni.example) is not in the roster" in (data["output"])
    )
    assert {t["extra_data"]["status"] for t in data["tests"]} == {"grader-error"}

    # The installed (not editable) gdgrade makes the same wheel again, from its own files.
    again = tmp_path / "again"
    subprocess.run(
        [str(venv / "bin" / "gdgrade"), "generate", "adaline-gd", "--gradescope", "--out",
         str(again)],
        cwd=tmp_path, env=_environment(), capture_output=True, text=True, check=True,
    )  # fmt: skip
    wheel = "gdgrade-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(out / wheel) as first, zipfile.ZipFile(again / wheel) as second:
        assert sorted(first.namelist()) == sorted(second.namelist())
        for name in first.namelist():
            if not name.endswith("RECORD"):
                assert first.read(name) == second.read(name), name
