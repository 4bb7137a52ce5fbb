"""The gradient-vs-own-cost check when the cost itself cannot be used."""

import pytest

from gdgrade.grading.runner import grade_submission
from gdgrade.grading.spec import parse_spec

from ..zoo import CORRECT

GRAD = "    return -np.concatenate([[errors.sum()], X.T.dot(errors)])"
CASES = {
    "cost not written": (
        CORRECT.replace(
            "def cost(X, y, w):\n", "def cost(X, y, w):\n    raise NotImplementedError\n"
        ),
        "not-done",
        "cost is not done yet",
    ),
    "cost raises": (
        CORRECT.replace(
            "def cost(X, y, w):\n", "def cost(X, y, w):\n    raise ValueError('nope')\n"
        ),
        "failed",
        "ValueError: nope",
    ),
    "gradient of the wrong length": (
        CORRECT.replace(GRAD, "    return -X.T.dot(errors)"),
        "failed",
        "one entry per weight",
    ),
    "right": (CORRECT, "passed", ""),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_gradient_fd_says_what_stopped_it(case, tmp_path):
    source, status, words = CASES[case]
    (tmp_path / "adaline.py").write_text(source)
    spec = parse_spec(
        {"name": "fd", "checks": [{"id": "gradient_fd"}], "properties": {"max_examples": 4}}
    )
    outcome = grade_submission(str(tmp_path), spec, curve=False).tests[0].outcome
    assert outcome.status == status, outcome
    assert words in outcome.message
