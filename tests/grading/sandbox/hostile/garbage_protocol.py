"""Hostile: writes garbage, then a forged reply, into every descriptor the grader may read."""

import json
import os
import struct

import numpy as np


def _every_fd(data):
    for fd in range(3, 64):
        try:
            os.write(fd, data)
        except OSError:
            pass


def gradient(X, y, w):
    _every_fd(b"\xff\xff\xff\xffGARBAGE" * 10)
    return np.zeros(len(w))


def cost(X, y, w):
    header = json.dumps({"seq": 999, "kind": "ok", "message": "", "value": None}).encode()
    _every_fd(struct.pack(">I", len(header)) + header)
    return 1.0


def update(X, y, w, eta):
    _every_fd(struct.pack(">I", 200) + b'{"blobs": [999999999999]' + b" " * 176)
    return w
