"""A sandbox folder of a bounded size: the tmpfs a grader run as root mounts for it."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from gdgrade.grading.sandbox import quota
from gdgrade.grading.sandbox.quota import limit_folder, release_folder, release_mounts_below

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="only root mounts the folder's tmpfs")


def _mounted(folder: Path) -> bool:
    with open("/proc/self/mountinfo") as handle:
        return any(line.split()[4] == str(folder) for line in handle)


@needs_root
def test_the_folder_holds_its_bytes_and_its_files_then_goes_at_once(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    assert limit_folder(folder, 1 << 20, 50)
    try:
        assert _mounted(folder) and oct(folder.stat().st_mode & 0o777) == "0o700"
        with pytest.raises(OSError) as full:
            (folder / "big").write_bytes(b"\1" * (2 << 20))
        assert full.value.errno == errno.ENOSPC
        (folder / "big").unlink()
        with pytest.raises(OSError) as inodes:
            for index in range(100):
                (folder / str(index)).touch()
        assert inodes.value.errno == errno.ENOSPC
    finally:
        assert release_folder(folder)
    assert not _mounted(folder) and list(folder.iterdir()) == []  # what it held is gone
    assert not release_folder(folder)  # nothing is mounted there any more


def test_a_grader_that_is_not_root_mounts_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert not limit_folder(tmp_path, 1 << 20, 50)
    assert release_mounts_below(tmp_path) == 0


@needs_root
def test_what_a_killed_grader_left_mounted_is_released(tmp_path):
    inner = [tmp_path / "a b" / "work", tmp_path / "a b" / "work" / "deeper"]
    inner[0].mkdir(parents=True)
    assert limit_folder(inner[0], 1 << 20, 50)
    inner[1].mkdir()
    assert limit_folder(inner[1], 1 << 20, 50)  # the deepest is released first
    assert release_mounts_below(tmp_path / "a b") == 2
    assert not any(map(_mounted, inner))


def test_mount_points_are_read_as_the_kernel_escapes_them():
    assert quota._unescaped("/tmp/a\\040b\\011c") == "/tmp/a b\tc"
    assert quota._unescaped("/tmp/plain") == "/tmp/plain"
