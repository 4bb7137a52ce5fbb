"""Hostile: forked children, a setsid daemon, a double-forked daemon, all sleeping forever."""

import os
import subprocess
import sys
import time

import numpy as np

for _ in range(3):
    if os.fork() == 0:
        time.sleep(10_000)
        os._exit(0)

subprocess.Popen(
    [sys.executable, "-c", "import time; time.sleep(10000)"],
    start_new_session=True,
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        import signal

        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        time.sleep(10_000)
    os._exit(0)


def gradient(X, y, w):
    if os.fork() == 0:
        time.sleep(10_000)
        os._exit(0)
    e = y - (X @ w[1:] + w[0])
    return -np.concatenate([[e.sum()], X.T @ e])
