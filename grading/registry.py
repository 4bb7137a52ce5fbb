"""The registry of checks, as data: id, title, what it needs, and the function.

The same ids appear in the spec's rubric, the CLI output, the JSON, the
notebook test cells and the HTML feedback.  Class checks are generated for each
class the spec names: ``<ClassName>.<property>``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from gdgrade.grading.checks import classes, derivation, functions
from gdgrade.grading.checks.context import Context, StudentError
from gdgrade.grading.checks.learner import resolve_class
from gdgrade.grading.results import Outcome
from gdgrade.grading.spec import AssignmentSpec, ClassSpec

__all__ = ["CheckInfo", "checks_for", "known_check_ids"]


@dataclass(frozen=True)
class CheckInfo:
    """One registered check.

    Attributes
    ----------
    id : str
        The id used everywhere (``gradient``, ``AdalineGD.one_more_epoch``...).
    title : str
        The property, in one line.
    needs : str
        What of the submission it calls: ``adaline.<name>`` or ``derivation.<name>``.
    part : str
        The part of the assignment it belongs to (for "not done yet" reports).
    run : callable
        ``run(ctx) -> Outcome``.
    """

    id: str
    title: str
    needs: str
    part: str
    run: Callable[[Context], Outcome]


FUNCTION_CHECKS = (
    CheckInfo(
        "net_input",
        "net_input(X, w) = w[0] + X @ w[1:]",
        "adaline.net_input",
        "net_input",
        functions.check_net_input,
    ),
    CheckInfo(
        "activation",
        "activation(z) is the identity",
        "adaline.activation",
        "activation",
        functions.check_activation,
    ),
    CheckInfo(
        "cost",
        "cost(X, y, w) is the assignment's J(w)",
        "adaline.cost",
        "cost",
        functions.check_cost,
    ),
    CheckInfo(
        "gradient",
        "gradient(X, y, w) equals the reference dJ/dw",
        "adaline.gradient",
        "gradient",
        functions.check_gradient,
    ),
    CheckInfo(
        "gradient_fd",
        "gradient(X, y, w) is the derivative of your cost (finite differences)",
        "adaline.gradient",
        "gradient",
        functions.check_gradient_finite_differences,
    ),
    CheckInfo(
        "update",
        "update(X, y, w, eta) is one step w - eta * dJ/dw, for any eta",
        "adaline.update",
        "update",
        functions.check_update,
    ),
    CheckInfo(
        "update_inputs",
        "update(X, y, w, eta) leaves its inputs untouched",
        "adaline.update",
        "update",
        functions.check_update_inputs,
    ),
    CheckInfo(
        "predict",
        "predict(X, w) thresholds the net input (on the threshold: positive)",
        "adaline.predict",
        "predict",
        functions.check_predict,
    ),
)

DERIVATION_CHECKS = (
    CheckInfo(
        "derivation.gradient",
        "the derived gradient dJ/dw_j is right",
        "derivation.gradient",
        "derivation",
        derivation.check_derivation_gradient,
    ),
    CheckInfo(
        "derivation.update",
        "the derived update Δw_j is right",
        "derivation.update",
        "derivation",
        derivation.check_derivation_update,
    ),
    CheckInfo(
        "derivation.steps",
        "each step of the derivation follows from the one before",
        "derivation.steps",
        "derivation",
        derivation.check_derivation_steps,
    ),
)


def _class_checks(spec: ClassSpec, names: tuple[str, ...]) -> list[CheckInfo]:
    out = []
    for prop, (fn, title) in classes.CLASS_CHECKS.items():

        def run(ctx: Context, fn=fn, prop=prop) -> Outcome:
            conv = spec.convention(ctx.convention)  # the class's own labels, training...
            local = dataclasses.replace(ctx, convention=conv, needs=classes.NEEDS[prop])
            try:
                cls = resolve_class(local, spec.name, names, conv.training)
            except StudentError as exc:
                return exc.outcome
            return fn(local, cls)

        out.append(CheckInfo(f"{spec.name}.{prop}", title, f"adaline.{spec.name}", spec.name, run))
    return out


def known_check_ids(class_names: Iterable[str] = ()) -> set[str]:
    """Every id a spec naming these classes may list."""
    ids = {c.id for c in (*FUNCTION_CHECKS, *DERIVATION_CHECKS)}
    for cls in class_names:
        ids |= {f"{cls}.{prop}" for prop in classes.CLASS_CHECKS}
    return ids


def checks_for(spec: AssignmentSpec) -> dict[str, CheckInfo]:
    """The registered checks an assignment can use, by id."""
    table = {c.id: c for c in (*FUNCTION_CHECKS, *DERIVATION_CHECKS)}
    names = tuple(c.name for c in spec.classes)
    for c in spec.classes:
        table.update({info.id: info for info in _class_checks(c, names)})
    return table
