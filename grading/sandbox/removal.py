"""Removing a sandbox folder whatever the student's code left in it.

:func:`shutil.rmtree` recurses once per folder level, so a chain of a few
thousand folders made inside the sandbox raises ``RecursionError`` and stays
on the disk.  :func:`remove_tree` walks the tree with an explicit stack and
one open descriptor at a time (no depth or path length limit), never follows a
symbolic link (a link is removed, never what it points to), gives back the
permissions the student's code took away (folders made ``chmod 000``, files
and folders made read-only) when the grader is not root, and never raises: a
tree it cannot remove is reported by its return value.

:func:`held_folder` makes such a folder, held (locked) for its maker's life so that
the sweep of a dead grader's folders never takes a live one.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["SHARED_FOLDERS", "held_folder", "remove_owned", "remove_tree"]

SHARED_FOLDERS = ("/tmp", "/var/tmp", "/dev/shm")
"""The machine's folders every user may write in (sticky: only an entry's owner or root
removes it), where a child without bubblewrap can leave what outlives its sandbox."""

_OPEN_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_O_PATH = getattr(os, "O_PATH", 0)
_RESCANS = 100  # folders found not empty after their entries were removed


def held_folder(prefix: str, parent: Path | None = None) -> tuple[Path, int]:
    """A new temporary folder (in ``parent``, by default the temporary folder) and a
    descriptor of it holding an exclusive ``flock``: keep it open while the folder is in
    use, since a sweep takes only a folder nobody holds (``session._stale``)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return folder, fd


def _identity(fd: int) -> tuple[int, int]:
    info = os.fstat(fd)
    return info.st_dev, info.st_ino


def _give_back(name: str, parent: int) -> None:
    """Make the folder ``name`` (in ``parent``) usable by its owner again, never through a link."""
    if not _O_PATH:  # pragma: no cover - Linux has O_PATH
        os.chmod(name, 0o700, dir_fd=parent)
        return
    handle = os.open(name, _O_PATH | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=parent)
    try:
        if not stat.S_ISDIR(os.fstat(handle).st_mode):
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", name)
        os.chmod(f"/proc/self/fd/{handle}", 0o700)  # the inode the descriptor holds, not a path
    finally:
        os.close(handle)


def _open_folder(name: str, parent: int) -> int:
    try:
        return os.open(name, _OPEN_FOLDER, dir_fd=parent)
    except PermissionError:
        _give_back(name, parent)
        return os.open(name, _OPEN_FOLDER, dir_fd=parent)


def _unlink(name: str, parent: int, *, fix: bool = True) -> None:
    """Remove the entry ``name`` of ``parent``; a read-only ``parent`` is made writable
    again when ``fix`` (a folder of the tree, never the trusted folder above it)."""
    try:
        os.unlink(name, dir_fd=parent)
    except FileNotFoundError:
        pass
    except PermissionError:  # a read-only folder, for a grader that is not root
        if not fix:
            raise
        os.chmod(parent, 0o700)
        os.unlink(name, dir_fd=parent)


def _rmdir(name: str, parent: int, *, fix: bool = True) -> None:
    try:
        os.rmdir(name, dir_fd=parent)
    except FileNotFoundError:
        pass
    except PermissionError:
        if not fix:
            raise
        os.chmod(parent, 0o700)
        os.rmdir(name, dir_fd=parent)


def _split(fd: int) -> tuple[list[str], list[str]]:
    """The sub-folders and the other entries (files, links, devices...) of folder ``fd``."""
    folders, others = [], []
    with os.scandir(fd) as entries:
        for entry in entries:
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            (folders if is_folder else others).append(entry.name)
    return folders, others


def _empty_and_remove(parent: int, name: str) -> None:
    """Remove folder ``name`` of ``parent`` and everything below it (raises OSError)."""
    fd = _open_folder(name, parent)
    device = os.fstat(fd).st_dev
    # One entry per level below ``parent``: the folder's name, its identity, the
    # sub-folders still to remove.  Only the deepest level has an open descriptor.
    levels: list[tuple[str, tuple[int, int], list[str]]] = []
    rescans = 0
    try:
        folders, others = _split(fd)
        for other in others:
            _unlink(other, fd)
        levels.append((name, _identity(fd), folders))
        while levels:
            pending = levels[-1][2]
            if pending:
                child = pending.pop()
                try:
                    child_fd = _open_folder(child, fd)
                except FileNotFoundError:
                    continue
                except OSError as exc:
                    if exc.errno not in (errno.ENOTDIR, errno.ELOOP):  # not a folder any more
                        raise
                    _unlink(child, fd)
                    continue
                if os.fstat(child_fd).st_dev != device:
                    os.close(child_fd)
                    raise OSError(errno.EXDEV, "a mount point inside the folder", child)
                os.close(fd)
                fd = child_fd
                folders, others = _split(fd)
                for other in others:
                    _unlink(other, fd)
                levels.append((child, _identity(fd), folders))
                continue
            folders, others = _split(fd)  # whatever appeared meanwhile
            if folders or others:
                rescans += 1
                if rescans > _RESCANS:  # something alive keeps writing here
                    raise OSError(errno.ENOTEMPTY, "the folder keeps filling", levels[-1][0])
                for other in others:
                    _unlink(other, fd)
                pending.extend(folders)
                continue
            done, _identity_done, _ = levels.pop()
            if not levels:
                os.close(fd)
                fd = -1
                _rmdir(done, parent, fix=False)
                return
            up = os.open("..", _OPEN_FOLDER, dir_fd=fd)
            os.close(fd)
            fd = up
            if _identity(fd) != levels[-1][1]:  # the tree was moved while being removed
                raise OSError(errno.ESTALE, "the folder moved while it was removed", done)
            _rmdir(done, fd)
    finally:
        if fd >= 0:
            os.close(fd)


def remove_tree(folder: os.PathLike | str) -> bool:
    """Remove ``folder`` and everything in it; True when it is gone.

    Parameters
    ----------
    folder : path
        The folder to remove.  The path itself is trusted (the grader made
        it); nothing below it is: a symbolic link is removed, never followed,
        and a folder on another device (a mount point) stops the removal.

    Returns
    -------
    bool
        Whether nothing is left at ``folder``.  Errors are not raised: a sandbox
        folder that cannot be removed must never fail a student's grading.
    """
    folder = Path(folder)
    try:
        parent = os.open(folder.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return not os.path.lexists(folder)
    try:
        try:
            info = os.stat(folder.name, dir_fd=parent, follow_symlinks=False)
        except FileNotFoundError:
            return True
        if stat.S_ISDIR(info.st_mode):
            _empty_and_remove(parent, folder.name)
        else:
            _unlink(folder.name, parent, fix=False)
        return True
    except OSError:
        return not os.path.lexists(folder)
    finally:
        os.close(parent)


def remove_owned(uid: int, folders: tuple[str, ...] = SHARED_FOLDERS) -> int:
    """Remove what ``uid`` left at the top of ``folders`` (the machine's shared ones): each
    file, folder or link it owns, never through a link; how many.  Never raises.

    Without bubblewrap a sandbox's child can write there (``/dev/shm`` is memory), and what
    it leaves would outlive its sandbox, to be read by the next sandbox given its uid.
    Its processes are dead when this runs, and in a sticky folder only an entry's owner
    (or root) can remove or rename it: an entry found as the uid's stays the uid's.
    """
    removed = 0
    for folder in folders:
        try:
            with os.scandir(folder) as entries:
                found = [entry.path for entry in entries if _owner(entry) == uid]
        except OSError:
            continue
        removed += sum(map(remove_tree, found))
    return removed


def _owner(entry: os.DirEntry) -> int | None:
    try:
        return entry.stat(follow_symlinks=False).st_uid
    except OSError:
        return None
