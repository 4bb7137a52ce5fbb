"""Check a derivation: each line equals the one before, from dJ/dw_j of the cost to the gradient.

A line is one expression, or several sides ``a = b = c`` (each side is a step;
labels such as ``dJ/dw_j`` and ``\\Delta w_j`` are skipped, and a line may start
with ``=``).  ``Derivative(f, w[j])`` and ``J`` (the cost) are allowed and
evaluated.  The first step must be the derivative with respect to ``w[j]`` of
the assignment's cost (a constant in front is fine: ``1/2 * Derivative(Sum(...),
w[j])`` for half SSE); the last step must be worked out (no derivative, no J)
and equal the gradient.  The verdict names the first step that does not follow,
shows both lines, and says whether the rest follows from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sympy import Derivative, Expr, Mul

from gdgrade.reference import DEFAULT, Convention

from . import notation as nt
from .answers import describe_sizes, match_mistake
from .build import Context, Parsed
from .concrete import Size, evaluate_trusted, reference_polynomial
from .derive import reference
from .equivalence import DEFAULT_SIZES, Evaluated, counterexample, equal_everywhere
from .errors import AnswerError, TooComplex
from .limits import DEFAULT_LIMITS, Budget, Limits
from .mistakes import catalogue
from .read import read_line, split_lines
from .verdict import SymbolicVerdict, from_error

__all__ = ["check_steps"]


@dataclass(frozen=True)
class _Step:
    line: int  # 1-based
    part: int  # 1-based side of the line
    parts: int
    parsed: Parsed

    @property
    def label(self) -> str:
        return f"line {self.line}" + (f" (side {self.part})" if self.parts > 1 else "")


def _read(
    lines: Sequence[object], context: Context, limits: Limits
) -> list[_Step] | SymbolicVerdict:
    steps = []
    for number, line in enumerate(lines, start=1):
        if not isinstance(line, str):
            return SymbolicVerdict(
                False,
                f"Line {number} of the steps must be a string (got a {type(line).__name__}).",
                None,
                "parse-error",
            )
        try:
            parsed = read_line(line, context, limits)
        except AnswerError as error:
            return from_error(error, line, f"line {number} of the steps")
        steps += [_Step(number, k, len(parsed), p) for k, p in enumerate(parsed, start=1)]
    return steps


def _split_derivative(expr: Expr) -> tuple[Expr, Derivative] | None:
    """``c * Derivative(f, w[j])`` -> (c, the derivative), for a constant c; else None."""
    factors = Mul.make_args(expr)
    derivatives = [f for f in factors if isinstance(f, Derivative)]
    if len(derivatives) != 1:
        return None
    (derivative,) = derivatives
    constant = Mul(*(f for f in factors if f is not derivative))
    if not constant.free_symbols <= {nt.n}:
        return None
    if derivative.variable_count != ((nt.w[nt.j], 1),):
        return None
    return constant, derivative


def _first_line(step: _Step, convention: Convention, sizes, budget, limits) -> str | None:
    """Why the first step is not the derivative of the cost, or None when it is."""
    loss = convention.loss
    ref = reference(convention)
    cost = f"J = {nt.show(ref.cost)}"
    split = _split_derivative(step.parsed.expr)
    if split is None:
        return (
            f"The first line must be the derivative of the cost with respect to w[j], "
            f"Derivative(J, w[j]) with {cost}; {step.label} is {step.parsed.source!r}."
        )
    constant, derivative = split
    differentiated = Evaluated(constant * derivative.expr, loss=loss, budget=budget, limits=limits)

    def cost_at(size: Size, assignment=()):
        return evaluate_trusted(nt.J, size, (), loss)

    differs = equal_everywhere(differentiated, cost_at, sizes)
    if differs is None:
        return None
    size, _ = differs
    example = counterexample(size, differentiated.at(size), cost_at(size)).describe(
        "what it differentiates", "J"
    )
    return (
        f"The first line must differentiate this assignment's cost, {cost}, but "
        f"{step.label} differentiates {nt.show(constant * derivative.expr)}: {example}."
    )


def check_steps(
    lines: Sequence[str],
    convention: Convention = DEFAULT,
    *,
    sizes: Sequence[Size] = DEFAULT_SIZES,
    limits: Limits = DEFAULT_LIMITS,
) -> SymbolicVerdict:
    """Check a derivation, line by line.

    Parameters
    ----------
    lines : sequence of str
        The lines, in sympy syntax or LaTeX (each line's syntax is detected).
    convention : Convention
        The assignment's conventions (the cost and the gradient come from its loss).
    sizes : sequence of Size
        Where lines are compared, smallest first.
    limits : Limits
        The bounds on the work.

    Returns
    -------
    SymbolicVerdict
        ``ok`` when every step follows from the one before, the first is the
        derivative of the cost and the last is the worked-out gradient.
    """
    if lines is None or isinstance(lines, str) or not isinstance(lines, Sequence):
        kind = type(lines).__name__
        return SymbolicVerdict(
            False, f"The steps must be a list of strings (got a {kind}).", None, "parse-error"
        )
    if len(lines) > limits.max_lines:
        return SymbolicVerdict(
            False,
            f"Refused to check the steps: there are {len(lines)} lines; at most "
            f"{limits.max_lines} are read.",
            None,
            "too-complex",
        )
    if all(isinstance(line, str) for line in lines):  # an align environment pasted whole
        lines = [piece for line in lines for piece in split_lines(line)]
        if len(lines) > limits.max_lines:
            return SymbolicVerdict(
                False,
                f"Refused to check the steps: there are {len(lines)} lines; at most "
                f"{limits.max_lines} are read.",
                None,
                "too-complex",
            )
    context = Context(bias=convention.bias == "separate", steps=True)
    steps = _read(lines, context, limits)
    if isinstance(steps, SymbolicVerdict):
        return steps
    if not steps:
        return SymbolicVerdict(False, "There are no derivation steps yet.", None, "empty")
    for step in steps:
        if step.parsed.free:
            names = ", ".join(str(s) for s in step.parsed.free)
            return SymbolicVerdict(
                False,
                f"In {step.label} the index {names} is free: every line must add up all "
                f"samples, as J does; did you forget a Sum(..., ({names}, 1, n))?",
                None,
                "free-index",
            )
    if len(steps) == 1:
        return SymbolicVerdict(
            False,
            "A derivation needs at least two lines: the derivative of the cost, the steps, "
            "and the gradient it comes to.",
            None,
            "wrong",
        )
    budget = Budget(limits, parts=len(steps))
    try:
        return _check(steps, convention, sizes, budget, limits)
    except AnswerError as error:
        return from_error(error, "", "the steps")
    except RecursionError:  # a last guard: the bounds keep trees shallow
        return from_error(TooComplex("a line is nested too deeply"), "", "the steps")


def _check(steps: list[_Step], convention: Convention, sizes, budget, limits) -> SymbolicVerdict:
    loss = convention.loss
    problem = _first_line(steps[0], convention, sizes, budget, limits)
    if problem is not None:
        return SymbolicVerdict(False, problem, None, "wrong")
    values = [Evaluated(s.parsed.expr, loss=loss, budget=budget, limits=limits) for s in steps]

    def breaks(after: int) -> int | None:
        """The first step t > after that does not equal step t - 1."""
        for t in range(after + 1, len(steps)):
            previous = values[t - 1]
            if equal_everywhere(values[t], lambda s, a=(), p=previous: p.at(s, a), sizes):
                return t
        return None

    def gradient(size: Size, assignment=()):
        return reference_polynomial(loss, "gradient", size)

    bad = breaks(0)
    last = steps[-1]
    if bad is None:
        if last.parsed.expr.has(Derivative) or last.parsed.expr.has(nt.J):
            return SymbolicVerdict(
                False,
                f"Every line follows from the one before, but the last one ({last.label}) "
                "still has a derivative (or J) in it: work it out to the gradient.",
                None,
                "wrong",
            )
        if equal_everywhere(values[-1], gradient, sizes) is not None:  # pragma: no cover
            raise AssertionError("the derivative of the cost differs from the gradient")
        return SymbolicVerdict(
            True,
            f"Right: each of the {len(steps)} steps follows from the one before, from the "
            f"derivative of the cost to dJ/dw_j, checked at every one of {describe_sizes(sizes)}.",
            None,
            "ok",
        )
    before, after = steps[bad - 1], steps[bad]
    size, _ = equal_everywhere(values[bad], lambda s, a=(): values[bad - 1].at(s, a), sizes)
    example = counterexample(size, values[bad].at(size), values[bad - 1].at(size)).describe(
        after.label, before.label
    )
    message = (
        f"{after.label[0].upper()}{after.label[1:]} does not follow from {before.label}:\n"
        f"  {before.label}: {before.parsed.source}\n"
        f"  {after.label}: {after.parsed.source}\n"
        f"They differ: {example}."
    )
    entries = catalogue(convention, "gradient", reference(convention))
    mistake = match_mistake(values[bad], entries, sizes, loss)
    if mistake is not None:
        message += f" {mistake.message}"
    following = breaks(bad)
    if following is None:
        message += f"\nThe lines after {after.label} follow from it."
    else:
        message += (
            f"\n{steps[following].label[0].upper()}{steps[following].label[1:]} does not "
            f"follow from {steps[following - 1].label} either."
        )
    if equal_everywhere(values[-1], gradient, sizes) is None:
        message += " The last line is dJ/dw_j all the same: two mistakes cancel."
    return SymbolicVerdict(False, message, mistake.id if mistake else None, "wrong")
