"""How long a student waits for ``gdgrade check``: a correct folder and a failing one.

Each run is a fresh process, as a student starts it from a shell:
``python -m gdgrade check FOLDER``.  The floor, measured in the same run and
interleaved with the checks so that a noisy machine slows all alike, is a Python
start that imports numpy (``python -c "import numpy"``): no check can start
faster.  The script prints the median of each, its spread (lowest and highest
run) and its ratio to the floor's median.

* correct folder: the bundled demo ``correct-vectorised`` (every public check passes);
* failing folder: the bundled demo ``mse-convention`` (the demo submission that fails
  the most public checks: seven, each shrunk to its smallest counterexample).

The runs share one cache folder (``XDG_CACHE_HOME`` points into a temporary folder):
the first check of each folder fills it and is shown apart ("first run"), as a
student's very first check after installing; the medians are of the runs after it.
``PYTHONDONTWRITEBYTECODE`` is removed from the runs' environment, so gdgrade's
modules are compiled once, as ``pip install`` does for a student.

    python benchmarks/check_latency.py [--runs 9] [--correct NAME] [--failing NAME]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

CORRECT_GOAL = 1.0
"""Seconds: a correct folder (at most 6 times the floor)."""
FAILING_GOAL = 3.0
"""Seconds: a failing folder, shrinking included."""


def demo_folder(name: str, into: Path) -> Path:
    """A copy of the bundled demo submission ``name`` (a student's folder)."""
    source = Path(str(resources.files("gdgrade.grading") / "data" / "demo" / name))
    if not (source / "adaline.py").exists():
        sys.exit(f"no demo submission named {name!r} in {source.parent}")
    target = into / name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def timed(cmd: list[str], env: dict[str, str], cwd: Path, expect: int | None) -> float:
    """Wall seconds of one run of ``cmd``; exits when its status is not ``expect``."""
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if expect is not None and done.returncode != expect:
        sys.exit(
            f"{' '.join(cmd)} exited with {done.returncode} (expected {expect}):\n"
            f"{done.stdout}\n{done.stderr}"
        )
    return elapsed


def describe(name: str, times: list[float], floor: float, goal: float | None) -> str:
    median = statistics.median(times)
    line = (
        f"{name:<22s} median {median:6.3f} s  (runs {min(times):.3f}-{max(times):.3f} s, "
        f"n={len(times)})  ratio to floor {median / floor:5.1f}x"
    )
    if goal is not None:
        line += f"  goal <= {goal:g} s: {'met' if median <= goal else 'NOT met'}"
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each (after the first)")
    parser.add_argument("--correct", default="correct-vectorised")
    parser.add_argument("--failing", default="mse-convention")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="gdgrade-latency-"))
    try:
        correct = demo_folder(args.correct, work)
        failing = demo_folder(args.failing, work)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["XDG_CACHE_HOME"] = str(work / "cache")
        env.pop("GDGRADE_CACHE", None)
        check = [sys.executable, "-m", "gdgrade", "check"]
        floor_cmd = [sys.executable, "-c", "import numpy"]

        first = {
            "correct": timed([*check, str(correct)], env, work, 0),
            "failing": timed([*check, str(failing)], env, work, 1),
        }
        times: dict[str, list[float]] = {"floor": [], "correct": [], "failing": []}
        for _ in range(args.runs):  # interleaved: load on a shared machine hits all three
            times["floor"].append(timed(floor_cmd, env, work, 0))
            times["correct"].append(timed([*check, str(correct)], env, work, 0))
            times["failing"].append(timed([*check, str(failing)], env, work, 1))
        floor = statistics.median(times["floor"])
        try:
            load = os.getloadavg()[0]
        except OSError:
            load = float("nan")
        print(f"gdgrade check, {args.runs} runs each (1-minute load average {load:.2f})")
        print(describe("floor (python+numpy)", times["floor"], floor, None))
        print(describe(f"correct ({args.correct})", times["correct"], floor, CORRECT_GOAL))
        print(describe(f"failing ({args.failing})", times["failing"], floor, FAILING_GOAL))
        print(
            f"first run (cache filled): correct {first['correct']:.3f} s, "
            f"failing {first['failing']:.3f} s"
        )
        print(
            f"correct / floor goal <= 6x: "
            f"{'met' if statistics.median(times['correct']) <= 6 * floor else 'NOT met'}"
        )
        print(
            json.dumps(
                {
                    "floor_s": floor,
                    "correct_s": statistics.median(times["correct"]),
                    "failing_s": statistics.median(times["failing"]),
                    "correct_ratio": statistics.median(times["correct"]) / floor,
                    "failing_ratio": statistics.median(times["failing"]) / floor,
                    "first_correct_s": first["correct"],
                    "first_failing_s": first["failing"],
                    "spread": {k: [min(v), max(v)] for k, v in times.items()},
                    "load": load,
                }
            )
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
