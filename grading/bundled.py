"""The bundled example submissions that ``gdgrade demo`` grades.

In the source tree (and an editable install) they are folders under
``grading/data/demo``; a built wheel carries them as one ``grading/data/demo.zip``
(see ``setup.py``), so that pip has no ``.py`` files of theirs to compile.
"""

from __future__ import annotations

import shutil
import zipfile
from importlib import resources
from pathlib import Path, PurePosixPath

__all__ = ["write_demo"]


def write_demo(target: Path) -> list[Path]:
    """Write the example submissions into ``target``, replacing what was there.

    Parameters
    ----------
    target : Path
        The folder to hold one sub-folder per example submission.

    Returns
    -------
    list of Path
        The submission folders, sorted by name.
    """
    data = resources.files("gdgrade.grading") / "data"
    if target.exists():
        shutil.rmtree(target)
    folder = data / "demo"
    if folder.is_dir():
        shutil.copytree(str(folder), target, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        target.mkdir(parents=True)
        with resources.as_file(data / "demo.zip") as archive, zipfile.ZipFile(archive) as packed:
            for name in packed.namelist():
                parts = PurePosixPath(name).parts
                if name.endswith("/") or not parts or ".." in parts or parts[0] == "/":
                    continue  # folders come with their files; nothing outside target
                path = target.joinpath(*parts)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(packed.read(name))
    return sorted(p for p in target.iterdir() if p.is_dir())
