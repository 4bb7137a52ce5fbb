"""Hostile: a non-daemon thread that spins forever; the functions are right."""

import threading

import numpy as np


def _spin():
    count = 0
    while True:
        count += 1


threading.Thread(target=_spin, daemon=False).start()


def gradient(X, y, w):
    e = y - (X @ w[1:] + w[0])
    return -np.concatenate([[e.sum()], X.T @ e])
