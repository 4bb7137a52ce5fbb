"""Hostile: imports gdgrade by a computed name, after removing the import hooks."""

import importlib
import sys

import numpy as np


def gradient(X, y, w):
    module = importlib.import_module("gd" + "grade.reference")
    return np.asarray(module.gradient(X, y, w))


def cost(X, y, w):
    sys.meta_path[:] = [finder for finder in sys.meta_path if "Refuse" not in repr(finder)]
    for folder in ("/home", "/srv", "/opt", "/src", "/usr/local"):
        sys.path.append(folder)
    module = importlib.import_module("gd" + "grade.reference")
    return module.cost(X, y, w)
