"""Grading on a Dask cluster against grading locally: throughputs, and what the scheduler costs.

The same class (generated from the bundled demo submissions, correct and wrong,
with the full rubric) is graded, in one run, by:

* local processes: 1 (the cost of one submission on one core) and every core;
* ``LocalCluster``s of 1 and 2 worker processes (one thread each), started before
  the clock starts, as an instructor's cluster would be: each run includes the
  preflight of its workers and everything ``gdgrade grade --cluster`` does.

It prints each throughput and its ratio to the local run of the same width
(this machine is shared and noisy: ratios, not seconds, are what compare), the
per-submission overhead of going through the scheduler, the instructor's
own CPU time per submission (reading it, sending it, taking its result: the
serial part, with the scheduler in the same process), and from those, how long
a class of 100,000 would take on paper as workers are added.

    python benchmarks/cluster_scaling.py [--submissions 40]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from distributed import LocalCluster

from gdgrade.grading.batch import BatchOptions, grade_many
from gdgrade.grading.spec import load_spec

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grading_throughput import ASSIGNMENT, make_class

CLASS = 100_000
WORKERS = (1, 2, 8, 32, 128, 512)


def timed(paths, spec, out: Path, **options) -> tuple[float, float, list]:
    """Wall and this process's CPU seconds of grading ``paths``, and the results."""
    wall, cpu = time.perf_counter(), time.process_time()
    results, _ = grade_many(paths, spec, BatchOptions(json_out=out, regrade=True, **options))
    return time.perf_counter() - wall, time.process_time() - cpu, results


def on_cluster(n: int, paths, spec, out: Path) -> tuple[float, float, list]:
    with LocalCluster(
        n_workers=n,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        host="127.0.0.1",
    ) as cluster:
        return timed(paths, spec, out, cluster=cluster.scheduler_address)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=40)
    args = parser.parse_args()
    spec = load_spec(ASSIGNMENT)
    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="gdgrade-bench-"))
    try:
        paths = make_class(work / "class", args.submissions)
        n = len(paths)
        runs = {
            "local, 1 process": timed(paths, spec, work / "l1.json", jobs=1),
            f"local, {cores} processes": timed(paths, spec, work / "lN.json", jobs=cores),
            "cluster, 1 worker": on_cluster(1, paths, spec, work / "c1.json"),
            "cluster, 2 workers": on_cluster(2, paths, spec, work / "c2.json"),
        }
        scores = {name: [r.score for r in results] for name, (_, _, results) in runs.items()}
        same = len({tuple(s) for s in scores.values()}) == 1
        local1, localN = runs["local, 1 process"][0], runs[f"local, {cores} processes"][0]
        print(
            f"class: {n} submissions of {ASSIGNMENT} (full rubric, {len(spec.checks)} checks); "
            f"this machine: {cores} cores; the same scores in every run: {same}"
        )
        print(f"{'':22s} {'seconds':>8s} {'per s':>7s} {'vs local same width':>20s}")
        for name, (wall, _, _) in runs.items():
            width = 1 if name in ("local, 1 process", "cluster, 1 worker") else cores
            base = local1 if width == 1 else localN
            print(f"{name:22s} {wall:8.1f} {n / wall:7.2f} {base / wall:19.2f}x")

        cost = local1 / n  # one submission on one core, locally
        overhead = (runs["cluster, 1 worker"][0] - local1) / n
        serial = runs["cluster, 2 workers"][1] / n  # this process: client and scheduler
        per_worker = cost + max(overhead, 0.0)
        print(f"one submission on one core (local): {cost:.3f} s")
        print(f"scheduler overhead per submission (1 worker vs 1 process): {overhead:+.3f} s")
        print(f"instructor + scheduler CPU per submission (the serial part): {serial * 1e3:.1f} ms")
        print(
            f"scaling of the cluster: 2 workers / 1 worker = "
            f"{runs['cluster, 1 worker'][0] / runs['cluster, 2 workers'][0]:.2f}x"
        )
        ceiling = 1 / serial if serial > 0 else float("inf")
        print(f"on paper, a class of {CLASS:,} (the serial part caps it at {ceiling:,.0f} per s):")
        for workers in WORKERS:
            rate = min(workers / per_worker, ceiling)
            print(
                f"  {workers:4d} worker processes: {rate:8.1f} per s, {CLASS / rate / 3600:7.2f} h"
            )
        print(
            json.dumps(
                {
                    "submissions": n,
                    "per_s": {name: n / wall for name, (wall, _, _) in runs.items()},
                    "cost_s": cost,
                    "overhead_s": overhead,
                    "serial_ms": serial * 1e3,
                    "same_scores": same,
                }
            )
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
