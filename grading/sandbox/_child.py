"""The server loop that runs inside the sandbox: stdlib and numpy only.

This file is run as the *source* of ``python -c`` in the child process, never
imported there, so nothing of gdgrade is importable or imported in the
student's process: no check, no reference, nothing that decides a score.  The
parent imports it too, but only for the wire format (:func:`pack`,
:func:`encode`, :func:`array_bytes`), so both ends share one definition.

Wire format, in both directions: a 4-byte big-endian length, a JSON header of
that length, then the blobs the header's ``"blobs"`` list gives the lengths of.
Every blob is an ``.npy`` file written with ``allow_pickle=False``.  Inside a
JSON value, ``{"$nd": i}`` stands for blob ``i`` as an array, ``{"$np": i}`` for
blob ``i`` as a numpy scalar, ``{"$tuple": [...]}`` for a tuple,
``{"$complex": [re, im]}`` for a Python complex and ``{"$float": "nan"}`` for a
non-finite Python float.

The child reads requests on one file descriptor and writes replies on another,
both pipes the parent passed in; the student's stdout and stderr are separate
(the parent drains them with a cap and never parses them).
"""

from __future__ import annotations

import io
import json
import math
import numbers
import os
import re
import struct
import sys

# The builtins the server uses, bound here so that a submission patching
# ``builtins`` (``builtins.isinstance = lambda *a: True``) cannot break the server.
from builtins import (  # noqa: UP029
    all,
    callable,
    getattr,
    hasattr,
    isinstance,
    len,
    map,
    next,
    repr,
    reversed,
    str,
    type,
)
from collections.abc import Iterator
from operator import is_

LENGTH = struct.Struct(">I")
MAX_HEADER = 1 << 20
MAX_STEPS = 96  # steps of one sequence request (and so at most 96 blobs in its reply)
NUMERIC_KINDS = "biufc"


class ForbiddenImportError(ImportError):
    """Raised inside the sandbox when graded code imports a forbidden module."""


_NUMPY: list = []


def _numpy():
    """numpy, imported once and kept: in the server every ``import`` statement passes the
    import guard (:func:`_guard_imports`, a Python function), and these run per request."""
    if not _NUMPY:
        import numpy

        _NUMPY.append(numpy)
    return _NUMPY[0]


_KEPT_HEADERS = 512
"""How many ``.npy`` headers each end keeps (by dtype, order and shape, or by their bytes)."""
_WRITTEN: dict = {}
_READ: dict = {}


def array_bytes(array) -> bytes:
    """The ``.npy`` bytes of ``array``, written without pickle: what ``np.save`` writes.

    ``np.save`` builds the header from the dtype, the memory order and the shape
    alone, then writes the data in that order; the header it wrote is kept for the
    next array of the same dtype, order and shape, whose bytes are then that header
    and ``tobytes`` (the same bytes, without building the header again).
    """
    np = _numpy()

    fortran = array.flags.f_contiguous and not array.flags.c_contiguous
    key = None
    if type(array) is np.ndarray and array.dtype.metadata is None:
        key = (array.dtype.str, fortran, array.shape)
        header = _WRITTEN.get(key)
        if header is not None:
            return header + array.tobytes(order="F" if fortran else "C")
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    blob = buffer.getvalue()
    if key is not None and array.nbytes <= len(blob):
        if len(_WRITTEN) >= _KEPT_HEADERS:
            _WRITTEN.clear()
        _WRITTEN[key] = blob[: len(blob) - array.nbytes]
    return blob


_NPY_MAGIC = b"\x93NUMPY\x01\x00"
_NPY_HEADER = re.compile(
    r"\{'descr': '([<>|=]?[a-zA-Z]\d*)', 'fortran_order': (True|False), "
    r"'shape': \(((?:\d+, ?)*\d*)\), \}\s*\Z"
)


def _read_header(header: bytes):
    """What a version 1.0 ``.npy`` header that the strict pattern matches says: (dtype,
    shape, order, data bytes), with a dtype of None when it is not a plain numeric or bool
    one; None when the pattern does not match (kept by the header's bytes)."""
    found = _READ.get(header)
    if found is None:
        np = _numpy()
        try:
            match = _NPY_HEADER.match(header.decode("latin1"))
        except UnicodeDecodeError:
            match = None
        if match is None:
            return None
        shape = tuple(int(size) for size in match.group(3).replace(" ", "").split(",") if size)
        dtype = np.dtype(match.group(1))
        plain = dtype.kind in NUMERIC_KINDS and dtype.fields is None and dtype.subdtype is None
        size = dtype.itemsize * math.prod(shape)
        found = (dtype if plain else None, shape, "F" if match.group(2) == "True" else "C", size)
        if len(_READ) >= _KEPT_HEADERS:
            _READ.clear()
        _READ[header] = found
    return found


_LENGTH16 = struct.Struct("<H")


def array_from_bytes(blob: bytes):
    """The array of ``.npy`` bytes, never unpickling: a strict fast path, else ``np.load``.

    Raises ``ValueError`` when ``blob`` is not an ``.npy`` file of a plain
    numeric or bool dtype.
    """
    np = _numpy()

    found = None
    if blob[:8] == _NPY_MAGIC and len(blob) >= 10:
        offset = 10 + _LENGTH16.unpack_from(blob, 8)[0]
        found = _read_header(bytes(blob[10:offset]))
    if found is not None:
        dtype, shape, order, size = found
        if dtype is None:
            raise ValueError("not a numeric array (its header names another dtype)")
        if size != len(blob) - offset:
            raise ValueError("the array data does not match its header")
        return np.ndarray(shape, dtype, buffer=blob, offset=offset, order=order).copy(order="K")
    array = np.load(io.BytesIO(blob), allow_pickle=False)
    if type(array) is not np.ndarray or array.dtype.kind not in NUMERIC_KINDS:
        raise ValueError(f"not a numeric array (got {type(array).__name__})")
    if array.dtype.fields is not None or array.dtype.subdtype is not None:
        raise ValueError(f"not a plain numeric dtype (got {array.dtype})")
    return array


def encode(value, blobs: list) -> object:
    """``value`` as JSON data, its arrays appended to ``blobs`` as ``.npy`` bytes.

    Raises ``TypeError`` for anything but numeric/bool arrays and scalars,
    None, str, and lists/tuples of those.
    """
    np = _numpy()

    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isfinite(value):
            return float(value)
        return {"$float": repr(float(value))}
    if isinstance(value, complex):
        return {"$complex": [encode(value.real, blobs), encode(value.imag, blobs)]}
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.asarray(value)
        if array.dtype.kind not in NUMERIC_KINDS or array.dtype.fields is not None:
            raise TypeError(f"arrays must have a numeric or bool dtype (got {array.dtype})")
        blobs.append(array_bytes(array))
        return {"$nd" if isinstance(value, np.ndarray) else "$np": len(blobs) - 1}
    if isinstance(value, list):
        return [encode(item, blobs) for item in value]
    if isinstance(value, tuple):
        return {"$tuple": [encode(item, blobs) for item in value]}
    raise TypeError(
        "arguments must be numeric arrays, scalars, None, str, or lists/tuples of those "
        f"(got {type(value).__name__})"
    )


def pack(header: dict, blobs: list) -> bytes:
    """One frame: length, JSON header (with the blob lengths), blobs."""
    header = dict(header, blobs=[len(blob) for blob in blobs])
    text = json.dumps(header, allow_nan=False, separators=(",", ":")).encode()
    return b"".join([LENGTH.pack(len(text)), text, *blobs])


def describe_signature(target) -> list:
    """The parameters of a function or class as plain data: name, kind, and the default
    when it is a JSON scalar (its repr otherwise)."""
    import inspect

    value = []
    for parameter in list(inspect.signature(target).parameters.values()):
        entry = {"name": parameter.name, "kind": parameter.kind.name}
        default = parameter.default
        entry["has_default"] = default is not inspect.Parameter.empty
        if entry["has_default"]:
            if (
                default is None
                or type(default) in (bool, int, str)
                or (type(default) is float and math.isfinite(default))
            ):
                entry["default"] = default
            else:
                try:
                    entry["default_repr"] = repr(default)[:200]
                except BaseException:
                    entry["default_repr"] = "?"
        value.append(entry)
    return value


def describe_names(namespace) -> dict:
    """A module's public names: each a "class", a "function" or "other"."""
    import inspect

    value = {}
    for name, item in list(namespace.items()):
        if not isinstance(name, str) or name.startswith("_"):
            continue
        if isinstance(item, type):
            value[name] = "class"
        elif inspect.isroutine(item):
            value[name] = "function"
        else:
            value[name] = "other"
    return value


def describe_object(obj) -> dict:
    """What an object holds, described (the values stay where they are): arrays by shape
    and dtype, numbers, lists by length and whether they hold numbers, dicts by their
    string keys (each entry described the same way, one level deep), anything else as
    "other".  The grader picks the weights and the history from this."""
    np = _numpy()

    def number(item) -> bool:
        if isinstance(item, np.ndarray):
            return item.size == 1 and item.dtype.kind in "iuf"
        return isinstance(item, numbers.Real) and not isinstance(item, bool)

    def described(item, deep: bool) -> dict:
        if isinstance(item, np.ndarray) and item.dtype.kind in "biuf":
            return {"kind": "array", "shape": list(item.shape), "dtype": str(item.dtype)}
        if number(item):
            return {"kind": "number"}
        if isinstance(item, (list, tuple)):
            return {"kind": "list", "length": len(item), "numbers": all(map(number, item))}
        if deep and type(item) is dict:
            entries = [(k, v) for k, v in list(item.items())[:50] if type(k) is str]
            return {"kind": "dict", "entries": {k[:200]: described(v, False) for k, v in entries}}
        return {"kind": "other"}

    value = {}
    for name, item in list(vars(obj).items())[:200]:
        if not isinstance(name, str):
            continue
        value[name[:200]] = described(item, True)
    return value


# --------------------------------------------------------------------------------------
# Everything below runs only in the child.


def _decode(value, arrays):
    if not value and type(value) in (list, dict):
        return type(value)()
    np = _numpy()

    if isinstance(value, list):
        return [_decode(item, arrays) for item in value]
    if isinstance(value, dict):
        if "$nd" in value:  # a copy per use: one array may stand in several steps
            return arrays[value["$nd"]].copy()
        if "$np" in value:
            return np.asarray(arrays[value["$np"]])[()]
        if "$tuple" in value:
            return tuple(_decode(item, arrays) for item in value["$tuple"])
        if "$complex" in value:
            real, imag = value["$complex"]
            return complex(_decode(real, arrays), _decode(imag, arrays))
        if "$float" in value:
            return float(value["$float"])
        return {key: _decode(item, arrays) for key, item in value.items()}
    return value


class _Builtins:
    """Swap the student's ``builtins`` (patched or not) out while the server works.

    A submission may patch ``builtins`` (``builtins.isinstance = ...``); its
    own code keeps seeing its patches, but the server (and the ``json`` module
    it uses) runs with the builtins the process started with.
    """

    def __init__(self) -> None:
        import builtins

        self.namespace = vars(builtins)
        self.clean = dict(self.namespace)
        self.values = tuple(self.clean.values())
        self.last = next(reversed(self.clean), None)
        self.student: dict | None = None

    def patched(self) -> bool:
        """Whether ``builtins`` differs from the clean one: a value replaced (compared by
        identity, in order, without calling anything of the student's), a name added or
        removed.  A name removed and another added leaves the values in order only when
        the last one moved, hence the last name's check."""
        namespace = self.namespace
        return (
            len(namespace) != len(self.values)
            or not all(map(is_, namespace.values(), self.values))
            or next(reversed(namespace), None) is not self.last
        )

    def run(self, function, *args, **kwargs):
        namespace = self.namespace
        if self.student is not None:
            namespace.clear()
            namespace.update(self.student)
        try:
            return function(*args, **kwargs)
        finally:
            if self.patched():
                self.student = dict(namespace)
                namespace.clear()
                namespace.update(self.clean)


class _Server:
    """Serve the parent's requests: call the student's code, reply with plain arrays."""

    def __init__(self, config: dict) -> None:
        self.config = config
        self.folder = config["folder"]
        self.module_name = config["module"]
        self.reply_bytes = int(config["reply_bytes"])
        self.memory_text = config["memory_text"]
        self.folder_text = config.get("folder_text", "")
        self.requests = config["fds"][0]
        self.replies = config["fds"][1]
        self.module = None
        self.objects: dict[int, object] = {}
        self.buffer = bytearray()
        self.builtins = _Builtins()
        self.next_handle = 1

    # ---- I/O ------------------------------------------------------------------------

    def read_exact(self, size: int) -> bytes:
        """``size`` bytes of the request pipe, read in large chunks (few system calls)."""
        buffer = self.buffer
        while len(buffer) < size:
            chunk = os.read(self.requests, max(size - len(buffer), 1 << 16))
            if not chunk:
                os._exit(0)  # the parent closed the pipe: leave without atexit handlers
            buffer += chunk
        data = bytes(buffer[:size])
        del buffer[:size]
        return data

    def read_request(self):
        (length,) = LENGTH.unpack(self.read_exact(LENGTH.size))
        header = json.loads(self.read_exact(length))
        arrays = [array_from_bytes(self.read_exact(size)) for size in header["blobs"]]
        return header, arrays

    def send(
        self, seq: int, kind: str, message: str = "", array=None, data=None, after=None, **extra
    ):
        """Reply: ``array`` as blob 0, or JSON ``data`` (signature, names); ``after``: the
        array arguments as they are after the call (blobs 1...), for an ``echo`` request."""
        blobs: list = []
        header = {"seq": seq, "kind": kind, "message": message, "value": data}
        header.update(extra)
        events = _take_events()
        if events:
            header["events"] = events
        if array is not None:
            header["value"] = {"$nd": 0}
            blobs.append(array_bytes(array))
            if after is not None:
                markers = []
                for arg in after:
                    if arg is None:
                        markers.append(None)
                    else:
                        markers.append({"$nd": len(blobs)})
                        blobs.append(array_bytes(arg))
                header["after"] = markers
        data = memoryview(pack(header, blobs))
        while data:
            written = os.write(self.replies, data)
            data = data[written:]

    # ---- messages -------------------------------------------------------------------

    def where(self, exc: BaseException) -> str:
        """`` (adaline.py, line 12, in gradient)`` for the student's last frame."""
        import traceback

        try:
            frames = traceback.extract_tb(exc.__traceback__)
        except Exception:
            return ""
        folder = os.path.join(self.folder, "")
        for frame in reversed(frames):
            if frame.filename.startswith(folder):
                name = os.path.relpath(frame.filename, self.folder)
                return f" ({name}, line {frame.lineno}, in {frame.name})"
        return ""

    def describe(self, exc: BaseException) -> str:
        try:
            text = str(exc)
        except BaseException:
            text = ""
        try:
            name = type(exc).__name__
        except BaseException:
            name = "Exception"
        text = f"{name}: {text}" if text else name
        if len(text) > 1000:
            text = text[:1000] + "..."
        return text + self.where(exc)

    def failure(self, exc: BaseException, what: str) -> tuple[str, str]:
        """The kind and message of an exception raised by the student's code."""
        seen = exc
        for _ in range(20):
            if seen is None:
                break
            if isinstance(seen, ForbiddenImportError):
                return "forbidden-import", f"{seen.args[0]}{self.where(seen)}"
            seen = seen.__cause__ or seen.__context__
        if isinstance(exc, MemoryError):
            return "memory", f"your code exceeded the memory limit of {self.memory_text}{what}"
        if isinstance(exc, SystemExit):
            try:
                code = repr(exc.code) if exc.code is not None else ""
            except BaseException:
                code = "?"
            return "exit", f"your code exited the process (sys.exit({code})){what}"
        text = self.describe(exc)
        if self.folder_text and isinstance(exc, OSError) and exc.errno == 28:  # ENOSPC
            text += f" (your code's folder may hold at most {self.folder_text})"
        return "exception", f"{text}{what}"

    # ---- values ---------------------------------------------------------------------

    def is_student_object(self, value) -> bool:
        """An instance of a class of the submission that does not claim to be an array."""
        np = _numpy()

        if isinstance(value, (type, np.ndarray, np.generic, numbers.Number, list, tuple)):
            return False
        kind = type(value)
        if any(hasattr(kind, name) for name in ("__array__", "__array_interface__")):
            return False
        module = sys.modules.get(getattr(kind, "__module__", None) or "")
        path = getattr(module, "__file__", None) or ""
        return isinstance(path, str) and path.startswith(os.path.join(self.folder, ""))

    def reply_value(self, seq: int, value, what: str, owner=None, after=None) -> None:
        np = _numpy()

        if owner is not None and value is owner:
            return self.send(seq, "ok", is_self=True)
        if self.is_student_object(value):
            handle = self.next_handle
            self.next_handle += 1
            self.objects[handle] = value
            return self.send(seq, "ok", handle=handle)
        if value is None:
            return self.send(seq, "bad-return", f"{what} returned None (did you forget `return`?)")
        if isinstance(value, Iterator):
            return self.send(
                seq,
                "bad-return",
                f"{what} returned a {type(value).__name__}; return a list or a numpy array",
            )
        try:
            array = np.asarray(value)
            if type(array) is not np.ndarray:
                array = np.array(array, subok=False)
        except Exception as exc:
            return self.send(
                seq,
                "bad-return",
                f"{what} returned a value that is not a numeric array ({self.describe(exc)})",
            )
        if array.dtype.kind not in NUMERIC_KINDS or array.dtype.fields is not None:
            try:
                got = type(value).__name__ if array.dtype.kind == "O" else str(array.dtype)
            except BaseException:
                got = "?"
            return self.send(
                seq,
                "bad-return",
                f"{what} returned a value that is not a numeric array (got {got})",
            )
        if array.nbytes > self.reply_bytes:
            return self.send(
                seq,
                "bad-return",
                f"{what} returned {array.nbytes} bytes, more than the limit of "
                f"{self.reply_bytes} bytes",
            )
        return self.send(seq, "ok", array=array, after=after)

    # ---- requests -------------------------------------------------------------------

    def import_module(self) -> None:
        """Run the module's statements in order; with ``keep_partial``, a statement that
        raises is reported and the next one runs (definitions after a failing script
        still happen).  A syntax error runs nothing."""
        import ast
        import importlib.util

        path = os.path.join(self.folder, self.module_name + ".py")
        spec = importlib.util.spec_from_file_location(self.module_name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[self.module_name] = module
        self.module = module
        try:
            with open(path, "rb") as handle:
                tree = compile(handle.read(), path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        except BaseException as exc:
            self.module = None
            line = getattr(exc, "lineno", None)
            text = getattr(exc, "msg", None) or self.describe(exc)
            where = f" ({self.module_name}.py, line {line})" if line else ""
            return self.send(0, "syntax-error", f"{type(exc).__name__}: {text}{where}")
        module.__doc__ = ast.get_docstring(tree)
        failures: list = []
        flags = 0
        _PHASE[0] = "import"
        try:
            for statement in tree.body:
                if isinstance(statement, ast.ImportFrom) and statement.module == "__future__":
                    import __future__

                    for alias in statement.names:
                        feature = getattr(__future__, alias.name, None)
                        flags |= getattr(feature, "compiler_flag", 0)
                unit = ast.Module(body=[statement], type_ignores=[])
                try:
                    code = compile(unit, path, "exec", flags=flags, dont_inherit=True)
                    self.builtins.run(exec, code, module.__dict__)
                except BaseException as exc:
                    kind, message = self.failure(exc, " while importing your module")
                    if kind == "exception":
                        kind = "import-error"
                    failures.append([statement.lineno, kind, message[:2000]])
                    if not self.config["keep_partial"] or kind in ("memory",):
                        break
        finally:
            _PHASE[0] = "call"
        if not failures:
            return self.send(0, "ok")
        _line, kind, message = failures[0]
        if not self.config["keep_partial"]:
            self.module = None
        return self.send(0, kind, message, partial=self.module is not None, skipped=failures[:200])

    def lookup(self, name: str):
        module = self.module
        try:
            return True, module.__dict__[name]
        except Exception:
            return False, None

    def handle(self, header: dict, arrays: list) -> None:
        seq = header["seq"]
        op = header["op"]
        name = header.get("name", "")
        args = _decode(header.get("args", []), arrays)
        kwargs = _decode(header.get("kwargs", {}), arrays)
        if op == "call" or op == "new":
            found, target = self.lookup(name)
            noun = "function" if op == "call" else "class"
            if not found:
                return self.send(
                    seq, "missing", f"your {self.module_name}.py has no {noun} named '{name}'"
                )
            if not callable(target) or (op == "new" and not isinstance(target, type)):
                return self.send(
                    seq,
                    "missing",
                    f"'{name}' in your {self.module_name}.py must be a {noun} "
                    f"(got {type(target).__name__})",
                )
            what = f" while running {name}(...)"
            try:
                value = self.builtins.run(target, *args, **kwargs)
            except BaseException as exc:
                return self.send(seq, *self.failure(exc, what))
            if op == "new":
                handle = self.next_handle
                self.next_handle += 1
                self.objects[handle] = value
                return self.send(seq, "ok", handle=handle)
            after = None
            if header.get("echo"):
                np = _numpy()

                after = [a if type(a) is np.ndarray else None for a in args]
            return self.reply_value(seq, value, f"{name}(...)", after=after)
        if op == "method" or op == "getattr":
            obj = self.objects[header["handle"]]
            cls = type(obj).__name__
            try:
                member = self.builtins.run(getattr, obj, name)
            except AttributeError:
                return self.send(seq, "missing", f"{cls} object has no attribute '{name}'")
            except BaseException as exc:
                return self.send(seq, *self.failure(exc, f" while reading {cls}.{name}"))
            if op == "getattr":
                if args and isinstance(args[0], str):  # an entry of a dict attribute
                    try:
                        member = self.builtins.run(member.__getitem__, args[0])
                    except (KeyError, AttributeError, TypeError):
                        return self.send(seq, "missing", f"{cls}.{name} has no entry {args[0]!r}")
                    except BaseException as exc:
                        return self.send(seq, *self.failure(exc, f" while reading {cls}.{name}"))
                    name = f"{name}[{args[0]!r}]"
                return self.reply_value(seq, member, f"{cls}.{name}", owner=obj)
            if not callable(member):
                return self.send(
                    seq,
                    "missing",
                    f"'{name}' of {cls} must be a method (got {type(member).__name__})",
                )
            try:
                value = self.builtins.run(member, *args, **kwargs)
            except BaseException as exc:
                return self.send(seq, *self.failure(exc, f" while running {cls}.{name}(...)"))
            if header.get("echo"):
                np = _numpy()

                after = [a if type(a) is np.ndarray else None for a in args]
                if value is obj or value is None:  # fit returns self (or nothing): echo anyway
                    value = np.zeros(0)
                return self.reply_value(seq, value, f"{cls}.{name}(...)", after=after)
            return self.reply_value(seq, value, f"{cls}.{name}(...)", owner=obj)
        if op == "sequence":
            return self.sequence(header, arrays)
        if op == "signature":
            return self.signature(seq, name)
        if op == "names":
            return self.names(seq)
        if op == "attributes":
            return self.attributes(seq, self.objects[header["handle"]])
        return self.send(seq, "protocol", f"unknown request {op!r}")

    def sequence(self, header: dict, arrays: list) -> None:
        """Run ``header["steps"]`` in order and answer them in one reply.

        A step's ``handle`` may be ``{"$step": k}``, the object step k made.  A
        failed step ends the sequence, except a ``missing`` attribute or method
        (the grader probes for names).  The reply's ``steps`` holds one entry per
        step that ran, each like a reply of its own (arrays as ``{"$nd": i}``).
        """
        seq = header["seq"]
        answers: list = []
        made: list = []

        def collect(_seq, kind, message="", array=None, data=None, after=None, **extra):
            answers.append((kind, message, array, data, after, extra))

        self.send = collect
        try:
            for step in header.get("steps", [])[:MAX_STEPS]:
                handle = step.get("handle")
                if isinstance(handle, dict):
                    k = handle.get("$step")
                    handle = made[k] if isinstance(k, int) and 0 <= k < len(made) else None
                    if handle is None:
                        collect(seq, "lost", "an earlier step did not make this object")
                        break
                if step.get("op") not in ("call", "new", "method", "getattr"):
                    collect(seq, "protocol", "a sequence may only call, make, and read")
                    break
                step["seq"], step["handle"] = seq, handle  # a request of its own
                try:
                    self.handle(step, arrays)
                except KeyError:
                    collect(seq, "lost", "this object no longer exists")
                except BaseException as exc:
                    collect(seq, *self.failure(exc, ""))
                kind, _, _, _, _, extra = answers[-1]
                made.append(extra.get("handle"))
                if kind not in ("ok", "missing") and not (
                    kind == "bad-return" and step["op"] == "method"
                ):  # what a method returns does not matter to the next steps
                    break
        finally:
            del self.send
        blobs: list = []
        steps = []
        for kind, message, array, data, after, extra in answers:
            entry = {"kind": kind, **extra}  # an empty message and a None value go unsaid
            if message:
                entry["message"] = message
            if data is not None:
                entry["value"] = data
            if array is not None:
                entry["value"] = {"$nd": len(blobs)}
                blobs.append(array_bytes(array))
                if after is not None:
                    entry["after"] = []
                    for arg in after:
                        if arg is None:
                            entry["after"].append(None)
                        else:
                            entry["after"].append({"$nd": len(blobs)})
                            blobs.append(array_bytes(arg))
            steps.append(entry)
        reply = {"seq": seq, "kind": "ok", "message": "", "value": None, "steps": steps}
        events = _take_events()
        if events:
            reply["events"] = events
        data = memoryview(pack(reply, blobs))
        while data:
            written = os.write(self.replies, data)
            data = data[written:]

    def signature(self, seq: int, name: str) -> None:
        found, target = self.lookup(name)
        if not found:
            return self.send(
                seq, "missing", f"your {self.module_name}.py has no function or class '{name}'"
            )
        try:
            value = describe_signature(target)
        except BaseException as exc:
            return self.send(seq, *self.failure(exc, f" while reading the signature of {name}"))
        self.send(seq, "ok", data=value)

    def names(self, seq: int) -> None:
        self.send(seq, "ok", data=describe_names(self.module.__dict__))

    def attributes(self, seq: int, obj) -> None:
        """What an object holds, described (never sent): see :func:`describe_object`."""
        self.send(seq, "ok", data=self.builtins.run(describe_object, obj))

    def serve(self) -> None:
        self.import_module()
        while True:
            header, arrays = self.read_request()
            if self.module is None:
                self.send(header["seq"], "lost", "the module is not imported")
                continue
            try:
                self.handle(header, arrays)
            except KeyError:
                self.send(header["seq"], "lost", "this object no longer exists")
            except BaseException as exc:
                self.send(header["seq"], *self.failure(exc, ""))


_EVENTS: list = []
_PHASE = ["call"]
_FOLDER = [""]  # the submission's folder, with a trailing separator
_MAX_EVENTS = 200


def _take_events() -> list:
    """The imports recorded since the last reply (for the parent to judge)."""
    taken = _EVENTS[:]
    del _EVENTS[:]
    return taken


def _record(name: str, kind: str) -> None:
    """Note that the graded code imported ``name`` (``kind``: forbidden or missing), with
    the line of the student's file that did it.  The parent decides what it means."""
    if len(_EVENTS) >= _MAX_EVENTS:
        return
    folder = _FOLDER[0]
    frame = sys._getframe(1)
    file, line = None, None
    while frame is not None:
        filename = frame.f_code.co_filename
        if isinstance(filename, str) and filename.startswith(folder):
            file, line = os.path.relpath(filename, folder), frame.f_lineno
            break
        frame = frame.f_back
    _EVENTS.append({"module": name, "kind": kind, "file": file, "line": line, "phase": _PHASE[0]})


def _imported_by_student() -> bool:
    """Whether the import under way was asked for by a line of the student's files."""
    folder = _FOLDER[0]
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not isinstance(filename, str):
            return False
        if "importlib" not in filename and frame.f_globals is not globals():
            return filename.startswith(folder)
        frame = frame.f_back
    return False


class _Refuse:
    """A meta-path finder that refuses gdgrade and the spec's forbidden modules, and
    records each attempt (the parent, not this process, decides the score)."""

    def __init__(self, forbidden: list) -> None:
        self.forbidden = list(forbidden)

    def find_spec(self, name, path=None, target=None):
        for banned in self.forbidden:
            if name == banned or name.startswith(banned + "."):
                _record(name, "forbidden")
                raise ForbiddenImportError(
                    f"your code imports {name}, which graded code may not import"
                )
        return None

    def find_module(self, name, path=None):  # pragma: no cover - old import protocol
        self.find_spec(name, path)
        return None


def _guard_imports(forbidden: list) -> None:
    """Refuse forbidden modules in the student's own import statements, even when the
    module is already loaded (``json``, ``numpy.linalg``), and record each attempt."""
    import builtins

    original = builtins.__import__

    def banned(name: str) -> bool:
        return any(name == ban or name.startswith(ban + ".") for ban in forbidden)

    def guarded(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and isinstance(name, str):
            caller = sys._getframe(1).f_code.co_filename
            if isinstance(caller, str) and caller.startswith(_FOLDER[0]):
                wanted = [name] + [
                    f"{name}.{item}" for item in (fromlist or ()) if isinstance(item, str)
                ]
                for candidate in wanted:
                    if banned(candidate):
                        _record(candidate, "forbidden")
                        raise ForbiddenImportError(
                            f"your code imports {candidate}, which graded code may not import"
                        )
        return original(name, globals, locals, fromlist, level)

    builtins.__import__ = guarded


class StandInError(ModuleNotFoundError):
    """Raised when graded code uses a module that is not installed where it is graded."""


class _Missing:
    """Whatever a missing module holds: usable in annotations and as a base class, an
    error with a clear message as soon as the code calls or computes with it."""

    def __init__(self, path: str, top: str) -> None:
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_top", top)

    def _fail(self, *args, **kwargs):
        path, top = object.__getattribute__(self, "_path"), object.__getattribute__(self, "_top")
        raise StandInError(
            f"{top} is not installed where your code is graded, and your code used {path}: "
            f"graded code must do without {top} (keep data files, plots and demos under "
            'if __name__ == "__main__":)'
        )

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return _Missing(f"{object.__getattribute__(self, '_path')}.{name}", self._top)

    def __mro_entries__(self, bases):
        return ()

    def __getitem__(self, item):
        return self

    def __or__(self, other):
        return self

    __ror__ = __or__

    def __repr__(self) -> str:
        return f"<stand-in for {object.__getattribute__(self, '_path')}>"

    __call__ = __iter__ = __len__ = __bool__ = __array__ = _fail
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _fail
    __truediv__ = __rtruediv__ = __matmul__ = __rmatmul__ = __pow__ = __neg__ = _fail
    __lt__ = __le__ = __gt__ = __ge__ = __float__ = __int__ = __index__ = _fail
    __setattr__ = __setitem__ = __enter__ = _fail


class _StandIns:
    """The last meta-path finder: a module no other finder has gets a stand-in (a
    plotting or data library that is not installed, a sibling file that is not there),
    and the import is recorded.  Forbidden modules never get one."""

    def __init__(self, forbidden: list) -> None:
        self.forbidden = list(forbidden)

    def find_spec(self, name, path=None, target=None):
        import importlib.machinery

        if any(name == ban or name.startswith(ban + ".") for ban in self.forbidden):
            return None
        if not _imported_by_student():
            return None  # a library probing for an optional module gets the usual error
        _record(name, "missing")
        return importlib.machinery.ModuleSpec(name, self, is_package=True)

    def create_module(self, spec):
        import types

        top = spec.name.split(".")[0]

        class StandInModule(types.ModuleType):
            def __getattr__(self, attribute):
                if attribute.startswith("__") and attribute.endswith("__"):
                    raise AttributeError(attribute)
                return _Missing(f"{spec.name}.{attribute}", top)

        module = StandInModule(spec.name)
        module.__path__ = []
        module.__all__ = []
        return module

    def exec_module(self, module):
        return None


def _restore_numpy_aliases(aliases: list) -> None:
    """Put back the names NumPy 2 removed (``np.float_``...) for old textbook code:
    each ``[name, kind, target]`` is a builtin, a number or another numpy name."""
    import builtins

    import numpy

    for name, kind, target in aliases:
        if name in vars(numpy):
            continue
        if kind == "builtin":
            value = getattr(builtins, target, None)
        elif kind == "number":
            value = float(target)
        else:
            value = vars(numpy).get(target)
        if value is not None:
            setattr(numpy, name, value)


# System calls the student's code is refused, by architecture: (audit arch, refused with
# ENOSYS, refused with EPERM, refused with EPERM when their flags ask for a user namespace,
# x32 numbers too).  Each either holds memory that no resource limit counts, opens the
# kernel's least trusted interfaces, or reaches past the sandbox (another submission, the
# machine's services, the other workers' CPUs) for a process that needs none of it (see
# :func:`_refuse_syscalls`).
_REFUSED_CALLS = {
    "x86_64": (
        0xC000003E,
        {
            "memfd_create": 319,
            "shmget": 29,
            "msgget": 68,
            "semget": 64,
            "mq_open": 240,
            "inotify_init": 253,
            "inotify_init1": 294,
            "fanotify_init": 300,
            "io_uring_setup": 425,
            "io_uring_enter": 426,
            "io_uring_register": 427,
            "userfaultfd": 323,
            "bpf": 321,
            "perf_event_open": 298,
            "keyctl": 250,
            "add_key": 248,
            "request_key": 249,
            "clone3": 435,
        },
        {"socket": 41, "socketpair": 53, "sched_setaffinity": 203},
        {"unshare": 272, "clone": 56},
        True,
    ),
    "aarch64": (
        0xC00000B7,
        {
            "memfd_create": 279,
            "shmget": 194,
            "msgget": 186,
            "semget": 190,
            "mq_open": 180,
            "inotify_init1": 26,
            "fanotify_init": 262,
            "io_uring_setup": 425,
            "io_uring_enter": 426,
            "io_uring_register": 427,
            "userfaultfd": 282,
            "bpf": 280,
            "perf_event_open": 241,
            "keyctl": 219,
            "add_key": 217,
            "request_key": 218,
            "clone3": 435,
        },
        {"socket": 198, "socketpair": 199, "sched_setaffinity": 122},
        {"unshare": 97, "clone": 220},
        False,
    ),
}
_CLONE_NEWUSER = 0x10000000
_FILTERED = [False]  # whether this process (or the zygote it was forked from) has the filter


def _syscall_filter(machine: str) -> bytes | None:
    """The seccomp BPF program for ``machine`` (``os.uname().machine``) as packed
    ``sock_filter`` entries; None for an architecture it does not know."""
    if machine not in _REFUSED_CALLS:
        return None
    arch, refused, denied, flagged, x32 = _REFUSED_CALLS[machine]
    allow, errno_ = 0x7FFF0000, 0x00050000
    enosys, eperm = errno_ | 38, errno_ | 1
    ld, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    program = [
        (ld, 0, 0, 4),  # the architecture
        (jeq, 1, 0, arch),
        (ret, 0, 0, eperm),  # another one's system calls (int 0x80 on x86_64): refused
        (ld, 0, 0, 0),  # the system call's number
    ]
    if x32:  # the x32 numbers of the same calls: refused, as nothing here uses them
        program += [(jge, 0, 1, 0x40000000), (ret, 0, 0, eperm)]
    for number in refused.values():
        program += [(jeq, 0, 1, number), (ret, 0, 0, enosys)]
    for number in denied.values():
        program += [(jeq, 0, 1, number), (ret, 0, 0, eperm)]
    first, second = flagged.values()
    program += [
        (jeq, 1, 0, first),
        (jeq, 0, 3, second),
        (ld, 0, 0, 16),  # the first argument's low half: the flags of unshare and clone
        (jset, 0, 1, _CLONE_NEWUSER),
        (ret, 0, 0, eperm),
        (ret, 0, 0, allow),
    ]
    return b"".join(struct.pack("=HBBI", *entry) for entry in program)


def _libc():
    """The C library of this process, through ctypes (imported only when needed)."""
    import ctypes

    return ctypes.CDLL(None, use_errno=True)


def _no_new_privs() -> bool:
    """Set ``no_new_privs`` in this process (no set-uid program or file capability gives
    privileges back, and a seccomp filter may be installed without them); whether it holds."""
    PR_SET_NO_NEW_PRIVS = 38
    return _libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0


def _refuse_syscalls() -> bool:
    """Install the seccomp filter of :func:`_syscall_filter` in this process (and so in
    everything it forks); whether it holds (False on an architecture it does not know).

    Refused: a new user namespace (in one, the code is root with every capability: it
    mounts a tmpfs and fills the machine's memory, or reaches the netfilter and other
    interfaces most kernel privilege escalations go through), ``memfd_create``, System V
    shared memory and message queues (memory that ``RLIMIT_AS`` does not count), io_uring,
    ``userfaultfd``, ``bpf``, ``perf_event_open`` and the kernel's keyrings, which Docker's
    default seccomp profile refuses too.  ``clone3`` says ENOSYS (its flags cannot be read
    by a filter): the C library then creates threads with ``clone``, as on older kernels.

    Also refused, as channels that no folder holds: System V semaphores and POSIX message
    queues (an object made readable by every uid outlives its maker in the IPC namespace
    that a zygote's children, or every process without bubblewrap, share: one submission
    hands its answers to another graded at once or later), and sockets (``socket``: an
    abstract Unix socket is a name in the network namespace those processes share, and
    without bubblewrap every service of the machine and its network are there).  As
    memory that no limit counts: ``socketpair`` (what one end queues stays in the
    kernel, hundreds of MiB per process), inotify and fanotify (a watch on each of the
    100,000 files the process may read pins their inodes in the kernel: 175 MiB per
    uid).  A child's pipes stay (the kernel bounds them per uid,
    ``/proc/sys/fs/pipe-user-pages-soft``).  And ``sched_setaffinity``: a child keeps
    the CPUs its worker gave it instead of spreading onto the other workers'.
    """
    if _FILTERED[0]:
        return True
    program = _syscall_filter(os.uname().machine)
    if program is None:
        return False
    import ctypes

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]

    PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
    filters = Program(len(program) // 8, program)
    if (
        not _no_new_privs()
        or _libc().prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(filters), 0, 0) != 0
    ):
        return False
    _FILTERED[0] = True
    return True


_LANDLOCK_CALLS = (444, 445, 446)  # create_ruleset, add_rule, restrict_self: every arch
_LANDLOCK_READ = 1 | 4 | 8  # execute, read a file, read a folder
_LANDLOCK_FILE = 1 | 2 | 4  # what a rule on a file may allow: execute, write, read
_LANDLOCK_ALL = (1 << 13) - 1  # every access of Landlock's first version


def landlock_version() -> int:
    """The version of Landlock this kernel offers this process (0: none, or refused; not
    Linux)."""
    if not sys.platform.startswith("linux"):
        return 0
    import ctypes

    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    create = ctypes.c_long(_LANDLOCK_CALLS[0])
    return max(0, libc.syscall(create, None, ctypes.c_size_t(0), ctypes.c_uint32(1)))


def _landlock(rules: dict) -> bool:
    """Restrict this process (and what it forks) to the files of ``rules`` with Landlock,
    without bubblewrap: ``"read"`` (and what is below them, but for the ``"hidden"``
    folders: gdgrade's, the spec's forbidden packages', whose files are then unreadable
    even to code that takes the import guard off), ``"write"`` (the submission's folder:
    everything there) and ``"devices"`` (files read and written: ``/dev/null``).  What is
    not listed (the machine's files, the grader's, other submissions', ``/tmp``) can be
    neither read nor written.  Whether it holds: False on a kernel without Landlock
    (before 5.13, or not enabled), where the child reads what its uid may read.
    """
    import ctypes

    version = landlock_version()
    if version < 1:
        return False
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    create, add, restrict = _LANDLOCK_CALLS
    handled = _LANDLOCK_ALL | (1 << 13 if version >= 2 else 0) | (1 << 14 if version >= 3 else 0)
    attribute = struct.pack("=Q", handled)
    ruleset = libc.syscall(
        ctypes.c_long(create), attribute, ctypes.c_size_t(len(attribute)), ctypes.c_uint32(0)
    )
    if ruleset < 0:
        return False
    hidden = {os.path.realpath(path) for path in rules.get("hidden", ())}

    def allow(path: str, access: int) -> None:
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            return
        try:
            if not os.path.isdir(f"/proc/self/fd/{fd}"):
                access &= _LANDLOCK_FILE
            rule = struct.pack("=Qi", access, fd)
            libc.syscall(ctypes.c_long(add), ctypes.c_int(ruleset), ctypes.c_int(1), rule, 0)
        finally:
            os.close(fd)

    def allow_but_hidden(path: str) -> None:
        real = os.path.realpath(path)
        if real in hidden:
            return
        if not any(other.startswith(real + os.sep) for other in hidden):
            allow(path, _LANDLOCK_READ)
            return
        allow(path, 8)  # its names only, then each entry but the hidden ones
        try:
            names = os.listdir(path)
        except OSError:
            return
        for name in names:
            allow_but_hidden(os.path.join(path, name))

    for path in rules.get("read", ()):
        allow_but_hidden(path)
    for path in rules.get("write", ()):
        allow(path, handled)
    for path in rules.get("devices", ()):
        allow(path, 2 | 4)
    try:
        return _no_new_privs() and libc.syscall(ctypes.c_long(restrict), ruleset, 0) == 0
    finally:
        os.close(ruleset)


def _limit(config: dict) -> None:
    import resource

    for name, value in config["rlimits"].items():
        which = getattr(resource, name)
        try:
            resource.setrlimit(which, (value[0], value[1]))
        except (ValueError, OSError):
            _soft, hard = resource.getrlimit(which)
            wanted = value[0] if hard == resource.RLIM_INFINITY else min(value[0], hard)
            resource.setrlimit(which, (wanted, hard))


def _become(config: dict) -> None:
    """Give up root for the sandbox's own uid, before anything of the student's is read.

    Only the standard library is imported so far, from the interpreter's own
    folders (the working folder is ``/``, never the student's).  ``setresuid``
    from root to a uid that is not 0 clears every capability, and with
    ``no_new_privs`` (bubblewrap sets it; set here without it) no set-uid
    program gives one back.
    """
    uid, gid = config.get("uid"), config.get("gid")
    if uid is None:
        return
    if config.get("no_new_privs"):
        if not _no_new_privs():
            sys.stderr.write("gdgrade: the sandbox could not set no_new_privs\n")
            os._exit(70)
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if os.getresuid() != (uid, uid, uid) or os.getresgid() != (gid, gid, gid) or os.getgroups():
        sys.stderr.write("gdgrade: the sandbox could not give up root\n")
        os._exit(70)


def main(argv: list) -> None:
    config = json.loads(argv[1])
    if "zygote" in config:
        _zygote(config)
    else:
        _serve(config)


def _serve(config: dict) -> None:
    """Become the sandbox's uid, set the limits, import the student's module and serve."""
    _become(config)
    _refuse_syscalls()  # a server forked from the zygote has its filter already
    # What runs before the limits hold is imported before the student's folder is on
    # sys.path: their resource.py (a setrlimit that does nothing lifts every limit),
    # signal.py or numpy.py is never the server's.  (What the server imports later
    # runs under the limits, as the student's own code does.)
    standard = [path for path in sys.path if path and path != os.getcwd()]
    sys.path[:] = [*standard, *config["paths"]]
    import faulthandler
    import resource  # noqa: F401  (for _limit)
    import signal

    _numpy()  # imported before the limits (the student's module needs it), and kept
    _seed_global_random(config["forbidden"])

    faulthandler.enable()
    # A file past RLIMIT_FSIZE fails the write (OSError: File too large) instead of
    # killing the process, so the student sees which line wrote too much.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    _limit(config)
    if config.get("landlock") and not _landlock(config["landlock"]):
        sys.stderr.write("gdgrade: the sandbox could not restrict its files (Landlock)\n")
        os._exit(70)
    sys.path[:] = [config["folder"], *standard, *config["paths"]]
    os.chdir(config["folder"])
    _FOLDER[0] = os.path.join(config["folder"], "")
    sys.meta_path.insert(0, _Refuse(config["forbidden"]))
    _guard_imports(config["forbidden"])
    if config.get("stand_ins", True):
        sys.meta_path.append(_StandIns(config["forbidden"]))
    if config.get("numpy_aliases"):
        _restore_numpy_aliases(config["numpy_aliases"])
    sys.argv[:] = [config["module"] + ".py"]
    _Server(config).serve()
    os._exit(0)


def covers(forbidden, modules) -> bool:
    """Whether a forbidden name (a module and what is below it) covers one of ``modules``,
    or one of them is below it (``numpy.random`` covers ``numpy.random.mtrand``).  The
    zygote's parent asks it of what the zygote imported (a forbidden one: a cold start)."""
    return any(
        name == ban or name.startswith(f"{ban}.") or ban.startswith(f"{name}.")
        for ban in forbidden
        for name in modules
    )


SEED = 0
"""Where Python's ``random`` and numpy's global random state start in every server."""
NUMPY_RANDOM_LOADS = (
    "numpy.random", "random", "secrets", "hashlib", "hmac", "base64", "binascii", "bisect",
    "threading", "zlib", "_random", "_bisect", "_blake2", "_hashlib", "_sha512",
)  # fmt: skip
"""What importing numpy.random loads besides numpy (a test checks it against numpy's)."""


def _seed_global_random(forbidden: list) -> None:
    """Seed Python's ``random`` and numpy's global random state with :data:`SEED`.

    Every server starts from the same state, warm or cold: a submission that draws
    from them without a seed of its own (``np.random.randn``, ``random.sample``) gets
    the same draws in the same calls at every run, so its grade is the same at every
    run (two fits in one server still differ, as they would for the student).  A
    cold server imports numpy.random for it only when the spec forbids nothing that
    import loads (a forbidden module must stay unloaded for the import guard)."""
    if "numpy.random" not in sys.modules:
        if covers(forbidden, NUMPY_RANDOM_LOADS):
            return
        import numpy.random  # noqa: F401
    sys.modules["numpy.random"].seed(SEED)
    if "random" in sys.modules:  # numpy.random imports it
        sys.modules["random"].seed(SEED)


def _zygote(config: dict) -> None:
    """Fork a server for each request of the grader, from an interpreter that imported
    numpy once (a warm start: the grader's ``zygote`` module is the other end).

    It runs in bubblewrap as root with only CAP_SETUID and CAP_SETGID, like a server
    before :func:`_become`, and runs nothing of a student's: it reads requests from
    its control socket, each a JSON object (the server's ``config`` and ``env``) with
    three descriptors (the request pipe, the reply pipe, the output pipe), forks, and
    answers ``{"forked": id}`` with a pidfd of the child; when a child dies it reaps it
    and sends ``{"exited": id, "status": code}`` (negative: the signal).  It leaves
    when the grader closes the socket.
    """
    import select
    import socket

    sys.path[:] = [*(path for path in sys.path if path), *config["paths"]]
    import ctypes  # noqa: F401  (for _mark)
    import faulthandler  # noqa: F401  (what a server imports, imported once)
    import gc
    import resource  # noqa: F401
    import signal  # noqa: F401
    import traceback  # noqa: F401  (what a server imports when the student's code raises)

    import numpy  # noqa: F401

    before = set(sys.modules)
    for name in config.get("preload", ()):
        __import__(name)
    preloaded = sorted(set(sys.modules) - before)
    # What the zygote holds is never collected in a server: a collection there would
    # touch every object and copy the zygote's whole memory (copy on write).
    gc.freeze()
    _refuse_syscalls()  # once, for every server it forks
    control = socket.socket(fileno=config["zygote"])
    slot = _marker_slot()
    placeholder = slot[1] if slot is not None else b""
    children: dict = {}  # a pidfd the zygote keeps -> (pid, request id, uid)
    poller = select.poll()
    poller.register(control, select.POLLIN)
    control.sendall(json.dumps({"ready": os.getpid(), "preloaded": preloaded}).encode())
    while True:
        for fd, _event in poller.poll():
            if fd != control.fileno():
                pid, ident, uid = children.pop(fd)
                poller.unregister(fd)
                os.close(fd)
                _pid, status = os.waitpid(pid, 0)
                code = os.waitstatus_to_exitcode(status)
                if uid is not None:
                    _remove_ipc(uid)
                clean = uid is not None and not _runs_as(uid)
                notice = {"exited": ident, "status": code, "clean": clean}
                control.sendall(json.dumps(notice).encode())
                continue
            try:
                data, fds, _flags, _address = socket.recv_fds(control, 1 << 20, 3)
            except OSError:
                os._exit(0)
            if not data:
                os._exit(0)  # the grader closed the socket: it is done or gone
            request = json.loads(data)
            if len(fds) != 3:
                for received in fds:
                    os.close(received)
                control.sendall(json.dumps({"failed": request.get("id")}).encode())
                continue
            server = json.loads(request["config"])
            # marked before the fork, so the server carries its marker from its first moment
            _mark(slot, server["marker"].encode())
            pid = os.fork()
            if pid == 0:
                _forked(server, request["env"], fds)
            _mark(slot, placeholder)
            for received in fds:
                os.close(received)
            pidfd = os.pidfd_open(pid)
            children[pidfd] = (pid, request["id"], server.get("uid"))
            poller.register(pidfd, select.POLLIN)
            socket.send_fds(control, [json.dumps({"forked": request["id"]}).encode()], [pidfd])


_IPC = (("shm", "shmid"), ("sem", "semid"), ("msg", "msqid"))
"""System V IPC kinds: the file under /proc/sysvipc and its id column."""


def _runs_as(uid: int) -> bool:
    """Whether any process of ``uid`` is left in the zygote's PID namespace (a zombie
    included), the only place a server's uid runs: its few processes are read, where the
    grader would read every process of the machine."""

    me = str(uid).encode()
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status", "rb") as handle:
                status = handle.read()
        except OSError:
            continue
        start = status.find(b"\nUid:")
        if start >= 0 and me in status[start + 5 : status.find(b"\n", start + 1)].split():
            return True
    return False


def _remove_ipc(uid: int) -> None:
    """Remove the System V IPC objects (shared memory, semaphores, message queues) that
    ``uid`` owns or made in the zygote's IPC namespace, once its server is dead.

    A started sandbox's objects die with its own IPC namespace; a forked server shares
    the zygote's, and a segment left there would hold memory that no limit counts until
    the zygote stops.  Only their owner or maker may remove them (or CAP_SYS_ADMIN, which
    the zygote does not have): a process forked for it becomes ``uid`` and does.
    """

    found = []
    for kind, column in _IPC:
        try:
            with open(f"/proc/sysvipc/{kind}") as handle:
                rows = [line.split() for line in handle]
        except OSError:
            continue
        header = rows[0] if rows else []
        if not {column, "uid", "cuid"} <= set(header):
            continue
        at, owner, maker = header.index(column), header.index("uid"), header.index("cuid")
        for row in rows[1:]:
            if len(row) > max(at, owner, maker) and str(uid) in (row[owner], row[maker]):
                found.append((kind, int(row[at])))
    if not found:
        return
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            libc = _libc()
            for kind, ident in found:  # IPC_RMID is 0
                if kind == "sem":
                    libc.semctl(ident, 0, 0, None)
                else:
                    getattr(libc, f"{kind}ctl")(ident, 0, None)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


MARK = "GDGRADE_SANDBOX="
"""The variable that marks every process of a sandbox; the zygote's holds a placeholder."""


def _marker_slot() -> tuple[int, bytes] | None:
    """Where the value of :data:`MARK` lies in this process's original environment, the
    bytes the kernel shows in ``/proc/<pid>/environ``: its address and the value there
    (the zygote's placeholder); None when the variable is not there."""
    with open("/proc/self/stat", "rb") as handle:
        fields = handle.read().rsplit(b")", 1)[1].split()
    start = int(fields[47])  # env_start: the 50th field, the 3rd after the command's name
    with open("/proc/self/environ", "rb") as handle:
        block = b"\0" + handle.read()  # each variable then follows a NUL
    at = block.find(b"\0" + MARK.encode())
    if at < 0:
        return None
    begin = at + 1 + len(MARK)  # the value, in the block (one byte ahead of the environment)
    end = block.find(b"\0", begin)
    return start + begin - 1, block[begin : end if end >= 0 else len(block)]


def _mark(slot: tuple[int, bytes] | None, marker: bytes) -> None:
    """Write ``marker`` over the placeholder at ``slot`` (see :func:`_marker_slot`): a
    forked server and whatever it starts then carry their sandbox's marker, as a started
    server does.  A marker of another length than the placeholder is not written."""
    import ctypes

    if slot is not None and len(marker) == len(slot[1]):
        ctypes.memmove(slot[0], marker, len(marker))


def _forked(config: dict, env: dict, fds: list) -> None:
    """In a child of the zygote: take the three pipes, close everything else, set the
    environment ``env``, and serve ``config`` as a started server would (never returns)."""

    try:
        request_fd, reply_fd, output_fd = fds
        os.setsid()  # its own session and process group, as bubblewrap gives a started one
        null = os.open("/dev/null", os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(output_fd, 1)
        os.dup2(output_fd, 2)
        keep = {0, 1, 2, request_fd, reply_fd}
        for name in os.listdir("/proc/self/fd"):
            if int(name) not in keep:
                try:
                    os.close(int(name))
                except OSError:
                    pass
        config["fds"] = [request_fd, reply_fd]
        os.environ.clear()
        os.environ.update(env)
    except BaseException:
        os._exit(70)
    # Whatever happens, this process never goes back to the zygote's loop.
    try:
        _serve(config)
    except SystemExit as exc:
        code = exc.code
        os._exit(code if isinstance(code, int) else 0 if code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
        os._exit(1)
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv)
