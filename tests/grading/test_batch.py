"""Grading a class: results written as they come, resumable, every result intact."""

import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from gdgrade.grading.batch import BatchOptions, grade_many
from gdgrade.grading.reports.files import read_results
from gdgrade.grading.spec import load_spec

from .zoo import CORRECT, wrong_source

pytestmark = pytest.mark.slow

SPEC = """
name = "mini"
classes = ["AdalineGD"]
[limits]
call_seconds = 3.0
import_seconds = 5.0
[properties]
max_examples = 5
[[checks]]
id = "gradient"
points = 2
[[checks]]
id = "update"
[[checks]]
id = "AdalineGD.one_more_epoch"
visibility = "hidden"
"""

HOSTILE = {
    "hangs-at-import": "import time\nwhile True:\n    time.sleep(1)\n",
    "exits-in-gradient": CORRECT.replace(
        "def gradient(X, y, w):\n", "def gradient(X, y, w):\n    import os\n    os._exit(0)\n"
    ),
    "memory-bomb": CORRECT.replace(
        "def gradient(X, y, w):\n", "def gradient(X, y, w):\n    x = bytearray(10**11)\n"
    ),
    "kills-its-parent": CORRECT.replace(
        "def gradient(X, y, w):\n",
        "def gradient(X, y, w):\n    import os\n    os.kill(os.getppid(), 9)\n",
    ),
    "fake-json": "import json\nprint(json.dumps([{'score': 99, 'max_score': 4}]))\n"
    + wrong_source("gradient-sign"),
}


@pytest.fixture()
def spec(tmp_path):
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "assignment.toml").write_text(SPEC)
    return load_spec(tmp_path / "spec")


def _class(tmp_path, sources):
    paths = []
    for name, source in sources.items():
        folder = tmp_path / "class" / name
        folder.mkdir(parents=True)
        (folder / "adaline.py").write_text(source)
        paths.append(str(folder))
    return paths


def test_hostile_submissions_lose_only_their_own_points(tmp_path, spec):
    paths = _class(tmp_path, {"a-correct": CORRECT, **HOSTILE, "z-correct": CORRECT})
    out = tmp_path / "results.json"
    results, reused = grade_many(paths, spec, BatchOptions(json_out=out, jobs=2))
    by_name = {os.path.basename(r.submission): r for r in results}
    assert reused == 0 and len(results) == len(paths)
    assert by_name["a-correct"].score == by_name["z-correct"].score == spec.max_score == 4
    for name in HOSTILE:
        r = by_name[name]
        if name == "kills-its-parent":
            continue  # in bubblewrap's PID namespace the kill cannot reach the grader: no harm done
        assert r.score < r.max_score, name
        assert all(t.outcome.message for t in r.tests if not t.outcome.ok), name
    assert by_name["fake-json"].score == 1  # update is right; the gradient's sign is not
    assert by_name["hangs-at-import"].problems
    data = json.loads(out.read_text())
    assert [d["submission"] for d in data] == paths
    assert all({"score", "max_score", "tests", "submission"} <= set(d) for d in data)


def test_a_rerun_grades_only_what_is_missing_or_changed(tmp_path, spec):
    paths = _class(tmp_path, {"one": CORRECT, "two": wrong_source("update-ascent")})
    out = tmp_path / "results.json"
    first, reused = grade_many(paths, spec, BatchOptions(json_out=out, jobs=1))
    assert reused == 0
    again, reused = grade_many(paths, spec, BatchOptions(json_out=out, jobs=1))
    assert reused == 2
    assert [r.to_json()["tests"] for r in again] == [r.to_json()["tests"] for r in first]
    (tmp_path / "class" / "two" / "adaline.py").write_text(CORRECT)
    third, reused = grade_many(paths, spec, BatchOptions(json_out=out, jobs=1))
    assert reused == 1 and third[1].score == spec.max_score
    _, reused = grade_many(paths, spec, BatchOptions(json_out=out, jobs=1, regrade=True))
    assert reused == 0


def test_grading_is_deterministic(tmp_path, spec):
    paths = _class(tmp_path, {"w": wrong_source("class-frozen-bias")})
    runs = []
    for i in range(2):
        results, _ = grade_many(paths, spec, BatchOptions(json_out=tmp_path / f"r{i}.json"))
        runs.append([t.to_json() for t in results[0].tests])
    assert runs[0] == runs[1]


def test_a_killed_run_leaves_valid_results_and_resumes(tmp_path, spec):
    # Each import takes 0.4 s, so that the run is still going when two results are in (a
    # class of this mini spec is otherwise graded between two looks at the results).
    slow = "import time\ntime.sleep(0.4)\n"
    sources = {
        f"s{i:02d}": slow + (CORRECT if i % 2 else wrong_source("gradient-sign")) for i in range(8)
    }
    paths = _class(tmp_path, sources)
    out = tmp_path / "results.json"
    cmd = [
        sys.executable,
        "-m",
        "gdgrade",
        "grade",
        *paths,
        "--assignment",
        str(tmp_path / "spec"),
        "--json",
        str(out),
        "-j",
        "1",
    ]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(read_results(out)) < 2:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    kept = read_results(out)
    assert 2 <= len(kept) < len(paths), "the run was not interrupted midway"
    json.loads(out.read_text())  # still a whole, valid file
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{len(kept)} unchanged since the last run were kept" in done.stdout
    assert len(read_results(out)) == len(paths)


# -- issue 10: one submission never reaches another's result --------------------------

SECRET = "BOBS_OWN_WORK = 42"
FORMULA_NAME = '=HYPERLINK("http:"&A3&B4,"open")'


def _notebook_of(source: str, path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    nbformat.write(nb, str(path))


def test_hostile_names_messages_and_links_cost_only_their_own_grade(tmp_path, spec):
    """Names that are not UTF-8 or are markup or formulas, exception messages with lone
    surrogates, ANSI escapes, a folder file named as a formula with a forged import
    error, notebooks that are links to another student's work, to /etc/passwd or
    /dev/zero, or a FIFO: one run, every result written, each page its own file."""
    import csv

    from gdgrade.grading.reports.text import FORMULA_STARTS

    root = tmp_path / "class"
    sources = {
        "a-correct": CORRECT,
        os.fsdecode(b"b-\xff\xfe-not-utf8"): CORRECT,
        "c-[/link][bold]": CORRECT,  # a folder "c-[" holding "link][bold]": the path has it
        "e-surrogate": CORRECT.replace(
            "def gradient(X, y, w):\n",
            "def gradient(X, y, w):\n"
            "    raise ValueError('\\ud800\\udcff [/link] \\x1b[2J =1+1')\n",
        ),
        "f-ansi": "print('\\x1b[2J\\r\\x1b[31m=SUM(A1)')\n" + CORRECT,
        FORMULA_NAME: "raise ImportError('\",A3)\\r\\n=2+5')\n",
        "zz-correct": CORRECT,
    }
    paths = _class(tmp_path, sources)
    big = root / FORMULA_NAME / '=IMPORTXML(A3,"x").csv'
    big.write_bytes(b"0" * (2 * 1024 * 1024))
    bob = root / "z-bob"
    bob.mkdir()
    _notebook_of(CORRECT + "\n" + SECRET + "\n", bob / "adaline.ipynb")
    links = {
        "g-link-to-bob": lambda d: os.symlink("../z-bob/adaline.ipynb", d / "adaline.ipynb"),
        "h-link-to-passwd": lambda d: os.symlink("/etc/passwd", d / "adaline.ipynb"),
        "i-fifo": lambda d: os.mkfifo(d / "adaline.ipynb"),
        "j-dev-zero": lambda d: os.symlink("/dev/zero", d / "adaline.py"),
        "k-hardlink-to-bob": lambda d: os.link(bob / "adaline.ipynb", d / "adaline.ipynb"),
    }
    for name, make in links.items():
        (root / name).mkdir()
        make(root / name)
    paths += [str(root / n) for n in ("z-bob", *links)]
    # one path absolute, the others relative: the class table once crashed on the mix
    given = [paths[0]] + [os.path.relpath(p, tmp_path) for p in paths[1:]]
    cmd = [sys.executable, "-m", "gdgrade", "grade", *given, "--assignment"]
    cmd += [str(tmp_path / "spec"), "--json", "r.json", "--csv", "g.csv", "--feedback", "fb"]
    done = subprocess.run([*cmd, "-j", "2"], capture_output=True, cwd=tmp_path, timeout=900)
    stdout, stderr = done.stdout.decode("utf-8"), done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, stderr
    assert "Traceback" not in stderr

    data = json.loads((tmp_path / "r.json").read_bytes().decode("ascii"))
    assert [d["submission"] for d in data] == given  # every one, in order, names exact
    by_name = {d["submission"].split("class" + os.sep, 1)[1]: d for d in data}
    for name in ("a-correct", "b-\udcff\udcfe-not-utf8", "c-[/link][bold]", "f-ansi", "zz-correct"):
        assert by_name[name]["score"] == spec.max_score, name
    assert by_name["e-surrogate"]["score"] == 1  # gradient and update (which calls it) lost
    assert by_name[FORMULA_NAME]["score"] == 0
    words = {
        "g-link-to-bob": "symbolic link",
        "h-link-to-passwd": "symbolic link",
        "i-fifo": "FIFO",
        "j-dev-zero": "symbolic link",
        "k-hardlink-to-bob": "hard link",
    }
    for name, word in words.items():
        assert by_name[name]["score"] == 0, name
        assert any(word in p for p in by_name[name]["gdgrade"]["problems"]), name
    # bob's notebook is hard-linked by k: both names are refused (see test_submission)
    assert by_name["z-bob"]["score"] == 0

    written = [tmp_path / "r.json", tmp_path / "g.csv", *sorted((tmp_path / "fb").iterdir())]
    for path in written:
        text = path.read_bytes().decode("utf-8")
        assert "root:x:0:0" not in text and SECRET not in text, path
    rows = list(csv.reader(io.StringIO((tmp_path / "g.csv").read_text("utf-8"), newline="")))
    assert len(rows) == len(given) + 1 and all(len(r) == len(rows[0]) for r in rows)
    assert not any(c.lstrip().startswith(FORMULA_STARTS) for r in rows for c in r)
    formula_row = next(r for r in rows if FORMULA_NAME in r[0])
    assert formula_row[5].startswith("'=IMPORTXML(A3")  # the file name, then the forged reply
    pages = [p for p in (tmp_path / "fb").iterdir() if p.name != "index.html"]
    assert len(pages) == len(given)  # one page each, none overwritten
    assert "[/link][bold]" in stdout and "\x1b[2J" not in stdout


def test_a_notebook_broken_between_two_runs_is_its_own_problem(tmp_path, spec):
    paths = _class(tmp_path, {"one": CORRECT})
    two = tmp_path / "class" / "two"
    two.mkdir()
    _notebook_of(CORRECT, two / "adaline.ipynb")
    paths.append(str(two))
    out = tmp_path / "results.json"
    first, _ = grade_many(paths, spec, BatchOptions(json_out=out, jobs=2))
    assert [r.score for r in first] == [spec.max_score, spec.max_score]
    broken = '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": 5}'
    (two / "adaline.ipynb").write_text(broken)
    again, reused = grade_many(paths, spec, BatchOptions(json_out=out, jobs=2))
    assert reused == 1 and again[0].score == spec.max_score
    assert again[1].score == 0
    assert any("not a readable notebook" in p for p in again[1].problems)


def test_results_are_reused_only_for_the_same_spec_variant_and_version(tmp_path, spec):
    paths = _class(tmp_path, {"one": CORRECT})
    out = tmp_path / "results.json"

    def run(s, variants=None) -> int:
        options = BatchOptions(json_out=out, jobs=1, variants=variants or {})
        return grade_many(paths, s, options)[1]

    assert run(spec) == 0
    copy = tmp_path / "copy" / "assignment.toml"
    copy.parent.mkdir()
    copy.write_text(SPEC)
    assert run(load_spec(copy)) == 1  # the same content elsewhere: the same grade
    changed = tmp_path / "changed" / "assignment.toml"
    changed.parent.mkdir()
    changed.write_text(SPEC.replace("max_examples = 5", "max_examples = 6"))
    assert run(load_spec(changed)) == 0  # another spec: graded again
    assert run(load_spec(changed)) == 1
    assert run(load_spec(changed), {paths[0]: {"loss": "mse"}}) == 0  # another variant
    assert run(load_spec(changed), {paths[0]: {"loss": "mse"}}) == 1


def _where_i_run(pause: float) -> tuple[int, str]:
    time.sleep(pause)  # long enough for every worker to take one
    with open("/proc/self/status") as handle:  # not os.sched_getaffinity: patched below
        allowed = [line for line in handle if line.startswith("Cpus_allowed_list")]
    return os.getpid(), allowed[0].split()[1]


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity here")
@pytest.mark.parametrize("workers", [1, 3])
def test_workers_that_fill_the_cpus_take_them_in_turn(workers, monkeypatch):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from gdgrade.grading.batch import _pin_worker

    real = sorted(os.sched_getaffinity(0))
    cpus = set(real[:2])  # the grader's CPUs, as the workers see them
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(cpus))
    context = multiprocessing.get_context("fork")  # the patch goes with the workers
    with ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_pin_worker,
        initargs=(context.Value("i", 0), workers),
    ) as pool:
        seen = dict(pool.map(_where_i_run, [0.3] * (3 * workers)))
    assert len(seen) == workers
    if workers < len(cpus):  # fewer workers than CPUs: the scheduler keeps its choice
        assert set(seen.values()) == {_where_i_run(0)[1]}
    else:  # every CPU taken before any twice, one CPU each
        assert sorted(seen.values()) == sorted(str(c) for c in [*cpus, *cpus][:workers])


def _probed_here(_):
    from gdgrade.grading.sandbox import bwrap

    return bwrap.bwrap_available(), bwrap._probe.cache_info().currsize


@pytest.mark.parametrize("told", [True, False])
def test_workers_take_the_main_process_s_bubblewrap_answer(told):
    """Each worker would spend 0.1 s of its first submission probing bubblewrap again; it
    is told the main process's answer (here the opposite of the truth, where it can be)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from gdgrade.grading.batch import _start_worker

    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(
        1, mp_context=context, initializer=_start_worker, initargs=(context.Value("i", 0), 1, told)
    ) as pool:
        assert list(pool.map(_probed_here, [0, 1])) == [(told, 0), (told, 0)]
