"""Grading a class: results written as they come, resumable, every result intact."""

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
    sources = {f"s{i:02d}": CORRECT if i % 2 else wrong_source("gradient-sign") for i in range(8)}
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
