"""Edition presets and the learner's names, as data.

The textbook's editions disagree on conventions and on names: the earlier ones
keep the bias in ``w_[0]``, record half the sum of squared errors in ``cost_``
and predict 1/-1 at 0; the later one keeps ``b_`` apart, records the mean
squared error in ``losses_`` and predicts 1/0 at 0.5.  One line in a spec,
``preset = "textbook-3"``, selects all of that; whatever the spec says itself
wins over the preset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["HISTORY_ALIASES", "HYPERPARAMETER_ALIASES", "PRESETS", "LearnerSpec", "apply_preset"]

HYPERPARAMETER_ALIASES: dict[str, tuple[str, ...]] = {
    "eta": ("eta", "learning_rate", "lr", "alpha", "rate"),
    "n_iter": ("n_iter", "epochs", "n_epochs", "num_epochs", "max_iter", "iterations", "n_iters"),
    "random_state": ("random_state", "seed", "random_seed", "rs"),
    "shuffle": ("shuffle",),
    "batch_size": ("batch_size", "minibatch_size", "mini_batch_size", "batch"),
}
"""The names a student's class may give each hyperparameter, in the order they are tried.
The grader reads the class's signature (``inspect.signature``) and always passes every
hyperparameter explicitly, under the first of these names the class accepts."""

HISTORY_ALIASES: tuple[str, ...] = (
    "cost_",
    "losses_",
    "loss_",
    "costs_",
    "cost_history_",
    "loss_history_",
    "history_",
)
"""Where a learner's per-epoch cost is looked for, in this order."""


@dataclass(frozen=True)
class LearnerSpec:
    """How the class checks find their way around a student's class.

    Attributes
    ----------
    history : tuple of str
        Attributes that may hold the per-epoch cost, tried in order.
    hyperparameters : mapping
        For each hyperparameter the grader sets, the names it may have.
    adapt : bool
        Map the student's names (hyperparameters through ``inspect.signature``,
        weights as ``w_`` or ``w_`` + ``b_``); when false, only the spec's own
        names and the convention's bias place are accepted.
        Where names differ from the spec's, read them by meaning: the class with
        ``fit`` and ``predict``, hyperparameters by use, name and default, the weights
        and the history from what a fit leaves (see :mod:`gdgrade.grading.checks.reading`).
    allow_partial_import : bool
        When a top-level statement fails as the file is imported (a demo script reading
        a missing data file, a download), skip it and go on, and grade what the file
        defines; the checks whose code could not be defined are "not graded".  False:
        such a file is not graded at all.
    numpy_legacy_aliases : bool
        Put back the names NumPy 2 removed (``np.float_``, ``np.float``, ``np.int``,
        ``np.NaN``...) in the sandbox, for old textbook code; without it a failure that
        comes from one of them names the alias and its replacement.
    """

    history: tuple[str, ...] = HISTORY_ALIASES
    hyperparameters: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(HYPERPARAMETER_ALIASES)
    )
    adapt: bool = True
    allow_partial_import: bool = True
    numpy_legacy_aliases: bool = False


PRESETS: dict[str, dict[str, Any]] = {
    "textbook-2": {
        "convention": {"loss": "half_sse", "labels": "pm1", "bias": "w0"},
        "learner": {"history": ["cost_"]},
    },
    "textbook-3": {
        "convention": {"loss": "mse", "labels": "01", "bias": "separate"},
        "learner": {"history": ["losses_"]},
    },
}
"""``textbook-2``: the earlier editions (bias in ``w_[0]``, ``cost_`` of half the SSE,
labels 1/-1 at 0).  ``textbook-3``: the later one (``b_``, ``losses_`` of the MSE,
labels 1/0 at 0.5).  Class and hyperparameter names (``AdalineGD``, ``AdalineSGD``,
``eta``, ``n_iter``, ``random_state``, ``shuffle``) are the same in both."""


def apply_preset(data: Mapping[str, Any]) -> dict[str, Any]:
    """The spec's data over its preset's (tables merged one level deep)."""
    name = data.get("preset")
    if name is None:
        return dict(data)
    if not isinstance(name, str) or name not in PRESETS:
        from gdgrade.grading.spec import SpecError

        raise SpecError(f"'preset' must be one of {sorted(PRESETS)} (got {name!r})")
    merged: dict[str, Any] = {
        k: dict(v) if isinstance(v, dict) else v for k, v in PRESETS[name].items()
    }
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged
