"""The conventions of an assignment, as data.

Courses and textbook editions disagree on the loss (half the sum of squared
errors, the sum, the mean, half the mean), on the class labels (1/-1 with a
threshold of 0, or 1/0 with a threshold of 0.5), on where the bias lives
(``w[0]`` or a separate ``b``) and on how the training loop walks the data
(whole batch, per sample, mini-batches).  Every function and learner of
:mod:`gdgrade.reference` takes one :class:`Convention` and reads these facts
from the tables below; none of them is a copy of the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

__all__ = [
    "BIAS_PLACES",
    "DEFAULT",
    "LABELS",
    "LOSSES",
    "TRAININGS",
    "Convention",
    "Labels",
    "Loss",
]


@dataclass(frozen=True)
class Loss:
    """A squared-error loss ``J = scale * sum_i e_i**2`` (divided by n when ``mean``).

    Parameters
    ----------
    name : str
        The name an assignment spec uses.
    scale : float
        The constant in front of the sum of squared errors.
    mean : bool
        Whether the sum is divided by the number of samples n.
    description : str
        Words for a student ("half the sum of squared errors").
    """

    name: str
    scale: float
    mean: bool
    description: str

    def factor(self, n: int) -> float:
        """The constant c of ``J = c * sum_i e_i**2`` for n samples."""
        return self.scale / n if self.mean else self.scale


@dataclass(frozen=True)
class Labels:
    """A class-label convention: the two labels and the threshold on phi(z).

    ``predict`` returns ``positive`` where phi(z) >= ``threshold`` (a net input
    exactly on the threshold is positive), else ``negative``.  ``real`` targets
    (regression) have no threshold: ``predict`` is the net input.
    """

    name: str
    positive: float | None
    negative: float | None
    threshold: float | None
    description: str

    @property
    def is_classification(self) -> bool:
        """Whether predictions are thresholded into two labels."""
        return self.threshold is not None


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss("half_sse", 0.5, False, "half the sum of squared errors"),
        Loss("sse", 1.0, False, "the sum of squared errors"),
        Loss("mse", 1.0, True, "the mean squared error"),
        Loss("half_mse", 0.5, True, "half the mean squared error"),
    )
}

LABELS: dict[str, Labels] = {
    labels.name: labels
    for labels in (
        Labels("pm1", 1.0, -1.0, 0.0, "labels 1/-1, threshold 0"),
        Labels("01", 1.0, 0.0, 0.5, "labels 1/0, threshold 0.5"),
        Labels("real", None, None, None, "real-valued targets (regression)"),
    )
}

BIAS_PLACES: dict[str, str] = {
    "w0": "the bias is w[0] and x[:, 0] = 1 is implied",
    "separate": "the bias is a separate b next to the weights w",
}

TRAININGS: dict[str, str] = {
    "batch": "whole-batch gradient descent: one update per epoch from all samples",
    "sgd": "stochastic gradient descent: one update per sample, reshuffled each epoch",
    "minibatch": "mini-batch gradient descent: one update per batch of samples",
}


def _check_choice(name: str, value: object, table: dict) -> None:
    if value not in table:
        raise ValueError(f"{name!r} must be one of {sorted(table)} (got {value!r})")


@dataclass(frozen=True)
class Convention:
    """One set of conventions; every function and learner of the reference takes one.

    Parameters
    ----------
    loss : {'half_sse', 'sse', 'mse', 'half_mse'}
        The cost J, see :data:`LOSSES`.
    labels : {'pm1', '01', 'real'}
        The class labels and threshold of ``predict``, see :data:`LABELS`.
    bias : {'w0', 'separate'}
        Where a learner keeps the bias: ``w_[0]``, or ``b_`` next to ``w_``.
    training : {'batch', 'sgd', 'minibatch'}
        How a learner walks the data in one epoch.
    batch_size : int
        Samples per update for ``training='minibatch'``.

    Examples
    --------
    >>> Convention(loss="mse", labels="01", bias="separate").loss_spec.description
    'the mean squared error'
    """

    loss: str = "half_sse"
    labels: str = "pm1"
    bias: str = "w0"
    training: str = "batch"
    batch_size: int = field(default=32)

    def __post_init__(self) -> None:
        _check_choice("loss", self.loss, LOSSES)
        _check_choice("labels", self.labels, LABELS)
        _check_choice("bias", self.bias, BIAS_PLACES)
        _check_choice("training", self.training, TRAININGS)
        if not isinstance(self.batch_size, int) or self.batch_size < 1:
            raise ValueError(f"'batch_size' must be a positive int (got {self.batch_size!r})")

    @property
    def loss_spec(self) -> Loss:
        """The :class:`Loss` named by ``loss``."""
        return LOSSES[self.loss]

    @property
    def label_spec(self) -> Labels:
        """The :class:`Labels` named by ``labels``."""
        return LABELS[self.labels]

    def with_(self, **changes: object) -> Convention:
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)

    def describe(self) -> str:
        """One line for a student: loss, labels, bias place and training."""
        return (
            f"{self.loss_spec.description}; {self.label_spec.description}; "
            f"{BIAS_PLACES[self.bias]}; {TRAININGS[self.training]}"
        )


DEFAULT = Convention()
"""The design's default: half SSE, labels 1/-1, bias in w[0], batch training."""
