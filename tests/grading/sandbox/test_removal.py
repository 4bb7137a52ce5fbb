"""Removing a sandbox folder: any depth, any permissions, never through a link."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest

from gdgrade.grading.sandbox.removal import remove_tree


def _chain(top, depth: int) -> None:
    """``depth`` nested folders ``d/d/d/...`` below ``top``, made by descriptors."""
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = inner
    with open(os.open("f.txt", os.O_WRONLY | os.O_CREAT, 0o400, dir_fd=fd), "w") as handle:
        handle.write("bottom")
    os.close(fd)


@pytest.fixture
def outside(tmp_path):
    """A folder and a file the tree links to: they must survive its removal."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep")
    return folder


def _intact(outside) -> bool:
    return (outside / "keep.txt").read_text() == "keep" and sorted(os.listdir(outside)) == [
        "keep.txt"
    ]


def test_a_chain_too_deep_for_shutil_rmtree(tmp_path, outside):
    import shutil

    doomed = tmp_path / "doomed"
    doomed.mkdir()
    _chain(doomed, 3000)
    with pytest.raises(RecursionError):  # the failure of issue 10, attack 3
        shutil.rmtree(doomed)
    tree = tmp_path / "tree"
    tree.mkdir()
    _chain(tree, 3000)
    os.symlink(outside, tree / "d" / "d" / "link")
    assert remove_tree(tree)
    assert not tree.exists() and _intact(outside)
    assert remove_tree(doomed) and not doomed.exists()


def test_locked_folders_read_only_files_and_links(tmp_path, outside):
    tree = tmp_path / "tree"
    (tree / "a" / "b").mkdir(parents=True)
    (tree / "a" / "b" / "file").write_text("x")
    os.symlink(outside, tree / "a" / "b" / "to-folder")
    os.symlink(outside / "keep.txt", tree / "a" / "to-file")
    os.symlink("/", tree / "to-root")
    os.mkfifo(tree / "a" / "fifo")
    (tree / "a" / "b" / "file").chmod(0o400)
    (tree / "a" / "b").chmod(0)
    (tree / "a").chmod(stat.S_IRUSR | stat.S_IXUSR)
    assert remove_tree(tree)
    assert not tree.exists() and _intact(outside)


def test_the_folder_itself_a_link_is_unlinked(tmp_path, outside):
    link = tmp_path / "link"
    os.symlink(outside, link)
    assert remove_tree(link)
    assert not os.path.lexists(link) and _intact(outside)
    assert remove_tree(tmp_path / "missing")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as another uid")
def test_a_grader_that_is_not_root_gives_back_permissions(tmp_path):
    """chmod 000 and read-only folders, made by the uid that then removes them."""
    uid = 1_899_999_999
    home = tempfile.mkdtemp()  # pytest's own folders are root's alone
    os.chown(home, uid, uid)
    tree = Path(home) / "tree"
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports by its exit status
        try:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            tree.mkdir()
            (tree / "a" / "b").mkdir(parents=True)
            (tree / "a" / "b" / "file").write_text("x")
            (tree / "a" / "b" / "file").chmod(0o400)
            (tree / "a" / "b").chmod(0)
            (tree / "a").chmod(0o500)
            _chain(tree, 50)
            os._exit(0 if remove_tree(tree) and not os.path.lexists(tree) else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    try:
        assert os.waitstatus_to_exitcode(status) == 0
        assert not tree.exists()
    finally:
        assert remove_tree(home)


def test_a_folder_on_another_device_stops_the_removal(tmp_path, monkeypatch):
    tree = tmp_path / "tree"
    (tree / "mounted").mkdir(parents=True)
    (tree / "mounted" / "file").write_text("x")
    real_fstat = os.fstat
    mounted = os.stat(tree / "mounted").st_ino

    class Moved:
        def __init__(self, info):
            self.info = info

        def __getattr__(self, name):
            if name == "st_dev":
                return self.info.st_dev + 1
            return getattr(self.info, name)

    def fstat(fd):
        info = real_fstat(fd)
        return Moved(info) if info.st_ino == mounted else info

    monkeypatch.setattr(os, "fstat", fstat)
    assert not remove_tree(tree)  # said, not raised
    assert (tree / "mounted" / "file").read_text() == "x"


def test_what_a_uid_left_in_shared_folders_is_removed_and_nothing_else(tmp_path):
    from gdgrade.grading.sandbox.removal import remove_owned

    shared = tmp_path / "shared"
    shared.mkdir()
    mine, other = os.getuid(), os.getuid() + 1
    (shared / "file").write_text("x")
    (shared / "folder" / "inner").mkdir(parents=True)
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    (shared / "link").symlink_to(outside)
    (shared / "theirs").write_text("theirs")
    if os.geteuid() == 0:
        os.chown(shared / "theirs", other, other)
    else:
        pytest.skip("only root gives a file to another uid")
    assert remove_owned(mine, (str(shared), str(tmp_path / "missing"))) == 3
    assert sorted(path.name for path in shared.iterdir()) == ["theirs"]
    assert outside.read_text() == "keep"
