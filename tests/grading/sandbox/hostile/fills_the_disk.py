"""Hostile: the grader's disk, one file at a time (this session's attack 6).

``RLIMIT_FSIZE`` stops each file at the limit, not the next file: this writes file
after file of the largest size allowed, then empty file after empty file (the disk's
inodes), each until a write fails or it has written ``cap.txt``'s numbers of them
(so that this submission never fills a disk, even where the sandbox fails).  The
files stay in its own folder.  Returns the bytes written, the files made and the
``errno`` that stopped each (0 when the cap did).
"""

import os

import numpy as np


def gradient(X, y, w):
    with open("cap.txt") as handle:
        big, small, size = (int(part) for part in handle.read().split())
    written, made, errors = 0, 0, [0, 0]
    block = b"\1" * (1 << 20)
    os.makedirs("big", exist_ok=True)
    for index in range(big):
        try:
            with open(f"big/{index}", "wb") as handle:
                for _ in range(size >> 20):
                    handle.write(block)
                    written += len(block)
        except OSError as exc:
            errors[0] = exc.errno
            break
    os.makedirs("small", exist_ok=True)
    for index in range(small):
        try:
            with open(f"small/{index}", "wb"):
                made += 1
        except OSError as exc:
            errors[1] = exc.errno
            break
    return np.array([written, made, *errors])
