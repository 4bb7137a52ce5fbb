"""The public checks as pytest tests, and the untouched student template."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gdgrade.grading import pytest_checks
from gdgrade.grading.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "student_template"
CORRECT = ROOT / "grading" / "data" / "demo" / "correct-vectorised"


def _student_folder(tmp_path: Path, solution: Path) -> Path:
    folder = tmp_path / "work"
    shutil.copytree(TEMPLATE, folder, ignore=shutil.ignore_patterns("*.ipynb", ".hypothesis"))
    for name in ("adaline.py", "derivation.py"):
        shutil.copy(solution / name, folder / name)
    return folder


def test_assignment_is_read_from_the_marker_file(tmp_path):
    assert pytest_checks.assignment_of(TEMPLATE) == "adaline-gd"
    (tmp_path / ".gdgrade-assignment").write_text("adaline-mse\n")
    assert pytest_checks.assignment_of(tmp_path) == "adaline-mse"
    assert pytest_checks.public_check_ids(tmp_path) == [
        c.id for c in load_spec("adaline-mse").selected(("public",))
    ]


def test_untouched_template_every_public_check_is_not_done():
    result = pytest_checks.graded(TEMPLATE)
    spec = load_spec("adaline-gd")
    assert [t.id for t in result.tests] == [c.id for c in spec.selected(("public",))]
    assert {t.outcome.status for t in result.tests} == {"not-done"}
    assert result.score == 0
    with pytest.raises(AssertionError, match=r"gradient \[not-done\]"):
        pytest_checks.assert_check("gradient", TEMPLATE)
    with pytest.raises(KeyError, match="'check_id' must be a public check"):
        pytest_checks.assert_check("AdalineGD.converges", TEMPLATE)


def test_gdgrade_check_on_the_template_says_not_done_for_each_part():
    out = subprocess.run(
        [sys.executable, "-m", "gdgrade.grading.cli", "check", str(TEMPLATE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stdout + out.stderr
    for part in ("net_input", "cost", "gradient", "update", "predict", "AdalineGD.fit"):
        assert f"{part} is not done yet" in out.stdout
    assert "derivation.py: `gradient` is not answered yet" in out.stdout
    assert "0 of" in out.stdout and "not done yet" in out.stdout


def test_ruff_passes_on_the_template():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed")
    out = subprocess.run([ruff, "check", str(TEMPLATE)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


@pytest.mark.slow
def test_pytest_in_the_student_folder_runs_the_public_checks(tmp_path):
    folder = _student_folder(tmp_path, CORRECT)
    (folder / "adaline.py").write_text(
        (CORRECT / "adaline.py").read_text().replace("return w - eta *", "return w + eta *")
    )
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", folder],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    n = len(load_spec("adaline-gd").selected(("public",)))
    assert out.returncode == 1, out.stdout[-3000:]
    assert f"1 failed, {n - 1} passed" in out.stdout, out.stdout[-3000:]
    assert "FAILED test_adaline.py::test_public_check[update]" in out.stdout
