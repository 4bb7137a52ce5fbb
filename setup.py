"""What pyproject.toml cannot say: two files and folders of the source tree the wheel leaves out.

The example submissions of ``gdgrade demo`` (``grading/data/demo/<name>/*.py``) are
real submission folders, graded in place by the tests and the benchmarks.  In a
wheel they would be ``.py`` files that pip compiles into bytecode nobody loads
(they are copied out and run in a sandbox, never imported), 18 files of source
and 18 of bytecode in 19 folders.  The wheel carries them as one
``grading/data/demo.zip`` instead, which ``gdgrade demo`` unpacks
(:func:`gdgrade.grading.bundled.write_demo`); the source distribution and an
editable install keep the folders.

``assignments/make_notebooks.py`` is the maintainer's script that writes the
bundled assignments' notebooks into the source tree; it imports nbformat (not in
the student's install) and has nothing to write in an installed package, so the
wheel leaves it out (setuptools cannot leave out one module of a listed package).
Everything else is configured in pyproject.toml.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DEMO = ("gdgrade", "grading", "data", "demo")
"""The demo folder, as a path inside the built package tree."""
SOURCE_ONLY = (("gdgrade", "assignments", "make_notebooks.py"),)
"""Files of the source tree that the wheel leaves out."""


def zip_folder(folder: Path, archive: Path) -> None:
    """Pack ``folder``'s files into ``archive``, the same bytes from the same files.

    Names are relative to ``folder``, in sorted order, with a fixed date and mode,
    so that building twice gives the same wheel.
    """
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as packed:
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), (1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            packed.writestr(info, path.read_bytes())


class BuildPy(build_py):
    """``build_py``, then the demo zipped and the maintainer's script left out.

    Not in editable mode, where the package runs from the source tree.
    """

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for parts in SOURCE_ONLY:
            Path(self.build_lib, *parts).unlink(missing_ok=True)
        folder = Path(self.build_lib, *DEMO)
        if folder.is_dir():
            zip_folder(folder, folder.with_suffix(".zip"))
            shutil.rmtree(folder)


setup(cmdclass={"build_py": BuildPy})
