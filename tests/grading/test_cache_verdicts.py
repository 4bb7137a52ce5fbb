"""What is cached never changes a verdict.

The whole demo set and the whole zoo (every wrong and every right submission) are
graded twice, with the full rubric, sandboxed, in fresh processes' conditions:
once with nothing kept at all (``GDGRADE_NO_CACHE``: Hypothesis draws every input
afresh, the LaTeX parser is built, the derivation judged), once with everything
read back from the cache folder (the draws, the parser's tables and, as ``gdgrade
check`` keeps them, the derivation's verdicts: nothing drawn, built or judged).
Every check's status, points, message, hint, mistake id and counterexample must be
the same, and so must the score, the notes and the learning curve.  A batch is
also graded both ways (the workers keep the draws in memory).
"""

from __future__ import annotations

import dataclasses
import json
import os
import threading
from importlib import resources
from pathlib import Path

import pytest

from gdgrade.grading import cache, runner
from gdgrade.grading.batch import BatchOptions, grade_many
from gdgrade.grading.checks import properties
from gdgrade.grading.runner import grade_submission
from gdgrade.grading.sandbox import bwrap_available, zygote
from gdgrade.grading.spec import load_spec
from gdgrade.grading.symbolic import latex

from .zoo import RIGHT, WRONG, wrong_source

pytestmark = pytest.mark.slow

DEMO = Path(str(resources.files("gdgrade.grading") / "data" / "demo"))
DEMO_NAMES = sorted(p.name for p in DEMO.iterdir() if (p / "adaline.py").exists())
SUBMISSIONS = (
    [f"demo/{name}" for name in DEMO_NAMES]
    + [f"zoo-wrong/{name}" for name in sorted(WRONG)]
    + [f"zoo-right/{name}" for name in sorted(RIGHT)]
)


def _folder(tmp_path: Path, which: str) -> str:
    kind, name = which.split("/")
    if kind == "demo":
        return str(DEMO / name)
    folder = tmp_path / name
    folder.mkdir()
    source = wrong_source(name) if kind == "zoo-wrong" else RIGHT[name]
    (folder / "adaline.py").write_text(source)
    return str(folder)


def _forget(monkeypatch) -> None:
    """As a new process starts: nothing drawn, no store read, no parser built."""
    monkeypatch.setattr(properties, "_CACHE", {})
    monkeypatch.setattr(cache, "_STORE", None)
    latex._parser.cache_clear()


def _verdicts(result) -> dict:
    """Everything graded about a submission, without the time it took."""
    return {
        "score": result.score,
        "max_score": result.max_score,
        "problems": result.problems,
        "curve": result.curve,
        "checks": [
            (t.id, t.points, t.max_points, t.visibility, dataclasses.asdict(t.outcome))
            for t in result.tests
        ],
    }


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    """A cache folder holding every draw and parser the rubric uses (the correct demo
    submissions run every check, one writes its derivation in LaTeX) and the verdicts on
    every demo derivation and on none (the zoo's folders have no derivation.py)."""
    folder = tmp_path_factory.mktemp("filled-cache")
    spec = load_spec("adaline-gd")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GDGRADE_CACHE_DIR", str(folder))
        patch.delenv("GDGRADE_NO_CACHE", raising=False)
        _forget(patch)
        for name in DEMO_NAMES:
            grade_submission(str(DEMO / name), spec, keep_derivation=True)
        zoo = tmp_path_factory.mktemp("zoo-fill")
        (zoo / "adaline.py").write_text(RIGHT[sorted(RIGHT)[0]])
        grade_submission(str(zoo), spec, keep_derivation=True)
        latex._parser.cache_clear()
    assert list(folder.glob("examples-*.bin")) and list(folder.glob("lark-*.bin"))
    texts = {(DEMO / name / "derivation.py").read_text() for name in DEMO_NAMES}
    assert len(list((folder / "verdicts").glob("*.json"))) == len(texts) + 1
    return folder


@pytest.mark.parametrize("which", SUBMISSIONS)
def test_a_verdict_is_the_same_with_and_without_the_cache(
    which, tmp_path, monkeypatch, filled, judged
):
    spec = load_spec("adaline-gd")
    path = _folder(tmp_path, which)

    monkeypatch.setenv("GDGRADE_NO_CACHE", "1")
    _forget(monkeypatch)
    fresh = _verdicts(grade_submission(path, spec))

    monkeypatch.delenv("GDGRADE_NO_CACHE")
    monkeypatch.setenv("GDGRADE_CACHE_DIR", str(filled))
    _forget(monkeypatch)
    drawn, built = [], []
    real_run = properties._run

    def run(strategy, body, n, phases):
        if "shrink" not in phases:
            drawn.append(n)
        return real_run(strategy, body, n, phases)

    monkeypatch.setattr(properties, "_run", run)
    import lark

    real_init = lark.Lark.__init__

    def init(self, *args, **kwargs):
        built.append(args[:1])
        return real_init(self, *args, **kwargs)

    monkeypatch.setattr(lark.Lark, "__init__", init)
    judged.clear()  # counted from here
    kept = _verdicts(grade_submission(path, spec, keep_derivation=True))

    assert drawn == []  # every input came from the cache folder
    assert built == []  # the parser's tables too (Lark.load does not build)
    assert judged and not [i for i in judged if i.startswith("derivation.")]  # kept verdicts
    assert kept["checks"] and len(kept["checks"]) == len(spec.checks)
    if kept != fresh:
        # Only code that is itself random (the zoo's global random state) may differ, and
        # then it differs between two runs without the cache too; its verdicts may not.
        monkeypatch.setattr(properties, "_run", real_run)
        monkeypatch.setenv("GDGRADE_NO_CACHE", "1")
        _forget(monkeypatch)
        again = _verdicts(grade_submission(path, spec))
        assert again != fresh, "the cache changed what grading without it gives every time"
        assert _stable(kept) == _stable(fresh) == _stable(again)
    else:
        assert kept == fresh


def _stable(verdicts: dict) -> list:
    """What must not vary even for random code: each check's points, status, mistake, hint
    (the messages show the random values)."""
    return [
        (i, points, outcome["status"], outcome["mistake"], outcome["hint"])
        for i, points, _, _, outcome in verdicts["checks"]
    ] + [verdicts["score"]]


def test_a_batch_grades_the_same_with_and_without_the_cache(tmp_path, monkeypatch, filled):
    """The workers of ``grade`` draw once each and keep the draws in memory, or read
    them from the cache folder: the class's results are the same either way."""
    spec = load_spec("adaline-gd")
    paths = [str(DEMO / name) for name in DEMO_NAMES if name != "infinite-loop"]
    outputs = {}
    for mode in ("off", "kept"):
        if mode == "off":
            monkeypatch.setenv("GDGRADE_NO_CACHE", "1")
        else:
            monkeypatch.delenv("GDGRADE_NO_CACHE")
            monkeypatch.setenv("GDGRADE_CACHE_DIR", str(filled))
        out = tmp_path / f"{mode}.json"
        results, _ = grade_many(paths, spec, BatchOptions(json_out=out, jobs=2, regrade=True))
        assert len(results) == len(set(paths))
        data = json.loads(out.read_text())
        for entry in data:
            entry.pop("execution_time")
        outputs[mode] = data
    assert outputs["off"] == outputs["kept"]
    assert {entry["score"] for entry in outputs["kept"]} != {0}


@pytest.mark.parametrize("name", [n for n in DEMO_NAMES if n != "infinite-loop"])
def test_a_derivation_remembered_by_a_batch_worker_grades_as_judged_afresh(
    name, tmp_path, monkeypatch, judged
):
    """A batch worker judges each derivation text once and remembers its verdicts: a
    second submission with the same derivation (and other code) gets the very results it
    would get judged afresh, without judging it; another text is judged."""
    spec = load_spec("adaline-gd")
    monkeypatch.setenv("GDGRADE_NO_CACHE", "1")  # nothing from the cache folder
    monkeypatch.setattr(runner, "_remembered", {})
    derivation = (DEMO / name / "derivation.py").read_text()
    other = tmp_path / "other"
    other.mkdir()
    (other / "derivation.py").write_text(derivation)
    code = "correct-loops" if name != "correct-loops" else "gradient-sign"
    (other / "adaline.py").write_text((DEMO / code / "adaline.py").read_text())

    fresh = [_verdicts(grade_submission(p, spec)) for p in (str(DEMO / name), str(other))]
    assert runner._remembered == {}  # only a batch's workers remember
    judged.clear()  # counted from here
    first = _verdicts(grade_submission(str(DEMO / name), spec, remember_derivation=True))
    assert [i for i in judged if i.startswith("derivation.")]
    judged.clear()
    second = _verdicts(grade_submission(str(other), spec, remember_derivation=True))
    assert judged and not [i for i in judged if i.startswith("derivation.")]
    assert [first, second] == fresh

    (other / "derivation.py").write_text(derivation + "\n# the same answers, another text\n")
    judged.clear()
    grade_submission(str(other), spec, remember_derivation=True)
    assert [i for i in judged if i.startswith("derivation.")]


def test_searches_walked_from_memory_find_what_hypothesis_finds(tmp_path, monkeypatch):
    """A worker keeps Hypothesis's searches for the smallest failing input as trees of the
    inputs tried: the whole demo set and zoo graded one after another (each walking what
    the others left, Hypothesis running where an input goes another way), then again
    (every search walked whole), give each submission the verdicts Hypothesis gives it
    afresh, with nothing kept."""
    spec = load_spec("adaline-gd")
    monkeypatch.setenv("GDGRADE_NO_CACHE", "1")
    paths = [_folder(tmp_path, w) for w in SUBMISSIONS if w != "demo/infinite-loop"]
    fresh = []
    for path in paths:
        monkeypatch.setattr(properties, "_SEARCHES", properties._Searches())
        fresh.append(_verdicts(grade_submission(path, spec)))
    monkeypatch.setattr(properties, "_SEARCHES", properties._Searches())
    shared = [_verdicts(grade_submission(path, spec)) for path in paths]
    assert properties._SEARCHES.roots  # searches were kept
    searched = []
    real_run = properties._run

    def run(strategy, body, n, phases):
        searched.append(phases)
        return real_run(strategy, body, n, phases)

    monkeypatch.setattr(properties, "_run", run)
    again = []
    for path in paths:
        searched.clear()
        again.append(_verdicts(grade_submission(path, spec)))
        if "random" not in path:  # every search walked from memory, Hypothesis not run
            assert ("generate", "shrink") not in searched, path
    for path, a, b, c in zip(paths, fresh, shared, again, strict=True):
        if a == b == c:
            continue
        # code that is itself random (the zoo's global random state) shows other values
        # in its messages from run to run; its verdicts may not change
        assert "random" in path, path
        assert _stable(a) == _stable(b) == _stable(c), path


@pytest.mark.parametrize("which", SUBMISSIONS)
def test_a_verdict_is_the_same_warm_and_cold(which, tmp_path, monkeypatch):
    """A server forked from the warm start (the grader is root with bubblewrap) grades
    every submission as a server started from nothing does."""
    spec = load_spec("adaline-gd")
    path = _folder(tmp_path, which)
    monkeypatch.setenv("GDGRADE_WARM_START", "0")
    cold = _verdicts(grade_submission(path, spec))
    monkeypatch.delenv("GDGRADE_WARM_START")
    warm = _verdicts(grade_submission(path, spec))
    if os.geteuid() == 0 and bwrap_available():  # the warm start was there and used
        assert zygote._zygotes[threading.get_ident()].usable
    assert warm["checks"] and len(warm["checks"]) == len(spec.checks)
    if warm != cold:  # only code that is itself random may differ (see above)
        assert _stable(warm) == _stable(cold)
    else:
        assert warm == cold
