"""The sandbox that runs a student's code in a child process that only serves calls.

Every comparison and every verdict happens in the grader's process; the child
only imports the student's module and answers calls with plain ``.npy`` arrays.
With bubblewrap the child has no network, a read-only system, no view of
gdgrade, the instructor's files or other submissions, and a PID namespace
that dies with it.
"""

from .bwrap import bwrap_available
from .limits import Limits
from .result import FAILURE_KINDS, KINDS, CallResult
from .session import NOT_ISOLATED_WARNING, Sandbox, SandboxError

__all__ = [
    "FAILURE_KINDS",
    "KINDS",
    "NOT_ISOLATED_WARNING",
    "CallResult",
    "Limits",
    "Sandbox",
    "SandboxError",
    "bwrap_available",
]
