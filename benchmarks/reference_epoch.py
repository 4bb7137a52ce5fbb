"""One batch epoch of the reference ``AdalineGD.fit`` against the floor, in one run.

The floor is the work no implementation of batch gradient descent can avoid:
one ``X @ w`` (the net input) and one ``X.T @ e`` (the gradient).  The script
times both on the same float64 X of 10^6 x 100 (800 MB), best of several
repeats, and prints the ratio; the goal is at most 1.15x.

    python benchmarks/reference_epoch.py [--samples N] [--features M] [--repeats K]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from gdgrade.reference import AdalineGD


def best_of(repeats: int, fn) -> float:
    """The shortest wall time of ``repeats`` calls of ``fn``."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--features", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    X = rng.standard_normal((args.samples, args.features))
    y = np.where(rng.standard_normal(args.samples) >= 0, 1.0, -1.0)
    w = rng.standard_normal(args.features)
    e = rng.standard_normal(args.samples)

    def floor() -> None:
        X @ w
        X.T @ e

    def epoch() -> None:
        AdalineGD(eta=1e-6, n_iter=1, random_state=1).fit(X, y)

    floor(), epoch()  # warm up caches and BLAS threads
    # interleave the two so that noise from a shared machine hits both alike
    t_floor, t_epoch = float("inf"), float("inf")
    for _ in range(args.repeats):
        t_floor = min(t_floor, best_of(1, floor))
        t_epoch = min(t_epoch, best_of(1, epoch))
    print(f"X: {args.samples} x {args.features} float64 ({X.nbytes / 1e6:.0f} MB)")
    print(f"floor (X @ w + X.T @ e): {t_floor * 1e3:8.1f} ms")
    print(f"AdalineGD.fit, 1 epoch:  {t_epoch * 1e3:8.1f} ms")
    print(f"ratio epoch / floor:     {t_epoch / t_floor:8.3f}x   (goal <= 1.15x)")


if __name__ == "__main__":
    main()
