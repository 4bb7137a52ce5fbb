"""The derivation checks inside the grader: answers read with ast, judged symbolically."""

import pytest

from gdgrade.grading.runner import grade_submission
from gdgrade.grading.spec import parse_spec

RIGHT_GRADIENT = "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
RIGHT_UPDATE = "eta*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
STEPS = [
    "Derivative(Rational(1, 2)*Sum((y[i] - phi(z[i]))**2, (i, 1, n)), w[j])",
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
