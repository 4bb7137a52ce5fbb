"""Hostile: the kernel interfaces a numerical submission never needs (this session's attack 3).

io_uring (turned off on Android, ChromeOS and Google's servers after a run of privilege
escalations), ``userfaultfd`` (which holds the kernel still while an exploit races it),
``perf_event_open``, ``bpf`` and the kernel's keyrings (which are not namespaced: a key
added here is the uid's, outside the sandbox): each is tried once, and closed again at
once.  Returns how many of them opened, and a bit for each one that did.
"""

import ctypes
import os

import numpy as np

MACHINE = os.uname().machine
NUMBERS = {  # x86_64, aarch64
    "io_uring_setup": (425, 425),
    "userfaultfd": (323, 282),
    "perf_event_open": (298, 241),
    "bpf": (321, 280),
    "add_key": (248, 217),
}


def _number(name):
    return NUMBERS[name][0 if MACHINE == "x86_64" else 1]


def _tries(libc):
    libc.syscall.restype = ctypes.c_long
    params = ctypes.create_string_buffer(120)
    yield libc.syscall(_number("io_uring_setup"), 4, params)
    yield libc.syscall(_number("userfaultfd"), 1 | 0o2000000)  # UFFD_USER_MODE_ONLY, O_CLOEXEC
    attr = ctypes.create_string_buffer(128)
    ctypes.memmove(attr, (1).to_bytes(4, "little") + (128).to_bytes(4, "little"), 8)
    # a software event (PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK) of this process
    yield libc.syscall(_number("perf_event_open"), attr, 0, -1, -1, 0)
    yield libc.syscall(_number("bpf"), 0, ctypes.create_string_buffer(64), 64)  # a map
    key = libc.syscall(_number("add_key"), b"user", b"gdgrade-hostile", b"x", 1, -4)  # user ring
    if key >= 0:
        libc.syscall(250 if MACHINE == "x86_64" else 219, 21, key)  # KEYCTL_INVALIDATE
        yield 0
    else:
        yield -1


def gradient(X, y, w):
    libc = ctypes.CDLL(None, use_errno=True)
    opened = 0
    bits = 0
    for index, result in enumerate(_tries(libc)):
        if result >= 0:
            opened += 1
            bits |= 1 << index
            if result > 2:
                os.close(result)
    return np.array([opened, bits])
