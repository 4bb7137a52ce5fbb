"""Hypothesis strategies for what the checks draw: datasets, weights, learning rates.

Every factory takes keyword-only ``min_*``/``max_*`` pairs with small defaults
(a dataset has at most :data:`MAX_SAMPLES` samples and :data:`MAX_FEATURES`
features unless asked for more, so checks stay fast), validates its arguments
when it is called, raising :class:`hypothesis.errors.InvalidArgument` with a
message that names the argument, and draws only finite float64 values.

Shrinking
---------
Examples shrink towards the smallest, simplest problem, so a failure is
reported on it: few samples (``min_samples``), few features
(``min_features``), no edge case, a scale of 1 (the power of ten in range
nearest 1), small integer-valued entries (0 first, then -4..4), labels equal to
the convention's negative label, all-zero weights, and for learning rates a
simple fraction of the stable bound (half of it for ``"safe"``).

Edge cases
----------
:func:`datasets` (and :func:`problems`) draw, about half of the time, one of
the edge cases that find real bugs, named in :data:`EDGE_CASES`: one sample,
one feature, more features than samples, duplicate rows, a constant column,
large and tiny magnitudes; :func:`weights` draws all-zero weights (net input
exactly 0) about one time in ten.  :func:`edge_cases` names the edge cases a
drawn problem shows, for ``hypothesis.event`` or a count.

Examples
--------
>>> from hypothesis import given
>>> @given(problems(labels="pm1"))
... def test_shapes(problem):
...     X, y, w = problem
...     assert X.shape == (len(y), len(w) - 1)
>>> test_shapes()
"""

from __future__ import annotations

import functools
import math
import numbers

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.extra import numpy as hnp
from hypothesis.strategies import SearchStrategy

from gdgrade.reference import DEFAULT, LABELS, Convention, augment, learning_rate_bound

__all__ = [
    "EDGE_CASES",
    "LARGE",
    "MAX_FEATURES",
    "MAX_MAGNITUDE",
    "MAX_SAMPLES",
    "MAX_SCALE",
    "MIN_MAGNITUDE",
    "MIN_SCALE",
    "REGIMES",
    "TINY",
    "datasets",
    "edge_cases",
    "initial_weights",
    "learning_rates",
    "problems",
    "weights",
]

MAX_SAMPLES = 8
"""Default ``max_samples`` of :func:`datasets`."""

MAX_FEATURES = 4
"""Default ``max_features`` of :func:`datasets`."""

MIN_SCALE, MAX_SCALE = 1e-6, 1e6
"""Default range of a dataset's scale: entries are the scale times numbers of
magnitude 0 or between 2**-9 and 4."""

MIN_MAGNITUDE, MAX_MAGNITUDE = 1e-3, 1e3
"""Default range of the scale of :func:`weights`."""

SCALE_LIMIT = 1e100
"""Largest scale or magnitude accepted (and 1 / it the smallest), so that costs
of drawn problems stay finite."""

LARGE = 1e3
"""An entry of at least this magnitude is a "large magnitude" edge case."""

TINY = 1e-3
"""A nonzero entry of at most this magnitude is a "tiny magnitude" edge case."""

REGIMES: dict[str, tuple[float, float]] = {
    "safe": (0.05, 0.9),
    "borderline": (0.99, 0.9999),
    "unsafe": (1.1, 4.0),
}
"""Learning rates as fractions of :func:`gdgrade.reference.learning_rate_bound`:
``safe`` converges and decreases the cost every epoch; ``borderline`` still
does, barely (the slowest mode shrinks by at most 2% an epoch); ``unsafe``
diverges (the cost grows once the unstable mode dominates)."""

EDGE_CASES: dict[str, str] = {
    "one_sample": "a single sample (n = 1)",
    "one_feature": "a single feature (m = 1)",
    "more_features_than_samples": "more features than samples (m > n)",
    "duplicate_rows": "two identical rows of X",
    "constant_column": "a column of X with one value in every row (possibly 0), n >= 2",
    "all_zero_weights": "all weights zero (net input exactly 0)",
    "large_magnitudes": f"an entry of X or w of magnitude >= {LARGE:g}",
    "tiny_magnitudes": f"a nonzero entry of X or w of magnitude <= {TINY:g}",
}
"""The edge cases the strategies reach, by id (the ids :func:`edge_cases` returns)."""

_DATASET_EDGES = (
    "one_sample",
    "one_feature",
    "more_features_than_samples",
    "duplicate_rows",
    "constant_column",
    "large_magnitudes",
    "tiny_magnitudes",
)
_ZERO_WEIGHTS_ONE_IN = 10


# -- argument validation -----------------------------------------------------------


def _int_arg(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidArgument(f"{name!r} must be an int (got {value!r})")
    if value < minimum:
        raise InvalidArgument(f"{name!r} must be >= {minimum} (got {value!r})")
    return int(value)


def _int_pair(lo_name: str, lo: object, hi_name: str, hi: object, minimum: int) -> tuple[int, int]:
    lo, hi = _int_arg(lo_name, lo, minimum), _int_arg(hi_name, hi, minimum)
    if lo > hi:
        raise InvalidArgument(f"{lo_name!r} must be <= {hi_name!r} (got {lo} > {hi})")
    return lo, hi


def _positive_pair(lo_name: str, lo: object, hi_name: str, hi: object) -> tuple[float, float]:
    out = []
    for name, value in ((lo_name, lo), (hi_name, hi)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise InvalidArgument(f"{name!r} must be a real number (got {value!r})")
        value = float(value)
        if not (1.0 / SCALE_LIMIT <= value <= SCALE_LIMIT):
            raise InvalidArgument(
                f"{name!r} must be between {1.0 / SCALE_LIMIT:g} and {SCALE_LIMIT:g} "
                f"(got {value!r})"
            )
        out.append(value)
    if out[0] > out[1]:
        raise InvalidArgument(f"{lo_name!r} must be <= {hi_name!r} (got {out[0]} > {out[1]})")
    return out[0], out[1]


def _bool_arg(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name!r} must be True or False (got {value!r})")
    return value


def _labels_arg(labels: object) -> SearchStrategy[str]:
    if isinstance(labels, SearchStrategy):
        return labels
    if labels not in LABELS:
        raise InvalidArgument(
            f"'labels' must be one of {sorted(LABELS)} or a strategy of them (got {labels!r})"
        )
    return st.just(labels)


def _count_arg(name: str, value: object, minimum: int) -> SearchStrategy[int]:
    if isinstance(value, SearchStrategy):
        return value
    return st.just(_int_arg(name, value, minimum))


def _drawn_count(name: str, value: object, minimum: int) -> int:
    """A count drawn from a user's strategy, checked when drawn."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise InvalidArgument(f"the strategy for {name!r} drew {value!r}, not an int >= {minimum}")
    return int(value)


# -- building blocks ---------------------------------------------------------------


_FLOATS = st.floats(-4.0, 4.0, allow_nan=False, allow_infinity=False)


@functools.lru_cache(maxsize=256)
def _float_arrays(shape: tuple[int, ...]) -> SearchStrategy[np.ndarray]:
    return hnp.arrays(np.float64, shape, elements=_FLOATS)


@functools.lru_cache(maxsize=256)
def _label_arrays(n: int, negative: float, positive: float) -> SearchStrategy[np.ndarray]:
    return hnp.arrays(np.float64, (n,), elements=st.sampled_from([negative, positive]))


def _entries(draw, shape: tuple[int, ...], *, nonzero: bool = False) -> np.ndarray:
    """Numbers of magnitude 0 or in [2**-9, 4] (in [0.25, 4] when ``nonzero``).

    One flag per array says whether its entries are fractional or rounded to
    integers; it shrinks to integers, and the floats shrink towards 0.
    """
    values = draw(_float_arrays(shape))
    fractional = draw(st.booleans())
    if not fractional:
        values = np.round(values)
    values[np.abs(values) < 2.0**-9] = 0.0
    if nonzero:
        sign = np.where(values < 0, -1.0, 1.0)
        magnitude = np.abs(values)
        magnitude = 0.25 + magnitude * (3.75 / 4.0) if fractional else np.maximum(magnitude, 1.0)
        values = sign * magnitude
    return values + 0.0  # no -0.0


def _scale_grid(lo: float, hi: float) -> list[float]:
    """Powers of ten in [lo, hi] (and lo, hi themselves), the one nearest 1 first."""
    grid = {lo, hi}
    for k in range(math.ceil(math.log10(lo) - 1e-12), math.floor(math.log10(hi) + 1e-12) + 1):
        value = 10.0**k
        if lo <= value <= hi:
            grid.add(value)
    return sorted(grid, key=lambda s: (abs(math.log10(s)), s))


def _labels_for(draw, name: str, n: int, scales: SearchStrategy[float]) -> np.ndarray:
    spec = LABELS[name]
    if not spec.is_classification:
        return _entries(draw, (n,)) * draw(scales)
    return draw(_label_arrays(n, spec.negative, spec.positive))


# -- datasets ----------------------------------------------------------------------------


def datasets(
    *,
    min_samples: int = 1,
    max_samples: int = MAX_SAMPLES,
    min_features: int = 1,
    max_features: int = MAX_FEATURES,
    labels: str | SearchStrategy[str] = "real",
    min_scale: float = MIN_SCALE,
    max_scale: float = MAX_SCALE,
    max_condition: float | None = None,
    allow_edge_cases: bool = True,
) -> SearchStrategy[tuple[np.ndarray, np.ndarray]]:
    """Datasets ``(X, y)``: X of shape (n, m) and y of shape (n,), float64, finite.

    Parameters
    ----------
    min_samples, max_samples : int
        Bounds on n, the number of samples (rows).
    min_features, max_features : int
        Bounds on m, the number of features (columns, without the bias column).
    labels : {'real', 'pm1', '01'} or strategy of them
        The targets: real values (scaled like X, by a scale of their own), or
        the two labels of :data:`gdgrade.reference.LABELS`.
    min_scale, max_scale : float
        Range of the scale s of X (and of real y): a power of ten in range (or
        an end of the range); entries of X are s times numbers of magnitude 0
        or in [2**-9, 4].
    max_condition : float, optional
        Bound on the 2-norm condition number of ``augment(X)`` (largest over
        smallest of its min(n, m + 1) singular values).  Rank-deficient X is
        then never drawn, so neither are duplicate rows nor constant columns;
        examples above the bound are rejected (``assume``), so a bound below
        about 10 makes Hypothesis reject many.
    allow_edge_cases : bool
        Whether about half of the examples are edge cases (see
        :data:`EDGE_CASES`); shapes and scales still vary without them.

    Returns
    -------
    SearchStrategy of (X, y)
        Shrinks towards n = min_samples, m = min_features, scale 1, entries
        0 then small integers, no edge case.
    """
    min_samples, max_samples = _int_pair("min_samples", min_samples, "max_samples", max_samples, 1)
    min_features, max_features = _int_pair(
        "min_features", min_features, "max_features", max_features, 1
    )
    labels_strategy = _labels_arg(labels)
    min_scale, max_scale = _positive_pair("min_scale", min_scale, "max_scale", max_scale)
    if max_condition is not None:
        if isinstance(max_condition, bool) or not isinstance(max_condition, numbers.Real):
            raise InvalidArgument(
                f"'max_condition' must be a number or None (got {max_condition!r})"
            )
        if not (max_condition >= 1.0):
            raise InvalidArgument(f"'max_condition' must be >= 1 (got {max_condition!r})")
        max_condition = float(max_condition)
    allow_edge_cases = _bool_arg("allow_edge_cases", allow_edge_cases)

    scales = st.sampled_from(_scale_grid(min_scale, max_scale))
    edges = [
        edge
        for edge in _DATASET_EDGES
        if allow_edge_cases
        and _edge_possible(edge, min_samples, max_samples, min_features, max_features)
        and not (max_condition is not None and edge in ("duplicate_rows", "constant_column"))
        and not (edge == "large_magnitudes" and max_scale * 0.25 < LARGE)
        and not (edge == "tiny_magnitudes" and min_scale * 4.0 > TINY)
    ]

    @st.composite
    def strategy(draw) -> tuple[np.ndarray, np.ndarray]:
        # index 0..len(edges)-1 means no edge case, so about half are edge cases
        # and the shrinker's target (0) is none.
        pick = draw(st.integers(0, 2 * len(edges) - 1)) if edges else 0
        edge = edges[pick - len(edges)] if edges and pick >= len(edges) else None
        n, m = _shape(draw, edge, min_samples, max_samples, min_features, max_features)
        scale = {"large_magnitudes": max_scale, "tiny_magnitudes": min_scale}.get(
            edge, draw(scales)
        )
        X = _entries(draw, (n, m), nonzero=edge in ("large_magnitudes", "tiny_magnitudes")) * scale
        if edge == "duplicate_rows":
            i = draw(st.integers(0, n - 1))
            j = draw(st.integers(0, n - 2))
            X[j if j < i else j + 1] = X[i]
        elif edge == "constant_column":
            j = draw(st.integers(0, m - 1))
            X[:, j] = _entries(draw, (1,))[0] * scale
        y = _labels_for(draw, draw(labels_strategy), n, scales)
        if max_condition is not None:
            assume(_condition(X) <= max_condition)
        return X, y

    return strategy()


def _edge_possible(edge: str, n_lo: int, n_hi: int, m_lo: int, m_hi: int) -> bool:
    return {
        "one_sample": n_lo == 1,
        "one_feature": m_lo == 1,
        "more_features_than_samples": m_hi > n_lo,
        "duplicate_rows": n_hi >= 2,
    }.get(edge, True)


def _shape(draw, edge: str | None, n_lo: int, n_hi: int, m_lo: int, m_hi: int) -> tuple[int, int]:
    """(n, m): drawn from the full ranges, then adjusted to the edge case.

    Every edge case makes the same draws as none, so the shrinker, which prefers
    fewer and smaller choices, is led to "no edge case" by the first choice alone.
    """
    n, m = draw(st.integers(n_lo, n_hi)), draw(st.integers(m_lo, m_hi))
    if edge == "one_sample":
        n = 1
    elif edge == "one_feature":
        m = 1
    elif edge == "more_features_than_samples":
        n = min(n, m_hi - 1)
        m = max(m, n + 1)
    elif edge == "duplicate_rows":
        n = max(n, 2)
    return n, m


def _condition(X: np.ndarray) -> float:
    s = np.linalg.svd(augment(X), compute_uv=False)
    return float(s[0] / s[-1]) if s[-1] > 0 else math.inf


# -- weights -----------------------------------------------------------------------------


def weights(
    n_weights: int | SearchStrategy[int],
    *,
    min_magnitude: float = MIN_MAGNITUDE,
    max_magnitude: float = MAX_MAGNITUDE,
    allow_zero: bool = True,
) -> SearchStrategy[np.ndarray]:
    """Weight vectors of ``n_weights`` entries (m + 1 for m features: bias first).

    Parameters
    ----------
    n_weights : int or strategy of int
        The number of entries, >= 1.
    min_magnitude, max_magnitude : float
        Range of the scale s: entries are s times numbers of magnitude 0 or in
        [2**-9, 4], with s a power of ten in range (or an end of the range).
    allow_zero : bool
        Whether the all-zero vector (net input exactly 0) is drawn, about one
        time in ten and as the shrinking target; when False, some entry is
        always nonzero.

    Returns
    -------
    SearchStrategy of ndarray
        float64, finite, shape (n_weights,); shrinks to all zeros (or, without
        them, to a single nonzero entry of the scale nearest 1).
    """
    count = _count_arg("n_weights", n_weights, 1)
    lo, hi = _positive_pair("min_magnitude", min_magnitude, "max_magnitude", max_magnitude)
    allow_zero = _bool_arg("allow_zero", allow_zero)
    scales = st.sampled_from(_scale_grid(lo, hi))
    zero_one_in = st.integers(0, _ZERO_WEIGHTS_ONE_IN - 1)

    @st.composite
    def strategy(draw) -> np.ndarray:
        k = _drawn_count("n_weights", draw(count), 1)
        if allow_zero and draw(zero_one_in) == 0:
            return np.zeros(k)
        scale = draw(scales)
        w = _entries(draw, (k,)) * scale
        if not allow_zero and not w.any():
            w[0] = scale
        return w

    return strategy()


def initial_weights(
    m: int | SearchStrategy[int],
    *,
    kinds: tuple[str, ...] = ("zero", "textbook", "small"),
    max_magnitude: float = 0.1,
) -> SearchStrategy[np.ndarray]:
    """Initial weights of a learner with ``m`` features: shape (m + 1,), bias first.

    Parameters
    ----------
    m : int or strategy of int
        The number of features, >= 1.
    kinds : tuple of {'zero', 'textbook', 'small'}
        Which initialisations to draw from: all zeros; the textbook's
        ``RandomState(seed).normal(0, 0.01, m + 1)`` for a drawn seed; or
        uniform entries in ``[-max_magnitude, max_magnitude]``.
    max_magnitude : float
        Bound of the ``"small"`` kind.

    Returns
    -------
    SearchStrategy of ndarray
        Shrinks towards the first kind (zeros by default).
    """
    count = _count_arg("m", m, 1)
    options = ("zero", "textbook", "small")
    if (
        not isinstance(kinds, (tuple, list))
        or not kinds
        or any(k not in options for k in kinds)
        or len(set(kinds)) != len(kinds)
    ):
        raise InvalidArgument(
            f"'kinds' must be a non-empty tuple of distinct names from {options} (got {kinds!r})"
        )
    if isinstance(max_magnitude, bool) or not isinstance(max_magnitude, numbers.Real):
        raise InvalidArgument(f"'max_magnitude' must be a real number (got {max_magnitude!r})")
    if not (0.0 < max_magnitude <= SCALE_LIMIT):
        raise InvalidArgument(f"'max_magnitude' must be > 0 and finite (got {max_magnitude!r})")
    bound = float(max_magnitude)
    small = st.floats(-bound, bound, allow_nan=False)
    kind_of = st.sampled_from(list(kinds))
    seeds = st.integers(0, 2**32 - 1)

    @st.composite
    def strategy(draw) -> np.ndarray:
        k = _drawn_count("m", draw(count), 1) + 1
        kind = draw(kind_of)
        if kind == "zero":
            return np.zeros(k)
        if kind == "textbook":
            seed = draw(seeds)
            return np.random.RandomState(seed).normal(loc=0.0, scale=0.01, size=k)
        return draw(hnp.arrays(np.float64, (k,), elements=small))

    return strategy()


# -- learning rates ---------------------------------------------------------------------


def learning_rates(
    X: np.ndarray,
    *,
    regime: str = "safe",
    convention: Convention = DEFAULT,
    min_fraction: float | None = None,
    max_fraction: float | None = None,
) -> SearchStrategy[float]:
    """Learning rates eta for batch gradient descent on X, relative to the stable bound.

    Parameters
    ----------
    X : ndarray of shape (n, m)
        The features; the bound is
        ``gdgrade.reference.learning_rate_bound(X, convention=convention)``.
    regime : {'safe', 'borderline', 'unsafe'}
        The fractions of the bound to draw from, see :data:`REGIMES`.
    convention : Convention
        The convention whose loss the bound is for.
    min_fraction, max_fraction : float, optional
        Override the regime's fractions.

    Returns
    -------
    SearchStrategy of float
        ``fraction * bound``, finite and > 0; shrinks towards a simple fraction
        (0.5 for ``"safe"``, 2 for ``"unsafe"``).
    """
    if regime not in REGIMES:
        raise InvalidArgument(f"'regime' must be one of {sorted(REGIMES)} (got {regime!r})")
    if not isinstance(convention, Convention):
        raise InvalidArgument(f"'convention' must be a Convention (got {convention!r})")
    try:
        X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidArgument(
            f"'X' must be a 2-D array of numbers (got {type(X).__name__})"
        ) from None
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0 or not np.all(np.isfinite(X)):
        raise InvalidArgument(f"'X' must be a finite, non-empty 2-D array (got shape {X.shape})")
    lo, hi = REGIMES[regime]
    lo = lo if min_fraction is None else min_fraction
    hi = hi if max_fraction is None else max_fraction
    lo, hi = _positive_pair("min_fraction", lo, "max_fraction", hi)
    bound = learning_rate_bound(X, convention=convention)
    if not (math.isfinite(bound) and bound > 0 and math.isfinite(hi * bound) and lo * bound > 0):
        raise InvalidArgument(f"the stable bound of 'X' is {bound!r}; no finite rate to draw")
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False).map(lambda q: q * bound)


# -- problems ----------------------------------------------------------------------------


def problems(
    *,
    min_samples: int = 1,
    max_samples: int = MAX_SAMPLES,
    min_features: int = 1,
    max_features: int = MAX_FEATURES,
    labels: str | SearchStrategy[str] = "real",
    min_scale: float = MIN_SCALE,
    max_scale: float = MAX_SCALE,
    max_condition: float | None = None,
    allow_edge_cases: bool = True,
    min_magnitude: float = MIN_MAGNITUDE,
    max_magnitude: float = MAX_MAGNITUDE,
    allow_zero: bool = True,
) -> SearchStrategy[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """``(X, y, w)``: a dataset of :func:`datasets` and weights of :func:`weights` of size m + 1.

    The parameters are those of :func:`datasets` and of :func:`weights`.
    Shrinks like both: the smallest dataset with all-zero weights.
    """
    data = datasets(
        min_samples=min_samples,
        max_samples=max_samples,
        min_features=min_features,
        max_features=max_features,
        labels=labels,
        min_scale=min_scale,
        max_scale=max_scale,
        max_condition=max_condition,
        allow_edge_cases=allow_edge_cases,
    )
    # Validates the weights' arguments now, up front; the size comes with each dataset.
    weights(1, min_magnitude=min_magnitude, max_magnitude=max_magnitude, allow_zero=allow_zero)

    @st.composite
    def strategy(draw) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        X, y = draw(data)
        w = draw(
            weights(
                X.shape[1] + 1,
                min_magnitude=min_magnitude,
                max_magnitude=max_magnitude,
                allow_zero=allow_zero,
            )
        )
        return X, y, w

    return strategy()


# -- naming edge cases ----------------------------------------------------------------------


def edge_cases(
    X: np.ndarray, y: np.ndarray | None = None, w: np.ndarray | None = None
) -> frozenset[str]:
    """The ids of :data:`EDGE_CASES` that a problem shows.

    Parameters
    ----------
    X : ndarray of shape (n, m)
    y : ndarray of shape (n,), optional
        Not used yet (accepted so a drawn tuple can be passed whole).
    w : ndarray of shape (m + 1,), optional
        Weights: all-zero weights, and their magnitudes, count too.

    Examples
    --------
    >>> sorted(edge_cases(np.array([[1.0, 1e4]]), w=np.zeros(3)))
    ['all_zero_weights', 'large_magnitudes', 'more_features_than_samples', 'one_sample']
    """
    X = np.asarray(X, dtype=np.float64)
    n, m = X.shape
    found = set()
    if n == 1:
        found.add("one_sample")
    if m == 1:
        found.add("one_feature")
    if m > n:
        found.add("more_features_than_samples")
    if n >= 2 and len(np.unique(X, axis=0)) < n:
        found.add("duplicate_rows")
    if n >= 2 and np.any(np.all(X == X[:1], axis=0)):
        found.add("constant_column")
    values = [X.ravel()]
    if w is not None:
        w = np.asarray(w, dtype=np.float64)
        values.append(w.ravel())
        if not w.any():
            found.add("all_zero_weights")
    magnitudes = np.abs(np.concatenate(values))
    if np.any(magnitudes >= LARGE):
        found.add("large_magnitudes")
    if np.any((magnitudes > 0) & (magnitudes <= TINY)):
        found.add("tiny_magnitudes")
    return frozenset(found)
