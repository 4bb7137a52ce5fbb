"""The distribution installs one namespace, ``gdgrade``, editable or not."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gdgrade.grading.distribution import copy_sources

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A non-editable ``pip install`` of a copy of the sources into a target folder."""
    tmp = tmp_path_factory.mktemp("install")
    src, target = tmp / "src", tmp / "target"
    src.mkdir()
    copy_sources(ROOT, src)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(src),
        ],
        check=True,
        capture_output=True,
    )
    return target


def _run(target: Path, code: str, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(target)}
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True
    )


@pytest.mark.slow
def test_non_editable_install_has_only_the_gdgrade_namespace(installed, tmp_path):
    top_level = {p.name for p in installed.iterdir() if not p.name.endswith(".dist-info")}
    assert top_level <= {"gdgrade", "bin"}, top_level
    out = _run(
        installed, "import gdgrade.reference as r, gdgrade.grading; print(r.__file__)", tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().startswith(str(installed))
    for generic in ("grading", "reference"):
        assert _run(installed, f"import {generic}", tmp_path).returncode != 0


@pytest.mark.slow
def test_non_editable_install_runs_the_command(installed, tmp_path):
    out = _run(
        installed,
        "import sys; sys.argv = ['gdgrade', '--help']; import runpy; "
        "runpy.run_module('gdgrade', run_name='__main__')",
        tmp_path,
    )
    assert "check" in out.stdout and "grade" in out.stdout, out.stderr
    entry = next(installed.glob("gdgrade-*.dist-info")) / "entry_points.txt"
    assert "gdgrade = gdgrade.grading.cli:main" in entry.read_text()


@pytest.mark.slow
def test_the_wheel_carries_the_demo_as_one_zip_and_no_maintainer_script(installed, tmp_path):
    """No ``.py`` of the demo for pip to compile, nothing that writes into the source tree."""
    package = installed / "gdgrade"
    data = package / "grading" / "data"
    assert sorted(p.name for p in data.iterdir()) == ["demo.zip"]
    assert not (package / "assignments" / "make_notebooks.py").exists()
    assert (package / "assignments" / "adaline-gd" / "assignment.toml").is_file()
    with zipfile.ZipFile(data / "demo.zip") as packed:
        infos = packed.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}  # the same wheel twice
    out = _run(
        installed,
        "import sys; from pathlib import Path; from gdgrade.grading.bundled import write_demo; "
        "print(len(write_demo(Path(sys.argv[1]))))",
        tmp_path,
        str(tmp_path / "demo"),
    )
    assert out.returncode == 0, out.stderr
    source = ROOT / "grading" / "data" / "demo"
    expected = _files(source)
    assert _files(tmp_path / "demo") == expected
    assert int(out.stdout) == len({name.split("/")[0] for name in expected}) >= 9


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.mark.parametrize("command", ["check", "grade", "generate", "demo"])
def test_every_subcommand_has_help_with_an_example(command):
    out = subprocess.run(
        [sys.executable, "-m", "gdgrade", command, "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "example:" in out.stdout and f"gdgrade {command}" in out.stdout


@pytest.mark.slow
def test_building_gdgrade_prints_no_setuptools_deprecation(tmp_path):
    """The license as an SPDX string, every data folder a listed package (issue 12, item 9)."""
    src = tmp_path / "src"
    src.mkdir()
    copy_sources(ROOT, src)
    done = subprocess.run(  # with build isolation: the newest setuptools, the strictest
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp_path / "w"), str(src)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    said = done.stdout + done.stderr
    for word in ("Deprecat", "deprecated", "is absent from", "BuildBackendWarning"):
        assert word not in said, said[-3000:]
    assert list((tmp_path / "w").glob("gdgrade-*.whl"))


def test_the_readme_says_how_to_run_gdgrade_from_the_venv():
    """After `make demo`, gdgrade is in .venv, not on PATH (issue 12, item 9)."""
    text = (ROOT / "README.md").read_text()
    head = text[: text.index("## The demo")]
    assert ". .venv/bin/activate" in head and ".venv/bin/gdgrade check" in head
    assert ".venv/bin/python benchmarks/" in head
    assert Path(sys.executable).with_name("gdgrade").exists()  # where the README says


@pytest.mark.slow
def test_an_install_hashes_its_code_as_the_checkout_does(installed, tmp_path):
    """A cluster's worker with gdgrade installed from a wheel is the same grader as an
    instructor's editable checkout of the same sources (issue 15); one changed byte is not."""
    from gdgrade.grading.cluster import code_digest

    code = "from gdgrade.grading.cluster import code_digest; print(code_digest())"
    out = _run(installed, code, tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == code_digest()
    template = next((installed / "gdgrade" / "grading" / "templates").iterdir())
    text = template.read_text()
    template.write_text(text + " ")
    try:
        assert _run(installed, code, tmp_path).stdout.strip() != code_digest()
    finally:
        template.write_text(text)
