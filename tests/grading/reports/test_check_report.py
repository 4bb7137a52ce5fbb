"""``gdgrade check`` as a student reads it (issue 12, items 6 and 7)."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest

from gdgrade.grading.cli import main

from ..zoo import CORRECT

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "grading" / "data" / "demo"
TEMPLATE = ROOT / "student_template"

pytestmark = pytest.mark.slow


def _check(capsys, path, columns=100, monkeypatch=None) -> tuple[int, list[str]]:
    if monkeypatch is not None:
        monkeypatch.setenv("COLUMNS", str(columns))
    code = main(["check", str(path), "--assignment", "adaline-gd"])
    return code, capsys.readouterr().out.splitlines()


def _text(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def test_an_empty_folder_says_what_is_missing_once_per_file(tmp_path, capsys):
    code, lines = _check(capsys, tmp_path)
    assert code == 1
    assert len(lines) <= 20, "\n".join(lines)
    assert lines[1] == "TODO  derivation.py is missing: write your answers there."
    assert sum("adaline.py" in line for line in lines) == 1  # said once, not per check
    assert "waiting for it: 12 checks (16 points): net_input, activation" in _text(lines)


def test_a_notebook_that_is_not_json_is_one_cause_first_and_its_checks_one_line(tmp_path, capsys):
    nb = tmp_path / "adaline.ipynb"
    nb.write_text("{not json")
    code, lines = _check(capsys, nb)
    text = _text(lines)
    assert code == 1 and len(lines) <= 10, "\n".join(lines)
    assert lines[1].startswith("NOT GRADED ") and "not a readable notebook" in _text(lines[1:3])
    assert text.count("not a readable notebook") == 1
    assert "it stops 14 checks (19 points): derivation.gradient, derivation.update" in text


def test_a_syntax_error_is_said_once_first_with_its_line(tmp_path, capsys):
    shutil.copy(DEMO / "correct-loops" / "derivation.py", tmp_path)
    (tmp_path / "adaline.py").write_text("import numpy as np\n\ndef net_input(X, w)\n    pass\n")
    _code, lines = _check(capsys, tmp_path)
    text = _text(lines)
    assert lines[1].startswith("NOT GRADED adaline.py has a syntax error")
    assert "(adaline.py, line 3)" in text and text.count("SyntaxError") == 1
    assert "it stops 12 checks (16 points)" in text
    assert "PASS derivation.gradient" in text  # what it does not stop is still judged


def test_a_sign_flipped_derivation_says_its_paragraph_once(tmp_path, capsys):
    shutil.copy(TEMPLATE / "adaline.py", tmp_path)
    shutil.copy(DEMO / "gradient-sign" / "derivation.py", tmp_path)
    _code, lines = _check(capsys, tmp_path)
    text = _text(lines)
    assert "FAIL derivation.gradient" in text
    assert text.count("The sign is flipped") == 1
    assert "hint: The sign is flipped" not in text


def test_a_stub_graded_only_by_hidden_checks_is_not_done_yet_and_hidden_points_are_told(
    tmp_path, capsys
):
    """fit of LinearRegressionGD still raising: check used to say 14 of 14 and 19 / 19."""
    shutil.copy(DEMO / "correct-loops" / "derivation.py", tmp_path)
    stub = CORRECT.replace(
        "class LinearRegressionGD(AdalineGD):\n",
        "class LinearRegressionGD(AdalineGD):\n"
        "    def fit(self, X, y):\n"
        "        raise NotImplementedError\n\n",
    )
    assert stub != CORRECT
    (tmp_path / "adaline.py").write_text(stub)
    code, lines = _check(capsys, tmp_path)
    text = _text(lines)
    assert code == 0  # the public checks pass...
    assert "14 of 14 checks pass" in text
    assert (  # ...and it says what they do not cover
        "TODO LinearRegressionGD 2 hidden checks, 2 points "
        "LinearRegressionGD.fit is not done yet (it raises NotImplementedError)" in text
    )
    assert "DONE derivation.steps written; 1 hidden check, 2 points judge it" in text
    assert "8 hidden checks (10 points) run when your work is graded" in text


def test_a_notebook_student_is_told_about_cells_not_derivation_py(tmp_path, capsys):
    import nbformat

    from gdgrade.grading.source_notebook import student_version

    source = nbformat.read(str(TEMPLATE / "adaline.ipynb"), as_version=4)
    nbformat.write(student_version(source), str(tmp_path / "hw.ipynb"))
    _code, lines = _check(capsys, tmp_path / "hw.ipynb")
    text = _text(lines)
    assert "derivation.py" not in text and "adaline.py" not in text
    assert "gradient_answer" in text


@pytest.mark.parametrize("columns", [40, 60])
def test_narrow_terminals_keep_indentation_and_never_cut_an_id(
    tmp_path, capsys, monkeypatch, columns
):
    shutil.copy(TEMPLATE / "adaline.py", tmp_path)
    shutil.copy(DEMO / "gradient-sign" / "derivation.py", tmp_path)
    _code, lines = _check(capsys, tmp_path, columns, monkeypatch)
    ids = {"AdalineGD.cost_history", "AdalineGD.one_more_epoch", "derivation.gradient"}
    words = {w.strip(",.:()") for line in lines for w in line.split()}
    assert ids <= words, "an id was cut"
    body = lines[1:]
    for before, line in itertools.pairwise(body):
        if line and before.startswith(("FAIL", "TODO", "PASS", "      ")) and line[0] != " ":
            assert line.startswith(("FAIL", "TODO", "PASS", "DONE", "NOT", "Graded", "1 of")), line
    assert all(len(line) <= columns for line in lines[1:] if " " in line.strip())
