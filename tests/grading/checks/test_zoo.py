"""The grader against the zoo: every wrong submission caught by the right check, with its
hint; every right one (written differently) given full marks."""

import dataclasses

import pytest

from gdgrade.grading.runner import grade_submission
from gdgrade.grading.spec import load_spec

from ..zoo import RIGHT, WRONG, wrong_source

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def code_spec():
    """The bundled assignment's code checks (the derivation has its own tests)."""
    spec = load_spec("adaline-gd")
    checks = tuple(c for c in spec.checks if not c.id.startswith("derivation"))
    return dataclasses.replace(spec, checks=checks)


def _grade(tmp_path, source, spec):
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "adaline.py").write_text(source)
    return grade_submission(str(folder), spec, curve=False)


@pytest.mark.parametrize("name", sorted(WRONG))
def test_each_wrong_submission_is_caught_by_its_check_with_its_hint(name, tmp_path, code_spec):
    _, check_id, mistake = WRONG[name]
    result = _grade(tmp_path, wrong_source(name), code_spec)
    by_id = {t.id: t for t in result.tests}
    caught = by_id[check_id]
    assert caught.outcome.status == "failed", (name, caught.outcome)
    assert caught.points == 0
    assert caught.outcome.mistake == mistake, (name, caught.outcome.message, caught.outcome.hint)
    assert caught.outcome.hint
    assert result.score < result.max_score


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_each_right_submission_gets_full_marks(name, tmp_path, code_spec):
    result = _grade(tmp_path, RIGHT[name], code_spec)
    failed = {t.id: t.outcome.message for t in result.tests if not t.outcome.ok}
    assert not failed, failed
    assert result.score == result.max_score > 0


@pytest.mark.parametrize(
    "wrong_gradient", ["gradient-sign", "gradient-forgot-half", "gradient-mean"]
)
def test_a_right_update_calling_a_wrong_gradient_is_sent_to_the_gradient(
    wrong_gradient, tmp_path, code_spec
):
    """Not "this is gradient ascent": update is right, its gradient is not (issue 12, 8)."""
    if wrong_gradient not in WRONG:
        pytest.skip(f"no {wrong_gradient} in the zoo")
    assert "return w - eta * gradient(X, y, w)" in wrong_source(wrong_gradient)
    by_id = {t.id: t for t in _grade(tmp_path, wrong_source(wrong_gradient), code_spec).tests}
    update = by_id["update"].outcome
    assert update.status == "failed"
    assert update.mistake == "update-follows-wrong-gradient", (update.mistake, update.hint)
    assert update.hint.startswith("update itself is right")
    assert "ascent" not in (update.hint or "")
    assert by_id["gradient"].outcome.mistake not in (None, "update-follows-wrong-gradient")


def test_an_update_that_is_wrong_on_its_own_keeps_its_hint(tmp_path, code_spec):
    by_id = {t.id: t for t in _grade(tmp_path, wrong_source("update-ascent"), code_spec).tests}
    assert by_id["update"].outcome.mistake == "update-ascent"
