"""Hostile: kill(-1, SIGKILL), the signal to every process the caller may signal.

Run as root without a uid of its own, that is every process on the machine
(the grader, the other workers, the machine's services); as a uid of its own,
only its own processes: here the two children it starts first.  Returns how
many of them are still alive afterwards.
"""

import os
import signal
import time

import numpy as np


def gradient(X, y, w):
    children = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        children.append(pid)
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass
    alive = 0
    for pid in children:
        _, status = os.waitpid(pid, 0)
        alive += not os.WIFSIGNALED(status)
    return np.array([alive])
