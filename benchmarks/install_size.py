"""The student's install: ``pip install .`` into a fresh venv, and its size on disk.

Makes a fresh venv (``python -m venv``), installs this project into it as a student
would (``pip install .``, with what pip installs by default: the dependencies and
their compiled bytecode), and prints the venv's size, the size of an empty venv made
the same way (pip and, before Python 3.12, setuptools: not ours to shrink), the
largest folders, and every installed distribution's size.  ``--extra instructor``
measures the instructor's install instead.

Sizes are bytes on disk in MB as ``du -h`` prints them (2^20 bytes), the unit of
issue 14's own figures: the install it measured (``pip install .`` of the commit
before the instructor extra) is 332.1 * 10^6 bytes on disk here, 316.7 in this
unit, and the issue says 316 MB; its "about 90 MB" of matplotlib, fonttools,
pillow and kiwisolver is 91.8 here (96.2 * 10^6 bytes).  The total is also printed
in 10^6 bytes.

    python benchmarks/install_size.py [--python python3] [--extra NAME]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from gdgrade.grading.distribution import copy_sources

ROOT = Path(__file__).resolve().parents[1]
GOAL_MB = 200
"""The student's install at most (issue 14), in MB of 2^20 bytes as ``du -h`` counts."""
MB = 2**20
"""Bytes in the MB this benchmark prints (``du -h``'s M, the unit of issue 14)."""
SHOWN = 20
"""Distributions listed one by one, the largest first."""


def size_mb(path: Path) -> float:
    """Bytes on disk (blocks, as ``du`` counts them) under ``path``, in MB (2^20)."""
    total = 0
    for folder, _, names in os.walk(path):
        for name in names:
            try:
                total += os.lstat(os.path.join(folder, name)).st_blocks * 512
            except OSError:
                pass
    return total / MB


# Run in the venv: each installed distribution's bytes on disk, as its RECORD lists them.
_BY_DISTRIBUTION = """
import os
from importlib import metadata
for dist in metadata.distributions():
    blocks = 0
    for file in dist.files or ():
        try:
            blocks += os.lstat(file.locate()).st_blocks
        except OSError:
            pass
    print(blocks, dist.metadata["Name"], dist.version)
"""


def venv(python: str, where: Path) -> Path:
    subprocess.run([python, "-m", "venv", str(where)], check=True)
    return where / "bin" / "python"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="the Python to make venvs of")
    parser.add_argument("--extra", default="", help="an extra to install too (instructor...)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gdgrade-install-"))
    try:
        src = work / "src"
        src.mkdir()
        copy_sources(ROOT, src)
        venv(args.python, work / "empty")
        python = venv(args.python, work / "student")
        target = f"{src}[{args.extra}]" if args.extra else str(src)
        subprocess.run([str(python), "-m", "pip", "install", "-q", target], check=True)
        version = subprocess.run(
            [str(python), "-c", "import sys; print(sys.version.split()[0])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        site = next((work / "student" / "lib").glob("python*/site-packages"))
        total, empty = size_mb(work / "student"), size_mb(work / "empty")
        print(f"Python {version}, pip install .{f'[{args.extra}]' if args.extra else ''}")
        met = "met" if total <= GOAL_MB else "not met"
        goal = "" if args.extra else f"   (goal <= {GOAL_MB} MB: {met})"
        print(f"fresh venv with gdgrade : {total:7.2f} MB{goal}")
        print(f"  the same in 10^6 bytes: {total * MB / 1e6:7.2f} MB")
        print(f"empty venv (pip...)     : {empty:7.1f} MB")
        print(f"what the install added  : {total - empty:7.1f} MB")
        sizes = sorted(((size_mb(p), p.name) for p in site.iterdir() if p.is_dir()), reverse=True)
        print("largest folders in site-packages:")
        for mb, name in sizes[:12]:
            print(f"  {mb:6.1f} MB  {name}")
        listed = subprocess.run(
            [str(python), "-c", _BY_DISTRIBUTION],
            cwd=work,  # not this checkout, whose gdgrade.egg-info would be listed too
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        print("by distribution (the files its RECORD lists, bytecode included):")
        rows = sorted(((int(b) * 512 / MB, n) for b, n in (r.split(maxsplit=1) for r in listed)))
        for mb, name in rows[::-1][:SHOWN]:
            print(f"  {mb:6.1f} MB  {name}")
        if len(rows) > SHOWN:
            rest = rows[: len(rows) - SHOWN]
            print(f"  {sum(mb for mb, _ in rest):6.1f} MB  {len(rest)} more distributions")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
