"""Check a derivation: each line equals the one before, from dJ/dw_j of the cost to the gradient.

A line is one expression, or several sides ``a = b = c`` (each side is a step;
labels such as ``dJ/dw_j`` and ``\\Delta w_j`` are skipped, and a line may start
with ``=``).  ``Derivative(f, w[j])`` and ``J`` (the cost) are allowed and
evaluated.  The derivation must start from the derivative with respect to
``w[j]`` of the assignment's cost written out (a constant in front is fine:
``1/2 * Derivative(Sum(...), w[j])`` for half SSE): its first step that does not
use the bare name J must be that derivative (``Derivative(J, w[j])`` alone names
the cost without saying what it is, so it may only come before); at least
``min_steps`` steps must come
between it and the last one (steps that only repeat the one before, or still use
the bare name J, do not count); the last step must be worked out (no
derivative, no J) and equal the gradient.  The verdict names the first step that
does not follow, shows both lines, and says whether the rest follows from it.

Real derivations have four to six lines: the textbook's chain rule (the
derivative of the cost, the 1/2 moved out, the derivative of the square, the
derivative of the error, the gradient), lecture notes that write the chain rule
on one line.  A derivation longer than :attr:`~.limits.Limits.max_sides` steps is
refused before it is compared, and the comparison of every step draws on the
submission's one :class:`~.limits.Budget`, whatever the number of lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sympy import Derivative, Expr, Mul

from gdgrade.reference import DEFAULT, Convention

from . import notation as nt
from .answers import describe_sizes, match_mistake, with_assumptions
from .build import Context, Parsed
from .concrete import Size, evaluate_trusted, reference_polynomial
from .derive import reference
from .equivalence import Evaluated, counterexample, equal_everywhere
from .errors import AnswerError, TooComplex
from .limits import DEFAULT_LIMITS, Budget, Limits
from .mistakes import catalogue
from .read import detect_syntax, read_line, read_lines, split_lines
from .sizes import Plan, plan
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
    lines: Sequence[object], context: Context, limits: Limits, budget: Budget
) -> tuple[list[_Step] | SymbolicVerdict, tuple[str, ...], dict[str, str]]:
    """The steps of the lines, the assumptions made in reading them, and the student's letter
    of each index the reading renamed.

    Lines written as formulas (LaTeX, plain text) or code are read together, so that
    one reading of the letters holds for all of them and a definition (``e = y - Xw``)
    serves the lines after it; lines in the sympy syntax are read one by one.
    """
    texts = [line for line in lines if isinstance(line, str)]
    if len(texts) == len(lines) and all(detect_syntax(line) == "latex" for line in texts):
        sides = sum(line.count("=") + 1 for line in texts)
        if sides > limits.max_sides:
            return _too_many(sides, len(texts), limits), (), {}
        budget.check_time()
        try:
            found, notes, renamed = read_lines(texts, limits)
        except AnswerError as error:
            return from_error(error, "\n".join(texts), "the steps"), (), {}
        steps = [
            _Step(number, k, len(parsed), p)
            for number, parsed in found
            for k, p in enumerate(parsed, start=1)
        ]
        return steps, notes, renamed
    return _read_each(lines, context, limits, budget), (), {}


def _too_many(steps: int, line: int, limits: Limits) -> SymbolicVerdict:
    return SymbolicVerdict(
        False,
        f"Refused to check the steps: by line {line} there are {steps} steps "
        f"(sides of '='); at most {limits.max_sides} are read.",
        None,
        "too-complex",
    )


def _read_each(
    lines: Sequence[object], context: Context, limits: Limits, budget: Budget
) -> list[_Step] | SymbolicVerdict:
    steps = []
    for number, line in enumerate(lines, start=1):
        budget.check_time()
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
        if len(steps) > limits.max_sides:
            return _too_many(len(steps), number, limits)
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


def _written_out(steps: list[_Step], convention: Convention) -> int | SymbolicVerdict:
    """The index of the derivation's start: its first step without the bare name J, which
    must be the derivative of the cost written out (steps before it use J)."""
    start = next((k for k, step in enumerate(steps) if not step.parsed.expr.has(nt.J)), None)
    if start is not None and _split_derivative(steps[start].parsed.expr) is not None:
        return start
    cost = f"J = {nt.show(reference(convention).cost)}"
    if start != 0:
        first = steps[0]
        message = (
            f"The derivation must write the cost out: {first.label}, "
            f"{first.parsed.source!r}, names it J without saying what it is, and no step "
            f"differentiates it written out before {steps[start].label if start else 'the end'}. "
            f"Start from Derivative(<the cost>, w[j]) with {cost}."
        )
    else:
        message = (
            f"The first line must be the derivative of the cost with respect to w[j], "
            f"Derivative(<the cost>, w[j]) with {cost}, written out; "
            f"{steps[0].label} is {steps[0].parsed.source!r}."
        )
    return SymbolicVerdict(False, message, None, "wrong")


def _steps_between(steps: list[_Step], start: int) -> int:
    """The steps after ``start`` and before the last that do some work: not a repeat of
    the step before, and not the bare name J."""
    count = 0
    for k in range(start + 1, len(steps) - 1):
        expr = steps[k].parsed.expr
        if expr != steps[k - 1].parsed.expr and not expr.has(nt.J):
            count += 1
    return count


def _first_line(
    step: _Step, convention: Convention, sizes: Sequence[Size], budget: Budget, limits: Limits
) -> str | None:
    """Why ``step`` does not differentiate the cost, or None when it does."""
    loss = convention.loss
    ref = reference(convention)
    cost = f"J = {nt.show(ref.cost)}"
    constant, derivative = _split_derivative(step.parsed.expr)
    differentiated = Evaluated(constant * derivative.expr, loss=loss, budget=budget, limits=limits)

    def cost_at(size: Size, assignment=()):
        return evaluate_trusted(nt.J, size, (), loss)

    differs = equal_everywhere(differentiated, cost_at, sizes)
    if differs is None:
        return None
    size, _ = differs
    example = counterexample(size, differentiated.at(size), cost_at(size), limits).describe(
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
    sizes: Sequence[Size] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    budget: Budget | None = None,
    min_steps: int = 1,
) -> SymbolicVerdict:
    """Check a derivation, line by line.

    Parameters
    ----------
    lines : sequence of str
        The lines, in sympy syntax or LaTeX (each line's syntax is detected).
    convention : Convention
        The assignment's conventions (the cost and the gradient come from its loss).
    sizes : sequence of Size or None
        Where lines are compared, smallest first; None (the default) chooses
        them from the lines (:mod:`.sizes`).
    limits : Limits
        The bounds on the work.
    budget : Budget or None
        The steps and time left for the submission's derivation, shared by all
        its checks; None gives the derivation a budget of its own.
    min_steps : int
        Steps required between the derivative of the cost and the gradient (the
        spec's ``[derivation] min_steps``).

    Returns
    -------
    SymbolicVerdict
        ``ok`` when every step follows from the one before, the first line
        differentiates the cost written out, enough steps come between, and the
        last is the worked-out gradient.
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
    budget = budget if budget is not None else Budget(limits)
    budget.checking = "the steps"
    context = Context(bias=convention.bias == "separate", steps=True)
    try:
        steps, notes, renamed = _read(lines, context, limits, budget)
    except AnswerError as error:
        return from_error(error, "", "the steps")
    verdict = _steps_verdict(steps, convention, sizes, limits, budget, min_steps, renamed)
    return with_assumptions(verdict, notes)


def _steps_verdict(
    steps: list[_Step] | SymbolicVerdict,
    convention: Convention,
    sizes: Sequence[Size] | None,
    limits: Limits,
    budget: Budget,
    min_steps: int,
    renamed: dict[str, str],
) -> SymbolicVerdict:
    """The verdict on the steps read (``renamed``: the student's letters of renamed indices)."""
    if isinstance(steps, SymbolicVerdict):
        return steps
    if not steps:
        return SymbolicVerdict(False, "There are no derivation steps yet.", None, "empty")
    for step in steps:
        if step.parsed.free:
            names = ", ".join(renamed.get(str(s), str(s)) for s in step.parsed.free)
            how = (
                f"a Sum(..., ({names}, 1, n))"
                if step.parsed.syntax == "sympy"
                else f"the sum over the samples, \\sum_{{{names}}}"
            )
            return SymbolicVerdict(
                False,
                f"In {step.label} the index {names} is free: every line must add up all "
                f"samples, as J does; did you forget {how}?",
                None,
                "free-index",
            )
    start = _written_out(steps, convention)
    if isinstance(start, SymbolicVerdict):
        return start
    if start == len(steps) - 1:
        return SymbolicVerdict(
            False,
            "A derivation needs more than the derivative of the cost: the steps that work it "
            f"out, and the gradient they come to; nothing follows {steps[start].label}.",
            None,
            "wrong",
        )
    between = _steps_between(steps, start)
    if between < min_steps:
        word = "step that works" if min_steps == 1 else "steps that work"
        return SymbolicVerdict(
            False,
            f"The derivation goes from the derivative of the cost ({steps[start].label}) to "
            f"{steps[-1].label} with {between} step{'' if between == 1 else 's'} in between; "
            f"write at least {min_steps} {word} it out (the chain rule: the "
            "derivative of the square, then of the error), each after an '=' or on a line "
            "of its own.",
            None,
            "wrong",
        )
    try:
        return _check(steps, start, convention, sizes, budget, limits)
    except AnswerError as error:
        return from_error(error, "", "the steps")
    except RecursionError:  # a last guard: the bounds keep trees shallow
        return from_error(TooComplex("a line is nested too deeply"), "", "the steps")


def _plan(steps: list[_Step], start: int, convention: Convention, limits: Limits) -> Plan:
    """The sizes at which every comparison of the derivation is settled."""
    constant, derivative = _split_derivative(steps[start].parsed.expr)
    exprs = [s.parsed.expr for s in steps]
    exprs += [constant * derivative.expr, nt.J, reference(convention).gradient]
    return plan(exprs, convention.loss, limits)


def _check(
    steps: list[_Step],
    start: int,
    convention: Convention,
    sizes: Sequence[Size] | None,
    budget: Budget,
    limits: Limits,
) -> SymbolicVerdict:
    loss = convention.loss
    chosen = _plan(steps, start, convention, limits) if sizes is None else Plan(tuple(sizes))
    sizes = chosen.sizes
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
    if bad is None or bad > start:  # the written-out cost equals the steps naming J
        problem = _first_line(steps[start], convention, sizes, budget, limits)
        if problem is not None:
            return SymbolicVerdict(False, problem, None, "wrong")
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
        if chosen.problem is not None:
            raise chosen.problem
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
    example = counterexample(size, values[bad].at(size), values[bad - 1].at(size), limits).describe(
        after.label, before.label
    )
    message = (
        f"{after.label[0].upper()}{after.label[1:]} does not follow from {before.label}:\n"
        f"  {before.label}: {before.parsed.source}\n"
        f"  {after.label}: {after.parsed.source}\n"
        f"They differ: {example}."
    )
    entries = catalogue(convention, "gradient", reference(convention))
    mistake = match_mistake(values[bad], entries, None, loss)
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
