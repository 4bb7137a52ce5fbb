"""Checks of the student's learner classes (``AdalineGD``, ``LinearRegressionGD``...).

The trajectory is judged whatever the initial weights: one more epoch must be
one ``update`` step from the weights after k epochs (``fit`` with ``n_iter=k+1``
against ``n_iter=k``, the same ``random_state``), and ``cost_[t]`` must be the
cost at the weights before epoch t.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from gdgrade.grading.checks.compare import agrees, fmt
from gdgrade.grading.checks.context import Alternative, Context, StudentError
from gdgrade.grading.checks.inputs import class_problems
from gdgrade.grading.checks.magnitude import cost_magnitude, update_magnitude
from gdgrade.grading.checks.properties import check_property
from gdgrade.grading.results import PASSED, Outcome
from gdgrade.reference import LOSSES, Convention
from gdgrade.reference import functions as ref

__all__ = ["CLASS_CHECKS", "Fit", "fit"]

HISTORY_NAMES = ("cost_", "losses_")
"""Where a learner keeps its per-epoch cost, in the order they are looked for."""

SAFE_FRACTION = 0.5
"""Learning rates of the trajectory checks: this fraction of the stable bound."""


@dataclass(frozen=True)
class Fit:
    """What one ``fit`` left behind."""

    returned_self: bool
    theta: np.ndarray  # the weights as one augmented vector, bias first
    w_dtype: str
    history: np.ndarray | None
    history_name: str | None


def _weights(ctx: Context, handle: int, cls: str, m: int) -> tuple[np.ndarray, str]:
    w = ctx.attribute(handle, cls, "w_")
    if w is None:
        raise StudentError(Outcome("failed", f"{cls}.fit does not set the weights w_"))
    w = np.asarray(w)
    dtype = str(w.dtype)
    if w.dtype.kind not in "biuf":
        raise StudentError(Outcome("failed", f"{cls}.w_ is not a numeric array (dtype {w.dtype})"))
    w = w.astype(float).ravel()
    if ctx.convention.bias == "w0":
        if w.size != m + 1:
            raise StudentError(
                Outcome(
                    "failed",
                    f"{cls}.w_ has {w.size} entries for {m} features; expected {m + 1} "
                    "(the bias is w_[0]).",
                )
            )
        return w, dtype
    b = ctx.attribute(handle, cls, "b_")
    if b is None or np.asarray(b).size != 1 or w.size != m:
        raise StudentError(
            Outcome(
                "failed",
                f"{cls} must keep {m} weights in w_ and the bias in b_ "
                f"(got w_ with {w.size} entries, b_ {'missing' if b is None else fmt(b)}).",
            )
        )
    return np.concatenate([np.asarray(b, float).reshape(1), w]), dtype


def fit(
    ctx: Context,
    cls: str,
    X: np.ndarray,
    y: np.ndarray,
    *,
    eta: float,
    n_iter: int,
    random_state: int = 1,
) -> Fit:
    """Fit a fresh student learner and read back its weights and history (memoised)."""
    key = (cls, X.tobytes(), X.shape, y.tobytes(), eta, n_iter, random_state)
    if key in ctx.memo:
        return ctx.memo[key]
    handle = ctx.new(cls, eta=eta, n_iter=n_iter, random_state=random_state)
    result = ctx.method(handle, cls, "fit", X, y)
    theta, dtype = _weights(ctx, handle, cls, X.shape[1])
    history = name = None
    for candidate in HISTORY_NAMES:
        value = ctx.attribute(handle, cls, candidate)
        if value is not None:
            history, name = np.asarray(value, dtype=float).ravel(), candidate
            break
    out = Fit(bool(result.is_self), theta, dtype, history, name)
    ctx.memo[key] = out
    return out


def _safe_eta(X: np.ndarray, conv: Convention) -> float:
    return SAFE_FRACTION * ref.learning_rate_bound(X, convention=conv)


def _run(ctx: Context, key: str, strategy: st.SearchStrategy, prop) -> Outcome:
    def guarded(example) -> Outcome:
        try:
            return prop(example)
        except StudentError as exc:
            return exc.outcome

    return check_property(
        key,
        strategy,
        guarded,
        max_examples=ctx.spec.properties.max_examples,
        shrink_calls=ctx.spec.properties.shrink_calls,
    )


def _problems(
    ctx: Context, extra: st.SearchStrategy | None = None
) -> tuple[str, st.SearchStrategy]:
    key, data = class_problems(ctx.convention)
    if extra is None:
        return key, data
    return f"{key}/{extra!r}", st.tuples(data, extra).map(lambda t: (*t[0], t[1]))


# -- the checks --------------------------------------------------------------------------
def check_returns_self(ctx: Context, cls: str) -> Outcome:
    """fit(X, y) returns self."""
    key, strategy = _problems(ctx)

    def prop(data) -> Outcome:
        X, y = data
        if fit(ctx, cls, X, y, eta=_safe_eta(X, ctx.convention), n_iter=2).returned_self:
            return PASSED
        return Outcome(
            "failed",
            f"{cls}.fit(X, y) must return self, the fitted object, so that "
            f"calls chain: {cls}().fit(X, y).predict(X).",
            hint="end fit with `return self` (after the epoch loop).",
            mistake="fit-no-return-self",
        )

    return _run(ctx, key, strategy, prop)


def check_weights(ctx: Context, cls: str) -> Outcome:
    """After fit, the weights are floats in the convention's place, one per feature + bias."""
    key, strategy = _problems(ctx)

    def prop(data) -> Outcome:
        X, y = data
        f = fit(ctx, cls, X, y, eta=_safe_eta(X, ctx.convention), n_iter=2)
        if f.w_dtype[0] in "iub":
            return Outcome(
                "failed",
                f"{cls}.w_ holds integers (dtype {f.w_dtype}): the updates are truncated.",
                hint="start from float weights, e.g. "
                "np.zeros(1 + X.shape[1]) or rgen.normal(0.0, 0.01, 1 + X.shape[1]).",
                mistake="integer-weights",
            )
        if not np.all(np.isfinite(f.theta)):
            return Outcome(
                "failed",
                f"{cls}'s weights are not finite after 2 epochs with a safe "
                f"learning rate: {fmt(f.theta)}",
            )
        return PASSED

    return _run(ctx, key, strategy, prop)


def _initial(ctx: Context, cls: str, X, y, eta) -> np.ndarray | None:
    """The weights before any epoch (fit with n_iter=0), or None if that fails."""
    try:
        return fit(ctx, cls, X, y, eta=eta, n_iter=0).theta
    except StudentError:
        return None


def check_cost_history(ctx: Context, cls: str) -> Outcome:
    """cost_ has n_iter entries and cost_[t] is the cost at the weights before epoch t."""
    conv = ctx.convention
    key, strategy = _problems(ctx, st.integers(1, 4))

    def prop(data) -> Outcome:
        X, y, n_iter = data
        eta = _safe_eta(X, conv)
        f = fit(ctx, cls, X, y, eta=eta, n_iter=n_iter)
        if f.history is None:
            return Outcome(
                "failed",
                f"{cls}.fit does not record the cost per epoch in {' or '.join(HISTORY_NAMES)}.",
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
            expected = ref.cost(X, y, thetas[t], convention=conv)
            if agrees(expected, h[t], ctx.tol, cost_magnitude(X, y, thetas[t], conv)):
                continue
            alternatives = [
                Alternative(
                    "cost-after-update",
                    "cost_[t] must be the cost before epoch t's "
                    "update: compute it from the same errors as the update.",
                    lambda t=t: ref.cost(X, y, thetas[t + 1], convention=conv),
                ),
                *[
                    Alternative(
                        f"convention:{name}",
                        f"your {cls} records {loss.description} "
                        f"({name}); this assignment uses {conv.loss_spec.description}.",
                        lambda t=t, name=name: ref.cost(
                            X, y, thetas[t], convention=conv.with_(loss=name)
                        ),
                    )
                    for name, loss in LOSSES.items()
                    if name != conv.loss
                ],
            ]
            return ctx.fail(
                f"{cls}.{f.history_name}[{t}] is not the cost at the weights before epoch {t}",
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
                magnitude=cost_magnitude(X, y, thetas[t], conv),
            )
        return PASSED

    return _run(ctx, key, strategy, prop)


def _epoch_alternatives(X, y, theta, eta, conv: Convention) -> list[Alternative]:
    g = ref.gradient(X, y, theta, convention=conv)

    def per_sample() -> np.ndarray:
        w = theta.copy()
        for i in range(len(y)):
            w = ref.update(X[i : i + 1], y[i : i + 1], w, eta, convention=conv)
        return w

    def perceptron() -> np.ndarray:
        labels = conv.label_spec
        if not labels.is_classification:
            return None
        e = y - ref.predict(X, theta, convention=conv)
        rate = eta * 2 * conv.loss_spec.factor(len(y))
        return theta + rate * np.concatenate([[e.sum()], X.T @ e])

    frozen = theta - eta * g
    frozen[0] = theta[0]
    return [
        *[
            Alternative(
                f"convention:{name}",
                f"your epoch follows {loss.description} ({name}); "
                f"this assignment uses {conv.loss_spec.description}.",
                lambda name=name: ref.update(X, y, theta, eta, convention=conv.with_(loss=name)),
            )
            for name, loss in LOSSES.items()
            if name != conv.loss
        ],
        Alternative(
            "frozen-bias",
            "the bias never changes: update w_[0] (or b_) from the same errors as the weights.",
            lambda: frozen,
        ),
        Alternative(
            "per-sample-updates",
            "a batch learner accumulates Δw over the whole "
            "training set before the weights change; yours updates after every sample.",
            per_sample,
        ),
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
            lambda: theta + eta * g,
        ),
        Alternative(
            "update-no-eta", "the learning rate eta is missing from the update.", lambda: theta - g
        ),
    ]


def check_one_more_epoch(ctx: Context, cls: str) -> Outcome:
    """One more epoch is one update step from the weights after k epochs (any start)."""
    conv = ctx.convention
    key, strategy = _problems(ctx, st.tuples(st.integers(1, 2), st.sampled_from([0.05, 0.5, 0.9])))

    def prop(data) -> Outcome:
        X, y, (k, fraction) = data
        eta = fraction * ref.learning_rate_bound(X, convention=conv)
        before = fit(ctx, cls, X, y, eta=eta, n_iter=k).theta
        after = fit(ctx, cls, X, y, eta=eta, n_iter=k + 1).theta
        expected = ref.update(X, y, before, eta, convention=conv)
        return (
            ctx.expect(
                expected,
                after,
                what=f"the weights after epoch {k + 1}",
                inputs={"X": X, "y": y, "eta": eta, f"weights after {k} epoch(s)": before},
                alternatives=_epoch_alternatives(X, y, before, eta, conv),
                magnitude=update_magnitude(X, y, before, eta, conv),
            )
            or PASSED
        )

    return _run(ctx, key, strategy, prop)


HYPER_FRACTION = 0.05
"""Learning rate of the hyperparameter check, as a fraction of the stable bound: small
enough that no loss convention can train out in one epoch."""


def check_hyperparameters(ctx: Context, cls: str) -> Outcome:
    """eta and n_iter are honoured: changing either changes the training."""
    conv = ctx.convention
    key, strategy = _problems(ctx)

    def prop(data) -> Outcome:
        X, y = data
        eta = HYPER_FRACTION * ref.learning_rate_bound(X, convention=conv)
        example = {"input": {"X": X.tolist(), "y": y.tolist(), "eta": eta}}
        start = _initial(ctx, cls, X, y, eta)
        one = fit(ctx, cls, X, y, eta=eta, n_iter=1).theta
        if start is None or np.array_equal(start, one):
            return PASSED  # the first epoch moved nothing: nothing to judge from here
        slow = fit(ctx, cls, X, y, eta=eta / 10, n_iter=1).theta
        if np.array_equal(one, slow):
            return Outcome(
                "failed",
                f"{cls} ignores eta: one epoch with eta={eta:.4g} and with "
                f"eta={eta / 10:.4g} gives the same weights {fmt(one)}.",
                hint="use self.eta in the update, not a constant.",
                mistake="eta-ignored",
                counterexample=example,
            )
        three = fit(ctx, cls, X, y, eta=eta, n_iter=3).theta
        if np.array_equal(one, three):
            return Outcome(
                "failed",
                f"{cls} ignores n_iter: 1 and 3 epochs give the same weights {fmt(one)}.",
                hint="loop `for _ in range(self.n_iter)`.",
                mistake="n-iter-ignored",
                counterexample=example,
            )
        return PASSED

    return _run(ctx, key, strategy, prop)


def check_deterministic(ctx: Context, cls: str) -> Outcome:
    """The same random_state gives the same weights and history."""
    key, strategy = _problems(ctx)

    def prop(data) -> Outcome:
        X, y = data
        eta = _safe_eta(X, ctx.convention)
        a = fit(ctx, cls, X, y, eta=eta, n_iter=2, random_state=7)
        handle = ctx.new(cls, eta=eta, n_iter=2, random_state=7)  # a second, unmemoised fit
        ctx.method(handle, cls, "fit", X, y)
        b, _ = _weights(ctx, handle, cls, X.shape[1])
        if np.array_equal(a.theta, b):
            return PASSED
        return Outcome(
            "failed",
            f"two fits of {cls} with random_state=7 give different weights "
            f"({fmt(a.theta)} and {fmt(b)}).",
            hint="draw the initial weights from np.random.RandomState(self.random_state), "
            "not from the global numpy random state.",
            mistake="not-deterministic",
        )

    return _run(ctx, key, strategy, prop)


def check_inputs_untouched(ctx: Context, cls: str) -> Outcome:
    """fit(X, y) leaves X and y as they were (no shuffling or scaling in place)."""
    key, strategy = _problems(ctx)

    def prop(data) -> Outcome:
        X, y = data
        handle = ctx.new(cls, eta=_safe_eta(X, ctx.convention), n_iter=2, random_state=1)
        after = ctx.method_echo(handle, cls, "fit", X, y)
        for name, before, now in zip(("X", "y"), (X, y), after, strict=False):
            if now is not None and not np.array_equal(before, now):
                return Outcome(
                    "failed",
                    f"{cls}.fit(X, y) modified {name} in place (before: {fmt(before)}, "
                    f"after: {fmt(now)}).",
                    hint="work on copies: shuffle with an index array (X[r], y[r]) and "
                    "never assign into X or y.",
                    mistake="fit-modifies-input",
                    counterexample={"input": {"X": X.tolist(), "y": y.tolist()}},
                )
        return PASSED

    return _run(ctx, key, strategy, prop)


def _convergence_data(conv: Convention, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((30, 3))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    z = X @ np.array([1.5, -2.0, 0.5]) + 0.3 + 0.5 * rng.standard_normal(30)
    labels = conv.label_spec
    if labels.is_classification:
        return X, np.where(z >= 0, labels.positive, labels.negative)
    return X, z


CONVERGENCE_EPOCHS = 400
"""Epochs of the convergence check (the test data is well conditioned: kappa < 10)."""


def check_converges(ctx: Context, cls: str) -> Outcome:
    """With a safe learning rate, fit converges to the least-squares solution."""
    conv = ctx.convention
    for seed in (0, 1):
        X, y = _convergence_data(conv, seed)
        eta = _safe_eta(X, conv)
        try:
            f = fit(ctx, cls, X, y, eta=eta, n_iter=CONVERGENCE_EPOCHS)
        except StudentError as exc:
            return exc.outcome
        target = ref.least_squares(X, y)
        scale = max(1.0, float(np.abs(target).max()))
        if not np.all(np.abs(f.theta - target) <= ctx.tol.convergence_atol * scale):
            return Outcome(
                "failed",
                f"after {CONVERGENCE_EPOCHS} epochs with eta = {eta:.4g} (half the stable bound) "
                f"on 30 standardised samples, the weights are {fmt(f.theta)}; the least-squares "
                f"solution is {fmt(target)}.",
                counterexample={
                    "input": {"seed": seed, "eta": eta},
                    "expected": target.tolist(),
                    "got": f.theta.tolist(),
                },
            )
    return PASSED


def check_class_predict(ctx: Context, cls: str) -> Outcome:
    """predict(X) thresholds the learner's own net input by the convention."""
    conv = ctx.convention
    key, strategy = _problems(ctx)

    def prop(data) -> Outcome:
        X, y = data
        eta = _safe_eta(X, conv)
        handle = ctx.new(cls, eta=eta, n_iter=2, random_state=1)
        ctx.method(handle, cls, "fit", X, y)
        theta, _ = _weights(ctx, handle, cls, X.shape[1])
        got = ctx.method(handle, cls, "predict", X).value
        from gdgrade.grading.checks.hints import predict_alternatives

        return (
            ctx.expect(
                ref.predict(X, theta, convention=conv),
                got,
                what=f"{cls}.predict(X)",
                inputs={"X": X, "weights": theta, "net input": ref.net_input(X, theta)},
                alternatives=predict_alternatives(X, theta, conv),
            )
            or PASSED
        )

    return _run(ctx, key, strategy, prop)


CLASS_CHECKS = {
    "returns_self": (check_returns_self, "fit returns self"),
    "weights": (check_weights, "the weights are floats, one per feature plus the bias"),
    "cost_history": (check_cost_history, "cost_[t] is the cost before epoch t, n_iter entries"),
    "one_more_epoch": (check_one_more_epoch, "one more epoch is one batch update step"),
    "hyperparameters": (check_hyperparameters, "eta and n_iter are honoured"),
    "deterministic": (check_deterministic, "the same random_state gives the same result"),
    "converges": (check_converges, "a safe eta converges to the least-squares solution"),
    "inputs_untouched": (check_inputs_untouched, "fit leaves X and y as they were"),
    "predict": (check_class_predict, "predict thresholds the net input as the convention says"),
}
"""The class checks by property name; their ids are ``<ClassName>.<property>``."""
