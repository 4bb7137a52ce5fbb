"""The step counter of an update rule is taken off the weights, and only there."""

from __future__ import annotations

from gdgrade.grading.symbolic import check_update_answer
from gdgrade.grading.symbolic.interpret import render
from gdgrade.grading.symbolic.limits import DEFAULT_LIMITS
from gdgrade.grading.symbolic.read import _latex_pieces, read_math
from gdgrade.grading.symbolic.timesteps import unstaged, untimed
from gdgrade.reference import DEFAULT


def _change(text: str):
    """The last side of ``text``, read."""
    return read_math(text).statements[-1].sides[-1].parsed.expr


def test_the_marks_of_the_step_come_off_the_weights_and_the_rate():
    """``w^{t+1} = w^t - α^t Xᵀ(Xw^t - y)`` reads as ``w ≔ w - α Xᵀ(Xw - y)``."""
    timed = read_math(r"w^{t+1} = w^t - \alpha^t X^\top(Xw^t - y)")
    plain = read_math(r"w := w - \alpha X^\top(Xw - y)")
    assert timed.statements[0].rule and timed.statements[0].sides[0].role == "weight"
    assert timed.statements[0].sides[-1].parsed.expr == plain.statements[0].sides[-1].parsed.expr
    assert any("t counts the steps of the algorithm" in note for note in timed.notes)


def test_subscripts_and_brackets_count_steps_too():
    assert _change(r"\beta_{k+1} = \beta_k - \gamma X^\top(X\beta_k - y)") == _change(
        r"\beta := \beta - \gamma X^\top(X\beta - y)"
    )
    assert _change(r"\theta^{(k+1)} = \theta^{(k)} - \alpha X^\top(X\theta^{(k)} - y)") == (
        _change(r"\theta := \theta - \alpha X^\top(X\theta - y)")
    )


def test_only_the_weights_and_rates_lose_their_marks():
    """x^{(t)} keeps its superscript; a letter that runs a sum is never a step."""
    pieces, notes = untimed(_latex_pieces(r"w^{k+1} = w^k + \eta^{k} x^{(k)}", DEFAULT_LIMITS))
    assert notes and render(pieces[0].parts[1][2]) == "w + η x^{(k)}"
    verdict = check_update_answer(
        r"w^{t+1} = w^t + \eta \sum_t (y^{(t)} - \hat y^{(t)}) x_j^{(t)}", DEFAULT
    )
    assert not verdict.ok  # t runs the sum: not a step
    assert "counts the steps" not in verdict.message


def test_without_a_rule_nothing_is_a_step():
    """A weight marked s + 1 with no weight marked s after it is not a counted step."""
    verdict = check_update_answer(r"w^{t+1} = \eta \sum_i (y_i - \hat y_i) x_{ij}", DEFAULT)
    assert not verdict.ok
    assert "counts the steps" not in verdict.message


def test_one_sample_per_step_is_still_refused():
    """LMS's ``w(n+1) = w(n) + μ e(n) x(n)`` changes the weights once per sample."""
    verdict = check_update_answer(
        r"\mathbf{w}(n+1) = \mathbf{w}(n) + \mu \, e(n) \, \mathbf{x}(n)", DEFAULT
    )
    assert verdict.kind == "parse-error"
    verdict = check_update_answer(r"w^{t+1} = w^t + \eta (y_t - w^{t\top} x_t) x_t", DEFAULT)
    assert not verdict.ok


def test_new_and_old_weights_written_in_words_make_an_update_rule():
    """``w_j^{new} = w_j^{old} + …`` (and w_{new}, w_j(new), θ_j', ŵ) reads as ``w_j ≔ w_j + …``."""
    plain = _change(r"w_j := w_j + \eta \sum_i (y_i - \hat y_i) x_{ij}")
    for marked in (
        r"w_j^{new} = w_j^{old} + \eta \sum_i (y_i - \hat y_i) x_{ij}",
        r"w_j(new) = w_j(old) + \eta \sum_i (y_i - \hat y_i) x_{ij}",
        r"w_j' = w_j + \eta \sum_i (y_i - \hat y_i) x_{ij}",
        r"\hat{w}_j = w_j + \eta \sum_i (y_i - \hat y_i) x_{ij}",
    ):
        reading = read_math(marked)
        assert reading.statements[0].rule, marked
        assert reading.statements[0].sides[-1].parsed.expr == plain, marked
        assert any("is read as the new weight" in note for note in reading.notes), marked


def test_a_new_weight_not_written_from_the_old_one_is_left_alone():
    """Without the weight on the right, w^{new} is not an update rule, and no mark comes off."""
    pieces = _latex_pieces(r"w^{new} = \eta \sum_i (y_i - \hat y_i) x_{ij}", DEFAULT_LIMITS)
    out, notes = unstaged(pieces)
    assert not notes and out == pieces
    verdict = check_update_answer(r"w^{new} = \eta \sum_i (y_i - \hat y_i) x_{ij}", DEFAULT)
    assert not verdict.ok and "new weight" not in verdict.message


def test_a_prime_elsewhere_is_still_a_transpose():
    """Only the primed weight on the left of a rule is the new weight: X'(Xw - y) is Xᵀ(Xw - y)."""
    pieces = _latex_pieces(r"w' = w - \eta X'(Xw - y)", DEFAULT_LIMITS)
    out, notes = unstaged(pieces)
    assert notes == ["w' is read as the new weight and w on the right as the current one"]
    assert render(out[0].parts[1][2]) == render(pieces[0].parts[1][2])
