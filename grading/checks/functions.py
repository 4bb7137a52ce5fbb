"""Checks of the student's functions against the reference, one property each."""

from __future__ import annotations

import numpy as np

from gdgrade.grading.checks import hints
from gdgrade.grading.checks.compare import compare, fmt
from gdgrade.grading.checks.context import Alternative, Context, StudentError
from gdgrade.grading.checks.inputs import (
    function_problems,
    on_threshold,
    threshold_probe,
    with_eta,
)
from gdgrade.grading.checks.magnitude import (
    cost_magnitude,
    gradient_magnitude,
    net_input_magnitude,
    update_magnitude,
)
from gdgrade.grading.results import PASSED, Outcome
from gdgrade.reference import functions as ref

__all__ = [
    "check_activation",
    "check_cost",
    "check_gradient",
    "check_gradient_finite_differences",
    "check_net_input",
    "check_predict",
    "check_update",
    "check_update_inputs",
]


def _run(ctx: Context, key_strategy: tuple, prop, plan=None) -> Outcome:
    """Check ``prop``; ``plan(example)`` lists the ``(name, args)`` calls an example makes,
    sent to the sandbox together before the examples are judged."""

    def before(examples) -> None:
        if plan is not None and ctx.batching:
            ctx.prefetch([call for example in examples for call in plan(example)])

    return ctx.check_property(*key_strategy, prop, before=before)


def check_net_input(ctx: Context) -> Outcome:
    """net_input(X, w) equals w[0] + X @ w[1:]."""

    def prop(problem) -> Outcome:
        X, _, w = problem
        got = ctx.call("net_input", X, w)
        return (
            ctx.expect(
                ref.net_input(X, w),
                got,
                what="net_input(X, w)",
                inputs={"X": X, "w": w},
                alternatives=hints.net_input_alternatives(X, w),
                magnitude=net_input_magnitude(X, w),
            )
            or PASSED
        )

    return _run(
        ctx, function_problems(ctx.convention), prop, lambda p: [("net_input", (p[0], p[2]))]
    )


def check_activation(ctx: Context) -> Outcome:
    """activation(z) is the identity."""

    def prop(problem) -> Outcome:
        X, _, w = problem
        z = ref.net_input(X, w)
        got = ctx.call("activation", z)
        return (
            ctx.expect(
                z,
                got,
                what="activation(z)",
                inputs={"z": z},
                alternatives=hints.activation_alternatives(z),
            )
            or PASSED
        )

    return _run(
        ctx,
        function_problems(ctx.convention),
        prop,
        lambda p: [("activation", (ref.net_input(p[0], p[2]),))],
    )


def check_cost(ctx: Context) -> Outcome:
    """cost(X, y, w) is the convention's J(w)."""
    conv = ctx.convention

    def prop(problem) -> Outcome:
        X, y, w = problem
        got = ctx.call("cost", X, y, w)
        return (
            ctx.expect(
                ref.cost(X, y, w, convention=conv),
                got,
                what="cost(X, y, w)",
                inputs={"X": X, "y": y, "w": w},
                alternatives=hints.cost_alternatives(X, y, w, conv),
                magnitude=cost_magnitude(X, y, w, conv),
            )
            or PASSED
        )

    return _run(ctx, function_problems(conv), prop, lambda p: [("cost", p[:3])])


def check_gradient(ctx: Context) -> Outcome:
    """gradient(X, y, w) equals the reference dJ/dw."""
    conv = ctx.convention

    def prop(problem) -> Outcome:
        X, y, w = problem
        got = ctx.call("gradient", X, y, w)
        return (
            ctx.expect(
                ref.gradient(X, y, w, convention=conv),
                got,
                what="gradient(X, y, w)",
                inputs={"X": X, "y": y, "w": w},
                alternatives=hints.gradient_alternatives(X, y, w, conv),
                magnitude=gradient_magnitude(X, y, w, conv),
            )
            or PASSED
        )

    return _run(ctx, function_problems(conv), prop, lambda p: [("gradient", p[:3])])


def check_gradient_finite_differences(ctx: Context) -> Outcome:
    """gradient(X, y, w) is the derivative of the student's own cost(X, y, w)."""
    from gdgrade.grading.gradcheck import check_gradient as gradcheck

    def prop(problem) -> Outcome:
        X, y, w = problem
        claimed = ctx.call("gradient", X, y, w)

        def student_cost(v):
            return ctx.call("cost", X, y, v)

        try:
            verdict = gradcheck(student_cost, claimed, w, rtol=ctx.tol.gradcheck_rtol)
        except (ValueError, TypeError, FloatingPointError) as exc:
            return Outcome("failed", f"the gradient could not be compared with your cost: {exc}")
        if verdict.ok:
            return PASSED
        if isinstance(verdict.cause, StudentError):
            return verdict.cause.outcome  # the cost crashed, hung or is not written yet
        if verdict.failure in ("cost-failed", "gradient-invalid"):
            return Outcome(
                "failed",
                f"the gradient could not be checked against your cost: {verdict.summary()}",
            )
        own = ref.cost(X, y, w, convention=ctx.convention)
        cost_right = np.allclose(
            np.asarray(ctx.call("cost", X, y, w), float).reshape(()),
            own,
            rtol=ctx.tol.rtol,
            atol=ctx.tol.atol,
        )
        which = (
            "your cost is right, so your gradient is what is wrong"
            if cost_right
            else "your cost is not the assignment's J either: check the cost check's message first"
        )
        return Outcome(
            "failed",
            "gradient(X, y, w) is not the derivative of your own cost(X, y, w) "
            f"({verdict.summary()}); {which}.",
            counterexample={
                "input": {"X": X.tolist(), "y": y.tolist(), "w": w.tolist()},
                "method": verdict.method,
            },
        )

    def costs(problem) -> list[tuple[str, tuple]]:
        """The costs the checker will ask for, found by a dry run of the checker on the
        reference cost with the gradient the student's code returned (the points depend
        on w and on that gradient, not on the cost's values)."""
        X, y, w = problem
        claimed = ctx.answer("gradient", X, y, w)
        if claimed is None:
            return []
        points: list[np.ndarray] = []
        factor = ctx.convention.loss_spec.factor(len(y))

        def recorder(v):
            v = np.array(v)
            points.append(v)
            e = y - (X @ v[1:] + v[0])
            return factor * np.sum(e * e)

        try:
            gradcheck(recorder, claimed, w, rtol=ctx.tol.gradcheck_rtol)
        except Exception:  # a dry run that fails only means no prefetching
            points = []
        return [("cost", (X, y, v)) for v in points]

    def before(examples) -> None:
        """Two round trips for all the examples: their gradients, then their costs."""
        if ctx.batching:
            ctx.prefetch([("gradient", example[:3]) for example in examples])
        if ctx.batching:
            ctx.prefetch([call for example in examples for call in costs(example)])

    return ctx.check_property(*function_problems(ctx.convention), prop, before=before)


def check_update(ctx: Context) -> Outcome:
    """update(X, y, w, eta) is one batch step w - eta * dJ/dw, for any eta."""
    conv = ctx.convention

    def prop(problem) -> Outcome:
        X, y, w, eta = problem
        got = ctx.call("update", X, y, w, eta)
        expected = ref.update(X, y, w, eta, convention=conv)
        magnitude = update_magnitude(X, y, w, eta, conv)
        alternatives = hints.update_alternatives(X, y, w, eta, conv)
        own = _own_step(ctx, X, y, w, eta)
        if (
            own is not None
            and compare(expected, own, ctx.tol, what="", magnitude=magnitude) is not None
            and compare(own, got, ctx.tol, what="", magnitude=magnitude) is None
        ):
            # update is w - eta * gradient(X, y, w) with the student's own gradient, which is
            # wrong: the mistake is in gradient (the gradient checks say which), not here.
            alternatives = [
                Alternative(
                    "update-follows-wrong-gradient",
                    "update itself is right: it takes the step w - eta * gradient(X, y, w) "
                    "with your gradient, and that gradient is wrong (see the gradient "
                    "checks). Fix gradient and update follows.",
                    lambda: own,
                )
            ]
        return (
            ctx.expect(
                expected,
                got,
                what="update(X, y, w, eta)",
                inputs={"X": X, "y": y, "w": w, "eta": eta},
                alternatives=alternatives,
                magnitude=magnitude,
            )
            or PASSED
        )

    return _run(ctx, with_eta(conv), prop, lambda p: [("update", p[:4]), ("gradient", p[:3])])


def _own_step(ctx: Context, X, y, w, eta) -> np.ndarray | None:
    """w - eta * the student's own gradient(X, y, w), or None when it gives none."""
    try:
        g = np.asarray(ctx.call("gradient", X, y, w), dtype=float)
    except (StudentError, TypeError, ValueError):
        return None
    return w - eta * g if g.shape == w.shape and np.all(np.isfinite(g)) else None


def check_update_inputs(ctx: Context) -> Outcome:
    """update(X, y, w, eta) leaves X, y and w as they were (it returns new weights)."""

    def prop(problem) -> Outcome:
        X, y, w, eta = problem
        _, after = ctx.call_echo("update", X, y, w, eta)
        for name, before, now in zip(("X", "y", "w"), (X, y, w), after, strict=False):
            if now is not None and not np.array_equal(before, now):
                return Outcome(
                    "failed",
                    f"update(X, y, w, eta) modified its argument {name} in place "
                    f"(before: {fmt(before)}, after: {fmt(now)}).",
                    hint="compute the new weights into a new array, e.g. "
                    "`return w - eta * gradient(X, y, w)`; `w -= ...` or `w[j] = ...` changes "
                    "the caller's array.",
                    mistake="update-in-place",
                    counterexample={
                        "input": {"X": X.tolist(), "y": y.tolist(), "w": w.tolist(), "eta": eta}
                    },
                )
        return PASSED

    return _run(ctx, with_eta(ctx.convention), prop, lambda p: [("echo:update", p[:4])])


def check_predict(ctx: Context) -> Outcome:
    """predict(X, w) thresholds the net input as the convention says (on it: positive)."""
    conv = ctx.convention

    def judged(X, w, what: str) -> Outcome | None:
        return ctx.expect(
            ref.predict(X, w, convention=conv),
            ctx.call("predict", X, w),
            what=what,
            inputs={"X": X, "w": w, "net input": ref.net_input(X, w)},
            alternatives=hints.predict_alternatives(X, w, conv),
        )

    def prop(problem) -> Outcome:
        X, _, w = problem
        probe = threshold_probe(w, conv)
        return (
            judged(X, w, "predict(X, w)")
            or (
                probe is not None and judged(probe, w, "predict on net inputs around the threshold")
            )
            or PASSED
        )

    def calls(problem) -> list[tuple]:
        probe = threshold_probe(problem[2], conv)
        return [("predict", (problem[0], problem[2]))] + (
            [("predict", (probe, problem[2]))] if probe is not None else []
        )

    return _run(ctx, on_threshold(conv), prop, calls)
