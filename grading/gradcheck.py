"""The gradient checker: does a claimed gradient agree with numeric derivatives of f?

:func:`check_gradient` compares an analytic gradient ``g`` of a scalar function
``f`` at a point ``w`` with numeric derivatives of ``f`` taken one of three ways,
and returns a :class:`GradientCheck` that says which way decided:

``"complex-step"``
    ``Im f(w + i h e_k) / h`` with ``h =`` :data:`COMPLEX_STEP`: no subtraction,
    so exact to machine precision.  Used when ``f`` accepts a complex ``w``,
    returns a complex value whose real part agrees with ``f(w)``, and is analytic
    (a probe compares its complex-step derivative along a random direction with
    central differences along the same direction: ``abs``, ``conj``,
    comparisons and casts to float all fail one of these).  One evaluation per
    coordinate.
``"central"``
    ``(f(w + h e_k) - f(w - h e_k)) / 2h`` with ``h =`` :data:`CENTRAL_STEP`
    ``* max(1, |w_k|)`` (rounded so that ``w_k + h`` is exact).  Exact for a
    quadratic up to rounding, whose size is estimated from ``|f|`` and enters
    the floor (see below).  Two evaluations per coordinate.  When that rounding
    swamps a derivative (a cost of 1e13 whose derivative is 60), the comparison
    is measured again at steps :data:`REFINE_GROWTH` times larger, up to
    :data:`REFINE_STEPS` times, keeping the step whose error bound (rounding
    plus truncation, estimated from a step twice as large) is smallest.
``"directional"``
    For high dimension: ``n_directions`` random directions ``v`` (derivative
    ``g . v`` against the complex-step or central derivative of ``f`` along
    ``v``), plus a sample of coordinates from every block of parameters (the
    bias and the weights by default): the entry of largest magnitude of each
    block and random others.  The number of evaluations does not grow with the
    dimension.  ``method="auto"`` switches to it above ``max_coordinates``.

Each comparison's relative error is ``|a - n| / max(floor_k, |a| + |n|)`` and
passes when it is at most ``rtol``.  The floor ``floor_k`` is the largest of

* ``floor`` (absolute, default :data:`FLOOR`), so that two values near zero pass;
* :data:`RELATIVE_FLOOR` times the largest ``|a| + |n|`` of the same kind of
  comparison, so that an entry that is zero next to large ones passes whatever
  the scale of the problem;
* ``noise_k / rtol``, where ``noise_k`` bounds the rounding error of the numeric
  derivative itself (central differences: :data:`NOISE_FACTOR` ulps of ``|f|``
  divided by the step; directions: also the rounding of ``g . v``), so that a
  difference that rounding explains is never called a wrong gradient;
* for a comparison that fails all of that, a second look before the verdict:
  the rounding of a least-squares gradient ``-2c sum_i e_i x_ij`` is about
  ``eps * 2c sum_i (|y_i| + sum_j |x_ij w_j|) |x_ik|`` however small the sum
  is (at a minimum every entry is such a sum), and for ``f = c ||y - Xa w||^2``
  that is at most ``eps sqrt(H_kk) (sqrt(2 f(0)) + sum_j |w_j| sqrt(H_jj))``,
  all read off ``f``: ``H_jj`` is the second difference along ``e_j`` (along a
  direction, ``Xa w`` enters through ``f(2w)`` instead).  :data:`NOISE_FACTOR`
  times it (over ``rtol``) becomes the floor.  Only a failing check pays for it:
  one evaluation at 0 (and one at 2w for directions) and two per curvature
  (every coordinate with a nonzero weight; up to six when rounding swamps the
  second difference and the step grows); failing comparisons are examined
  smallest first until one still fails.  The same quantities bound the
  rounding of ``f`` itself when its terms cancel (``sqrt(2) eps sqrt(f) S``
  with ``S`` the bracket above, far more than ulps of ``f`` near a minimum of a
  nearly singular problem), which central differences divide by their step.
  (For a least-squares cost :func:`least_squares_floor` gives such a floor from
  the data, with no evaluations.)

A comparison that passes but whose numeric value rounding leaves uncertain by
more than the tolerance (the numeric derivative could not tell a relative error
of ``rtol``, even at the refinement's larger steps) is listed
in :attr:`GradientCheck.inconclusive` and marked "within rounding"; ``ok`` is
then True (nothing shows the gradient wrong), and a grader may judge those
entries another way, against a reference.

``f``'s failures do not raise: when ``f`` raises an exception (any subclass of
:class:`Exception`), returns something that is not one number, returns a
non-finite value at a real point, or returns different values for the same
``w``, the result is not ok with ``failure="cost-failed"`` and a message naming
the point.  A gradient that cannot be read (``g`` raises, has the wrong number
of entries, or holds nan or inf) gives ``failure="gradient-invalid"`` without
evaluating ``f`` further.  ``KeyboardInterrupt`` and other non-``Exception``
errors propagate.  A misuse by the caller (a bad ``method``, ``rtol``, ``w`` or
``blocks``; ``method="complex-step"`` for an ``f`` that cannot take it) raises
:class:`ValueError` or :class:`TypeError` at once.

Examples
--------
>>> import numpy as np
>>> X = np.array([[1.0, 2.0], [3.0, -1.0]]); y = np.array([1.0, -1.0])
>>> def cost(w):
...     e = y - (X @ w[1:] + w[0])
...     return 0.5 * (e @ e)
>>> def gradient(w):
...     e = y - (X @ w[1:] + w[0])
...     return -np.concatenate([[e.sum()], X.T @ e])
>>> check_gradient(cost, gradient, np.array([0.1, -0.2, 0.3])).ok
True
>>> result = check_gradient(cost, lambda w: -gradient(w), np.array([0.1, -0.2, 0.3]))
>>> result.ok, result.method, result.worst_index
(False, 'complex-step', 2)
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "CENTRAL_STEP",
    "COMPLEX_STEP",
    "COORDINATES_PER_BLOCK",
    "CURVATURE_STEP",
    "FAILURES",
    "FLOOR",
    "MAX_COORDINATES",
    "METHODS",
    "NOISE_FACTOR",
    "N_DIRECTIONS",
    "PROBE_RTOL",
    "REAL_PART_RTOL",
    "REFINE_GROWTH",
    "REFINE_STEPS",
    "REFINE_TARGET",
    "RELATIVE_FLOOR",
    "RTOL",
    "Comparison",
    "GradientCheck",
    "assert_gradient",
    "check_gradient",
    "least_squares_floor",
]

EPS = float(np.finfo(np.float64).eps)

RTOL = 1e-6
"""Largest relative error ``|a - n| / max(floor, |a| + |n|)`` that passes.

A relative error of 1e-4 in one entry gives 5e-5, fifty times this; torch's
``gradcheck`` defaults (``rtol=1e-3``, ``atol=1e-5``) let it through."""

FLOOR = 1e-8
"""Absolute floor of the denominator: two values whose sum of magnitudes is below
it are compared as if it were this (absolute difference at most ``RTOL * FLOOR``)."""

RELATIVE_FLOOR = 1e-8
"""Floor relative to the gradient: an entry smaller than this times the largest
``|a| + |n|`` is compared as if it were that large (an exact zero among large
entries passes when both sides are within ``RTOL * RELATIVE_FLOOR`` of it)."""

NOISE_FACTOR = 64.0
"""Rounding of ``f`` assumed by the noise estimate, in ulps of ``|f|`` (of the
precision ``f`` returns: a float32 cost has a larger ulp)."""

CENTRAL_STEP = EPS ** (1.0 / 3.0)
"""Relative step of central differences, ``h_k = CENTRAL_STEP * max(1, |w_k|)``
(about 6.1e-6: cbrt of the machine epsilon balances truncation and rounding)."""

COMPLEX_STEP = 1e-30
"""Step of the complex-step derivative ``Im f(w + i h e_k) / h``; it subtracts
nothing, so any tiny step is exact."""

REAL_PART_RTOL = 1e-8
"""How closely ``Re f(w + i h v)`` must agree with ``f(w)`` for complex step."""

_REAL_PART_ATOL = 1e-40

PROBE_RTOL = 1e-6
"""How closely the complex-step and central derivatives along the probe
direction must agree for ``f`` to count as analytic."""

CURVATURE_STEP = 1e-3
"""Relative step of the second differences of the second look (a quadratic's are
exact at any step; a large one keeps their rounding small; it grows by
:data:`REFINE_GROWTH` while rounding swamps them)."""

REFINE_STEPS = 4
"""How many larger steps a central difference that rounding swamps is tried at."""

REFINE_GROWTH = 100.0
"""Each larger step of the refinement is this many times the one before."""

REFINE_TARGET = 0.1
"""The refinement stops once its error bound is this fraction of ``rtol`` times
the values."""

MAX_COORDINATES = 64
"""``method="auto"`` checks every coordinate up to this many weights, and uses
the directional method above it."""

N_DIRECTIONS = 8
"""Random directions of the directional method (the probe direction included)."""

COORDINATES_PER_BLOCK = 4
"""Coordinates the directional method also checks in each block: the entry of
largest magnitude and random others."""

METHODS = ("auto", "complex-step", "central", "directional")
"""The values of ``method``."""

FAILURES = ("mismatch", "cost-failed", "gradient-invalid")
"""The values of :attr:`GradientCheck.failure` when not ok."""

_TABLE_ROWS = 12


# -- the result ------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One analytic value against one numeric value.

    Attributes
    ----------
    kind : {'coordinate', 'direction'}
        A partial derivative ``dJ/dw[index]``, or the derivative along random
        direction number ``index``.
    index : int
        The coordinate, or the direction number.
    analytic, numeric : float
        The claimed value and the numeric one.
    rel_error : float
        ``|analytic - numeric| / max(floor, |analytic| + |numeric|)``.
    floor : float
        The floor used for this comparison (see the module docstring).
    ok : bool
        ``rel_error <= rtol``.
    block : str or None
        The block of parameters a coordinate belongs to ("bias", "weights").
    noise : float
        The bound on the numeric value's own error (0 for complex step).
    resolved : bool
        False when the comparison passes but its numeric value is not known to
        within the tolerance band (``noise`` above ``rtol`` times the values or
        the floor): the numeric derivative could not tell at ``rtol``.
    """

    kind: str
    index: int
    analytic: float
    numeric: float
    rel_error: float
    floor: float
    ok: bool
    block: str | None = None
    noise: float = 0.0
    resolved: bool = True

    def label(self) -> str:
        """``"w[3] (weights)"`` or ``"direction 2"``."""
        if self.kind == "direction":
            return f"direction {self.index}"
        return f"w[{self.index}]" + (f" ({self.block})" if self.block else "")


@dataclass(frozen=True)
class GradientCheck:
    """The verdict of :func:`check_gradient`.

    Attributes
    ----------
    ok : bool
        Whether every comparison passed (and ``f`` and ``g`` could be evaluated).
    method : str
        What decided: ``"complex-step"``, ``"central"`` (every coordinate),
        ``"directional"`` (directions and a coordinate sample), or ``"none"``
        when the check stopped before the method was settled (an invalid
        gradient, or ``f`` failing at ``w`` itself or in the probe).
    worst_index : int or None
        The coordinate, or for ``worst_kind == "direction"`` the direction
        number, with the largest relative error (or where ``f`` failed).
    analytic, numeric : float
        The analytic and numeric values there (nan when unknown).
    rel_error : float
        The relative error there (inf when ``f`` or ``g`` failed).
    n_evaluations : int
        How many times ``f`` was called.
    worst_kind : {'coordinate', 'direction'}
        What ``worst_index`` counts.
    derivative : str or None
        How the numeric derivatives were taken: ``"complex-step"`` or
        ``"central"`` (for ``method="directional"``, says which of the two).
    failure : str or None
        None when ok; ``"mismatch"`` (the gradient disagrees with ``f``),
        ``"cost-failed"`` (``f`` raised, returned garbage or a non-finite value)
        or ``"gradient-invalid"`` (``g`` raised, has the wrong size, or holds
        nan/inf).
    message : str
        Why ``f`` or ``g`` failed (empty otherwise).
    note : str
        Why the method was chosen (for example why complex step was not used).
    rtol, floor : float
        The tolerances the check used.
    comparisons : tuple of Comparison
        Every comparison made, in the order made.
    cause : BaseException or None
        The exception ``f`` or ``g`` raised, if any (not compared, not shown).
    """

    ok: bool
    method: str
    worst_index: int | None
    analytic: float
    numeric: float
    rel_error: float
    n_evaluations: int
    worst_kind: str = "coordinate"
    derivative: str | None = None
    failure: str | None = None
    message: str = ""
    note: str = ""
    rtol: float = RTOL
    floor: float = FLOOR
    comparisons: tuple[Comparison, ...] = ()
    cause: BaseException | None = field(default=None, compare=False, repr=False)

    @property
    def failed(self) -> tuple[Comparison, ...]:
        """The comparisons that did not pass."""
        return tuple(c for c in self.comparisons if not c.ok)

    @property
    def inconclusive(self) -> tuple[Comparison, ...]:
        """The comparisons that pass only because rounding could explain the difference.

        Their numeric derivative was not accurate enough to tell a relative error
        of ``rtol`` (a cost so large next to its derivative that even the larger
        steps of the refinement could not, or entries that are all rounding, at
        a minimum).  ``ok`` stays True: nothing shows the gradient wrong there;
        a grader may want another check (against a reference) for those.
        """
        return tuple(c for c in self.comparisons if not c.resolved)

    def _where(self) -> str:
        if self.worst_index is None:
            return "w"
        for c in self.comparisons:
            if c.kind == self.worst_kind and c.index == self.worst_index:
                return c.label()
        if self.worst_kind == "direction":
            return f"direction {self.worst_index}"
        return f"w[{self.worst_index}]"

    def _how(self) -> str:
        if self.method == "directional":
            return f"directional, {self.derivative}"
        return self.method

    def summary(self) -> str:
        """One line: the verdict, where, the values and the method."""
        evals = f"{self.n_evaluations} evaluation{'s' * (self.n_evaluations != 1)} of f"
        if self.failure == "gradient-invalid":
            return f"the gradient is invalid: {self.message}"
        if self.failure == "cost-failed":
            return f"could not check the gradient: {self.message} [{self._how()}, {evals}]"
        counts = {
            k: sum(c.kind == k for c in self.comparisons) for k in ("coordinate", "direction")
        }
        what = " and ".join(f"{n} {k}{'s' * (n != 1)}" for k, n in counts.items() if n)
        if self.ok:
            unsure = len(self.inconclusive)
            within = f", {unsure} within rounding" if unsure else ""
            return (
                f"gradient agrees with f: worst relative error {self.rel_error:.2g} "
                f"at {self._where()} (tolerance {self.rtol:g}) [{self._how()}, {what}{within}, "
                f"{evals}]"
            )
        quantity = "g . v" if self.worst_kind == "direction" else "analytic"
        return (
            f"gradient disagrees with f at {self._where()}: {quantity} {self.analytic:.10g} "
            f"vs numeric {self.numeric:.10g}, relative error {self.rel_error:.3g} > "
            f"{self.rtol:g} [{self._how()}, {evals}]"
        )

    def report(self) -> str:
        """Several lines: the summary, the method and why, the worst comparisons."""
        status = "passed" if self.ok else f"FAILED ({self.failure})"
        lines = [f"gradient check {status}", f"  {self.summary()}"]
        lines.append(f"  method: {self._how()}" + (f" ({self.note})" if self.note else ""))
        if self.message and self.failure != "gradient-invalid":
            lines.append(f"  f: {self.message}")
        if self.comparisons:
            failed = self.failed
            lines.append(
                f"  {len(failed)} of {len(self.comparisons)} comparisons failed"
                + (": " + ", ".join(c.label() for c in failed[:_TABLE_ROWS]) if failed else "")
                + (" ..." if len(failed) > _TABLE_ROWS else "")
            )
            worst = sorted(self.comparisons, key=lambda c: -c.rel_error)[:_TABLE_ROWS]
            lines.append(
                f"  {'where':<18} {'analytic':>17} {'numeric':>17} {'rel. error':>10}  verdict"
            )
            for c in worst:
                lines.append(
                    f"  {c.label():<18} {c.analytic:>17.10g} {c.numeric:>17.10g} "
                    f"{c.rel_error:>10.3g}  "
                    + ("WRONG" if not c.ok else "ok" if c.resolved else "ok (within rounding)")
                )
            if len(self.comparisons) > len(worst):
                lines.append(f"  ({len(self.comparisons) - len(worst)} more, all better)")
        lines.append(
            f"  relative error = |a - n| / max(floor, |a| + |n|) <= rtol = {self.rtol:g}; "
            f"floor = {self.floor:g}, raised by the gradient's scale and by rounding"
        )
        lines.append(f"  evaluations of f: {self.n_evaluations}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


# -- reading f's values and g ---------------------------------------------------------


class _BadValue(Exception):
    """A value that is not one number; the text says what it was."""


class _CostFailure(Exception):
    def __init__(self, message: str, cause: BaseException | None = None, index: int | None = None):
        super().__init__(message)
        self.message = message
        self.cause = cause
        self.index = index


class _ComplexUnavailable(Exception):
    def __init__(self, reason: str, cause: BaseException | None = None):
        super().__init__(reason)
        self.reason = reason
        self.cause = cause


class _InvalidGradient(Exception):
    def __init__(self, message: str, cause: BaseException | None = None, index: int | None = None):
        super().__init__(message)
        self.message = message
        self.cause = cause
        self.index = index


def _describe_exception(exc: BaseException) -> str:
    text = str(exc)
    if len(text) > 200:
        text = text[:197] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _scalar(value: object) -> tuple[float | complex, float]:
    """The one number in ``value`` and the epsilon of its precision."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise _BadValue(f"{value!r} (a {type(value).__name__}), not a number")
    try:
        arr = np.asarray(value)
    except Exception as exc:
        raise _BadValue(f"an object of type {type(value).__name__}, not a number") from exc
    if arr.size != 1:
        raise _BadValue(f"an array of shape {arr.shape}, not one number")
    arr = arr.reshape(())
    kind = arr.dtype.kind
    try:
        if kind in "iu":
            return float(arr), EPS
        if kind == "f":
            return float(arr), max(EPS, float(np.finfo(arr.dtype).eps))
        if kind == "c":
            return complex(arr), max(EPS, float(np.finfo(arr.dtype).eps))
        if kind == "O":
            item = arr.item()
            if isinstance(item, numbers.Real) and not isinstance(item, bool):
                return float(item), EPS
            if isinstance(item, numbers.Complex):
                return complex(item), EPS
    except (TypeError, ValueError, OverflowError) as exc:
        raise _BadValue(f"a value that is not a number ({_describe_exception(exc)})") from exc
    shown = type(arr.item()).__name__ if kind == "O" else f"dtype {arr.dtype}"
    raise _BadValue(f"a value of {shown}, not a number")


class _Cost:
    """``f`` with a count of its evaluations and checks of what it returns."""

    def __init__(self, f: Callable) -> None:
        self.f = f
        self.n = 0
        self.eps = EPS

    def real(self, point: np.ndarray, where: str, index: int | None = None) -> float:
        self.n += 1
        try:
            with np.errstate(all="ignore"):
                value = self.f(point.copy())
        except Exception as exc:
            raise _CostFailure(
                f"f raised {_describe_exception(exc)} at {where}", exc, index
            ) from exc
        try:
            number, eps = _scalar(value)
        except _BadValue as bad:
            raise _CostFailure(f"f returned {bad} at {where}", None, index) from None
        if isinstance(number, complex):
            if number.imag != 0.0:
                raise _CostFailure(
                    f"f returned the complex {number} at the real point {where}", None, index
                )
            number = number.real
        if not math.isfinite(number):
            raise _CostFailure(f"f returned {number} at {where}", None, index)
        self.eps = max(self.eps, eps)
        return number

    def complex(self, point: np.ndarray, f0: float, where: str) -> complex:
        self.n += 1
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                value = self.f(point.copy())
        except Exception as exc:
            raise _ComplexUnavailable(
                f"f raised {_describe_exception(exc)} for a complex w", exc
            ) from exc
        try:
            number, _ = _scalar(value)
        except _BadValue as bad:
            raise _ComplexUnavailable(f"f returned {bad} for a complex w") from None
        if not isinstance(number, complex):
            raise _ComplexUnavailable(
                "f returned a real value for a complex w (it drops the imaginary part, "
                "as float(), astype(float), abs() or a norm do)"
            )
        if not (math.isfinite(number.real) and math.isfinite(number.imag)):
            raise _ComplexUnavailable(f"f returned {number} at {where}")
        if abs(number.real - f0) > REAL_PART_RTOL * abs(f0) + _REAL_PART_ATOL:
            raise _ComplexUnavailable(
                f"the real part of f({where}) is {number.real!r}, not f(w) = {f0!r}"
            )
        return number


def _analytic(g: object, w: np.ndarray) -> tuple[np.ndarray, str]:
    """The claimed gradient as a float vector of ``len(w)``, and a note on its shape."""
    d = w.size
    if callable(g):
        try:
            g = g(w.copy())
        except Exception as exc:
            raise _InvalidGradient(f"g raised {_describe_exception(exc)} at w", exc) from exc
    if g is None or isinstance(g, (str, bytes)):
        raise _InvalidGradient(f"it is {g!r}, not an array of {d} numbers")
    try:
        arr = np.asarray(g)
        if arr.dtype.kind == "O":
            arr = arr.astype(np.float64)
    except Exception as exc:
        raise _InvalidGradient(f"it cannot be read as an array of numbers ({exc})", exc) from exc
    if arr.dtype.kind not in "iuf":
        raise _InvalidGradient(f"it has dtype {arr.dtype}, not real numbers")
    if arr.size != d or (arr.ndim > 1 and max(arr.shape) != d):
        raise _InvalidGradient(
            f"it has shape {arr.shape}, expected ({d},): one entry per weight, w[0] the bias"
        )
    note = "" if arr.shape == (d,) else f"the gradient has shape {arr.shape}, read as ({d},)"
    arr = arr.astype(np.float64).reshape(d)
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise _InvalidGradient(f"entry {bad[0]} is {arr[bad[0]]}", index=int(bad[0]))
    return arr, note


# -- arguments -----------------------------------------------------------------------


def _check_number(name: str, value: object, *, positive: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name!r} must be a real number (got {value!r})")
    value = float(value)
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        need = "> 0" if positive else ">= 0"
        raise ValueError(f"{name!r} must be finite and {need} (got {value!r})")
    return value


def _check_int(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name!r} must be an int (got {value!r})")
    if value < minimum:
        raise ValueError(f"{name!r} must be >= {minimum} (got {value!r})")
    return int(value)


def _as_point(w: object) -> np.ndarray:
    try:
        arr = np.asarray(w)
    except Exception as exc:
        raise TypeError(
            f"'w' must be a 1-D array of real numbers (got {type(w).__name__})"
        ) from exc
    if arr.dtype.kind not in "iuf" or arr.ndim != 1 or arr.size == 0:
        raise ValueError(
            f"'w' must be a non-empty 1-D array of real numbers (got dtype {arr.dtype}, "
            f"shape {arr.shape})"
        )
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"'w' must be finite (got {arr})")
    return arr


def _blocks(blocks: object, d: int) -> list[tuple[str, np.ndarray]]:
    """Named index arrays; the default is the bias [0] and the weights [1:]."""
    if blocks is None:
        named: list[tuple[str, object]] = [("bias", [0])]
        if d > 1:
            named.append(("weights", range(1, d)))
    elif isinstance(blocks, Mapping):
        named = [(str(k), v) for k, v in blocks.items()]
    elif isinstance(blocks, Sequence) and not isinstance(blocks, (str, bytes)):
        named = [(f"block {k}", v) for k, v in enumerate(blocks)]
    else:
        raise TypeError(f"'blocks' must be a list or dict of index ranges (got {blocks!r})")
    out = []
    for name, spec in named:
        if isinstance(spec, slice):
            spec = range(d)[spec]
        try:
            idx = np.asarray(list(spec) if not isinstance(spec, np.ndarray) else spec)
        except TypeError:
            raise TypeError(f"'blocks' entry {name!r} must be indices (got {spec!r})") from None
        if idx.size == 0 or idx.dtype.kind not in "iu":
            raise ValueError(f"'blocks' entry {name!r} must be non-empty indices (got {spec!r})")
        idx = idx.astype(np.intp).ravel()
        if idx.min() < 0 or idx.max() >= d:
            raise ValueError(f"'blocks' entry {name!r} must index into w of {d} entries")
        out.append((name, np.unique(idx)))
    return out


# -- numeric derivatives --------------------------------------------------------------


@dataclass
class _Measure:
    """One numeric derivative in the making: along ``e[index]`` or a direction."""

    kind: str
    index: int
    analytic: float
    numeric: float
    noise: float
    block: str | None = None
    direction: np.ndarray | None = None
    central: bool = False
    step_size: float = 0.0  # of central differences

    def step(self, w: np.ndarray, h: float | complex) -> np.ndarray:
        """``w + h v``, with v the direction or the unit vector e[index]."""
        if self.direction is not None:
            return w + h * self.direction
        p = w.astype(np.result_type(w, h))
        p[self.index] += h
        return p

    def where(self) -> str:
        return f"direction {self.index}" if self.kind == "direction" else f"e[{self.index}]"


def _block_names(blocks: list[tuple[str, np.ndarray]]) -> dict[int, str]:
    names: dict[int, str] = {}
    for name, idx in reversed(blocks):  # the first block that holds an index names it
        names.update(dict.fromkeys(idx.tolist(), name))
    return names


def _base_step(w: np.ndarray, m: _Measure, relative: float) -> float:
    if m.direction is None:
        return relative * max(1.0, abs(w[m.index]))
    return relative * max(1.0, float(np.max(np.abs(w))))


def _central(cost: _Cost, w: np.ndarray, m: _Measure, h: float, f0: float) -> tuple[float, float]:
    """(f(w + hv) - f(w - hv)) / 2h along m's vector v, and a bound on its rounding error."""
    index = m.index if m.kind == "coordinate" else None
    fp = cost.real(m.step(w, h), f"w + h*{m.where()} (h = {h:.3g})", index)
    fm = cost.real(m.step(w, -h), f"w - h*{m.where()} (h = {h:.3g})", index)
    noise = NOISE_FACTOR * cost.eps * max(abs(fp), abs(fm), abs(f0)) / h
    return (fp - fm) / (2.0 * h), noise


def _central_measure(cost: _Cost, w: np.ndarray, m: _Measure, f0: float) -> None:
    h = _base_step(w, m, CENTRAL_STEP)
    if m.direction is None:
        h = (w[m.index] + h) - w[m.index]  # w_k + h is then exact
    m.numeric, m.noise = _central(cost, w, m, h, f0)
    m.central, m.step_size = True, h


def _complex_measure(cost: _Cost, w: np.ndarray, m: _Measure, f0: float) -> None:
    p = m.step(w, 1j * COMPLEX_STEP)
    m.numeric = cost.complex(p, f0, f"w + i*h*{m.where()}").imag / COMPLEX_STEP
    m.noise = 0.0


def _rel_error(a: float, n: float, floor: float) -> float:
    diff = abs(a - n)
    if diff == 0.0:
        return 0.0
    return diff / max(floor, abs(a) + abs(n))


def _probe(
    cost: _Cost, w: np.ndarray, f0: float, v: np.ndarray, a_v: float
) -> tuple[str, str, dict[str, tuple[float, float]]]:
    """Complex step or central differences, why, and the probe's measurements along v."""
    probe = _Measure("direction", 0, a_v, math.nan, 0.0, direction=v)
    try:
        _complex_measure(cost, w, probe, f0)
    except _ComplexUnavailable as no:
        return "central", f"complex step not used: {no.reason}", {}
    d_cs = probe.numeric
    _central_measure(cost, w, probe, f0)
    d_c, noise = probe.numeric, probe.noise
    done = {"complex-step": (d_cs, 0.0), "central": (d_c, noise)}
    floor = max(FLOOR, noise / PROBE_RTOL, RELATIVE_FLOOR * (abs(d_cs) + abs(d_c) + abs(a_v)))
    if _rel_error(d_cs, d_c, floor) > PROBE_RTOL:
        return (
            "central",
            f"complex step not used: f is not analytic (along a random direction its "
            f"complex-step derivative is {d_cs:.6g} but central differences give "
            f"{d_c:.6g}; abs, conj, comparisons or casts do that)",
            done,
        )
    return "complex-step", "f accepts a complex w and is analytic", done


def _directions(rng: np.random.Generator, n: int, d: int) -> np.ndarray:
    v = rng.standard_normal((n, d))
    return v / np.max(np.abs(v), axis=1, keepdims=True)


def _sample_coordinates(
    a: np.ndarray, blocks: list[tuple[str, np.ndarray]], per_block: int, rng: np.random.Generator
) -> list[int]:
    chosen: set[int] = set()
    for _, idx in blocks:
        if per_block == 0:
            break
        largest = int(idx[np.argmax(np.abs(a[idx]))])
        rest = idx[idx != largest]
        take = min(per_block - 1, rest.size)
        chosen.add(largest)
        chosen.update(int(i) for i in rng.choice(rest, size=take, replace=False))
    return sorted(chosen)


def _measure(
    cost: _Cost,
    w: np.ndarray,
    a: np.ndarray,
    f0: float,
    derivative: str,
    directional: bool,
    directions: np.ndarray,
    probe: dict[str, tuple[float, float]],
    blocks: list[tuple[str, np.ndarray]],
    per_block: int,
    rng: np.random.Generator,
) -> list[_Measure]:
    todo: list[_Measure] = []
    if directional:
        for k, v in enumerate(directions):
            todo.append(_Measure("direction", k, float(a @ v), math.nan, 0.0, direction=v))
        indices = _sample_coordinates(a, blocks, per_block, rng)
    else:
        indices = list(range(w.size))
    names = _block_names(blocks)
    for i in indices:
        todo.append(_Measure("coordinate", i, float(a[i]), math.nan, 0.0, names.get(i)))
    for m in todo:
        if m.kind == "direction" and m.index == 0 and derivative in probe:
            m.numeric, m.noise = probe[derivative]
            if derivative == "central":
                m.central, m.step_size = True, _base_step(w, m, CENTRAL_STEP)
        elif derivative == "complex-step":
            _complex_measure(cost, w, m, f0)
        else:
            _central_measure(cost, w, m, f0)
        if m.direction is not None:  # the rounding of g . v itself
            m.noise += NOISE_FACTOR * EPS * float(np.abs(a) @ np.abs(m.direction))
    return todo


def _base_floors(measures: list[_Measure], floor: float) -> list[float]:
    """Each comparison's floor before noise: ``floor`` and the relative floor."""
    scale: dict[str, float] = {}
    for m in measures:
        scale[m.kind] = max(scale.get(m.kind, 0.0), abs(m.analytic) + abs(m.numeric))
    return [max(floor, RELATIVE_FLOOR * scale[m.kind]) for m in measures]


def _resolved(m: _Measure, rtol: float, base: float) -> bool:
    """Whether m's numeric value is known to within the tolerance band."""
    return m.noise <= rtol * max(base, abs(m.analytic) + abs(m.numeric))


def _compare(measures: list[_Measure], rtol: float, floor: float) -> list[Comparison]:
    out = []
    for m, base in zip(measures, _base_floors(measures, floor), strict=True):
        floor_k = max(base, m.noise / rtol)
        rel = _rel_error(m.analytic, m.numeric, floor_k)
        ok = rel <= rtol
        # exact agreement left after the refinement's larger steps (f does not move at
        # all along a zero column, say) is settled too
        resolved = not ok or m.analytic == m.numeric or _resolved(m, rtol, base)
        out.append(
            Comparison(
                m.kind, m.index, m.analytic, m.numeric, rel, floor_k, ok, m.block, m.noise, resolved
            )
        )
    return out


def _refine(
    cost: _Cost, w: np.ndarray, f0: float, measures: list[_Measure], rtol: float, floor: float
) -> int:
    """Measure again, at larger steps, central differences that rounding swamps.

    A comparison whose numeric value is not known to within the tolerance band
    (its noise is above ``rtol`` times the values or the floor), unless the
    difference is ten times the noise anyway, is measured at steps
    ``REFINE_GROWTH**k`` times the first (k = 1..REFINE_STEPS), each with
    ``D(H)`` and ``D(2H)``; the error of ``D(H)`` is bounded by both rounding
    bounds plus ``|D(H) - D(2H)|`` (three times its truncation error, which is 0
    for a quadratic).  The step with the smallest bound is kept.  Stops when the
    comparison is resolved or truncation grows.  Returns how many were measured
    again.
    """
    refined = 0
    for m, base in zip(measures, _base_floors(measures, floor), strict=True):
        if not m.central or _resolved(m, rtol, base):
            continue
        if 10.0 * m.noise < abs(m.analytic - m.numeric):  # the noise cannot change the verdict
            continue
        h = _base_step(w, m, CENTRAL_STEP)
        best_numeric, best_noise, best_step = m.numeric, m.noise, m.step_size
        for _ in range(REFINE_STEPS):
            h *= REFINE_GROWTH
            try:
                d1, n1 = _central(cost, w, m, h, f0)
                d2, n2 = _central(cost, w, m, 2.0 * h, f0)
            except _CostFailure:
                break
            truncation = abs(d1 - d2)
            error = n1 + n2 + truncation
            if error < best_noise:
                best_numeric, best_noise, best_step = d1, error, h
            if best_noise <= REFINE_TARGET * rtol * max(base, abs(m.analytic) + abs(best_numeric)):
                break
            if truncation > n1 + n2:
                break
        m.numeric, m.noise, m.step_size = best_numeric, best_noise, best_step
        refined += 1
    return refined


def _second_look(
    cost: _Cost,
    w: np.ndarray,
    f0: float,
    measures: list[_Measure],
    rtol: float,
    floor: float,
    directional: bool,
) -> int:
    """Raise the noise of failing comparisons that rounding of f's terms explains.

    For ``f = c ||y - Xa w||^2`` the rounding of ``dJ/dw_k`` is at most about
    ``eps (sqrt(2 f(0) H_kk) + sqrt(H_kk) sum_j |w_j| sqrt(H_jj))`` with ``H_jj``
    the curvature along ``e_j`` (``2c ||x_j||^2``), by Cauchy-Schwarz, and that of
    the derivative along ``v`` at most ``eps (sqrt(2 f(0) H_vv) + sqrt(2 Z H_vv))``
    with ``Z = c ||Xa w||^2 = (f(2w) - 2 f(w) + f(0)) / 2``.  Failing comparisons
    are examined smallest first until one still fails.  Returns how many the
    rounding cleared; -1 when f could not be evaluated where needed.
    """
    comparisons = _compare(measures, rtol, floor)
    failing = sorted(
        (i for i, c in enumerate(comparisons) if not c.ok),
        key=lambda i: abs(comparisons[i].analytic) + abs(comparisons[i].numeric),
    )
    if not failing:
        return 0
    curvatures: dict[int, float] = {}

    def curvature(m: _Measure) -> float:
        """An upper bound on the second derivative along m's vector."""
        key = -1 - m.index if m.kind == "direction" else m.index
        if key not in curvatures:
            h, best = _base_step(w, m, CURVATURE_STEP), math.inf
            for _ in range(3):  # larger steps while rounding swamps the second difference
                fp = cost.real(m.step(w, h), f"w + h*{m.where()} (second look)")
                fm = cost.real(m.step(w, -h), f"w - h*{m.where()} (second look)")
                second = abs(fp - 2.0 * f0 + fm)
                rounding = 4.0 * NOISE_FACTOR * cost.eps * max(abs(fp), abs(fm), abs(f0))
                best = min(best, (second + rounding) / (h * h))
                if rounding <= second:
                    break
                h *= REFINE_GROWTH
            curvatures[key] = best
        return curvatures[key]

    try:
        at_zero = abs(cost.real(np.zeros_like(w), "0 (second look)"))
        if directional:
            at_double = cost.real(2.0 * w, "2w (second look)")
            z_term = math.sqrt(2.0 * abs(at_double - 2.0 * f0 + at_zero) / 2.0)
        else:
            z_term = 0.0
            for j in np.flatnonzero(w):
                unit = _Measure("coordinate", int(j), 0.0, 0.0, 0.0)
                z_term += abs(w[j]) * math.sqrt(curvature(unit))
        scale = math.sqrt(2.0 * at_zero) + z_term
        cleared = 0
        for i in failing:
            m = measures[i]
            h_kk = curvature(m)
            # the rounding of float64 sums (a float32 f's own is in m.noise already)
            rounding = NOISE_FACTOR * EPS * math.sqrt(h_kk) * scale
            if m.central:
                # f's own terms cancel: its rounding is about sqrt(2) eps sqrt(f) S, not ulps
                # of f, and central differences divide it by their step
                f_step = abs(f0) + h_kk * m.step_size * m.step_size / 2.0
                rounding += NOISE_FACTOR * EPS * math.sqrt(2.0 * f_step) * scale / m.step_size
            m.noise = max(m.noise, rounding)
            if not _compare([m], rtol, max(floor, comparisons[i].floor))[0].ok:
                break
            cleared += 1
    except _CostFailure:
        return -1
    return cleared


# -- the checker -----------------------------------------------------------------------


def check_gradient(
    f: Callable[[np.ndarray], object],
    g: object,
    w: object,
    *,
    method: str = "auto",
    rtol: float = RTOL,
    floor: float = FLOOR,
    n_directions: int = N_DIRECTIONS,
    blocks: object = None,
    seed: int = 0,
    max_coordinates: int = MAX_COORDINATES,
    coordinates_per_block: int = COORDINATES_PER_BLOCK,
) -> GradientCheck:
    """Check a claimed gradient ``g`` of ``f`` at ``w`` against numeric derivatives.

    Parameters
    ----------
    f : callable
        ``f(w) -> scalar``: a Python float or int, a numpy scalar, a 0-d array
        or an array of one element.  Called with a fresh copy of ``w`` (float64,
        or complex128 for complex step) every time.
    g : array-like or callable
        The claimed gradient at ``w`` (a list is fine), or ``g(w) -> array-like``.
        Read as ``len(w)`` floats; a shape such as ``(len(w), 1)`` is accepted
        and noted.
    w : array-like
        The point, 1-D, finite; ``w[0]`` is the bias in the default blocks.
    method : {'auto', 'complex-step', 'central', 'directional'}
        ``"auto"``: every coordinate by complex step when ``f`` takes complex
        input and is analytic, else by central differences; the directional
        method when ``len(w) > max_coordinates``.  ``"complex-step"`` and
        ``"central"`` check every coordinate that way (``"complex-step"`` raises
        ValueError if ``f`` cannot take a complex ``w``); ``"directional"``
        always uses directions and a coordinate sample, with complex step when
        available.
    rtol : float
        Largest relative error that passes (default :data:`RTOL`).
    floor : float
        Absolute floor of the relative error's denominator (default :data:`FLOOR`);
        see the module docstring for the floors that add to it, and
        :func:`least_squares_floor` for one that fits a least-squares cost.
    n_directions : int
        Random directions of the directional method (default :data:`N_DIRECTIONS`).
    blocks : list or dict of index ranges, optional
        Blocks of parameters the directional method samples coordinates from
        (ranges, slices or lists of indices; a dict names them).  Default: the
        bias ``[0]`` and the weights ``[1:]``.
    seed : int
        Seed of the random directions and coordinate sample (the result is
        deterministic for a given seed).
    max_coordinates : int
        The dimension above which ``"auto"`` uses the directional method
        (default :data:`MAX_COORDINATES`).
    coordinates_per_block : int
        Coordinates the directional method checks in each block (default
        :data:`COORDINATES_PER_BLOCK`): the largest entry and random others.

    Returns
    -------
    GradientCheck
        ``ok`` with the method that decided, the worst comparison and the number
        of evaluations of ``f``; not ok with ``failure`` set when the gradient
        disagrees, ``f`` failed, or ``g`` is invalid (nothing raised for those).

    Raises
    ------
    TypeError, ValueError
        For a misuse by the caller: an argument of the wrong type or value, or
        ``method="complex-step"`` for an ``f`` that cannot take a complex ``w``.
    """
    if not callable(f):
        raise TypeError(f"'f' must be callable (got {f!r})")
    if method not in METHODS:
        raise ValueError(f"'method' must be one of {list(METHODS)} (got {method!r})")
    rtol = _check_number("rtol", rtol, positive=True)
    floor = _check_number("floor", floor, positive=False)
    n_directions = _check_int("n_directions", n_directions, 1)
    seed = _check_int("seed", seed, 0)
    max_coordinates = _check_int("max_coordinates", max_coordinates, 1)
    coordinates_per_block = _check_int("coordinates_per_block", coordinates_per_block, 0)
    w = _as_point(w)
    named_blocks = _blocks(blocks, w.size)
    common = {"rtol": rtol, "floor": floor}

    try:
        a, shape_note = _analytic(g, w)
    except _InvalidGradient as bad:
        return GradientCheck(
            ok=False,
            method="none",
            worst_index=bad.index,
            analytic=math.nan,
            numeric=math.nan,
            rel_error=math.inf,
            n_evaluations=0,
            failure="gradient-invalid",
            message=bad.message,
            cause=bad.cause,
            **common,
        )

    cost = _Cost(f)
    rng = np.random.default_rng(seed)
    directional = method == "directional" or (method == "auto" and w.size > max_coordinates)
    directions = _directions(rng, n_directions, w.size)
    chosen = "directional" if directional else None
    derivative: str | None = None
    note = ""
    try:
        f0 = cost.real(w, "w")
        again = cost.real(w, "w (a second time)")
        if abs(again - f0) > NOISE_FACTOR * cost.eps * max(abs(f0), abs(again)):
            raise _CostFailure(
                f"f is not deterministic: f(w) returned {f0!r}, then {again!r}", None
            )
        probe: dict[str, tuple[float, float]] = {}
        if method == "central":
            derivative, note = "central", "method='central' was asked for"
        elif method == "complex-step":
            derivative, note = "complex-step", "method='complex-step' was asked for"
        else:
            derivative, note, probe = _probe(cost, w, f0, directions[0], float(a @ directions[0]))
        chosen = chosen or derivative
        try:
            measures = _measure(
                cost, w, a, f0, derivative, directional, directions, probe,
                named_blocks, coordinates_per_block, rng,
            )  # fmt: skip
        except _ComplexUnavailable as no:
            if method == "complex-step":
                raise ValueError(
                    f"method='complex-step' but {no.reason}; use method='auto', which falls "
                    "back to central differences"
                ) from no.cause
            derivative = "central"
            chosen = "directional" if directional else "central"
            note = f"complex step abandoned half-way: {no.reason}"
            measures = _measure(
                cost, w, a, f0, derivative, directional, directions, probe,
                named_blocks, coordinates_per_block, rng,
            )  # fmt: skip
    except _CostFailure as failure:
        where = failure.index
        return GradientCheck(
            ok=False,
            method=chosen if derivative else "none",
            worst_index=where,
            analytic=float(a[where]) if where is not None else math.nan,
            numeric=math.nan,
            rel_error=math.inf,
            n_evaluations=cost.n,
            derivative=derivative,
            failure="cost-failed",
            message=failure.message,
            note=note,
            cause=failure.cause,
            **common,
        )

    refined = _refine(cost, w, f0, measures, rtol, floor) if derivative == "central" else 0
    second = f"{refined} central difference(s) measured again at larger steps" if refined else ""
    if not all(c.ok for c in _compare(measures, rtol, floor)):
        cleared = _second_look(cost, w, f0, measures, rtol, floor, directional)
        if cleared > 0:
            cleared_note = f"rounding of f's terms explained {cleared} difference(s) (second look)"
            second = "; ".join(x for x in (second, cleared_note) if x)
    comparisons = _compare(measures, rtol, floor)
    worst = max(comparisons, key=lambda c: (c.rel_error, abs(c.analytic - c.numeric)))
    ok = all(c.ok for c in comparisons)
    return GradientCheck(
        ok=ok,
        method=chosen,
        worst_index=worst.index,
        analytic=worst.analytic,
        numeric=worst.numeric,
        rel_error=worst.rel_error,
        n_evaluations=cost.n,
        worst_kind=worst.kind,
        derivative=derivative,
        failure=None if ok else "mismatch",
        note="; ".join(x for x in (note, shape_note, second) if x),
        comparisons=tuple(comparisons),
        **common,
    )


def assert_gradient(f: Callable[[np.ndarray], object], g: object, w: object, **kwargs: object):
    """:func:`check_gradient`, raising AssertionError with its report when not ok.

    Returns the :class:`GradientCheck` when ok, so a test can look at it.

    Examples
    --------
    >>> assert_gradient(lambda w: w @ w, lambda w: 2 * w, [1.0, -2.0]).method
    'complex-step'
    """
    result = check_gradient(f, g, w, **kwargs)
    if not result.ok:
        raise AssertionError(result.report())
    return result


def least_squares_floor(X: object, y: object, w: object, *, rtol: float = RTOL) -> float:
    """A ``floor`` for the gradient of a least-squares cost of (X, y) at w.

    Near a minimum every entry of such a gradient, ``-2c sum_i e_i x_ij``, is a
    sum that cancels, and its rounding error is about ``eps * sum_i (|y_i| +
    |z_i|) |x_ij|`` whatever the size of the result; two correct gradients may
    then differ by that much.  This returns :data:`NOISE_FACTOR` times that
    bound (with ``2c <= 2``, which covers every loss of the conventions)
    divided by ``rtol``, so that ``check_gradient(..., floor=...)`` accepts
    such a difference.  Pass the same ``rtol`` to both.

    Examples
    --------
    >>> least_squares_floor([[1.0]], [1.0], [0.0, 1.0]) > 0
    True
    """
    rtol = _check_number("rtol", rtol, positive=True)
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    Xa = np.hstack([np.ones((X.shape[0], 1)), X])
    z_abs = np.abs(Xa) @ np.abs(w)
    terms = (np.abs(y) + z_abs) @ np.abs(Xa)
    return float(2.0 * NOISE_FACTOR * EPS * np.max(terms, initial=0.0) / rtol)
