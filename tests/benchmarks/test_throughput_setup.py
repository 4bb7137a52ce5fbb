"""The throughput benchmark finds nbgrader in the venv without it on PATH (issue 12, item 9);
its unique class holds no two files of the same text (issue 14)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location(
        "grading_throughput", ROOT / "benchmarks" / "grading_throughput.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def test_the_unique_class_has_no_two_files_alike_and_grades_as_the_plain_one(tmp_path):
    """Each file of the unique class is a text of its own (a batch worker remembers
    nothing for it), its code's lines where the demo has them."""
    bench = _bench()
    n = 2 * len(bench.demo_kinds()) + 1
    plain = bench.make_class(tmp_path / "plain", n)
    unique = bench.make_class(tmp_path / "unique", n, unique=True)
    for name in ("adaline.py", "derivation.py"):
        texts = [(Path(p) / name).read_text() for p in unique]
        assert len(set(texts)) == n
        before = [(Path(p) / name).read_text() for p in plain]
        assert len(set(before)) <= len(bench.demo_kinds()) < n  # the plain class repeats
        assert all(
            t.startswith(b) and t[len(b) :].strip().startswith("#")
            for t, b in zip(texts, before, strict=True)
        )


@pytest.mark.slow
def test_nbgrader_and_its_tools_are_found_with_only_the_system_on_path(tmp_path, monkeypatch):
    bench = _bench()
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # as after `make demo`, no venv activated
    out = bench.run([*bench.NBGRADER, "--version"], tmp_path)
    assert out.stdout.strip()
    out = bench.run(["alembic", "--help"], tmp_path)  # nbgrader runs it by name
    assert "usage" in out.stdout.lower()
