"""Grading on a Dask cluster against grading locally: throughputs, and what the scheduler costs.

The same class (generated from the bundled demo submissions, correct and wrong,
with the full rubric) is graded, in one run, by:

* local processes: 1 (the cost of one submission on one core) and every core;
* ``LocalCluster``s of 1 and 2 worker processes (one thread each), started before
  the clock starts, as an instructor's cluster would be: each run includes the
  preflight of its workers and everything ``gdgrade grade --cluster`` does.

Each is run in turn, twice in alternating order (the machine is shared and
noisy), and the best of each is kept. It prints each throughput, its ratio to
the local run of the same width, and how long each took to start (before its
first result, less that result's grading: local grading starts its worker
processes each run, a cluster's stay up); the per-submission overhead of going
through the scheduler (the rate of empty tasks that carry a submission and the
spec); the instructor's own CPU time per submission (reading it, sending it,
journaling its result: the serial part); and from those, how long a class of
100,000 would take on paper as workers are added.

    python benchmarks/cluster_scaling.py [--submissions 100] [--rounds 2]
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

from distributed import Client, LocalCluster

from gdgrade.grading.batch import BatchOptions, grade_many
from gdgrade.grading.spec import load_spec
from gdgrade.grading.submission import load_submission

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grading_throughput import ASSIGNMENT, make_class

CLASS = 100_000
WORKERS = (1, 2, 8, 32, 128, 512)
EMPTY_TASKS = 1000


def timed(paths, spec, out: Path, **options) -> tuple[float, float, list, float]:
    """Wall seconds of grading ``paths``, this process's main-thread CPU seconds (reading,
    sending, journaling: the instructor's own serial work), the results, and the seconds
    before the first result less its own grading time (starting the workers)."""
    first: list[float] = []

    def arrived(result, done, total) -> None:
        if not first:
            first.append(time.perf_counter() - result.execution_time)

    wall, cpu = time.perf_counter(), time.thread_time()
    options = BatchOptions(json_out=out, regrade=True, **options)
    results, _ = grade_many(paths, spec, options, on_result=arrived)
    return time.perf_counter() - wall, time.thread_time() - cpu, results, first[0] - wall


def _nothing(*task) -> int:
    return 0


def empty_tasks(client, payload) -> float:
    """Tasks per second through the scheduler of tasks that carry ``payload`` and do nothing."""
    start = time.perf_counter()
    client.gather(client.map(_nothing, [payload] * EMPTY_TASKS, pure=False))
    return EMPTY_TASKS / (time.perf_counter() - start)


def _cluster(n: int) -> LocalCluster:
    return LocalCluster(
        n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0", host="127.0.0.1"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2, help="best of, in alternating order")
    args = parser.parse_args()
    spec = load_spec(ASSIGNMENT)
    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="gdgrade-bench-"))
    try:
        paths = make_class(work / "class", args.submissions)
        n = len(paths)
        with _cluster(1) as one, _cluster(2) as two:
            configs = {
                "local, 1 process": {"jobs": 1},
                f"local, {cores} processes": {"jobs": cores},
                "cluster, 1 worker": {"cluster": one.scheduler_address},
                "cluster, 2 workers": {"cluster": two.scheduler_address},
            }
            best: dict[str, tuple[float, float, list, float]] = {}
            for i in range(args.rounds):  # the machine is shared: each is run in turn
                for name in list(configs)[:: 1 if i % 2 == 0 else -1]:
                    run = timed(paths, spec, work / "r.json", **configs[name])
                    best[name] = min(best.get(name, run), run, key=lambda r: r[0])
            runs = {name: best[name] for name in configs}
            scheduler = {}
            for name, cluster in (("1 worker", one), ("2 workers", two)):
                with Client(cluster.scheduler_address) as client:
                    payload = (load_submission(paths[0], spec), spec)  # what one task carries
                    scheduler[name] = empty_tasks(client, payload)
        scores = {name: [r.score for r in run[2]] for name, run in runs.items()}
        same = len({tuple(s) for s in scores.values()}) == 1
        local1, local_all = runs["local, 1 process"][0], runs[f"local, {cores} processes"][0]
        print(
            f"class: {n} submissions of {ASSIGNMENT} (full rubric, {len(spec.checks)} checks); "
            f"this machine: {cores} cores; best of {args.rounds} rounds; "
            f"the same scores in every run: {same}"
        )
        print(
            f"{'':22s} {'seconds':>8s} {'per s':>7s} {'vs local, same width':>21s} "
            f"{'start (s)':>10s}"
        )
        for name, (wall, _, _, start) in runs.items():
            base = local1 if name in ("local, 1 process", "cluster, 1 worker") else local_all
            print(f"{name:22s} {wall:8.1f} {n / wall:7.2f} {base / wall:20.2f}x {start:10.1f}")

        scheduler = min(scheduler.values())
        c1, c2 = runs["cluster, 1 worker"][0], runs["cluster, 2 workers"][0]
        one_core = ("local, 1 process", "cluster, 1 worker")
        cost = min((runs[k][0] - runs[k][3]) / n for k in one_core)  # its worker started
        overhead = 1 / scheduler  # a task's round trip, counted as if never overlapped
        own = runs["cluster, 2 workers"][1] / n
        print(f"one submission on one core (started workers): {cost:.3f} s")
        print(
            "cluster of 1 worker - 1 local process, per submission: "
            f"{(c1 - local1) / n:+.3f} s (local grading starts its workers each run: 'start')"
        )
        print(
            f"empty tasks carrying a submission and the spec, through the scheduler: "
            f"{scheduler:.0f} per s ({overhead * 1e3:.1f} ms each)"
        )
        print(f"this machine's own work per submission (main thread CPU): {own * 1e3:.1f} ms")
        print(f"cluster of 2 workers / cluster of 1 worker: {c1 / c2:.2f}x")
        ceiling = min(1 / own if own > 0 else float("inf"), scheduler)
        print(
            f"on paper, a class of {CLASS:,}: W workers grade W / {cost + overhead:.3f} s per s, "
            f"up to {ceiling:,.0f} per s (the instructor's and the scheduler's serial work):"
        )
        for workers in WORKERS:
            rate = min(workers / (cost + overhead), ceiling)
            hours = CLASS / rate / 3600
            print(f"  {workers:4d} worker processes: {rate:8.1f} per s, {hours:7.2f} h")
        print(
            json.dumps(
                {
                    "submissions": n,
                    "per_s": {name: n / run[0] for name, run in runs.items()},
                    "start_s": {name: run[3] for name, run in runs.items()},
                    "cost_s": cost,
                    "cluster_minus_local_s": (c1 - local1) / n,
                    "empty_tasks_per_s": scheduler,
                    "own_ms": own * 1e3,
                    "same_scores": same,
                }
            )
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
