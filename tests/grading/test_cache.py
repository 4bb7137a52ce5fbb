"""The cache folder: what is kept is exactly what a fresh run would build; a stale or
damaged file is detected, never trusted, and written again."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from gdgrade.grading import cache
from gdgrade.grading.cache import (
    ExampleStore,
    cached_lark,
    code_digest,
    decode_examples,
    encode_examples,
)
from gdgrade.grading.checks import inputs, properties
from gdgrade.reference import Convention


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """An empty cache folder of this test's own, the process's stores forgotten."""
    monkeypatch.setenv("GDGRADE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GDGRADE_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "_STORE", None)
    monkeypatch.setattr(properties, "_CACHE", {})
    return tmp_path / "cache"


def _same(a, b) -> bool:
    """Equal values of the same types, arrays with the same dtype, shape, layout, bytes."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return (
            a.dtype == b.dtype
            and a.shape == b.shape
            and a.flags.c_contiguous == b.flags.c_contiguous
            and a.flags.f_contiguous == b.flags.f_contiguous
            and a.flags.writeable == b.flags.writeable
            and a.tobytes() == b.tobytes()
        )
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return a.hex() == b.hex()  # nan, -0.0 and the last bit included
    if isinstance(a, np.generic):
        return a.dtype == b.dtype and a.tobytes() == b.tobytes()
    return a == b


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


ODD_VALUES = [
    None,
    True,
    False,
    0,
    -(2**70),
    "eta",
    0.1,
    -0.0,
    float("nan"),
    float("inf"),
    -float("inf"),
    5e-324,
    np.float64(0.1),
    np.int64(-3),
    np.float32(1.5),
    np.bool_(True),
    np.complex128(1 - 2j),
    np.array(3.25),
    np.zeros((0, 3)),
    np.arange(12.0).reshape(3, 4),
    np.asfortranarray(np.arange(12.0).reshape(3, 4)),
    np.array([[1, -1], [1, 1]], dtype=np.int8),
    np.array([True, False]),
    np.array([1 + 2j, np.nan], dtype=np.complex64),
    np.array([np.nan, -0.0, np.inf, 1e308], dtype=">f8"),
    _read_only(np.ones(3)),
    (np.ones((2, 1)), np.array([1.0, -1.0]), (1, 0.5)),
    [1, [2.0, (3, "x")], ()],
]


@pytest.mark.parametrize("value", ODD_VALUES, ids=lambda v: type(v).__name__)
def test_every_kind_of_value_comes_back_exactly(value):
    digest = "d" * 64
    back = decode_examples(encode_examples({"k": [value, value]}, digest), digest)
    assert list(back) == ["k"]
    assert len(back["k"]) == 2
    assert all(_same(value, got) for got in back["k"])


@pytest.mark.parametrize(
    "value",
    [
        {"a": 1},
        np.array([object()], dtype=object),
        np.arange(10.0)[::2],
        np.array([("a", 1)], dtype=[("name", "U1"), ("n", "i4")]),
        type("Custom", (), {})(),
        np.datetime64("2024-01-01"),
    ],
    ids=["dict", "object-array", "strided", "structured", "custom", "datetime"],
)
def test_what_the_format_does_not_hold_is_not_kept(value, folder):
    store = ExampleStore(folder, "d" * 64)
    assert store.put("k", 1, [value]) is False
    assert not folder.exists() or not list(folder.iterdir())
    assert store.get("k", 1) is None


def test_every_strategy_the_rubrics_draw_comes_back_from_disk_as_drawn(folder):
    """The draws read from the file equal, value for value and type for type, what
    Hypothesis draws afresh, for every input the checks of both conventions draw."""
    keyed = []
    for labels in ("pm1", "01", "real"):
        conv = Convention(labels=labels)
        keyed += [
            inputs.function_problems(conv),
            inputs.with_eta(conv),
            inputs.on_threshold(conv),
            inputs.class_problems(conv),
            inputs.class_problems(conv, min_samples=2),
        ]
    fresh = {}
    for key, build in keyed:
        fresh[key] = properties.draw_examples(key, build, 12)
    files = list(folder.glob("examples-*.bin"))
    assert len(files) == 1
    properties._CACHE.clear()
    cache._STORE = None
    drawn = []
    real_run = properties._run

    def counting_run(*args):
        drawn.append(args)
        return real_run(*args)

    properties._run = counting_run
    try:
        for key, build in keyed:
            kept = properties.draw_examples(key, build, 12)
            assert len(kept) == len(fresh[key]) > 0
            assert all(_same(a, b) for a, b in zip(fresh[key], kept, strict=True)), key
    finally:
        properties._run = real_run
    assert drawn == []  # nothing was drawn: everything came from the file


def _fill(folder) -> tuple[ExampleStore, list]:
    examples = [(np.arange(6.0).reshape(2, 3), np.array([1.0, -1.0]), 0.5)] * 3
    store = ExampleStore(folder, code_digest())
    assert store.put("problems/pm1", 3, examples)
    return store, examples


def test_a_damaged_file_is_never_trusted(folder):
    store, examples = _fill(folder)
    blob = store.path.read_bytes()
    positions = sorted({0, 5, 20, 80, len(blob) // 2, len(blob) - 9, len(blob) - 1})
    for at in positions:
        damaged = bytearray(blob)
        damaged[at] ^= 0x20
        store.path.write_bytes(bytes(damaged))
        fresh = ExampleStore(folder, code_digest())
        assert fresh.get("problems/pm1", 3) is None, at
        assert fresh.rejected, at
    for cut in (0, 10, len(blob) // 3, len(blob) - 1):
        store.path.write_bytes(blob[:cut])
        fresh = ExampleStore(folder, code_digest())
        assert fresh.get("problems/pm1", 3) is None, cut
    store.path.write_bytes(blob)
    back = ExampleStore(folder, code_digest()).get("problems/pm1", 3)
    assert all(_same(a, b) for a, b in zip(examples, back, strict=True))


def test_a_stale_file_is_detected_and_rebuilt(folder):
    """A file written for another digest (another gdgrade or library version) under the
    name this version reads is refused as stale; drawing writes a good one over it."""
    stale = encode_examples({ExampleStore.name("problems/pm1", 12): [(1.0,)]}, "0" * 64)
    store = ExampleStore(folder, code_digest())
    folder.mkdir(parents=True)
    store.path.write_bytes(stale)
    key, build = inputs.function_problems(Convention())
    drawn = properties.draw_examples(key, build, 12)
    assert cache._STORE.rejected is None  # rewritten: the refusal was before
    assert drawn and drawn[0] != (1.0,)
    assert len(drawn[0]) == 3
    again = ExampleStore(folder, code_digest())
    kept = again.get(key, 12)
    assert again.rejected is None
    assert all(_same(a, b) for a, b in zip(drawn, kept, strict=True))


def test_the_refusal_says_why(folder):
    store, _ = _fill(folder)
    blob = store.path.read_bytes()
    store.path.write_bytes(blob.replace(code_digest().encode(), b"1" * 64))
    fresh = ExampleStore(folder, code_digest())
    assert fresh.get("problems/pm1", 3) is None
    assert "checksum" in fresh.rejected
    store.path.write_bytes(encode_examples({}, "2" * 64))
    fresh = ExampleStore(folder, code_digest())
    assert fresh.get("problems/pm1", 3) is None
    assert "stale" in fresh.rejected


def test_the_digest_follows_the_sources_and_the_libraries(monkeypatch):
    """Any change of gdgrade's files, or of Hypothesis's, numpy's or Python's version,
    makes another digest (another file)."""
    first = code_digest()
    assert first == code_digest()  # the same within a process
    monkeypatch.setattr(cache, "_DIGEST", None)
    monkeypatch.setattr(np, "__version__", np.__version__ + ".post1")
    assert code_digest() != first
    monkeypatch.undo()
    monkeypatch.setattr(cache, "_DIGEST", None)
    monkeypatch.setattr(cache, "_hypothesis_version", lambda: "0.0.0")
    assert code_digest() != first
    monkeypatch.undo()
    monkeypatch.setattr(cache, "_DIGEST", None)
    assert code_digest() == first


def test_the_digest_covers_every_source_file(tmp_path):
    """A change of any module, spec or template of gdgrade's makes another digest; caches,
    and where the folder lives, do not."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n")
    (package / "sub" / "b.py").write_text("y = 2\n")
    roots = {str(package): "gdgrade"}
    digests = {cache.digest_of(roots)}
    for change in (
        ("a.py", "x = 2\n"),
        ("sub/b.py", "y = 3\n"),
        ("sub/c.py", ""),
        ("spec.toml", "[x]\n"),
        ("page.html.j2", "{{ x }}"),
    ):
        (package / change[0]).write_text(change[1])
        digests.add(cache.digest_of(roots))
    assert len(digests) == 6
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    (package / "notes.txt").write_text("not code")
    moved = tmp_path / "elsewhere"
    package.rename(moved)
    assert cache.digest_of({str(moved): "gdgrade"}) in digests


def test_nothing_is_written_when_caching_is_off(tmp_path, monkeypatch):
    monkeypatch.setenv("GDGRADE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GDGRADE_NO_CACHE", "1")
    monkeypatch.setattr(cache, "_STORE", None)
    monkeypatch.setattr(properties, "_CACHE", {})
    key, build = inputs.function_problems(Convention())
    assert properties.draw_examples(key, build, 4)
    assert not (tmp_path / "cache").exists()
    assert cache.cache_folder() is None


def test_the_default_folder_is_the_users_cache_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("GDGRADE_CACHE_DIR", raising=False)
    monkeypatch.delenv("GDGRADE_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    import sys

    if sys.platform.startswith("linux"):
        assert cache.cache_folder() == tmp_path / "xdg" / "gdgrade"
    else:
        assert cache.cache_folder().name == "gdgrade"


@pytest.mark.parametrize("xdg", [None, "", "absolute", "relative/cache"])
def test_the_users_cache_folder_is_where_platformdirs_puts_it(xdg, tmp_path, monkeypatch):
    """The folder is found without platformdirs in the student's install, where it would
    put it (platformdirs comes with the instructor's Jupyter stack, to compare with)."""
    platformdirs = pytest.importorskip("platformdirs")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg") if xdg == "absolute" else xdg)
    expected = Path(platformdirs.user_cache_dir("gdgrade", appauthor=False))
    assert cache.user_cache_folder() == expected
    assert expected.is_absolute()  # a relative XDG_CACHE_HOME is ignored, as XDG says


def test_an_unwritable_folder_only_means_nothing_is_kept(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = ExampleStore(blocker / "cache", "d" * 64)
    assert store.put("k", 1, [(1.0,)]) is False
    assert store.get("k", 1) is None


LATEX = [
    r"-\sum_{i=1}^{n} (y^{(i)} - \phi(z^{(i)})) x_j^{(i)}",
    r"\frac{\partial J}{\partial w_j} = -\sum_i ( y^{(i)} - \phi(z^{(i)}) ) x_j^{(i)}",
    r"\eta \sum_{i=1}^{n} (y^{(i)} - \phi(z^{(i)})) x_j^{(i)}",
    r"\frac{1}{2} \cdot 2",
    r"\frac{1}{2",
    r"x_j^{(i)} ) +",
]


def _parsed(parser, text):
    """The tree with every node's position, or the error's type, place and what was
    expected there (as a set: lark lists it in the order its tables happen to hold)."""
    try:
        tree = parser.parse(text)
    except Exception as exc:
        expected = getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ()
        place = (getattr(exc, "line", None), getattr(exc, "column", None))
        return type(exc).__name__, place, frozenset(expected)
    return tree, [
        (t.data, t.meta.line, t.meta.column, t.meta.end_column)
        for t in tree.iter_subtrees()
        if not t.meta.empty
    ]


def test_the_kept_parser_parses_as_a_fresh_one(folder):
    from lark import Lark

    from gdgrade.grading.symbolic import latex

    options = {"parser": "lalr", "lexer": "contextual", "propagate_positions": True}
    fresh = Lark(latex.GRAMMAR, **options)
    built = cached_lark(latex.GRAMMAR, **options)  # builds it and writes the file
    files = list(folder.glob("lark-*.bin"))
    assert len(files) == 1
    loaded = cached_lark(latex.GRAMMAR, **options)  # reads the file
    parsed = 0
    for text in LATEX:
        results = [_parsed(p, text) for p in (fresh, built, loaded)]
        assert results[0] == results[1] == results[2], text
        parsed += not isinstance(results[0][0], str)
    assert parsed >= 3  # trees compared, not only errors


def test_a_damaged_parser_file_is_rebuilt(folder):
    from gdgrade.grading.symbolic import latex

    options = {"parser": "lalr", "lexer": "contextual", "propagate_positions": True}
    cached_lark(latex.GRAMMAR, **options)
    (path,) = folder.glob("lark-*.bin")
    good = path.read_bytes()
    damaged = bytearray(good)
    damaged[len(good) // 2] ^= 0x01
    path.write_bytes(bytes(damaged))
    parser = cached_lark(latex.GRAMMAR, **options)
    assert parser.parse(LATEX[0]) is not None
    rewritten = path.read_bytes()
    assert rewritten != bytes(damaged)
    head, _, body = rewritten.partition(b"\n")
    assert head.split(b" ")[1] == hashlib.sha256(body).hexdigest().encode()  # whole again


# -- a derivation's verdicts ------------------------------------------------------------------
def _outcome(status="failed", message="derivation.py `gradient`: wrong sign", **extra):
    fields = {
        "status": status,
        "message": message,
        "hint": None,
        "mistake": None,
        "counterexample": None,
        "candidates": (),
    }
    return {**fields, **extra}


def test_verdicts_come_back_as_kept_and_only_for_their_key(folder):
    key = cache.verdict_key("derivation", "gradient = '...'", "spec")
    outcomes = {
        "derivation.gradient": _outcome(mistake="derivation:sign", hint="the sign"),
        "derivation.update": _outcome("passed", ""),
        "derivation.steps": _outcome("not-done", "not answered", candidates=(("a", "b"),)),
    }
    assert cache.keep_verdicts(key, outcomes)
    assert cache.kept_verdicts(key) == outcomes
    other = cache.verdict_key("derivation", "gradient = '... '", "spec")
    assert other != key
    assert cache.kept_verdicts(other) is None


def test_a_verdict_that_depends_on_time_is_never_kept(folder):
    key = cache.verdict_key("derivation", "x")
    too_complex = {"derivation.gradient": _outcome("error", "too complex to check in 2 s")}
    assert cache.keep_verdicts(key, too_complex) is False
    assert cache.kept_verdicts(key) is None


def test_a_damaged_or_foreign_verdict_file_is_ignored(folder):
    key = cache.verdict_key("derivation", "y")
    assert cache.keep_verdicts(key, {"derivation.gradient": _outcome()})
    (path,) = (folder / "verdicts").glob("*.json")
    good = path.read_bytes()
    for damaged in (
        good.replace(b"wrong sign", b"right sign"),  # checksum no longer matches
        good[: len(good) // 2],
        b"",
    ):
        path.write_bytes(damaged)
        assert cache.kept_verdicts(key) is None
    body = json.dumps({"format": cache.FORMAT, "key": "0" * 64, "outcomes": {}}).encode()
    path.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    assert cache.kept_verdicts(key) is None  # written for another key


def test_check_judges_a_derivation_once_until_its_text_changes(
    folder, tmp_path, monkeypatch, judged
):
    """``gdgrade check`` keeps the derivation's verdicts: the second run does not judge it
    (and gives the same outcomes); an edit of derivation.py is judged again."""
    from gdgrade.grading import runner
    from gdgrade.grading.spec import load_spec

    demo = Path(str(resources.files("gdgrade.grading") / "data" / "demo" / "gradient-sign"))
    submission = tmp_path / "submission"
    submission.mkdir()
    for name in ("adaline.py", "derivation.py"):
        (submission / name).write_text((demo / name).read_text())
    spec = load_spec("adaline-gd")
    judged.clear()  # counted from here

    def derivation_outcomes():
        judged.clear()
        result = runner.grade_submission(
            str(submission), spec, visibilities=("public",), keep_derivation=True
        )
        return (
            {t.id: t.outcome for t in result.tests if t.id.startswith("derivation.")},
            [i for i in judged if i.startswith("derivation.")],
        )

    first, judged_first = derivation_outcomes()
    assert judged_first == ["derivation.gradient", "derivation.update"]
    second, judged_second = derivation_outcomes()
    assert judged_second == []
    assert second == first
    text = (submission / "derivation.py").read_text()
    (submission / "derivation.py").write_text(text + "\n# checked again\n")
    third, judged_third = derivation_outcomes()
    assert judged_third == ["derivation.gradient", "derivation.update"]
    assert third == first
