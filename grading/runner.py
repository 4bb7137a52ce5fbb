"""Grading one submission: load it, start its sandbox, run the rubric's checks.

Every verdict is decided here, in the parent process; the sandbox only answers
calls.  A check that cannot run (the student's code crashed, hung or is
missing) gets its points withheld with the reason, and the other checks go on.

The grader's own time and the student's limits are kept apart: the child is
launched first and imports the module while the parent judges the derivation
(within the spec's ``[derivation] seconds``), and a thread waits for the import
meanwhile, so the import's deadline counts the child's time from its launch,
not the time the grader spent judging.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
import traceback
from collections.abc import Sequence
from typing import Any

import numpy as np

from gdgrade.grading.checks.context import Context, StudentError
from gdgrade.grading.checks.imported import forbidden_outcome, import_notes, not_graded
from gdgrade.grading.checks.source import read_source
from gdgrade.grading.registry import checks_for
from gdgrade.grading.results import CheckResult, Outcome, SubmissionResult, first_entries
from gdgrade.grading.spec import VISIBILITIES, AssignmentSpec
from gdgrade.grading.submission import (
    Submission,
    SubmissionError,
    grading_key,
    load_submission,
)
from gdgrade.reference import Convention
from gdgrade.reference import functions as ref

__all__ = [
    "grade_submission",
    "learning_curves",
    "variant_convention",
    "withheld",
]


def variant_convention(spec: AssignmentSpec, variant: dict[str, Any]) -> Convention:
    """The conventions a student with this variant is graded against."""
    changes = {k: variant[k] for k in ("loss", "labels", "bias") if k in variant}
    return spec.convention.with_(**changes) if changes else spec.convention


CURVE_SEED = 2024
"""Seed of the dataset of the learning-curve plot."""


def learning_curves(ctx: Context, cls: str, epochs: int) -> dict[str, list[float | str]]:
    """The student's and the reference's cost per epoch on one seeded dataset.

    A history longer than :data:`~gdgrade.grading.results.MAX_ENTRIES` is cut there,
    its last entry saying how many were left out.
    """
    from gdgrade.grading.checks.learner import fit

    rng = np.random.default_rng(CURVE_SEED)
    X = rng.standard_normal((40, 2))
    labels = ctx.convention.label_spec
    z = X @ np.array([1.0, -1.5]) + 0.2 + 0.4 * rng.standard_normal(40)
    y = np.where(z >= 0, labels.positive, labels.negative) if labels.is_classification else z
    eta = 0.5 * ref.learning_rate_bound(X, convention=ctx.convention)
    try:
        student = fit(ctx, cls, X, y, eta=eta, n_iter=epochs)
    except StudentError:
        return {}
    from gdgrade.reference import learner_for

    model = learner_for(ctx.convention, eta=eta, n_iter=epochs, random_state=1).fit(X, y)
    out = {"reference": [float(c) for c in model.cost_], "eta": [eta]}
    if student.history is not None:
        out["student"] = [
            c if isinstance(c, str) else float(c) if np.isfinite(c) else float("nan")
            for c in first_entries(student.history)
        ]
    return out


def _start_sandbox(sub: Submission, spec: AssignmentSpec):
    from gdgrade.grading.sandbox import Limits, Sandbox
    from gdgrade.grading.sandbox.numpy2 import child_aliases

    limits = Limits(**spec.limits) if spec.limits else Limits()
    return Sandbox(
        sub.files,
        module="adaline",
        limits=limits,
        forbidden=spec.forbidden_imports,
        keep_partial_import=spec.learner.allow_partial_import,
        numpy_aliases=child_aliases() if spec.learner.numpy_legacy_aliases else (),
    )


class _ImportWaiter:
    """Waits for a launched sandbox's import in a thread, while the grader does other work.

    ``Sandbox.start`` spends its time in ``poll`` (the GIL is released), so the
    reply is read, and the student's output drained, as soon as the child sends
    them: the import deadline (counted from the launch) is the child's own, and
    the derivation judged meanwhile is never charged to it.
    """

    def __init__(self, sandbox) -> None:
        self._sandbox = sandbox
        self._result = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="gdgrade-import", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = self._sandbox.start()
        except BaseException as exc:  # handed to the grader's thread in result()
            self._error = exc

    def result(self):
        """The import's :class:`CallResult` (waits for it; re-raises what the thread raised)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result

    def join(self) -> None:
        """Wait until the waiting thread is done (before the sandbox is closed)."""
        self._thread.join()


def grade_submission(
    path: str,
    spec: AssignmentSpec,
    *,
    visibilities: Sequence[str] = VISIBILITIES,
    variant: dict[str, Any] | None = None,
    curve: bool = True,
    probe_hidden: bool = False,
    loaded: Submission | SubmissionError | None = None,
    keep_derivation: bool = False,
    remember_derivation: bool = False,
) -> SubmissionResult:
    """Grade one submission with the checks of ``spec`` whose visibility is listed.

    Never raises for anything the submission does: a submission that cannot be
    read gets every check withheld with the reason in ``problems``.  With
    ``probe_hidden`` (``gdgrade check``), ``result.hidden`` lists the parts the
    other checks need, each that no listed check needs probed: written, not done
    yet (a stub), or broken.

    ``loaded`` is the submission as already read from ``path`` (or the error
    reading it gave), on another machine: a cluster worker grades what the
    instructor's machine read, and ``path`` only names it.  With ``keep_derivation``
    (``gdgrade check``), the derivation's verdicts are kept in the cache folder and read
    back while its text, the spec and gdgrade stay the same
    (:func:`gdgrade.grading.cache.kept_verdicts`).  With ``remember_derivation`` (a
    batch's workers), they are kept in this process's memory under the same key, for the
    next submission whose derivation is the same text (:data:`REMEMBERED_DERIVATIONS`).
    """
    start = time.perf_counter()
    variant = dict(variant or {})
    result = SubmissionResult(submission=str(path), assignment=spec.name, variant=variant)
    selected = spec.selected(tuple(visibilities))
    registry = checks_for(spec)
    try:
        if isinstance(loaded, SubmissionError):
            raise loaded
        sub = loaded if loaded is not None else load_submission(path, spec)
    except SubmissionError as exc:
        result.problems.append(str(exc))
        result.tests = withheld(spec, visibilities, f"not graded: {exc}")
        result.execution_time = time.perf_counter() - start
        return result.bounded()
    result.fingerprint = grading_key(sub.fingerprint, spec, variant, visibilities)
    result.problems += sub.problems

    needs_code = any(registry[c.id].needs.startswith("adaline.") for c in selected)
    source, syntax_error = read_source(sub.files.get("adaline.py"))
    import_outcome: Outcome | None = None
    if needs_code and "adaline.py" in sub.unread:
        import_outcome = not_graded(sub.unread["adaline.py"])
    elif needs_code and syntax_error:
        import_outcome = not_graded(
            f"adaline.py has a syntax error, so none of it could run: {syntax_error}"
        )
    sandbox = _start_sandbox(sub, spec) if needs_code and import_outcome is None else None
    waiter: _ImportWaiter | None = None
    shown: tuple[str, int] | None = None  # the output when the first hidden check began
    try:
        first = [c for c in selected if not registry[c.id].needs.startswith("adaline.")]
        if sandbox is not None:
            # launched first: the child starts and imports numpy and the module while
            # this process reads the derivation (sympy's import) and judges it
            sandbox.launch()
            if first:
                waiter = _ImportWaiter(sandbox)
        derivation = None
        if sub.derivation is not None and any(
            registry[c.id].needs.startswith("derivation.") for c in selected
        ):
            from gdgrade.grading.symbolic import read_derivation

            derivation = read_derivation(sub.derivation)
        ctx = Context(
            spec,
            sandbox,
            variant_convention(spec, variant),
            derivation,
            variant,
            source=source,
            derivation_unread=sub.unread.get("derivation.py", ""),
        )
        outcomes = _judge_derivation(
            ctx, first, registry, sub, variant, keep_derivation, remember_derivation
        )
        at_import: Outcome | None = None
        if sandbox is not None:
            started = waiter.result() if waiter is not None else sandbox.start()
            result.isolated = sandbox.isolated
            usable = started.ok or (
                bool(sandbox.import_failures)
                and (spec.learner.allow_partial_import and started.kind != "syntax-error")
            )
            if not usable:
                why = started.message or started.kind
                if started.kind == "missing":
                    import_outcome = Outcome("not-done", f"not done yet: {why}")
                else:
                    import_outcome = not_graded(f"adaline.py could not be imported: {why}")
            elif not started.ok and not _defines_any(sandbox, selected, registry, source):
                why = started.message or started.kind
                import_outcome = not_graded(
                    f"adaline.py could not be imported: {why}; nothing it defines could be graded"
                )
            else:
                result.problems += import_notes(sandbox.import_failures, sandbox.import_events)
            at_import = forbidden_outcome(sandbox.import_events, phase="import")
        if import_outcome is not None:
            result.problems.append(import_outcome.message)
        done: dict[str, CheckResult] = {}
        for check in _public_first(selected, registry):
            if sandbox is not None and shown is None and _hidden_code(check, registry):
                shown = (sandbox.output[:SHOWN_OUTPUT], sandbox.output_bytes)
            info = registry[check.id]
            if check.id in outcomes:
                outcome = outcomes[check.id]
            elif import_outcome is not None:
                outcome = import_outcome
            else:
                seen = len(sandbox.import_events) if sandbox is not None else 0
                outcome = at_import or _run_check(info, ctx)
                if sandbox is not None:
                    outcome = forbidden_outcome(sandbox.import_events[seen:]) or outcome
            points = check.points if outcome.ok else 0.0
            done[check.id] = CheckResult(
                check.id, info.title, points, check.points, check.visibility, outcome
            )
        result.tests = [done[check.id] for check in selected]
        if at_import is not None:
            result.problems.append(at_import.message)
        result.problems += list(ctx.notes.values())
        skipped = [t for t in result.tests if t.outcome.status == "not-graded"]
        if skipped and import_outcome is None and len(skipped) < len(result.tests):
            parts = dict.fromkeys(registry[t.id].part for t in skipped)
            why = skipped[0].outcome.message.removeprefix("not graded: ")
            result.problems.append(
                f"partially graded: {', '.join(parts)} could not be graded "
                f"({len(skipped)} check{'s' * (len(skipped) > 1)}): {why}"
            )
        guess = convention_guess(result.tests, ctx.convention)
        if guess:
            result.problems.append(guess)
        if curve and sandbox is not None and import_outcome is None and spec.classes:
            result.curve = _curve_of_first_class(ctx, spec)
        if probe_hidden:
            result.hidden = _hidden_parts(ctx, spec, selected, registry, import_outcome)
    finally:
        if waiter is not None:
            waiter.join()  # the import's own deadline bounds this wait
        if sandbox is not None:
            result.output = _shown_output(sandbox, shown)
            if sandbox.restarts:
                result.problems.append(
                    f"the sandbox was restarted {sandbox.restarts} time(s) after a crash, "
                    "hang or exit; only the checks that needed those calls lost points"
                )
            sandbox.close()
    result.execution_time = time.perf_counter() - start
    return result.bounded()


SHOWN_OUTPUT = 4000
"""The most characters of what the student's code printed that a result keeps."""


def _hidden_code(check, registry) -> bool:
    """Whether ``check`` is hidden and sends data to the student's code."""
    return check.visibility == "hidden" and registry[check.id].needs.startswith("adaline.")


def _public_first(selected, registry) -> list:
    """The checks in the order they run: those that send the student's code no hidden data
    first, in the rubric's order, then the hidden ones.  Data a hidden check sent never
    reaches a public check's message (Gradescope shows those at once) through what the
    code kept of it."""
    return sorted(selected, key=lambda check: _hidden_code(check, registry))


def _shown_output(sandbox, shown: tuple[str, int] | None) -> str:
    """What the student's code printed, as far as a result shows it: its first
    :data:`SHOWN_OUTPUT` characters, and only up to the first hidden check (what it
    printed then or later could be the hidden checks' data: its size only)."""
    if shown is None:
        return sandbox.output[:SHOWN_OUTPUT]
    text, at = shown
    more = sandbox.output_bytes - at
    if more > 0:
        text += f"\n[{more} more bytes printed while the hidden checks ran are not shown]\n"
    return text


REMEMBERED_DERIVATIONS = 4096
"""The most derivations whose verdicts a batch worker keeps in memory (the oldest are
forgotten first); each is a few kilobytes, under a digest of its key's parts."""

_remembered: dict[bytes, dict[str, dict[str, Any]]] = {}


def _judge_derivation(ctx: Context, checks, registry, sub, variant, keep: bool, remember=False):
    """The outcomes of the checks that need no code (the derivation's), judged now or read
    back: with ``keep``, from the cache folder when this very text was judged before under
    the same spec and gdgrade (and kept there when judged now); with ``remember``, from
    this process's memory under the same key (a class where many hand in the same answers
    has each judged once per worker).  Only verdicts that do not depend on time are kept
    (:data:`gdgrade.grading.cache.KEPT_STATUSES`)."""
    from gdgrade.grading import cache

    if not checks or not (keep or remember):
        return {c.id: _run_check(registry[c.id], ctx) for c in checks}
    parts = (
        "derivation",
        repr(sub.derivation),
        ctx.derivation_unread,
        repr(ctx.spec),
        json.dumps(variant, sort_keys=True, default=repr),
        repr(ctx.convention),
        "\n".join(c.id for c in checks),
    )
    ids = {c.id for c in checks}
    here = cache.parts_hash(*parts).digest()
    if remember and here in _remembered:
        kept = _remembered[here]
        return {c.id: Outcome(**kept[c.id]) for c in checks}
    key = cache.verdict_key(*parts) if keep else None
    if key is not None:
        kept = cache.kept_verdicts(key)
        if kept is not None and set(kept) == ids:
            if remember:
                _remember(here, kept)
            return {c.id: Outcome(**kept[c.id]) for c in checks}
    outcomes = {c.id: _run_check(registry[c.id], ctx) for c in checks}
    if all(o.status in cache.KEPT_STATUSES for o in outcomes.values()):
        fields = {i: dataclasses.asdict(o) for i, o in outcomes.items()}
        if key is not None:
            cache.keep_verdicts(key, fields)
        if remember:
            _remember(here, fields)
    return outcomes


def _remember(key: bytes, fields: dict[str, dict[str, Any]]) -> None:
    while len(_remembered) >= REMEMBERED_DERIVATIONS:
        del _remembered[next(iter(_remembered))]
    _remembered[key] = fields


PROBE_INPUTS: dict[str, tuple] = {
    "net_input": ("X", "w"),
    "activation": ("z",),
    "cost": ("X", "y", "w"),
    "gradient": ("X", "y", "w"),
    "update": ("X", "y", "w", "eta"),
    "predict": ("X", "w"),
}
"""The arguments each function of the interface takes, for a probe."""


def _hidden_parts(ctx: Context, spec, selected, registry, import_outcome) -> list:
    """Each part that hidden checks need: how many, their points, and, for a part no
    selected check needs, a probe of whether it is written."""
    from gdgrade.grading.results import HiddenPart

    chosen = {c.id for c in selected}
    public = {registry[c.id].needs for c in selected}
    parts: dict[str, list] = {}
    for c in spec.checks:
        if c.id not in chosen:
            parts.setdefault(registry[c.id].needs, []).append(c)
    out = []
    for needs, checks in parts.items():
        outcome = None
        if needs not in public:
            outcome = import_outcome if needs.startswith("adaline.") else None
            outcome = outcome or _probe(ctx, spec, needs)
        out.append(
            HiddenPart(
                needs, len(checks), float(sum(c.points for c in checks)), needs in public, outcome
            )
        )
    return out


def _probe(ctx: Context, spec: AssignmentSpec, needs: str) -> Outcome:
    """Whether ``needs`` is written: ``passed`` (it answers), ``not-done``, or broken."""
    kind, name = needs.split(".", 1)
    if kind == "derivation":
        answer = getattr(ctx.derivation, name, None) if ctx.derivation is not None else None
        return Outcome() if answer else Outcome("not-done", f"`{name}` is not answered yet")
    X, y, w = np.array([[0.5], [-1.0]]), np.array([1.0, -1.0]), np.array([0.1, -0.2])
    values = {"X": X, "y": y, "w": w, "z": X[:, 0], "eta": 0.01}
    try:
        if name in PROBE_INPUTS:
            ctx.call(name, *(values[a] for a in PROBE_INPUTS[name]))
        else:
            from gdgrade.grading.checks.learner import fit, resolve_class

            entry = next((c for c in spec.classes if c.name == name), None)
            conv = entry.convention(ctx.convention) if entry else ctx.convention
            probe = dataclasses.replace(ctx, convention=conv)
            cls = resolve_class(probe, name, tuple(c.name for c in spec.classes), conv.training)
            labels = conv.label_spec
            if labels.is_classification:
                y = np.array([labels.positive, labels.negative])
            fit(probe, cls, X, y, eta=0.01, n_iter=2, tag="probe")
    except StudentError as exc:
        return exc.outcome
    except Exception as exc:  # the probe only informs: never the grader's failure
        return Outcome("error", f"{type(exc).__name__}: {exc}")
    return Outcome()


def _curve_of_first_class(ctx: Context, spec: AssignmentSpec) -> dict[str, list[float | str]]:
    """The learning curve of the spec's first class, read as the checks read it."""
    from gdgrade.grading.checks.learner import resolve_class

    first = spec.classes[0]
    conv = first.convention(ctx.convention)
    ctx = dataclasses.replace(ctx, convention=conv)
    try:
        cls = resolve_class(ctx, first.name, tuple(c.name for c in spec.classes), conv.training)
    except StudentError:
        return {}
    return learning_curves(ctx, cls, spec.properties.curve_epochs)


def _defines_any(sandbox, selected, registry, source=None) -> bool:
    """Whether the module, as imported, defines a name some selected check needs, a class,
    or a function that trains, or trains in a top-level loop (its checks then say that
    this is no class)."""
    listed = sandbox.names()
    defined = listed.value if listed.ok and isinstance(listed.value, dict) else {}
    wanted = {registry[c.id].needs.split(".", 1)[1] for c in selected}
    trainers = set(source.trainers) if source is not None else set()
    return (
        bool(wanted & set(defined))
        or any(kind == "class" for kind in defined.values())
        or bool(trainers & set(defined))
        or bool(source is not None and source.loops)
    )


def convention_guess(tests: Sequence[CheckResult], convention: Convention) -> str | None:
    """One line when two or more failures fit another convention's right answer."""
    from collections import Counter

    from gdgrade.reference import BIAS_PLACES, LABELS, LOSSES

    seen = Counter(
        t.outcome.mistake.split(":", 1)[1]
        for t in tests
        if t.outcome.mistake and t.outcome.mistake.startswith("convention:")
    )
    if not seen:
        return None
    if sum(seen.values()) < 2:
        return None
    words = {
        **{k: v.description for k, v in LOSSES.items()},
        **{k: v.description for k, v in LABELS.items()},
        **{f"bias-{k}": v for k, v in BIAS_PLACES.items()},
    }
    found = ", ".join(
        f"{words.get(name, name)} ({name}) in {n} check{'s' * (n > 1)}"
        for name, n in seen.most_common()
    )
    return (
        f"your code follows other conventions than this assignment's: {found}; this "
        f"assignment uses {convention.describe()}. The score follows the assignment."
    )


def withheld(
    spec: AssignmentSpec, visibilities: Sequence[str], why: str, status: str = "error"
) -> list[CheckResult]:
    """Every selected check with its points withheld, for one reason.

    ``status`` is ``"error"`` when the submission is the cause, ``"grader-error"``
    when gdgrade is (then it is not the student's zero: the check was not graded).
    """
    registry = checks_for(spec)
    return [
        CheckResult(c.id, registry[c.id].title, 0.0, c.points, c.visibility, Outcome(status, why))
        for c in spec.selected(tuple(visibilities))
    ]


def _run_check(info, ctx: Context) -> Outcome:
    try:
        return info.run(ctx)
    except StudentError as exc:
        return exc.outcome
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Outcome(
            "grader-error",
            f"not graded: the grader failed on this check ({type(exc).__name__}: "
            f"{exc} at {where.name}:{where.lineno}); please report it. This is not your "
            "code's fault: your instructor grades it again once it is fixed.",
        )
