"""The sandbox's call interface over code in this very process.

For the place where the student's code already runs in our process — an
nbgrader test cell in the student's kernel — the checks call it through
:class:`InProcess`, which answers like :class:`~gdgrade.grading.sandbox.Sandbox`
(copies in, plain arrays out, exceptions as results) but isolates nothing.  A
verdict reached this way is only as trustworthy as the code around it;
``gdgrade grade`` is the tamper-proof path.

Limits: each call into the student's code is stopped after the spec's
``call_seconds``, as in the sandbox, by ``SIGALRM`` (:func:`time_limit`), which
raises :class:`CallTimeout` inside the student's code.  What this cannot do,
and the sandbox does: stop a single numpy call that runs in C (it is stopped
when it returns), a call in a thread other than the main one (then there is no
limit, and the check says so), or code that catches ``BaseException`` and goes
on (the alarm rings again every half second; nbgrader's cell timeout, which
``gdgrade generate`` sets to fit, is the last resort).  Memory is not limited:
``RLIMIT_AS`` holds for the whole kernel (its own threads and everything the
notebook holds), not for one call.
"""

from __future__ import annotations

import contextlib
import dataclasses
import signal
import threading
import time
import traceback
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from gdgrade.grading.sandbox import CallResult
from gdgrade.grading.sandbox._child import describe_names, describe_object, describe_signature

__all__ = ["CallTimeout", "InProcess", "time_limit"]

RING_AGAIN = 0.5
"""Seconds between alarms once a call is past its time (code that swallows one is stopped
by the next)."""


class CallTimeout(BaseException):
    """Raised inside the student's code when a call runs past its time.

    A ``BaseException``, like ``KeyboardInterrupt``, so that ``except Exception``
    in the student's code does not swallow it.
    """


def _limit_possible() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[bool]:
    """Raise :class:`CallTimeout` in the code of the ``with`` block after ``seconds``.

    Yields whether the limit is armed: it is not where ``SIGALRM`` cannot be
    used (a thread other than the main one, Windows) or for ``seconds=None``.
    A timer that was running before is re-armed with what it had left.
    """
    if seconds is None or not _limit_possible():
        yield False
        return
    armed = [True]

    def ring(signum, frame):
        if armed[0]:
            raise CallTimeout()

    previous = signal.signal(signal.SIGALRM, ring)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds, RING_AGAIN)
    start = time.monotonic()
    try:
        yield True
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - start), 1e-3))


_MISSING = object()


def _copy(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(_copy(v) for v in value)
    return value


def _describe(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "gdgrade" not in f.filename]
    where = f" (line {frames[-1].lineno}, in {frames[-1].name})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


class InProcess:
    """Serve the checks' calls from ``namespace`` (a module's or a kernel's globals).

    Parameters
    ----------
    namespace : mapping
        Where the student's functions and classes are found by name.
    call_seconds : float, optional
        Each call is stopped after this long (see :func:`time_limit`); None: no limit.
    """

    isolated = False
    restarts = 0
    output = ""

    def __init__(self, namespace: Mapping[str, Any], call_seconds: float | None = None) -> None:
        self.namespace = namespace
        self.call_seconds = call_seconds
        self.objects: dict[int, Any] = {}
        self.unlimited = False
        """Whether a call ran without its time limit (not in the main thread)."""

    def _calling(self, fn: Any, args: tuple, kwargs: dict, what: str) -> Any:
        """``fn(*args, **kwargs)`` within the time limit; CallTimeout when it is past."""
        with time_limit(self.call_seconds) as armed, np.errstate(all="ignore"):
            self.unlimited |= self.call_seconds is not None and not armed
            return fn(*args, **kwargs)

    def _timeout(self, what: str) -> CallResult:
        return CallResult(
            False,
            "timeout",
            message=f"your code ran for more than {self.call_seconds:g} s on this call and "
            f"was stopped (while {what})",
        )

    def start(self) -> CallResult:
        """Nothing to start: the code is already loaded."""
        return CallResult(True, "ok")

    def close(self) -> None:
        """Forget the objects made so far."""
        self.objects.clear()

    def _reply(self, value: Any, owner: Any = None, what: str = "") -> CallResult:
        if owner is not None and value is owner:
            return CallResult(True, "ok", is_self=True)
        if value is None:
            return CallResult(False, "bad-return", message=f"{what} returned None")
        try:
            array = np.array(value, subok=False)
        except Exception as exc:
            return CallResult(False, "bad-return", message=f"{what}: {_describe(exc)}")
        if array.dtype.kind not in "biufc":
            if not isinstance(value, (list, tuple, np.ndarray)) and not np.isscalar(value):
                handle = len(self.objects) + 1
                self.objects[handle] = value
                return CallResult(True, "ok", handle=handle)
            return CallResult(
                False, "bad-return", message=f"{what} returned a value that is not a numeric array"
            )
        return CallResult(True, "ok", value=array)

    def _run(self, fn: Any, args: tuple, kwargs: dict, what: str, owner: Any = None) -> CallResult:
        try:
            value = self._calling(fn, _copy(args), _copy(kwargs), what)
        except CallTimeout:
            return self._timeout(what)
        except Exception as exc:
            return CallResult(False, "exception", message=_describe(exc))
        return self._reply(value, owner, what)

    def _lookup(self, name: str) -> Any:
        return self.namespace.get(name)

    def call(self, name: str, *args: Any, **kwargs: Any) -> CallResult:
        """Call the function ``name``."""
        fn = self._lookup(name)
        if not callable(fn):
            return CallResult(False, "missing", message=f"there is no function named {name!r}")
        return self._run(fn, args, kwargs, f"{name}(...)")

    def _echo(
        self, fn: Any, args: tuple, what: str, keep_value: bool, kwargs: dict | None = None
    ) -> CallResult:
        """Call ``fn`` on copies of ``args``; ``after`` holds those copies as it left them."""
        args = _copy(args)
        try:
            value = self._calling(fn, args, _copy(kwargs or {}), what)
        except CallTimeout:
            return self._timeout(what)
        except Exception as exc:  # the student's exception is a result
            return CallResult(False, "exception", message=_describe(exc))
        result = (
            self._reply(value, None, what)
            if keep_value
            else CallResult(True, "ok", value=np.zeros(0))
        )
        if not result.ok:
            return result
        after = tuple(a.copy() if isinstance(a, np.ndarray) else None for a in args)
        return dataclasses.replace(result, after=after)

    def call_echo(self, name: str, *args: Any) -> CallResult:
        """:meth:`call`, with ``after``: the array arguments as the call left them."""
        fn = self._lookup(name)
        if not callable(fn):
            return CallResult(False, "missing", message=f"there is no function named {name!r}")
        return self._echo(fn, args, f"{name}(...)", keep_value=True)

    def method_echo(self, handle: int, name: str, *args: Any, **kwargs: Any) -> CallResult:
        """:meth:`method`, with ``after`` as in :meth:`call_echo` (the return is dropped)."""
        fn = getattr(self.objects.get(handle), name, None)
        if not callable(fn):
            return CallResult(False, "missing", message=f"the object has no method {name!r}")
        return self._echo(fn, args, name, keep_value=False, kwargs=kwargs)

    def new(self, cls: str, *args: Any, **kwargs: Any) -> CallResult:
        """Instantiate the class ``cls``."""
        klass = self._lookup(cls)
        if not isinstance(klass, type):
            return CallResult(False, "missing", message=f"there is no class named {cls!r}")
        try:
            obj = self._calling(klass, _copy(args), _copy(kwargs), f"{cls}(...)")
        except CallTimeout:
            return self._timeout(f"{cls}(...)")
        except Exception as exc:
            return CallResult(False, "exception", message=_describe(exc))
        handle = len(self.objects) + 1
        self.objects[handle] = obj
        return CallResult(True, "ok", handle=handle)

    def method(self, handle: int, name: str, *args: Any, **kwargs: Any) -> CallResult:
        """Call a method of an object made by :meth:`new`."""
        obj = self.objects.get(handle)
        fn = getattr(obj, name, None)
        if not callable(fn):
            return CallResult(False, "missing", message=f"the object has no method {name!r}")
        return self._run(fn, args, kwargs, f"{type(obj).__name__}.{name}(...)", owner=obj)

    def sequence(self, steps: list[tuple]) -> list[CallResult]:
        """Several calls in order, as :meth:`Sandbox.sequence` runs them."""
        made: list[int | None] = []
        out: list[CallResult] = []
        for step in steps:
            op = step[0]
            if op == "call_echo":
                result = self.call_echo(step[1], *step[2])
            elif op in ("call", "new"):
                result = getattr(self, op)(step[1], *step[2], **step[3])
            else:
                ref = step[1]
                handle = made[ref[1]] if isinstance(ref, tuple) else ref
                if handle is None:
                    result = CallResult(False, "lost", message="an earlier step did not make it")
                elif op == "method":
                    result = self.method(handle, step[2], *step[3], **step[4])
                elif op == "method_echo":
                    result = self.method_echo(handle, step[2], *step[3], **dict(step[4]))
                else:
                    result = self.getattr(handle, *step[2:4])
            out.append(result)
            made.append(result.handle)
            if (
                not result.ok
                and result.kind != "missing"
                and not (result.kind == "bad-return" and op == "method")
            ):
                break
        return out

    def signature(self, name: str) -> CallResult:
        """The parameters of a function or class, as the sandbox reports them."""
        target = self._lookup(name)
        if target is None:
            return CallResult(False, "missing", message=f"there is no function or class {name!r}")
        try:
            value = describe_signature(target)
        except (TypeError, ValueError) as exc:
            return CallResult(False, "exception", message=_describe(exc))
        return CallResult(True, "ok", value=value)

    def names(self) -> CallResult:
        """The namespace's public names, as the sandbox reports them."""
        return CallResult(True, "ok", value=describe_names(self.namespace))

    def attributes(self, handle: int) -> CallResult:
        """What an object made by :meth:`new` holds, as the sandbox describes it."""
        obj = self.objects.get(handle)
        if obj is None:
            return CallResult(False, "lost", message="this object no longer exists")
        return CallResult(True, "ok", value=describe_object(obj))

    def getattr(self, handle: int, name: str, key: str | None = None) -> CallResult:
        """An attribute of an object made by :meth:`new` (``key``: the entry of a dict
        attribute), as an array."""
        obj = self.objects.get(handle)
        try:  # a property runs the student's code too
            value = self._calling(getattr, (obj, name, _MISSING), {}, name)
            if key is not None and value is not _MISSING:
                value = self._calling(_entry, (value, key), {}, name)
        except CallTimeout:
            return self._timeout(name)
        except Exception as exc:
            return CallResult(False, "exception", message=_describe(exc))
        if value is _MISSING:
            return CallResult(False, "missing", message=f"the object has no attribute {name!r}")
        return self._reply(_copy(value), None, name)


def _entry(value: Any, key: str) -> Any:
    """``value[key]``, or the missing marker when there is no such entry."""
    try:
        return value[key]
    except (KeyError, TypeError, IndexError):
        return _MISSING
