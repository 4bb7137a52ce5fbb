"""Hostile: a sleep at import time, and SIGTERM/SIGINT ignored."""

import signal
import time

signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)
time.sleep(10_000)


def gradient(X, y, w):
    return w
