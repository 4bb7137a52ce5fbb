import pytest

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
        ({"derivation": {"min_steps": 1.5}}, r"\[derivation\]: 'min_steps' must be a whole"),
        ({"derivation": {"min_steps": -1}}, "'min_steps' must be between 0 and 20"),
        ({"derivation": {"min_steps": True}}, "'min_steps' must be a whole number"),
        ({"derivation": {"seconds": 0}}, "'seconds' must be a positive number"),
        ({"derivation": {"seconds": "10"}}, "'seconds' must be a positive number"),
        ({"derivation": {"time": 3}}, "unknown key"),
        ({"derivation": 3}, "'derivation' must be a dict"),
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
