"""Hostile: the module never finishes importing."""

while True:
    pass


def gradient(X, y, w):
    return w
