"""gdgrade.reference — the reference implementation (numpy only).

It never imports :mod:`gdgrade.grading`: the grader depends on it, not the
other way round.
"""

from .conventions import BIAS_PLACES, DEFAULT, LABELS, LOSSES, TRAININGS, Convention, Labels, Loss
from .functions import (
    activation,
    augment,
    cost,
    errors,
    gradient,
    learning_rate_bound,
    least_squares,
    net_input,
    predict,
    update,
)
from .learners import AdalineGD, AdalineMiniBatchGD, AdalineSGD, LinearRegressionGD, learner_for

__all__ = [
    "BIAS_PLACES",
    "DEFAULT",
    "LABELS",
    "LOSSES",
    "TRAININGS",
    "AdalineGD",
    "AdalineMiniBatchGD",
    "AdalineSGD",
    "Convention",
    "Labels",
    "LinearRegressionGD",
    "Loss",
    "activation",
    "augment",
    "cost",
    "errors",
    "gradient",
    "learner_for",
    "learning_rate_bound",
    "least_squares",
    "net_input",
    "predict",
    "update",
]
