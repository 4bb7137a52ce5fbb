"""The command line: exit statuses, messages, and the design's JSON."""

import json

import pytest

from gdgrade.grading.cli import main

from .zoo import CORRECT, wrong_source


@pytest.fixture()
def submission(tmp_path):
    def make(name, source):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "adaline.py").write_text(source)
        return folder

    return make


@pytest.mark.slow
def test_check_exits_0_when_everything_passes_and_1_when_not(submission, capsys):
    right = submission("right", CORRECT)
    wrong = submission("wrong", wrong_source("gradient-sign"))
    assert main(["check", str(right), "--assignment", "adaline-gd"]) == 1  # no derivation.py yet
    out = capsys.readouterr().out
    assert "TODO  derivation.py is missing" in out and "PASS  gradient" in out
    assert "derivation.gradient, derivation.update" in " ".join(out.split())
    assert main(["check", str(wrong)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  gradient" in out and "hint: the sign is flipped" in out
    assert "smallest counterexample found" in out


def test_instructor_mistakes_exit_2_with_the_fix(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nowhere")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["grade", str(tmp_path), "--assignment", "nope", "--json", "x.json"]) == 2
    assert "give a bundled name (adaline-gd" in capsys.readouterr().err


@pytest.mark.slow
def test_grade_writes_the_designs_json_and_exits_0_however_submissions_did(
    submission, tmp_path, capsys
):
    paths = [str(submission("a", CORRECT)), str(submission("b", "raise SystemExit(3)\n"))]
    out = tmp_path / "results.json"
    status = main(
        [
            "grade",
            *paths,
            "--assignment",
            "adaline-gd",
            "--json",
            str(out),
            "--csv",
            str(tmp_path / "grades.csv"),
            "-j",
            "1",
        ]
    )
    assert status == 0
    data = json.loads(out.read_text())
    assert [d["submission"] for d in data] == paths
    for d in data:
        assert {"score", "max_score", "tests"} <= set(d)
        assert all({"name", "score", "max_score", "output"} <= set(t) for t in d["tests"])
    assert data[1]["score"] == 0 and "could not be imported" in data[1]["output"]
    assert "2 submission(s)" in capsys.readouterr().out


@pytest.mark.parametrize("installed", [True, False])
def test_not_isolated_is_said_once_accurately_and_never_as_a_raw_warning(
    submission, capsys, monkeypatch, installed
):
    """bubblewrap installed but unusable (a container): not "Install it", and once."""
    import warnings

    from gdgrade.grading import sandbox
    from gdgrade.grading.sandbox import bwrap, session

    monkeypatch.setattr(sandbox, "bwrap_available", lambda: False)
    monkeypatch.setattr(session, "bwrap_available", lambda: False)
    monkeypatch.setattr(bwrap, "bwrap_executable", lambda: "/usr/bin/bwrap" if installed else None)
    monkeypatch.setattr(session, "_warned", False)
    monkeypatch.delenv("GDGRADE_ISOLATION_SAID", raising=False)
    folder = submission("work", CORRECT)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        main(["check", str(folder)])
    err = capsys.readouterr().err
    assert not [w for w in caught if "not isolated" in str(w.message)]
    assert "RuntimeWarning" not in err
    [line] = [line for line in err.splitlines() if "isolated" in line]
    assert line.startswith("gdgrade: warning: grading is not isolated")
    if installed:
        assert "/usr/bin/bwrap) is installed but cannot create namespaces here" in line
        assert "install bubblewrap" not in line.lower().replace("is installed", "")
    else:
        assert "install bubblewrap (Debian: apt-get install bubblewrap)" in line
