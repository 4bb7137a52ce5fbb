"""The catalogue of mistakes and the instructor's entries from the spec."""

from __future__ import annotations

import pytest
from sympy import Sum

from gdgrade.grading.symbolic import (
    CATALOGUE,
    SpecError,
    catalogue,
    check_gradient_answer,
    check_update_answer,
    mistake_from_spec,
    reference,
)
from gdgrade.grading.symbolic import notation as nt
from gdgrade.reference import DEFAULT, Convention

G = "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"


def test_entries_are_built_from_the_reference_not_typed():
    half, sse = reference(DEFAULT), reference(Convention(loss="sse"))
    entry = {m.id: m for m in CATALOGUE}["sign-flipped"]
    assert entry.expression(half) == -half.gradient
    assert entry.expression(sse) == -sse.gradient
    missing = {m.id: m for m in CATALOGUE}["missing-x"].expression(half)
    assert missing == -Sum(nt.y[nt.i] - nt.phi(nt.z[nt.i]), (nt.i, 1, nt.n))


def test_entries_follow_the_convention():
    ids = {m.id for m, _ in catalogue(DEFAULT, "gradient", reference(DEFAULT))}
    assert "forgot-half" in ids and "used-mean" in ids and "forgot-mean" not in ids
    mse = Convention(loss="mse")
    ids = {m.id for m, _ in catalogue(mse, "gradient", reference(mse))}
    assert "forgot-half" not in ids and "forgot-mean" in ids


def test_messages_do_not_give_the_answer_away():
    for mistake in CATALOGUE:
        assert reference(DEFAULT).gradient not in (mistake.message,)
        assert nt.show(reference(DEFAULT).gradient) not in mistake.message


def test_an_instructors_entry_is_matched():
    tripled = mistake_from_spec(
        "tripled", "-3*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))", "Where does the 3 come from?"
    )
    verdict = check_gradient_answer(
        "3*Sum((phi(z[i]) - y[i])*x[i, j], (i, 1, n))", extra_mistakes=[tripled]
    )
    assert (verdict.kind, verdict.mistake) == ("wrong", "tripled")
    assert verdict.message.startswith("Where does the 3 come from?")


def test_an_instructors_entry_in_latex_with_a_free_index():
    entry = mistake_from_spec("no-sum-no-x", r"-(y^{(i)} - \phi(z^{(i)}))", "Two things missing.")
    verdict = check_gradient_answer("-(y[k] - z[k])", extra_mistakes=[entry])
    assert (verdict.kind, verdict.mistake) == ("free-index", "no-sum-no-x")


def test_an_instructors_entry_replaces_a_builtin_one():
    mine = mistake_from_spec("sign-flipped", G[1:], "Mind the sign of the inner derivative.")
    verdict = check_gradient_answer(G[1:], extra_mistakes=[mine])
    assert verdict.mistake == "sign-flipped"
    assert verdict.message.startswith("Mind the sign")


def test_an_update_entry():
    entry = mistake_from_spec("half-eta", "eta/2*" + G[1:], "Why eta/2?", target="update")
    assert check_update_answer("eta*" + G[1:] + "/2", extra_mistakes=[entry]).mistake == "half-eta"


def test_entries_from_the_spec_compare_by_value():
    a = mistake_from_spec("a", "2*eta", "m")
    assert a == mistake_from_spec("a", "2*eta", "m")
    assert a != mistake_from_spec("a", "3*eta", "m")


@pytest.mark.parametrize(
    ("args", "kwargs", "says"),
    [
        (("", G, "m"), {}, "'id' must be a non-empty string"),
        (("a", G, ""), {}, "'message' must be a non-empty string"),
        (("a", G, "m"), {"target": "steps"}, "'target' must be one of"),
        (("a", "-Sum(x[i, j], (i, 1, n)", "m"), {}, "does not read at column 5"),
        (("a", "kappa", "m"), {}, "unknown symbol 'κ'"),
        (("a", "   ", "m"), {}, "empty"),
        (("a", 3, "m"), {}, "'expression' must be a string"),
    ],
)
def test_spec_errors_are_raised_early(args, kwargs, says):
    with pytest.raises(SpecError) as raised:
        mistake_from_spec(*args, **kwargs)
    assert says in str(raised.value)
