"""A zoo of gradients of the least-squares cost, wrong and right, and costs written three ways.

Every gradient is ``gradient(X, y, w, loss) -> array-like`` for a loss of
:data:`gdgrade.reference.LOSSES` (``J = c * sum_i e_i**2``, ``c = loss.factor(n)``);
every cost is ``cost(X, y, w, loss) -> scalar``.  The checker must reject each of
:data:`WRONG` and accept each of :data:`RIGHT`, deciding by the method each cost
allows (:data:`COSTS`).

Run ``python tests/grading/zoo_gradients.py`` to print the verdict table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gdgrade.grading.gradcheck import check_gradient, least_squares_floor
from gdgrade.reference import LOSSES, Loss
from gdgrade.reference import cost as reference_cost
from gdgrade.reference import gradient as reference_gradient


def _errors(X, y, w):
    return y - (X @ w[1:] + w[0])


def _c(loss: Loss, n: int) -> float:
    return loss.factor(n)


# -- costs -------------------------------------------------------------------------------


def cost_numpy(X, y, w, loss):
    """Vectorised numpy, as most students write it: takes a complex w (complex step)."""
    e = y - (np.dot(X, w[1:]) + w[0])
    return _c(loss, len(y)) * np.sum(e**2)


def cost_reference(X, y, w, loss):
    """gdgrade.reference.cost: casts w to float64, so a complex w loses its imaginary part."""
    from gdgrade.reference import Convention

    return reference_cost(X, y, w, convention=Convention(loss=loss.name))


def cost_loop(X, y, w, loss):
    """A loop over samples through float(): a complex w raises TypeError."""
    total = 0.0
    for xi, yi in zip(X, y, strict=True):
        z = float(w[0]) + sum(float(wj) * float(xj) for wj, xj in zip(w[1:], xi, strict=True))
        total += (float(yi) - z) ** 2
    return _c(loss, len(y)) * total


@dataclass(frozen=True)
class Cost:
    name: str
    function: Callable
    derivative: str  # the method check_gradient(method="auto") must say decided


COSTS = {
    c.name: c
    for c in (
        Cost("numpy", cost_numpy, "complex-step"),
        Cost("reference", cost_reference, "central"),
        Cost("loop", cost_loop, "central"),
    )
}


# -- right gradients ---------------------------------------------------------------------


def right_vectorised(X, y, w, loss):
    e = _errors(X, y, w)
    c = _c(loss, len(y))
    return -2.0 * c * np.concatenate([[e.sum()], X.T @ e])


def right_loops(X, y, w, loss):
    n, m = X.shape
    c = _c(loss, n)
    grad = np.zeros(m + 1)
    for i in range(n):
        z = w[0]
        for j in range(m):
            z += w[j + 1] * X[i, j]
        err = y[i] - z
        grad[0] += -2.0 * c * err
        for j in range(m):
            grad[j + 1] += -2.0 * c * err * X[i, j]
    return grad


def right_augmented(X, y, w, loss):
    Xa = np.hstack([np.ones((X.shape[0], 1)), X])
    return -2.0 * _c(loss, len(y)) * (Xa.T @ (y - Xa @ w))


def right_list(X, y, w, loss):
    return right_vectorised(X, y, w, loss).tolist()


def right_reference(X, y, w, loss):
    from gdgrade.reference import Convention

    return reference_gradient(X, y, w, convention=Convention(loss=loss.name))


# -- wrong gradients ---------------------------------------------------------------------


def wrong_sign(X, y, w, loss):
    return -right_vectorised(X, y, w, loss)


def wrong_factor_2(X, y, w, loss):
    return 2.0 * right_vectorised(X, y, w, loss)


def wrong_factor_1_over_n(X, y, w, loss):
    return right_vectorised(X, y, w, loss) / len(y)


def wrong_bias_zero(X, y, w, loss):
    g = right_vectorised(X, y, w, loss)
    g[0] = 0.0
    return g


def wrong_bias_dropped(X, y, w, loss):
    return right_vectorised(X, y, w, loss)[1:]


def wrong_bias_mean(X, y, w, loss):
    g = right_vectorised(X, y, w, loss)
    g[0] = -2.0 * _c(loss, len(y)) * _errors(X, y, w).mean()
    return g


def wrong_transposed(X, y, w, loss):
    e = _errors(X, y, w)
    return -2.0 * _c(loss, len(y)) * np.concatenate([[e.sum()], X @ e])


def wrong_one_coordinate(X, y, w, loss):
    g = right_vectorised(X, y, w, loss)
    g[-1] *= 1.0 + 1e-4
    return g


def wrong_first_three(X, y, w, loss):
    e = _errors(X[:3], y[:3], w)
    return -2.0 * _c(loss, len(y)) * np.concatenate([[e.sum()], X[:3].T @ e])


@dataclass(frozen=True)
class Gradient:
    name: str
    function: Callable
    description: str
    min_samples: int = 1  # the bug only shows from this many samples on
    square: bool = False  # the bug needs n == m (otherwise a shape error)
    invalid: bool = False  # the checker says "gradient-invalid" rather than "mismatch"


WRONG = {
    g.name: g
    for g in (
        Gradient("sign_flipped", wrong_sign, "the sign flipped"),
        Gradient("factor_2", wrong_factor_2, "twice the gradient"),
        Gradient("factor_1_over_n", wrong_factor_1_over_n, "divided by n", min_samples=2),
        Gradient("bias_zero", wrong_bias_zero, "the bias entry missing (0)"),
        Gradient(
            "bias_dropped", wrong_bias_dropped, "the bias entry missing (m entries)", invalid=True
        ),
        Gradient("bias_mean", wrong_bias_mean, "a mean instead of a sum (bias)", min_samples=2),
        Gradient("transposed", wrong_transposed, "X @ e instead of X.T @ e", 2, square=True),
        Gradient("one_coordinate_1e-4", wrong_one_coordinate, "1e-4 relative error in w[m]"),
        Gradient("first_three_samples", wrong_first_three, "correct only for n <= 3", 4),
    )
}

RIGHT = {
    g.name: g
    for g in (
        Gradient("vectorised", right_vectorised, "numpy, vectorised"),
        Gradient("loops", right_loops, "Python loops over samples and weights"),
        Gradient("augmented", right_augmented, "augmented X (a column of ones)"),
        Gradient("list", right_list, "returns a Python list"),
        Gradient("reference", right_reference, "gdgrade.reference.gradient"),
    )
}


# -- the verdict table ---------------------------------------------------------------------


def table_problem() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A seeded 4 x 4 problem on which every wrong gradient of the zoo shows."""
    rng = np.random.default_rng(2026)
    return rng.normal(size=(4, 4)), rng.normal(size=4), rng.normal(size=5)


def wide_problem(m: int = 300) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A seeded m x m problem: ``method="auto"`` checks it with the directional method."""
    rng = np.random.default_rng(2027)
    return rng.normal(size=(m, m)), rng.normal(size=m), rng.normal(size=m + 1) * 0.1


def verdicts(
    gradient: Gradient, cost: Cost, *, method: str = "auto", problem=table_problem
) -> list[tuple[str, bool, str]]:
    """(loss, ok, method) of each loss of LOSSES on ``problem()``."""
    X, y, w = problem()
    out = []
    for name, loss in LOSSES.items():
        result = check_gradient(
            lambda v, loss=loss: cost.function(X, y, v, loss),
            gradient.function(X, y, w, loss),
            w,
            method=method,
            floor=least_squares_floor(X, y, w),
        )
        how = result.method
        if how == "directional":
            how = f"directional, {result.derivative}"
        out.append((name, result.ok, how))
    return out


def _cell(rows: list[tuple[str, bool, str]]) -> str:
    accepted = sum(ok for _, ok, _ in rows)
    methods = sorted({m for _, _, m in rows})
    verdict = (
        f"accepted {accepted}/{len(rows)}" if accepted else f"rejected {len(rows)}/{len(rows)}"
    )
    return f"{verdict} ({', '.join(methods)})"


def verdict_table(*, wide: bool = False) -> str:
    """The zoo's verdicts as a Markdown table, one row per gradient.

    ``wide``: on :func:`wide_problem` (301 weights, so ``method="auto"`` is
    directional) with the numpy and reference costs, instead of the 4 x 4
    :func:`table_problem` with every cost and the directional method forced.
    """
    if wide:
        columns = [(COSTS["numpy"], "auto"), (COSTS["reference"], "auto")]
        problem = wide_problem
    else:
        columns = [(cost, "auto") for cost in COSTS.values()] + [(COSTS["numpy"], "directional")]
        problem = table_problem
    head = ["gradient", "expected"] + [
        f"{cost.name} cost" + (f", {m}" if m != "auto" else "") for cost, m in columns
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for expected, zoo in (("rejected", WRONG), ("accepted", RIGHT)):
        for gradient in zoo.values():
            cells = [
                _cell(verdicts(gradient, cost, method=m, problem=problem)) for cost, m in columns
            ]
            lines.append(f"| {gradient.description} | {expected} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(f"losses: {', '.join(LOSSES)}; each cell counts the four; seeded normal X, y, w\n")
    print(
        "X: 4 x 4, w: 5 entries (every coordinate checked; directional forced in the last column)"
    )
    print(verdict_table())
    print("\nX: 300 x 300, w: 301 entries (auto: the directional method)")
    print(verdict_table(wide=True))
