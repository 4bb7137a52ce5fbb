"""Copying a submission into the sandbox folder: regular files only, size capped."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

__all__ = ["SKIPPED_FOLDERS", "copy_submission"]

#: Folders never copied: caches and version control, not the student's work.
SKIPPED_FOLDERS = frozenset({"__pycache__", ".git", ".ipynb_checkpoints", ".hypothesis", ".venv"})
_MAX_FILES = 1000


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if (
        not name
        or path.is_absolute()
        or any(part in ("", ".", "..") for part in path.parts)
        or "\x00" in name
    ):
        raise ValueError(
            f"'files' keys must be relative paths inside the submission (got {name!r})"
        )
    return path


def copy_submission(
    files: Mapping[str, bytes] | os.PathLike | str, folder: Path, max_bytes: int
) -> list[str]:
    """Copy ``files`` into ``folder``; return the names skipped (too big, not regular).

    Parameters
    ----------
    files : mapping or path
        A folder (copied recursively, regular files only: symbolic links,
        devices and FIFOs are skipped so nothing outside the submission is
        reached), or a mapping of relative names to contents.
    folder : Path
        The sandbox folder, already created and empty.
    max_bytes : int
        The total size copied; files that would exceed it are skipped.
    """
    skipped: list[str] = []
    budget = max_bytes
    if isinstance(files, Mapping):
        for name, data in files.items():
            if not isinstance(name, str):
                raise TypeError(f"'files' keys must be str (got {type(name).__name__})")
            if not isinstance(data, (bytes, bytearray, memoryview)):
                raise TypeError(f"'files' values must be bytes (got {type(data).__name__})")
            path = _safe_name(name)
            if len(data) > budget:
                skipped.append(name)
                continue
            budget -= len(data)
            target = folder.joinpath(*path.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(bytes(data))
        return skipped
    source = Path(files)
    if not source.is_dir():
        raise NotADirectoryError(f"'files' must be a folder or a mapping (got {str(source)!r})")
    count = 0
    for root, dirs, names in os.walk(source, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS)
        relative = Path(root).relative_to(source)
        for name in sorted(names):
            path = Path(root, name)
            shown = str(relative / name)
            try:
                info = path.lstat()
            except OSError:
                skipped.append(shown)
                continue
            if not stat.S_ISREG(info.st_mode) or info.st_size > budget or count >= _MAX_FILES:
                skipped.append(shown)
                continue
            data = path.read_bytes()[: info.st_size]
            budget -= len(data)
            count += 1
            target = folder / relative / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return skipped
