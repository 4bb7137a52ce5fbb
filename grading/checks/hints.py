"""Known mistakes, as wrong answers built from the reference.

Each function returns the :class:`~gdgrade.grading.checks.context.Alternative`
answers a student may have computed instead of the right one; a failed check
whose value equals one of them gets that entry's hint.  Another convention's
right answer is one of them ("convention inference"): the score still follows
the assignment, the feedback says which convention the code follows.
"""

from __future__ import annotations

import numpy as np

from gdgrade.grading.checks.context import Alternative
from gdgrade.reference import LABELS, LOSSES, Convention
from gdgrade.reference import functions as ref

__all__ = [
    "activation_alternatives",
    "cost_alternatives",
    "gradient_alternatives",
    "net_input_alternatives",
    "predict_alternatives",
    "update_alternatives",
]


def _other_losses(conv: Convention, what: str, compute) -> list[Alternative]:
    mine = conv.loss_spec.description

    def told(loss) -> str:
        theirs = loss.description if what == "cost" else f"the {what} of {loss.description}"
        return f"your {what} is {theirs} ({loss.name}); this assignment uses {mine} ({conv.loss})."

    return [
        Alternative(
            f"convention:{name}", told(loss), lambda name=name: compute(conv.with_(loss=name))
        )
        for name, loss in LOSSES.items()
        if name != conv.loss
    ]


def net_input_alternatives(X: np.ndarray, w: np.ndarray) -> list[Alternative]:
    """Wrong net inputs: the bias left out, or w[0] paired with the first feature."""
    return [
        Alternative(
            "net-input-no-bias",
            "the bias w[0] is missing from the net input: z = w[0] + X @ w[1:].",
            lambda: X @ w[1:],
        ),
        Alternative(
            "net-input-bias-last",
            "w[0] is the bias; the features go with w[1:] (you used the last weight as the bias).",
            lambda: X @ w[:-1] + w[-1],
        ),
        Alternative(
            "net-input-bias-times-x",
            "the bias is added once, not multiplied by the features.",
            lambda: X @ w[1:] + w[0] * X.sum(axis=1),
        ),
    ]


def activation_alternatives(z: np.ndarray) -> list[Alternative]:
    """Wrong activations: a threshold or a sigmoid where Adaline has the identity."""
    text = (
        "Adaline's activation is the identity, phi(z) = z; the threshold belongs in "
        "predict, not in the activation."
    )
    return [
        Alternative("activation-threshold", text, lambda: np.where(z >= 0, 1.0, -1.0)),
        Alternative("activation-threshold", text, lambda: np.where(z >= 0.5, 1.0, 0.0)),
        Alternative(
            "activation-sigmoid",
            "Adaline's activation is the identity, phi(z) = z, not the logistic sigmoid.",
            lambda: 1 / (1 + np.exp(-z)),
        ),
    ]


def cost_alternatives(X, y, w, conv: Convention) -> list[Alternative]:
    """Wrong costs: another convention's loss, the errors not squared, a root."""
    e = ref.errors(X, y, w)
    c = conv.loss_spec.factor(len(e))
    return [
        *_other_losses(conv, "cost", lambda k: ref.cost(X, y, w, convention=k)),
        Alternative(
            "cost-not-squared",
            "the errors must be squared before they are summed.",
            lambda: c * e.sum(),
        ),
        Alternative(
            "cost-abs",
            "the cost squares the errors (you took absolute values).",
            lambda: c * np.abs(e).sum(),
        ),
        Alternative(
            "cost-root",
            "the cost is not a root: drop the square root.",
            lambda: np.sqrt(c * (e @ e)),
        ),
        Alternative(
            "cost-weights-squared",
            "the cost squares the errors y - phi(z), not the weights.",
            lambda: c * (w @ w),
        ),
    ]


def _scaled_loss_exists(conv: Convention, ratio: float) -> bool:
    """Whether another convention's loss is ``ratio`` times this one's (then a gradient off
    by that factor *is* that convention's, and one hint says it)."""
    mine = conv.loss_spec
    return any(
        name != conv.loss and loss.mean == mine.mean and loss.scale == ratio * mine.scale
        for name, loss in LOSSES.items()
    )


def gradient_alternatives(X, y, w, conv: Convention) -> list[Alternative]:
    """Wrong gradients: another loss, the sign, the bias entry, the 1/2 or the 2."""
    g = ref.gradient(X, y, w, convention=conv)
    no_bias = g.copy()
    no_bias[0] = 0.0
    factors = [
        Alternative(
            "gradient-factor-2",
            "a factor 2 too large: the 1/2 of the cost cancels the 2 of the square's derivative.",
            lambda: 2 * g,
        ),
        Alternative(
            "gradient-factor-half",
            "a factor 1/2 too small: the derivative of e^2 is 2e (the chain rule's 2).",
            lambda: g / 2,
        ),
    ]
    factors = [
        f
        for f, ratio in zip(factors, (2.0, 0.5), strict=True)
        if not _scaled_loss_exists(conv, ratio)
    ]
    return [
        *_other_losses(conv, "gradient", lambda k: ref.gradient(X, y, w, convention=k)),
        Alternative(
            "gradient-sign",
            "the sign is flipped: dJ/dw_j = -sum_i (y_i - phi(z_i)) "
            "x_ij points uphill; the minus sign comes from the chain rule on y - phi(z).",
            lambda: -g,
        ),
        Alternative(
            "gradient-no-bias",
            "the bias entry dJ/dw_0 = -sum_i (y_i - phi(z_i)) (x_i0 = 1) is missing.",
            lambda: no_bias,
        ),
        Alternative(
            "gradient-no-bias",
            "the bias entry dJ/dw_0 = -sum_i (y_i - phi(z_i)) (x_i0 = 1) is missing: the "
            "gradient has one entry per weight, w[0] included.",
            lambda: g[1:],
        ),
        *factors,
    ]


def update_alternatives(X, y, w, eta: float, conv: Convention) -> list[Alternative]:
    """Wrong updates: ascent, eta forgotten, Δw returned, another loss."""
    g = ref.gradient(X, y, w, convention=conv)
    return [
        *_other_losses(conv, "update", lambda k: ref.update(X, y, w, eta, convention=k)),
        Alternative(
            "update-ascent",
            "this is gradient ascent: the update moves against the "
            "gradient, w + Δw with Δw = -eta * dJ/dw.",
            lambda: w + eta * g,
        ),
        Alternative("update-no-eta", "the learning rate eta is missing from Δw.", lambda: w - g),
        Alternative(
            "update-returns-delta",
            "update returns the new weights w + Δw, not Δw alone.",
            lambda: -eta * g,
        ),
        Alternative(
            "update-no-bias",
            "the bias w[0] was not updated.",
            lambda: np.concatenate([[w[0]], (w - eta * g)[1:]]),
        ),
    ]


def predict_alternatives(X, w, conv: Convention) -> list[Alternative]:
    """Wrong predictions: a strict threshold, no threshold, or another label convention."""
    labels = conv.label_spec
    z = ref.net_input(X, w)
    if not labels.is_classification:
        return []
    out = [
        Alternative(
            "predict-strict-threshold",
            f"a net input of exactly {labels.threshold:g} is predicted as {labels.positive:g} "
            f"(phi(z) >= {labels.threshold:g}, not >).",
            lambda: np.where(z > labels.threshold, labels.positive, labels.negative),
        ),
        Alternative(
            "predict-no-threshold",
            "predict returns class labels: threshold the net input.",
            lambda: z,
        ),
        *[
            Alternative(
                f"predict-threshold:{labels.threshold + shift:g}",
                f"your predict thresholds the net input at {labels.threshold + shift:g}; "
                f"this assignment's threshold is {labels.threshold:g} "
                f"(phi(z) >= {labels.threshold:g} predicts {labels.positive:g}).",
                lambda shift=shift: np.where(
                    z >= labels.threshold + shift, labels.positive, labels.negative
                ),
            )
            for shift in (-1.0, -0.5, 0.5, 1.0)
        ],
    ]
    for name, other in LABELS.items():
        if name in (conv.labels, "real"):
            continue
        out.append(
            Alternative(
                f"convention:{name}",
                f"your predict uses {other.description}; "
                f"this assignment uses {labels.description}.",
                lambda o=other: np.where(z >= o.threshold, o.positive, o.negative),
            )
        )
        out.append(
            Alternative(
                "predict-wrong-labels",
                f"this assignment's labels are {labels.positive:g}/{labels.negative:g} "
                f"(threshold {labels.threshold:g}).",
                lambda o=other: np.where(z >= labels.threshold, o.positive, o.negative),
            )
        )
    return out
