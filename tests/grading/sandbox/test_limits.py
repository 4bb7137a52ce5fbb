"""Limits are positive numbers, shown to students in readable units."""

from __future__ import annotations

import pytest

from gdgrade.grading.sandbox import Limits
from gdgrade.grading.sandbox.limits import format_bytes


def test_defaults_and_validation():
    limits = Limits()
    assert limits.call_seconds == 10.0 and limits.memory_bytes == 2 * 1024**3
    with pytest.raises(ValueError, match="'call_seconds' must be a positive number"):
        Limits(call_seconds=0)
    with pytest.raises(ValueError, match="'memory_bytes' must be a positive number"):
        Limits(memory_bytes=True)
    with pytest.raises(ValueError, match="'open_files' must be at least 16"):
        Limits(open_files=3)
    assert limits.processes == 32  # a few dozen: a pool or a subprocess fits, a fork bomb not
    with pytest.raises(ValueError, match="'processes' must be a positive number"):
        Limits(processes=0)
    assert limits.folder_bytes == 4 * limits.submission_bytes and limits.folder_files == 10_000
    with pytest.raises(ValueError, match="'folder_bytes' must be larger than 'submission_bytes'"):
        Limits(folder_bytes=32 * 1024**2)


@pytest.mark.parametrize(
    "size, text",
    [(2 * 1024**3, "2 GiB"), (64 * 1024, "64 KiB"), (1536 * 1024, "1.5 MiB"), (200, "200 bytes")],
)
def test_format_bytes(size, text):
    assert format_bytes(size) == text
