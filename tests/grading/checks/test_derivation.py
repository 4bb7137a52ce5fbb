"""The derivation checks inside the grader: answers read with ast, judged symbolically."""

import pytest

from gdgrade.grading.runner import grade_submission
from gdgrade.grading.spec import parse_spec

from ..symbolic.table import SLOW

RIGHT_GRADIENT = "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
RIGHT_UPDATE = "eta*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
STEPS = [
    "Derivative(Rational(1, 2)*Sum((y[i] - phi(z[i]))**2, (i, 1, n)), w[j])",
    "Sum((y[i] - phi(z[i]))*(-x[i, j]), (i, 1, n))",
    "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))",
]
CUSTOM = "Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))/n"


def spec(**extra):
    return parse_spec(
        {
            "name": "derivation-only",
            "checks": [
                {"id": "derivation.gradient"},
                {"id": "derivation.update"},
                {"id": "derivation.steps"},
            ],
            **extra,
        }
    )


def grade(tmp_path, source, the_spec=None):
    (tmp_path / "derivation.py").write_text(source)
    return {t.id: t.outcome for t in grade_submission(str(tmp_path), the_spec or spec()).tests}


def test_right_answers_pass(tmp_path):
    out = grade(
        tmp_path, f"gradient = {RIGHT_GRADIENT!r}\nupdate = {RIGHT_UPDATE!r}\nsteps = {STEPS!r}\n"
    )
    assert all(o.ok for o in out.values()), out


def test_a_known_mistake_is_named(tmp_path):
    out = grade(tmp_path, f"gradient = {RIGHT_GRADIENT.lstrip('-')!r}\n")
    assert out["derivation.gradient"].status == "failed"
    assert out["derivation.gradient"].mistake == "derivation:sign-flipped"
    assert out["derivation.update"].status == "not-done"


def test_code_in_the_derivation_is_never_run(tmp_path):
    marker = tmp_path / "ran"
    out = grade(
        tmp_path,
        f"import os\nos.system('touch {marker}')\n"
        f"gradient = __import__('os').system('touch {marker}')\n",
    )
    assert not marker.exists()
    assert out["derivation.gradient"].status == "not-done"


@pytest.mark.parametrize("target", ["gradient", "update"])
def test_an_instructors_mistake_from_the_spec_is_named(tmp_path, target):
    the_spec = spec(
        mistakes=[
            {
                "id": "mean-no-sign",
                "expression": CUSTOM,
                "message": "you took the mean and lost the sign",
            }
        ]
    )
    answer = CUSTOM if target == "gradient" else f"-eta*({CUSTOM})"
    out = grade(tmp_path, f"{target} = {answer!r}\n", the_spec)
    assert out[f"derivation.{target}"].mistake == "derivation:mean-no-sign", out


# -- issue 10: budgets that add up, and no steps' points without a derivation ----------------


def test_an_answer_too_complex_to_check_in_time_is_withheld_not_failed(tmp_path):
    the_spec = spec(derivation={"seconds": 1.0})
    source = f"gradient = {SLOW!r}\nupdate = {RIGHT_UPDATE!r}\nsteps = {STEPS!r}\n"
    out = grade(tmp_path, source, the_spec)
    gradient = out["derivation.gradient"]
    assert gradient.status == "error" and gradient.mistake is None
    assert "too complex to check within 1 s" in gradient.message
    for name in ("update", "steps"):  # the one budget was spent: said so, withheld too
        assert out[f"derivation.{name}"].status == "error"
        assert "ran out while checking dJ/dw_j" in out[f"derivation.{name}"].message


def test_steps_without_a_derivation_earn_nothing(tmp_path):
    """Was: the steps' points for `Derivative(J, w[j])` followed by the answer."""
    source = f"steps = {['Derivative(J, w[j])', RIGHT_GRADIENT]!r}\n"
    out = grade(tmp_path, source)
    assert out["derivation.steps"].status == "failed"
    assert "must write the cost out" in out["derivation.steps"].message


def test_the_spec_sets_the_steps_required(tmp_path):
    short = [STEPS[0], STEPS[-1]]
    out = grade(tmp_path, f"steps = {short!r}\n")
    assert out["derivation.steps"].status == "failed"
    assert "write at least 1 step" in out["derivation.steps"].message
    out = grade(tmp_path, f"steps = {short!r}\n", spec(derivation={"min_steps": 0}))
    assert out["derivation.steps"].ok
    out = grade(tmp_path, f"steps = {STEPS!r}\n", spec(derivation={"min_steps": 2}))
    assert "write at least 2 steps" in out["derivation.steps"].message


def test_a_wrong_answer_that_vanishes_for_small_n_is_failed(tmp_path):
    """Was: judged right, equality being checked only for n <= 4."""
    answer = RIGHT_GRADIENT + " + Sum(y[k]*x[k, j], (k, 5, n))"
    out = grade(tmp_path, f"gradient = {answer!r}\n")
    assert out["derivation.gradient"].status == "failed"
    assert "at n = 5" in out["derivation.gradient"].message
