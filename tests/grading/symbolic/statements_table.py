# ruff: noqa: E501  (a table of formulas: one row a line reads best)
r"""Gradient and update statements as public notes, books' notebooks, course pages, blogs and
Q&A answers write them, each with the verdict it must get.

Every row is the statement of one public source, retyped in our own typing (the same
mathematics; the source's address is in the comment above it), judged under the convention
that source states (its cost: ½ SSE, SSE, MSE or ½ MSE; its bias).  The wrong ones are
wrong as their authors wrote them (a sign, a 1/n, a 2, a bracket in the wrong place, one
sample instead of the sum); a few rows are a source's statement with one classic mistake
put in, marked "variant".  A statement the reader cannot read must be refused with a
message that says what was not understood; a wrong one must never be accepted.

``HELD_OUT`` were collected with the rest but not looked at while the reader was changed,
then measured once: 5 of the 8 right ones accepted, 2 of the 4 wrong ones rejected and 2
refused, no wrong one accepted; two right ones refused (``\mathbf{Xw}``, ``h(w \cdot
x[i])``) and one misread (``Cost'(θ)``, Lagrange's prime).  Those three are read since.

Run ``python tests/grading/symbolic/statements_table.py`` to print every verdict.
"""

from __future__ import annotations

from gdgrade.reference import Convention

from .table import Row  # one statement, its verdict, a piece of the message

SSE = Convention(loss="sse")
MSE = Convention(loss="mse")
HALF_MSE = Convention(loss="half_mse")
MSE_B = Convention(loss="mse", bias="separate")
HALF_MSE_B = Convention(loss="half_mse", bias="separate")

REFUSED = ("parse-error", "unknown-symbol")


TABLE = [
    # rasbt.github.io/mlxtend/user_guide/general_concepts/linear-gradient-derivative/ (φ(z)_A^{(i)})
    Row(
        r"\frac{\partial J}{\partial w_j} = - \sum_i \big(y^{(i)} - \phi(z)_{A}^{(i)}\big) x_{j}^{(i)}",
        says="is read as φ(z^{(i)})",
    ),
    Row(
        r"\frac{\partial J}{\partial w_j} = \sum_i \big(y^{(i)} - \phi(z)_{A}^{(i)}\big) x_{j}^{(i)}",
        "wrong",
        "sign-flipped",
    ),  # variant
    Row(
        r"-\sum_i (y_i - \phi(z)_i) x_{ij}", says="φ(z)_i is read as φ(z_i)"
    ),  # variant: the index under
    Row(
        r"-\sum_i (y_i - \phi(z)_i)^2 x_{ij}", "wrong", "error-squared"
    ),  # variant: the square stays a power
    # github.com/rasbt/mlxtend docs/sources/user_guide/general_concepts/gradient-optimization.md
    Row(
        r"\Delta w_j = -\eta \frac{\partial J}{\partial w_j} \\ = -\eta \sum_i (\text{target}^{(i)} - \text{output}^{(i)})(-x_{j}^{(i)}) \\ = \eta \sum_i (\text{target}^{(i)} - \text{output}^{(i)})x_{j}^{(i)}",
        target="update",
    ),
    Row(
        r"w_j := w_j + \Delta w_j, \quad \text{where } \Delta w_j = \eta \sum_i (\text{target}^{(i)} - \text{output}^{(i)}) x_j^{(i)}",
        target="update",
        says="Δw_j is read as worked out",
    ),
    Row(r"w_j := w_j + Δw_j where Δw_j = η Σ_i (y^(i) − ŷ^(i)) x_j^(i)", target="update"),
    Row(
        r"w_j := w_j + \Delta w_j, \text{ where } \Delta w_j = \eta (\text{target}^{(i)} - \text{output}^{(i)}) x_j^{(i)}",
        "free-index",
        "no-sum",
        target="update",
    ),  # its SGD rule, one sample
    # fliphtml5.com Fundamentals of Supervised Machine Learning, p. 288 (eqs 6.30, 6.31)
    Row(
        r"\frac{\partial L(\theta)}{\partial \theta_j} = -\sum_{i=1}^{N} (y_i - \theta^T x_i) x_{ij}"
    ),
    Row(
        r"\theta_j := \theta_j + \gamma \sum_{i=1}^{N} (y_i - \theta^T x_i) x_{ij}",
        target="update",
        says="γ is read as the learning rate",
    ),
    # laugh12321.cn 2019/03/09 Gradient_Descent (½ MSE; "1/m" and "." typed inline)
    Row(
        r"\frac{\partial J(\theta)}{\partial \theta_j} = 1/m\sum_{i=1}^{m}(h_\theta(x^{(i)}) - y^{(i)}).x_j^{(i)}",
        convention=HALF_MSE,
    ),
    Row(
        r"\theta_j := \theta_j - \alpha . (1/m .\sum_{i=1}^{m}(h_\theta(x^{(i)}) - y^{(i)}).x_j^{(i)})",
        target="update",
        convention=HALF_MSE,
    ),
    Row(
        r"\theta_j := \theta_j - \alpha . (1/m .\sum_{i=1}^{m}(h_\theta(x^{(i)}) - y^{(i)}).x_0^{(i)})",
        "wrong",
        "missing-x",
        target="update",
        convention=HALF_MSE,
    ),  # its typo: x_0 for every θ_j
    Row(
        r"\frac{\partial J(\theta)}{\partial \theta_j} = 1/m\sum_{i=1}^{m}(h(\theta^{(i)} - y^{(i)}).X_j^{(i)}",
        "parse-error",
        convention=HALF_MSE,
        says="expected ')'",
    ),  # its unclosed bracket
    # teach.sg/blog/gradient-descent-for-multiple-variables
    Row(
        r"\theta_j := \theta_j - \alpha \frac{1}{m} \sum\limits_{i=1}^{m} (h_\theta(x^{(i)}) - y^{(i)}) \cdot x_j^{(i)} \; \text{for j := 0..n}",
        target="update",
        convention=HALF_MSE,
    ),
    # septa97.com/2018/06/MSE-gradient (y_actual, y_prediction, samples 0..n-1)
    Row(
        r"-\frac{1}{n}\sum_{i=0}^{n-1}(y_{actual}^{(i)} - y_{prediction}^{(i)}) x_j^{(i)}",
        convention=HALF_MSE,
        says="y_{prediction}^{(i)} is read as the prediction",
    ),
    # github.com/fishitmo/Data-Science-Interview-Preparation (MSE, b separate: a chain)
    Row(
        r"\frac{\partial\,\mathrm{MSE}}{\partial w_j} = -\;\frac{2}{n}\sum_{i=1}^{n}x_{ij}\,(y_i - \hat y_i) = \frac{2}{n}\sum_{i=1}^{n}(\hat y_i - y_i)\,x_{ij}",
        convention=MSE_B,
    ),
    # math.techqa.club 2580076 (its cost and its gradient sum from i = 0 to n)
    Row(
        r"\frac{\partial f}{\partial w_j} = \frac{2}{n}\sum_{i=0}^n -x_{ij}(y_i - w^T x_i)",
        "wrong-range",
        convention=MSE,
        says="samples are numbered 1..n",
    ),
    # github.com/retiredbatmanforsale/lexai-fellowship (SSE, no ½)
    Row(
        r"\frac{\partial J}{\partial w_j} = -2 \sum_{i=1}^n x_{ij} \cdot \left( y_i - w^T x_i \right)",
        convention=SSE,
    ),
    # Géron, Hands-On ML, batch gradient descent (quoted in a Q&A of the Nemotron-CC-Math set)
    Row(
        r"\nabla_{\theta}\, \text{MSE}(\theta) = \dfrac{2}{m} X^T \cdot (X \cdot \theta - y)",
        convention=MSE,
    ),
    Row(
        r"\dfrac{\partial}{\partial \theta_{j}} MSE(\theta)= \dfrac{2}{m}\sum_{i=1}^{m}(\theta^T \cdot \boldsymbol{x}^{(i)}-y^{(i)})\cdot x^{(i)}",
        convention=MSE,
    ),
    Row(
        r"\dfrac{\partial}{\partial \theta_{j}} \text{MSE}(\theta) = \dfrac{2}{m}\sum_{i=1}^{m}(\theta^T \cdot \boldsymbol{x}^{(i)} - y^{(i)})",
        "wrong",
        "missing-x",
        convention=MSE,
    ),  # variant
    # crackedaicode.com/problems/mini-batch-training (B the batch size, x_batch)
    Row(
        r"\nabla w = \frac{-2}{B} x_{batch}^T (y_{batch} - \hat{y}_{batch})",
        convention=MSE,
        says="∇w is read as the gradient",
    ),
    Row(
        r"\nabla w = \frac{2}{B} x_{batch}^T (y_{batch} - \hat{y}_{batch})",
        "wrong",
        "sign-flipped",
        convention=MSE,
    ),  # variant
    # github.com/Snow0821/my-dl-library README (one sample, the sign lost, ŵ the new weight)
    Row(
        r"\frac{\partial L}{\partial w} = 2x(y - \hat y)",
        "free-index",
        convention=SSE,
        says="for one sample",
    ),
    Row(
        r"\hat w = w - 2\eta x (y - \hat y)",
        "free-index",
        target="update",
        convention=SSE,
        says="ŵ is read as the new weight",
    ),
    # github.com/fransis96jst/Multy_Layer_Perceptron README (Indonesian: baru = new, lama = old)
    Row(
        r"w_i(baru) = w_i(lama) + \alpha . (t - y) . x_i",
        "unknown-symbol",
        target="update",
        says="unknown symbol",
    ),
    # github.com/saliherdemk/ML-Papers-Implementations 1960-Adaline-Madaline (o the target)
    Row(r"w \leftarrow w + \eta (o-y)x", "free-index", target="update", says="for one sample"),
    # github.com/ashwinreddy/wiki Ordinary-least-squares.md (CS229's LMS rule)
    Row(
        r"\theta_j \leftarrow \theta_j + \alpha \sum_{i=1}^n \left( y^{(i)} - h_\theta(x^{(i)}) \right)x_{j}^{(i)}",
        target="update",
    ),
    Row(
        r"\theta_j \leftarrow \theta_j + \alpha \left( {y}^{(i)} - h_\theta\left( {x}^{(i)}\right) \right)x_{j}^{(i)}",
        "free-index",
        "no-sum",
        target="update",
    ),
    Row(
        r"\partial_{\theta_j} J(\theta) = \sum_{i=1}^n \left( h_\theta(x^{(i)}) - y^{(i)} \right) x_j^{(i)}"
    ),
    # github.com/zkhan122/ai-ml-da 1-linear-regression-cost-function README
    Row(
        r"\theta_j = \theta_j - \alpha \frac{1}{m} \sum_{i=1}^m \left( h_\theta(x^{(i)}) - y^{(i)}\right)x_j^{(i)} \qquad \text{simultaneously update } \theta_j \text{ for all } j",
        target="update",
        convention=HALF_MSE,
    ),
    # an LMS tutorial's docstring (code corpus): its gradient has the sign of the step
    Row(r"∇J(θ) = (1/n)X^T(y − Xθ)", "wrong", "sign-flipped", convention=HALF_MSE),
    Row(r"θ := θ - α (1/n) Xᵀ(Xθ − y)", target="update", convention=HALF_MSE),
    # github.com/kudouhei/data-analytics classification.md (w x_i written without a transpose)
    Row(
        r"\frac{\partial L}{\partial w_j} = \frac{2}{N}\sum_{i=1}^{N} (y_i - (wx_i + b))(-x_{ij})",
        convention=MSE_B,
    ),
    Row(
        r"\frac{\partial L}{\partial w_j} = -\frac{2}{N}\sum_{i=1}^{N} (y_i - (wx_i + b))x_{ij}",
        convention=MSE_B,
    ),
    # whosebug.com question 5531864 (½ MSE; its bracket closes twice)
    Row(r"sum[(h - y) . x)] / m", "parse-error", convention=HALF_MSE, says="unexpected ')'"),
    # mathhelpforum.com 48692 (ESL: RSS(β) = (y - Xβ)ᵀ(y - Xβ))
    Row(r"\frac{\partial RSS}{\partial \beta} = -2X^T(y-X\beta)", convention=SSE),
    Row(
        r"\frac{\partial RSS}{\partial \beta} = -2X(y-X\beta)^T",
        "parse-error",
        convention=SSE,
        says="the shapes do not fit",
    ),  # variant: the transpose misplaced
    # rfvasile.github.io/posts/experiments/linear_regression (a code comment)
    Row(r"dL/dw = -(2/n) X^T (y - y_hat)", convention=MSE),
    # notes.eecs245.org/gradients/gradient-vector (R_sq, \vec w)
    Row(
        r"\nabla R_\text{sq}(\vec w) = -\frac{2}{n} X^T(\vec y - X\vec w)",
        convention=MSE,
        says="R_{sq} is read as the cost J",
    ),
    Row(
        r"\nabla R_\text{sq}(\vec w) = -\frac{2}{n} X^T(X\vec w - \vec y)",
        "wrong",
        "sign-flipped",
        convention=MSE,
    ),  # variant
    # notebook.community qrsforever loss_functions (x^i without brackets; θ_j' the new weight)
    Row(
        r"\dfrac{\partial{J(\theta)}}{\partial{\theta_j}} = \dfrac{1}{m}\sum\limits_{i=1}^{m}\big[h_\theta(x^i) - y^i \big] x_j^i",
        convention=HALF_MSE,
    ),
    Row(
        r"\theta_j' = \theta_j - \alpha \dfrac{1}{m}\sum\limits_{i=1}^{m}\big[h_\theta(x^i) - y^i \big] x_j^i",
        target="update",
        convention=HALF_MSE,
        says="θ_j' is read as the new weight",
    ),
    # blog.shuang.li 2014/11/17 ML-summary (its bracket closes after x: only y is multiplied)
    Row(
        r"\theta_j := \theta_j - \alpha \frac{1}{m} \sum_{i=1}^m {\left(h_\theta \left( x ^ \left( i \right) \right) - y^\left( i \right) \cdot x_j^\left( i \right) \right)}",
        "wrong",
        target="update",
        convention=HALF_MSE,
    ),
    # a Coursera learner's question on regularised regression (Nemotron-CC-Math; λ term left out)
    Row(
        r"\frac{\partial}{\partial \theta_j} J(\theta) = \frac{1}{m} \left[ \sum_{i=1}^m (h_\theta(x^{(i)}) + y^{(i)}) x_j^{(i)} \right]",
        "wrong",
        convention=HALF_MSE,
    ),
    # github.com/weiliansong/MachineLearning Adaline notebook (δ for ∂, * for times)
    Row(r"\frac{\delta J}{\delta w_j}=-\sum_i(y^i-\phi(z^i))*x^i_j"),
    # github.com/MiroGasparek/Python_ML Adaline notes (the update's sign is the gradient's)
    Row(
        r"\Delta w_{j} = - \eta \sum_{i}{\left( y^{(i)} - \phi \left(z^{(i)} \right)  \right) x^{(i)}_{j}}",
        "wrong",
        "gradient-ascent",
        target="update",
    ),
    Row(
        r"\frac{\partial{J}}{\partial{w_{j}}} = - \sum_{i}{\left( y^{(i)} - \phi \left(z^{(i)} \right)  \right) x^{(i)}_{j}}"
    ),
    # jooonkim.github.io/ml/posts/daily/2025-11-28 (the gradient of one sample, its sign lost)
    Row(r"(target - net_input) * x", "free-index", says="for one sample"),
    Row(
        r"w += eta * (target - net_input) * x", "unknown-symbol", target="update", says="net_input"
    ),
    # devhubby.com how-to-use-gradient-descent-for-linear-regression (MSE, its 2 dropped)
    Row(
        r"\text{new\_weight} = \text{old\_weight} - \alpha \times \frac{1}{n} \times \sum ((\text{predicted\_value} - \text{actual\_value}) \times \text{input})",
        "wrong",
        "forgot-two",
        target="update",
        convention=MSE,
    ),
    Row(
        r"new_weight = old_weight - alpha * (1/n) * sum((predicted_value - actual_value) * input)",
        "unknown-symbol",
        target="update",
        convention=MSE,
        says="old_weight",
    ),
    # stats.stackexchange.com 501838 (a code comment: one sample's derivative, MSE)
    Row(r"-2x(y - (mx + b))", "free-index", convention=MSE, says="for one sample"),
    # alive-lumber-714.notion.site Optimization-Algorithms-Gradient-Descent (not worked out)
    Row(
        r"w_{\text{new}} = w_{\text{old}} - \alpha \frac{\partial}{\partial w}\text{Error}(w)",
        "unknown-symbol",
        target="update",
        says="Error",
    ),
    # the new and old weights written as words, as in the two sources above, worked out
    Row(
        r"w_j^{new} = w_j^{old} + \eta \sum_i (y_i - \hat y_i) x_{ij}",
        target="update",
        says="is read as the new weight",
    ),
    Row(
        r"w_j^{new} = w_j^{old} - \eta \sum_i (y_i - \hat y_i) x_{ij}",
        "wrong",
        "gradient-ascent",
        target="update",
    ),
    Row(r"w_{new} = w_{old} + \eta X^T (y - Xw_{old})", target="update"),
    Row(r"w_j(new) = w_j(old) + \eta \sum_i (y_i - \hat y_i) x_{ij}", target="update"),
    Row(
        r"theta_new = theta_old - alpha/m * X^T (X theta_old - y)",
        target="update",
        convention=HALF_MSE,
    ),
    # a gradient worked out, then the step written with it (mlxtend's Δw = -η∇J, Géron's θ - η∇MSE)
    Row(
        r"\nabla J = X^T(Xw - y) \\ w := w - \eta \nabla J",
        target="update",
        says="∇J is read as worked out",
    ),
    Row(
        r"\frac{\partial J}{\partial w_j} = \sum_i (y_i - \hat y_i) x_{ij} \\ \Delta w_j = -\eta \frac{\partial J}{\partial w_j}",
        "wrong",
        "gradient-ascent",
        target="update",
        says="is read as worked out",
    ),
]

HELD_OUT = [
    # errorhandle.ai stochastic-gradient-descent-for-linear-regression-on-partial-derivatives (½ MSE)
    Row(
        r"\frac{\partial J}{\partial w_j} = -\frac{1}{m} \sum_{i=1}^{m} (y_i - \hat{y}_i) x_{ij}",
        convention=HALF_MSE,
    ),
    Row(
        r"w_j := w_j + \alpha \cdot (y_i - \hat{y}_i) x_{ij}",
        "free-index",
        target="update",
        convention=HALF_MSE,
    ),  # one sample
    # cse.msu.edu/~cse449/spr98 Widrow-Hoff training method (incremental: one example e)
    Row(
        r"w[j] = w[j] + a*(d[e] - o[e])*x[j,e]",
        "parse-error",
        target="update",
        says="only x, y, w and z take indices in brackets",
    ),
    # paperzz.com delta learning rule (one pattern)
    Row(
        r"Winew = Wiold + α(t−Yin)Xi", "unknown-symbol", target="update", says="e is not defined"
    ),  # glued: W_i new, W_i old
    # github.com/GDSC-CPU/tf-workshop slides gradient-descent-2.md
    Row(r"\frac{\partial}{\partial{w}}J(w) = \frac{1}{m}X^T(Xw - y)", convention=HALF_MSE),
    Row(r"Cost'(θ) = 2X^TXθ - 2X^Ty", convention=SSE),
    # github.com/Kiotto-code/42KL_ft_linear_regression src/README.md (MSE, one feature)
    Row(r"dw = \frac{2}{n} \sum X_i \cdot (wX_i + b - y_i)", convention=MSE_B),
    Row(
        r"dw = \frac{1}{n} \sum X_i \cdot (\hat{y}_i - y_i)",
        "wrong",
        "forgot-two",
        convention=MSE_B,
    ),  # its 2 dropped
    # course notes in markdown (code corpus), one feature, ½ MSE
    Row(
        r"w=w-\alpha  \frac{1}{m} \sum_{i=1}^m(f_{w,b}(x^{(i)})-y^{(i)})x^{(i)}",
        target="update",
        convention=HALF_MSE_B,
    ),
    # sebastianraschka.com/faq/docs/mse-derivative.html (½ MSE, t the target, o the output)
    Row(
        r"\frac{\partial E}{\partial w_j} = - \frac{1}{n} \sum_{i=1}^{n} (t_i - o_i) x_{ij}",
        convention=HALF_MSE,
    ),
    # Nemotron-CC-Math: derivative of squared error with matrix-vector multiplication (½ SSE)
    Row(r"\nabla E(\mathbf{w}) = -\mathbf{X}^T \mathbf{y} + \mathbf{X}^T \mathbf{Xw}"),
    # Nemotron-CC-Math: David Meyer, notes on MSE gradients (a linear unit: h the identity)
    Row(
        r"\nabla_w E(w) = \frac{2}{m} \sum_{i=1}^{m} (h(w \cdot x[i]) - y[i]) x[i]", convention=MSE
    ),
]


def check(row: Row):
    """The verdict on ``row``'s answer."""
    from gdgrade.grading.symbolic import check_gradient_answer, check_update_answer

    checker = check_gradient_answer if row.target == "gradient" else check_update_answer
    return checker(row.answer, row.convention)


def outcome(row: Row, verdict) -> str:
    """How the reader did on ``row``: ``right`` (accepted, as it must be), ``rejected`` (a
    wrong statement refused with a reason), ``refused`` (not read, with a message),
    ``false-accept`` (a wrong statement accepted: the worst) or ``false-reject`` (a right
    statement judged wrong)."""
    if verdict.ok:
        return "right" if row.kind == "ok" else "false-accept"
    if verdict.kind in REFUSED:
        return "refused"
    return "false-reject" if row.kind == "ok" else "rejected"


if __name__ == "__main__":  # pragma: no cover - a listing for humans
    from collections import Counter

    for name, rows in (("TABLE", TABLE), ("HELD_OUT", HELD_OUT)):
        counts: Counter[str] = Counter()
        for row in rows:
            verdict = check(row)
            counts[outcome(row, verdict)] += 1
            flag = "  " if (verdict.kind, verdict.mistake) == (row.kind, row.mistake) else "!!"
            print(
                f"{flag} {row.target:8} {verdict.kind:14} {verdict.mistake or '-':16} {row.answer}"
            )
            print(f"      {verdict.message}")
        print(name, len(rows), dict(counts))
