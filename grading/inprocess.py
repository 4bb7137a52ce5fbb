"""The sandbox's call interface over code in this very process.

For the places where the student's code already runs in our process — an
nbgrader test cell in the student's kernel, ``pytest`` in the student's folder
— the checks call it through :class:`InProcess`, which answers like
:class:`~gdgrade.grading.sandbox.Sandbox` (copies in, plain arrays out,
exceptions as results) but isolates nothing and limits nothing.  A verdict
reached this way is only as trustworthy as the code around it; ``gdgrade grade``
is the tamper-proof path.
"""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Mapping
from typing import Any

import numpy as np

from gdgrade.grading.sandbox import CallResult
from gdgrade.grading.sandbox._child import describe_names, describe_object, describe_signature

__all__ = ["InProcess"]


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
    """

    isolated = False
    restarts = 0
    output = ""

    def __init__(self, namespace: Mapping[str, Any]) -> None:
        self.namespace = namespace
        self.objects: dict[int, Any] = {}

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
            with np.errstate(all="ignore"):
                value = fn(*_copy(args), **_copy(kwargs))
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

    def _echo(self, fn: Any, args: tuple, what: str, keep_value: bool) -> CallResult:
        """Call ``fn`` on copies of ``args``; ``after`` holds those copies as it left them."""
        args = _copy(args)
        try:
            with np.errstate(all="ignore"):
                value = fn(*args)
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

    def method_echo(self, handle: int, name: str, *args: Any) -> CallResult:
        """:meth:`method`, with ``after`` as in :meth:`call_echo` (the return is dropped)."""
        fn = getattr(self.objects.get(handle), name, None)
        if not callable(fn):
            return CallResult(False, "missing", message=f"the object has no method {name!r}")
        return self._echo(fn, args, name, keep_value=False)

    def new(self, cls: str, *args: Any, **kwargs: Any) -> CallResult:
        """Instantiate the class ``cls``."""
        klass = self._lookup(cls)
        if not isinstance(klass, type):
            return CallResult(False, "missing", message=f"there is no class named {cls!r}")
        try:
            obj = klass(*_copy(args), **_copy(kwargs))
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
                    result = self.method_echo(handle, step[2], *step[3])
                else:
                    result = self.getattr(handle, step[2])
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

    def getattr(self, handle: int, name: str) -> CallResult:
        """An attribute of an object made by :meth:`new`, as an array."""
        obj = self.objects.get(handle)
        if not hasattr(obj, name):
            return CallResult(False, "missing", message=f"the object has no attribute {name!r}")
        return self._reply(_copy(getattr(obj, name)), None, name)
