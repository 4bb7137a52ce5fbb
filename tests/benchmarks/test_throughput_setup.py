"""The throughput benchmark finds nbgrader in the venv without it on PATH (issue 12, item 9)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_nbgrader_and_its_tools_are_found_with_only_the_system_on_path(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location(
        "grading_throughput", ROOT / "benchmarks" / "grading_throughput.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # as after `make demo`, no venv activated
    out = bench.run([*bench.NBGRADER, "--version"], tmp_path)
    assert out.stdout.strip()
    out = bench.run(["alembic", "--help"], tmp_path)  # nbgrader runs it by name
    assert "usage" in out.stdout.lower()
