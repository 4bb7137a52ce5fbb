"""Gradescope: a fake autograder folder in, one results.json object out; the upload files."""

from __future__ import annotations

import json
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from gdgrade.grading import gradescope
from gdgrade.grading.cli import main
from gdgrade.grading.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "grading" / "data" / "demo"


def _autograder(tmp_path: Path, demo: str) -> Path:
    root = tmp_path / "autograder"
    shutil.copytree(DEMO / demo, root / "submission")
    return root


def test_paths_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv(gradescope.ROOT_ENV, raising=False)
    assert gradescope.autograder_paths() == (
        Path("/autograder/submission"),
        Path("/autograder/results/results.json"),
    )
    monkeypatch.setenv(gradescope.ROOT_ENV, str(tmp_path))
    assert gradescope.autograder_paths() == (
        tmp_path / "submission",
        tmp_path / "results" / "results.json",
    )
    assert gradescope.autograder_paths("s", "r.json") == (Path("s"), Path("r.json"))


@pytest.mark.slow
def test_grade_gradescope_writes_one_results_object(tmp_path, monkeypatch, capsys):
    root = _autograder(tmp_path, "gradient-sign")
    monkeypatch.setenv(gradescope.ROOT_ENV, str(root))
    assert main(["grade", "--gradescope", "--assignment", "adaline-gd"]) == 0
    data = json.loads((root / "results" / "results.json").read_text())
    spec = load_spec("adaline-gd")
    assert isinstance(data, dict)
    assert set(data) <= {
        "score", "execution_time", "output", "visibility", "stdout_visibility", "tests",
        "extra_data",
    }  # fmt: skip
    assert [t["number"] for t in data["tests"]] == [c.id for c in spec.checks]
    assert sum(t["max_score"] for t in data["tests"]) == spec.max_score
    assert data["score"] == sum(t["score"] for t in data["tests"])
    assert 0 < data["score"] < spec.max_score
    by_id = {t["number"]: t for t in data["tests"]}
    assert by_id["gradient"]["score"] == 0 and by_id["gradient"]["status"] == "failed"
    assert "counterexample" in by_id["gradient"]["output"]
    assert by_id["AdalineGD.converges"]["visibility"] == "after_published"
    assert by_id["net_input"]["visibility"] == "visible"
    for t in data["tests"]:
        assert set(t) <= {*gradescope.TEST_KEYS, "extra_data"}
    assert "results:" in capsys.readouterr().out


def test_grader_failure_still_writes_results(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("gdgrade.grading.runner.grade_submission", broken)
    result, out = gradescope.run_gradescope(
        load_spec("adaline-gd"), tmp_path / "submission", tmp_path / "r" / "results.json"
    )
    assert result is None
    data = json.loads(out.read_text())
    assert data["score"] == 0 and "disk on fire" in data["output"]


def test_generate_gradescope_writes_setup_run_and_zip(tmp_path, capsys):
    out = tmp_path / "ag"
    assert main(["generate", "adaline-gd", "--gradescope", "--out", str(out)]) == 0
    setup, run = (out / "setup.sh").read_text(), (out / "run_autograder").read_text()
    assert setup.startswith("#!/usr/bin/env bash") and "bubblewrap" in setup
    assert "pip install" in setup and "gdgrade==" in setup
    assert "gdgrade grade --gradescope --assignment adaline-gd" in run
    for name in ("setup.sh", "run_autograder"):
        assert (out / name).stat().st_mode & stat.S_IXUSR
    with zipfile.ZipFile(out / "autograder.zip") as zf:
        assert sorted(zf.namelist()) == ["run_autograder", "setup.sh"]
        assert zf.getinfo("run_autograder").external_attr >> 16 & 0o111
    assert "autograder.zip" in capsys.readouterr().out


def test_generate_gradescope_with_own_spec_ships_it(tmp_path):
    spec = tmp_path / "assignment.toml"
    spec.write_text((ROOT / "assignments" / "adaline-mse" / "assignment.toml").read_text())
    written = gradescope.write_autograder(spec, tmp_path / "ag", pip="gdgrade-0.1.0.whl")
    assert "gdgrade-0.1.0.whl" in (tmp_path / "ag" / "setup.sh").read_text()
    assert "/autograder/source/assignment.toml" in (tmp_path / "ag" / "run_autograder").read_text()
    with zipfile.ZipFile(written[-1]) as zf:
        assert "assignment.toml" in zf.namelist()


def test_the_manifest_gives_the_submitting_student_their_variant(tmp_path):
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    (root / "source" / gradescope.MANIFEST).write_text(
        json.dumps(
            {
                "assignment": "adaline-mse",
                "spec": "adaline-mse",
                "seed": 0,
                "students": {"ann@uni.example": {"loss": "half_mse"}, "s42": {"loss": "mse"}},
            }
        )
    )
    metadata = root / "submission_metadata.json"
    metadata.write_text(json.dumps({"users": [{"email": "ann@uni.example", "sid": "x1"}]}))
    manifest = root / "source" / gradescope.MANIFEST
    assert gradescope.gradescope_variant(manifest, metadata) == {"loss": "half_mse"}
    metadata.write_text(json.dumps({"users": [{"email": "bob@uni.example", "sid": "s42"}]}))
    assert gradescope.gradescope_variant(manifest, metadata) == {"loss": "mse"}
    metadata.write_text(json.dumps({"users": [{"email": "eve@uni.example"}]}))
    assert gradescope.gradescope_variant(manifest, metadata) == {}
    assert gradescope.gradescope_variant(root / "missing.json", metadata) == {}


def test_generate_gradescope_with_a_roster_ships_the_variants(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id\nann\nbob\n")
    written = gradescope.write_autograder("adaline-mse", tmp_path / "ag", roster=roster, seed=3)
    with zipfile.ZipFile(written[-1]) as zf:
        manifest = json.loads(zf.read(gradescope.MANIFEST))
    assert set(manifest["students"]) == {"ann", "bob"}
    assert all(v.get("loss") in ("mse", "half_mse") for v in manifest["students"].values())
