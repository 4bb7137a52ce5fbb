"""Comparing a student's values with the expected ones, and saying how they differ."""

from __future__ import annotations

from typing import Any

import numpy as np

from gdgrade.grading.cache import Remembered
from gdgrade.grading.results import MAX_CHARS, MAX_ENTRIES, capped_text, first_entries
from gdgrade.grading.spec import Tolerances

__all__ = ["Mismatch", "compare", "fmt", "plain"]


def fmt(value: Any, precision: int = 6) -> str:
    """A short, readable rendering of a number or an array for a message."""
    if value is None:
        return "None"
    arr = np.asarray(value)
    if arr.dtype.kind in "biufc":
        if arr.ndim == 0:
            return (
                np.format_float_positional(arr.item(), precision=precision, trim="-")
                if arr.dtype.kind == "f"
                else repr(arr.item())
            )
        return _WRITTEN.get(
            _WRITTEN.key(arr, precision),
            lambda: np.array2string(
                arr,
                precision=precision,
                separator=", ",
                suppress_small=False,
                threshold=60,
                max_line_width=100,
            ),
        )
    return repr(value)


_WRITTEN = Remembered()
"""The arrays :func:`fmt` wrote: a submission's messages name the same few arrays
hundreds of times (every failing example a shrink tries, every mistake it is held
against), and numpy's ``array2string`` takes 20 µs."""


def plain(value: Any) -> Any:
    """A JSON-able copy of a number or array (nested lists of floats).

    An array of more than :data:`~gdgrade.grading.results.MAX_ENTRIES` numbers is
    kept as the flat list of its first ones, then how many were left out.
    """
    if value is None:
        return None
    arr = np.asarray(value)
    if arr.size > MAX_ENTRIES:
        if arr.dtype.kind not in "biufc":
            return capped_text(repr(value)[: MAX_CHARS + 1])
        flat = arr.real.ravel() if arr.dtype.kind == "c" else arr.ravel()
        return [v if isinstance(v, str) else float(v) for v in first_entries(flat)]
    if arr.dtype.kind == "c":
        return {"real": arr.real.tolist(), "imag": arr.imag.tolist()}
    if arr.dtype.kind in "biuf":
        out = arr.astype(float).tolist()
        return out
    return repr(value)


class Mismatch(str):
    """Why two values differ (a non-empty string); compare returns None when they agree."""


def compare(
    expected: Any,
    got: Any,
    tol: Tolerances,
    *,
    what: str = "the result",
    magnitude: Any = 0.0,
) -> Mismatch | None:
    """Whether ``got`` equals ``expected`` within the tolerances; why not, if not.

    An entry passes when ``|got - expected| <= atol * scale + rtol * (|expected| +
    magnitude)``, ``scale = max(1, max|expected|)``.  ``magnitude`` is the size of
    the terms that were added up to make the expected value (for a gradient,
    about ``sum_i |e_i| |x_ij|``): a sum that cancels to nearly zero is only
    known to that precision, whichever order a correct implementation adds in.

    A size-1 result is accepted for a scalar and a list for an array; a
    different shape, a non-numeric value or a NaN where a number is expected is
    a mismatch with its own message.
    """
    exp = np.asarray(expected, dtype=float)
    if got is None:
        return Mismatch(f"{what} is None (did you forget to return it?)")
    try:
        arr = np.asarray(got)
    except Exception:
        return Mismatch(f"{what} is not a number or an array (got {type(got).__name__})")
    if arr.dtype.kind not in "biuf":
        return Mismatch(f"{what} is not real-valued (dtype {arr.dtype})")
    arr = arr.astype(float)
    if exp.ndim == 0 and arr.size == 1:
        arr = arr.reshape(())
    if arr.shape != exp.shape:
        return Mismatch(f"{what} has shape {arr.shape}, expected {exp.shape}")
    if not np.all(np.isfinite(arr)) and np.all(np.isfinite(exp)):
        return Mismatch(f"{what} contains NaN or infinity")
    scale = max(1.0, float(np.max(np.abs(exp), initial=0.0)))
    mag = np.abs(np.asarray(magnitude, dtype=float))
    if mag.shape not in ((), exp.shape):
        mag = mag.max(initial=0.0)  # a mutant of another shape: the largest term size
    allowed = tol.atol * scale + tol.rtol * (np.abs(exp) + mag)
    with np.errstate(invalid="ignore"):
        bad = ~(np.abs(arr - exp) <= allowed)
    if np.any(bad):
        if exp.ndim == 0:
            return Mismatch(f"wrong {what}")
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        where = idx[0] if len(idx) == 1 else idx
        return Mismatch(
            f"wrong {what} at index {where} (expected {fmt(exp[idx])}, got {fmt(arr[idx])})"
        )
    return None


def agrees(expected: Any, got: Any, tol: Tolerances, magnitude: Any = 0.0) -> bool:
    """Whether :func:`compare` finds no mismatch."""
    return compare(expected, got, tol, magnitude=magnitude) is None
