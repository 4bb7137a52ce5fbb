"""The stable learning rate the class checks train with, kept per dataset."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gdgrade.reference as ref
from gdgrade.grading.checks import epochs
from gdgrade.reference.conventions import Convention


def _direct(X: np.ndarray, conv, fraction: float) -> float:
    parts = epochs._batches(len(X), conv)
    return fraction * min(ref.learning_rate_bound(X[p], convention=conv) for p in parts)


@settings(max_examples=60, deadline=None)
@given(
    X=arrays(
        np.float64, st.tuples(st.integers(1, 6), st.integers(1, 3)), elements=st.floats(-5, 5)
    ),
    conv=st.builds(
        Convention,
        loss=st.sampled_from(["half_sse", "sse", "mse"]),
        training=st.sampled_from(["batch", "sgd", "minibatch"]),
        batch_size=st.integers(1, 4),
    ),
    fraction=st.sampled_from([0.1, 0.5, 0.9]),
)
def test_a_kept_learning_rate_is_the_one_computed_for_that_dataset(X, conv, fraction):
    first = epochs.safe_eta(X, conv, fraction)
    assert first == _direct(X, conv, fraction)
    assert epochs.safe_eta(X.copy(), conv, fraction) == first  # kept: the same value back
    other = X + 1.0  # the same shape, other values: its own rate
    assert epochs.safe_eta(other, conv, fraction) == _direct(other, conv, fraction)
    assert epochs.safe_eta(X.astype(np.float32), conv, fraction) == _direct(
        X.astype(np.float32), conv, fraction
    )
