"""Hostile: the grader's own answers, taken from the installed gdgrade.

``gradient`` takes the import guard off ``sys.meta_path`` (a finder that refuses
gdgrade) and imports gdgrade's reference under a computed name: the exact answer,
for every check.  ``cost`` looks for the reference's source by path instead (every
folder on ``sys.path``, the folders above numpy, Gradescope's ``/autograder``) and
runs it.  ``found`` says how many of gdgrade's files it could read.  Each returns
zeros when it got nothing.
"""

import importlib
import os
import re
import sys

import numpy as np


def _unguarded():
    """Only Python's own finders, and an editable install's finder when there is one."""
    kept = ("_frozen_importlib", "_frozen_importlib_external")
    sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, "__module__", "") in kept]
    for name in [n for n in sys.modules if n.startswith("gd" + "grade")]:
        del sys.modules[name]
    for folder in [p for p in sys.path if p.endswith("-packages")]:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.startswith("__editable__") and name.endswith("_finder.py"):
                try:
                    importlib.import_module(name[:-3]).install()
                except Exception:
                    pass


def _paths_named_in(folder):
    """Absolute paths written in an editable install's files of ``folder``."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in names:
        if "gd" + "grade" in name and name.endswith((".py", ".pth")):
            try:
                with open(os.path.join(folder, name)) as handle:
                    found += re.findall(r"'(/[^']+)'", handle.read())
            except OSError:
                continue
    return [os.path.dirname(path) for path in found]


def gradient(X, y, w):
    _unguarded()
    try:
        module = importlib.import_module("gd" + "grade.reference")
        return np.asarray(module.gradient(X, y, w), dtype=float)
    except Exception:
        return np.zeros_like(w)


def _candidates():
    roots = [p for p in sys.path if p and os.path.isdir(p)]
    roots.append(os.path.dirname(os.path.dirname(np.__file__)))
    roots += [found for root in list(roots) for found in _paths_named_in(root)]
    roots += ["/autograder", "/usr/local/lib", "/opt", "/srv", "/home"]
    seen = set()
    for root in roots:
        for folder, dirs, files in os.walk(root):
            if folder.count(os.sep) - root.count(os.sep) > 4 or len(seen) > 20000:
                dirs[:] = []
            dirs[:] = [d for d in dirs if d not in ("proc", "sys", ".git", "node_modules")]
            for name in files:
                path = os.path.join(folder, name)
                if path in seen:
                    continue
                seen.add(path)
                if name.endswith(".py") and "reference" in path and ("gd" + "grade") in path:
                    yield path
                elif name.startswith("gd" + "grade") and name.endswith(".whl"):
                    yield path


def found(X, y, w):
    count = 0
    for path in _candidates():
        try:
            with open(path, "rb") as handle:
                handle.read(100)
            count += 1
        except OSError:
            continue
    return np.array([float(count)])


def cost(X, y, w):
    for path in _candidates():
        if not path.endswith(".py"):
            continue
        try:
            with open(path) as handle:
                text = handle.read()
        except OSError:
            continue
        if "def cost" in text:
            namespace = {"__name__": "stolen"}
            try:
                exec(compile(text, path, "exec"), namespace)
                return float(namespace["cost"](X, y, w))
            except Exception:
                continue
    return 0.0
