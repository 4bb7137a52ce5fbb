"""Edition presets: textbook classes of both editions graded as instructors wrote them."""

import pytest

from gdgrade.grading.registry import known_check_ids
from gdgrade.grading.runner import grade_submission
from gdgrade.grading.spec import parse_spec

from .editions import CASES, SECOND, THIRD, edit

pytestmark = pytest.mark.slow

CLASSES = ["AdalineGD", {"name": "AdalineSGD", "training": "sgd"}]


def spec_for(preset: str, **learner):
    ids = sorted(
        i
        for i in known_check_ids(["AdalineGD", "AdalineSGD"])
        if "." in i
        and not i.startswith("derivation")
        and not (i.startswith("AdalineGD.") and i.split(".")[1] in ("shuffle", "partial_fit"))
    )
    data = {
        "name": f"edition-{preset}",
        "preset": preset,
        "classes": CLASSES,
        "checks": [{"id": i} for i in ids],
        "properties": {"max_examples": 8},
    }
    if learner:
        data["learner"] = learner
    return parse_spec(data)


def grade(tmp_path, source, spec):
    folder = tmp_path / "submission"
    folder.mkdir(exist_ok=True)
    (folder / "adaline.py").write_text(source)
    return grade_submission(str(folder), spec, curve=False)


def test_presets_set_the_conventions_and_names():
    second, third = spec_for("textbook-2"), spec_for("textbook-3")
    assert (second.convention.loss, second.convention.labels, second.convention.bias) == (
        "half_sse",
        "pm1",
        "w0",
    )
    assert (third.convention.loss, third.convention.labels, third.convention.bias) == (
        "mse",
        "01",
        "separate",
    )
    assert second.learner.history == ("cost_",) and third.learner.history == ("losses_",)
    explicit = parse_spec(
        {
            "name": "x",
            "preset": "textbook-3",
            "convention": {"labels": "pm1"},
            "checks": [{"id": "cost"}],
        }
    )
    assert explicit.convention.labels == "pm1" and explicit.convention.loss == "mse"


@pytest.mark.parametrize("case", sorted(CASES))
def test_edition_classes(case, tmp_path):
    source, preset, check_id, mistake = CASES[case]
    learner = {"history": ["losses_", "loss_history_"]} if "renamed" in case else {}
    result = grade(tmp_path, source, spec_for(preset, **learner))
    failed = {t.id: t.outcome for t in result.tests if not t.outcome.ok}
    if check_id is None:
        assert not failed, {k: v.message for k, v in failed.items()}
        assert result.score == result.max_score
        return
    assert check_id in failed, (case, {k: v.message for k, v in failed.items()})
    assert failed[check_id].mistake == mistake, (case, failed[check_id])
    assert failed[check_id].hint


def test_an_unmappable_hyperparameter_costs_only_the_checks_that_need_it(tmp_path):
    source = edit(
        SECOND,
        (
            "def __init__(self, eta=0.01, n_iter=50, random_state=1):\n        self.eta = eta",
            "def __init__(self, n_iter=50, random_state=1):\n        self.eta = 0.01",
        ),
    )
    result = grade(tmp_path, source, spec_for("textbook-2"))
    by_id = {t.id: t.outcome for t in result.tests}
    message = by_id["AdalineGD.one_more_epoch"].message
    assert "no parameter for the learning rate" in message and "eta, learning_rate" in message
    assert "n_iter, random_state" in message
    failed = {i for i, o in by_id.items() if not o.ok and i.startswith("AdalineGD.")}
    assert failed == {
        "AdalineGD.one_more_epoch",
        "AdalineGD.hyperparameters",
        "AdalineGD.converges",
    }, {i: by_id[i].message for i in failed}


def test_without_adapting_the_preset_names_are_required(tmp_path):
    renamed = CASES["3rd edition, renamed hyperparameters and history"][0]
    result = grade(tmp_path, renamed, spec_for("textbook-3", adapt=False))
    assert result.score < result.max_score


def test_a_failing_import_time_script_is_reported_and_the_classes_still_graded(tmp_path):
    script = SECOND + (
        "\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()\n"
        "open('iris.data').read()\n"  # a data file that is not there
    )
    strict = grade(tmp_path, script, spec_for("textbook-2", allow_partial_import=False))
    assert strict.score == 0 and any("could not be imported" in p for p in strict.problems)
    assert {t.outcome.status for t in strict.tests} == {"not-graded"}
    lenient = grade(tmp_path, script, spec_for("textbook-2"))  # the default
    assert lenient.score == lenient.max_score
    assert any("failed when the file was imported, at line" in p for p in lenient.problems)


def test_the_class_summary_names_the_convention(tmp_path):
    result = grade(tmp_path, THIRD, spec_for("textbook-2"))
    assert any("mean squared error (mse)" in p for p in result.problems), result.problems


@pytest.mark.parametrize(
    ("name", "broken", "mistake"),
    [
        ("correct", None, None),
        (
            "batch_size ignored: one update per epoch",
            (
                "self.batch_size = batch_size",
                "self.batch_size = 10**9",
            ),
            "batch-updates",
        ),
    ],
)
def test_a_minibatch_learner_is_graded_by_its_convention(tmp_path, name, broken, mistake):
    from .editions import MINIBATCH

    source = edit(MINIBATCH, broken) if broken else MINIBATCH
    cls = "AdalineMiniBatchGD"
    ids = [
        f"{cls}.{p}"
        for p in (
            "returns_self",
            "cost_history",
            "one_more_epoch",
            "hyperparameters",
            "deterministic",
            "shuffle",
        )
    ]
    the_spec = parse_spec(
        {
            "name": "mini",
            "preset": "textbook-2",
            "classes": [{"name": cls, "training": "minibatch", "batch_size": 2}],
            "checks": [{"id": i} for i in ids],
            "properties": {"max_examples": 8},
        }
    )
    result = grade(tmp_path, source, the_spec)
    failed = {t.id: t.outcome for t in result.tests if not t.outcome.ok}
    if mistake is None:
        assert not failed, {k: v.message for k, v in failed.items()}
    else:
        assert failed[f"{cls}.one_more_epoch"].mistake == mistake, failed
