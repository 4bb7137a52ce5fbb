"""What the sandbox costs: round trip of one call, and child start-up, with and without bubblewrap.

Run ``python benchmarks/sandbox_calls.py``.  Baselines measured in the same run:
the same function called in-process (for the round trip) and a bare
``python -c "import numpy"`` (for start-up).  Prints medians and ratios.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import numpy as np

from gdgrade.grading.sandbox import Sandbox, bwrap_available

SOURCE = b"""
import numpy as np


def gradient(X, y, w):
    e = y - (X @ w[1:] + w[0])
    return -np.concatenate([[e.sum()], X.T @ e])
"""
CALLS = 2000
STARTS = 15


def in_process(X, y, w) -> np.ndarray:
    e = y - (X @ w[1:] + w[0])
    return -np.concatenate([[e.sum()], X.T @ e])


def per_call(function, *args, repeat: int = CALLS) -> float:
    """Median over 5 batches of the time of one call, in seconds."""
    batches = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat // 5):
            function(*args)
        batches.append((time.perf_counter() - start) / (repeat // 5))
    return statistics.median(batches)


def start_up(isolate: bool) -> tuple[float, float, float, float]:
    """Medians of the whole life of a sandbox (create, start the child and import the
    module, close) and of each of the three parts."""
    parts = []
    for _ in range(STARTS):
        start = time.perf_counter()
        box = Sandbox({"adaline.py": SOURCE}, isolate=isolate)
        created = time.perf_counter()
        assert box.start().ok
        started = time.perf_counter()
        box.close()
        closed = time.perf_counter()
        parts.append((closed - start, created - start, started - created, closed - started))
    return tuple(statistics.median(part) for part in zip(*parts, strict=True))


def bare_python() -> float:
    times = []
    for _ in range(STARTS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import numpy"], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    rng = np.random.default_rng(0)
    modes = [False, True] if bwrap_available() else [False]
    if len(modes) == 1:
        print("bubblewrap is not available here: only the non-isolated sandbox is measured")
    shapes = [(20, 2), (1000, 10)]
    print(f"round trip of gradient(X, y, w), median of {CALLS} calls")
    print(
        f"{'shape of X':>12} {'in-process':>12} "
        + " ".join(f"{('bwrap' if mode else 'no bwrap'):>12} {'ratio':>8}" for mode in modes)
    )
    for n, m in shapes:
        X, y, w = rng.normal(size=(n, m)), rng.normal(size=n), rng.normal(size=m + 1)
        base = per_call(in_process, X, y, w)
        row = f"{f'({n}, {m})':>12} {base * 1e6:>10.1f}us "
        for mode in modes:
            with Sandbox({"adaline.py": SOURCE}, isolate=mode) as box:
                assert box.call("gradient", X, y, w).ok
                cost = per_call(box.call, "gradient", X, y, w)
            row += f"{cost * 1e6:>10.1f}us {cost / base:>7.0f}x "
        print(row)
    bare = bare_python()
    print(f"\nstart-up (create, start, import, close), median of {STARTS}")
    label = 'python -c "import numpy"'
    print(f"{label:>28}: {bare * 1e3:7.1f} ms  (baseline)")
    for mode in modes:
        value, create, start, close = start_up(mode)
        label = "sandbox with bwrap" if mode else "sandbox without bwrap"
        print(
            f"{label:>28}: {value * 1e3:7.1f} ms  ({value / bare:.2f}x the baseline; "
            f"create {create * 1e3:.1f}, start {start * 1e3:.1f}, close {close * 1e3:.1f} ms)"
        )


if __name__ == "__main__":
    main()
