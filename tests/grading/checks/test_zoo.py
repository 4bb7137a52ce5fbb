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
