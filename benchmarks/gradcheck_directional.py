"""Checking one gradient at m = 10,000 weights: directional method vs central differences.

The directional method evaluates the cost a constant number of times whatever
the dimension: f(w) twice (the second for determinism), the probe (one complex
and two real evaluations along direction 0), the other ``N_DIRECTIONS - 1``
directions, and ``COORDINATES_PER_BLOCK`` coordinates of the weights plus the
bias.  Central differences in every coordinate need 2(m + 1) evaluations (plus
the two of f(w)), and four or more for each coordinate whose difference rounding
swamps, measured again at larger steps.  The script checks the same correct
gradient both ways, then prints the evaluation counts, the times (best of 5 for
the directional method, one run of central differences) and their ratio, the
directional count for several m (constant), and the verdicts on a few wrong
gradients at m = 10,000.  Times depend on the machine's load; counts do not.

    python benchmarks/gradcheck_directional.py [--features M] [--samples N]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from gdgrade.grading.gradcheck import (
    COORDINATES_PER_BLOCK,
    N_DIRECTIONS,
    check_gradient,
)


def problem(n: int, m: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, m))
    y = rng.standard_normal(n)
    w = rng.standard_normal(m + 1) * 0.01
    return X, y, w


def half_sse(X, y):
    """The default cost, vectorised: takes a complex w, so complex step applies."""

    def f(w):
        e = y - (X @ w[1:] + w[0])
        return 0.5 * (e @ e)

    return f


def gradient(X, y, w):
    e = y - (X @ w[1:] + w[0])
    return -np.concatenate([[e.sum()], X.T @ e])


def timed(fn, repeats: int = 1):
    """fn's result and its shortest wall time over ``repeats`` calls."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return out, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=10_000, help="m, the number of weights")
    parser.add_argument("--samples", type=int, default=50, help="n, the number of samples")
    args = parser.parse_args()
    m, n = args.features, args.samples

    X, y, w = problem(n, m)
    f, g = half_sse(X, y), gradient(X, y, w)
    f(w), f(w)  # warm up

    def real_f(v):  # the same cost refusing complex input: central differences throughout
        return float(np.real(f(v)))

    directional, t_dir = timed(lambda: check_gradient(f, g, w), repeats=5)
    plain, t_plain = timed(lambda: check_gradient(real_f, g, w), repeats=5)
    central, t_central = timed(lambda: check_gradient(f, g, w, method="central"))
    assert directional.ok and plain.ok and central.ok

    print(f"one gradient of half the SSE, X: {n} x {m}, w: {m + 1} entries")
    print(f"{'method':<34} {'evaluations of f':>17} {'time':>10}")
    print(
        f"{'directional (' + directional.derivative + ')':<34} "
        f"{directional.n_evaluations:>17} {t_dir * 1e3:>8.1f} ms"
    )
    print(
        f"{'directional (' + plain.derivative + ')':<34} "
        f"{plain.n_evaluations:>17} {t_plain * 1e3:>8.1f} ms"
    )
    print(f"{'central differences':<34} {central.n_evaluations:>17} {t_central * 1e3:>8.1f} ms")
    floor_central = 2 + 2 * (m + 1)
    extra = central.n_evaluations - floor_central
    again = [part for part in central.note.split("; ") if "measured again" in part]
    print(
        f"directional = 2 + 3 + {N_DIRECTIONS - 1} + (1 + {COORDINATES_PER_BLOCK}) = "
        f"{2 + 3 + N_DIRECTIONS - 1 + 1 + COORDINATES_PER_BLOCK}; "
        f"central >= 2 + 2(m + 1) = {floor_central}"
    )
    if extra:
        print(f"  central: {extra} more here, {again[0] if again else 'a second look'}")
    for name, result, seconds in (
        ("complex-step", directional, t_dir),
        ("central", plain, t_plain),
    ):
        print(
            f"ratio central differences / directional ({name}): "
            f"{central.n_evaluations / result.n_evaluations:.0f}x the evaluations, "
            f"{t_central / seconds:.0f}x the time"
        )
    print("(a complex w makes X @ w cast X to complex: each complex-step call costs more)")

    print("\nevaluations of the directional method by dimension (constant in m):")
    for size in (100, 1_000, 10_000, 100_000):
        Xs, ys, ws = problem(20, size, seed=1)
        result = check_gradient(half_sse(Xs, ys), gradient(Xs, ys, ws), ws)
        complex_cost = half_sse(Xs, ys)
        plain = check_gradient(
            lambda v, f=complex_cost: float(np.real(f(v))), gradient(Xs, ys, ws), ws
        )
        print(
            f"  m = {size:>7}: {result.n_evaluations} with complex step, "
            f"{plain.n_evaluations} with central differences along the directions"
        )

    print(f"\nwrong gradients at m = {m} (directional):")
    wrong = {
        "sign flipped": -g,
        "factor 2": 2 * g,
        "bias entry 0": np.concatenate([[0.0], g[1:]]),
        "only the first 3 samples": gradient(X[:3], y[:3], w) * 1.0,
    }
    for name, value in wrong.items():
        result = check_gradient(f, value, w)
        verdict = "rejected" if not result.ok else "ACCEPTED"
        print(f"  {name:<26} {verdict} ({result.method}, {result.n_evaluations} evaluations)")
    # a sparse error: the coordinate sample rarely holds it, the directions often see it
    rng = np.random.default_rng(1)
    caught = 0
    for trial in range(40):
        k = int(rng.integers(1, m + 1))
        value = g.copy()
        value[k] *= 1 + 1e-4
        caught += not check_gradient(f, value, w, seed=trial).ok
    print(f"  {'1e-4 in one random entry':<26} rejected {caught} of 40 (coordinate methods: all)")


if __name__ == "__main__":
    main()
