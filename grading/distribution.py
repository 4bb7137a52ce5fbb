"""gdgrade's own wheel, for an autograder that installs it where no registry has it.

``gdgrade generate --gradescope`` puts this wheel into ``autograder.zip``, and
``setup.sh`` installs it from there (its dependencies come from PyPI).  It is
made from what is installed, whichever way it was:

- installed from a source tree (``pip install -e .``, ``pip install .``): the
  tree's packaging files are copied to a temporary folder and ``pip wheel``
  builds the wheel there (the instructor's clone gets no ``build/`` folder);
- installed from a wheel (``pip install gdgrade-*.whl``, or by ``setup.sh``
  itself): the installed files, which are the wheel's, are packed again, with
  a fresh ``RECORD`` (the wheel format, PEP 427).
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

__all__ = ["DistributionError", "build_wheel", "copy_sources", "source_tree"]

NAME = "gdgrade"
_NOT_PACKED = ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json")
"""Files of an installed ``.dist-info`` that the installer wrote, not the wheel."""


class DistributionError(RuntimeError):
    """gdgrade's wheel cannot be made (the message says why and what to do instead)."""


def _distribution() -> importlib.metadata.Distribution:
    """gdgrade's installed distribution: the one pip installed (it has a ``WHEEL`` file).

    A ``gdgrade.egg-info`` folder that a build left in the working folder is
    found first when that folder is on ``sys.path``; it is not an installation.
    """
    found = list(importlib.metadata.distributions(name=NAME))
    if not found:
        raise importlib.metadata.PackageNotFoundError(NAME)
    return next((d for d in found if d.read_text("WHEEL")), found[0])


def source_tree() -> Path | None:
    """The source folder gdgrade was installed from, if it was installed from one."""
    dist = _distribution()
    text = dist.read_text("direct_url.json")
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    url = urlparse(data.get("url", ""))
    if "dir_info" not in data or url.scheme != "file":
        return None
    folder = Path(unquote(url.path))
    return folder if (folder / "pyproject.toml").is_file() else None


def _packaging_files(tree: Path) -> list[Path]:
    """What building gdgrade's wheel reads: pyproject.toml, setup.py, README, packages."""
    from gdgrade.grading.spec import tomllib

    pyproject = tomllib.loads((tree / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools_table = pyproject.get("tool", {}).get("setuptools", {})
    folders = {Path(d).parts[0] for d in setuptools_table.get("package-dir", {}).values()}
    readme = pyproject.get("project", {}).get("readme")
    names = {"pyproject.toml", "setup.py", *folders}
    names |= {readme} if isinstance(readme, str) else set()
    names |= {p.name for p in tree.glob("LICEN[CS]E*")}
    return [tree / n for n in sorted(names) if (tree / n).exists()]


def copy_sources(tree: Path, copy: Path) -> None:
    """Copy what building gdgrade's wheel reads from the source ``tree`` into ``copy``.

    That is pyproject.toml, setup.py (the one build step it cannot say: the demo
    as a zip), the README, the licence and the package folders, without caches and
    build leftovers, so that a build there sees what a fresh clone holds.

    Parameters
    ----------
    tree : Path
        A gdgrade source tree (a clone).
    copy : Path
        An existing, empty folder.
    """
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist")
    for path in _packaging_files(tree):
        if path.is_dir():
            shutil.copytree(path, copy / path.name, ignore=ignore)
        else:
            shutil.copy2(path, copy / path.name)


def _local_backend() -> bool:
    """Whether this environment's setuptools can build gdgrade (pyproject needs >= 77)."""
    try:
        version = importlib.metadata.version("setuptools")
        importlib.metadata.version("wheel")
    except importlib.metadata.PackageNotFoundError:
        return False
    return int(version.split(".")[0]) >= 77


def _pip_wheel(tree: Path, out: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="gdgrade-wheel-") as tmp:
        copy = Path(tmp) / "src"
        copy.mkdir()
        copy_sources(tree, copy)
        command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out)]
        if _local_backend():  # the build back-end of this environment: no download
            command.append("--no-build-isolation")
        done = subprocess.run([*command, str(copy)], capture_output=True, text=True)
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise DistributionError(f"'pip wheel' could not build gdgrade from {tree}: {last}")
    found = sorted(out.glob(f"{NAME}-*.whl"))
    if not found:
        raise DistributionError(f"'pip wheel' built no gdgrade wheel in {out}")
    return found[-1]


def _digest(data: bytes) -> str:
    raw = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _repack(out: Path) -> Path:
    dist = _distribution()
    info = f"{dist.metadata['Name'].replace('-', '_')}-{dist.version}.dist-info"
    tags = [
        line.split(":", 1)[1].strip()
        for line in (dist.read_text("WHEEL") or "").splitlines()
        if line.startswith("Tag:")
    ]
    if not tags:
        raise DistributionError(
            f"gdgrade {dist.version} is installed without its WHEEL file: reinstall it with pip"
        )
    name = f"{NAME}-{dist.version}-{tags[0]}.whl"
    entries = []
    for f in dist.files or []:
        parts = Path(str(f)).parts
        if parts[0] == ".." or "__pycache__" in parts or str(f).endswith(".pyc"):
            continue  # scripts (pip writes them from entry_points.txt) and caches
        if parts[0] == info and parts[-1] in _NOT_PACKED:
            continue
        entries.append((str(f).replace(os.sep, "/"), Path(dist.locate_file(f)).read_bytes()))
    if not any(path.startswith(f"{NAME}/") for path, _ in entries):
        raise DistributionError(
            f"gdgrade {dist.version} is installed without its files listed: reinstall it with pip"
        )
    out.mkdir(parents=True, exist_ok=True)
    record = [f"{path},{_digest(data)},{len(data)}" for path, data in entries]
    record.append(f"{info}/RECORD,,")
    with zipfile.ZipFile(out / name, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in entries:
            zf.writestr(path, data)
        zf.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    return out / name


def build_wheel(out: str | os.PathLike) -> Path:
    """Write gdgrade's wheel (this installed version) into ``out``; return its path.

    Raises
    ------
    DistributionError
        The wheel cannot be made; the message says why.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        tree = source_tree()
    except importlib.metadata.PackageNotFoundError:
        raise DistributionError(
            "gdgrade is not installed as a distribution (no metadata): install it with pip"
        ) from None
    return _pip_wheel(tree, out) if tree is not None else _repack(out)
