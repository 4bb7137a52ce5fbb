from pathlib import Path

import pytest

from gdgrade.grading.cli import main
from gdgrade.grading.spec import (
    DEFAULT_ASSIGNMENT,
    SpecError,
    available_assignments,
    load_spec,
    parse_spec,
)

MINIMAL = {"name": "x", "checks": [{"id": "gradient", "points": 2}]}


def test_the_bundled_default_assignment_loads():
    spec = load_spec(DEFAULT_ASSIGNMENT)
    assert DEFAULT_ASSIGNMENT in available_assignments()
    assert spec.convention.loss == "half_sse" and spec.convention.labels == "pm1"
    assert [c.name for c in spec.classes] == ["AdalineGD", "LinearRegressionGD"]
    assert spec.classes[1].labels == "real"
    assert "gdgrade" in spec.forbidden_imports
    assert spec.max_score == sum(c.points for c in spec.checks) > 0
    assert {c.visibility for c in spec.checks} == {"public", "hidden"}


def test_a_spec_can_be_loaded_from_a_path(tmp_path):
    (tmp_path / "assignment.toml").write_text('name = "mine"\n[[checks]]\nid = "cost"\n')
    assert load_spec(tmp_path).name == "mine"
    assert load_spec(tmp_path / "assignment.toml").checks[0].points == 1.0


def test_an_unknown_assignment_lists_the_bundled_ones():
    with pytest.raises(SpecError, match=r"no assignment 'nope'.*adaline-gd"):
        load_spec("nope")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"checks": [{"id": "gradiant"}]}, "'id' must be a known check"),
        ({"checks": [{"id": "cost", "visibility": "secret"}]}, "'visibility' must be one of"),
        ({"checks": [{"id": "cost", "points": -1}]}, "'points' must be a number >= 0"),
        ({"checks": [{"id": "cost", "weight": 1}]}, "unknown key"),
        ({"checks": []}, "no \\[\\[checks\\]\\]"),
        ({"checks": [{"id": "cost"}, {"id": "cost"}]}, "listed twice"),
        ({"convention": {"loss": "l1"}}, "'loss' must be one of"),
        ({"name": 3}, "'name' must be a str"),
        ({"classes": [{"name": "A", "labels": "yes"}]}, "'labels' must be one of"),
        ({"tolerances": {"rtol": 1e-6, "typo": 1}}, "unknown key"),
        ({"derivation": {"min_steps": 1.5}}, r"\[derivation\] 'min_steps' must be a whole"),
        ({"derivation": {"min_steps": -1}}, "'min_steps' must be between 0 and 20"),
        ({"derivation": {"min_steps": True}}, "'min_steps' must be a whole number"),
        ({"derivation": {"seconds": 0}}, "'seconds' must be a positive number"),
        ({"derivation": {"seconds": "10"}}, "'seconds' must be a number \\(got the string '10'\\)"),
        ({"derivation": {"time": 3}}, "unknown key"),
        ({"derivation": 3}, r"\[derivation\] must be a table \(got 3\)"),
    ],
)
def test_instructor_mistakes_raise_a_spec_error_naming_the_key(change, message):
    with pytest.raises(SpecError, match=message):
        parse_spec({**MINIMAL, **change})


def test_the_derivation_table_sets_the_budget_and_the_steps_required():
    spec = parse_spec({**MINIMAL, "derivation": {"seconds": 2.5, "min_steps": 2}})
    assert (spec.derivation.seconds, spec.derivation.min_steps) == (2.5, 2)
    default = parse_spec(MINIMAL).derivation
    assert (default.seconds, default.min_steps) == (10.0, 1)


def test_class_checks_exist_only_for_named_classes():
    with pytest.raises(SpecError, match="known check"):
        parse_spec({**MINIMAL, "checks": [{"id": "AdalineSGD.returns_self"}]})
    spec = parse_spec(
        {**MINIMAL, "classes": ["AdalineSGD"], "checks": [{"id": "AdalineSGD.returns_self"}]}
    )
    assert spec.checks[0].id == "AdalineSGD.returns_self"


def test_selected_filters_by_visibility():
    spec = load_spec(DEFAULT_ASSIGNMENT)
    public = spec.selected(("public",))
    assert public and all(c.visibility == "public" for c in public)
    assert len(spec.selected()) == len(spec.checks)


def test_notation_letters_are_validated():
    import tomllib

    from gdgrade.grading.spec import Notation, SpecError, parse_spec

    base = tomllib.loads(
        'name = "t"\n[[checks]]\nid = "derivation.gradient"\npoints = 1\n'
        '[notation]\nsamples = "m"\nfeatures = "n"\n'
    )
    assert parse_spec(base).notation == Notation(samples="m", features="n")
    for bad in ({"samples": "q"}, {"samples": "n", "features": "n"}, {"count": "n"}):
        with pytest.raises(SpecError, match=r"\[notation\]"):
            parse_spec({**base, "notation": bad})


# ---- one schema: every section, key and type (issue 12, item 3) --------------------------

BUNDLED = str(Path(__file__).parents[2] / "assignments" / "adaline-gd" / "assignment.toml")

BROKEN = [
    # (what the instructor wrote instead, the line of the bundled spec it replaces, the message)
    (
        'rtol = "1e-6"',
        "rtol = 1e-6",
        "[tolerances] 'rtol' must be a number (got the string '1e-6')"
        ": write rtol = 1e-6, no quotes",
    ),
    (
        'max_examples = "12"',
        "max_examples = 12",
        "[properties] 'max_examples' must be a whole number (got the string '12')",
    ),
    (
        'call_seconds = "5s"',
        "call_seconds = 5.0",
        "[limits] 'call_seconds' must be a number (got the string '5s'): write call_seconds = 5, "
        "no quotes and no unit",
    ),
    (
        "call_second = 5.0",
        "call_seconds = 5.0",
        "[limits] unknown key 'call_second': did you mean 'call_seconds'?",
    ),
    (
        "call_seconds = -1",
        "call_seconds = 5.0",
        "[limits] 'call_seconds' must be a positive number (got -1)",
    ),
    (
        "import_seconds = 0",
        "import_seconds = 20.0",
        "[limits] 'import_seconds' must be a positive number (got 0)",
    ),
    ("[tolerance]", "[tolerances]", ": unknown section [tolerance]: did you mean [tolerances]?"),
    (
        "forbiden_imports = ",
        "forbidden_imports = ",
        ": unknown key 'forbiden_imports': did you mean 'forbidden_imports'?",
    ),
    (
        'id = "gradeint"',
        'id = "gradient"',
        "[[checks]] #7 'id' must be a known check (got 'gradeint'): did you mean 'gradient'?",
    ),
    ('points = "2"', "points = 2", "[[checks]] #1 'points' must be a number (got the string '2')"),
    ("rtol = -1e-6", "rtol = 1e-6", "[tolerances] 'rtol' must be a number >= 0 (got -1e-06)"),
    (
        "max_examples = 0",
        "max_examples = 12",
        "[properties] 'max_examples' must be a whole number >= 1 (got 0)",
    ),
    (
        "max_examples = 12.5",
        "max_examples = 12",
        "[properties] 'max_examples' must be a whole number (got 12.5)",
    ),
    ('loss = "half-sse"', 'loss = "half_sse"', "[convention] 'loss' must be one of"),
    (
        '[learner]\nadapt = "yes"\n[properties]',
        "[properties]",
        "[learner] 'adapt' must be true or false (got the string 'yes')",
    ),
    (
        '[learner.hyperparameters]\netaa = "lr"\n[properties]',
        "[properties]",
        "[learner] hyperparameters: unknown hyperparameter 'etaa': did you mean 'eta'?",
    ),
    (
        "[notebook]\nadaline_cell = 'x'",
        "[notebook]",
        "[notebook] unknown key 'adaline_cell': did you mean 'adaline'?",
    ),
    (
        "[variants]\nlos = ['mse']\n[notebook]",
        "[notebook]",
        "[variants] unknown key 'los': did you mean 'loss'?",
    ),
    (
        "[variants]\nloss = ['mse', 'l1']\n[notebook]",
        "[notebook]",
        "[variants] 'loss' must be one of",
    ),
    (
        'classes = [3, "AdalineGD"]',
        'classes = ["AdalineGD", { name = "LinearRegressionGD", labels = "real" }]',
        "classes #1 must be a class name or a table",
    ),
    (
        "cpu_seconds = 2.5\n[tolerances]",
        "[tolerances]",
        "[limits] 'cpu_seconds' must be a whole number (got 2.5)",
    ),
    (
        "processes = 0\n[tolerances]",
        "[tolerances]",
        "[limits] 'processes' must be a positive number (got 0)",
    ),
    (
        '[[mistakes]]\nid = "m"\nexpression = "x"\n[properties]',
        "[properties]",
        "[[mistakes]] #1 'message' is missing (it is required)",
    ),
    (
        'preset = "textbook-4"\n[properties]',
        "[properties]",
        "'preset' must be one of ['textbook-2', 'textbook-3'] (got 'textbook-4')",
    ),
]


@pytest.mark.parametrize(
    ("wrote", "line", "message"),
    BROKEN,
    ids=[b[0].replace("\n", " ")[:30] for b in BROKEN],
)
@pytest.mark.parametrize("command", ["check", "grade"])
def test_a_broken_spec_is_one_line_exit_2_and_never_a_grade(
    tmp_path, capsys, monkeypatch, wrote, line, message, command
):
    text = Path(BUNDLED).read_text()
    assert line in text
    if line == "[properties]" and wrote.startswith("preset"):
        text = wrote.split("\n")[0] + "\n" + text  # a top-level key goes first
    else:
        text = text.replace(line, wrote, 1)
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "assignment.toml").write_text(text)
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "adaline.py").write_text("")
    monkeypatch.chdir(tmp_path)
    args = {
        "check": ["check", "work", "--assignment", "spec"],
        "grade": ["grade", "work", "--assignment", "spec", "--json", "out.json"],
    }[command]
    assert main(args) == 2
    out = capsys.readouterr()
    assert out.out == ""
    [line_out] = out.err.splitlines()  # one line, no traceback
    assert line_out.startswith("gdgrade: error: ")
    assert message in line_out
    assert not (tmp_path / "out.json").exists()


def test_every_key_of_every_section_is_known_and_a_typo_of_it_is_refused():
    """The schema is read off the dataclasses: each field a key, each misspelling refused."""
    from gdgrade.grading import schema
    from gdgrade.grading.spec import _sections

    sections = _sections()
    assert {"convention", "limits", "tolerances", "properties", "learner"} <= set(sections)
    for section, cls in sections.items():
        defaults = cls()
        for key in schema.keys_of(cls):
            value = getattr(defaults, key)
            if isinstance(value, tuple):
                value = list(value)
            if isinstance(value, dict):
                value = {k: list(v) for k, v in value.items()}
            if value is not None:  # TOML has no None: an unset key keeps it
                parse_spec({**MINIMAL, section: {key: value}})  # every key with its default
            typo = key[:-1] if len(key) > 3 else key + "x"
            with pytest.raises(SpecError, match=rf"unknown key '{typo}': did you mean '{key}'\?"):
                parse_spec({**MINIMAL, section: {typo: value}})


def test_a_dataclass_section_added_to_the_spec_is_validated_with_no_other_change(monkeypatch):
    """What another part adds (a ``[derivation]`` table, say) is checked like the rest."""
    import dataclasses

    from gdgrade.grading import spec as spec_module

    @dataclasses.dataclass(frozen=True)
    class DerivationOptions:
        min_steps: int = 2

    extended = dataclasses.make_dataclass(
        "AssignmentSpec",
        [("derivation", DerivationOptions, dataclasses.field(default=DerivationOptions()))],
        bases=(spec_module.AssignmentSpec,),
        frozen=True,
    )
    monkeypatch.setattr(spec_module, "AssignmentSpec", extended)
    assert parse_spec({**MINIMAL, "derivation": {"min_steps": 3}}).derivation.min_steps == 3
    with pytest.raises(SpecError, match="'min_steps' must be a whole number"):
        parse_spec({**MINIMAL, "derivation": {"min_steps": "3"}})
    with pytest.raises(SpecError, match="did you mean 'min_steps'"):
        parse_spec({**MINIMAL, "derivation": {"min_step": 3}})
