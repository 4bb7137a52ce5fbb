# ruff: noqa: E501  (a table of formulas: one row a line reads best)
r"""The notations people use for the gradient-descent rule, each with the verdict it must get.

Our own strings, one family per line of issue 11 (the prediction, the target,
indices and sums, the count of samples, parameters and rates, vectors and
matrices, equations and update rules, typesetting, plain text, whole
derivations).  Each family has right answers and wrong ones (the sign, the
factor 2, the mean, the missing sum) in its own notation, so that reading more
notations never means accepting more wrong answers.

Run ``python tests/grading/symbolic/notation_table.py`` to print every verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

from gdgrade.reference import DEFAULT, Convention

SSE = Convention(loss="sse")
MSE = Convention(loss="mse")
HALF_MSE = Convention(loss="half_mse")
MSE_B = Convention(loss="mse", bias="separate")
HALF_MSE_B = Convention(loss="half_mse", bias="separate")

FAMILIES = (
    "prediction",
    "target",
    "indices",
    "count",
    "parameters",
    "vector",
    "equation",
    "typesetting",
    "plain",
    "derivation",
)


@dataclass(frozen=True)
class Row:
    """One answer, its family, and the verdict it must get."""

    family: str
    answer: str
    kind: str = "ok"
    mistake: str | None = None
    target: str = "gradient"
    convention: Convention = DEFAULT
    says: str = ""  # a piece of the message (an assumption stated, or the construct named)


def _variants(family: str, lhs: str, total: str, error: str, flipped: str, feature: str,
              convention: Convention = DEFAULT, lead: str = "-", says: str = "") -> list[Row]:  # fmt: skip
    """A right gradient (half SSE unless said) and its four classic wrong versions."""
    right = f"{lhs}{lead}{total} ({error}) {feature}"
    return [
        Row(family, right, convention=convention, says=says),
        Row(family, f"{lhs}{total} ({error}) {feature}", "wrong", "sign-flipped", convention=convention),
        Row(family, f"{lhs}{total} ({flipped}) {feature}".replace("--", "-"), convention=convention),
        Row(family, f"{lhs}-2 {total} ({error}) {feature}", "wrong", "forgot-half", convention=convention),
        Row(family, f"{lhs}-\\frac{{1}}{{n}} {total} ({error}) {feature}", "wrong", "used-mean", convention=convention),
        Row(family, f"{lhs}-({error}) {feature}", "free-index", "no-sum", convention=convention),
    ]  # fmt: skip


D = r"\frac{\partial J}{\partial w_j} = "

PREDICTION = [
    *_variants(
        "prediction",
        D,
        r"\sum_{i=1}^{n}",
        r"y^{(i)} - \phi(z^{(i)})",
        r"\phi(z^{(i)}) - y^{(i)}",
        "x_j^{(i)}",
    ),
    *_variants(
        "prediction",
        "",
        r"\sum_i",
        r"y^{(i)} - \hat{y}^{(i)}",
        r"\hat{y}^{(i)} - y^{(i)}",
        "x_j^{(i)}",
        says="ŷ^{(i)} is read as the prediction",
    ),
    *_variants("prediction", "", r"\sum_i", r"y_i - \hat y_i", r"\hat y_i - y_i", "x_{ij}"),
    *_variants(
        "prediction",
        "",
        r"\sum_i",
        r"y^{(i)} - \sigma(z^{(i)})",
        r"\sigma(z^{(i)}) - y^{(i)}",
        "x_j^{(i)}",
        says="σ(…) is read as the activation φ",
    ),
    Row(
        "prediction",
        r"-\sum_i (y^{(i)} - a^{(i)}) x_j^{(i)}",
        says="a^{(i)} is read as the prediction",
    ),
    Row("prediction", r"-\sum_d (y_d - o_d) x_{jd}", says="o_d is read as the prediction"),
    Row("prediction", r"-\sum_i (y^{(i)} - \text{output}^{(i)}) x_j^{(i)}", says="output"),
    Row(
        "prediction",
        r"\sum_i (h_\theta(x^{(i)}) - y^{(i)}) x_j^{(i)}",
        says="h_θ(x^{(i)}) is read as the prediction",
    ),
    Row("prediction", r"\sum_i (h_\theta(x^{(i)}) + y^{(i)}) x_j^{(i)}", "wrong"),
    Row(
        "prediction",
        r"\sum_{i=1}^{n} (f_{w,b}(x^{(i)}) - y^{(i)}) x_j^{(i)}",
        says="f_{w, b}(x^{(i)})",
    ),
    Row("prediction", r"\sum_{i} (\mathbf{w}^T\mathbf{x}^{(i)} - y^{(i)}) x_j^{(i)}"),
    Row(
        "prediction",
        r"\sum_{i} (w^\top x_i - y_i) x_{ij}",
        says="x_i is read as the features of sample i",
    ),
    Row("prediction", r"\sum_{i} (\sum_k w_k x_k^{(i)} - y^{(i)}) x_j^{(i)}"),
    Row(
        "prediction",
        r"\sum_{i} (\sum_{k=1}^{m} w_k x_k^{(i)} + b - y^{(i)}) x_j^{(i)}",
        convention=Convention(bias="separate"),
        says="b is read as the bias",
    ),
    Row("prediction", r"\sum_{i} (\sum_{k=0}^{m} w_k x_k^{(i)} + b - y^{(i)}) x_j^{(i)}", "wrong"),
    Row(
        "prediction",
        r"\sum_i (\hat{y}^{(i)}_j - y^{(i)}) x_j^{(i)}",
        "parse-error",
        says="ŷ^{(i)}_j has two indices",
    ),
]

TARGET = [
    *_variants(
        "target",
        "",
        r"\sum_{d \in D}",
        r"t_d - o_d",
        r"o_d - t_d",
        "x_{jd}",
        says="t_d is read as the target y",
    ),
    Row(
        "target",
        r"-\sum_i (\text{target}^{(i)} - \hat{y}^{(i)}) x_j^{(i)}",
        says="target^{(i)} is read as the target y",
    ),
    Row("target", r"-\sum_i (t^{(i)} - \phi(z^{(i)})) x_j^{(i)}"),
    Row("target", r"-\sum_i (y_i - z_i) x_{ij}"),
    Row("target", r"-\sum_i (t^{(i)} + \hat y^{(i)}) x_j^{(i)}", "wrong"),
    Row(
        "target",
        r"\sum_i (\hat y^{(i)} - t^{(i)}) x_j^{(i)}",
        says="t^{(i)} is read as the target y",
    ),
    Row("target", r"\sum_i (\hat y^{(i)} - \text{target}^{(i)}) x_j^{(i)}"),
    Row("target", r"\sum_d (t_d - o_d) x_{jd}", "wrong", "sign-flipped"),
    Row(
        "target",
        r"-\sum_i (y^{(i)}_i - \hat y^{(i)}) x_j^{(i)}",
        "parse-error",
        says="y^{(i)}_i has two indices",
    ),
]

INDICES = [
    *_variants(
        "indices",
        "",
        r"\sum_{i=1}^{n}",
        r"y^{(i)} - \hat y^{(i)}",
        r"\hat y^{(i)} - y^{(i)}",
        "x^{(i)}_j",
    ),
    Row("indices", r"-\sum_i (y_i - \hat y_i) x_{i,j}"),
    Row("indices", r"-\sum_{d} (y_d - \hat y_d) x_{jd}", says="d is the sample and j the feature"),
    Row("indices", r"-\sum_{k=1}^{n} (y^{(k)} - \hat y^{(k)}) x_{j}^{(k)}"),
    Row("indices", r"-\sum\limits_{i=1}^{n} (y^{(i)} - \hat y^{(i)}) x_{j}^{(i)}"),
    Row(
        "indices",
        r"-\sum (y_i - \hat y_i) x_{ij}",
        says="the sum with no index written runs over i",
    ),
    Row(
        "indices",
        r"-\sum_{i=0}^{n} (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        "wrong-range",
        says="numbered 1..n",
    ),
    Row(
        "indices",
        r"-\sum_{i=1}^{n-1} (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        "wrong-range",
        says="would be right",
    ),
    Row(
        "indices",
        r"-\sum_i (y^{(i)} - \hat y^{(i)}) x_k^{(i)}",
        says="k is read as the weight's index j",
    ),
    Row("indices", D + r"-\sum_i (y^{(i)} - \hat y^{(i)}) x_k^{(i)}", "free-index", says="index k"),
    Row(
        "indices",
        r"-\sum_{i=1}^{n} (y^{(i)} - \hat y^{(i)}) x_i^{(j)}",
        "wrong",
        "x-indices-swapped",
    ),
    Row("indices", r"-\sum_{i=1}^{n} (y^{(i)} - \hat y^{(i)}) w_j", "wrong", "w-instead-of-x"),
    Row(
        "indices", r"-\sum_{i=1}^{n} (y^{(i)} - \hat y^{(i)})^2 x_j^{(i)}", "wrong", "error-squared"
    ),
    Row("indices", r"-\sum_{i=1}^{n} (y^{(i)} - \hat y^{(i)})", "wrong", "missing-x"),
    Row(
        "indices",
        r"-\sum_i (y^{i} - \hat y^{i}) x_j^{i}",
        says="the superscript i is read as the sample index",
    ),
    Row("indices", r"-\sum_{n=1}^{N} (y_n - \hat y_n) x_{nj}"),
]

COUNT = [
    Row(
        "count",
        r"-\frac{2}{N}\sum_{i=1}^{N} (y_i - \hat y_i) x_{ij}",
        convention=MSE,
        says="N bounds the sum over the samples",
    ),
    Row(
        "count",
        r"-\frac{2}{m}\sum_{i=1}^{m} (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        convention=MSE,
        says="m bounds the sum over the samples",
    ),
    Row(
        "count",
        r"\frac{1}{m}\sum_{i=1}^{m} (h_\theta(x^{(i)}) - y^{(i)}) x_j^{(i)}",
        convention=HALF_MSE,
    ),
    Row(
        "count",
        r"\frac{1}{m}\sum_{i=0}^{m-1} (\hat y^{(i)} - y^{(i)}) x_j^{(i)}",
        convention=HALF_MSE,
        says="numbered i = 0..m-1",
    ),
    Row(
        "count",
        r"\frac{1}{m}\sum_{i=1}^{m} (h_\theta(x^{(i)}) - y^{(i)}) x_j^{(i)}",
        "wrong",
        "forgot-two",
        convention=MSE,
    ),
    Row(
        "count",
        r"\frac{2}{m}\sum_{i=1}^{m} (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        "wrong",
        "sign-flipped",
        convention=MSE,
    ),
    Row(
        "count",
        r"-2\sum_{i=1}^{m} (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        "wrong",
        "forgot-mean",
        convention=MSE,
    ),
    Row(
        "count",
        r"-\frac{2}{n}\sum_{i=1}^{m} (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        "wrong",
        convention=MSE,
    ),
    Row(
        "count",
        r"-\frac{2}{m}\sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        convention=MSE,
        says="m counts the samples here",
    ),
    Row(
        "count",
        r"-\frac{2}{m}\sum_{i=1}^{n} (y^{(i)} - \hat y^{(i)}) \sum_{k=0}^{m} x_k^{(i)}",
        "wrong",
        convention=MSE,
    ),
    Row(
        "count",
        r"-\frac{2}{N}\sum_{n=1}^{N} (y_n - \hat y_n) x_{nj}",
        convention=MSE,
        says="N bounds the sum",
    ),
    Row(
        "count",
        r"-\frac{2}{N}\sum_{n=1}^{N} (y_n - \hat y_n)",
        "wrong",
        "missing-x",
        convention=MSE,
    ),
    Row(
        "count",
        r"-\frac{1}{m}\sum_{i=1}^{m} (h_\theta(x^{(i)}) - y^{(i)})^2 x_j^{(i)}",
        "wrong",
        "error-squared",
        convention=HALF_MSE,
    ),
    Row(
        "count",
        r"\frac{1}{m} (h_\theta(x^{(i)}) - y^{(i)}) x_j^{(i)}",
        "free-index",
        "no-sum",
        convention=HALF_MSE,
    ),
]

PARAMETERS = [
    *_variants(
        "parameters",
        r"\frac{\partial J}{\partial \theta_j} = ",
        r"\sum_i",
        r"y^{(i)} - \theta^T x^{(i)}",
        r"\theta^T x^{(i)} - y^{(i)}",
        "x_j^{(i)}",
        says="θ is read as the weights w",
    ),
    *_variants(
        "parameters",
        r"\frac{\partial L}{\partial \beta_j} = ",
        r"\sum_i",
        r"y_i - \hat y_i",
        r"\hat y_i - y_i",
        "x_{ij}",
        says="L is read as the cost J",
    ),
    Row(
        "parameters", r"\frac{\partial \mathcal{L}}{\partial w_j} = -\sum_i (y_i - \hat y_i) x_{ij}"
    ),
    Row(
        "parameters",
        r"\frac{\partial \ell}{\partial w_j} = -\sum_i (y_i - \hat y_i) x_{ij}",
        says="ℓ is read as the cost J",
    ),
    Row(
        "parameters",
        r"\frac{\partial \text{SSE}}{\partial w_j} = -2\sum_i (y_i - \hat y_i) x_{ij}",
        convention=SSE,
        says="SSE is read as the cost J",
    ),
    Row(
        "parameters",
        r"\frac{\partial E}{\partial w_i} = -\sum_d (t_d - o_d) x_{id}",
        says="i is read as the weight's index j",
    ),
    Row(
        "parameters",
        r"\Delta w_j = \alpha \sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        target="update",
        says="α is read as the learning rate η",
    ),
    Row(
        "parameters",
        r"\Delta w_j = \mu \sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        target="update",
        says="μ is read as the learning rate η",
    ),
    Row(
        "parameters",
        r"\Delta w_j = \eta_0 \sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        target="update",
        says="η_0 is read as the learning rate η",
    ),
    Row(
        "parameters",
        r"\Delta w_j = -\alpha \sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        "wrong",
        "gradient-ascent",
        target="update",
    ),
    Row(
        "parameters",
        r"\Delta w_j = \sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        "wrong",
        "missing-eta",
        target="update",
    ),
    Row(
        "parameters",
        r"\Delta w_j = 2\alpha \sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        "wrong",
        "forgot-half",
        target="update",
    ),
    Row("parameters", r"-\sum_i (y^{(i)} - \hat y^{(i)}) \theta_j", "wrong", "w-instead-of-x"),
    Row(
        "parameters",
        r"\frac{\partial J}{\partial b} = \frac{2}{n}\sum_i (\hat y_i - y_i) \\ \frac{\partial J}{\partial w_j} = \frac{2}{n}\sum_i (\hat y_i - y_i) x_{ij}",
        convention=MSE_B,
    ),
    Row(
        "parameters",
        r"\frac{\partial J}{\partial b} = \frac{1}{n}\sum_i (\hat y_i - y_i) \\ \frac{\partial J}{\partial w_j} = \frac{2}{n}\sum_i (\hat y_i - y_i) x_{ij}",
        "wrong",
        "forgot-two",
        convention=MSE_B,
    ),
    Row(
        "parameters",
        r"\frac{\partial J}{\partial b} = \frac{2}{n}\sum_i (\hat y_i - y_i)",
        "wrong",
        convention=MSE_B,
        says="only the derivative for the bias",
    ),
    Row(
        "parameters",
        r"-\sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)} + \lambda w_j",
        "unknown-symbol",
        says="λ",
    ),
]

VECTOR = [
    Row("vector", r"-X^T(y - Xw)", says="X is read as the data matrix"),
    Row("vector", r"X^T(y - Xw)", "wrong", "sign-flipped"),
    Row("vector", r"-2X^T(y - Xw)", "wrong", "forgot-half"),
    Row("vector", r"-\frac{1}{n}X^T(y - Xw)", "wrong", "used-mean"),
    Row("vector", r"X^T(Xw - y)"),
    Row("vector", r"\mathbf{X}^\top(\mathbf{X}\mathbf{w} - \mathbf{y})"),
    Row("vector", r"\mathbf{X}^{\mathsf{T}}(\mathbf{X}\mathbf{w} - \mathbf{y})"),
    Row("vector", r"X'(Xw - y)"),
    Row("vector", r"(Xw - y)^T X", says="X is read as the data matrix"),
    Row("vector", r"X^TXw - X^Ty"),
    Row("vector", r"X^TXw + X^Ty", "wrong"),
    Row("vector", r"\nabla_{\mathbf{w}} J = -\mathbf{X}^\top(\mathbf{y} - \hat{\mathbf{y}})"),
    Row("vector", r"\nabla_w J = -\frac{2}{n} X^T (y - \hat{y})", convention=MSE),
    Row(
        "vector",
        r"\nabla_w J = -\frac{1}{n} X^T (y - \hat{y})",
        "wrong",
        "forgot-two",
        convention=MSE,
    ),
    Row("vector", r"\nabla_w J = -2 X^T (y - \hat{y})", "wrong", "forgot-mean", convention=MSE),
    Row(
        "vector",
        r"\nabla_w J = \frac{2}{n} X^T (y - \hat{y})",
        "wrong",
        "sign-flipped",
        convention=MSE,
    ),
    Row(
        "vector",
        r"\nabla J(\mathbf{w}) = \frac{1}{N} \mathbf{X}^T(\mathbf{X}\mathbf{w} - \mathbf{y})",
        convention=HALF_MSE,
    ),
    Row("vector", r"-\sum_i (y^{(i)} - \hat{y}^{(i)}) \mathbf{x}^{(i)}"),
    Row("vector", r"-\sum_i (y_i - \mathbf{w}^T\mathbf{x}_i) \mathbf{x}_i"),
    Row("vector", r"-(y - \hat y)\mathbf{x}", "free-index", "no-sum", says="for one sample"),
    Row(
        "vector",
        r"\Delta \mathbf{w} = \eta \sum_i (y^{(i)} - \hat{y}^{(i)}) \mathbf{x}^{(i)}",
        target="update",
    ),
    Row(
        "vector",
        r"\Delta \mathbf{w} = -\eta \sum_i (y^{(i)} - \hat{y}^{(i)}) \mathbf{x}^{(i)}",
        "wrong",
        "gradient-ascent",
        target="update",
    ),
    Row("vector", r"\Delta \mathbf{w} = \eta X^T(y - Xw)", target="update"),
    Row(
        "vector",
        r"\Delta \mathbf{w} = \eta (y - \hat y)\mathbf{x}",
        "free-index",
        "no-sum",
        target="update",
    ),
    Row(
        "vector",
        r"\frac{\partial J}{\partial \mathbf{w}} = \frac{2}{n}X^T(Xw + b - y) \\ \frac{\partial J}{\partial b} = \frac{2}{n}\sum_i (\hat y_i - y_i)",
        convention=MSE_B,
    ),
    Row("vector", r"dw = \frac{1}{n} X^\top (\hat{y} - y)", convention=HALF_MSE_B),
    Row(
        "vector", r"dw = \frac{1}{n} X^\top (\hat{y} - y)", "wrong", "forgot-two", convention=MSE_B
    ),
    Row("vector", r"-X(y - Xw)", "parse-error", says="the shapes do not fit"),
    Row("vector", r"-X^T y - Xw", "parse-error", says="different shapes"),
    Row("vector", r"-(y - Xw)", "parse-error", says="one entry per sample"),
]

EQUATION = [
    Row(
        "equation",
        r"\frac{\partial J}{\partial w_j} = \frac{1}{2}\sum_i 2(y^{(i)} - \hat y^{(i)})(-x_j^{(i)}) = -\sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
    ),
    Row(
        "equation",
        r"\frac{\partial J}{\partial w_j} = -\sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)} = \sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        "wrong",
        "sign-flipped",
        says="the side",
    ),
    Row("equation", r"-X^T(y - Xw) = 0", says=""),
    Row("equation", r"X^T X w - X^T y = 0"),
    Row("equation", r"2 X^T X w - 2 X^T y = 0", "wrong", "forgot-half"),
    Row(
        "equation",
        r"\Delta w_j = -\eta \frac{\partial J}{\partial w_j} = \eta \sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        target="update",
    ),
    Row(
        "equation",
        r"\Delta w_j = \eta \frac{\partial J}{\partial w_j} = \eta \sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        "wrong",
        "gradient-ascent",
        target="update",
        says="the side",
    ),
    Row(
        "equation",
        r"\Delta w_j = -\eta \frac{\partial J}{\partial w_j}",
        "wrong",
        target="update",
        says="work it out",
    ),
    Row(
        "equation",
        r"w_j := w_j + \eta \sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        target="update",
        says="update rule",
    ),
    Row(
        "equation",
        r"w_j \leftarrow w_j - \eta \sum_i (\hat y^{(i)} - y^{(i)}) x_j^{(i)}",
        target="update",
    ),
    Row(
        "equation",
        r"\theta_j := \theta_j - \alpha \frac{1}{m}\sum_{i=1}^{m} (h_\theta(x^{(i)}) - y^{(i)}) x_j^{(i)}",
        target="update",
        convention=HALF_MSE,
    ),
    Row(
        "equation",
        r"\theta_j := \theta_j + \alpha \frac{1}{m}\sum_{i=1}^{m} (h_\theta(x^{(i)}) - y^{(i)}) x_j^{(i)}",
        "wrong",
        "gradient-ascent",
        target="update",
        convention=HALF_MSE,
        says="change it makes",
    ),
    Row(
        "equation",
        r"w_j := w_j - \eta \frac{\partial J}{\partial w_j}",
        "wrong",
        target="update",
        says="work it out",
    ),
    Row("equation", r"w := w + \eta X^T(y - Xw)", target="update"),
    Row("equation", r"w := w - \eta X^T(y - Xw)", "wrong", "gradient-ascent", target="update"),
    Row(
        "equation",
        r"w_j := w_j + \eta \sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        "wrong",
        says="update rule",
    ),
    Row(
        "equation", r"J(w) = \frac{1}{2}\sum_i (y^{(i)} - \hat y^{(i)})^2", "empty", says="gives no"
    ),
    Row("equation", r"\frac{\partial J}{\partial w_j} = ", "empty", says="nothing after"),
    Row(
        "equation",
        r"w_j + \eta \sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)}",
        "wrong",
        "weight-not-change",
        target="update",
    ),
]

_E = r"\left(y^{(i)} - \phi(z^{(i)})\right) x_j^{(i)}"
TYPESETTING = [
    Row("typesetting", rf"$-\sum_i {_E}$"),
    Row("typesetting", rf"$$-\sum_{{i=1}}^{{n}} {_E}$$"),
    Row("typesetting", rf"\[ \frac{{\partial J}}{{\partial w_j}} = -\sum_i {_E} \]"),
    Row("typesetting", rf"\begin{{equation}} -\sum_i {_E} \label{{eq:grad}} \end{{equation}}"),
    Row(
        "typesetting",
        rf"\begin{{aligned}} \frac{{\partial J}}{{\partial w_j}} &= -\sum_i {_E} \tag{{2}} \end{{aligned}}",
    ),
    Row(
        "typesetting",
        r"-\displaystyle\sum\limits_{i=1}^{n} \Big( y^{(i)} - \phi(z^{(i)}) \Big) \, x_j^{(i)}.",
    ),
    Row(
        "typesetting",
        r"-\sum_i \bigl[ y^{(i)} - \phi(z^{(i)}) \bigr] \; x_j^{(i)} \quad \text{for all } j",
    ),
    Row("typesetting", r"-\sum_i \left\{ y_i - \hat y_i \right\} \cdot x_{ij},"),
    Row("typesetting", r"-1 \times \sum_i (y_i - \hat y_i) \times x_{ij}"),
    Row("typesetting", r"-\sum_i (\mathrm{y}_i - \hat{\mathrm{y}}_i)\, x_{ij} \qquad (\forall j)"),
    Row("typesetting", rf"$\sum_i {_E}$", "wrong", "sign-flipped"),
    Row("typesetting", rf"$$-2\sum_{{i=1}}^{{n}} {_E}$$", "wrong", "forgot-half"),
    Row("typesetting", rf"\[ -\frac{{1}}{{n}}\sum_i {_E} \]", "wrong", "used-mean"),
    Row(
        "typesetting",
        r"\begin{align} -\left(y^{(i)} - \phi(z^{(i)})\right) x_j^{(i)} \end{align}",
        "free-index",
        "no-sum",
    ),
    Row(
        "typesetting",
        r"-\sum_i (y_i - \hat y_i) \unknowncommand x_{ij}",
        "unknown-symbol",
        says=r"\unknowncommand",
    ),
    Row("typesetting", r"\(-\sum_{i} \left( y_{i} - \hat{y}_{i} \right) x_{ij}\)"),
    Row("typesetting", r"[latex]-\sum_{i} ( y_{i} - \hat{y}_{i} ) x_{ij}[/latex]"),
    Row(
        "typesetting",
        r"$-\sum_{i} ( y_{i} - \hat{y}_{i} ) x_{ij}$ \quad \text{where } \hat y_i = w^T x_i",
    ),
]

PLAIN = [
    Row("plain", "−Σᵢ (yᵢ − ŷᵢ) xᵢⱼ"),
    Row("plain", "∂J/∂wⱼ = −Σᵢ (y⁽ⁱ⁾ − φ(z⁽ⁱ⁾)) xⱼ⁽ⁱ⁾"),
    Row("plain", "∇J = −Xᵀ(y − Xw)"),
    Row("plain", "Δwⱼ = η Σᵢ (yᵢ − ŷᵢ) xᵢⱼ", target="update"),
    Row("plain", "Σᵢ (yᵢ − ŷᵢ) xᵢⱼ", "wrong", "sign-flipped"),
    Row("plain", "−2 Σᵢ (yᵢ − ŷᵢ) xᵢⱼ", "wrong", "forgot-half"),
    Row("plain", "−(yᵢ − ŷᵢ) xᵢⱼ", "free-index", "no-sum"),
    Row("plain", "-sum_i (y_i - phi(z_i)) x_ij"),
    Row("plain", "dJ/dw_j = -sum_i (y_i - y_hat_i) * x_ij"),
    Row("plain", "dJ/dw_j = -1/n * sum_i (y_i - y_hat_i) * x_ij", "wrong", "used-mean"),
    Row("plain", "grad = -2/n * X.T @ (y - X @ w)", convention=MSE),
    Row("plain", "grad = -1/2n * X.T @ (y - X @ w)", "wrong", convention=MSE),
    Row("plain", "delta_w_j = eta * sum_i (y_i - yhat_i) * x_ij", target="update"),
    Row("plain", "w_j := w_j + eta * sum_i (y_i - yhat_i) * x_ij", target="update"),
    Row(
        "plain",
        "w_j := w_j + alpha * sum_i (yhat_i - y_i) * x_ij",
        "wrong",
        "gradient-ascent",
        target="update",
    ),
    Row(
        "plain",
        "theta_j := theta_j - alpha/m * sum_i (h(x_i) - y_i) * x_ij",
        target="update",
        convention=HALF_MSE,
    ),
    Row("plain", "Δw = η Σᵢ (yᵢ − ŷᵢ) xᵢ", target="update", says="features of sample i"),
    Row("plain", "Δw = η Σᵢ (ŷᵢ − yᵢ) xᵢ", "wrong", "gradient-ascent", target="update"),
    Row("plain", "w ← w + η Xᵀ(y − Xw)", target="update"),
    Row("plain", "-sum_i (y_i - phi(z_i)) x_ij / n", "wrong", "used-mean"),
]

_STEPS_OK = (
    r"\begin{align} \frac{\partial J}{\partial w_j} "
    r"&= \frac{\partial}{\partial w_j} \frac{1}{2} \sum_i (y^{(i)} - \phi(z^{(i)}))^2 \\"
    r" &= \frac{1}{2} \sum_i 2 (y^{(i)} - \phi(z^{(i)})) \frac{\partial}{\partial w_j}"
    r" (y^{(i)} - \sum_k w_k x_k^{(i)}) \\"
    r" &= -\sum_i (y^{(i)} - \phi(z^{(i)})) x_j^{(i)} \end{align}"
)
DERIVATION = [
    Row("derivation", _STEPS_OK, target="steps"),
    Row("derivation", _STEPS_OK.replace(r"&= -\sum_i", r"&= \sum_i"), "wrong", "sign-flipped", target="steps", says="does not follow"),
    Row("derivation", _STEPS_OK.replace(r"\frac{1}{2} \sum_i (y", r"\sum_i (y"), "wrong", "forgot-half", target="steps", says="does not follow"),
    Row("derivation", _STEPS_OK.replace("\\begin{align}", "$$").replace("\\end{align}", "$$"), target="steps"),
    Row("derivation", _STEPS_OK.replace("(y^{(i)} - \\phi(z^{(i)}))^2", "(y_i - \\hat y_i)^2"), target="steps"),
    Row("derivation", _STEPS_OK.replace("&= -\\sum_i (y^{(i)} - \\phi(z^{(i)})) x_j^{(i)}", "&= -\\sum_i (y^{(i)} - \\phi(z^{(i)}))"), "wrong", "missing-x", target="steps"),
    Row(
        "derivation",
        r"$$ J = \frac{1}{2}\|y - Xw\|^2 $$ \\ $$ \nabla J = -X^T(y - Xw) $$",
        "parse-error",
        target="steps",
    ),
    Row(
        "derivation",
        r"\frac{\partial J}{\partial \theta_j} = \frac{\partial}{\partial \theta_j}\frac{1}{2}\sum_{i=1}^{m}"
        r"(h_\theta(x^{(i)}) - y^{(i)})^2 \\ = \frac{1}{2}\sum_{i=1}^{m} 2 (h_\theta(x^{(i)}) - y^{(i)})x_j^{(i)}"
        r" \\ = \sum_{i=1}^{m}(h_\theta(x^{(i)}) - y^{(i)})x_j^{(i)}",
        target="steps",
    ),
    Row(
        "derivation",
        r"\frac{\partial J}{\partial \theta_j} = \frac{\partial}{\partial \theta_j}\frac{1}{2}\sum_{i=1}^{m}"
        r"(h_\theta(x^{(i)}) - y^{(i)})^2 \\ = \frac{1}{2}\sum_{i=1}^{m} 2 (h_\theta(x^{(i)}) - y^{(i)})x_j^{(i)}"
        r" \\ = 2\sum_{i=1}^{m}(h_\theta(x^{(i)}) - y^{(i)})x_j^{(i)}",
        "wrong",
        "forgot-half",
        target="steps",
    ),
]  # fmt: skip

TABLE = (
    PREDICTION
    + TARGET
    + INDICES
    + COUNT
    + PARAMETERS
    + VECTOR
    + EQUATION
    + TYPESETTING
    + PLAIN
    + DERIVATION
)


def check(row: Row):
    """The verdict on ``row``'s answer."""
    from gdgrade.grading.symbolic import check_gradient_answer, check_steps, check_update_answer

    if row.target == "steps":  # the align environment pasted as one line: the checker splits it
        return check_steps([row.answer], row.convention)
    checker = check_gradient_answer if row.target == "gradient" else check_update_answer
    return checker(row.answer, row.convention)


if __name__ == "__main__":  # pragma: no cover - a listing for humans
    from collections import Counter

    for row in TABLE:
        verdict = check(row)
        flag = "  " if (verdict.kind, verdict.mistake) == (row.kind, row.mistake) else "!!"
        print(
            f"{flag} {row.family:11} {row.target:8} {verdict.kind:12} {verdict.mistake or '-':18} {row.answer}"
        )
        print(f"      {verdict.message}")
    print(Counter(r.family for r in TABLE), len(TABLE))
