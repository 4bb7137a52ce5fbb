"""Grading throughput: gdgrade against nbgrader's autograde, on the same class, in one run.

A class of generated submissions (mixed correct and wrong, made from the
bundled demo submissions) is graded twice:

* ``gdgrade``: every submission with the full rubric, public and hidden checks,
  each in its own sandbox, on all cores (``grade_many``);
* ``nbgrader autograde``: the same answers pasted into the assignment's release
  notebook, one per student, the test cells calling the same checks in a real
  Jupyter kernel (a sample of the class: nbgrader needs seconds per notebook).

It prints submissions per second for both and the ratio (goal: at least 25x).  The
class is graded by gdgrade before and after nbgrader's run, and the mean of the two
is compared: on a shared machine whose load drifts, neither side gets the quiet half.

gdgrade's workers judge each derivation text once and remember the verdicts, and this
class repeats the demo kinds' texts.  So gdgrade also grades, before and after, the same
class made textually unique (each file ends with a comment naming its student: nothing
is judged from memory) and prints that ratio too, against the same nbgrader run.

    python benchmarks/grading_throughput.py [--submissions 200] [--nbgrader-sample 40]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from gdgrade.grading.batch import BatchOptions, grade_many
from gdgrade.grading.notebook import ANSWER_NAMES
from gdgrade.grading.spec import load_spec

ASSIGNMENT = "adaline-gd"
HOSTILE = ("infinite-loop",)  # a hang costs both graders the same time limit: left out
GOAL = 25.0
"""Submissions per second, as a multiple of nbgrader's on the same class in the same run."""


def demo_kinds() -> dict[str, tuple[str, str]]:
    """The bundled demo submissions: name -> (adaline.py, derivation.py)."""
    root = Path(str(resources.files("gdgrade.grading") / "data" / "demo"))
    kinds = {}
    for folder in sorted(
        p for p in root.iterdir() if p.is_dir() and p.name[0] != "." and p.name not in HOSTILE
    ):
        kinds[folder.name] = (
            (folder / "adaline.py").read_text(),
            (folder / "derivation.py").read_text(),
        )
    return kinds


def make_class(root: Path, n: int, unique: bool = False) -> list[str]:
    """``n`` submission folders cycling through the demo kinds; with ``unique``, each file
    ends with a comment naming its student (no two files of the class are the same text;
    the lines of the code stay where they were)."""
    kinds = list(demo_kinds().items())
    paths = []
    for i in range(n):
        name, (code, derivation) = kinds[i % len(kinds)]
        folder = root / f"student{i:03d}-{name}"
        folder.mkdir(parents=True)
        signed = f"\n# handed in by student{i:03d}\n" if unique else ""
        (folder / "adaline.py").write_text(code + signed)
        (folder / "derivation.py").write_text(derivation + signed)
        paths.append(str(folder))
    return paths


def notebook_answers(derivation: str) -> str:
    """derivation.py's answers under the notebook's names (gradient_answer...)."""
    for name, answer in ANSWER_NAMES.items():
        derivation = derivation.replace(f"\n{name} =", f"\n{answer} =")
        if derivation.startswith(f"{name} ="):
            derivation = f"{answer} =" + derivation[len(name) + 2 :]
    return derivation


NBGRADER = [sys.executable, "-m", "nbgrader"]
"""nbgrader of this Python (the venv's), whether or not its bin folder is on PATH."""
BIN = os.path.dirname(sys.executable)
"""The venv's bin folder: nbgrader itself runs its tools (alembic, jupyter) by name."""


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", "")}
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stdout}\n{out.stderr}")
    return out


def nbgrader_class(course: Path, paths: list[str], sample: int) -> int:
    """Generate the course, release the assignment, submit ``sample`` notebooks."""
    # Imported here, not at the top: gdgrade's workers import this script again (it is
    # their __main__), and nbformat's import (0.3-0.8 s) is not gdgrade's to pay.
    import nbformat

    run(
        [sys.executable, "-m", "gdgrade", "generate", ASSIGNMENT, "--out", str(course)],
        course.parent,
    )
    run([*NBGRADER, "generate_assignment", ASSIGNMENT, "--force"], course)
    release = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    for path in paths[:sample]:
        nb = nbformat.read(str(release), as_version=4)
        code = (Path(path) / "adaline.py").read_text()
        answers = notebook_answers((Path(path) / "derivation.py").read_text())
        for cell in nb.cells:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id == "adaline-code":
                cell.source = code
            elif grade_id == "derivation-answers":
                cell.source = answers
        student = Path(path).name
        target = course / "submitted" / student / ASSIGNMENT
        target.mkdir(parents=True)
        nbformat.write(nb, str(target / f"{ASSIGNMENT}.ipynb"))
        (target / "timestamp.txt").write_text("2026-11-27 12:00:00.000000 UTC")
    return min(sample, len(paths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--nbgrader-sample", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=None, help="gdgrade workers (default: all)")
    args = parser.parse_args()
    spec = load_spec(ASSIGNMENT)
    work = Path(tempfile.mkdtemp(prefix="gdgrade-bench-"))
    try:
        paths = make_class(work / "class", args.submissions)
        unique = make_class(work / "unique", args.submissions, unique=True)
        course = work / "course"
        course.mkdir()
        graded = nbgrader_class(course, paths, args.nbgrader_sample)

        def ours(paths: list[str]) -> tuple[float, list, float]:
            load = os.getloadavg()[0]
            start = time.perf_counter()
            results, _ = grade_many(
                paths,
                spec,
                BatchOptions(json_out=work / "results.json", jobs=args.jobs, regrade=True),
            )
            return len(results) / (time.perf_counter() - start), results, load

        # gdgrade, nbgrader, gdgrade again: on a shared machine whose load drifts, the
        # mean of the two gdgrade runs is compared with the nbgrader run between them.
        first_rate, results, first_load = ours(paths)
        first_unique, unique_results, _ = ours(unique)
        nb_load = os.getloadavg()[0]
        start = time.perf_counter()
        run([*NBGRADER, "autograde", ASSIGNMENT, "--force"], course)
        theirs = time.perf_counter() - start
        second_unique, unique_again, _ = ours(unique)
        second_rate, again, second_load = ours(paths)
        assert [r.score for r in again] == [r.score for r in results]
        assert [r.score for r in unique_again] == [r.score for r in unique_results]
        assert [r.score for r in unique_results] == [r.score for r in results]

        ours_rate, theirs_rate = (first_rate + second_rate) / 2, graded / theirs
        unique_rate = (first_unique + second_unique) / 2
        mean = sum(r.score for r in results) / len(results)
        print(
            f"class: {len(results)} submissions ({len(demo_kinds())} kinds, correct and wrong), "
            f"full rubric of {len(spec.checks)} checks, mean score {mean:.1f}/{spec.max_score:g}"
        )
        print(
            f"gdgrade grade     : {len(results):4d} at {first_rate:6.2f} and {second_rate:6.2f} "
            f"per s, mean {ours_rate:6.2f} ({args.jobs or os.cpu_count()} workers, sandboxed; "
            f"load {first_load:.1f} and {second_load:.1f})"
        )
        print(
            f"nbgrader autograde: {graded:4d} in {theirs:7.1f} s = {theirs_rate:6.2f} per s "
            f"(one kernel per notebook, the same checks as test cells; load {nb_load:.1f})"
        )
        print(
            f"gdgrade, unique   : {len(unique):4d} at {first_unique:6.2f} and {second_unique:6.2f} "
            f"per s, mean {unique_rate:6.2f} (the same class, every file a text of its own)"
        )
        print(f"ratio           : {ours_rate / theirs_rate:6.1f}x   (goal >= {GOAL:g}x)")
        print(f"ratio, unique   : {unique_rate / theirs_rate:6.1f}x   (no two files the same)")
        print(
            json.dumps(
                {
                    "gdgrade_per_s": ours_rate,
                    "gdgrade_runs_per_s": [first_rate, second_rate],
                    "nbgrader_per_s": theirs_rate,
                    "ratio": ours_rate / theirs_rate,
                    "unique_per_s": unique_rate,
                    "unique_runs_per_s": [first_unique, second_unique],
                    "unique_ratio": unique_rate / theirs_rate,
                    "load": [first_load, nb_load, second_load],
                }
            )
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
