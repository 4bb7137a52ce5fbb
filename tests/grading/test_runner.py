"""Grading one submission: the grader's time and the student's limits are kept apart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gdgrade.grading.runner import grade_submission
from gdgrade.grading.spec import parse_spec

from .symbolic.table import SLOW

DEMO = Path(__file__).resolve().parents[2] / "grading" / "data" / "demo"


@pytest.mark.slow
def test_the_time_spent_judging_the_derivation_is_not_charged_to_the_import(tmp_path):
    """Issue 10, attack 4: the derivation judged while the child imports took longer than
    the import limit, and the import was reported as "took more than 20 s to import".

    Here the derivation takes its whole budget (6 s) and the import limit is 4 s: the
    import, which takes a fraction of a second, is still on time, and the code is graded.
    """
    shutil.copy(DEMO / "correct-vectorised" / "adaline.py", tmp_path / "adaline.py")
    (tmp_path / "derivation.py").write_text(f"gradient = {SLOW!r}\n")
    spec = parse_spec(
        {
            "name": "budgets",
            "checks": [{"id": "derivation.gradient"}, {"id": "net_input"}],
            "limits": {"import_seconds": 4.0},
            "derivation": {"seconds": 6.0},
        }
    )
    result = grade_submission(str(tmp_path), spec, curve=False)
    outcomes = {t.id: t.outcome for t in result.tests}
    assert not any("import" in problem for problem in result.problems), result.problems
    assert outcomes["net_input"].ok, outcomes["net_input"].message
    derivation = outcomes["derivation.gradient"]
    assert derivation.status == "error" and "too complex to check within 6 s" in derivation.message


@pytest.mark.slow
def test_a_class_s_renamed_nested_or_zipped_files_get_the_marks_of_the_files_themselves(tmp_path):
    """What `grade` gives a folder as students hand it in (Canvas's names, a folder
    inside, a zip) is what the same files get under their own names, with a note."""
    import zipfile

    from gdgrade.grading.spec import load_spec

    spec = load_spec("adaline-gd")
    src = DEMO / "gradient-sign"  # a mistake: the marks must match, not merely be full
    (tmp_path / "plain").mkdir()
    for name in ("adaline.py", "derivation.py"):
        shutil.copy(src / name, tmp_path / "plain" / name)
    canvas = tmp_path / "canvas"
    canvas.mkdir()
    shutil.copy(src / "adaline.py", canvas / "leeann_LATE_4711_998877_adaline-1.py")
    shutil.copy(src / "derivation.py", canvas / "leeann_LATE_4711_998878_Derivation.py")
    (tmp_path / "nested" / "HW2").mkdir(parents=True)
    for name in ("adaline.py", "derivation.py"):
        shutil.copy(src / name, tmp_path / "nested" / "HW2" / name)
    (tmp_path / "zipped").mkdir()
    with zipfile.ZipFile(tmp_path / "zipped" / "hw2.zip", "w") as z:
        for name in ("adaline.py", "derivation.py"):
            z.write(src / name, f"hw2/{name}")

    def marks(folder: str):
        result = grade_submission(str(tmp_path / folder), spec, curve=False)
        return result, [(t.id, t.points, t.outcome.status) for t in result.tests]

    plain, expected = marks("plain")
    assert 0 < plain.score < plain.max_score
    for folder, note in [
        ("canvas", "read leeann_LATE_4711_998877_adaline-1.py as adaline.py"),
        ("nested", "read the files in HW2/"),
        ("zipped", "read the files in hw2.zip"),
    ]:
        result, got = marks(folder)
        assert got == expected, folder
        assert note in result.problems, result.problems


HOSTILE = Path(__file__).resolve().parent / "sandbox" / "hostile"


def _digests(text: str) -> set[str]:
    import re

    return set(re.findall(r"LEAK \S+ [0-9a-f]{16}", text))


def _visible(result) -> str:
    """What a student sees at once on Gradescope, and what the feedback page shows of the
    code's output: the visible checks' entries and the code's output."""
    import json

    tests = [t for t in result.to_json()["tests"] if t["visibility"] == "visible"]
    return json.dumps(tests) + result.output


@pytest.mark.parametrize(
    "rubric",
    [
        "adaline-gd",  # the hidden checks after the public ones
        [  # a hidden check before the public one that shows what the code kept
            {"id": "gradient", "visibility": "hidden"},
            {"id": "cost"},
            {"id": "predict"},
        ],
    ],
    ids=["bundled", "interleaved"],
)
def test_the_hidden_checks_data_never_reach_what_a_student_sees(tmp_path, rubric):
    """Hostile leaks_hidden_inputs: every call notes a digest of its data, the learners'
    calls print it, and ``predict`` fails with every digest seen in its message.  The
    hidden checks' data (drawn from a fixed seed: the same at every run) reach neither
    the visible checks' messages nor the output the feedback shows; that output stops
    where the first hidden check began, and says how much more was printed."""
    from gdgrade.grading.reports.html import render_feedback
    from gdgrade.grading.spec import load_spec

    name = "leaks_hidden_inputs"
    shutil.copy(HOSTILE / f"{name}.py", tmp_path / "adaline.py")
    if isinstance(rubric, str):
        spec = load_spec(rubric)
    else:
        spec = parse_spec({"name": "interleaved", "checks": rubric})
    public = grade_submission(str(tmp_path), spec, visibilities=("public",), curve=False)
    full = grade_submission(str(tmp_path), spec, curve=False)
    assert _digests(_visible(public))  # the public checks' own data are shown
    assert _digests(_visible(full)) == _digests(_visible(public))
    assert _digests(render_feedback(full)) == _digests(_visible(public))
    import re

    def folder(text: str) -> str:
        return re.sub(r"gdgrade-sandbox-[\w-]+", "FOLDER", text)

    assert folder(full.output).startswith(folder(public.output))
    if isinstance(rubric, str):  # the learners' fits printed, in the hidden checks too
        assert "printed while the hidden checks ran are not shown]" in full.output
    # the rubric's order is kept in the results, whatever order the checks ran in
    assert [t.id for t in full.tests] == [c.id for c in spec.checks]
    assert {t.id: t.outcome.ok for t in full.tests}["predict"] is False


def test_a_file_too_large_to_read_is_not_graded_with_why_never_missing(tmp_path):
    """A derivation.py or adaline.py over the parse cap is there: its checks say it was
    too large (not graded), never "missing" or "not done yet" (a student would look for
    a file that is in front of them)."""
    from gdgrade.grading.spec import load_spec
    from gdgrade.grading.submission import MAX_CODE_BYTES

    spec = load_spec("adaline-gd")
    padding = "#" * 80 + "\n"
    big = padding * (MAX_CODE_BYTES // len(padding) + 1)
    (tmp_path / "answers").mkdir()
    shutil.copy(DEMO / "correct-vectorised" / "adaline.py", tmp_path / "answers" / "adaline.py")
    text = (DEMO / "correct-vectorised" / "derivation.py").read_text()
    (tmp_path / "answers" / "derivation.py").write_text(text + big)
    (tmp_path / "code").mkdir()
    code = (DEMO / "correct-vectorised" / "adaline.py").read_text()
    (tmp_path / "code" / "adaline.py").write_text(code + big)
    shutil.copy(DEMO / "correct-vectorised" / "derivation.py", tmp_path / "code" / "derivation.py")
    for folder, part in (("answers", "derivation."), ("code", "")):
        result = grade_submission(str(tmp_path / folder), spec, curve=False)
        mine = [t for t in result.tests if t.id.startswith("derivation.") == (part != "")]
        others = [t for t in result.tests if t not in mine]
        assert mine and all(t.outcome.status == "not-graded" for t in mine), folder
        assert all("is larger than 256 KiB" in t.outcome.message for t in mine), folder
        assert all(t.outcome.ok for t in others), folder
        assert not any("missing" in t.outcome.message for t in result.tests)
        assert not any(p.startswith("no adaline.py") for p in result.problems)
