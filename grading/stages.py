"""What each ``gdgrade`` subcommand does; :mod:`gdgrade.grading.cli` only parses options."""

from __future__ import annotations

import argparse
import sys

import numpy as np

from gdgrade.reference import AdalineGD, learning_rate_bound

__all__ = ["check", "demo", "generate", "grade"]


def _not_yet(name: str) -> int:
    print(f"gdgrade {name}: not available in this version yet", file=sys.stderr)
    return 2


def check(args: argparse.Namespace) -> int:
    """``gdgrade check``."""
    return _not_yet("check")


def grade(args: argparse.Namespace) -> int:
    """``gdgrade grade``."""
    return _not_yet("grade")


def generate(args: argparse.Namespace) -> int:
    """``gdgrade generate``."""
    return _not_yet("generate")


def demo(args: argparse.Namespace) -> int:
    """``gdgrade demo``: train the reference on a seeded two-class set, print the curve."""
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(-1.0, 0.6, (50, 2)), rng.normal(1.0, 0.6, (50, 2))])
    y = np.repeat([-1.0, 1.0], 50)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    eta = 0.5 * learning_rate_bound(X)
    model = AdalineGD(eta=eta, n_iter=10).fit(X, y)
    print(f"reference AdalineGD, eta = {eta:.4g} (half the stable bound), 100 samples")
    for t, c in enumerate(model.cost_):
        print(f"  epoch {t:2d}  cost {c:10.4f}")
    print(f"training accuracy {np.mean(model.predict(X) == y):.2f}")
    return 0
