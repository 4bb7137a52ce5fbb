"""Checks of the student's derivation (``derivation.py``, read with ast, never run).

The three checks of one submission share one :class:`~gdgrade.grading.symbolic.limits.Budget`
(the spec's ``[derivation] seconds``), kept in the context: what the student wrote
never buys more time, and an answer too complex to check within it is withheld
(status ``error``), not marked wrong.
"""

from __future__ import annotations

from gdgrade.grading.checks.context import Context
from gdgrade.grading.results import PASSED, Outcome

__all__ = ["check_derivation_gradient", "check_derivation_steps", "check_derivation_update"]


def _extra_mistakes(ctx: Context, target: str) -> list:
    """The instructor's catalogue entries for an answer; a gradient entry also serves the
    update (the symbolic checker turns it into the update it leads to)."""
    from gdgrade.grading.symbolic import mistake_from_spec

    targets = ("gradient", "update") if target == "update" else (target,)
    return [
        mistake_from_spec(m.id, m.expression, m.message, target=m.target)
        for m in ctx.spec.mistakes
        if m.target in targets
    ]


def _answer(ctx: Context, name: str) -> tuple[object | None, Outcome | None]:
    d = ctx.derivation
    if d is None and ctx.derivation_unread:
        return None, Outcome("not-graded", f"not graded: {ctx.derivation_unread}")
    if d is None:
        return None, Outcome("not-done", "derivation.py is missing: write your answers there.")
    value = getattr(d, name)
    if value is None or (isinstance(value, str) and not value.strip()) or value == []:
        problems = "; ".join(p for p in d.problems if f"'{name}'" in p)
        return None, Outcome(
            "not-done",
            f"derivation.py: `{name}` is not answered yet"
            + (f" ({problems})" if problems else "")
            + ".",
        )
    return value, None


def _letters(ctx: Context):
    """The count letters the assignment declares (its ``[notation]``)."""
    from gdgrade.grading.symbolic import Letters

    notation = ctx.spec.notation
    return Letters(samples=notation.samples, features=notation.features)


def _budget(ctx: Context):
    """The submission's one budget for judging its derivation, made on first use."""
    from gdgrade.grading.symbolic import DEFAULT_LIMITS, Budget

    budget = ctx.memo.get("derivation-budget")
    if budget is None:
        limits = DEFAULT_LIMITS.with_seconds(ctx.spec.derivation.seconds)
        budget = ctx.memo["derivation-budget"] = Budget(limits)
    return budget


def _verdict(verdict, name: str) -> Outcome:
    if verdict.ok:
        return PASSED
    if verdict.kind == "too-complex":  # withheld: not a mistake the student made
        return Outcome("error", f"derivation.py `{name}`: {verdict.message}")
    status = "not-done" if verdict.kind == "empty" else "failed"
    mistake = f"derivation:{verdict.mistake}" if verdict.mistake else None
    return Outcome(
        status,
        f"derivation.py `{name}`: {verdict.message}",
        hint=verdict.message if mistake else None,
        mistake=mistake,
    )


def _judge(ctx: Context, name: str) -> Outcome:
    """Judge the answer ``name`` ("gradient" or "update") with the symbolic checker."""
    from gdgrade.grading import symbolic

    answer, missing = _answer(ctx, name)
    if missing:
        return missing
    checker = getattr(symbolic, f"check_{name}_answer")
    budget = _budget(ctx)
    verdict = checker(
        answer,
        ctx.convention,
        extra_mistakes=_extra_mistakes(ctx, name),
        letters=_letters(ctx),
        limits=budget.limits,
        budget=budget,
    )
    return _verdict(verdict, name)


def check_derivation_gradient(ctx: Context) -> Outcome:
    """The derived gradient dJ/dw_j equals the convention's, at every size tried."""
    return _judge(ctx, "gradient")


def check_derivation_update(ctx: Context) -> Outcome:
    """The update Δw_j equals -eta dJ/dw_j."""
    return _judge(ctx, "update")


def check_derivation_steps(ctx: Context) -> Outcome:
    """Each step follows from the one before, from dJ/dw_j of the cost to the gradient."""
    from gdgrade.grading.symbolic import check_steps

    steps, missing = _answer(ctx, "steps")
    if missing:
        return missing
    budget = _budget(ctx)
    verdict = check_steps(
        list(steps),
        ctx.convention,
        limits=budget.limits,
        budget=budget,
        min_steps=ctx.spec.derivation.min_steps,
    )
    return _verdict(verdict, "steps")
