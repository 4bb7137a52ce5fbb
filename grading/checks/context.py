"""What a check sees: the spec, the sandboxed submission, and ways to call into it.

Every call into the student's code goes through :meth:`Context.call` (or its
class-side siblings), which turns whatever went wrong in the sandbox into an
:class:`~gdgrade.grading.results.Outcome` the check can return as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from gdgrade.grading.checks.compare import agrees, compare, fmt, plain
from gdgrade.grading.checks.misspelled import suggestion
from gdgrade.grading.checks.reading import attribute_path
from gdgrade.grading.results import Outcome
from gdgrade.grading.sandbox.numpy2 import alias_in
from gdgrade.grading.sandbox.session import MAX_SEQUENCE
from gdgrade.grading.spec import AssignmentSpec
from gdgrade.reference import Convention

__all__ = ["Alternative", "Context", "StudentError", "argname", "fit_steps"]

NOT_DONE_KINDS = ("missing",)
ERROR_KINDS = (
    "syntax-error",
    "timeout",
    "memory",
    "crash",
    "exit",
    "forbidden-import",
    "import-error",
    "protocol",
    "lost",
)


class StudentError(Exception):
    """A call into the student's code failed; ``outcome`` says how, for the report."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.message)
        self.outcome = outcome


@dataclass(frozen=True)
class Alternative:
    """A known wrong answer: if the student's value equals ``value``, say ``hint``.

    ``mistake`` is the id counted in the class summary.
    """

    mistake: str
    hint: str
    value: Callable[[], Any]


@dataclass
class Context:
    """One submission being graded.

    Attributes
    ----------
    spec : AssignmentSpec
        The assignment.
    sandbox : object
        A started :class:`gdgrade.grading.sandbox.Sandbox` (or anything with its
        ``call/new/method/getattr`` methods).
    convention : Convention
        The conventions this student is graded against (the spec's, or their
        variant's).
    derivation : object or None
        The student's :class:`gdgrade.grading.symbolic.Derivation`.
    variant : dict
        The student's variant (learning rate...), when the assignment has any.
    source : ModuleSource or None
        ``adaline.py`` as written (read with ``ast``, never run here).
    needs : frozenset of str
        The hyperparameters the running check cannot do without (``eta``, ``n_iter``...);
        one the class has no parameter for fails only the checks that need it.
    notes : dict
        What the grader guessed or noticed, said once per submission (shared by the
        per-check copies of the context).
    derivation_unread : str
        Why ``derivation.py`` is there but was not read (too large...); empty otherwise.
    """

    spec: AssignmentSpec
    sandbox: Any
    convention: Convention
    derivation: Any = None
    variant: dict[str, Any] = field(default_factory=dict)
    source: Any = None
    needs: frozenset[str] = frozenset({"eta", "n_iter"})
    notes: dict[str, str] = field(default_factory=dict)
    memo: dict[Any, Any] = field(default_factory=dict)
    hung: dict[str, str] = field(default_factory=dict)
    prefetched: dict[tuple[int, str], Any] = field(default_factory=dict)
    answered: dict[tuple, list[Any]] = field(default_factory=dict)
    derivation_unread: str = ""
    batching: bool = True
    probing: set[str] | None = None
    refuted: set[str] = field(default_factory=set)

    @property
    def tol(self):
        """The spec's tolerances."""
        return self.spec.tolerances

    # -- calling into the sandbox ----------------------------------------------
    def _unwrap(self, result: Any, what: str, name: str = "") -> Any:
        if result.ok:
            return result
        kind, message = result.kind, (result.message or "").strip()
        if kind in ("timeout", "memory") and name:
            self.hung[name] = f"{what}: {message or kind}"
        part = name or what
        if kind in NOT_DONE_KINDS:
            raise StudentError(
                self.explain_missing(part)
                or Outcome("not-done", f"{part} is not done yet ({message or 'missing'})")
            )
        alias = alias_in(message) if kind in ("exception", "import-error") else None
        if alias is not None:
            old, new = alias
            self.notes.setdefault(
                "numpy2",
                f"adaline.py uses {old}, which NumPy 2 removed: write {new}. (Instructors: "
                "`numpy_legacy_aliases = true` in the spec's [learner] table puts NumPy 1's "
                "names back.)",
            )
            raise StudentError(
                Outcome(
                    "failed",
                    f"{what} failed: {message}",
                    hint=f"NumPy 2 removed {old}: write {new} instead.",
                    mistake="numpy-2-alias",
                )
            )
        meant = suggestion(message, self.source) if kind == "exception" else None
        if meant is not None:
            raise StudentError(
                Outcome(
                    "failed", f"{what} failed: {message}", hint=meant, mistake="misspelled-name"
                )
            )
        if kind == "exception" and "NotImplementedError" in message:
            raise StudentError(
                Outcome("not-done", f"{part} is not done yet (it raises NotImplementedError)")
            )
        if kind in ERROR_KINDS:
            raise StudentError(Outcome("error", f"{what}: {message or kind}"))
        raise StudentError(Outcome("failed", f"{what} failed: {message or kind}"))

    def explain_missing(self, part: str) -> Outcome | None:
        """Why a name the check needs is missing, when the source tells: a method indented
        into another one, or a definition that failed when the file was imported."""
        from gdgrade.grading.checks.learner import not_defined

        source = self.source
        if source is None:
            return None
        owner, _, member = part.rpartition(".")
        nested = (
            (source.classes[owner].nested.get(member) if owner in source.classes else None)
            if owner
            else source.nested.get(part)
        )
        if nested is not None:
            outer, line = nested
            where = f"{owner}.{outer}" if owner else outer
            kind = "a method of " + owner if owner else "a function of the module"
            return Outcome(
                "failed",
                f"{part} is missing: `def {member or part}` (adaline.py, line {line}) is "
                f"indented inside {where}, so it is a local function of {outer}, not {kind}.",
                hint=f"move `def {member or part}` out of {outer}, one level to the left.",
                mistake="method-nested",
            )
        return None if owner else not_defined(self, part)

    def _not_again(self, name: str) -> None:
        """A function that already ran out of time or memory is not called again."""
        if name in self.hung:
            raise StudentError(Outcome("error", f"not run again: {self.hung[name]}"))

    def _answer_ahead(self, steps: list[tuple], keys: list[tuple]) -> None:
        """Run ``steps`` as sequences and keep each result under its key for later.

        A batch that hits the time limit or kills the child is given up (its
        calls run one by one later) and batching stops for this submission, so a
        slow but correct function is never judged by a batch's time.
        """
        for start in range(0, len(steps), MAX_SEQUENCE):
            if not self.batching:
                return
            chunk = steps[start : start + MAX_SEQUENCE]
            results = self.sandbox.sequence(chunk)
            if len(results) == 1 and len(chunk) > 1 and not results[0].ok:
                self.batching = False  # the child died or timed out: go one by one
                return
            for key, result in zip(keys[start:], results, strict=False):
                self.answered.setdefault(key, []).append(result)  # the same call twice: twice

    def prefetch(self, calls: Sequence[tuple[str, tuple]]) -> None:
        """Send many ``(name, args)`` calls in few round trips; :meth:`call` then finds them
        (``"echo:name"`` for :meth:`call_echo`)."""
        todo = [(n, a) for n, a in calls if n.removeprefix("echo:") not in self.hung]
        steps = [
            ("call_echo", n[5:], a) if n.startswith("echo:") else ("call", n, a, {})
            for n, a in todo
        ]
        self._answer_ahead(steps, [_call_key(n, a) for n, a in todo])

    def prefetch_methods(self, calls: Sequence[tuple[int, str, tuple]]) -> None:
        """Send many ``(handle, method, args)`` calls together; :meth:`method` finds them."""
        steps = [("method", h, n, a, {}) for h, n, a in calls]
        self._answer_ahead(steps, [_call_key(f"{h}.{n}", a) for h, n, a in calls])

    def answer(self, name: str, *args: Any) -> Any | None:
        """The value a prefetched call of ``name(*args)`` returned, without using it up
        (None when it was not prefetched or failed): to plan the next calls."""
        results = self.answered.get(_call_key(name, args))
        if not results or not results[0].ok:
            return None
        return results[0].value

    def _answered(self, key: tuple) -> Any | None:
        """The next prefetched result for ``key`` (used up), or None."""
        results = self.answered.get(key)
        if not results:
            return None
        result = results.pop(0)
        if not results:
            del self.answered[key]
        return result

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Call the student's module-level function ``name``; its value (an array)."""
        self._not_again(name)
        what = f"{name}({', '.join(argname(a) for a in args)})"
        result = None if kwargs else self._answered(_call_key(name, args))
        if result is None:
            result = self.sandbox.call(name, *args, **kwargs)
        return self._unwrap(result, what, name).value

    def call_echo(self, name: str, *args: Any) -> tuple[Any, tuple]:
        """Call ``name``; its value and the array arguments as the call left them."""
        self._not_again(name)
        what = f"{name}({', '.join(argname(a) for a in args)})"
        result = self._answered(_call_key(f"echo:{name}", args))
        result = self._unwrap(result or self.sandbox.call_echo(name, *args), what, name)
        return result.value, result.after or ()

    def method_echo(self, handle: int, cls: str, name: str, *args: Any, **kwargs: Any) -> tuple:
        """Call a method; the array arguments as the call left them."""
        self._not_again(f"{cls}.{name}")
        given = [argname(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
        what = f"{cls}.{name}({', '.join(given)})"
        result = self._unwrap(
            self.sandbox.method_echo(handle, name, *args, **kwargs), what, f"{cls}.{name}"
        )
        return result.after or ()

    def new(self, cls: str, **kwargs: Any) -> int:
        """Instantiate the student's class; its handle."""
        params = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
        return self._unwrap(self.sandbox.new(cls, **kwargs), f"{cls}({params})", cls).handle

    def method(self, handle: int, cls: str, name: str, *args: Any) -> Any:
        """Call a method; the :class:`CallResult` (``is_self``, ``value``)."""
        self._not_again(f"{cls}.{name}")
        what = f"{cls}.{name}({', '.join(argname(a) for a in args)})"
        result = self._answered(_call_key(f"{handle}.{name}", args))
        result = result or self.sandbox.method(handle, name, *args)
        if result.kind == "bad-return" and "returned None" in (result.message or ""):
            return _NONE  # a method may return nothing (fit without `return self`)
        return self._unwrap(result, what, f"{cls}.{name}")

    def fit_and_read(
        self,
        cls: str,
        kwargs: dict[str, Any],
        args: tuple,
        names: Sequence[str],
        *,
        method: str = "fit",
        fit_kwargs: dict[str, Any] | None = None,
    ) -> tuple[int, bool]:
        """Build ``cls(**kwargs)``, call ``fit(*args)``, read ``names``: one round trip.

        ``method`` is the student's name for fit, ``fit_kwargs`` the hyperparameters it
        takes itself.  Returns the object's handle and whether ``fit`` returned self; the
        attributes are kept for :meth:`attribute`.
        """
        self._not_again(f"{cls}.{method}")
        results = self.sandbox.sequence(
            fit_steps(cls, kwargs, args, names, method=method, fit_kwargs=fit_kwargs)
        )
        params = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
        try:
            handle = self._unwrap(results[0], f"{cls}({params})", cls).handle
        except StudentError as exc:
            # fit indented into __init__: its body runs there, and fails (the first cause)
            nested = self.explain_missing(f"{cls}.{method}")
            if nested is None or nested.mistake != "method-nested":
                raise
            why = f"\n(building {cls} fails as well: {exc.outcome.message})"
            raise StudentError(replace(nested, message=nested.message + why)) from None
        if len(results) < 2:  # the child died building it
            raise StudentError(Outcome("error", f"{cls}.{method}: {results[0].message}"))
        fitted = results[1]
        given = [argname(a) for a in args] + [f"{k}={v!r}" for k, v in (fit_kwargs or {}).items()]
        what = f"{cls}.{method}({', '.join(given)})"
        if not fitted.ok and not (fitted.kind == "bad-return"):
            self._unwrap(fitted, what, f"{cls}.{method}")
        for name, result in zip(names, results[2:], strict=False):
            self.prefetched[handle, name] = result
        return handle, bool(fitted.ok and fitted.is_self)

    def attribute(self, handle: int, cls: str, name: str) -> Any | None:
        """An attribute's value (or an entry of a dict attribute, ``history_["cost"]``), or
        None when the object has no such attribute."""
        result = self.prefetched.pop((handle, name), None) or self.sandbox.getattr(
            handle, *attribute_path(name)
        )
        if not result.ok and result.kind == "missing":
            return None
        return self._unwrap(result, f"{cls}.{name}").value

    def check_property(
        self,
        key: str,
        strategy: Any,
        prop: Callable[[Any], Outcome],
        *,
        before: Callable[[list[Any]], None] | None = None,
    ) -> Outcome:
        """:func:`~gdgrade.grading.checks.properties.check_property` with the spec's
        search settings, a failed call into the student's code being a failed example."""
        from gdgrade.grading.checks.properties import check_property

        def guarded(example: Any) -> Outcome:
            try:
                return prop(example)
            except StudentError as exc:
                return exc.outcome

        def refute(ids: set[str], passed: list[Any]) -> set[str]:
            """The mistakes in ``ids`` that an example which passed contradicts."""
            self.probing, self.refuted = set(ids), set()
            try:
                for example in passed:
                    guarded(example)
                    if self.refuted >= ids:
                        break
                return set(self.refuted)
            finally:
                self.probing = None

        return check_property(
            key,
            strategy,
            guarded,
            max_examples=self.spec.properties.max_examples,
            shrink_calls=self.spec.properties.shrink_calls,
            before=before,
            refute=refute,
        )

    # -- verdicts ------------------------------------------------------------------
    def fail(
        self,
        mismatch: str,
        *,
        inputs: dict[str, Any],
        expected: Any,
        got: Any,
        alternatives: Sequence[Alternative] = (),
        magnitude: Any = 0.0,
    ) -> Outcome:
        """A failed outcome with the counterexample, and a hint if a known mistake fits."""
        lines = [mismatch, "smallest counterexample found:"]
        lines += [f"  {k} = {fmt(v)}" for k, v in inputs.items()]
        lines += [f"  expected: {fmt(expected)}", f"  got:      {fmt(got)}"]
        candidates = []
        for alt in alternatives:
            try:
                with np.errstate(all="ignore"):
                    value = alt.value()
            except Exception:  # a mutant that cannot be built does not match
                continue
            if value is not None and agrees(value, got, self.tol, magnitude):
                if alt.mistake not in [c[0] for c in candidates]:
                    candidates.append((alt.mistake, alt.hint))
        mistake, hint = candidates[0] if candidates else (None, None)
        counterexample = {
            "input": {k: plain(v) for k, v in inputs.items()},
            "expected": plain(expected),
            "got": plain(got),
        }
        return Outcome("failed", "\n".join(lines), hint, mistake, counterexample, tuple(candidates))

    def _refute(self, got: Any, alternatives: Sequence[Alternative], magnitude: Any) -> None:
        """Note the probed mistakes whose value differs from a right answer the code gave."""
        for alt in alternatives:
            if alt.mistake not in (self.probing or ()) or alt.mistake in self.refuted:
                continue
            try:
                with np.errstate(all="ignore"):
                    value = alt.value()
            except Exception:
                continue
            if value is not None and not agrees(value, got, self.tol, magnitude):
                self.refuted.add(alt.mistake)

    def expect(
        self,
        expected: Any,
        got: Any,
        *,
        what: str,
        inputs: dict[str, Any],
        alternatives: Sequence[Alternative] = (),
        magnitude: Any = 0.0,
    ) -> Outcome | None:
        """None when ``got`` equals ``expected``; else the failed outcome.

        ``magnitude``: see :func:`~gdgrade.grading.checks.compare.compare`.
        """
        mismatch = compare(expected, got, self.tol, what=what, magnitude=magnitude)
        if mismatch is None:
            if self.probing:
                self._refute(got, alternatives, magnitude)
            return None
        return self.fail(
            mismatch,
            inputs=inputs,
            expected=expected,
            got=got,
            alternatives=alternatives,
            magnitude=magnitude,
        )


@dataclass(frozen=True)
class _Returned:
    ok: bool = True
    is_self: bool = False
    value: Any = None


_NONE = _Returned()


def fit_steps(
    cls: str,
    kwargs: dict[str, Any],
    args: tuple,
    names: Sequence[str],
    base: int = 0,
    *,
    method: str = "fit",
    fit_kwargs: dict[str, Any] | None = None,
) -> list[tuple]:
    """The sequence steps that build ``cls(**kwargs)``, fit it (``method``, the student's
    name for fit, given ``fit_kwargs``) and read ``names`` (the object is step ``base``
    of the sequence; an entry of a dict attribute is read as ``name["key"]``)."""
    steps = [
        ("new", cls, (), kwargs),
        ("method", ("step", base), method, args, dict(fit_kwargs or {})),
    ]
    return steps + [("getattr", ("step", base), *attribute_path(name)) for name in names]


def _call_key(name: str, args: tuple) -> tuple:
    return (
        name,
        *(
            (a.dtype.str, a.shape, a.tobytes()) if isinstance(a, np.ndarray) else repr(a)
            for a in args
        ),
    )


def argname(a: Any) -> str:
    """How an argument is named in a message: ``6x4 array``, or its value."""
    if isinstance(a, np.ndarray):
        return "x".join(map(str, a.shape)) + " array" if a.ndim else fmt(a)
    return repr(a)
