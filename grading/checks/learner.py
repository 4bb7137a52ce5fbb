"""Reading a student's learner class: its hyperparameters, its weights, its history.

Where the spec allows it (``[learner] adapt = true``, the default) the names are
mapped to what the student wrote: hyperparameters through the class's signature
(:data:`~gdgrade.grading.presets.HYPERPARAMETER_ALIASES`), always passed
explicitly; the weights as ``w_`` alone or ``w_`` with ``b_``; the history from
its aliases.  What cannot be mapped fails with one message naming what was
expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from gdgrade.grading.checks.compare import fmt
from gdgrade.grading.checks.context import Context, StudentError, fit_steps
from gdgrade.grading.results import Outcome
from gdgrade.grading.sandbox.session import MAX_SEQUENCE

__all__ = [
    "Fit",
    "canonical_params",
    "constructor_kwargs",
    "fit",
    "fit_key",
    "prefetch_fits",
    "read_history",
    "read_weights",
]

REQUIRED = {"eta": "the learning rate", "n_iter": "the number of epochs"}
"""Hyperparameters every learner must accept; the others are passed when accepted."""


@dataclass(frozen=True)
class Fit:
    """What one ``fit`` left behind.

    Attributes
    ----------
    returned_self : bool
        ``fit`` returned the learner.
    theta : ndarray
        The weights as one augmented vector, bias first.
    w_dtype : str
        The dtype of ``w_`` as the student stored it.
    history : ndarray or None
        The per-epoch cost, from the first of the spec's history names found.
    history_name : str or None
        Which attribute that was.
    bias_place : str
        ``"w0"`` or ``"separate"``: where the student keeps the bias.
    """

    returned_self: bool
    theta: np.ndarray
    w_dtype: str
    history: np.ndarray | None
    history_name: str | None
    bias_place: str
    handle: int | None = None


def _parameters(ctx: Context, cls: str) -> tuple[set[str], bool] | None:
    """The names ``cls.__init__`` accepts and whether it takes ``**kwargs`` (memoised)."""
    key = ("signature", cls)
    if key not in ctx.memo:
        result = ctx.sandbox.signature(cls)
        if result.ok and isinstance(result.value, list):
            names = {p["name"] for p in result.value if p["kind"] != "VAR_KEYWORD"}
            var_kw = any(p["kind"] == "VAR_KEYWORD" for p in result.value)
            ctx.memo[key] = (names - {"self"}, var_kw)
        else:
            ctx.memo[key] = None
    return ctx.memo[key]


def constructor_kwargs(ctx: Context, cls: str, **canonical: Any) -> dict[str, Any]:
    """The keyword arguments to build ``cls`` with, under the student's names.

    Raises
    ------
    StudentError
        A required hyperparameter has no name the class accepts.
    """
    if not ctx.spec.learner.adapt:
        return canonical
    found = _parameters(ctx, cls)
    if found is None:  # no signature to read (a missing class fails at construction)
        return canonical
    names, var_kw = found
    out = {}
    for key, value in canonical.items():
        aliases = tuple(ctx.spec.learner.hyperparameters.get(key, (key,)))
        name = next((a for a in aliases if a in names), None)
        if name is not None:
            out[name] = value
        elif var_kw:
            out[aliases[0]] = value
        elif key in REQUIRED:
            raise StudentError(
                Outcome(
                    "failed",
                    f"{cls}(...) has no parameter for {REQUIRED[key]}: expected one of "
                    f"{', '.join(aliases)} (its parameters: {', '.join(sorted(names)) or 'none'}).",
                    mistake="hyperparameter-unmapped",
                )
            )
        elif key == "shuffle" and value is False:
            raise StudentError(
                Outcome(
                    "failed",
                    f"{cls}(...) has no 'shuffle' parameter, so its epochs cannot be checked in a "
                    "known order: add shuffle=True to __init__ and honour it in fit.",
                    mistake="no-shuffle-parameter",
                )
            )
    return out


def read_weights(ctx: Context, handle: int, cls: str, m: int) -> tuple[np.ndarray, str, str]:
    """The learner's weights as (theta, dtype of w_, bias place)."""
    w = ctx.attribute(handle, cls, "w_")
    if w is None:
        raise StudentError(Outcome("failed", f"{cls}.fit does not set the weights w_"))
    w = np.asarray(w)
    dtype = str(w.dtype)
    if w.dtype.kind not in "biuf":
        raise StudentError(Outcome("failed", f"{cls}.w_ is not a numeric array (dtype {w.dtype})"))
    w = w.astype(float).ravel()
    want = ctx.convention.bias
    b = ctx.attribute(handle, cls, "b_") if want == "separate" or w.size == m else None
    if w.size == m + 1 and (want == "w0" or ctx.spec.learner.adapt):
        return w, dtype, "w0"
    if w.size == m and b is not None and np.asarray(b).size == 1:
        if want == "separate" or ctx.spec.learner.adapt:
            return np.concatenate([np.asarray(b, float).reshape(1), w]), dtype, "separate"
    expected = (
        f"{m + 1} entries in w_ (the bias is w_[0])"
        if want == "w0"
        else f"{m} weights in w_ and the bias in b_"
    )
    raise StudentError(
        Outcome(
            "failed",
            f"{cls} after fit on {m} feature(s): expected {expected}; got w_ with {w.size} "
            f"entries{'' if b is None else f' and b_ = {fmt(b)}'}.",
            mistake="weights-shape",
        )
    )


def read_history(ctx: Context, handle: int, cls: str) -> tuple[np.ndarray | None, str | None]:
    """The per-epoch cost from the first of the spec's history names the learner has."""
    for name in ctx.spec.learner.history:
        value = ctx.attribute(handle, cls, name)
        if value is not None:
            return np.asarray(value, dtype=float).ravel(), name
    return None, None


def canonical_params(
    ctx: Context, eta: float, n_iter: int, random_state: int | None, shuffle: bool | None
) -> dict[str, Any]:
    params: dict[str, Any] = {"eta": eta, "n_iter": n_iter}
    if random_state is not None:
        params["random_state"] = random_state
    conv = ctx.convention
    if conv.training != "batch":
        params["shuffle"] = False if shuffle is None else shuffle
    if conv.training == "minibatch":
        params["batch_size"] = conv.batch_size
    return params


def fit(
    ctx: Context,
    cls: str,
    X: np.ndarray,
    y: np.ndarray,
    *,
    eta: float,
    n_iter: int,
    random_state: int | None = 1,
    shuffle: bool | None = None,
    tag: str = "",
) -> Fit:
    """Fit a fresh learner and read back its weights and history (memoised per submission).

    Learners that shuffle are built with ``shuffle=False`` unless ``shuffle`` says
    otherwise, so that an epoch's order is known.  Building, fitting and reading
    the attributes go to the sandbox in one round trip.  A ``tag`` makes a fit
    of its own (the determinism check fits the same learner twice).
    """
    key = fit_key(cls, X, y, eta, n_iter, random_state, shuffle, tag)
    if key not in ctx.memo:
        kwargs = constructor_kwargs(
            ctx, cls, **canonical_params(ctx, eta, n_iter, random_state, shuffle)
        )
        handle, returned_self = ctx.fit_and_read(cls, kwargs, (X, y), _read_names(ctx))
        ctx.memo[key] = _read_fit(ctx, cls, handle, X.shape[1], returned_self)
    return ctx.memo[key]


def _read_names(ctx: Context) -> tuple[str, ...]:
    """The attributes read back after every fit: the weights and the history aliases."""
    return tuple(dict.fromkeys(("w_", "b_", *ctx.spec.learner.history)))


def _read_fit(ctx: Context, cls: str, handle: int, m: int, returned_self: bool) -> Fit:
    """A fitted learner's weights and history (from the attributes read with the fit)."""
    theta, dtype, place = read_weights(ctx, handle, cls, m)
    history, name = read_history(ctx, handle, cls)
    return Fit(returned_self, theta, dtype, history, name, place, handle)


def fit_key(
    cls: str,
    X: np.ndarray,
    y: np.ndarray,
    eta: float,
    n_iter: int,
    random_state: int | None,
    shuffle: bool | None,
    tag: str = "",
) -> tuple:
    return (cls, X.tobytes(), X.shape, y.tobytes(), eta, n_iter, random_state, shuffle, tag)


def prefetch_fits(ctx: Context, cls: str, jobs: list[tuple]) -> None:
    """Fit many fresh learners in few round trips; :func:`fit` then finds them.

    Each job is ``(X, y, eta, n_iter, random_state, shuffle)``, and an optional tag.  A job whose
    learner fails (or that a failure before it stopped) is left for :func:`fit`
    to run alone, so its message is the same as without prefetching.
    """
    if not ctx.batching or f"{cls}.fit" in ctx.hung:
        return
    names = _read_names(ctx)
    per = 2 + len(names)
    size = max(1, MAX_SEQUENCE // per)
    todo, seen = [], set()
    for job in jobs:
        key = fit_key(cls, *job)
        if key not in ctx.memo and key not in seen:
            seen.add(key)
            todo.append(job)
    for start in range(0, len(todo), size):
        chunk = todo[start : start + size]
        steps: list[tuple] = []
        try:
            for X, y, eta, n_iter, random_state, shuffle, *_ in chunk:
                kwargs = constructor_kwargs(
                    ctx, cls, **canonical_params(ctx, eta, n_iter, random_state, shuffle)
                )
                steps += fit_steps(cls, kwargs, (X, y), names, base=len(steps))
        except StudentError:
            return  # fit() says why, one at a time
        results = ctx.sandbox.sequence(steps)
        if len(results) == 1 and len(steps) > 1 and not results[0].ok:
            ctx.batching = False  # the child died or timed out: go one by one
            return
        for i, job in enumerate(chunk):
            part = results[i * per : (i + 1) * per]
            if (
                len(part) < per
                or not part[0].ok
                or (not part[1].ok and part[1].kind != "bad-return")
            ):
                return
            handle = part[0].handle
            for name, result in zip(names, part[2:], strict=True):
                ctx.prefetched[handle, name] = result
            returned_self = bool(part[1].ok and part[1].is_self)
            try:
                ctx.memo[fit_key(cls, *job)] = _read_fit(
                    ctx, cls, handle, job[0].shape[1], returned_self
                )
            except StudentError:
                return
