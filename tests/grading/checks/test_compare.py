"""How values are written in messages: an array written once is written the same again."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gdgrade.grading.checks import compare

_arrays = hnp.arrays(
    st.sampled_from([np.float64, np.float32, np.int64, np.bool_, np.complex128]),
    hnp.array_shapes(min_dims=1, max_dims=2, max_side=12),
)


def _direct(value, precision: int) -> str:
    return np.array2string(
        np.asarray(value),
        precision=precision,
        separator=", ",
        suppress_small=False,
        threshold=60,
        max_line_width=100,
    )


@settings(max_examples=150)
@given(_arrays, st.sampled_from([6, 3]))
def test_an_array_is_written_as_numpy_writes_it_each_time(array, precision):
    expected = _direct(array, precision)
    assert compare.fmt(array, precision) == expected
    again = np.asfortranarray(array).copy()  # another object, another layout, the same values
    assert compare.fmt(again, precision) == expected


def test_arrays_alike_in_all_but_their_values_or_dtype_are_written_apart():
    a, b = np.array([0.0, 1.5]), np.array([-0.0, 1.5])
    assert compare.fmt(a) == "[0. , 1.5]" and compare.fmt(b) == "[-0. ,  1.5]"
    assert compare.fmt(np.array([1, 2])) == "[1, 2]"
    assert compare.fmt(np.array([1.0, 2.0])) == "[1., 2.]"
    assert compare.fmt(np.array([1.0, 2.0], dtype=np.float32)) == "[1., 2.]"
    assert compare.fmt(np.array([0.123456789])) == "[0.123457]"
    assert compare.fmt(np.array([0.123456789]), precision=3) == "[0.123]"
