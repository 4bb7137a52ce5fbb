"""Check a student's gradient dJ/dw_j and update Δw_j against the derived reference.

The order of the diagnosis: the text must read (parse error, unknown symbol,
refused as too complex); an index other than j must not be left free (the sum
forgotten); then the answer is compared with the reference at every size, from
the smallest.  A wrong answer is compared with the catalogue of mistakes (an
exact match names the mistake), then checked for a wrong range (an index
outside the data, or a sum that would be right over its standard range), and
otherwise gets the smallest size and values where it differs.

The sizes are chosen from the answer (:mod:`.sizes`), so that an answer equal
to the reference at all of them is equal for every n, m and j.  All the work
draws on one :class:`~.limits.Budget`, shared by every check of a submission.
"""

from __future__ import annotations

from collections.abc import Sequence

from sympy import Expr

from gdgrade.reference import DEFAULT, Convention

from . import notation as nt
from .build import Context, Parsed
from .concrete import Size, evaluate_trusted, reference_polynomial
from .derive import Reference, reference
from .equivalence import (
    Evaluated,
    counterexample,
    equal_everywhere,
)
from .errors import AnswerError, TooComplex
from .interpret import INFERRED, Letters
from .limits import DEFAULT_LIMITS, Budget, Limits
from .mistakes import Mistake, catalogue, free_indices
from .read import MathReading, Statement, detect_syntax, read_answer, read_math
from .sizes import Plan, plan
from .verdict import SymbolicVerdict, from_error, range_notes

__all__ = ["check_gradient_answer", "check_update_answer", "describe_sizes", "match_mistake"]

_NAMES = {"gradient": "dJ/dw_j", "update": "Δw_j"}


def describe_sizes(sizes: Sequence[Size]) -> str:
    """``'36 sizes (n <= 4, m <= 3, every j = 0..m)'``."""
    n = max(s.n for s in sizes)
    m = max(s.m for s in sizes)
    every = all(Size(s.n, s.m, j) in sizes for s in sizes for j in range(s.m + 1))
    js = "every j = 0..m" if every else "j = " + ", ".join(sorted({str(s.j) for s in sizes}))
    return f"{len(sizes)} sizes (n <= {n}, m <= {m}, {js})"


def _shown(target: str, ref: Reference) -> str:
    expr = ref.gradient if target == "gradient" else ref.update
    return f"{_NAMES[target]} = {nt.show(expr)}"


def match_mistake(
    student: Evaluated,
    entries: Sequence[tuple[Mistake, Expr]],
    sizes: Sequence[Size] | None,
    loss: str,
    fixed: int | None = None,
    single: bool = False,
) -> Mistake | None:
    """The first catalogue entry that equals ``student`` everywhere, or None.

    With ``sizes`` None, each entry is compared at the sizes chosen from it and
    the student's expression (:func:`.sizes.plan`); an entry that those sizes
    cannot settle is not named.  ``fixed``: only that j (0 for the bias's derivative);
    ``single``: only one feature (m = 1).
    """
    for mistake, wrong in entries:
        wrong_free = free_indices(wrong)
        if len(wrong_free) != len(student.free):
            continue
        where = sizes
        if where is None:
            chosen = plan((student.expr, wrong), loss, student.limits)
            if chosen.problem is not None:
                continue
            where = chosen.sizes
        where = restricted(where, fixed, single)

        def target(size: Size, assignment=(), wrong=wrong, wrong_free=wrong_free):
            renamed = tuple(
                (symbol, value) for symbol, (_, value) in zip(wrong_free, assignment, strict=True)
            )
            return evaluate_trusted(wrong, size, renamed, loss)

        if equal_everywhere(student, target, where) is None:
            return mistake
    return None


def _free_verdict(
    parsed: Parsed,
    student: Evaluated,
    entries: Sequence[tuple[Mistake, Expr]],
    sizes: Sequence[Size] | None,
    loss: str,
    target: str,
    implicit: str | None = None,
    fixed: int | None = None,
    single: bool = False,
) -> SymbolicVerdict:
    names = ", ".join(str(s) for s in parsed.free)
    verb = "is" if len(parsed.free) == 1 else "are"
    first = parsed.free[0]
    if implicit is not None and first.name == implicit:
        message = (
            f"Your answer is for one sample: y, ŷ or x are written without a sample index, "
            f"but {_NAMES[target]} adds up every sample; did you forget the sum over the "
            "samples, Σ_i?"
        )
        names, verb = "(one sample)", "is"
    elif nt.index_roles(parsed.expr, first) == {nt.FEATURE}:
        message = (
            f"The index {names} {verb} free: {_NAMES[target]} is for one weight, w[j], and "
            f"depends on no other feature index; sum over {first} with "
            f"Sum(..., ({first}, 0, m)), or write j."
        )
    else:
        message = (
            f"The index {names} {verb} free: your answer depends on which sample {first} is, "
            f"but {_NAMES[target]} adds up every sample; did you forget "
            f"Sum(..., ({first}, 1, n))?"
        )
    mistake = match_mistake(student, entries, sizes, loss, fixed, single)
    if mistake is not None:
        free = (
            "It is for one sample."
            if names == "(one sample)"
            else f"The index {names} {verb} free."
        )
        message = f"{mistake.message} ({free})"
    return SymbolicVerdict(False, message, mistake.id if mistake else None, "free-index")


def _check_answer(
    answer: object,
    target: str,
    convention: Convention,
    extra_mistakes: Sequence[Mistake],
    sizes: Sequence[Size] | None,
    limits: Limits,
    letters: Letters = INFERRED,
    budget: Budget | None = None,
) -> SymbolicVerdict:
    name = _NAMES[target]
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return SymbolicVerdict(False, f"There is no answer for {name} yet.", None, "empty")
    if not isinstance(answer, str):
        kind = type(answer).__name__
        return SymbolicVerdict(
            False, f"The answer for {name} must be a string (got a {kind}).", None, "parse-error"
        )
    budget = budget if budget is not None else Budget(limits)
    budget.checking = name
    try:
        budget.check_time()
        if detect_syntax(answer) == "latex":
            return _check_math(
                answer, target, convention, extra_mistakes, sizes, limits, letters, budget
            )
        parsed = read_answer(answer, Context(bias=convention.bias == "separate"), limits)
        if parsed is None:
            return SymbolicVerdict(
                False, f"The answer for {name} has nothing after '='.", None, "empty"
            )
        return _judge(parsed, target, convention, extra_mistakes, sizes, limits, budget)
    except AnswerError as error:
        return from_error(error, answer)
    except RecursionError:  # a last guard: the bounds above keep trees shallow
        return from_error(TooComplex("the answer is nested too deeply"), answer)


def restricted(sizes: Sequence[Size], fixed: int | None, single: bool) -> tuple[Size, ...]:
    """The sizes with j = ``fixed`` (when given) and, for an answer written for one feature
    (``single``), m = 1."""
    return tuple(s for s in sizes if (fixed is None or s.j == fixed) and (not single or s.m == 1))


def _chosen(
    parsed: Parsed,
    target: str,
    convention: Convention,
    sizes: Sequence[Size] | None,
    limits: Limits,
    fixed: int | None = None,
    single: bool = False,
) -> Plan:
    """Where ``parsed`` is compared with the reference: the sizes chosen from both
    (:func:`.sizes.plan`) or those given; only j = ``fixed`` for the derivative of one
    weight (0: the bias), only m = 1 for an answer written for one feature."""
    ref = reference(convention)
    right = ref.gradient if target == "gradient" else ref.update
    chosen = plan((parsed.expr, right), convention.loss, limits) if sizes is None else None
    where = chosen.sizes if chosen is not None else tuple(sizes)
    return Plan(restricted(where, fixed, single), chosen.problem if chosen is not None else None)


def _judge(
    parsed: Parsed,
    target: str,
    convention: Convention,
    extra_mistakes: Sequence[Mistake],
    sizes: Sequence[Size] | None,
    limits: Limits,
    budget: Budget,
    implicit: str | None = None,
    fixed: int | None = None,
    single: bool = False,
) -> SymbolicVerdict:
    """The verdict on one expression (in the canonical notation) for ``target``."""
    name = _NAMES[target]
    ref = reference(convention)
    loss = convention.loss
    student = Evaluated(parsed.expr, parsed.free, loss=loss, budget=budget, limits=limits)
    entries = catalogue(convention, target, ref, extra_mistakes)
    if parsed.free:
        return _free_verdict(parsed, student, entries, sizes, loss, target, implicit, fixed, single)
    chosen = _chosen(parsed, target, convention, sizes, limits, fixed, single)
    where = chosen.sizes

    def right(size: Size, assignment=()):
        return reference_polynomial(loss, target, size)

    differs = equal_everywhere(student, right, where)
    if differs is None:
        if chosen.problem is not None:
            raise chosen.problem
        return SymbolicVerdict(
            True,
            f"Right: your answer equals {_shown(target, ref)} at every one of "
            f"{describe_sizes(where)}.",
            None,
            "ok",
        )
    size, _ = differs
    example = counterexample(size, student.at(size), right(size), limits).describe(
        "your answer", name
    )
    mistake = match_mistake(student, entries, sizes, loss, fixed, single)
    if mistake is not None:
        return SymbolicVerdict(
            False, f"{mistake.message} For example, {example}.", mistake.id, "wrong"
        )
    notes = range_notes(parsed.expr)
    problem = _range_problem(parsed, notes, student, right, where, budget)
    if problem is not None:
        return SymbolicVerdict(False, f"{problem} For example, {example}.", None, "wrong-range")
    note = f" Note that {'; '.join(notes)}." if notes else ""
    return SymbolicVerdict(False, f"Your answer is not {name}: {example}.{note}", None, "wrong")


def _param_name(param: str, component: int | None) -> str:
    """``w_j``, ``b`` or ``w_1``: the parameter a statement is about, in the canonical notation."""
    if param == "b":
        return "b"
    return "w_j" if component is None else f"w_{component}"


def _meaning(statement: Statement) -> tuple[str, str, int | None]:
    """What a statement gives: ('gradient' | 'update' | 'rule' | 'cost', 'w' | 'b', the one
    weight it is about or None)."""
    sides = statement.sides
    if statement.rule:
        return "rule", sides[0].param or "w", sides[0].component
    for side in sides:
        if side.role == "delta":
            return "update", side.param or "w", side.component
    first = sides[0]
    if first.role == "value" and first.parsed is not None and first.parsed.expr == nt.J:
        return "cost", "w", None
    for side in sides:
        if side.role == "value" and side.derived and side.param is not None:
            expr = side.parsed.expr
            if expr.has(nt.eta):
                return "update", side.param, side.component
            return "gradient", side.param, side.component
    return "", "w", None


def _check_math(
    answer: str,
    target: str,
    convention: Convention,
    extra_mistakes: Sequence[Mistake],
    sizes: Sequence[Size] | None,
    limits: Limits,
    letters: Letters,
    budget: Budget,
) -> SymbolicVerdict:
    """An answer in LaTeX, Unicode or plain text: every statement and every side is judged."""
    name = _NAMES[target]
    reading = read_math(answer, letters, limits)
    verdict = _judge_statements(reading, target, convention, extra_mistakes, sizes, limits, budget)
    if not verdict.ok and verdict.kind in ("wrong", "wrong-range"):
        other = _other_reading(answer, reading, target, convention, sizes, limits, letters, budget)
        if other is not None:
            verdict = SymbolicVerdict(False, other, verdict.mistake, verdict.kind)
    notes = list(reading.notes)
    if any(side.role == "zero" for st in reading.statements for side in st.sides):
        notes.append(
            f"'… = 0' is read as setting the gradient to zero; the gradient itself is judged "
            f"as {name}"
        )
    return with_assumptions(verdict, notes)


def with_assumptions(verdict: SymbolicVerdict, notes: Sequence[str]) -> SymbolicVerdict:
    """``verdict`` with each assumption made in reading the answer said at its end."""
    if not notes or verdict.kind == "empty":
        return verdict
    return SymbolicVerdict(
        verdict.ok,
        f"{verdict.message.rstrip()} Read with these assumptions: {'; '.join(notes)}.",
        verdict.mistake,
        verdict.kind,
    )


def _judge_statements(
    reading: MathReading,
    target: str,
    convention: Convention,
    extra_mistakes: Sequence[Mistake],
    sizes: Sequence[Size] | None,
    limits: Limits,
    budget: Budget,
) -> SymbolicVerdict:
    name = _NAMES[target]
    judged = 0
    described: tuple[Size, ...] = ()
    worked_out = 0
    parts: list[tuple[str, int | None]] = []
    single = reading.reading.single
    meanings = [(_meaning(st), st) for st in reading.statements]
    wanted = {"gradient": ("gradient", ""), "update": ("update", "rule", "")}[target]
    chosen = [(m, st) for m, st in meanings if m[0] in wanted]
    if not chosen:
        kinds = {m[0] for m, _ in meanings}
        if target == "gradient" and kinds & {"update", "rule"}:
            return SymbolicVerdict(
                False,
                f"This is an update rule (the step the weight takes); the answer asked for is "
                f"the gradient {name} = ∂J/∂w_j.",
                None,
                "wrong",
            )
        if target == "update" and "gradient" in kinds:
            chosen = [(("update", *m[1:]), st) for m, st in meanings if m[0] == "gradient"]
        else:
            return SymbolicVerdict(
                False,
                f"The answer defines the cost but gives no {name}: write {name} = ….",
                None,
                "empty",
            )
    sides = sum(1 for _, st in chosen for side in st.sides if side.role == "value")
    if sides > limits.max_sides:
        return SymbolicVerdict(
            False,
            f"Refused to check the answer: it has {sides} sides of '=' to judge; at most "
            f"{limits.max_sides} are read.",
            None,
            "too-complex",
        )
    judged_before: dict[tuple, SymbolicVerdict] = {}  # the same side written twice: judged once
    for (meaning, param, component), statement in chosen:
        fixed = 0 if param == "b" else component
        for position, side in enumerate(statement.sides):
            if side.role != "value" or side.parsed is None:
                continue
            parsed = side.parsed
            if meaning == "rule":
                weight = nt.b if param == "b" else nt.w[nt.j if fixed is None else fixed]
                parsed = Parsed(parsed.expr - weight, parsed.source, parsed.syntax, parsed.free)
            if fixed is not None and parsed.expr.has(nt.j):
                return SymbolicVerdict(
                    False,
                    f"The answer for {_param_name(param, component)} ({side.shown}) depends on "
                    f"j; the derivative for one weight has no feature index j.",
                    None,
                    "wrong",
                )
            key = (parsed.expr, parsed.free, fixed)
            verdict = judged_before.get(key)
            if verdict is None:
                verdict = judged_before[key] = _judge(
                    parsed,
                    target,
                    convention,
                    extra_mistakes,
                    sizes,
                    limits,
                    budget,
                    reading.reading.implicit,
                    fixed,
                    single,
                )
            judged += 1
            worked_out += not side.derived
            label = f"'{side.shown}'"
            if not verdict.ok:
                where = _where(statement, position, len(chosen) > 1 or len(statement.sides) > 1)
                if meaning == "rule" and verdict.kind in ("wrong", "wrong-range"):
                    said = (
                        f"{where}the update rule gives the new weight; the change it makes, "
                        f"{label} minus {_param_name(param, component)}, is judged as {name}. "
                    )
                else:
                    said = where
                return SymbolicVerdict(False, said + verdict.message, verdict.mistake, verdict.kind)
            parts.append((param, fixed))
            used = _chosen(parsed, target, convention, sizes, limits, single=single).sizes
            described = max(described, used, key=len)
    if not judged:
        return SymbolicVerdict(False, f"There is no answer for {name} yet.", None, "empty")
    if not worked_out and any(st.open_end for _, st in chosen):
        return SymbolicVerdict(
            False, f"The answer for {name} has nothing after '='.", None, "empty"
        )
    if not worked_out:
        return SymbolicVerdict(
            False,
            f"Every side is written with the derivative of the cost (∂J/∂w_j, ∇J); work it "
            f"out: {name} in terms of x, y, w and the learning rate.",
            None,
            "wrong",
        )
    missing = _missing(parts, single, name, "derivative" if target == "gradient" else "update")
    if missing is not None:
        return SymbolicVerdict(False, missing, None, "wrong")
    ref = reference(convention)
    rule = any(m == "rule" for (m, _, _), _ in chosen)
    how = " (read as an update rule: the change it makes to the weight is judged)" if rule else ""
    both = " and the bias b" if ("b", 0) in parts else ""
    if single:
        both = " for one feature (its weight w_1 and the bias w_0)"
    return SymbolicVerdict(
        True,
        f"Right: your answer equals {_shown(target, ref)}{both}{how} at every one of "
        f"{describe_sizes(described)}.",
        None,
        "ok",
    )


def _missing(parts: list[tuple[str, int | None]], single: bool, name: str, what: str) -> str | None:
    """What the answer leaves out: every weight, written with j (or, for one feature, the
    slope and the intercept), must be there; None when nothing is missing."""
    if any(fixed is None for _, fixed in parts):
        return None
    given = {fixed for _, fixed in parts}
    if single and {0, 1} <= given:
        return None
    if single and 1 in given:
        return (
            f"The answer gives the {what} for the slope (the weight w_1 of the one feature) "
            "only; the one for the intercept b (w_0) is missing."
        )
    if given == {0}:
        return (
            f"The answer gives only the {what} for the bias b; {name} (for the weights "
            "w_j) is missing."
        )
    shown = ", ".join(f"w_{k}" for k in sorted(given))
    return (
        f"The answer gives the {what} for {shown} only; {name} is asked for every weight "
        "j = 0..m: write it with the index j."
    )


def _where(statement: Statement, position: int, several: bool) -> str:
    if not several:
        return ""
    return f"In '{statement.shown}', the side '{statement.sides[position].shown}': "


def _other_reading(
    answer: str,
    reading: MathReading,
    target: str,
    convention: Convention,
    sizes: Sequence[Size] | None,
    limits: Limits,
    letters: Letters,
    budget: Budget,
) -> str | None:
    """When the answer is right with the other count letter for the samples, say so."""
    r = reading.reading
    if r.samples not in ("m", "n", "N") or (
        r.samples == (letters.samples or r.samples) and (letters.samples is None)
    ):
        return None
    swapped = Letters(samples=r.features or "n", features=r.samples)
    try:
        other = read_math(answer, swapped, limits)
        verdict = _judge_statements(other, target, convention, (), sizes, limits, budget)
    except AnswerError:
        return None
    if not verdict.ok or other.reading.samples == r.samples:
        return None
    return (
        f"Your answer would be right if {other.reading.samples} counted the samples, but in "
        f"this assignment {other.reading.samples} counts the features and "
        f"{r.samples if r.samples != other.reading.samples else 'n'} the samples: write the "
        "number of samples with its letter."
    )


def _range_problem(
    parsed: Parsed,
    notes: list[str],
    student: Evaluated,
    right,
    sizes: Sequence[Size],
    budget: Budget,
) -> str | None:
    """What is wrong with the ranges, when that is the problem; else None.

    An index outside the data was used, or the sums with a non-standard range
    (``notes``) would be right over their standard ranges.
    """
    fixed = Evaluated(
        parsed.expr,
        loss=student.loss,
        budget=budget,
        limits=student.limits,
        standard_ranges=True,
    )
    right_when_fixed = bool(notes) and equal_everywhere(fixed, right, sizes) is None
    outside = next(iter(student.outside.items()), None)
    if outside is None and not right_when_fixed:
        return None
    parts = []
    if outside is not None:
        size, names = outside
        parts.append(
            f"At {size} your answer uses {', '.join(sorted(names))}, outside the "
            "data: samples are numbered 1..n and features 0..m (x[i, 0] = 1)."
        )
    if notes:
        parts.append(f"The range of a sum is wrong: {'; '.join(notes)}.")
    if right_when_fixed:
        parts.append("With those ranges your answer would be right.")
    return " ".join(parts)


def check_gradient_answer(
    answer: str,
    convention: Convention = DEFAULT,
    *,
    extra_mistakes: Sequence[Mistake] = (),
    sizes: Sequence[Size] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    letters: Letters = INFERRED,
    budget: Budget | None = None,
) -> SymbolicVerdict:
    """Check a student's dJ/dw_j.

    Parameters
    ----------
    answer : str
        In sympy syntax (``-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))``) or LaTeX
        (``-\\sum_i (y^{(i)} - \\phi(z^{(i)})) x_j^{(i)}``); ``lhs = rhs`` is judged
        on its right-hand side.  Never evaluated as code.
    convention : Convention
        The assignment's conventions (the loss decides the reference; with a
        separate bias, ``b`` means ``w[0]``).
    extra_mistakes : sequence of Mistake
        The instructor's catalogue entries (:func:`mistake_from_spec`).
    sizes : sequence of Size or None
        Where the answer is compared, smallest first; None (the default) chooses
        them from the answer, so that a right verdict holds for every n and m.
    limits : Limits
        The bounds on the work.
    letters : Letters
        The count letters the assignment declares (which letter counts the samples);
        by default they are inferred from each answer.
    budget : Budget or None
        The steps and time left for the submission's derivation, shared by all
        its checks; None gives this answer a budget of its own.

    Returns
    -------
    SymbolicVerdict
    """
    return _check_answer(
        answer, "gradient", convention, extra_mistakes, sizes, limits, letters, budget
    )


def check_update_answer(
    answer: str,
    convention: Convention = DEFAULT,
    *,
    extra_mistakes: Sequence[Mistake] = (),
    sizes: Sequence[Size] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    letters: Letters = INFERRED,
    budget: Budget | None = None,
) -> SymbolicVerdict:
    """Check a student's Δw_j = -eta dJ/dw_j; the parameters are those of
    :func:`check_gradient_answer`."""
    return _check_answer(
        answer, "update", convention, extra_mistakes, sizes, limits, letters, budget
    )
