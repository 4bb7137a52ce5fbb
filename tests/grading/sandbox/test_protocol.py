"""The pipe protocol: values survive the round trip; garbage replies are refused, never raised."""

from __future__ import annotations

import io
import json
import pickle
import struct

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gdgrade.grading.sandbox import _child
from gdgrade.grading.sandbox.protocol import (
    FrameBuffer,
    ProtocolError,
    decode_reply,
    encode_request,
)

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
