"""Small Hypothesis strategies for the reference's own tests (independent of grading/)."""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gdgrade.reference import LABELS, LOSSES, Convention

finite = st.floats(-10, 10, allow_nan=False, allow_infinity=False, width=64)


@st.composite
def problems(draw, *, labels="real", min_samples=1, max_samples=8, max_features=4):
    """(X, y, w): a small dataset and weights of the matching size."""
    n = draw(st.integers(min_samples, max_samples))
    m = draw(st.integers(1, max_features))
    X = draw(hnp.arrays(np.float64, (n, m), elements=finite))
    if labels == "real":
        y = draw(hnp.arrays(np.float64, (n,), elements=finite))
    else:
        spec = LABELS[labels]
        y = draw(
            hnp.arrays(np.float64, (n,), elements=st.sampled_from([spec.positive, spec.negative]))
        )
    w = draw(hnp.arrays(np.float64, (m + 1,), elements=finite))
    return X, y, w


conventions = st.builds(
    Convention,
    loss=st.sampled_from(sorted(LOSSES)),
    labels=st.sampled_from(["pm1", "01"]),
    bias=st.sampled_from(["w0", "separate"]),
)
