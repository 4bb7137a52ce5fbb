"""Reading a student's class by meaning: which class, which parameter, which attribute.

Real code names things its own way (``learn_rate``, ``number_of_iterations``,
``weights``, ``costs``, a class called ``Adaline``).  Where the spec allows it
(``[learner] adapt = true``) the grader finds each thing by what it is:

* the class: the spec's name, else the same name in other case, else the one class
  of the file with ``fit`` and ``predict`` (the closest name when several);
* a hyperparameter: the spec's aliases first, else by how ``__init__``'s parameter
  is used (a factor of the update is the learning rate, the bound of a loop the
  number of epochs, a seed the random state...), its name and its default;
* the weights and the cost history: from what one fit leaves on the object (an
  array of ``1 + m`` floats, or ``m`` floats and a number; a list of one number per
  epoch).

Every guess is said once, in the submission's notes ("read `learn_rate` as the
learning rate").  What cannot be mapped costs only the checks that need it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from gdgrade.grading.checks.source import NO_DEFAULT, OTHER, ClassSource, Parameter

__all__ = [
    "ROLES",
    "Layout",
    "Role",
    "choose_layout",
    "class_candidates",
    "infer_hyperparameters",
    "note",
]


@dataclass(frozen=True)
class Role:
    """What a hyperparameter is, and how to recognise it."""

    words: str
    use: str
    pattern: re.Pattern
    default: Callable[[Any], bool]


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


ROLES: dict[str, Role] = {
    "eta": Role(
        "the learning rate",
        "scale",
        re.compile(r"(^|_)(eta|lr|alpha|rate|learn|step|mu|gamma)", re.I),
        lambda v: _number(v) and 0 < v < 1,
    ),
    "n_iter": Role(
        "the number of epochs",
        "loop",
        re.compile(r"(iter|epoch|^n_?it|^num_?it|steps|rounds|passes|^t_?max)", re.I),
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1,
    ),
    "random_state": Role(
        "the random seed",
        "seed",
        re.compile(r"(seed|random|^rs$|rng|state)", re.I),
        lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool)),
    ),
    "shuffle": Role(
        "shuffling",
        "switch",
        re.compile(r"shuffl", re.I),
        lambda v: isinstance(v, bool),
    ),
    "batch_size": Role(
        "the batch size",
        "slice",
        re.compile(r"batch", re.I),
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1,
    ),
}
"""The hyperparameters the grader sets, in the order they are looked for."""

_AGAINST = {
    "eta": ("loop", "seed", "slice"),
    "n_iter": ("scale", "seed"),
    "random_state": ("loop", "scale", "slice"),
    "shuffle": ("loop", "scale", "seed"),
    "batch_size": ("scale", "seed"),
}
"""Uses that rule a role out (a loop bound is not a learning rate)."""


def _score(role: Role, key: str, parameter: Parameter) -> int:
    if any(use in parameter.uses for use in _AGAINST[key]) and role.use not in parameter.uses:
        return 0
    score = 2 * (role.use in parameter.uses)
    score += bool(role.pattern.search(parameter.name))
    default = parameter.default
    if default is not NO_DEFAULT and default is not OTHER:
        score += 1 if role.default(default) else -1
    return score


def infer_hyperparameters(
    parameters: list[Parameter], wanted: list[str], taken: set[str]
) -> dict[str, str]:
    """Map each wanted role to the one parameter that fits it best, by use, name and default.

    A role is mapped only when one parameter scores at least 2 (a telling use, or a
    fitting name and default) and strictly more than every other; a parameter is
    used once.
    """
    out: dict[str, str] = {}
    free = [p for p in parameters if p.name not in taken]
    for key in wanted:
        role = ROLES[key]
        scored = sorted(
            ((_score(role, key, p), p.name) for p in free if p.name not in out.values()),
            reverse=True,
        )
        if not scored or scored[0][0] < 2:
            continue
        if len(scored) > 1 and scored[1][0] == scored[0][0]:
            continue  # two parameters fit equally: no guess
        out[key] = scored[0][1]
    return out


SIMILAR = 0.5
"""How close (difflib's ratio) a class name must be to the spec's to be read as it..."""
CLEARLY_CLOSER = 0.15
"""...and by how much closer than the next candidate."""


def class_candidates(
    wanted: str, classes: dict[str, ClassSource], claimed: set[str], training: str
) -> tuple[str | None, list[str]]:
    """The class to read as ``wanted`` when no class has that name.

    Returns
    -------
    (str or None, list of str)
        The chosen class (None when nothing or several fit equally), and every
        candidate (classes with ``fit`` and ``predict`` not named by the spec).
    """
    same = [name for name in classes if name.lower() == wanted.lower()]
    if len(same) == 1:
        return same[0], same
    candidates = [
        name
        for name, info in classes.items()
        if info.has("fit") and info.has("predict") and name not in claimed
    ]
    if len(candidates) <= 1:
        return (candidates[0] if candidates else None), candidates

    def fits_training(name: str) -> bool:
        per_sample = classes[name].has("partial_fit") or "sgd" in name.lower()
        return per_sample == (training != "batch")

    def similarity(name: str) -> float:
        return difflib.SequenceMatcher(None, name.lower(), wanted.lower()).ratio()

    fitting = [name for name in candidates if fits_training(name)] or candidates
    if len(fitting) == 1:
        return fitting[0], candidates
    ranked = sorted(fitting, key=similarity, reverse=True)
    best, second = similarity(ranked[0]), similarity(ranked[1])
    if best >= SIMILAR and best - second >= CLEARLY_CLOSER:
        return ranked[0], candidates
    return None, candidates


@dataclass(frozen=True)
class Layout:
    """Where a fitted learner keeps its weights and its history.

    Attributes
    ----------
    weights : str
        The attribute holding the weights (``w_``: bias first, or the features' weights).
    bias : str or None
        The attribute holding the bias when it is kept apart (``b_``); None to look for
        it only as ``b_`` (the convention's name).
    history : tuple of str
        The attributes that may hold the cost per epoch, in order.
    """

    weights: str = "w_"
    bias: str | None = None
    history: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every attribute read back after a fit."""
        return tuple(dict.fromkeys((self.weights, self.bias or "b_", *self.history)))


_WEIGHT_NAME = re.compile(r"^_*(w|weights?|coefs?|theta|params?|parameters|W)_*$")
_WEIGHT_WORD = re.compile(r"(weight|coef|theta|^_*w_*$|^_*w_)", re.I)
_NOT_WEIGHTS = re.compile(
    r"(best|mean|scale|std|grad|velocity|moment|init|prev|old|hist|avg)", re.I
)
_BIAS_NAME = re.compile(r"^_*(b|bias|intercept|w0|offset)_*$", re.I)
_HISTORY_WORDS = (
    re.compile(r"(cost|loss)", re.I),
    re.compile(r"(mse|sse|error|err)", re.I),
    re.compile(r"(history|curve|log)", re.I),
)


def _vector(entry: dict, size: int) -> bool:
    if entry.get("kind") != "array" or entry.get("dtype", "")[:1] not in "biuf":
        return False
    shape = entry.get("shape", [])
    return int(np.prod(shape)) == size and sum(n > 1 for n in shape) <= 1


def _scalar(entry: dict) -> bool:
    return entry.get("kind") == "number" or _vector(entry, 1)


def _weight_rank(name: str) -> int:
    if _NOT_WEIGHTS.search(name):
        return 0
    return 2 if _WEIGHT_NAME.match(name) else 1 if _WEIGHT_WORD.search(name) else 0


def choose_layout(
    attributes: dict[str, dict], m: int, epochs: int | None, history: tuple[str, ...]
) -> tuple[Layout | None, str | None]:
    """The weights, bias and history of a learner fitted on ``m`` features for ``epochs``.

    ``attributes`` is the sandbox's description of the fitted object.  Returns the
    layout (None when no weights can be told) and the history name found (None when
    none); the spec's names (``w_``, ``b_``, ``history``) win when they fit.
    """
    weights = bias = None
    if "w_" in attributes and _vector(attributes["w_"], m + 1):
        weights = "w_"
    elif "w_" in attributes and _vector(attributes["w_"], m) and _scalar(attributes.get("b_", {})):
        weights, bias = "w_", "b_"
    else:
        whole = [n for n, e in attributes.items() if _vector(e, m + 1) and _weight_rank(n)]
        split = [n for n, e in attributes.items() if _vector(e, m) and _weight_rank(n)]
        biases = [n for n, e in attributes.items() if _scalar(e) and _BIAS_NAME.match(n)]
        options = [(_weight_rank(n), n, None) for n in whole]
        if len(biases) == 1:
            options += [(_weight_rank(n), n, biases[0]) for n in split]
        options.sort(key=lambda o: o[0], reverse=True)
        if options and (len(options) == 1 or options[0][0] > options[1][0]):
            _, weights, bias = options[0]
    found = None
    per_epoch = [
        name
        for name, entry in attributes.items()
        if (entry.get("kind") == "list" and entry.get("numbers"))
        or (entry.get("kind") == "array" and len(entry.get("shape", [])) == 1)
        if epochs is None or _length(entry) == epochs
    ]
    per_epoch = [n for n in per_epoch if n not in (weights, bias)]
    preferred = [n for n in history if n in per_epoch]
    if preferred:
        found = preferred[0]
    else:
        for words in _HISTORY_WORDS:
            matching = [n for n in per_epoch if words.search(n)]
            if len(matching) == 1:
                found = matching[0]
                break
            if matching:
                break
    if weights is None:
        return None, found
    return Layout(weights, bias, (found,) if found else history), found


def _length(entry: dict) -> int:
    if entry.get("kind") == "list":
        return int(entry.get("length", -1))
    shape = entry.get("shape", [])
    return shape[0] if len(shape) == 1 else -1


def note(notes: dict[str, str], key: str, text: str) -> None:
    """Say ``text`` once per submission (the first time ``key`` is noted)."""
    notes.setdefault(key, text)
