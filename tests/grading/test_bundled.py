"""The bundled demo submissions, written out from the source tree's folders."""

from __future__ import annotations

from pathlib import Path

from gdgrade.grading.bundled import write_demo

SOURCE = Path(__file__).resolve().parents[2] / "grading" / "data" / "demo"


def test_every_example_is_written_with_its_files(tmp_path):
    made = write_demo(tmp_path / "submissions")
    assert [p.name for p in made] == sorted(p.name for p in SOURCE.iterdir() if p.is_dir())
    for folder in made:
        for path in (SOURCE / folder.name).glob("*.py"):
            assert (folder / path.name).read_bytes() == path.read_bytes()
        assert not (folder / "__pycache__").exists()


def test_what_was_in_the_target_is_replaced(tmp_path):
    target = tmp_path / "submissions"
    (target / "old-student").mkdir(parents=True)
    (target / "correct-loops").mkdir()
    (target / "correct-loops" / "stale.py").write_text("x = 1\n")
    made = write_demo(target)
    assert "old-student" not in {p.name for p in made}
    assert not (target / "correct-loops" / "stale.py").exists()
