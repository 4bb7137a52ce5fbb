"""The sandbox that runs a student's code in a child process that only serves calls.

Every comparison and every verdict happens in the grader's process; the child
only imports the student's module and answers calls with plain ``.npy`` arrays.
With bubblewrap the child has no network, a read-only system, no view of
gdgrade, the instructor's files or other submissions, and a PID namespace
that dies with it.  When the grader runs as root the child runs as a uid of
its own (:mod:`.uids`), so it is never root on the machine and its cap on
processes is its own.
A seccomp filter (installed in the child, or once in the zygote it is forked
from) refuses it a user namespace of its own, memory that no resource limit
counts, and the kernel interfaces numerical code never needs.
"""

from .bwrap import bwrap_available
from .limits import Limits
from .result import FAILURE_KINDS, KINDS, CallResult
from .session import NOT_ISOLATED_WARNING, Confinement, Sandbox, SandboxError, confinement

__all__ = [
    "FAILURE_KINDS",
    "KINDS",
    "NOT_ISOLATED_WARNING",
    "CallResult",
    "Confinement",
    "Limits",
    "Sandbox",
    "SandboxError",
    "bwrap_available",
    "confinement",
]
