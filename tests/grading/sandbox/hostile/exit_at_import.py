"""Hostile: sys.exit at import, as a script that 'finished' would."""

import sys

sys.exit(0)


def gradient(X, y, w):
    return w
