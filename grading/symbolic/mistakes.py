"""The catalogue of known mistakes: wrong answers built from the reference, with feedback.

Each :class:`Mistake` builds its wrong answer from the convention's derived
:class:`~.derive.Reference` (never from a string), so the catalogue follows the
convention: "the 1/2 forgotten" only exists for a cost with a 1/2, "the mean
used" only for a cost without 1/n.  An answer that equals an entry exactly (at
every size checked) gets that entry's message.  The gradient's entries also
apply to the update, as ``-eta`` times the wrong gradient.

Instructors add entries in the assignment spec with :func:`mistake_from_spec`;
an entry with the id of a built-in one replaces it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sympy import Expr, Integer, Symbol

from gdgrade.reference import LOSSES, Convention

from . import notation as nt
from .build import Context
from .derive import Reference
from .errors import AnswerError, SpecError
from .read import locate, read_answer

__all__ = ["CATALOGUE", "TARGETS", "Mistake", "catalogue", "free_indices", "mistake_from_spec"]

TARGETS = ("gradient", "update")


def _always(convention: Convention) -> bool:
    return True


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer and what to tell a student who gives it.

    Parameters
    ----------
    id : str
        Stable id (``"sign-flipped"``), shown in reports as ``derivation:<id>``.
    message : str
        For a student: what went wrong and how to fix it, without the answer.
    build : callable
        ``build(reference) -> Expr``: the wrong answer for a convention.
    target : {'gradient', 'update'}
        Which answer it is a wrong version of.
    applies : callable
        ``applies(convention) -> bool``: whether the mistake exists there.
    """

    id: str
    message: str
    build: Callable[[Reference], Expr]
    target: str = "gradient"
    applies: Callable[[Convention], bool] = field(default=_always, compare=False)

    def expression(self, ref: Reference) -> Expr:
        """The wrong answer for the convention of ``ref``."""
        return self.build(ref)


def _half(convention: Convention) -> bool:
    return LOSSES[convention.loss].scale == 0.5


def _not_mean(convention: Convention) -> bool:
    return not LOSSES[convention.loss].mean


def _mean(convention: Convention) -> bool:
    return LOSSES[convention.loss].mean


def _swapped(ref: Reference) -> Expr:
    sample, feature = ref.feature.indices
    return ref.rebuild(feature=nt.x[feature, sample])


CATALOGUE: tuple[Mistake, ...] = (
    Mistake(
        "sign-flipped",
        "The sign is flipped. The error y[i] - phi(z[i]) decreases when w[j] grows: its "
        "derivative with respect to w[j] is -x[i, j], and that minus sign belongs in the "
        "gradient (the chain rule's inner derivative).",
        lambda r: -r.gradient,
    ),
    Mistake(
        "forgot-half",
        "Your answer is twice the gradient. The cost has a factor 1/2 in front, and it "
        "cancels the 2 that the chain rule brings down from the square: keep the 1/2.",
        lambda r: 2 * r.gradient,
        applies=_half,
    ),
    Mistake(
        "forgot-two",
        "Your answer is half the gradient. Differentiating the square (y[i] - phi(z[i]))**2 "
        "brings down a factor 2 (the chain rule: d(u**2)/dw = 2*u*du/dw); it is missing.",
        lambda r: r.gradient / 2,
    ),
    Mistake(
        "used-mean",
        "Your answer is divided by n, as for the mean squared error; this assignment's "
        "cost has no 1/n, so neither has its gradient.",
        lambda r: r.gradient / nt.n,
        applies=_not_mean,
    ),
    Mistake(
        "forgot-mean",
        "The 1/n is missing: this assignment's cost is a mean over the n samples, and the "
        "1/n in front of it stays in front of the gradient.",
        lambda r: r.gradient * nt.n,
        applies=_mean,
    ),
    Mistake(
        "missing-x",
        "The factor x[i, j] is missing. The net input z[i] = Sum(w[k]*x[i, k], (k, 0, m)) "
        "depends on w[j] through the term w[j]*x[i, j], so its derivative is x[i, j]. "
        "(Without it the formula is only right for the bias, j = 0, where x[i, 0] = 1.)",
        lambda r: r.rebuild(feature=Integer(1)),
    ),
    Mistake(
        "x-indices-swapped",
        "The indices of x are swapped: x[i, j] is feature j of sample i (the sample first), "
        "so write x[i, j], not x[j, i].",
        _swapped,
    ),
    Mistake(
        "w-instead-of-x",
        "You wrote w[j] where x[i, j] belongs: the derivative of the net input "
        "w[0]*x[i, 0] + ... + w[m]*x[i, m] with respect to w[j] is the feature x[i, j], "
        "not the weight.",
        lambda r: r.rebuild(feature=nt.w[r.feature.indices[1]]),
    ),
    Mistake(
        "error-squared",
        "The error is still squared. The chain rule turns (y[i] - phi(z[i]))**2 into "
        "2*(y[i] - phi(z[i])) times the inner derivative: the square goes.",
        lambda r: r.rebuild(error=r.error**2),
    ),
    Mistake(
        "no-sum",
        "The sum over the samples is missing: the cost adds up every sample i = 1..n, and "
        "so does its derivative. Wrap your expression in Sum(..., (i, 1, n)).",
        lambda r: r.coefficient * r.error * r.feature,
    ),
    Mistake(
        "gradient-ascent",
        "The update climbs the gradient (gradient ascent): the step must go against the "
        "gradient, Δw_j = -eta * dJ/dw_j, so that the cost goes down.",
        lambda r: -r.update,
        target="update",
    ),
    Mistake(
        "missing-eta",
        "The learning rate eta is missing: the update is a step of size eta against the "
        "gradient, Δw_j = -eta * dJ/dw_j.",
        lambda r: r.update / nt.eta,
        target="update",
    ),
    Mistake(
        "weight-not-change",
        "This is the new weight w[j] + Δw_j, not the change: the update asked for is "
        "Δw_j alone, the step the weight takes.",
        lambda r: nt.w[r.feature.indices[1]] + r.update,
        target="update",
    ),
    Mistake(
        "update-is-gradient",
        "Your update is the gradient itself: the update is a step of size eta against it, "
        "Δw_j = -eta * dJ/dw_j.",
        lambda r: r.gradient,
        target="update",
    ),
)
"""The built-in entries, in the order they are tried."""


def free_indices(expr: Expr) -> tuple[Symbol, ...]:
    """The free indices of ``expr`` other than j, sorted by name."""
    return tuple(
        sorted(
            (
                s
                for s in expr.free_symbols
                if isinstance(s, Symbol) and s.is_integer and s not in (nt.n, nt.m, nt.j)
            ),
            key=lambda s: s.name,
        )
    )


def catalogue(
    convention: Convention,
    target: str,
    ref: Reference,
    extra: Sequence[Mistake] = (),
) -> list[tuple[Mistake, Expr]]:
    """The entries for ``target`` under ``convention``, each with its wrong answer.

    The instructor's ``extra`` entries replace built-in ones of the same id.  For the
    update, the update's own entries come first, then ``-eta`` times each gradient entry.
    """
    replaced = {mistake.id for mistake in extra}
    entries = [m for m in CATALOGUE if m.id not in replaced] + list(extra)
    entries = [m for m in entries if m.applies(convention)]
    out = [(m, m.expression(ref)) for m in entries if m.target == target]
    if target == "update":
        out += [
            (
                Mistake(
                    m.id,
                    f"Your update is -eta times a wrong gradient. {m.message}",
                    m.build,
                    "update",
                ),
                -nt.eta * m.expression(ref),
            )
            for m in entries
            if m.target == "gradient"
        ]
    return out


def mistake_from_spec(
    id: str, expression: str, message: str, *, target: str = "gradient"
) -> Mistake:
    """A catalogue entry from an assignment spec.

    Parameters
    ----------
    id : str
        The entry's id (an id of a built-in entry replaces it).
    expression : str
        The wrong answer, in the answers' safe syntax (sympy syntax or LaTeX); it
        may use ``b`` and leave an index free (as in "no-sum").
    message : str
        What to tell a student whose answer equals ``expression``.
    target : {'gradient', 'update'}
        Which answer the entry is a wrong version of.

    Raises
    ------
    SpecError
        When an argument is empty or invalid, or the expression does not read.
    """
    if not isinstance(id, str) or not id.strip():
        raise SpecError(f"a mistake's 'id' must be a non-empty string (got {id!r})")
    if not isinstance(message, str) or not message.strip():
        raise SpecError(f"mistake {id!r}: 'message' must be a non-empty string (got {message!r})")
    if target not in TARGETS:
        raise SpecError(f"mistake {id!r}: 'target' must be one of {TARGETS} (got {target!r})")
    if not isinstance(expression, str):
        raise SpecError(f"mistake {id!r}: 'expression' must be a string (got {expression!r})")
    try:
        parsed = read_answer(expression, Context(bias=True))
    except AnswerError as error:
        where = locate(expression, error.column)
        raise SpecError(
            f"mistake {id!r}: the expression {expression!r} does not read"
            f"{' at ' + where if where else ''}: {error.message}"
        ) from None
    if parsed is None:
        raise SpecError(f"mistake {id!r}: 'expression' is empty")
    return Mistake(id, message, _Fixed(parsed.expr), target)


@dataclass(frozen=True)
class _Fixed:
    """The build of an instructor's entry: the same expression for every convention."""

    expr: Expr

    def __call__(self, ref: Reference) -> Expr:
        return self.expr
