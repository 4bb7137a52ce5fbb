"""Hostile: a bounded fork storm (the fork bomb of issue 10, made safe to run).

Tries to start up to ``total`` processes, each sleeping ``seconds`` and
exiting: at most a few thousand short sleeps, so even a sandbox with no cap
cannot hurt the machine.  Returns how many it started.
"""

import os
import time

import numpy as np


def storm(total, seconds):
    made = failed = 0
    for _ in range(int(total)):
        try:
            pid = os.fork()
        except OSError:
            failed += 1
            continue
        if pid == 0:
            time.sleep(float(seconds))
            os._exit(0)
        made += 1
    return np.array([made, failed])


def reap():
    reaped = 0
    while True:
        try:
            pid, _ = os.waitpid(-1, 0)
        except ChildProcessError:
            return reaped
        reaped += pid > 0
