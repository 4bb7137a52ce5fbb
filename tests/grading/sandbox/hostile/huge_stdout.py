"""Hostile: 200 MB printed on stdout and stderr by gradient, which is right."""

import sys

import numpy as np


def gradient(X, y, w):
    line = "spam " * 200_000 + "\n"
    for _ in range(200):
        sys.stdout.write(line)
    sys.stderr.write("the end of the output\n")
    e = y - (X @ w[1:] + w[0])
    return -np.concatenate([[e.sum()], X.T @ e])
