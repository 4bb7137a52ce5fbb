"""Checks of the student's learner classes (``AdalineGD``, ``AdalineSGD``...).

The trajectory is judged whatever the initial weights: one more epoch must be
one reference epoch from the weights after k epochs (``fit`` with ``n_iter=k+1``
against ``n_iter=k``, the same ``random_state``), and ``cost_[t]`` must be the
cost the epoch starts from.  How an epoch walks the data (whole batch, per
sample, mini-batches) comes from the class's convention in the spec; learners
that shuffle are checked with ``shuffle=False`` where the order matters, and the
shuffling itself has its own check.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np

from gdgrade.grading.checks.compare import agrees, fmt
from gdgrade.grading.checks.context import Alternative, Context, StudentError
from gdgrade.grading.checks.epochs import epoch, safe_eta
from gdgrade.grading.checks.hints import predict_alternatives
from gdgrade.grading.checks.inputs import class_problems, threshold_probe
from gdgrade.grading.checks.learner import (
    canonical_params,
    class_parameters,
    constructor_kwargs,
    explain_fit_failure,
    fit,
    fit_call,
    fit_key,
    fit_parameters,
    hyperparameter_names,
    layout,
    method_name,
    methods,
    prefetch_fits,
    read_weights,
)
from gdgrade.grading.checks.magnitude import cost_magnitude, update_magnitude
from gdgrade.grading.checks.properties import Strategy
from gdgrade.grading.results import PASSED, Outcome
from gdgrade.reference import LOSSES, Convention
from gdgrade.reference import functions as ref

__all__ = ["CLASS_CHECKS", "NEEDS"]

SAFE_FRACTION = 0.5
"""Learning rates of the trajectory checks: this fraction of the stable bound."""
HYPER_FRACTION = 0.05
"""Learning rate of the hyperparameter check, as a fraction of the stable bound: small
enough that no loss convention can train out in one epoch."""
CONVERGENCE_EPOCHS = 400
"""Epochs of the convergence check (its data is well conditioned: kappa < 10)."""


def _eta(X: np.ndarray, conv: Convention, fraction: float = SAFE_FRACTION) -> float:
    return safe_eta(X, conv, fraction)


def _run(ctx: Context, key: str, strategy: Strategy, prop, plan=None, cls: str = "") -> Outcome:
    """Check ``prop``; ``plan(example)`` lists the fits an example needs, as
    ``(X, y, eta, n_iter, random_state, shuffle)``, made together beforehand."""

    def before(examples) -> None:
        if plan is not None:
            prefetch_fits(ctx, cls, [job for example in examples for job in plan(example)])

    return ctx.check_property(key, strategy, prop, before=before)


def _two_epochs(conv: Convention, random_state: int = 1, shuffle: bool | None = None):
    """The plan of a check that fits two epochs with a safe learning rate."""
    return lambda d: [(d[0], d[1], _eta(d[0], conv), 2, random_state, shuffle)]


def _problems(
    ctx: Context, extra: Callable[[Any], Any] | None = None, name: str = ""
) -> tuple[str, Strategy]:
    """The class checks' datasets (X, y), with ``extra(hypothesis.strategies)`` drawn as a
    third item when given (``name`` names it in the key)."""
    key, data = class_problems(ctx.convention)
    if extra is None:
        return key, data

    def build():
        from hypothesis import strategies as st

        return st.tuples(data(), extra(st)).map(lambda t: (*t[0], t[1]))

    return f"{key}/{name}", build


def _initial(ctx: Context, cls: str, X, y, eta) -> np.ndarray | None:
    """The weights before any epoch (fit with n_iter=0), or None if that fails."""
    try:
        return fit(ctx, cls, X, y, eta=eta, n_iter=0).theta
    except StudentError:
        return None


def _convention_mismatch(ctx: Context, cls: str, place: str) -> Alternative | None:
    want = ctx.convention.bias
    if place == want:
        return None
    kept = layout(ctx, cls)
    theirs = {
        "w0": f"`{kept.weights}[0]`, the first of the weights",
        "separate": f"`{kept.bias or 'b_'}`, apart from the weights",
        "last": f"`{kept.weights}[-1]`, the last of the weights",
    }
    ours = {"w0": "w_[0], the first of the weights", "separate": "b_, apart from the weights"}
    return Alternative(
        f"convention:bias-{place}",
        f"your {cls} keeps the bias in {theirs[place]}; this assignment keeps it in {ours[want]}.",
        lambda: None,
    )


# -- the checks --------------------------------------------------------------------------
def check_returns_self(ctx: Context, cls: str) -> Outcome:
    """fit(X, y) returns self."""
    key, strategy = _problems(ctx)

    def prop(data) -> Outcome:
        X, y = data
        if fit(ctx, cls, X, y, eta=_eta(X, ctx.convention), n_iter=2).returned_self:
            return PASSED
        name = method_name(ctx, cls, "fit")
        return Outcome(
            "failed",
            f"{cls}.{name}(X, y) must return self, the fitted object, so that "
            f"calls chain: {cls}().{name}(X, y).predict(X).",
            hint="end fit with `return self` (after the epoch loop).",
            mistake="fit-no-return-self",
        )

    return _run(ctx, key, strategy, prop, _two_epochs(ctx.convention), cls)


def check_weights(ctx: Context, cls: str) -> Outcome:
    """After fit, the weights are floats in the convention's place, one per feature + bias."""
    key, strategy = _problems(ctx)

    def prop(data) -> Outcome:
        X, y = data
        f = fit(ctx, cls, X, y, eta=_eta(X, ctx.convention), n_iter=2)
        if f.w_dtype[0] in "iub":
            return Outcome(
                "failed",
                f"{cls}.w_ holds integers (dtype {f.w_dtype}): the updates are truncated.",
                hint="start from float weights, e.g. "
                "np.zeros(1 + X.shape[1]) or rgen.normal(0.0, 0.01, 1 + X.shape[1]).",
                mistake="integer-weights",
            )
        if f.bias_place != ctx.convention.bias:
            alt = _convention_mismatch(ctx, cls, f.bias_place)
            return Outcome("failed", f"{cls}: {alt.hint}", hint=alt.hint, mistake=alt.mistake)
        if not np.all(np.isfinite(f.theta)):
            return Outcome(
                "failed",
                f"{cls}'s weights are not finite after 2 epochs with a safe "
                f"learning rate: {fmt(f.theta)}",
            )
        return PASSED

    return _run(ctx, key, strategy, prop, _two_epochs(ctx.convention), cls)


def check_cost_history(ctx: Context, cls: str) -> Outcome:
    """The history has n_iter entries, each the cost its epoch started from."""
    conv = ctx.convention
    key, strategy = _problems(
        ctx, lambda st: st.integers(1, 4), "integers(min_value=1, max_value=4)"
    )
    names = " or ".join(ctx.spec.learner.history)

    def prop(data) -> Outcome:
        X, y, n_iter = data
        eta = _eta(X, conv)
        outcome = judge(X, y, n_iter, eta)
        if outcome.ok or not _restarts(ctx, cls, X, y, eta, n_iter):
            return outcome
        # Its start differs from fit to fit (the deterministic check says so): the history
        # is judged where any start is lost, so that one cause costs one check.
        targets = _dwarfing(X, y, eta, conv)
        return judge(X, targets, n_iter, eta, slack=_spread(ctx, cls, X, targets, eta, n_iter)[1])

    def judge(X, y, n_iter: int, eta: float, slack: float | None = None) -> Outcome:
        f = fit(ctx, cls, X, y, eta=eta, n_iter=n_iter)
        if f.history is None:
            return Outcome(
                "failed",
                f"{cls}.fit does not record the cost per epoch in {names}.",
                mistake="no-cost-history",
            )
        h = f.history
        if h.size != n_iter:
            hint = mistake = None
            if h.size == n_iter + 1:
                hint, mistake = (
                    "the cost is recorded once more than there are epochs.",
                    "extra-epoch",
                )
            elif h.size == 1 and n_iter > 1:
                hint = "fit stops after the first epoch: is `return self` inside the epoch loop?"
                mistake = "return-inside-loop"
            return Outcome(
                "failed",
                f"{cls}.{f.history_name} has {h.size} entries after fit "
                f"with n_iter={n_iter}; expected {n_iter}.",
                hint=hint,
                mistake=mistake,
                counterexample={"input": {"X": X.tolist(), "y": y.tolist(), "n_iter": n_iter}},
            )
        thetas = [_initial(ctx, cls, X, y, eta)]
        thetas += [fit(ctx, cls, X, y, eta=eta, n_iter=t).theta for t in range(1, n_iter + 1)]
        for t in range(n_iter):
            if thetas[t] is None:
                continue
            _, expected = epoch(X, y, thetas[t], eta, conv)
            magnitude = _slackened(ctx, cost_magnitude(X, y, thetas[t], conv), slack)
            if agrees(expected, h[t], ctx.tol, magnitude):
                continue
            alternatives = [
                Alternative(
                    "cost-after-update",
                    f"{f.history_name}[t] must be the cost before "
                    "epoch t's update: compute it from the same errors as the update.",
                    lambda t=t: epoch(X, y, thetas[t + 1], eta, conv)[1],
                ),
                *[
                    Alternative(
                        f"convention:{name}",
                        f"your {cls} records {loss.description} "
                        f"({name}); this assignment uses {conv.loss_spec.description}.",
                        lambda t=t, name=name: epoch(X, y, thetas[t], eta, conv.with_(loss=name))[
                            1
                        ],
                    )
                    for name, loss in LOSSES.items()
                    if name != conv.loss
                ],
                *_features_for_samples(
                    X, conv, lambda n, t=t: epoch(X, y, thetas[t], eta, conv)[1] * n
                ),
                *[
                    Alternative(
                        "misclassification-count",
                        f"{f.history_name} counts the misclassified samples (the perceptron's "
                        "errors_), not the cost: record the cost its epoch starts from, "
                        f"J = {conv.loss_spec.description}, in {names}.",
                        lambda t=t, when=when: _misclassified(X, y, thetas[t + when], conv),
                    )
                    for when in (0, 1)
                ],
                Alternative(
                    "perceptron-threshold",
                    "the cost is computed from thresholded predictions (the perceptron rule); "
                    "Adaline's cost uses the net input: errors = y - activation(net_input(X)).",
                    lambda t=t: (
                        epoch(X, y, thetas[t], eta, conv, thresholded=True)[1]
                        if conv.label_spec.is_classification
                        else None
                    ),
                ),
            ]
            if slack is not None:
                known = list(alternatives)
                alternatives.append(
                    Alternative(
                        "not-deterministic",
                        "two fits on the same data give different weights: draw them from a "
                        "seeded generator, np.random.RandomState(self.random_state), or start "
                        "from zeros.",
                        lambda t=t, known=known, magnitude=magnitude: (
                            None if _explained(ctx, known, h[t], magnitude) else h[t]
                        ),
                    )
                )
            return ctx.fail(
                f"{cls}.{f.history_name}[{t}] is not the cost at the start of epoch {t}",
                inputs={
                    "X": X,
                    "y": y,
                    "eta": eta,
                    "n_iter": n_iter,
                    f"weights before epoch {t}": thetas[t],
                },
                expected=expected,
                got=h[t],
                alternatives=alternatives,
                magnitude=magnitude,
            )
        return PASSED

    return _run(
        ctx,
        key,
        strategy,
        prop,
        lambda d: [(d[0], d[1], _eta(d[0], conv), t, 1, None) for t in range(d[2] + 1)],
        cls,
    )


def _misclassified(X: np.ndarray, y: np.ndarray, theta, conv: Convention) -> float | None:
    """How many samples the weights ``theta`` label wrongly (None for a regression)."""
    if theta is None or not conv.label_spec.is_classification:
        return None
    return float(np.sum(ref.predict(X, theta, convention=conv) != y))


def _other_targets(X: np.ndarray, y: np.ndarray, conv: Convention) -> np.ndarray:
    """``y`` with one target changed: the label of the sample farthest from the origin
    flipped (a real target moved by 1).  Any epoch that learns the bias or the weights
    from the errors then ends elsewhere."""
    k = int(np.argmax(np.linalg.norm(X, axis=1)))
    other = y.astype(float).copy()
    labels = conv.label_spec
    if labels.is_classification:
        other[k] = labels.negative if y[k] == labels.positive else labels.positive
    else:
        other[k] += 1.0
    return other


FEATURES_FOR_SAMPLES = (
    "the mean is taken over the features, not the samples: you divide by X.shape[1] "
    "(the number of features{plus}) where the number of samples, X.shape[0], belongs."
)


def _features_for_samples(X: np.ndarray, conv: Convention, scaled) -> list[Alternative]:
    """A mean loss divided by the number of features (or features + 1, the column of
    ones) instead of the samples': ``scaled(n / m)`` is the right value rescaled."""
    if not conv.loss_spec.mean:
        return []
    n, m = X.shape
    return [
        Alternative(
            mistake,
            FEATURES_FOR_SAMPLES.format(plus=plus),
            lambda count=count: scaled(n / count) if count != n else None,
        )
        for mistake, count, plus in (
            ("mean-over-features", m, ""),
            # told apart: an example that refutes one of them says nothing of the other
            ("mean-over-weights", m + 1, ", plus one for the bias"),
        )
    ]


def _epoch_alternatives(
    ctx: Context,
    cls: str,
    X,
    y,
    theta,
    eta,
    k: int,
    after: np.ndarray,
    slack: float | None = None,
) -> list[Alternative]:
    """What the weights after one more epoch would be under each known mistake.

    ``after`` equal to ``theta`` (one more epoch changed nothing) is told apart with one
    more fit: weights that do not depend on the targets were never trained at all;
    weights that do were trained for a number of epochs that ignores ``n_iter``.
    ``slack``: the fits are known to start afresh each time, the targets dwarf any start
    (see :func:`_dwarfing`) and values this close are the same (:func:`_slackened`): a
    start that differs is named only when no other mistake fits.
    """
    conv = ctx.convention
    right, _ = epoch(X, y, theta, eta, conv)
    other_training = [t for t in ("batch", "sgd") if t != conv.training]

    def perceptron() -> np.ndarray | None:
        if not conv.label_spec.is_classification:
            return None
        return epoch(X, y, theta, eta, conv, thresholded=True)[0]

    def trains() -> bool | None:
        """Whether fit's weights depend on the targets (None: cannot tell)."""
        if not np.array_equal(after, theta):
            return None
        other = fit(ctx, cls, X, _other_targets(X, y, conv), eta=eta, n_iter=k + 1).theta
        return not np.array_equal(other, after)

    def unchanged(when: bool) -> np.ndarray | None:
        return theta if trains() is when else None

    frozen = right.copy()
    frozen[0] = theta[0]
    moved_bias = theta.copy()
    moved_bias[0] = right[0]
    g = ref.gradient(X, y, theta, convention=conv)
    words = {
        "batch": "accumulates Δw over the whole training set before the weights change",
        "sgd": "updates the weights after every sample",
    }
    default_eta = _default_eta(ctx, cls)

    def refit_differs() -> np.ndarray | None:
        again = fit(ctx, cls, X, y, eta=eta, n_iter=k, tag="again").theta
        return after if not np.array_equal(again, theta) else None

    restarting = Alternative(
        "not-deterministic",
        "two fits on the same data start from different weights: draw them from a "
        "seeded generator, np.random.RandomState(self.random_state), or start from zeros.",
        refit_differs,
    )
    stops_early = _breaks(ctx, cls)
    known = [
        Alternative(
            "no-training",
            "fit never changes the weights (they do not depend on the targets y): each "
            "epoch must update self.w_ itself, not a copy or a local variable.",
            lambda: unchanged(False),
        ),
        Alternative(
            "early-stop" if stops_early else "fixed-epochs",
            EARLY_STOP_HINT if stops_early else FIXED_EPOCHS_HINT,
            lambda: unchanged(True),
        ),
        *[
            Alternative(
                f"convention:{name}",
                f"your epoch follows {loss.description} ({name}); "
                f"this assignment uses {conv.loss_spec.description}.",
                lambda name=name: epoch(X, y, theta, eta, conv.with_(loss=name))[0],
            )
            for name, loss in LOSSES.items()
            if name != conv.loss
        ],
        *_features_for_samples(
            X, conv, lambda n: theta + n * (right - theta) if conv.training == "batch" else None
        ),
        Alternative(
            "frozen-bias",
            "the bias never changes: update w_[0] (or b_) from the same errors as the weights.",
            lambda: frozen,
        ),
        Alternative(
            "frozen-weights",
            "only the bias changes: update the weights w_ from the errors too "
            "(w_[1:] += eta * X.T.dot(errors)).",
            lambda: moved_bias,
        ),
        Alternative(
            "eta-ignored",
            f"the update uses a fixed learning rate ({default_eta or 0:g}, the default), not "
            "the eta the learner was built with: use self.eta in the update.",
            lambda: (
                epoch(X, y, theta, default_eta, conv)[0]
                if default_eta is not None and default_eta != eta
                else None
            ),
        ),
        *[
            Alternative(
                "per-sample-updates" if t == "sgd" else "batch-updates",
                f"this learner {words[conv.training] if conv.training in words else ''}"
                f"; yours {words[t]}.",
                lambda t=t: epoch(X, y, theta, eta, conv.with_(training=t))[0],
            )
            for t in other_training
        ],
        Alternative(
            "perceptron-threshold",
            "the errors are computed from thresholded "
            "predictions (the perceptron rule); Adaline learns from the net input: "
            "errors = y - activation(net_input(X)).",
            perceptron,
        ),
        Alternative(
            "update-ascent",
            "the weights move up the gradient: Δw = +eta * sum_i (y_i - phi(z_i)) x_i.",
            lambda: 2 * theta - right,
        ),
        Alternative(
            "update-no-eta",
            "the learning rate eta is missing from the update.",
            lambda: theta - g if conv.training == "batch" else None,
        ),
    ]
    if slack is None:
        return [restarting, *known]
    magnitude = _slackened(ctx, update_magnitude(X, y, theta, eta, conv), slack)

    def unexplained() -> np.ndarray | None:
        """``after``, when the start differs and no known mistake gives it."""
        return None if _explained(ctx, known, after, magnitude) else refit_differs()

    return [*known, dataclasses.replace(restarting, value=unexplained)]


def _explained(ctx: Context, known: list[Alternative], got, magnitude) -> bool:
    """Whether one of the ``known`` mistakes gives ``got``."""
    for alt in known:
        with np.errstate(all="ignore"):
            try:
                value = alt.value()
            except Exception:  # a mutant that cannot be built does not match
                continue
        if value is not None and agrees(value, got, ctx.tol, magnitude):
            return True
    return False


START_SCALE = 1e15
"""How large the weights are made, when a trajectory check is judged again for a learner
that starts from different weights at every fit (unseeded random weights).  An epoch is
affine in the weights, so the weights after k epochs are the targets' share, of the
targets' size, plus what is left of the start, of the start's size: with weights of 1e15,
a start below 1e5 stays under the comparison's ``atol`` (1e-9 of the largest weight),
while a wrong epoch is still off by a part of its step."""


def _dwarfing(X: np.ndarray, y: np.ndarray, eta: float, conv: Convention) -> np.ndarray:
    """Targets next to which any start is lost: ``y + 1 + 2 max|y|`` (all positive, so the
    bias moves; as varied as ``y``), scaled so that one reference epoch from zero weights
    takes the largest weight to :data:`START_SCALE`."""
    targets = y + 1.0 + 2.0 * float(np.max(np.abs(y), initial=0.0))
    step = epoch(X, targets, np.zeros(X.shape[1] + 1), eta, conv)[0]
    size = float(np.max(np.abs(step), initial=0.0))
    return targets * (START_SCALE / size) if np.isfinite(size) and size > 0 else targets


def _spread(ctx: Context, cls: str, X, y, eta: float, n_iter: int) -> tuple[float, float]:
    """How far two fits of ``cls`` on the same data end apart: the largest difference of
    their weights, and of their histories (0 when either has none)."""
    one = fit(ctx, cls, X, y, eta=eta, n_iter=n_iter)
    two = fit(ctx, cls, X, y, eta=eta, n_iter=n_iter, tag="again")
    weights = float(np.max(np.abs(one.theta - two.theta), initial=0.0))
    same = one.history is not None and two.history is not None
    same = same and one.history.shape == two.history.shape
    costs = float(np.max(np.abs(one.history - two.history), initial=0.0)) if same else 0.0
    return weights, costs


SLACK = 4.0
"""Values of a learner whose start differs from fit to fit are the same when they differ by
less than this many times the distance between two of its fits (its start's share)."""


def _slackened(ctx: Context, magnitude, slack: float | None):
    """``magnitude`` widened so that the comparison allows ``SLACK * slack`` more (the
    comparison allows ``rtol`` times the magnitude)."""
    if slack is None or not ctx.tol.rtol:
        return magnitude
    return np.asarray(magnitude, dtype=float) + SLACK * slack / ctx.tol.rtol


def _restarts(ctx: Context, cls: str, X, y, eta: float, n_iter: int) -> bool:
    """Whether two fits of ``cls`` on the same data end at different weights."""
    first = fit(ctx, cls, X, y, eta=eta, n_iter=n_iter).theta
    return not np.array_equal(first, fit(ctx, cls, X, y, eta=eta, n_iter=n_iter, tag="again").theta)


FIXED_EPOCHS_HINT = (
    "one more epoch changes nothing: fit trains for the same number of epochs whatever "
    "n_iter is (is n_iter overwritten, or `return self` inside the loop?)."
)
EARLY_STOP_HINT = (
    "one more epoch changes nothing: a `break` in the epoch loop (a tolerance on the change "
    "of the cost, or of the weights) ends training before n_iter epochs. This assignment "
    "trains for every epoch it asks for: take the tolerance as a parameter of __init__ "
    "(tol=None: no early stop), or drop the `break`."
)


def _breaks(ctx: Context, cls: str) -> bool:
    """Whether the method that trains ``cls`` (or one it calls) leaves a loop by ``break``."""
    written = ctx.source.classes.get(cls) if ctx.source is not None else None
    name = methods(ctx, cls)["fit"].name
    if written is None or name is None or name not in written.functions:
        return False
    method = written.functions[name]
    called = [written.functions[c] for c in method.calls if c in written.functions]
    return any(m.breaks for m in (method, *called))


def _default_eta(ctx: Context, cls: str) -> float | None:
    """The default of the class's learning-rate parameter (its own, or fit's), when it is a
    number."""
    name = hyperparameter_names(ctx, cls).get("eta")
    found = class_parameters(ctx, cls)
    if name is None or found is None:
        return None
    default = next(
        (p.default for p in [*found[0], *fit_parameters(ctx, cls)] if p.name == name), None
    )
    ok = isinstance(default, (int, float)) and not isinstance(default, bool) and default > 0
    return float(default) if ok else None


def check_one_more_epoch(ctx: Context, cls: str) -> Outcome:
    """One more epoch is one reference epoch from the weights after k epochs (any start)."""
    conv = ctx.convention
    key, strategy = _problems(
        ctx,
        lambda st: st.tuples(st.integers(1, 2), st.sampled_from([0.05, 0.5, 0.9])),
        "tuples(integers(min_value=1, max_value=2), sampled_from([0.05, 0.5, 0.9]))",
    )

    def judge(X, y, k: int, eta: float, slack: float | None = None) -> Outcome:
        before = fit(ctx, cls, X, y, eta=eta, n_iter=k).theta
        after = fit(ctx, cls, X, y, eta=eta, n_iter=k + 1).theta
        expected, _ = epoch(X, y, before, eta, conv)
        return (
            ctx.expect(
                expected,
                after,
                what=f"weights after epoch {k + 1}",
                inputs={"X": X, "y": y, "eta": eta, f"weights after {k} epoch(s)": before},
                alternatives=_epoch_alternatives(
                    ctx, cls, X, y, before, eta, k, after, slack=slack
                ),
                magnitude=_slackened(ctx, update_magnitude(X, y, before, eta, conv), slack),
            )
            or PASSED
        )

    def prop(data) -> Outcome:
        X, y, (k, fraction) = data
        eta = _eta(X, conv, fraction)
        outcome = judge(X, y, k, eta)
        if outcome.ok or not _restarts(ctx, cls, X, y, eta, k):
            return outcome
        # Its start differs from fit to fit (the deterministic check says so): the epoch
        # is judged where any start is lost, so that one cause costs one check.
        targets = _dwarfing(X, y, eta, conv)
        return judge(X, targets, k, eta, slack=_spread(ctx, cls, X, targets, eta, k)[0])

    return _run(
        ctx,
        key,
        strategy,
        prop,
        lambda d: [
            (d[0], d[1], _eta(d[0], conv, d[2][1]), k, 1, None) for k in (d[2][0], d[2][0] + 1)
        ],
        cls,
    )


def _moves(X, y, theta, eta, conv: Convention) -> bool:
    """Whether one reference epoch from ``theta`` moves both the bias and the weights (then
    any class that learns either of them shows a change)."""
    step = epoch(X, y, theta, eta, conv)[0] - theta
    floor = 1e-9 * max(1.0, float(np.max(np.abs(theta))))
    return bool(abs(step[0]) > floor and np.max(np.abs(step[1:])) > floor)


NO_TRAINING = (
    "no-training",
    "each epoch must update self.w_ itself (in place or by assignment), not a copy or a "
    "local variable.",
)
ETA_IGNORED = ("eta-ignored", "use self.eta in the update, not a constant.")
N_ITER_IGNORED = (
    "n-iter-ignored",
    "loop `for _ in range(self.n_iter)`, with the n_iter given to __init__.",
)


def check_hyperparameters(ctx: Context, cls: str) -> Outcome:
    """eta and n_iter are honoured: changing either changes the training.

    Judged wherever the reference moves both the bias and the weights, whatever the
    class does with ``n_iter=0``: weights that do not depend on the targets were never
    trained; weights that moved in one epoch but are the same for eta and eta/10 ignore
    eta; weights that are the same after 0, 1 and 3 epochs (for other targets too, and
    with no history counting the epochs) ignore n_iter.  A class whose own rule makes no
    update on an example (a perceptron that classifies it already) is not judged there.
    """
    conv = ctx.convention
    key, strategy = _problems(ctx)

    def failed(message: str, known: tuple[str, str], example: dict) -> Outcome:
        return Outcome("failed", message, counterexample=example, candidates=(known,))

    def prop(data) -> Outcome:
        X, y = data
        eta = _eta(X, conv, HYPER_FRACTION)
        example = {"input": {"X": X.tolist(), "y": y.tolist(), "eta": eta}}
        start = _initial(ctx, cls, X, y, eta)
        fit_one, fit_three = (fit(ctx, cls, X, y, eta=eta, n_iter=n) for n in (1, 3))
        one, three = fit_one.theta, fit_three.theta
        if not _moves(X, y, start if start is not None else one, eta, conv):
            return PASSED  # nothing the reference would move on this example
        other = _other_targets(X, y, conv)
        other_one = fit(ctx, cls, X, other, eta=eta, n_iter=1).theta
        if np.array_equal(other_one, one):
            return failed(
                f"{cls}.fit never trains: one epoch on targets {fmt(y)} and on {fmt(other)} "
                f"gives the same weights {fmt(one)}, so eta and n_iter cannot matter.",
                NO_TRAINING,
                example,
            )
        still = start is not None and np.array_equal(start, one)
        slow = fit(ctx, cls, X, y, eta=eta / 10, n_iter=1).theta
        if not still and start is not None and np.array_equal(one, slow):
            return failed(
                f"{cls} ignores eta: one epoch with eta={eta:.4g} and with "
                f"eta={eta / 10:.4g} gives the same weights {fmt(one)}.",
                ETA_IGNORED,
                example,
            )
        histories = (fit_one.history, fit_three.history)
        counted = all(h is not None for h in histories) and [h.size for h in histories] == [1, 3]
        if (
            np.array_equal(one, three)
            and (start is None or still)
            and not counted
            and np.array_equal(other_one, fit(ctx, cls, X, other, eta=eta, n_iter=3).theta)
        ):
            return failed(
                f"{cls} ignores n_iter: 0, 1 and 3 epochs give the same weights {fmt(one)}.",
                N_ITER_IGNORED,
                example,
            )
        return PASSED

    return _run(
        ctx,
        key,
        strategy,
        prop,
        lambda d: [
            (d[0], targets, e, t, 1, None)
            for targets in (d[1], _other_targets(d[0], d[1], conv))
            for e, t in (
                (_eta(d[0], conv, HYPER_FRACTION), 0),
                (_eta(d[0], conv, HYPER_FRACTION), 1),
                (_eta(d[0], conv, HYPER_FRACTION) / 10, 1),
                (_eta(d[0], conv, HYPER_FRACTION), 3),
            )
        ],
        cls,
    )


def check_deterministic(ctx: Context, cls: str) -> Outcome:
    """The same random_state gives the same weights (shuffling included)."""
    key, strategy = _problems(ctx)
    shuffle = True if ctx.convention.training != "batch" else None

    def prop(data) -> Outcome:
        X, y = data
        eta = _eta(X, ctx.convention)
        a = fit(ctx, cls, X, y, eta=eta, n_iter=2, random_state=7, shuffle=shuffle).theta
        b = fit(
            ctx, cls, X, y, eta=eta, n_iter=2, random_state=7, shuffle=shuffle, tag="again"
        ).theta
        if np.array_equal(a, b):
            return PASSED
        seeded = "random_state" in hyperparameter_names(ctx, cls)
        return Outcome(
            "failed",
            f"two fits of {cls} with random_state=7 give different weights ({fmt(a)} and {fmt(b)})."
            if seeded
            else f"two fits of {cls} give different weights ({fmt(a)} and {fmt(b)}).",
            hint="draw the initial weights (and the shuffles) from "
            "np.random.RandomState(self.random_state), not from the global numpy "
            "random state."
            if seeded
            else f"{cls} has no random_state parameter: start from fixed weights "
            "(np.zeros(1 + X.shape[1])), or add random_state=1 to __init__ and draw from "
            "np.random.RandomState(self.random_state).",
            mistake="not-deterministic",
        )

    def plan(d):
        eta = _eta(d[0], ctx.convention)
        return [(d[0], d[1], eta, 2, 7, shuffle), (d[0], d[1], eta, 2, 7, shuffle, "again")]

    return _run(ctx, key, strategy, prop, plan, cls)


def check_inputs_untouched(ctx: Context, cls: str) -> Outcome:
    """fit(X, y) leaves X and y as they were (no shuffling or scaling in place)."""
    key, strategy = _problems(ctx)
    shuffle = True if ctx.convention.training != "batch" else None

    echoed: dict[tuple, tuple] = {}

    def build(X):
        params = canonical_params(ctx, _eta(X, ctx.convention), 2, 1, shuffle)
        return fit_call(ctx, cls, **params)

    def before(examples) -> None:
        """Every example's fit, echoing X and y back, in one round trip."""
        try:
            steps = []
            for k, (X, y) in enumerate(examples):
                call = build(X)
                steps += [
                    ("new", cls, (), call.kwargs),
                    ("method_echo", ("step", 2 * k), call.method, (X, y), call.fit_kwargs or {}),
                ]
        except StudentError:
            return
        results = ctx.sandbox.sequence(steps) if steps and ctx.batching else []
        for k, (X, y) in enumerate(examples):
            done = results[2 * k + 1] if 2 * k + 1 < len(results) else None
            if done is not None and done.ok and done.after:
                echoed[X.tobytes(), y.tobytes()] = done.after

    def prop(data) -> Outcome:
        X, y = data
        after = echoed.pop((X.tobytes(), y.tobytes()), None)
        call = build(X)
        if after is None:
            handle = ctx.new(cls, **call.kwargs)
            try:
                after = ctx.method_echo(handle, cls, call.method, X, y, **(call.fit_kwargs or {}))
            except StudentError as exc:
                raise StudentError(explain_fit_failure(ctx, cls, call, X, y, exc.outcome)) from None
        for name, before, now in zip(("X", "y"), (X, y), after, strict=False):
            if now is not None and not np.array_equal(before, now):
                return Outcome(
                    "failed",
                    f"{cls}.{call.method}(X, y) modified {name} in place (before: "
                    f"{fmt(before)}, after: {fmt(now)}).",
                    hint="work on copies: shuffle with an index array (X[r], y[r]) "
                    "and never assign into X or y.",
                    mistake="fit-modifies-input",
                    counterexample={"input": {"X": X.tolist(), "y": y.tolist()}},
                )
        return PASSED

    return ctx.check_property(key, strategy, prop, before=before)


def _convergence_data(conv: Convention, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Well-conditioned standardised data; noise-free (realizable) for learners that
    update per sample, whose constant-eta iterates only settle where every sample agrees."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((30, 3))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    z = X @ np.array([1.5, -2.0, 0.5]) + 0.3
    if conv.training != "batch":
        return X, z
    z = z + 0.5 * rng.standard_normal(30)
    labels = conv.label_spec
    if labels.is_classification:
        return X, np.where(z >= 0, labels.positive, labels.negative)
    return X, z


def _converges_in_order(ctx: Context, cls: str, X, y, eta, target, scale) -> bool:
    """Whether the learner reaches ``target`` when it does not shuffle."""
    try:
        f = fit(ctx, cls, X, y, eta=eta, n_iter=CONVERGENCE_EPOCHS, shuffle=False)
    except StudentError:
        return False
    return bool(np.all(np.abs(f.theta - target) <= ctx.tol.convergence_atol * scale))


def check_converges(ctx: Context, cls: str) -> Outcome:
    """With a safe learning rate, fit converges to the least-squares solution."""
    conv = ctx.convention
    shuffle = True if conv.training != "batch" else None
    for seed in (0, 1):
        X, y = _convergence_data(conv, seed)
        eta = _eta(X, conv)
        try:
            f = fit(ctx, cls, X, y, eta=eta, n_iter=CONVERGENCE_EPOCHS, shuffle=shuffle)
        except StudentError as exc:
            return exc.outcome
        target = ref.least_squares(X, y)
        scale = max(1.0, float(np.abs(target).max()))
        if not np.all(np.abs(f.theta - target) <= ctx.tol.convergence_atol * scale):
            hint = mistake = None
            if shuffle and _converges_in_order(ctx, cls, X, y, eta, target, scale):
                hint = (
                    "in data order your updates reach the exact solution, shuffled they do "
                    "not: shuffle X and y with the same permutation (X[r], y[r])."
                )
                mistake = "not-converging"
            return Outcome(
                "failed",
                f"after {CONVERGENCE_EPOCHS} epochs with eta = {eta:.4g} (half the stable bound) "
                f"on 30 standardised samples, the weights are {fmt(f.theta)}; the least-squares "
                f"solution is {fmt(target)}.",
                hint=hint,
                mistake=mistake,
                counterexample={
                    "input": {"seed": seed, "eta": eta},
                    "expected": target.tolist(),
                    "got": f.theta.tolist(),
                },
            )
    return PASSED


def check_class_predict(ctx: Context, cls: str) -> Outcome:
    """predict(X) thresholds the learner's own net input by the convention: on the
    training data, and on samples whose net inputs lie on both sides of the threshold."""
    conv = ctx.convention
    key, strategy = _problems(ctx)

    def judged(X, theta, got, what) -> Outcome | None:
        return ctx.expect(
            ref.predict(X, theta, convention=conv),
            got,
            what=what,
            inputs={"X": X, "weights": theta, "net input": ref.net_input(X, theta)},
            alternatives=predict_alternatives(X, theta, conv),
        )

    def prop(data) -> Outcome:
        X, y = data
        f = fit(ctx, cls, X, y, eta=_eta(X, conv), n_iter=2)
        theta = f.theta
        name = method_name(ctx, cls, "predict")
        got = ctx.method(f.handle, cls, name, X).value
        wrong = judged(X, theta, got, f"{cls}.{name}(X)")
        if wrong is not None:
            return wrong
        probe = threshold_probe(theta, conv)
        if probe is None:
            return PASSED
        got = ctx.method(f.handle, cls, name, probe).value
        return (
            judged(probe, theta, got, f"{cls}.{name} on net inputs around the threshold") or PASSED
        )

    def before(examples) -> None:
        plan = _two_epochs(conv)
        prefetch_fits(ctx, cls, [job for example in examples for job in plan(example)])
        try:
            name = method_name(ctx, cls, "predict")
        except StudentError:
            return  # prop says why
        calls = []
        for X, y in examples:
            found = ctx.memo.get(fit_key(cls, X, y, _eta(X, conv), 2, 1, None))
            if found is not None:
                calls.append((found.handle, name, (X,)))
                probe = threshold_probe(found.theta, conv)
                if probe is not None:
                    calls.append((found.handle, name, (probe,)))
        ctx.prefetch_methods(calls)

    return ctx.check_property(key, strategy, prop, before=before)


SHUFFLE_DATA_SEED = 5
"""Seed of the noise-free data of the shuffle check."""
SHUFFLE_EPOCHS = 300
"""Epochs for shuffled per-sample updates to settle on that data's exact solution."""


def check_shuffle(ctx: Context, cls: str) -> Outcome:
    """shuffle=True reorders the samples each epoch, from random_state, keeping X and y paired."""
    conv = ctx.convention
    rng = np.random.default_rng(SHUFFLE_DATA_SEED)
    X = rng.standard_normal((8, 2))
    y = X @ np.array([0.7, -1.1]) + 0.2  # noise-free: any paired order keeps one fixed point
    eta = _eta(X, conv)
    try:
        # a start that differs from fit to fit (the deterministic check says so) is lost
        # next to targets that dwarf it: the shuffles are then told apart by tolerance
        restarts = _restarts(ctx, cls, X, y, eta, 3)
        targets = _dwarfing(X, y, eta, conv) if restarts else y
        plain, mixed, again = (
            fit(ctx, cls, X, targets, eta=eta, n_iter=3, random_state=3, shuffle=s, tag=t).theta
            for s, t in ((False, ""), (True, ""), (True, "again"))
        )
    except StudentError as exc:
        return exc.outcome

    def same(a: np.ndarray, b: np.ndarray) -> bool:
        return agrees(a, b, ctx.tol) if restarts else np.array_equal(a, b)

    if same(plain, mixed):
        return Outcome(
            "failed",
            f"{cls} ignores shuffle: 3 epochs with shuffle=True and with "
            f"shuffle=False give the same weights {fmt(plain)}.",
            hint="when self.shuffle is true, reorder X and y at the start of every "
            "epoch: r = self.rgen.permutation(len(y)); X, y = X[r], y[r].",
            mistake="shuffle-ignored",
        )
    if not same(mixed, again):
        return Outcome(
            "failed",
            f"{cls} shuffles differently with the same random_state "
            f"({fmt(mixed)} and {fmt(again)}).",
            hint="draw the permutations from np.random.RandomState(self.random_state).",
            mistake="not-deterministic",
        )
    # On noise-free data every sample agrees on one solution, which shuffled per-sample
    # updates reach in any order, but only if each x_i still meets its own y_i.
    try:
        long = fit(ctx, cls, X, y, eta=eta, n_iter=SHUFFLE_EPOCHS, random_state=3, shuffle=True)
    except StudentError as exc:
        return exc.outcome
    target = ref.least_squares(X, y)
    if not np.allclose(long.theta, target, rtol=0, atol=ctx.tol.convergence_atol):
        return Outcome(
            "failed",
            f"with shuffle=True, {SHUFFLE_EPOCHS} epochs on noise-free data "
            f"end at {fmt(long.theta)}, not at the exact solution {fmt(target)} that "
            "every sample agrees on.",
            hint="X and y must be shuffled with the same "
            "permutation: r = self.rgen.permutation(len(y)); X, y = X[r], y[r].",
            mistake="shuffle-unpaired",
        )
    return PASSED


def check_partial_fit(ctx: Context, cls: str) -> Outcome:
    """partial_fit initialises the weights once, then goes on from where it was."""
    conv = ctx.convention
    # the textbook's partial_fit takes a single sample as a 1-d x: give it two or more rows
    key, strategy = class_problems(conv, min_samples=2)

    def prop(data) -> Outcome:
        X, y = data
        eta = _eta(X, conv)
        params = canonical_params(ctx, eta, 1, 1, False)
        handle = ctx.new(cls, **constructor_kwargs(ctx, cls, **params))
        ctx.method(handle, cls, "partial_fit", X, y)
        first, _, _ = read_weights(ctx, handle, cls, X.shape[1])
        ctx.method(handle, cls, "partial_fit", X, y)
        second, _, _ = read_weights(ctx, handle, cls, X.shape[1])
        # the textbook's partial_fit updates per sample, in order, whatever fit does
        expected, _ = epoch(X, y, first, eta, conv.with_(training="sgd"))
        fresh = ctx.new(cls, **constructor_kwargs(ctx, cls, **params))
        ctx.method(fresh, cls, "partial_fit", X, y)
        restart, _, _ = read_weights(ctx, fresh, cls, X.shape[1])
        return (
            ctx.expect(
                expected,
                second,
                what="weights after a second partial_fit(X, y)",
                inputs={"X": X, "y": y, "eta": eta, "weights after the first": first},
                alternatives=[
                    Alternative(
                        "partial-fit-reinitialises",
                        "partial_fit must not start "
                        "again from new weights: initialise only when the learner "
                        "has none yet (self.w_initialized).",
                        lambda: restart,
                    ),
                    Alternative(
                        "batch-updates",
                        "partial_fit updates the weights once per sample, in order, like the "
                        "textbook's (for xi, target in zip(X, y): self._update_weights(xi, "
                        "target)); yours makes one update from several samples.",
                        lambda: (
                            epoch(X, y, first, eta, conv.with_(training="batch"))[0]
                            if conv.training == "minibatch"
                            else None
                        ),
                    ),
                ],
                magnitude=update_magnitude(X, y, first, eta, conv),
            )
            or PASSED
        )

    return _run(ctx, key, strategy, prop)


NEEDS: dict[str, frozenset[str]] = {
    "returns_self": frozenset(),
    "weights": frozenset(),
    "cost_history": frozenset({"n_iter", "order"}),
    "one_more_epoch": frozenset({"eta", "n_iter", "order"}),
    "hyperparameters": frozenset({"eta", "n_iter"}),
    "deterministic": frozenset(),
    "converges": frozenset({"eta", "n_iter"}),
    "inputs_untouched": frozenset(),
    "predict": frozenset(),
    "shuffle": frozenset({"eta", "n_iter", "shuffle"}),
    "partial_fit": frozenset({"eta"}),
}
"""The hyperparameters each class check cannot do without: a class with no parameter for
one of them fails those checks only (the others build it with its own value).  ``order``:
the check follows the epochs sample by sample, so a learner that shuffles must be told not
to (the others take the order it chooses)."""

CLASS_CHECKS = {
    "returns_self": (check_returns_self, "fit returns self"),
    "weights": (check_weights, "the weights are floats, one per feature plus the bias"),
    "cost_history": (
        check_cost_history,
        "the history has n_iter entries, each the cost its epoch starts from",
    ),
    "one_more_epoch": (check_one_more_epoch, "one more epoch is one reference epoch"),
    "hyperparameters": (check_hyperparameters, "eta and n_iter are honoured"),
    "deterministic": (check_deterministic, "the same random_state gives the same result"),
    "converges": (check_converges, "a safe eta converges to the least-squares solution"),
    "inputs_untouched": (check_inputs_untouched, "fit leaves X and y as they were"),
    "predict": (check_class_predict, "predict thresholds the net input as the convention says"),
    "shuffle": (check_shuffle, "shuffle is honoured, from random_state, X and y kept paired"),
    "partial_fit": (check_partial_fit, "partial_fit initialises once, then continues"),
}
"""The class checks by property name; their ids are ``<ClassName>.<property>``."""
