"""Definitions written before they are used are put in place; labels are taken off."""

from __future__ import annotations

import itertools

from gdgrade.grading.symbolic import check_gradient_answer, check_steps, check_update_answer
from gdgrade.grading.symbolic.define import MAX_PLACED
from gdgrade.grading.symbolic.read import read_math
from gdgrade.reference import Convention

MSE_B = Convention(loss="mse", bias="separate")


def _value(text: str):
    return read_math(text).statements[-1].sides[-1].parsed.expr


def test_a_definition_is_the_tree_it_names():
    """``e = y - Xw`` then ``-X^T e`` reads exactly as ``-X^T(y - Xw)``."""
    assert _value(r"e = y - Xw \\ -X^T e") == _value(r"-X^T(y - Xw)")
    assert _value(r"e_i = y_i - \hat y_i \\ -\sum_i e_i x_{ij}") == _value(
        r"-\sum_i (y_i - \hat y_i) x_{ij}"
    )
    assert _value(r"h(x) = w^T x \\ \sum_i (h(x^{(i)}) - y^{(i)}) x_j^{(i)}") == _value(
        r"\sum_i (w^T x^{(i)} - y^{(i)}) x_j^{(i)}"
    )


def test_the_index_letters_of_a_definition_follow_its_use():
    """``δ_k`` defined with k, used with i: ``δ_i`` is ``y^i - w·x^i``."""
    verdict = check_gradient_answer(
        r"\delta_k = y^k - \mathbf{w} \cdot \mathbf{x}^k \\ \frac{\partial E}{\partial w_i} "
        r"= -2 \sum_{k=1}^{N} \delta_k x_i^k",
        Convention(loss="sse"),
    )
    assert verdict.ok, verdict.message
    assert "δ_k is read as defined" in verdict.message


def test_a_wrong_definition_makes_the_answer_wrong():
    """Reading more never accepts more: ŷ defined as Xw - b is not the prediction."""
    answer = r"\hat{y} = Xw - b \\ \frac{\partial J}{\partial w} = \frac{2}{n}X^T(\hat{y} - y)"
    assert not check_gradient_answer(answer, MSE_B).ok
    assert check_gradient_answer(answer.replace("Xw - b", "Xw + b"), MSE_B).ok


def test_a_name_nothing_uses_after_is_a_label():
    assert check_gradient_answer("g = X^T(Xw - y)").ok
    assert check_gradient_answer(r"\text{grad} = X^T(Xw - y)").ok
    verdict = check_update_answer("delta_w_j = eta * sum_i (y_i - yhat_i) * x_ij")
    assert verdict.ok, verdict.message


def test_an_undefined_name_is_said_undefined():
    verdict = check_gradient_answer(r"-X^T e")
    assert verdict.kind == "unknown-symbol"
    assert "e is not defined in this answer" in verdict.message


def test_the_cost_written_first_is_the_cost_differentiated_after():
    right = (
        r"J(w) = \frac{1}{2}\sum_i (y_i - \hat y_i)^2 \\ "
        r"\frac{\partial J}{\partial w_j} = -\sum_i (y_i - \hat y_i) x_{ij}"
    )
    assert check_gradient_answer(right).ok
    # a cost without the 1/2 and the gradient of the cost with it: the chain is not equal
    wrong = right.replace(r"\frac{1}{2}\sum_i (y_i - \hat y_i)^2", r"\sum_i (y_i - \hat y_i)^2")
    verdict = check_gradient_answer(wrong)
    assert not verdict.ok and "the side" in verdict.message


def test_definitions_serve_the_lines_after_them_in_a_derivation():
    lines = [
        r"e = y - Xw",
        r"\frac{\partial J}{\partial w_j} = \frac{\partial}{\partial w_j}\frac{1}{2}\sum_i e_i^2",
        r"= \sum_i e_i \frac{\partial e_i}{\partial w_j}",
        r"= -\sum_i e_i x_{ij}",
    ]
    verdict = check_steps(lines)
    assert verdict.ok, verdict.message
    assert "each of the 4 steps" in verdict.message  # the definition is not a step
    assert "Read with these assumptions: e is read as defined: e = y - Xw" in verdict.message


def test_one_reading_of_the_letters_for_every_line_of_a_derivation():
    """m bounds the sum in the first line only; the last line's 1/m is the same count."""
    lines = [
        r"\frac{\partial J}{\partial \theta_j} = \frac{\partial}{\partial \theta_j}"
        r"\frac{1}{2m}\sum_{i=1}^{m}(h_\theta(x^{(i)}) - y^{(i)})^2",
        r"= \frac{1}{m}\sum_{i}(h_\theta(x^{(i)}) - y^{(i)})\frac{\partial}{\partial \theta_j}"
        r"h_\theta(x^{(i)})",
        r"= \frac{1}{m}\sum_{i}(h_\theta(x^{(i)}) - y^{(i)}) x_j^{(i)}",
    ]
    verdict = check_steps(lines, Convention(loss="half_mse"))
    assert verdict.ok, verdict.message
    said = verdict.message.split("Read with these assumptions:")[1]
    assert "m bounds the sum over the samples" in said
    assert "θ is read as the weights w" in said


def test_definitions_that_double_at_every_line_are_refused():
    """``v1 = v0 + v0``, ``v2 = v1 + v1``, …: 2^45 copies if put in place; refused."""
    names = [f"v{k}" for k in range(45)]
    lines = [r"\text{v0} = y_1 + y_1"]
    lines += [rf"\text{{{b}}} = \text{{{a}}} + \text{{{a}}}" for a, b in itertools.pairwise(names)]
    lines += [rf"-\sum_i \text{{{names[-1]}}} x_{{ij}}"]
    verdict = check_steps(lines)
    assert verdict.kind == "too-complex"
    assert "definitions, put in place where they are used" in verdict.message
    assert MAX_PLACED < 2**45


def test_a_worked_out_derivative_is_put_in_place_where_the_step_uses_it():
    """``w := w - η∇J`` with ``∇J = Xᵀ(Xw - y)`` (before or after, or in a where clause): the
    step is judged with the gradient put in, and the gradient is judged too."""

    for text in (
        r"\nabla J = X^T(Xw - y) \\ w := w - \eta \nabla J",
        r"w := w - \eta \nabla J \\ \nabla J = X^T(Xw - y)",
        r"w_j \leftarrow w_j - \eta \frac{\partial J}{\partial w_j}, \text{ where } "
        r"\frac{\partial J}{\partial w_j} = -\sum_i (y_i - \hat y_i) x_{ij}",
        r"w_j := w_j + \Delta w_j \text{ where } \Delta w_j = \eta \sum_i (y_i - \hat y_i) x_{ij}",
    ):
        verdict = check_update_answer(text, Convention())
        assert verdict.ok, (text, verdict.message)
        assert "is read as worked out in" in verdict.message
    assert check_gradient_answer(
        r"\nabla J = X^T(Xw - y) \\ w := w - \eta \nabla J", Convention()
    ).ok
    wrong = check_update_answer(r"\nabla J = X^T(y - Xw) \\ w := w - \eta \nabla J", Convention())
    assert not wrong.ok


def test_a_derivative_not_worked_out_is_not_put_in_place():
    """``∇J = ∇_w ½‖y - Xw‖²`` says nothing new: it is not put in the step, which is not
    accepted."""
    from gdgrade.grading.symbolic import check_update_answer

    verdict = check_update_answer(
        r"\nabla J = \nabla_w \frac{1}{2}\|y - Xw\|^2 \\ w := w - \eta \nabla J", Convention()
    )
    assert not verdict.ok and "worked out in" not in verdict.message
