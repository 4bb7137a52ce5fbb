"""Copying a submission: regular files only, relative names only, size capped."""

from __future__ import annotations

import os

import pytest

from gdgrade.grading.sandbox.files import copy_submission


def test_folder_copy_skips_links_caches_and_big_files(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    (source / "sub").mkdir(parents=True)
    (source / "__pycache__").mkdir()
    target.mkdir()
    (source / "adaline.py").write_text("x = 1\n")
    (source / "sub" / "data.csv").write_text("1,2\n")
    (source / "__pycache__" / "adaline.cpython-311.pyc").write_bytes(b"\0")
    (source / "big.bin").write_bytes(b"\0" * 2000)
    secret = tmp_path / "instructor_key.py"
    secret.write_text("ANSWER = 42\n")
    os.symlink(secret, source / "key.py")
    os.mkfifo(source / "pipe")
    skipped = copy_submission(source, target, max_bytes=1000)
    assert sorted(skipped) == ["big.bin", "key.py", "pipe"]
    assert (target / "adaline.py").read_text() == "x = 1\n"
    assert (target / "sub" / "data.csv").read_text() == "1,2\n"
    assert not (target / "key.py").exists() and not (target / "__pycache__").exists()


def test_mapping_names_must_stay_inside(tmp_path):
    copy_submission({"adaline.py": b"a", "pkg/mod.py": b"b"}, tmp_path, 100)
    assert (tmp_path / "pkg" / "mod.py").read_bytes() == b"b"
    for name in ("../escape.py", "/etc/passwd", "a/../../b", ""):
        with pytest.raises(ValueError, match="'files' keys must be relative"):
            copy_submission({name: b"x"}, tmp_path, 100)
    with pytest.raises(TypeError, match="'files' values must be bytes"):
        copy_submission({"adaline.py": "text"}, tmp_path, 100)
    with pytest.raises(NotADirectoryError):
        copy_submission(tmp_path / "missing", tmp_path, 100)
