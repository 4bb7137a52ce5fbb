"""The parent's side of the pipe protocol: requests out, strictly validated replies in.

The frame format is defined once, in :mod:`._child` (which runs in the child and
uses only the standard library and numpy).  Replies come from code the student
controls, so every field is checked here: bounded lengths, the JSON header's
schema, ``.npy`` blobs parsed with ``allow_pickle=False`` and a numeric dtype.
Anything else is a :class:`ProtocolError`, which the sandbox turns into a
failed call of kind ``"protocol"``, never an exception in the grader.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from ._child import LENGTH, MAX_HEADER, array_from_bytes, encode, pack
from .result import KINDS

__all__ = [
    "FrameBuffer",
    "ImportEvent",
    "ProtocolError",
    "Reply",
    "decode_events",
    "decode_reply",
    "decode_sequence",
    "encode_request",
    "encode_sequence",
]

_MAX_BLOBS = 100
_MAX_MESSAGE = 20_000
_MAX_DEPTH = 20
_PARAMETER_KINDS = (
    "POSITIONAL_ONLY",
    "POSITIONAL_OR_KEYWORD",
    "VAR_POSITIONAL",
    "KEYWORD_ONLY",
    "VAR_KEYWORD",
)


class ProtocolError(Exception):
    """A reply that does not follow the protocol."""


def encode_request(
    seq: int,
    op: str,
    name: str = "",
    args: Sequence[Any] = (),
    kwargs: Mapping[str, Any] | None = None,
    handle: int | None = None,
    echo: bool = False,
) -> bytes:
    """One request frame (``echo``: send the array arguments back as they are after the call).

    Raises
    ------
    TypeError
        An argument is not a numeric/bool array, a scalar, None, a str, or a
        list/tuple of those (the caller's mistake, not the student's).
    """
    blobs: list[bytes] = []
    kwargs = dict(kwargs or {})
    for key in kwargs:
        if not isinstance(key, str):
            raise TypeError(f"keyword names must be str (got {type(key).__name__})")
    header = {
        "seq": seq,
        "op": op,
        "name": name,
        "handle": handle,
        "args": [encode(arg, blobs) for arg in args],
        "kwargs": {key: encode(value, blobs) for key, value in kwargs.items()},
    }
    if echo:
        header["echo"] = True
    return pack(header, blobs)


class FrameBuffer:
    """Bytes read from the reply pipe, cut into frames with bounded sizes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.data = bytearray()
        self._header: dict | None = None
        self._need = LENGTH.size

    def wanted(self) -> int:
        """How many more bytes complete the current frame (at least 1)."""
        return max(self._need - len(self.data), 1)

    def feed(self, chunk: bytes) -> None:
        self.data += chunk

    def frame(self) -> tuple[dict, list[bytes]] | None:
        """The next complete frame, or None if more bytes are needed.

        Raises
        ------
        ProtocolError
            A length out of bounds or a header that is not a JSON object.
        """
        if len(self.data) < LENGTH.size:
            return None
        (length,) = LENGTH.unpack_from(self.data)
        if length > MAX_HEADER:
            raise ProtocolError(f"header of {length} bytes")
        end = LENGTH.size + length
        self._need = end
        if len(self.data) < end:
            return None
        if self._header is None:
            try:
                header = json.loads(bytes(self.data[LENGTH.size : end]), parse_constant=_refuse)
            except (ValueError, RecursionError) as exc:
                raise ProtocolError(f"header is not JSON ({exc})") from None
            if not isinstance(header, dict):
                raise ProtocolError("header is not a JSON object")
            sizes = header.get("blobs")
            if (
                not isinstance(sizes, list)
                or len(sizes) > _MAX_BLOBS
                or not all(type(size) is int and size >= 0 for size in sizes)
                or sum(sizes) > self.max_bytes + 4096 * len(sizes)
            ):
                raise ProtocolError("bad blob lengths")
            self._header = header
        sizes = self._header["blobs"]
        total = end + sum(sizes)
        self._need = total
        if len(self.data) < total:
            return None
        blobs, offset = [], end
        for size in sizes:
            blobs.append(bytes(self.data[offset : offset + size]))
            offset += size
        header = self._header
        del self.data[:total]
        self._header = None
        self._need = LENGTH.size
        return header, blobs


def _refuse(constant: str) -> None:
    raise ValueError(f"{constant} is not allowed")


class Reply(NamedTuple):
    """A validated reply: the fields of a :class:`CallResult`, with the child's handle.

    ``skipped`` (the import's reply only): the module's statements that raised, as
    ``(line, kind, message)``, when the import went on past them.
    """

    kind: str
    message: str
    value: Any
    is_self: bool
    handle: int | None
    partial: bool
    after: tuple[np.ndarray | None, ...] | None = None
    skipped: tuple[tuple[int, str, str], ...] = ()


@dataclass(frozen=True)
class ImportEvent:
    """An import the graded code made, as the child reported it.

    Attributes
    ----------
    module : str
        The module's full name.
    kind : str
        ``"forbidden"`` (refused) or ``"missing"`` (not installed: a stand-in was given).
    file, line : str or None, int or None
        The line of the student's file that imported it.
    phase : str
        ``"import"`` (while the module was imported) or ``"call"`` (while a call ran).
    """

    module: str
    kind: str
    file: str | None
    line: int | None
    phase: str


_MAX_EVENTS = 200


def decode_events(header: Mapping[str, Any]) -> list[ImportEvent]:
    """The import events a reply frame carries (none when it has no ``events``).

    Raises
    ------
    ProtocolError
        Events that are not a short list of well-formed entries.
    """
    raw = header.get("events")
    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > _MAX_EVENTS:
        raise ProtocolError("bad import events")
    out = []
    for entry in raw:
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("module"), str)
            or entry.get("kind") not in ("forbidden", "missing")
            or entry.get("phase") not in ("import", "call")
            or not isinstance(entry.get("file"), (str, type(None)))
            or not (entry.get("line") is None or type(entry.get("line")) is int)
        ):
            raise ProtocolError("bad import event")
        out.append(
            ImportEvent(
                entry["module"][:200],
                entry["kind"],
                entry["file"][:200] if entry["file"] else None,
                entry["line"],
                entry["phase"],
            )
        )
    return out


def _skipped(raw: Any) -> tuple[tuple[int, str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > 200:
        raise ProtocolError("bad skipped statements")
    out = []
    for entry in raw:
        if (
            not isinstance(entry, list)
            or len(entry) != 3
            or type(entry[0]) is not int
            or entry[1] not in KINDS
            or not isinstance(entry[2], str)
        ):
            raise ProtocolError("bad skipped statement")
        out.append((entry[0], entry[1], entry[2][:_MAX_MESSAGE]))
    return tuple(out)


def _array(blob: bytes) -> np.ndarray:
    try:
        return array_from_bytes(blob)
    except Exception as exc:
        raise ProtocolError(f"blob is not a plain numeric .npy array ({exc})") from None


def _plain(value: Any, depth: int = 0) -> bool:
    """Whether ``value`` is plain JSON data (no markers) of bounded depth."""
    if depth > _MAX_DEPTH:
        return False
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, list):
        return all(_plain(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return all(
            isinstance(key, str) and not key.startswith("$") and _plain(item, depth + 1)
            for key, item in value.items()
        )
    return False


_ATTRIBUTE_KINDS = ("array", "number", "list", "other")


def _check_signature(value: Any) -> None:
    if not isinstance(value, list):
        raise ProtocolError("signature is not a list")
    for entry in value:
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("name"), str)
            or entry.get("kind") not in _PARAMETER_KINDS
            or not isinstance(entry.get("has_default"), bool)
            or not _plain(entry)
        ):
            raise ProtocolError("bad signature entry")


def _check_attributes(value: Any) -> None:
    if not isinstance(value, dict) or len(value) > 200:
        raise ProtocolError("bad attributes")
    for entry in value.values():
        if isinstance(entry, dict) and entry.get("kind") == "dict":
            entries = entry.get("entries")
            if (
                not isinstance(entries, dict)
                or len(entries) > 50
                or set(entry) != {"kind", "entries"}
                or not all(isinstance(key, str) for key in entries)
            ):
                raise ProtocolError("bad attribute entry")
            for sub in entries.values():
                _check_attribute(sub)
        else:
            _check_attribute(entry)


def _check_attribute(entry: Any) -> None:
    """One described attribute (or entry of a dict attribute): array, number, list, other."""
    kind = entry.get("kind") if isinstance(entry, dict) else None
    if kind not in _ATTRIBUTE_KINDS or not _plain(entry):
        raise ProtocolError("bad attribute entry")
    shape = entry.get("shape", [])
    if not isinstance(shape, list) or not all(type(n) is int and n >= 0 for n in shape):
        raise ProtocolError("bad attribute shape")
    if not isinstance(entry.get("length", 0), int) or not isinstance(
        entry.get("numbers", False), bool
    ):
        raise ProtocolError("bad attribute entry")


_JSON_OPS = ("signature", "names", "attributes")


def _check_names(value: Any) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(name, str) and kind in ("function", "class", "other")
        for name, kind in value.items()
    ):
        raise ProtocolError("bad names")


def encode_sequence(seq: int, steps: Sequence[Mapping[str, Any]]) -> bytes:
    """One request frame running ``steps`` in order (see :meth:`Sandbox.sequence`).

    Each step is ``{"op", "name", "handle", "args", "kwargs"}`` with ``handle``
    a child handle or ``{"$step": k}``.
    """
    blobs: list[bytes] = []
    sent: dict[int, Any] = {}  # the same array in many steps (X, y) is sent once

    def once(arg: Any) -> Any:
        kind = type(arg)
        if kind is int or kind is str or arg is None:
            return arg  # as encode would give it, without the call
        if isinstance(arg, np.ndarray):
            if id(arg) not in sent:
                sent[id(arg)] = (arg, encode(arg, blobs))  # keep arg alive: ids stay unique
            return sent[id(arg)][1]
        return encode(arg, blobs)

    encoded = []
    for step in steps:  # what is left out is its default: no name, handle, arguments, echo
        entry = {"op": step["op"]}
        if step.get("name"):
            entry["name"] = step["name"]
        if step.get("handle") is not None:
            entry["handle"] = step["handle"]
        if step.get("args"):
            entry["args"] = [once(arg) for arg in step["args"]]
        if step.get("kwargs"):
            entry["kwargs"] = {k: once(v) for k, v in dict(step["kwargs"]).items()}
        if step.get("echo"):
            entry["echo"] = True
        encoded.append(entry)
    header = {
        "seq": seq,
        "op": "sequence",
        "name": "",
        "handle": None,
        "args": [],
        "kwargs": {},
        "steps": encoded,
    }
    return pack(header, blobs)


def decode_sequence(
    header: dict, blobs: list[bytes], *, seq: int, ops: Sequence[str]
) -> list[Reply]:
    """Validate a sequence's reply: one :class:`Reply` per step that ran.

    Each step's entry is checked as :func:`decode_reply` checks a reply, its arrays
    numbered in the whole frame: the arrays of one step follow those of the step before.

    Raises
    ------
    ProtocolError
        As :func:`decode_reply`, for the whole frame or any step in it.
    """
    top = decode_reply(
        {k: v for k, v in header.items() if k != "steps"}, [], seq=seq, op="sequence"
    )
    if top.kind != "ok":
        return [top]
    steps = header.get("steps")
    if not isinstance(steps, list) or not 1 <= len(steps) <= len(ops):
        raise ProtocolError("bad sequence reply")
    replies, used = [], 0
    for entry, op in zip(steps, ops, strict=False):
        if not isinstance(entry, dict):
            raise ProtocolError("bad sequence step")
        reply, used = _reply(entry, blobs, used, op)
        replies.append(reply)
    if used != len(blobs):
        raise ProtocolError("unexpected blobs in a sequence reply")
    return replies


def decode_reply(header: dict, blobs: list[bytes], *, seq: int, op: str) -> Reply:
    """Validate one reply frame against the request it answers.

    Raises
    ------
    ProtocolError
        Wrong sequence number, unknown kind, bad types, or a blob that is not
        a plain numeric ``.npy`` array.
    """
    if header.get("seq") != seq or type(header.get("seq")) is not int:
        raise ProtocolError(f"reply to request {header.get('seq')!r}, expected {seq}")
    reply, used = _reply(header, blobs, 0, op)
    if used != len(blobs):
        raise ProtocolError("a reply with blobs it does not use")
    return reply


def _is_marker(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and "$nd" in value


def _reply(header: dict, blobs: list[bytes], first: int, op: str) -> tuple[Reply, int]:
    """The reply ``header`` holds, its arrays ``blobs[first:]`` (the value ``{"$nd":
    first}``, then the echoed arguments in order), and the index of the first blob it
    did not use."""
    kind, message = header.get("kind"), header.get("message", "")
    if kind not in KINDS:
        raise ProtocolError(f"unknown kind {kind!r}")
    if not isinstance(message, str):
        raise ProtocolError("message is not a string")
    message = message[:_MAX_MESSAGE]
    is_self, handle = header.get("is_self", False), header.get("handle")
    partial = header.get("partial", False)
    if not isinstance(is_self, bool) or not isinstance(partial, bool):
        raise ProtocolError("is_self/partial are not booleans")
    if handle is not None and (type(handle) is not int or handle < 1):
        raise ProtocolError("handle is not a positive integer")
    raw, markers = header.get("value"), header.get("after")
    value: Any = None
    after = None
    used = first
    if _is_marker(raw):
        if raw["$nd"] != first or first >= len(blobs):
            raise ProtocolError("array reply with the wrong blob")
        value = _array(blobs[first])
        used += 1
        if markers is not None:
            if not isinstance(markers, list):
                raise ProtocolError("bad echoed arguments")
            echoed: list[np.ndarray | None] = []
            for marker in markers:
                if marker is None:
                    echoed.append(None)
                    continue
                if not (_is_marker(marker) and marker["$nd"] == used and used < len(blobs)):
                    raise ProtocolError("bad echoed argument marker")
                echoed.append(_array(blobs[used]))
                used += 1
            if len(markers) > used - first:
                raise ProtocolError("bad echoed arguments")
            after = tuple(echoed)
    elif markers is not None:
        raise ProtocolError("echoed arguments without an array reply")
    elif raw is not None:
        if kind != "ok" or op not in _JSON_OPS:
            raise ProtocolError("JSON value in a reply that must hold an array")
        {"signature": _check_signature, "names": _check_names}.get(op, _check_attributes)(raw)
        value = raw
    if kind == "ok" and op in _JSON_OPS and value is None:
        raise ProtocolError(f"{op} reply without a value")
    skipped = _skipped(header.get("skipped")) if op == "import" else ()
    return Reply(kind, message, value, is_self, handle, partial, after, skipped), used
