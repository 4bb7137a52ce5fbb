"""What a call into the sandbox returns: a value, or a failure with a kind and a message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["FAILURE_KINDS", "KINDS", "CallResult"]

#: Every kind a failed :class:`CallResult` can have.
FAILURE_KINDS = (
    "exception",  # the student's code raised; message has the type, text and their line
    "timeout",  # a call or the import ran past its wall-clock limit (or the CPU limit)
    "memory",  # the address-space limit was reached (MemoryError)
    "crash",  # the process died from a signal (segfault, abort, killed)
    "exit",  # the process exited: sys.exit, os._exit, SystemExit
    "forbidden-import",  # gdgrade or a module the spec forbids was imported
    "import-error",  # the module raised while being imported
    "syntax-error",  # the module could not be compiled: nothing of it ran
    "bad-return",  # a return value that is not a plain numeric/bool array
    "protocol",  # the reply could not be read (garbage written into the grader's channel)
    "lost",  # an object of a process that has since been restarted
    "missing",  # no such module, function, class, method or attribute
)
KINDS = ("ok", *FAILURE_KINDS)


@dataclass(frozen=True)
class CallResult:
    """The outcome of one request to the sandbox.

    Parameters
    ----------
    ok : bool
        Whether the student's code ran and returned something usable.
    kind : str
        ``"ok"`` or one of :data:`FAILURE_KINDS`.
    value : numpy.ndarray, list, dict, str, float, int, bool or None
        An array for numeric returns (0-d for scalars); plain JSON data for
        :meth:`Sandbox.signature` and :meth:`Sandbox.names`.
    is_self : bool
        A method returned its own object (``fit``'s ``return self``).
    handle : int or None
        The object created by :meth:`Sandbox.new`, or returned by a method.
    message : str
        For a student, when not ok: what went wrong and where.
    after : tuple or None
        For :meth:`Sandbox.call_echo`: each array argument as the call left it
        (None for the other arguments).
    """

    ok: bool
    kind: str
    value: Any = None
    is_self: bool = False
    handle: int | None = None
    message: str = ""
    after: tuple | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"'kind' must be one of {', '.join(KINDS)} (got {self.kind!r})")
        if self.ok != (self.kind == "ok"):
            raise ValueError(f"'ok' must be {self.kind == 'ok'} for kind {self.kind!r}")

    @classmethod
    def failed(cls, kind: str, message: str) -> CallResult:
        """A failed result of ``kind`` with a message for the student."""
        return cls(ok=False, kind=kind, message=message)
