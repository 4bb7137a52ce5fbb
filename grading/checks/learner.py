"""Reading a student's learner class: which class, its methods, hyperparameters, weights,
history.

Where the spec allows it (``[learner] adapt = true``, the default) the names are
mapped to what the student wrote (:mod:`gdgrade.grading.checks.reading` decides by
meaning): the class through the module's names and its source; ``fit`` and
``predict`` through the class's source (the sandbox then calls them under the
student's names); hyperparameters through the class's signature, the spec's
aliases first (:data:`~gdgrade.grading.presets.HYPERPARAMETER_ALIASES`), then those
``fit`` itself takes (``fit(X, y, n_epochs=..., lr=...)``), always passed
explicitly; the weights and the history from what one fit leaves on the object.
A hyperparameter or a method that cannot be mapped fails, with one message naming
what was expected, only the checks that need it (:attr:`Context.needs`).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from gdgrade.grading.checks.compare import agrees, fmt
from gdgrade.grading.checks.context import Context, StudentError, argname, fit_steps
from gdgrade.grading.checks.epochs import epoch
from gdgrade.grading.checks.magnitude import cost_magnitude
from gdgrade.grading.checks.reading import (
    METHODS,
    ROLES,
    Layout,
    MethodChoice,
    attribute_path,
    choose_layout,
    class_candidates,
    infer_hyperparameters,
    note,
    read_methods,
    roles_for,
    stopping_overrides,
)
from gdgrade.grading.checks.source import NO_DEFAULT, Parameter
from gdgrade.grading.results import Outcome
from gdgrade.grading.sandbox.session import MAX_SEQUENCE
from gdgrade.reference import functions as ref

__all__ = [
    "Fit",
    "FitCall",
    "canonical_params",
    "class_parameters",
    "constructor_kwargs",
    "explain_fit_failure",
    "fit",
    "fit_call",
    "fit_key",
    "fit_parameters",
    "hyperparameter_names",
    "layout",
    "method_name",
    "prefetch_fits",
    "read_history",
    "read_weights",
    "resolve_class",
]

REQUIRED = {key: role.words for key, role in ROLES.items()}
"""What each hyperparameter the grader sets is, in words."""


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
        The dtype of the weights as the student stored them.
    history : ndarray or None
        The per-epoch cost, from the first of the spec's history names found.
    history_name : str or None
        Which attribute that was.
    bias_place : str
        ``"w0"``, ``"separate"`` or ``"last"`` (the last of the weights): where the
        student keeps the bias.
    """

    returned_self: bool
    theta: np.ndarray
    w_dtype: str
    history: np.ndarray | None
    history_name: str | None
    bias_place: str
    handle: int | None = None


def class_parameters(ctx: Context, cls: str) -> tuple[list[Parameter], bool] | None:
    """``cls.__init__``'s parameters (with their uses, from the source) and whether it
    takes ``**kwargs`` (memoised)."""
    key = ("signature", cls)
    if key not in ctx.memo:
        result = ctx.sandbox.signature(cls)
        if result.ok and isinstance(result.value, list):
            written = ctx.source.classes.get(cls) if ctx.source is not None else None
            uses = {p.name: p for p in written.parameters} if written else {}
            parameters = [
                uses.get(p["name"])
                or Parameter(p["name"], p["default"] if "default" in p else NO_DEFAULT)
                for p in result.value
                if p["kind"] not in ("VAR_KEYWORD", "VAR_POSITIONAL") and p["name"] != "self"
            ]
            var_kw = any(p["kind"] == "VAR_KEYWORD" for p in result.value)
            ctx.memo[key] = (parameters, var_kw)
        else:
            ctx.memo[key] = None
    return ctx.memo[key]


def hyperparameter_names(ctx: Context, cls: str) -> dict[str, str]:
    """Each hyperparameter the class accepts, under its name in the class (memoised).

    The spec's aliases first; the others by meaning
    (:func:`~gdgrade.grading.checks.reading.infer_hyperparameters`), each guess noted once.
    """
    key = ("hyperparameters", cls)
    if key in ctx.memo:
        return ctx.memo[key]
    found = class_parameters(ctx, cls)
    out: dict[str, str] = {}
    if found is not None:
        parameters, _ = found
        names = [p.name for p in parameters]
        for role in ROLES:
            aliases = tuple(ctx.spec.learner.hyperparameters.get(role, (role,)))
            name = next((a for a in aliases if a in names), None)
            if name is not None:
                out[role] = name
        roles = roles_for(ctx.convention.training)
        inferred = infer_hyperparameters(
            parameters, [r for r in roles if r not in out], set(out.values())
        )
        out.update(inferred)
        said = [f"`{out[r]}` as {ROLES[r].words} ({r})" for r in ROLES if r in inferred]
        in_fit = _fit_hyperparameters(ctx, cls, [r for r in roles if r not in out])
        out.update(in_fit)
        ctx.memo[("in-fit", cls)] = frozenset(in_fit)
        if in_fit:
            fit_name = methods(ctx, cls)["fit"].name or "fit"
            said.append(
                f"{_and([f'`{in_fit[r]}`' for r in ROLES if r in in_fit])}, "
                f"{'parameters' if len(in_fit) > 1 else 'a parameter'} of {fit_name}, as "
                f"{_and([f'{ROLES[r].words} ({r})' for r in ROLES if r in in_fit])}"
            )
        if said:
            note(ctx.notes, f"hyperparameters:{cls}", f"{cls}: read {', '.join(said)}.")
    ctx.memo[key] = out
    return out


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def fit_parameters(ctx: Context, cls: str) -> list[Parameter]:
    """The parameters ``fit`` takes after the samples and their targets (from the source)."""
    name = methods(ctx, cls)["fit"].name
    written = ctx.source.classes.get(cls) if ctx.source is not None else None
    if name is None or written is None or name not in written.functions:
        return []
    method = written.functions[name]
    return method.parameters[2:] if method.positional >= 2 else []


def _fit_hyperparameters(ctx: Context, cls: str, wanted: list[str]) -> dict[str, str]:
    """The hyperparameters ``fit`` takes itself (``fit(X, y, n_epochs=50, lr=0.01)``): the
    spec's aliases first, then by use, name and default.  Only a parameter with a default
    is taken (``fit(X, y)`` must still work)."""
    if not wanted or not ctx.spec.learner.adapt:
        return {}
    parameters = [p for p in fit_parameters(ctx, cls) if p.default is not NO_DEFAULT]
    names = [p.name for p in parameters]
    out: dict[str, str] = {}
    for role in wanted:
        aliases = tuple(ctx.spec.learner.hyperparameters.get(role, (role,)))
        name = next((a for a in aliases if a in names and a not in out.values()), None)
        if name is not None:
            out[role] = name
    out.update(
        infer_hyperparameters(parameters, [r for r in wanted if r not in out], set(out.values()))
    )
    return out


def methods(ctx: Context, cls: str) -> dict[str, MethodChoice]:
    """The class's methods the grader calls, read by meaning (memoised, each guess noted
    once): ``{"fit": MethodChoice, "predict": MethodChoice}``."""
    key = ("methods", cls)
    if key in ctx.memo:
        return ctx.memo[key]
    written = ctx.source.classes.get(cls) if ctx.source is not None else None
    found = {role: MethodChoice(role) for role in METHODS}
    if written is not None and ctx.spec.learner.adapt:
        read = read_methods(
            written, ctx.convention.training, ctx.convention.label_spec.is_classification
        )
        for role, choice in read.items():
            if choice.name is not None or len(choice.candidates) > 1:
                found[role] = choice  # else the spec's name: the call says it is missing
        said = [f"`{c.name}` as {role}" for role, c in found.items() if c.name not in (None, role)]
        if said:
            note(ctx.notes, f"methods:{cls}", f"{cls}: read {' and '.join(said)}.")
    ctx.memo[key] = found
    return found


def method_name(ctx: Context, cls: str, role: str) -> str:
    """The student's name for the method the grader calls as ``role`` (``fit``, ``predict``).

    Raises
    ------
    StudentError
        Several methods could be it: the message names them.
    """
    choice = methods(ctx, cls)[role]
    if choice.name is None:
        raise StudentError(
            Outcome(
                "failed",
                f"{cls} has no method {role}, and several methods could be it "
                f"({', '.join(choice.candidates)}): name the one that {METHODS[role]} {role}.",
                mistake="method-unmapped",
            )
        )
    return choice.name


@dataclass(frozen=True)
class FitCall:
    """How to build a learner and train it, under the student's names.

    Attributes
    ----------
    kwargs : dict
        The constructor's keyword arguments.
    method : str
        The student's name for ``fit``.
    fit_kwargs : dict
        The hyperparameters ``fit`` takes itself.
    """

    kwargs: dict[str, Any]
    method: str = "fit"
    fit_kwargs: dict[str, Any] | None = None


def fit_call(ctx: Context, cls: str, **canonical: Any) -> FitCall:
    """:func:`constructor_kwargs`, the name of ``fit`` and the hyperparameters it takes.

    Raises
    ------
    StudentError
        As :func:`constructor_kwargs`, or several methods could be ``fit``.
    """
    name = method_name(ctx, cls, "fit")
    misspelled = _misspelled_init(ctx, cls)
    if misspelled is not None:
        hint = INIT_HINT.format(cls=cls, name=misspelled)
        raise StudentError(Outcome("failed", hint, hint=hint, mistake="init-misspelled"))
    required = _fit_requires(ctx, cls, name)
    if required:
        raise StudentError(
            Outcome(
                "failed",
                f"{cls}.{name}(X, y) cannot be called as the assignment calls it: {name} also "
                f"requires {_and([f'`{n}`' for n in required])}, with no default.",
                hint=REQUIRES_HINT.format(fit=name),
                mistake="fit-requires-arguments",
            )
        )
    kwargs = constructor_kwargs(ctx, cls, **canonical)
    if not ctx.spec.learner.adapt:
        return FitCall(kwargs, name)
    names = hyperparameter_names(ctx, cls)
    in_fit = ctx.memo.get(("in-fit", cls), frozenset())
    given = {names[k]: v for k, v in canonical.items() if k in in_fit}
    given.update(_stopping(ctx, cls, fit_parameters(ctx, cls), name))
    return FitCall(kwargs, name, given or None)


REQUIRES_HINT = (
    "{fit}(X, y) must train from X and y alone: start the weights inside {fit} (from "
    "zeros, or drawn from np.random.RandomState(self.random_state)), and take the learning "
    "rate and the number of epochs in __init__ (or give them defaults in {fit})."
)


def _fit_requires(ctx: Context, cls: str, name: str) -> list[str]:
    """The parameters ``fit`` requires after X and y (no default), as written."""
    written = ctx.source.classes.get(cls) if ctx.source is not None else None
    method = written.functions.get(name) if written is not None else None
    if method is None or method.required <= 2:
        return []
    return [p.name for p in method.parameters[2 : method.required]]


INIT_HINT = (
    "{cls} has no __init__, only `{name}`, which Python never calls when it builds the "
    "object: its hyperparameters are never set. The constructor is __init__, two "
    "underscores on each side."
)
_INIT_LIKE = re.compile(r"^(_+init_*|_*init_+|__in+i+t+__|__int__)$")


def _misspelled_init(ctx: Context, cls: str) -> str | None:
    """The method meant as the constructor when the class has none (``_init_``,
    ``__int__``, ``__innit__``) and none of its methods calls it; else None."""
    written = ctx.source.classes.get(cls) if ctx.source is not None else None
    if written is None or written.has("__init__"):
        return None
    called = {c for m in written.functions.values() for c in m.calls}
    found = [n for n in written.methods if _INIT_LIKE.match(n) and n not in called]
    return found[0] if len(found) == 1 else None


def _stopping(ctx: Context, cls: str, parameters: list[Parameter], where: str) -> dict[str, Any]:
    """The early-stopping parameters set so that every epoch runs (noted once per place)."""
    found = stopping_overrides(parameters)
    if found:
        said = _and([f"`{k}` to {v!r}" for k, v in found.items()])
        note(
            ctx.notes,
            f"stopping:{cls}:{where}",
            f"{cls}: set {said} so that {where} trains for every epoch it is asked for "
            "(a tolerance that stops early would end the epochs the checks count).",
        )
    return found


def constructor_kwargs(ctx: Context, cls: str, **canonical: Any) -> dict[str, Any]:
    """The keyword arguments to build ``cls`` with, under the student's names.

    A hyperparameter the class has no parameter for is left out (the class uses its
    own value), unless the running check needs it (:attr:`Context.needs`).

    Raises
    ------
    StudentError
        A hyperparameter the running check needs has no parameter in the class.
    """
    if not ctx.spec.learner.adapt:
        return canonical
    found = class_parameters(ctx, cls)
    if found is None:  # no signature to read (a missing class fails at construction)
        return canonical
    parameters, var_kw = found
    names = hyperparameter_names(ctx, cls)
    in_fit = ctx.memo.get(("in-fit", cls), frozenset())
    out: dict[str, Any] = _stopping(ctx, cls, parameters, methods(ctx, cls)["fit"].name or "fit")
    for key, value in canonical.items():
        aliases = tuple(ctx.spec.learner.hyperparameters.get(key, (key,)))
        if key in in_fit:
            continue  # fit takes it: see fit_call
        if key in names:
            out[names[key]] = value
        elif var_kw:
            out[aliases[0]] = value
        elif key in ctx.needs:
            accepted = ", ".join(p.name for p in parameters) or "none"
            extra = [p.name for p in fit_parameters(ctx, cls)]
            if extra:
                accepted += f"; {methods(ctx, cls)['fit'].name}'s: {', '.join(extra)}"
            raise StudentError(
                Outcome(
                    "failed",
                    f"{cls}(...) has no parameter for {REQUIRED[key]}: expected one of "
                    f"{', '.join(aliases)}, or a parameter used as {REQUIRED[key]} "
                    f"(its parameters: {accepted}).",
                    mistake="hyperparameter-unmapped",
                )
            )
        elif key == "shuffle" and value is False and "order" in ctx.needs and _shuffles(ctx, cls):
            raise StudentError(
                Outcome(
                    "failed",
                    f"{cls}(...) has no 'shuffle' parameter, so its epochs cannot be checked in a "
                    "known order: add shuffle=True to __init__ and honour it in fit.",
                    mistake="no-shuffle-parameter",
                )
            )
    return out


def _shuffles(ctx: Context, cls: str) -> bool:
    """Whether the class may reorder its samples (True when its source is unknown)."""
    written = ctx.source.classes.get(cls) if ctx.source is not None else None
    if written is None:
        return True
    if not written.shuffles:
        note(
            ctx.notes,
            f"no-shuffle:{cls}",
            f"{cls} has no shuffle parameter and never shuffles: its epochs are checked "
            "in the order of the data.",
        )
    return written.shuffles


PROBE_SEED = 11
"""Seed of the small dataset one fit of each class is read on, to find its attributes."""
PROBE_EPOCHS = 3
"""Epochs of that fit: a history of one number per epoch has this length."""
PROBE_FEATURES = 4
"""Features of that dataset: neither its weights (4 or 5 numbers) nor a history can be
taken for the other."""


def layout(ctx: Context, cls: str) -> Layout:
    """Where ``cls`` keeps its weights and history, read by meaning from one fit (memoised)."""
    key = ("layout", cls)
    if key in ctx.memo:
        return ctx.memo[key]
    history = tuple(ctx.spec.learner.history)
    default = Layout("w_", None, history)
    ctx.memo[key] = default
    if not ctx.spec.learner.adapt:
        return default
    try:
        fitting = method_name(ctx, cls, "fit")
    except StudentError:
        return default
    if f"{cls}.{fitting}" in ctx.hung:
        return default
    rng = np.random.default_rng(PROBE_SEED)
    X = rng.standard_normal((6, PROBE_FEATURES))
    labels = ctx.convention.label_spec
    z = X @ np.linspace(1.0, -1.0, PROBE_FEATURES) + 0.1
    y = np.where(z >= 0, labels.positive, labels.negative) if labels.is_classification else z
    eta = 0.1 * ref.learning_rate_bound(X, convention=ctx.convention)
    kept = ctx.needs
    try:
        ctx.needs = frozenset()
        call = fit_call(ctx, cls, **canonical_params(ctx, eta, PROBE_EPOCHS, 1, True))
    except StudentError:
        return default
    finally:
        ctx.needs = kept
    epochs = (
        PROBE_EPOCHS
        if "n_iter" in hyperparameter_names(ctx, cls) or not ctx.spec.learner.adapt
        else None
    )
    results = ctx.sandbox.sequence(
        fit_steps(cls, call.kwargs, (X, y), (), method=call.method, fit_kwargs=call.fit_kwargs)
    )
    if (
        len(results) < 2
        or not results[0].ok
        or not (results[1].ok or results[1].kind == "bad-return")
    ):
        failed = next((r for r in results if not r.ok and r.kind != "bad-return"), None)
        if failed is not None and failed.kind == "exception":
            ctx.memo[("probe-failure", cls)] = (
                f"{cls}.{call.method}({argname(X)}, {argname(y)}) failed: "
                f"{(failed.message or '').strip()}",
                call,
                X,
                y,
            )
        return default
    described = ctx.sandbox.attributes(results[0].handle)
    if not described.ok or not isinstance(described.value, dict):
        return default
    handle = results[0].handle

    def pick(names: list[str], weights: str, bias: str | None) -> str | None:
        return _cost_entry(ctx, cls, (X, y, eta), handle, names, weights, bias)

    written = ctx.source.classes.get(cls) if ctx.source is not None else None
    offsets = sorted(
        {name for method in written.functions.values() for name in method.offsets}
        if written is not None
        else set()
    )
    chosen, found = choose_layout(
        described.value,
        X.shape[1],
        epochs,
        history,
        pick,
        bias_place=ctx.convention.bias,
        offsets=tuple(offsets),
    )
    if chosen is None:
        attributes = ", ".join(sorted(described.value)) or "none"
        ctx.memo[("attributes", cls)] = attributes
        return default
    if chosen.bias is None and _bias_last(ctx, cls):
        chosen = dataclasses.replace(chosen, bias_last=True)
    ctx.memo[key] = chosen
    said = []
    if chosen.bias_last:
        said.append(f"the last entry of `{chosen.weights}` as the bias")
    elif chosen.weights != "w_" or (chosen.bias not in (None, "b_")):
        where = (
            f"`{chosen.weights}` as the weights (bias first)"
            if chosen.bias is None
            else f"`{chosen.weights}` and `{chosen.bias}` as the weights and the bias"
        )
        said.append(where)
    if found is not None and found not in history:
        said.append(f"`{found}` as the cost per epoch")
    if said:
        note(ctx.notes, f"attributes:{cls}", f"{cls}: read {' and '.join(said)}.")
    return chosen


def _bias_last(ctx: Context, cls: str) -> bool:
    """Whether the class keeps the bias last among its weights: its methods read the weights
    as ``w[-1]``/``w[:-1]`` or put a column of ones after the features, and never the
    other way round."""
    written = ctx.source.classes.get(cls) if ctx.source is not None else None
    if written is None:
        return False
    sides = {side for method in written.functions.values() for side in method.bias_side}
    return sides == {"last"}


def _cost_entry(
    ctx: Context,
    cls: str,
    data: tuple[np.ndarray, np.ndarray, float],
    handle: int,
    names: list[str],
    weights: str,
    bias: str | None,
) -> str | None:
    """Of several lists of one number per epoch (a dict's ``"loss"`` and ``"mse"``), the
    one whose second entry is the convention's cost at the weights one epoch leaves
    (from a fit of one epoch, the same seed): None unless exactly one is."""
    X, y, eta = data
    try:
        call = fit_call(ctx, cls, **canonical_params(ctx, eta, 1, 1, True))
    except StudentError:
        return None
    read = [weights] + ([bias] if bias else [])
    steps = fit_steps(
        cls, call.kwargs, (X, y), read, method=call.method, fit_kwargs=call.fit_kwargs
    )
    steps += [("getattr", handle, *attribute_path(name)) for name in names]
    results = ctx.sandbox.sequence(steps)
    if len(results) != len(steps) or not all(r.ok for r in results[2:]):
        return None
    try:
        w = np.asarray(results[2].value, dtype=float).ravel()
        theta = np.concatenate([np.asarray(results[3].value, float).ravel(), w]) if bias else w
        if not bias and _bias_last(ctx, cls):
            theta = np.concatenate([theta[-1:], theta[:-1]])
        values = [np.asarray(r.value, dtype=float).ravel() for r in results[2 + len(read) :]]
    except (TypeError, ValueError):
        return None
    if theta.size != X.shape[1] + 1:
        return None
    with np.errstate(all="ignore"):
        expected = epoch(X, y, theta, eta, ctx.convention)[1]
        magnitude = cost_magnitude(X, y, theta, ctx.convention)
    matching = [
        name
        for name, value in zip(names, values, strict=True)
        if value.size > 1 and agrees(expected, value[1], ctx.tol, magnitude)
    ]
    return matching[0] if len(matching) == 1 else None


def read_weights(ctx: Context, handle: int, cls: str, m: int) -> tuple[np.ndarray, str, str]:
    """The learner's weights as (theta, dtype of the weights, bias place)."""
    where = layout(ctx, cls)
    w = ctx.attribute(handle, cls, where.weights)
    if w is None:
        failure = ctx.memo.get(("probe-failure", cls))
        if failure is not None:  # its attributes could not be read: fit failed on them
            message, call, X, y = failure
            failed = Outcome("failed", message)
            raise StudentError(explain_fit_failure(ctx, cls, call, X, y, failed))
        listed = ctx.memo.get(("attributes", cls))
        extra = f" (its attributes after fit: {listed})" if listed else ""
        raise StudentError(
            Outcome(
                "failed",
                f"{cls}.fit does not set the weights w_: no attribute holds 1 + m floats "
                f"(the bias first), or m floats next to a bias{extra}",
                mistake="no-weights",
            )
        )
    w = np.asarray(w)
    dtype = str(w.dtype)
    if w.dtype.kind not in "biuf":
        raise StudentError(Outcome("failed", f"{cls}.w_ is not a numeric array (dtype {w.dtype})"))
    w = w.astype(float).ravel()
    want = ctx.convention.bias
    bias_name = where.bias or "b_"
    b = ctx.attribute(handle, cls, bias_name) if want == "separate" or w.size == m else None
    if w.size == m + 1 and (want == "w0" or ctx.spec.learner.adapt):
        if where.bias_last:
            return np.concatenate([w[-1:], w[:-1]]), dtype, "last"
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
            f"{cls} after fit on {m} feature(s): expected {expected}; got {where.weights} with "
            f"{w.size} entries{'' if b is None else f' and {bias_name} = {fmt(b)}'}.",
            mistake="weights-shape",
        )
    )


def read_history(ctx: Context, handle: int, cls: str) -> tuple[np.ndarray | None, str | None]:
    """The per-epoch cost from the first of the history names the learner has."""
    for name in layout(ctx, cls).history:
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
    if key in ctx.memo and "order" in ctx.needs and ctx.convention.training != "batch":
        # made for a check that takes any order: this one needs it known (or says why not)
        fit_call(ctx, cls, **canonical_params(ctx, eta, n_iter, random_state, shuffle))
    if key not in ctx.memo:
        call = fit_call(ctx, cls, **canonical_params(ctx, eta, n_iter, random_state, shuffle))
        try:
            handle, returned_self = ctx.fit_and_read(
                cls,
                call.kwargs,
                (X, y),
                _read_names(ctx, cls),
                method=call.method,
                fit_kwargs=call.fit_kwargs,
            )
            ctx.memo[key] = _read_fit(ctx, cls, handle, X.shape[1], returned_self)
        except StudentError as exc:
            raise StudentError(explain_fit_failure(ctx, cls, call, X, y, exc.outcome)) from None
    return ctx.memo[key]


def explain_fit_failure(
    ctx: Context, cls: str, call: FitCall, X: np.ndarray, y: np.ndarray, outcome: Outcome
) -> Outcome:
    """A failed fit's outcome with the hint of a known cause: X or y read as pandas
    objects, targets of one class refused, targets expected as a column (n, 1), or one
    feature only; else the outcome as it was."""
    if outcome.status != "failed":
        return outcome
    if _PANDAS_ONLY.search(outcome.message):
        hint = PANDAS_HINT.format(fit=call.method)
        return dataclasses.replace(outcome, hint=hint, mistake="pandas-input")
    if _LABELS_REFUSED.search(outcome.message) and np.unique(np.asarray(y)).size < 2:
        hint = ONE_CLASS_HINT.format(fit=call.method)
        return dataclasses.replace(outcome, hint=hint, mistake="one-class-refused")
    nested = _nested_attribute(ctx, cls, outcome)
    if nested is not None:
        return nested
    compared = _none_compared(ctx, cls, outcome)
    if compared.mistake is None and _wants_column(ctx, cls, call, X, y):
        hint = COLUMN_HINT.format(fit=call.method)
        return dataclasses.replace(outcome, hint=hint, mistake="y-column")
    if compared.mistake is None and _one_feature_only(ctx, cls, call, X, y):
        hint = ONE_FEATURE_HINT.format(fit=call.method, m=X.shape[1])
        return dataclasses.replace(outcome, hint=hint, mistake="one-feature-only")
    return compared


def _works_on(
    ctx: Context, cls: str, call: FitCall, X: np.ndarray, y: np.ndarray, weights: bool = True
) -> bool:
    """Whether a fit on (X, y) runs (and, with ``weights``, leaves weights that can be
    read)."""
    steps = fit_steps(cls, call.kwargs, (X, y), (), method=call.method, fit_kwargs=call.fit_kwargs)
    results = ctx.sandbox.sequence(steps)
    if not (
        len(results) == 2 and results[0].ok and (results[1].ok or results[1].kind == "bad-return")
    ):
        return False
    if not weights:
        return True
    described = ctx.sandbox.attributes(results[0].handle)
    if not described.ok or not isinstance(described.value, dict):
        return False
    found, _ = choose_layout(described.value, X.shape[1], None, ())
    return found is not None


def _one_feature_only(ctx: Context, cls: str, call: FitCall, X: np.ndarray, y: np.ndarray) -> bool:
    """Whether a fit that failed on several features works on the first one alone: the
    class keeps one weight, written for a single feature (asked once per class)."""
    key = ("one-feature", cls)
    if key not in ctx.memo:
        ctx.memo[key] = (
            X.ndim == 2 and X.shape[1] > 1 and _works_on(ctx, cls, call, X[:, :1], y, weights=False)
        )
    return ctx.memo[key]


_NO_ATTRIBUTE = re.compile(r"AttributeError: '\w+' object has no attribute '(\w+)'")


def _nested_attribute(ctx: Context, cls: str, outcome: Outcome) -> Outcome | None:
    """Why fit's own call to a method failed, when that method is indented into another
    (``net_input`` written inside ``fit``, after its return): the outcome saying so."""
    found = _NO_ATTRIBUTE.search(outcome.message)
    if found is None:
        return None
    name = found.group(1)
    nested = ctx.explain_missing(f"{cls}.{name}")
    if nested is not None and nested.mistake == "method-nested":
        message = f"{outcome.message}\n{nested.message}"
        return dataclasses.replace(nested, message=message)
    return None


def _none_compared(ctx: Context, cls: str, outcome: Outcome) -> Outcome:
    """The outcome with the hint of ``if self.w != None``, when that is what raised."""
    written = ctx.source.classes.get(cls) if ctx.source is not None else None
    if written is None or not written.none_compared or not _AMBIGUOUS.search(outcome.message):
        return outcome
    said = list(dict.fromkeys(written.none_compared))
    fixed = [c.replace(" != None", " is not None").replace(" == None", " is None") for c in said]
    hint = NONE_HINT.format(
        said=" and ".join(f"`{c}`" for c in said), fixed=" and ".join(f"`{c}`" for c in fixed)
    )
    return dataclasses.replace(outcome, hint=hint, mistake="none-compared")


NONE_HINT = (
    "{said}: `==` and `!=` compare every entry of an array with None, and an `if` on the "
    "array of booleans they give raises once there are two or more weights: write {fixed}."
)
_AMBIGUOUS = re.compile(r"truth value of an array with more than one element is ambiguous")


COLUMN_HINT = (
    "{fit} works when y is a column (n, 1), not with y of shape (n,) as it is given (the "
    "textbook's X: (n, m), y: (n,)): y minus a column of predictions makes an (n, n) "
    "matrix. Reshape inside {fit} (y = y.reshape(-1, 1)) or keep the weights 1-d "
    "(np.zeros(1 + X.shape[1]))."
)


ONE_FEATURE_HINT = (
    "{fit} works with one feature (X of shape (n, 1)) but fails with {m}: it is written "
    "for a single feature; keep one weight per feature (np.zeros(X.shape[1])) and take the "
    "net input as X @ w + b."
)

ONE_CLASS_HINT = (
    "{fit} refuses targets of a single class: a training set may hold one (a single "
    "sample, say), and gradient descent learns from it all the same; drop the check on "
    "the labels."
)
_LABELS_REFUSED = re.compile(r"ValueError: .*\b(label|class)", re.I)

PANDAS_HINT = (
    "{fit} reads X or y as a pandas DataFrame or Series (.values, .to_numpy(), .iloc); "
    "they are numpy arrays, as the assignment gives them (X: (n, m), y: (n,)): "
    "np.asarray(X) takes both."
)
_PANDAS_ONLY = re.compile(
    r"'numpy\.ndarray' object has no attribute "
    r"'(values|to_numpy|iloc|loc|columns|index|insert|drop|apply)'"
)


def _wants_column(ctx: Context, cls: str, call: FitCall, X: np.ndarray, y: np.ndarray) -> bool:
    """Whether a fit that failed on ``y`` of shape (n,) works on the same ``y`` as a column
    (n, 1): the class was written for column targets (asked once per class)."""
    key = ("y-column", cls)
    if key not in ctx.memo:
        ctx.memo[key] = False
        ctx.memo[key] = y.ndim == 1 and _works_on(ctx, cls, call, X, y.reshape(-1, 1))
    return ctx.memo[key]


def resolve_class(ctx: Context, wanted: str, spec_names: tuple[str, ...], training: str) -> str:
    """The student's class to grade as the spec's ``wanted`` (memoised per submission).

    The class of that name; else, where the spec allows adapting, the one class of the
    file with ``fit`` and ``predict`` (the guess is noted once).

    Raises
    ------
    StudentError
        No class can be read as ``wanted``: the message says why (not defined, its
        definition failed when imported, several candidates).
    """
    key = ("class", wanted)
    if key not in ctx.memo:
        ctx.memo[key] = _resolve(ctx, wanted, spec_names, training)
    found = ctx.memo[key]
    if isinstance(found, Outcome):
        raise StudentError(found)
    return found


def _resolve(ctx: Context, wanted: str, spec_names: tuple[str, ...], training: str):
    listed = ctx.sandbox.names()
    defined = listed.value if listed.ok and isinstance(listed.value, dict) else {}
    if defined.get(wanted) == "class" or not ctx.spec.learner.adapt:
        return wanted
    written = ctx.source.classes if ctx.source is not None else {}
    live = {name: info for name, info in written.items() if defined.get(name) == "class"}
    claimed = {n for n in spec_names if n != wanted and defined.get(n) == "class"}
    chosen, candidates = class_candidates(wanted, live, claimed, training)
    if chosen is not None:
        note(ctx.notes, f"class:{wanted}", f"read class `{chosen}` as {wanted}.")
        return chosen
    if wanted in written or len(candidates) <= 1:
        lost = not_defined(ctx, wanted)
        if lost is not None:
            return lost
    if len(candidates) > 1:
        return Outcome(
            "failed",
            f"your adaline.py has no class named '{wanted}', and several classes could be "
            f"it ({', '.join(candidates)}): name yours {wanted}.",
            mistake="class-unmapped",
        )
    trained = _trained_in_function(ctx, wanted) if not candidates else None
    if trained is not None:
        return trained
    return Outcome(
        "not-done", f"{wanted} is not done yet (your adaline.py has no class named '{wanted}')"
    )


def _trained_in_function(ctx: Context, wanted: str) -> Outcome | None:
    """A file that trains in a top-level function (``gradient_descent(X, y, theta, alpha,
    num_iters)``), or in a script's top-level loop, where the assignment asks for a class:
    where it trains, and what the class must hold."""
    source = ctx.source
    if source is None or not (source.trainers or source.loops):
        return None
    if source.trainers:
        name, function = min(source.trainers.items(), key=lambda item: item[1].line)
        signature = f"{name}({', '.join(p.name for p in function.parameters)})"
        where, line = f"a function, `{signature}`", function.line
    else:
        where, line = "code at the top of the file, run once as it is imported", source.loops[0]
    return Outcome(
        "failed",
        f"your adaline.py has no class named '{wanted}': it trains in {where} (adaline.py, "
        f"line {line}), where the assignment asks for a class {wanted} with fit and predict.",
        hint=(
            f"you train in {where} (line {line}): put the loop in a class {wanted} "
            f"(__init__ keeps the learning rate and the number of epochs, fit(self, X, y) "
            f"runs the epochs on self.w_ and returns self, predict(self, X) uses them)."
        ),
        mistake="training-outside-class",
    )


def not_defined(ctx: Context, name: str) -> Outcome | None:
    """Why ``name``, written in the file, is not there after the import (None when the
    file does not define it): its statement, or one it needed, failed when imported."""
    source = ctx.source
    failures = tuple(getattr(ctx.sandbox, "import_failures", ()) or ())
    if source is None or name not in source.defined:
        return None
    line = source.defined[name]
    own = next((f for f in failures if f[0] == line), None)
    if own is not None:
        why = own[2].removesuffix(" while importing your module")
        return Outcome(
            "not-graded",
            f"not graded: the definition of {name} (adaline.py, line {line}) failed when "
            f"the file was imported: {why}",
        )
    before = [f for f in failures if f[0] < line]
    if before:
        why = before[0][2].removesuffix(" while importing your module")
        return Outcome(
            "not-graded",
            f"not graded: adaline.py stopped at line {before[0][0]} before defining {name} "
            f"(line {line}): {why}",
        )
    return None


def _read_names(ctx: Context, cls: str) -> tuple[str, ...]:
    """The attributes read back after every fit: the weights and the history."""
    return layout(ctx, cls).names()


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
    if not ctx.batching:
        return
    try:
        if f"{cls}.{method_name(ctx, cls, 'fit')}" in ctx.hung:
            return
    except StudentError:
        return  # fit() says why
    names = _read_names(ctx, cls)
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
                call = fit_call(
                    ctx, cls, **canonical_params(ctx, eta, n_iter, random_state, shuffle)
                )
                steps += fit_steps(
                    cls,
                    call.kwargs,
                    (X, y),
                    names,
                    base=len(steps),
                    method=call.method,
                    fit_kwargs=call.fit_kwargs,
                )
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
