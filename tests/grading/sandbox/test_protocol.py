"""The pipe protocol: values survive the round trip; garbage replies are refused, never raised."""

from __future__ import annotations

import io
import json
import pickle
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gdgrade.grading.sandbox import _child
from gdgrade.grading.sandbox import protocol as P
from gdgrade.grading.sandbox.protocol import (
    FrameBuffer,
    ProtocolError,
    decode_reply,
    decode_sequence,
    encode_request,
)
from gdgrade.grading.sandbox.result import KINDS

numeric_dtypes = st.one_of(
    hnp.boolean_dtypes(),
    hnp.integer_dtypes(),
    hnp.unsigned_integer_dtypes(),
    hnp.floating_dtypes(),
    hnp.complex_number_dtypes(),
)


@given(hnp.arrays(numeric_dtypes, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0)))
def test_npy_fast_path_reads_what_numpy_writes(array):
    for layout in (array, np.asfortranarray(array)):
        blob = _child.array_bytes(layout)
        back = _child.array_from_bytes(blob)
        expected = np.load(io.BytesIO(blob), allow_pickle=False)
        assert back.dtype == expected.dtype and back.shape == expected.shape
        np.testing.assert_array_equal(back, expected)
        assert back.flags.writeable


@given(hnp.arrays(numeric_dtypes, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0)))
def test_npy_bytes_are_what_np_save_writes_also_from_a_kept_header(array):
    """The header kept by dtype, order and shape gives the very bytes ``np.save`` writes,
    for C, Fortran and strided layouts, the first time and every time after."""
    layouts = [array, np.asfortranarray(array), array.T, array.reshape(-1)]
    if array.ndim:
        layouts += [array[::2], np.asfortranarray(array)[::-1]]
    for layout in layouts:
        buffer = io.BytesIO()
        np.save(buffer, layout, allow_pickle=False)
        for _ in range(2):
            blob = _child.array_bytes(layout)
            assert blob == buffer.getvalue()
            back = _child.array_from_bytes(blob)
            assert back.dtype == layout.dtype and back.shape == layout.shape
            np.testing.assert_array_equal(back, layout)


def _frame(header: dict, blobs: list[bytes] = ()) -> FrameBuffer:
    frames = FrameBuffer(max_bytes=1 << 20)
    frames.feed(_child.pack(header, list(blobs)))
    return frames


def test_requests_decode_to_the_values_sent():
    blobs: list[bytes] = []
    values = [np.arange(4.0), np.float32(2), 3, 2.5, float("inf"), 1 - 2j, True, None, "s"]
    encoded = [_child.encode(value, blobs) for value in [*values, [1, (2, 3)]]]
    arrays = [_child.array_from_bytes(blob) for blob in blobs]
    decoded = _child._decode(json.loads(json.dumps(encoded)), arrays)
    np.testing.assert_array_equal(decoded[0], values[0])
    assert type(decoded[1]) is np.float32
    assert decoded[2:9] == values[2:]
    assert type(decoded[3]) is float and decoded[4] == float("inf")
    assert decoded[9] == [1, (2, 3)]


def test_a_reply_frame_round_trips():
    array = np.array([1.0, np.nan])
    frames = _frame(
        {"seq": 3, "kind": "ok", "message": "", "value": {"$nd": 0}}, [_child.array_bytes(array)]
    )
    header, blobs = frames.frame()
    reply = decode_reply(header, blobs, seq=3, op="call")
    np.testing.assert_array_equal(reply.value, array)
    assert frames.frame() is None


def test_partial_frames_wait_for_more_bytes():
    data = _child.pack({"seq": 1, "kind": "ok", "message": ""}, [_child.array_bytes(np.ones(3))])
    frames = FrameBuffer(1 << 20)
    for index in range(len(data) - 1):
        frames.feed(data[index : index + 1])
        assert frames.frame() is None
    frames.feed(data[-1:])
    assert frames.frame() is not None


def _sized(text: bytes) -> bytes:
    return struct.pack(">I", len(text)) + text


@pytest.mark.parametrize(
    "data",
    [
        struct.pack(">I", 0xFFFFFFFF) + b"{}",
        _sized(b"nope!"),
        _sized(b"[]"),
        _sized(b'{"blobs": 1}'),
        _sized(b'{"blobs": [99999999999999]}'),
        _sized(b'{"blobs": [-1, 2]}'),
        _sized(b'{"blobs": [1.5]}'),
        _sized(b'{"blobs": [' + b"[" * 100_000 + b"]"),
        _sized(b"NaN"),
    ],
)
def test_garbage_frames_are_protocol_errors(data):
    frames = FrameBuffer(1 << 20)
    frames.feed(data)
    with pytest.raises(ProtocolError):
        frames.frame()


def _reply(header: dict, blobs=(), op="call", seq=1):
    header.setdefault("seq", 1)
    header.setdefault("kind", "ok")
    return decode_reply(header, list(blobs), seq=seq, op=op)


@pytest.mark.parametrize(
    "header, blobs, op",
    [
        ({"seq": 2}, (), "call"),
        ({"seq": True}, (), "call"),
        ({"kind": "full-marks"}, (), "call"),
        ({"message": 3}, (), "call"),
        ({"handle": -1}, (), "call"),
        ({"is_self": "yes"}, (), "call"),
        ({"value": {"$nd": 0}}, (), "call"),
        ({"value": {"$nd": 0}}, (b"not npy",), "call"),
        ({"value": [1, 2]}, (), "call"),
        ({"value": [{"name": 1}]}, (), "signature"),
        ({"value": {"f": "lambda"}}, (), "names"),
        ({"value": None}, (), "names"),
        ({}, (b"x",), "call"),
    ],
)
def test_bad_replies_are_protocol_errors(header, blobs, op):
    with pytest.raises(ProtocolError):
        _reply(dict(header), blobs, op)


def test_pickled_and_object_arrays_are_refused():
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"score": 100}], dtype=object), allow_pickle=True)
    with pytest.raises(ProtocolError, match="numeric"):
        _reply({"value": {"$nd": 0}}, [buffer.getvalue()])
    with pytest.raises(ProtocolError):
        _reply({"value": {"$nd": 0}}, [pickle.dumps(np.ones(3))])
    buffer = io.BytesIO()
    np.save(buffer, np.array(["100"]), allow_pickle=False)
    with pytest.raises(ProtocolError, match="numeric"):
        _reply({"value": {"$nd": 0}}, [buffer.getvalue()])


def test_lying_npy_lengths_are_refused():
    blob = bytearray(_child.array_bytes(np.ones(4)))
    with pytest.raises(ValueError, match="does not match"):
        _child.array_from_bytes(bytes(blob[:-8]))
    with pytest.raises(ValueError):
        _child.array_from_bytes(bytes(blob) + b"\0" * 8)


def test_requests_refuse_what_is_not_plain_data():
    with pytest.raises(TypeError, match="got set"):
        encode_request(1, "call", "f", [{1, 2}])
    with pytest.raises(TypeError, match="numeric or bool dtype"):
        encode_request(1, "call", "f", [np.array(["a"])])
    with pytest.raises(TypeError, match="keyword names must be str"):
        encode_request(1, "call", "f", [], {1: 2})


# -- a sequence's reply, against the first way it was read ------------------------------
def _old_decode_reply(header: dict, blobs: list[bytes], *, seq: int, op: str) -> P.Reply:
    """decode_reply as it was before it read a sequence's steps in place."""
    if header.get("seq") != seq or type(header.get("seq")) is not int:
        raise ProtocolError(f"reply to request {header.get('seq')!r}, expected {seq}")
    kind, message = header.get("kind"), header.get("message", "")
    if kind not in KINDS:
        raise ProtocolError(f"unknown kind {kind!r}")
    if not isinstance(message, str):
        raise ProtocolError("message is not a string")
    message = message[: P._MAX_MESSAGE]
    is_self, handle = header.get("is_self", False), header.get("handle")
    partial = header.get("partial", False)
    if not isinstance(is_self, bool) or not isinstance(partial, bool):
        raise ProtocolError("is_self/partial are not booleans")
    if handle is not None and (type(handle) is not int or handle < 1):
        raise ProtocolError("handle is not a positive integer")
    raw = header.get("value")
    value: object = None
    after = None
    if isinstance(raw, dict) and set(raw) == {"$nd"}:
        markers = header.get("after")
        if markers is not None:
            after = _old_after(markers, blobs)
        if raw["$nd"] != 0 or len(blobs) != 1 + sum(m is not None for m in markers or ()):
            raise ProtocolError("array reply with the wrong number of blobs")
        value = P._array(blobs[0])
    elif blobs or header.get("after") is not None:
        raise ProtocolError("unexpected blobs")
    elif raw is not None:
        if kind != "ok" or op not in P._JSON_OPS:
            raise ProtocolError("JSON value in a reply that must hold an array")
        {"signature": P._check_signature, "names": P._check_names}.get(op, P._check_attributes)(raw)
        value = raw
    if kind == "ok" and op in P._JSON_OPS and value is None:
        raise ProtocolError(f"{op} reply without a value")
    skipped = P._skipped(header.get("skipped")) if op == "import" else ()
    return P.Reply(kind, message, value, is_self, handle, partial, after, skipped)


def _old_after(markers: object, blobs: list[bytes]) -> tuple[np.ndarray | None, ...]:

    if not isinstance(markers, list) or len(markers) > len(blobs):
        raise ProtocolError("bad echoed arguments")
    out: list[np.ndarray | None] = []
    expected = 1
    for marker in markers:
        if marker is None:
            out.append(None)
            continue
        if not (
            isinstance(marker, dict)
            and set(marker) == {"$nd"}
            and marker["$nd"] == expected
            and expected < len(blobs)
        ):
            raise ProtocolError("bad echoed argument marker")
        out.append(P._array(blobs[expected]))
        expected += 1
    return tuple(out)


def _sequence_as_replies(header, blobs, *, seq, ops):
    """A sequence's reply read as it was first read: each step copied into a reply frame
    of its own, its arrays renumbered from 0, and that frame read as a reply was read then
    (:func:`_old_decode_reply`, kept here).  The reader of the whole frame must accept and
    refuse the same replies, and read the same."""
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
        sub = dict(entry, seq=seq)
        own: list[bytes] = []
        markers = [entry.get("value")]
        if isinstance(entry.get("after"), list):
            markers += entry["after"]
        renumbered = []
        for marker in markers:
            if isinstance(marker, dict) and set(marker) == {"$nd"}:
                if marker["$nd"] != used or used >= len(blobs):
                    raise ProtocolError("bad array index in a sequence step")
                renumbered.append({"$nd": len(own)})
                own.append(blobs[used])
                used += 1
            else:
                renumbered.append(marker)
        sub["value"] = renumbered[0]
        if "after" in entry and isinstance(entry["after"], list):
            sub["after"] = renumbered[1:]
        replies.append(_old_decode_reply(sub, own, seq=seq, op=op))
    if used != len(blobs):
        raise ProtocolError("unexpected blobs in a sequence reply")
    return replies


def _read(reader, header, blobs, ops):
    try:
        return reader(header, list(blobs), seq=4, ops=ops)
    except ProtocolError:
        return "refused"


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.dtype == b.dtype
            and np.array_equal(a, b, equal_nan=True)
        )
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if hasattr(a, "__dataclass_fields__"):
        return type(a) is type(b) and all(
            _same(getattr(a, f), getattr(b, f)) for f in a.__dataclass_fields__
        )
    return type(a) is type(b) and a == b


_FLAWS = (
    "kind",
    "message",
    "handle",
    "is_self",
    "partial",
    "value index",
    "marker with more",
    "echoed index",
    "echoed too long",
    "echoed not a list",
    "echoed without an array",
    "JSON value",
    "blob too many",
    "blob too few",
    "blob not npy",
    "op",
)


@st.composite
def _sequence_replies(draw):
    """A sequence's reply as a server would write it (its arrays numbered in order, a
    JSON value only for ``names``), and the ops it answers, with at most one flaw."""
    steps, ops, count = [], [], 0
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["call", "new", "method", "getattr", "names"]))
        kind = draw(st.sampled_from(["ok", *KINDS]))  # "ok" half of the time, about
        entry = {"kind": "ok" if op == "names" else kind}
        if draw(st.booleans()):
            entry["message"] = "why"
        if draw(st.booleans()):
            field = draw(st.sampled_from(["handle", "is_self", "partial"]))
            entry[field] = draw(st.sampled_from([2, 5] if field == "handle" else [True, False]))
        if op == "names":
            entry["value"] = {"f": "function"}
        elif draw(st.integers(0, 3)):
            entry["value"] = {"$nd": count}
            count += 1
            if draw(st.integers(0, 2)):
                entry["after"] = []
                for _ in range(draw(st.integers(0, 3))):
                    if draw(st.booleans()):
                        entry["after"].append({"$nd": count})
                        count += 1
                    elif len(entry["after"]) < count - entry["value"]["$nd"]:
                        entry["after"].append(None)  # an argument that is not an array
        steps.append(entry)
        ops.append(op)
    blobs = [_child.array_bytes(np.arange(float(n))) for n in range(count)]
    arrays = [e for e in steps if "$nd" in (e.get("value") or {})]
    echoing = [e for e in arrays if "after" in e]
    plain = [e for e in steps if "value" not in e]
    named = [e for e, op in zip(steps, ops, strict=True) if op == "names"]
    needs = {"value index": arrays, "marker with more": arrays, "blob too few": blobs}
    needs.update(
        {"blob not npy": blobs, "echoed without an array": plain, "JSON value": plain + named}
    )
    needs.update(dict.fromkeys(["echoed index", "echoed too long", "echoed not a list"], echoing))
    flaws = [f for f in _FLAWS if needs.get(f, True)]
    flaw = draw(st.sampled_from([*[None] * (len(flaws) // 2), *flaws]))  # a third flawless
    if flaw is not None:
        step = draw(st.sampled_from(steps))
        if flaw in ("kind", "message", "handle", "is_self", "partial"):
            step[flaw] = {"kind": "full-marks", "message": 3, "handle": -1}.get(flaw, "yes")
        elif flaw == "value index":
            draw(st.sampled_from(arrays))["value"] = {"$nd": draw(st.integers(-1, count + 1))}
        elif flaw == "marker with more":
            draw(st.sampled_from(arrays))["value"]["x"] = 1
        elif flaw == "echoed index":  # a marker numbered wrong, or one too many
            after = draw(st.sampled_from(echoing))["after"]
            at = [k for k, marker in enumerate(after) if marker is not None]
            wrong = {"$nd": draw(st.integers(-1, count))}
            if at:
                after[draw(st.sampled_from(at))] = wrong
            else:
                after.append(wrong)
        elif flaw == "echoed too long":
            draw(st.sampled_from(echoing))["after"] += [None] * draw(st.integers(1, 4))
        elif flaw == "echoed not a list":
            draw(st.sampled_from(echoing))["after"] = {"$nd": count}
        elif flaw == "echoed without an array":
            draw(st.sampled_from(plain))["after"] = [None] * draw(st.integers(0, 2))
        elif flaw == "JSON value":
            attributes = {"w_": {"kind": "array", "shape": [2]}}
            draw(st.sampled_from(plain + named))["value"] = draw(
                st.sampled_from([[1, 2], {"f": "function"}, {"f": 3}, attributes])
            )
        elif flaw == "blob too many":
            blobs.append(_child.array_bytes(np.ones(1)))
        elif flaw == "blob too few":
            blobs.pop()
        elif flaw == "blob not npy":
            blobs[draw(st.integers(0, len(blobs) - 1))] = b"not npy"
        elif flaw == "op":
            ops[steps.index(step)] = draw(st.sampled_from(["call", "names", "signature"]))
    return steps, blobs, ops + ["call"] * draw(st.integers(0, 2))


@settings(max_examples=600)
@given(_sequence_replies(), st.sampled_from([{}, {}, {}, {"steps": 5}, {"kind": "timeout"}]))
def test_a_sequence_is_read_as_its_steps_would_be_one_by_one(reply, extra):
    steps, blobs, ops = reply
    header = {"seq": 4, "kind": "ok", "message": "", "steps": steps, **extra}
    new = _read(decode_sequence, header, blobs, ops)
    old = _read(_sequence_as_replies, header, blobs, ops)
    assert _same(new, old), (new, old)


def test_the_sequence_reader_reads_well_formed_steps():
    """The comparison above is not between two refusals: well-formed steps are read."""
    blobs = [_child.array_bytes(np.ones(2)), _child.array_bytes(np.zeros(1))]
    header = {
        "seq": 4,
        "kind": "ok",
        "steps": [
            {"kind": "ok", "handle": 2},
            {"kind": "ok", "value": {"$nd": 0}, "after": [None, {"$nd": 1}]},
            {"kind": "missing", "message": "no attribute"},
        ],
    }
    replies = decode_sequence(header, blobs, seq=4, ops=["new", "call", "getattr"])
    assert [r.kind for r in replies] == ["ok", "ok", "missing"]
    assert replies[0].handle == 2
    np.testing.assert_array_equal(replies[1].value, np.ones(2))
    assert replies[1].after[0] is None
    np.testing.assert_array_equal(replies[1].after[1], np.zeros(1))
    assert _same(
        replies, _sequence_as_replies(header, blobs, seq=4, ops=["new", "call", "getattr"])
    )
