"""Run one property over Hypothesis-drawn inputs, fast when it holds, shrunk when not.

Every submission is checked on the same inputs: a property's Hypothesis strategy
is drawn once (derandomised, no example database) and the draws are kept, in
memory for the rest of the process and on disk for the next run (see
:mod:`gdgrade.grading.cache`: keyed on gdgrade's sources and the libraries'
versions, checksummed, rebuilt when stale or damaged).  A submission that passes
them all costs only its own calls, and Hypothesis is not even imported.  When
one fails, Hypothesis runs the property for real from the same seed, finds the
failure again and shrinks it to the smallest input; shrinking spends at most a
named number of calls, and a failure that is a crash, hang or blown limit is
reported as found (re-running it would only cost time).

Hypothesis's search is derandomised, so which input it tries next depends only on how
the inputs it tried so far went (held, failed, or stopped the search).  Each search is
kept in memory as a tree of those inputs (:class:`_Searches`): a later submission whose
inputs go the same way is given the very same inputs, in the same order, by walking the
tree, without Hypothesis's own work of choosing them; at the first input that goes
another way, Hypothesis runs for real (the inputs already tried are answered as they
went, not tried again) and the tree grows by that branch.

A strategy may be given built, or as a function of no arguments that builds it
(called only when Hypothesis has to run).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Union

from gdgrade.grading.results import PASSED, Outcome

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["Strategy", "check_property", "draw_examples"]

Strategy = Union["SearchStrategy", Callable[[], "SearchStrategy"]]
"""A Hypothesis strategy, or a function of no arguments that builds it."""

_CACHE: dict[tuple[str, int], list[Any]] = {}

_END = "end"
"""The search ended after this answer."""
HELD, FAILED, STOPPED = "held", "failed", "stopped"
"""How one input of a search went: the property held, failed, or the search stopped."""
KEPT_SEARCH_STEPS = 50_000
"""The most inputs the kept search trees hold in a process (then no more are added)."""


class _Node:
    """One input a search tried, and what it tried after each way the input went."""

    __slots__ = ("example", "next")

    def __init__(self, example: Any) -> None:
        self.example = example
        self.next: dict[str, _Node | str] = {}


class _Searches:
    """The searches Hypothesis made in this process, by strategy key and settings."""

    def __init__(self) -> None:
        self.roots: dict[tuple, _Node] = {}
        self.steps = 0

    def add(self, key: tuple, path: list[tuple[Any, str]]) -> None:
        """Keep one whole search: its inputs in order, each with how it went."""
        if not path or self.steps + len(path) > KEPT_SEARCH_STEPS:
            return
        node = self.roots.get(key)
        if node is None:
            node = self.roots[key] = _Node(path[0][0])
            self.steps += 1
        for i, (_, answer) in enumerate(path):
            if i + 1 == len(path):
                node.next.setdefault(answer, _END)
                return
            child = node.next.get(answer)
            if not isinstance(child, _Node):
                child = node.next[answer] = _Node(path[i + 1][0])
                self.steps += 1
            node = child


_SEARCHES = _Searches()


def _keep_hypothesis_out_of_the_students_folder() -> None:
    """Hypothesis keeps a cache in ``./.hypothesis``; grading writes none in the student's
    folder (unless ``HYPOTHESIS_STORAGE_DIRECTORY`` says where it should go)."""
    import os
    import tempfile

    from hypothesis.configuration import set_hypothesis_home_dir

    if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), "gdgrade-hypothesis"))


class _Failed(Exception):
    pass


class _OutOfBudget(BaseException):
    """Raised through Hypothesis to stop shrinking (a BaseException is not caught by it)."""


def _built(strategy: Strategy) -> SearchStrategy:
    """The strategy itself (a Hypothesis strategy is not callable; a builder is)."""
    return strategy() if callable(strategy) else strategy


def _run(strategy: Strategy, body: Callable[[Any], None], n: int, phases: tuple) -> None:
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings

    _keep_hypothesis_out_of_the_students_folder()
    phases = tuple(getattr(Phase, name) for name in phases)
    strategy = _built(strategy)
    # The derandomised seed is a digest of the source below, decorators included
    # (Hypothesis cannot strip them from a nested function): every character of it
    # decides which examples every check draws.

    @settings(
        max_examples=n,
        derandomize=True,
        database=None,
        deadline=None,
        phases=phases,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        print_blob=False,
    )
    @given(strategy)
    def property_under_test(example: Any) -> None:  # one source: one derandomised seed
        body(example)

    property_under_test()


def draw_examples(key: str, strategy: Strategy, n: int) -> list[Any]:
    """The inputs a property is checked on: drawn once, then kept.

    Parameters
    ----------
    key : str
        Names the strategy (the same key must always mean the same strategy).
    strategy : SearchStrategy or callable
        What to draw (or a function that builds it: called only when nothing is kept).
    n : int
        How many draws (Hypothesis may give fewer when the space is small).

    Notes
    -----
    Kept in memory for the process, and in the cache folder
    (:func:`gdgrade.grading.cache.example_store`) for the next one, unless
    ``GDGRADE_NO_CACHE`` is set.
    """
    if (key, n) not in _CACHE:
        from gdgrade.grading.cache import example_store

        store = example_store()
        drawn = store.get(key, n)
        if drawn is None:
            drawn = []
            _run(strategy, drawn.append, n, ("generate",))
            store.put(key, n, drawn)
        _CACHE[key, n] = drawn
    return _CACHE[key, n]


FATAL_STATUSES = ("error", "not-done")
"""Failures not worth shrinking: a crash, hang or limit, or code not written yet."""


def check_property(
    key: str,
    strategy: Strategy,
    prop: Callable[[Any], Outcome],
    *,
    max_examples: int,
    shrink_calls: int,
    before: Callable[[list[Any]], None] | None = None,
    refute: Callable[[set[str], list[Any]], set[str]] | None = None,
) -> Outcome:
    """Check ``prop`` on the cached draws of ``strategy``; shrink the first failure.

    Parameters
    ----------
    key, strategy, max_examples
        See :func:`draw_examples`.
    prop : callable
        Takes one drawn input and returns an :class:`Outcome` (with its
        counterexample filled in when it fails).
    shrink_calls : int
        The most calls of ``prop`` spent shrinking a failure.
    before : callable, optional
        Called with all the draws before ``prop`` runs on them (to send their
        calls to the sandbox in one round trip).
    refute : callable, optional
        ``refute(ids, passed)``: which of the known mistakes ``ids`` the examples that
        passed contradict (see :func:`agreed_mistake`).

    Returns
    -------
    Outcome
        ``PASSED``, or the outcome on the smallest failing input found.
    """
    failing: list[Outcome] = []
    passed: list[Any] = []
    examples = draw_examples(key, strategy, max_examples)
    if before is not None:
        before(examples)
    for example in examples:
        outcome = prop(example)
        if outcome.ok:
            passed.append(example)
        else:
            failing.append(outcome)
            if outcome.status in FATAL_STATUSES or not outcome.candidates:
                break  # nothing to tell apart: stop calling code that fails
    if not failing:
        return PASSED
    first = failing[0]
    if first.status in FATAL_STATUSES:
        return first

    failures: list[Outcome] = []
    calls = 0

    def body(example: Any) -> None:
        nonlocal calls
        calls += 1
        if calls > shrink_calls:
            raise _OutOfBudget
        outcome = prop(example)
        if not outcome.ok:
            failures.append(outcome)
            if outcome.status in FATAL_STATUSES:
                raise _OutOfBudget
            raise _Failed

    _search(body, (key, max_examples, shrink_calls), strategy, max_examples)

    def refuted(ids: set[str]) -> set[str]:
        return refute(ids, passed) if refute is not None and passed else set()

    if not failures:
        return agreed_mistake(first, failing, refuted)
    # Hypothesis replays its smallest failure last; after a budget stop, pick the smallest seen.
    wrong = [f for f in failures if f.status not in FATAL_STATUSES] or failures
    smallest = min(wrong, key=_size) if calls > shrink_calls else wrong[-1]
    return agreed_mistake(smallest, [*failing, *wrong], refuted)


def _search(body: Callable[[Any], None], key: tuple, strategy: Strategy, n: int) -> None:
    """Hypothesis's search for the smallest failing input, ``body`` raising
    :class:`_Failed` or :class:`_OutOfBudget` on the inputs that fail or stop it.

    The inputs are those of a kept search as long as they go as they went there; then
    Hypothesis runs (its first inputs, those already tried, answered as they went) and
    its search is kept.  A search in which ``body`` raised anything else (the grader's
    own failure) is not kept.
    """
    path: list[tuple[Any, str]] = []
    raised: dict[int, BaseException] = {}  # position in path -> what body raised there

    def answered(example: Any) -> str:
        try:
            body(example)
        except _Failed:
            path.append((example, FAILED))
            return FAILED
        except _OutOfBudget:
            path.append((example, STOPPED))
            return STOPPED
        except BaseException as exc:
            raised[len(path)] = exc
            path.append((example, "raised"))
            raise
        path.append((example, HELD))
        return HELD

    node: _Node | str | None = _SEARCHES.roots.get(key)
    try:
        while isinstance(node, _Node):
            answer = answered(node.example)
            if answer == STOPPED:
                return
            node = node.next.get(answer)
    except Exception:
        node = None  # Hypothesis decides what comes after the grader's failure
    if node == _END:
        return
    tried = list(enumerate(path))
    diverged = False

    def replayed(example: Any) -> str:
        """How ``example`` went: as it went before when it was tried already."""
        nonlocal diverged
        if tried and not diverged:
            i, (seen, answer) = tried.pop(0)
            if seen is example or _same(seen, example):
                if i in raised:
                    raise raised[i]
                return answer
            diverged = True  # never so (the search is derandomised): try it for real
        return answered(example)

    def run(example: Any) -> None:
        answer = replayed(example)
        if answer == STOPPED:
            raise _OutOfBudget
        if answer == FAILED:
            raise _Failed  # one place for every failure: Hypothesis sees one bug

    try:
        _run(strategy, run, n, ("generate", "shrink"))
    except (_Failed, _OutOfBudget):
        pass
    except Exception:
        pass
    if not raised and not diverged and not tried:
        _SEARCHES.add(key, path)


def _same(a: Any, b: Any) -> bool:
    """Whether two drawn inputs are the same values (arrays by dtype, shape and bytes)."""
    import numpy as np

    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float):
        return repr(a) == repr(b)
    return bool(a == b)


def agreed_mistake(
    shown: Outcome,
    failures: list[Outcome],
    refuted: Callable[[set[str]], set[str]] = lambda ids: set(),
) -> Outcome:
    """The outcome shown, with a hint only when one known mistake explains every example.

    A tiny counterexample can fit several mistakes at once (on one sample with x = 0, a
    weight update is zero, so "nothing trained" and "the bias is frozen" give the same
    weights).  Every failing example found is a witness: a mistake is kept only if it
    predicts the student's value on all of them; when several are kept, the examples
    that passed are asked (``refuted``: the kept mistakes they contradict, e.g. a
    threshold shifted by 0.5 would have failed a net input of 0.3 that passed).  A hint
    is given only when exactly one mistake is left; otherwise the counterexample stands
    alone.
    """
    if not shown.candidates:
        return shown  # a check that names its mistake itself, or none fits
    failed = [o for o in (shown, *failures) if o.status not in FATAL_STATUSES and not o.ok]
    ids: dict[str, str] = {}
    for mistake, hint in shown.candidates:
        if all(any(c[0] == mistake for c in o.candidates) for o in failed):
            ids.setdefault(mistake, hint)
    if len(ids) > 1:
        for mistake in refuted(set(ids)):
            ids.pop(mistake, None)
    if len(ids) == 1:
        ((mistake, hint),) = ids.items()
        return dataclasses.replace(shown, mistake=mistake, hint=hint)
    return dataclasses.replace(shown, mistake=None, hint=None)


def _size(outcome: Outcome) -> tuple[int, int]:
    ce = outcome.counterexample or {}
    text = repr(ce.get("input", ce))
    return (len(text), 0)
