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


def test_generate_gradescope_writes_setup_run_and_a_zip_with_gdgrades_wheel(tmp_path, capsys):
    out = tmp_path / "ag"
    assert main(["generate", "adaline-gd", "--gradescope", "--out", str(out)]) == 0
    setup, run = (out / "setup.sh").read_text(), (out / "run_autograder").read_text()
    assert setup.startswith("#!/usr/bin/env bash") and "bubblewrap" in setup
    assert 'pip install -q "$HERE/gdgrade-0.1.0-py3-none-any.whl"' in setup
    assert "gdgrade==" not in setup  # no registry has gdgrade: the wheel travels in the zip
    assert "grade --gradescope --assignment adaline-gd" in run
    for name in ("setup.sh", "run_autograder"):
        assert (out / name).stat().st_mode & stat.S_IXUSR
    with zipfile.ZipFile(out / "autograder.zip") as zf:
        assert sorted(zf.namelist()) == [
            "gdgrade-0.1.0-py3-none-any.whl",
            "run_autograder",
            "setup.sh",
        ]
        assert zf.getinfo("run_autograder").external_attr >> 16 & 0o111
        with zf.open("gdgrade-0.1.0-py3-none-any.whl") as fh, zipfile.ZipFile(fh) as wheel:
            names = wheel.namelist()
    assert "gdgrade/grading/cli.py" in names and "gdgrade/reference/functions.py" in names
    assert "gdgrade/assignments/adaline-gd/assignment.toml" in names
    assert "gdgrade/grading/templates/feedback.html.j2" in names
    assert not any(n.startswith(("tests/", "grading/", "reference/")) for n in names)
    assert "autograder.zip" in capsys.readouterr().out


def test_generate_gradescope_with_own_spec_ships_it(tmp_path):
    spec = tmp_path / "assignment.toml"
    spec.write_text((ROOT / "assignments" / "adaline-mse" / "assignment.toml").read_text())
    written = gradescope.write_autograder(spec, tmp_path / "ag", pip="gdgrade==0.1.0")
    assert "pip install -q gdgrade==0.1.0" in (tmp_path / "ag" / "setup.sh").read_text()
    assert '"$ROOT/source/assignment.toml"' in (tmp_path / "ag" / "run_autograder").read_text()
    with zipfile.ZipFile(written[-1]) as zf:
        assert sorted(zf.namelist()) == ["assignment.toml", "run_autograder", "setup.sh"]


def _manifest(root: Path, students: dict, roster: dict) -> Path:
    (root / "source").mkdir(parents=True, exist_ok=True)
    manifest = root / "source" / gradescope.MANIFEST
    manifest.write_text(
        json.dumps(
            {
                "assignment": "adaline-mse",
                "spec": "adaline-mse",
                "seed": 0,
                "students": students,
                "roster": roster,
            }
        )
    )
    return manifest


def test_the_manifest_gives_the_submitting_student_their_variant(tmp_path):
    """Gradescope's users[] (email, name, id, sid) against the roster's ids, emails, names."""
    root = tmp_path / "autograder"
    manifest = _manifest(
        root,
        {"ann": {"loss": "half_mse"}, "s42": {"loss": "mse"}, "cy@uni.example": {"loss": "mse"}},
        {
            "ann": {"name": "Ann Lee", "email": "Ann.Lee@uni.example"},
            "s42": {"name": "Bob Okafor", "email": ""},
            "cy@uni.example": {"name": "", "email": ""},
        },
    )
    metadata = root / "submission_metadata.json"

    def who(*users):
        metadata.write_text(json.dumps({"users": list(users)}))
        return gradescope.gradescope_variant(manifest, metadata)

    assert who({"email": "ann.lee@uni.example", "id": 7}) == ("ann", {"loss": "half_mse"})
    assert who({"email": "bob@else.example", "sid": "s42"}) == ("s42", {"loss": "mse"})
    assert who({"email": "CY@uni.example"}) == ("cy@uni.example", {"loss": "mse"})
    assert who({"name": "bob okafor", "email": ""}) == ("s42", {"loss": "mse"})
    assert who({"email": "x@y"}, {"email": "ann.lee@uni.example"})[0] == "ann"  # a group
    with pytest.raises(gradescope.NotMatched, match=r"the submitter \(Eve, eve@uni.example\)"):
        who({"name": "Eve", "email": "eve@uni.example", "id": 9})
    metadata.unlink()
    with pytest.raises(gradescope.NotMatched, match=r"no readable submission_metadata\.json"):
        gradescope.gradescope_variant(manifest, metadata)
    assert gradescope.gradescope_variant(root / "none.json", metadata) is None  # no roster


def test_a_student_not_in_the_roster_is_not_graded_and_told_why(tmp_path):
    root = tmp_path / "autograder"
    _manifest(root, {"ann": {"loss": "mse"}}, {"ann": {"name": "Ann Lee", "email": "a@u"}})
    shutil.copytree(DEMO / "correct-loops", root / "submission")
    (root / "submission_metadata.json").write_text(
        json.dumps({"users": [{"name": "Eve Ng", "email": "eve@u", "id": 3}]})
    )
    result, out = gradescope.run_gradescope(
        load_spec("adaline-mse"), root / "submission", root / "results" / "results.json"
    )
    data = json.loads(out.read_text())
    assert data["score"] == 0 and result.grading_status == "grader-failed"
    assert "not graded: the submitter (Eve Ng, eve@u) is not in the roster" in data["output"]
    assert "add you to the roster" in data["output"]
    assert {t["extra_data"]["status"] for t in data["tests"]} == {"grader-error"}
    assert all(t["output"].startswith("not graded:") for t in data["tests"])


def test_generate_gradescope_with_a_roster_ships_the_variants(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name,email\nann,Ann Lee,ann@u\nbob,Bob Okafor,bob@u\n")
    written = gradescope.write_autograder(
        "adaline-mse", tmp_path / "ag", roster=roster, seed=3, pip="gdgrade"
    )
    with zipfile.ZipFile(written[-1]) as zf:
        manifest = json.loads(zf.read(gradescope.MANIFEST))
    assert set(manifest["students"]) == {"ann", "bob"}
    assert all(v.get("loss") in ("mse", "half_mse") for v in manifest["students"].values())
    assert manifest["roster"]["ann"] == {"name": "Ann Lee", "email": "ann@u"}
