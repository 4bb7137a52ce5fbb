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
HALF_SSE_B = Convention(bias="separate")
HALF_MSE_B = Convention(loss="half_mse", bias="separate")
SSE_B = Convention(loss="sse", bias="separate")

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
    "code",
    "definitions",
    "single",
    "glued",
    "prime",
    "targets",
    "labels",
    "matlab",
    "loops",
    "onefeature",
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
    # x^{(i)T}: the sample's brackets then the transpose, in one superscript
    Row("vector", r"-\sum_{i=1}^{n}(y^{(i)} - \mathbf{x}^{(i)\top}\mathbf{w})x_j^{(i)}"),
    Row("vector", r"\sum_{i=1}^{n}(y^{(i)} - \mathbf{x}^{(i)T}\mathbf{w})x_j^{(i)}", "wrong", "sign-flipped"),
    # ∂J/∂wᵀ: the } after ^T closes the fraction
    Row("vector", r"\frac{\partial J}{\partial \mathbf{w}^T} = \mathbf{X}^T(\mathbf{X}\mathbf{w} - \mathbf{y})"),
    Row("vector", r"\frac{\partial J}{\partial \mathbf{w}^T} = \mathbf{X}^T(\mathbf{y} - \mathbf{X}\mathbf{w})", "wrong", "sign-flipped"),
    # f of the weights alone is the cost (a prediction is f of a sample's features)
    Row("vector", r"\nabla f(\mathbf{w}) = \mathbf{X}^\top(\mathbf{X}\mathbf{w} - \mathbf{y})", says="f(w) is read as the cost J"),
    Row("vector", r"\nabla f(w) = 2X^\top(Xw - y)", "wrong", "forgot-half"),
    Row("vector", r"\nabla_\theta f(\theta) = \frac{1}{m}X^\top(X\theta - y)", convention=HALF_MSE),
]  # fmt: skip

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
    Row("equation", r"-X^T(y - Xw) = 0", says="read as setting the gradient to zero"),
    Row("equation", r"X^T X w - X^T y = 0", says="the gradient itself is judged"),
    Row(
        "equation",
        r"2 X^T X w - 2 X^T y = 0",
        "wrong",
        "forgot-half",
        says="setting the gradient to zero",
    ),
    Row(
        "equation",
        r"X^T y - X^T X w = 0",
        "wrong",
        "sign-flipped",
        says="setting the gradient to zero",
    ),
    Row(
        "equation",
        r"\frac{1}{n}(X^T X w - X^T y) = 0",
        "wrong",
        "used-mean",
        says="setting the gradient to zero",
    ),
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
    ),    # the steps of the algorithm counted on the weights: w^{t+1} the new weight, w^t the current
    Row("equation", r"w^{t+1} = w^t - \alpha^t X^\top(Xw^t - y)", target="update", says="t counts the steps of the algorithm"),
    Row("equation", r"w^{t+1} = w^t + \alpha^t X^\top(Xw^t - y)", "wrong", "gradient-ascent", target="update"),
    Row("equation", r"\theta_j^{(k+1)} := \theta_j^{(k)} - \frac{\alpha}{m}\sum_{i=1}^{m}(h_{\theta^{(k)}}(x^{(i)}) - y^{(i)}) x_j^{(i)}", target="update", convention=HALF_MSE),
    Row("equation", r"\beta_{k+1} = \beta_k - \gamma \frac{2}{m} X^\top(X\beta_k - y)", "wrong", "forgot-half", target="update", convention=HALF_MSE),
    Row("equation", r"\mathbf{w}^{(\tau+1)} = \mathbf{w}^{(\tau)} + \eta \sum_{n=1}^{N}(t_n - \mathbf{w}^{(\tau)\top}\mathbf{x}_n)\mathbf{x}_n", target="update", says="τ counts the steps"),
    Row("equation", r"w_{k+1} = w_k + \eta \sum_k (y_k - \hat y_k) x_k", "free-index", target="update"),  # k runs the sum: not a step
]  # fmt: skip

# numpy code pasted as the answer: read as the matrix expression it computes
CODE = [
    Row("code", "-X.T.dot(y - X.dot(w))", says="X is read as the data matrix"),
    Row("code", "X.T.dot(y - X.dot(w))", "wrong", "sign-flipped"),
    Row("code", "X.T @ (X @ w - y)"),
    Row("code", "2 * X.T @ (X @ w - y)", "wrong", "forgot-half"),
    Row(
        "code",
        "X.T @ (X @ w - y) / len(y)",
        "wrong",
        "used-mean",
        says="len(y) is read as the number of samples n",
    ),
    Row("code", "(2 / n) * X.T @ (X @ w - y)", convention=MSE),
    Row("code", "X.T @ (X @ w - y) / n", "wrong", "forgot-two", convention=MSE),
    Row(
        "code",
        "np.dot(X.T, X.dot(w) - y) / X.shape[0]",
        convention=HALF_MSE,
        says="X.shape[0] is read as the number of samples n",
    ),
    Row("code", "-(y - output).dot(X)", says="output is read as the predictions"),
    Row("code", "(y - output).dot(X)", "wrong", "sign-flipped"),
    Row(
        "code",
        "errors = y - output\ngrad = -np.dot(X.T, errors)",
        says="errors is read as defined: errors = y - output",
    ),
    Row("code", "errors = y - output\ngrad = -np.dot(X.T, errors) / len(y)", "wrong", "used-mean"),
    Row("code", "def gradient(X, y, w):\n    return X.T @ (X @ w - y)"),
    Row(
        "code",
        "yPred = X.dot(beta)\ngradient = -2 * X.T.dot(y - yPred) / numSamples",
        convention=MSE,
        says="numSamples is read as the number of samples n",
    ),
    Row(
        "code",
        "yPred = X.dot(beta)\ngradient = -X.T.dot(y - yPred) / numSamples",
        "wrong",
        "forgot-two",
        convention=MSE,
    ),
    Row(
        "code", "np.dot(X.T, errors)", "unknown-symbol", says="errors is not defined in this answer"
    ),
    Row(
        "code",
        "errors = y - output\nself.w_[1:] += self.eta * X.T.dot(errors)\nself.w_[0] += self.eta * errors.sum()",
        target="update",
        says="w_[1:] is read as the weights",
    ),
    Row(
        "code",
        "errors = y - output\nself.w_[1:] -= self.eta * X.T.dot(errors)\nself.w_[0] -= self.eta * errors.sum()",
        "wrong",
        "gradient-ascent",
        target="update",
    ),
    Row(
        "code",
        "errors = y - output\nself.w_[1:] += self.eta * X.T.dot(errors)\nself.w_[0] += self.eta * errors.mean()",
        "wrong",
        "used-mean",
        target="update",
    ),
    Row("code", "w -= lr * X.T @ (X @ w - y)", target="update", says="update rule"),
    Row("code", "w += lr * X.T @ (X @ w - y)", "wrong", "gradient-ascent", target="update"),
    Row("code", "grad = X.T.dot(X.dot(w) - y).mean()", "parse-error", says="one entry per weight"),
    # results named as derivatives (dj_dw, dj_db, dw, db), returned together; counts named first
    Row(
        "code",
        "m, n = X.shape\nf_wb = X @ w + b\nerr = f_wb - y\ndj_dw = (1 / m) * (X.T @ err)\ndj_db = (1 / m) * np.sum(err)\nreturn dj_dw, dj_db",
        convention=HALF_MSE_B,
        says="dj_db is read as ∂J/∂b",
    ),
    Row(
        "code",
        "m, n = X.shape\nf_wb = X @ w + b\nerr = f_wb - y\ndj_dw = (1 / m) * (X.T @ err)\ndj_db = (1 / m) * np.sum(y - f_wb)\nreturn dj_dw, dj_db",
        "wrong",
        "sign-flipped",
        convention=HALF_MSE_B,
    ),
    Row(
        "code",
        "m, n = X.shape\nf_wb = X @ w + b\nerr = f_wb - y\ndj_dw = (1 / m) * (X.T @ err)\ndj_db = (1 / m) * np.sum(err)\nreturn dj_dw, dj_db",
        "wrong",
        "forgot-two",
        convention=MSE_B,
    ),
    Row(
        "code",
        "e = X @ w + b - y\ndw = 2 * X.T @ e / len(y)\ndb = 2 * e.mean()",
        convention=MSE_B,
        says="dw is read as ∂J/∂w",
    ),
    Row(
        "code",
        "m = len(y)\ngrad = X.T @ (X @ w - y) / m",
        convention=HALF_MSE,
        says="m is read as the number of samples n",
    ),
    Row(
        "code",
        "m, n = X.shape\ngrad = X.T @ (X @ w - y) / n",
        "parse-error",
        convention=HALF_MSE,
        says="the number of features",
    ),
    Row(
        "code",
        "X.T @ (X @ w - y) / len(X[0])",
        "parse-error",
        convention=HALF_MSE,
        says="'len(…)' is not read",
    ),  # the features, not n
    # X[:, j], the column of feature j; e @ X, one-dimensional, fits w
    Row(
        "code",
        "m = len(y)\ngrad_j = (1 / m) * np.sum((X @ w - y) * X[:, j])",
        convention=HALF_MSE,
        says="X[:, j] is read as the column j of X",
    ),
    Row(
        "code",
        "np.sum((y - X @ w) * X[:, j]) / len(y)",
        "wrong",
        "sign-flipped",
        convention=HALF_MSE,
    ),
    Row(
        "code", "np.sum((X @ w - y) * X[:, 1]) / len(y)", "wrong", convention=HALF_MSE
    ),  # one column for every j
    Row("code", "e = X @ w - y\nw -= eta * e @ X", target="update", says="update rule"),
    # Both steps from the old weights, or b's step from the new w (a real bug: the update
    # is not simultaneous); read in order, each name its latest value.
    Row(
        "code",
        "y_hat = X @ w + b\nw = w - eta * X.T @ (y_hat - y) / n\nb = b - eta * np.sum(y_hat - y) / n",
        target="update",
        convention=HALF_MSE_B,
    ),
    Row(
        "code",
        "w = w - eta * X.T @ (X @ w + b - y) / n\nb = b - eta * np.sum(X @ w + b - y) / n",
        "wrong",
        target="update",
        convention=HALF_MSE_B,
        says="w is read after it was updated",
    ),
    Row(
        "code",
        "b = b - eta * np.sum(X @ w + b - y) / n\nw = w - eta * X.T @ (X @ w + b - y) / n",
        "wrong",
        target="update",
        convention=HALF_MSE_B,
        says="b is read after it was updated",
    ),
    Row(
        "code",
        "w -= lr * X.T @ (X @ w + b - y) / len(y)\nb -= lr * np.mean(X @ w + b - y)",
        "wrong",
        target="update",
        convention=HALF_MSE_B,
        says="w is read after it was updated",
    ),
    Row(
        "code",
        "w, b = w - eta * X.T @ (X @ w + b - y) / n, b - eta * np.sum(X @ w + b - y) / n",
        target="update",
        convention=HALF_MSE_B,
    ),
    Row(
        "code",
        "w, b = w + eta * X.T @ (X @ w + b - y) / n, b + eta * np.sum(X @ w + b - y) / n",
        "wrong",
        "gradient-ascent",
        target="update",
        convention=HALF_MSE_B,
    ),
    Row("code", "e = X @ w - y\nw += eta * e @ X", "wrong", "gradient-ascent", target="update"),
    Row(
        "code",
        "np.linalg.inv(X.T @ X) @ X.T @ y",
        "parse-error",
        says="'np.linalg.inv(…)' is not read",
    ),
]

# a name defined first, then used: substituted, never evaluated
DEFINITIONS = [
    Row("definitions", r"e = y - Xw \\ \nabla J = -X^T e", says="e is read as defined: e = y - Xw"),
    Row("definitions", r"e = y - Xw \\ \nabla J = X^T e", "wrong", "sign-flipped"),
    Row("definitions", r"e = y - Xw \\ \nabla J = -2X^T e", "wrong", "forgot-half"),
    Row(
        "definitions",
        r"e_i = y_i - \hat y_i \\ \frac{\partial J}{\partial w_j} = -\sum_i e_i x_{ij}",
    ),
    Row(
        "definitions",
        r"e_i = y_i - \hat y_i \\ \frac{\partial J}{\partial w_j} = -e_i x_{ij}",
        "free-index",
        "no-sum",
    ),
    Row(
        "definitions",
        r"\hat{y} = Xw + b \\ \frac{\partial J}{\partial w} = \frac{2}{n}X^T(\hat{y} - y) \\ \frac{\partial J}{\partial b} = \frac{2}{n}\sum_i (\hat{y}_i - y_i)",
        convention=MSE_B,
        says="ŷ is read as defined",
    ),
    Row(
        "definitions",
        r"\hat{y} = Xw + b \\ \frac{\partial J}{\partial w} = \frac{1}{n}X^T(\hat{y} - y)",
        "wrong",
        "forgot-two",
        convention=MSE_B,
    ),
    Row(
        "definitions",
        r"\hat{y} = Xw - b \\ \frac{\partial J}{\partial w} = \frac{2}{n}X^T(\hat{y} - y)",
        "wrong",
        convention=MSE_B,
    ),
    Row(
        "definitions",
        r"z^{(i)} = w^T x^{(i)} \\ \frac{\partial J}{\partial w_j} = -\sum_i (y^{(i)} - z^{(i)}) x_j^{(i)}",
        says="z^{(i)} is read as defined",
    ),
    Row(
        "definitions",
        r"z^{(i)} = w^T x^{(i)} \\ \frac{\partial J}{\partial w_j} = -(y^{(i)} - z^{(i)}) x_j^{(i)}",
        "free-index",
        "no-sum",
    ),
    Row(
        "definitions",
        r"h_\theta(x) = \theta^T x \\ \frac{\partial J}{\partial \theta_j} = \frac{1}{m}\sum_{i=1}^{m} (h_\theta(x^{(i)}) - y^{(i)}) x_j^{(i)}",
        convention=HALF_MSE,
        says="h_θ(x) is read as defined",
    ),
    Row(
        "definitions",
        r"h_\theta(x) = \theta^T x \\ \frac{\partial J}{\partial \theta_j} = \frac{1}{m}\sum_{i=1}^{m} (h_\theta(x^{(i)}) - y^{(i)}) x_j^{(i)}",
        "wrong",
        "used-mean",
    ),
    Row(
        "definitions",
        r"\text{error}^{(i)} = y^{(i)} - \hat y^{(i)} \\ \frac{\partial J}{\partial w_j} = -\sum_i \text{error}^{(i)} x_j^{(i)}",
        says="error^{(i)} is read as defined",
    ),
    Row(
        "definitions",
        r"\text{error}^{(i)} = y^{(i)} - \hat y^{(i)} \\ \frac{\partial J}{\partial w_j} = \sum_i \text{error}^{(i)} x_j^{(i)}",
        "wrong",
        "sign-flipped",
    ),
    Row(
        "definitions",
        r"J(w) = \frac{1}{2}\sum_i (y_i - \hat y_i)^2 \\ \frac{\partial J}{\partial w_j} = -\sum_i (y_i - \hat y_i) x_{ij}",
        says="J(w) is read as defined",
    ),
    Row(
        "definitions",
        r"J(w) = \sum_i (y_i - \hat y_i)^2 \\ \frac{\partial J}{\partial w_j} = -\sum_i (y_i - \hat y_i) x_{ij}",
        "wrong",
        "forgot-half",
        says="the side",
    ),
    Row(
        "definitions",
        r"\hat{y} = Xw + b \\ \frac{\partial J}{\partial w} = \frac{2}{n}X^T(\hat y - y) \\ \frac{\partial J}{\partial b} = \frac{2}{n}\mathbf{1}^T(\hat y - y)",
        convention=MSE_B,
        says="1 is read as the column of ones",
    ),
    Row(
        "definitions",
        r"\hat{y} = Xw + b \\ \frac{\partial J}{\partial w} = \frac{2}{n}X^T(\hat y - y) \\ \frac{\partial J}{\partial b} = \frac{2}{n}\mathbf{1}^T(y - \hat y)",
        "wrong",
        "sign-flipped",
        convention=MSE_B,
    ),
    Row("definitions", r"g = X^T(Xw - y)"),
    Row("definitions", r"g = X^T(y - Xw)", "wrong", "sign-flipped"),
    Row("definitions", r"-X^T e", "unknown-symbol", says="e is not defined in this answer"),
]

# one feature written as y = mx + b, or θ_0 and θ_1: judged with one feature
SINGLE = [
    Row(
        "single",
        r"\frac{\partial J}{\partial m} = -\frac{2}{n}\sum_{i=1}^{n} x_i(y_i - (mx_i + b)) \\ \frac{\partial J}{\partial b} = -\frac{2}{n}\sum_{i=1}^{n}(y_i - (mx_i + b))",
        convention=MSE_B,
        says="m is read as the slope",
    ),
    Row(
        "single",
        r"\frac{\partial J}{\partial m} = \frac{2}{n}\sum_{i=1}^{n} x_i(y_i - (mx_i + b)) \\ \frac{\partial J}{\partial b} = \frac{2}{n}\sum_{i=1}^{n}(y_i - (mx_i + b))",
        "wrong",
        "sign-flipped",
        convention=MSE_B,
    ),
    Row(
        "single",
        r"\frac{\partial J}{\partial m} = -\frac{1}{n}\sum_{i=1}^{n} x_i(y_i - (mx_i + b)) \\ \frac{\partial J}{\partial b} = -\frac{1}{n}\sum_{i=1}^{n}(y_i - (mx_i + b))",
        "wrong",
        "forgot-two",
        convention=MSE_B,
    ),
    Row(
        "single",
        r"\frac{\partial J}{\partial m} = -2\sum_{i=1}^{n} x_i(y_i - (mx_i + b)) \\ \frac{\partial J}{\partial b} = -2\sum_{i=1}^{n}(y_i - (mx_i + b))",
        "wrong",
        "forgot-mean",
        convention=MSE_B,
    ),
    Row(
        "single",
        r"\frac{\partial J}{\partial m} = -\frac{2}{n} x_i(y_i - (mx_i + b)) \\ \frac{\partial J}{\partial b} = -\frac{2}{n}(y_i - (mx_i + b))",
        "free-index",
        "no-sum",
        convention=MSE_B,
    ),
    Row(
        "single",
        r"\frac{\partial J}{\partial m} = -\frac{2}{n}\sum_{i=1}^{n} x_i(y_i - (mx_i + b))",
        "wrong",
        convention=MSE_B,
        says="the one for the intercept b (w_0) is missing",
    ),
    Row(
        "single",
        r"\frac{\partial}{\partial m} = \frac{2}{N}\sum_{i=1}^{N} -x_i(y_i - (mx_i + b)) \\ \frac{\partial}{\partial b} = \frac{2}{n}\sum_{i=1}^{n} -(y_i - (mx_i + b))",
        convention=MSE_B,
        says="both bound the sums over the samples",
    ),
    Row(
        "single",
        r"\theta_0 := \theta_0 - \alpha\frac{1}{m}\sum_{i=1}^{m}(h_\theta(x^{(i)}) - y^{(i)}) \\ \theta_1 := \theta_1 - \alpha\frac{1}{m}\sum_{i=1}^{m}(h_\theta(x^{(i)}) - y^{(i)}) x^{(i)}",
        target="update",
        convention=HALF_MSE,
        says="x^{(i)} is read as the value of the one feature",
    ),
    Row(
        "single",
        r"\theta_0 := \theta_0 + \alpha\frac{1}{m}\sum_{i=1}^{m}(h_\theta(x^{(i)}) - y^{(i)}) \\ \theta_1 := \theta_1 + \alpha\frac{1}{m}\sum_{i=1}^{m}(h_\theta(x^{(i)}) - y^{(i)}) x^{(i)}",
        "wrong",
        "gradient-ascent",
        target="update",
        convention=HALF_MSE,
    ),
    Row(
        "single",
        r"\frac{\partial J}{\partial \theta_1} = \frac{1}{m}\sum_{i=1}^{m}(h_\theta(x^{(i)}) - y^{(i)}) x^{(i)}",
        "wrong",
        convention=HALF_MSE,
        says="only",
    ),
    Row(
        "single",
        r"\frac{\partial J}{\partial w_1} = \frac{1}{n}\sum_{i=1}^{n}(w^T x^{(i)} - y^{(i)}) x_1^{(i)}",
        "wrong",
        convention=HALF_MSE,
        says="write it with the index j",
    ),
]

# a dot between factors as the product, after a number too: 2.(…), 2.x^{(i)}.(…)
SINGLE += [
    Row("single", r"\frac{\partial J}{\partial w_0} = \frac{1}{n}\sum_{i=1}^{n} 2.(w_0 + w_1 x^{(i)} - y^{(i)}) \\ \frac{\partial J}{\partial w_1} = \frac{1}{n}\sum_{i=1}^{n} 2.x^{(i)}.(w_0 + w_1 x^{(i)} - y^{(i)})", convention=MSE),
    Row("single", r"\frac{\partial J}{\partial w_0} = \frac{1}{n}\sum_{i=1}^{n} 1.(w_0 + w_1 x^{(i)} - y^{(i)}) \\ \frac{\partial J}{\partial w_1} = \frac{1}{n}\sum_{i=1}^{n} x^{(i)}.(w_0 + w_1 x^{(i)} - y^{(i)})", "wrong", "forgot-two", convention=MSE),
    Row("single", r"-0.5 \cdot 2.0 \sum_i (y_i - \hat y_i) x_{ij}"),
]  # fmt: skip

# plain text without underscores, as Mitchell prints it
GLUED = [
    Row("glued", "∆wi = η Σd (td − od) xid", target="update", says="t_d is read as the target y"),
    Row("glued", "∂E/∂wi = −Σd (td − od) xid", says="i is read as the weight's index j"),
    Row("glued", "∂E/∂wi = Σd (td − od) xid", "wrong", "sign-flipped"),
    Row("glued", "∂E/∂wi = −2 Σd (td − od) xid", "wrong", "forgot-half"),
    Row("glued", "∂E/∂wi = −(1/n) Σd (td − od) xid", "wrong", "used-mean"),
    Row("glued", "∂E/∂wi = −(td − od) xid", "free-index", "no-sum"),
    Row("glued", "∂E/∂wi = Σd (td − od)(−xi,d)"),
    Row("glued", "∂L/∂θj = −Σi (yi − θT xi) xij", says="θ is read as the weights w"),
]

# X': the transpose, or X with its column of ones, as the shapes decide
PRIME = [
    Row("prime", r"X'(Xw - y)"),
    Row("prime", r"X'(y - Xw)", "wrong", "sign-flipped"),
    Row("prime", r"(Xw - y)'X"),
    Row(
        "prime",
        r"\nabla J = \frac{1}{m} X'^T(X'\theta - y)",
        convention=HALF_MSE,
        says="X' is read as X with its column of ones",
    ),
    Row(
        "prime",
        r"\nabla J = \frac{1}{m} X'^T(y - X'\theta)",
        "wrong",
        "sign-flipped",
        convention=HALF_MSE,
    ),
    Row("prime", r"\nabla J = X'^T(X'\theta - y)", "wrong", "forgot-mean", convention=HALF_MSE),
    Row("prime", r"\nabla J = \frac{1}{m} X^{\prime T}(X^{\prime}\theta - y)", convention=HALF_MSE),
    Row(
        "prime",
        r"\nabla J = \frac{2}{m} X'^T(X'\theta - y)",
        "wrong",
        "forgot-half",
        convention=HALF_MSE,
    ),
    # two primes with a number in front: transposes, not the quotes of a Python string
    Row("prime", r"-2X'y + 2X'Xw", convention=SSE, says="X is read as the data matrix"),
    Row("prime", r"2X'y - 2X'Xw", "wrong", "sign-flipped", convention=SSE),
]

# MATLAB / Octave as pasted from an exercise: ' transposes, .* ./ entry by entry, -= and +=
MATLAB = [
    Row("matlab", "theta = theta - alpha/m * X' * (X*theta - y);", target="update", convention=HALF_MSE),
    Row("matlab", "theta = theta + alpha/m * X' * (X*theta - y);", "wrong", "gradient-ascent", target="update", convention=HALF_MSE),
    Row("matlab", "grad = (1/m) * ((X*theta - y)' * X)';", convention=HALF_MSE),
    Row("matlab", "grad = (1/m) * X' * (y - X*theta);", "wrong", "sign-flipped", convention=HALF_MSE),
    Row("matlab", "delta = X' * (X*theta - y) ./ m;\ntheta = theta - alpha .* delta;", target="update", convention=HALF_MSE, says="δ is read as defined"),
    Row("matlab", "w -= eta * X' * (X*w - y);", target="update", says="update rule"),
    Row("matlab", "w += eta * X' * (X*w - y);", "wrong", "gradient-ascent", target="update"),
    # the rest of the line is one bracket: w - (a - b), never w - a - b
    Row("matlab", "w -= eta * X' * X * w - eta * X' * y;", target="update"),
    Row("matlab", "gradient = 2/N * X' * (X*w - y);", convention=MSE),
    Row("matlab", "gradient = 1/N * X' * (X*w - y);", "wrong", "forgot-two", convention=MSE),
]  # fmt: skip

# t (or d) as the target: y is then the prediction (Bishop, Widrow-Hoff)
TARGETS = [
    Row(
        "targets",
        r"-\sum_{n=1}^{N} (t_n - y_n) x_{nj}",
        says="y_n is read as the prediction, since t is the target",
    ),
    Row("targets", r"\sum_{n=1}^{N} (t_n - y_n) x_{nj}", "wrong", "sign-flipped"),
    Row("targets", r"-\frac{1}{N}\sum_{n=1}^{N}(t_n - y_n)x_{nj}", "wrong", "used-mean"),
    Row("targets", r"-2\sum_{n=1}^{N}(t_n - y_n)x_{nj}", "wrong", "forgot-half"),
    Row("targets", r"-(t_n - y_n)x_{nj}", "free-index", "no-sum"),
    Row(
        "targets",
        r"\nabla E(\mathbf{w}) = \sum_{n=1}^{N} (y_n - t_n) \boldsymbol{\phi}_n",
        says="φ_n is read as the features of that sample",
    ),
    Row(
        "targets",
        r"\frac{\partial E}{\partial w_i} = -\frac{1}{K} \sum_{k=1}^{K} (d(k) - o(k)) x_i(k)",
        convention=HALF_MSE,
        says="k is read as the sample index",
    ),
    Row(
        "targets",
        r"\frac{\partial E}{\partial w_i} = \frac{1}{K} \sum_{k=1}^{K} (d(k) - o(k)) x_i(k)",
        "wrong",
        "sign-flipped",
        convention=HALF_MSE,
    ),
    Row(
        "targets",
        r"\frac{\partial E}{\partial w_i} = -\sum_{k=1}^{K} (d(k) - o(k)) x_i(k)",
        "wrong",
        "forgot-mean",
        convention=HALF_MSE,
    ),
    Row(
        "targets",
        r"\Delta w_j = \eta \sum_k (d_k - y_k) x_{kj}",
        target="update",
        says="y_k is read as the prediction",
    ),
    Row(
        "targets",
        r"\mathbf{w}(n+1) = \mathbf{w}(n) + \mu \, e(n) \, \mathbf{x}(n)",
        "parse-error",
        target="update",
        says="w(n + 1) is the weight at a step of the algorithm",
    ),
]

# words as scripts (y_pred, X^{(train)}), the design matrix Φ, a column x_j of X
LABELS = [
    Row(
        "labels",
        r"\frac{\partial L}{\partial w} = \frac{2}{N} \sum_{i=1}^{N} x^{(i)} (y_{pred}^{(i)} - y_{true}^{(i)})",
        convention=MSE,
        says="y_{pred}^{(i)} is read as the prediction",
    ),
    Row(
        "labels",
        r"\frac{\partial L}{\partial w} = \frac{2}{N} \sum_{i=1}^{N} x^{(i)} (y_{true}^{(i)} - y_{pred}^{(i)})",
        "wrong",
        "sign-flipped",
        convention=MSE,
    ),
    Row(
        "labels",
        r"\frac{\partial L}{\partial w} = \frac{1}{N} \sum_{i=1}^{N} x^{(i)} (y_{\text{pred}}^{(i)} - y_{\text{true}}^{(i)})",
        "wrong",
        "forgot-two",
        convention=MSE,
    ),
    Row(
        "labels",
        r"2X^{(train)T}X^{(train)}w - 2X^{(train)T}y^{(train)} = 0",
        convention=SSE,
        says="(train) names the data set",
    ),
    Row(
        "labels",
        r"X^{(train)T}X^{(train)}w - X^{(train)T}y^{(train)} = 0",
        "wrong",
        "forgot-two",
        convention=SSE,
    ),
    Row(
        "labels",
        r"\frac{\partial L}{\partial \boldsymbol{\theta}} = -2(\boldsymbol{y} - \boldsymbol{\Phi}\boldsymbol{\theta})^\top \boldsymbol{\Phi}",
        convention=SSE,
        says="Φ is read as the data matrix",
    ),
    Row(
        "labels",
        r"\frac{\partial L}{\partial \boldsymbol{\theta}} = 2(\boldsymbol{y} - \boldsymbol{\Phi}\boldsymbol{\theta})^\top \boldsymbol{\Phi}",
        "wrong",
        "sign-flipped",
        convention=SSE,
    ),
    Row(
        "labels",
        r"-\frac{2}{N}(\boldsymbol{y} - \boldsymbol{\Phi}\boldsymbol{\theta})^\top \boldsymbol{\Phi}",
        "wrong",
        "used-mean",
        convention=SSE,
    ),
    Row(
        "labels",
        r"\frac{1}{m}\sum_{i=1}^m(h_\theta(x^{(i)}) - y^{(i)}) x^{(i)}_j = \frac{1}{m}x_j^T(X\theta - y)",
        convention=HALF_MSE,
        says="x_jᵀ is read as the column j of X",
    ),
    Row("labels", r"\frac{1}{m}x_j^T(y - X\theta)", "wrong", "sign-flipped", convention=HALF_MSE),
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
# the cost written first as J(w) = …, then its derivative
_COST_FIRST = (
    r"J(w) = \frac{1}{2}\sum_i (y_i - \hat y_i)^2 \\ \frac{\partial J}{\partial w_j} "
    r"= \frac{\partial}{\partial w_j}\frac{1}{2}\sum_i (y_i - \hat y_i)^2 "
    r"\\ = \sum_i (y_i - \hat y_i)\frac{\partial}{\partial w_j}(y_i - \sum_k w_k x_{ik}) "
    r"\\ = -\sum_i (y_i - \hat y_i) x_{ij}"
)
# the error named first, then used in every line
_DEFINED_E = (
    r"\begin{align} e &= y - Xw \\ \frac{\partial J}{\partial w_j} &= \frac{\partial}{\partial w_j}"
    r"\frac{1}{2}\sum_i e_i^2 \\ &= \sum_i e_i \frac{\partial e_i}{\partial w_j} \\ "
    r"&= -\sum_i e_i x_{ij} \end{align}"
)
# Bishop's letters: t the target, y the prediction
_BISHOP = (
    r"\frac{\partial E}{\partial w_j} = \frac{\partial}{\partial w_j}\frac{1}{2}\sum_{n=1}^{N} (t_n - y_n)^2 "
    r"\\ = \sum_{n=1}^{N} (t_n - y_n)\frac{\partial}{\partial w_j}(t_n - \mathbf{w}^T\mathbf{x}_n) "
    r"\\ = -\sum_{n=1}^{N} (t_n - y_n) x_{nj}"
)
# a name for the gradient, vectors, a sum written with its minus after it
_GRADIENT_NAMED = (
    r"\begin{aligned} \mathbf{g} := \nabla_{\boldsymbol{\theta}} J(\boldsymbol{\theta}) "
    r"&= \nabla_{\boldsymbol{\theta}} \frac{1}{N} \sum_{i=1}^{N} (y_i - \mathbf{x}_i \boldsymbol{\theta})^2 \\ "
    r"&= \frac{1}{N} \sum_{i=1}^{N} -2(y_i - \mathbf{x}_i \boldsymbol{\theta}) \mathbf{x}_i \\ "
    r"&= \frac{2}{N} \sum_{i=1}^{N} (\mathbf{x}_i \boldsymbol{\theta} - y_i) \mathbf{x}_i \end{aligned}"
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
        "wrong",
        target="steps",
        says="no step differentiates it",  # the norm is read (‖v‖² = vᵀv); the step is missing
    ),
    Row("derivation", r"\nabla J = \nabla_w \frac{1}{2}\|y - Xw\|^2 \\ = \frac{1}{2} \cdot 2 (-X^T)(y - Xw) \\ = -X^T(y - Xw)", target="steps"),
    Row("derivation", r"\nabla J = \nabla_w \frac{1}{2}\|y - Xw\|_2^2 \\ = \frac{1}{2} \cdot 2 X^T(y - Xw) \\ = X^T(y - Xw)", "wrong", "sign-flipped", target="steps"),
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
    Row("derivation", _COST_FIRST, target="steps", says="J(w) is read as defined"),
    Row("derivation", _COST_FIRST.replace(r"\frac{1}{2}\sum_i (y_i - \hat y_i)^2 \\ \frac", r"\sum_i (y_i - \hat y_i)^2 \\ \frac"), "wrong", target="steps", says="differentiates"),
    Row("derivation", _DEFINED_E, target="steps", says="e is read as defined: e = y - Xw"),
    Row("derivation", _DEFINED_E.replace(r"&= -\sum_i e_i x_{ij}", r"&= \sum_i e_i x_{ij}"), "wrong", "sign-flipped", target="steps", says="does not follow"),
    Row("derivation", _BISHOP, target="steps", says="y_n is read as the prediction, since t is the target"),
    Row("derivation", _BISHOP.replace(r"= -\sum_{n=1}^{N} (t_n", r"= -2\sum_{n=1}^{N} (t_n"), "wrong", "forgot-half", target="steps"),
    Row("derivation", _BISHOP.replace(r"= -\sum_{n=1}^{N} (t_n - y_n) x_{nj}", r"= -(t_n - y_n) x_{nj}"), "free-index", target="steps"),
    Row("derivation", _GRADIENT_NAMED, convention=MSE, target="steps", says="N bounds the sum over the samples"),
    Row("derivation", _GRADIENT_NAMED.replace(r"&= \frac{2}{N} \sum_{i=1}^{N} (\mathbf{x}_i", r"&= \frac{1}{N} \sum_{i=1}^{N} (\mathbf{x}_i"), "wrong", "forgot-two", convention=MSE, target="steps"),
]  # fmt: skip


def _code(*lines: str) -> str:
    """Lines of code as one answer."""
    return "\n".join(lines)


# Code that adds up the gradient one sample at a time (read by running the loop on symbols,
# never by running it).  Re-typed from real course code: the Machine Learning
# Specialization's compute_gradient (one feature; and its loop over the features), Matt
# Nedrich's step_gradient over a two-column array of points, Codecademy's get_gradient_at_b
# and get_gradient_at_m, Burkov's update_w_and_b, and loops over zip(x, y); with the
# mistakes found in copies of them (the precedence of (f - y * x), an accumulator assigned
# instead of added to, a return inside the loop, the weights changed inside the loop, a
# missing learning rate, a random start for the accumulator).
_COURSERA = (
    "def compute_gradient(x, y, w, b):",
    "    m = x.shape[0]",
    "    dj_dw = 0",
    "    dj_db = 0",
    "    for i in range(m):",
    "        f_wb = w * x[i] + b",
    "        dj_dw_i = (f_wb - y[i]) * x[i]",
    "        dj_db_i = f_wb - y[i]",
    "        dj_db += dj_db_i",
    "        dj_dw += dj_dw_i",
    "    dj_dw = dj_dw / m",
    "    dj_db = dj_db / m",
    "    return dj_dw, dj_db",
)
_NESTED = (
    "m, n = X.shape",
    "dj_dw = np.zeros((n,))",
    "dj_db = 0.",
    "for i in range(m):",
    "    err = (np.dot(X[i], w) + b) - y[i]",
    "    for j in range(n):",
    "        dj_dw[j] = dj_dw[j] + err * X[i, j]",
    "    dj_db = dj_db + err",
    "dj_dw = dj_dw / m",
    "dj_db = dj_db / m",
    "return dj_db, dj_dw",
)
_NEDRICH = (
    "def step_gradient(b_current, m_current, points, learningRate):",
    "    b_gradient = 0",
    "    m_gradient = 0",
    "    N = float(len(points))",
    "    for i in range(0, len(points)):",
    "        x = points[i, 0]",
    "        y = points[i, 1]",
    "        b_gradient += -(2/N) * (y - ((m_current * x) + b_current))",
    "        m_gradient += -(2/N) * x * (y - ((m_current * x) + b_current))",
    "    new_b = b_current - (learningRate * b_gradient)",
    "    new_m = m_current - (learningRate * m_gradient)",
    "    return [new_b, new_m]",
)
_CODECADEMY = (
    "def get_gradient_at_b(x, y, m, b):",
    "    diff = 0",
    "    N = len(x)",
    "    for i in range(N):",
    "        diff += y[i] - (m * x[i] + b)",
    "    b_gradient = -2/N * diff",
    "    return b_gradient",
    "",
    "def get_gradient_at_m(x, y, m, b):",
    "    diff = 0",
    "    N = len(x)",
    "    for i in range(N):",
    "        diff += x[i] * (y[i] - (m * x[i] + b))",
    "    m_gradient = -2/N * diff",
    "    return m_gradient",
)
_BURKOV = (
    "def update_w_and_b(X, Y, w, b, alpha):",
    "    dl_dw = 0.0",
    "    dl_db = 0.0",
    "    N = len(X)",
    "    for i in range(N):",
    "        dl_dw += -2 * X[i] * (Y[i] - (w * X[i] + b))",
    "        dl_db += -2 * (Y[i] - (w * X[i] + b))",
    "    w = w - (1/float(N)) * dl_dw * alpha",
    "    b = b - (1/float(N)) * dl_db * alpha",
    "    return w, b",
)


def _swap(lines: tuple[str, ...], old: str, new: str) -> str:
    """``lines`` as one answer with ``old`` replaced by ``new`` (exactly once)."""
    text = _code(*lines)
    assert text.count(old) == 1, old
    return text.replace(old, new)


LOOPS = [
    Row("loops", _code(*_COURSERA), convention=HALF_MSE_B, says="the loop over the samples i"),
    Row("loops", _swap(_COURSERA, "    dj_dw = dj_dw / m\n    dj_db = dj_db / m", "    dj_dw *= 1/m\n    dj_db *= 1/m"), convention=HALF_MSE_B),
    Row("loops", _swap(_COURSERA, "    dj_dw = dj_dw / m\n    dj_db = dj_db / m", "    dj_dw /= m\n    dj_db /= m").replace("range(m)", "range(0, m)"), convention=HALF_MSE_B),
    Row("loops", _swap(_COURSERA, "(f_wb - y[i]) * x[i]", "(f_wb - y[i] * x[i])"), "wrong", convention=HALF_MSE_B),  # precedence
    Row("loops", _swap(_COURSERA, "(f_wb - y[i]) * x[i]\n        dj_db_i = f_wb - y[i]", "(y[i] - f_wb) * x[i]\n        dj_db_i = y[i] - f_wb"), "wrong", "sign-flipped", convention=HALF_MSE_B),
    Row("loops", _swap(_COURSERA, "    dj_dw = dj_dw / m\n    dj_db = dj_db / m\n", ""), "wrong", "forgot-mean", convention=HALF_MSE_B),
    Row("loops", _swap(_COURSERA, "    dj_dw = 0\n    dj_db = 0\n", ""), "parse-error", convention=HALF_MSE_B, says="before it is given a value"),  # never reset
    Row("loops", _swap(_COURSERA, "        dj_dw += dj_dw_i\n", "        dj_dw += dj_dw_i\n        dj_dw = dj_dw / m\n"), "parse-error", convention=HALF_MSE_B, says="inside the loop"),
    Row("loops", _code(*_NESTED), convention=HALF_MSE_B, says="the loop over the features j"),
    Row("loops", _swap(_NESTED, "    err = (np.dot(X[i], w) + b) - y[i]", "    err = np.dot(w, X[i]) + b - y[i]\n    dj_db = dj_db + err").replace("    dj_db = dj_db + err\ndj_dw", "dj_dw"), convention=HALF_MSE_B),
    Row("loops", _swap(_NESTED, "np.zeros((n,))", "np.random.rand(n,)"), "parse-error", convention=HALF_MSE_B, says="starts at"),
    Row("loops", _swap(_NESTED, "dj_db = dj_db / m\n", ""), "wrong", "forgot-mean", convention=HALF_MSE_B),
    Row("loops", _code(*_NEDRICH), target="update", convention=MSE_B, says="points[i, 0] is read as"),
    Row("loops", _swap(_NEDRICH, "(learningRate * m_gradient)", "(learningRate * m_current)"), "wrong", target="update", convention=MSE_B),
    Row("loops", _swap(_NEDRICH, "        b_gradient +=", "        b_gradient ="), "free-index", "no-sum", target="update", convention=MSE_B),
    Row("loops", _code(*_NEDRICH[:9], "    return [b_gradient, m_gradient]"), convention=MSE_B),
    Row("loops", _code(*_NEDRICH[:9], "        return [b_gradient, m_gradient]"), "parse-error", convention=MSE_B, says="return inside the loop"),
    Row("loops", _code(*_CODECADEMY), convention=MSE_B, says="m is read as the slope"),
    Row("loops", _swap(_CODECADEMY, "b_gradient = -2/N", "b_gradient = 2/N"), "wrong", "sign-flipped", convention=MSE_B),
    Row("loops", _code(*_BURKOV), target="update", convention=MSE_B),
    Row("loops", _swap(_BURKOV, "    w = w - (1/float(N)) * dl_dw * alpha\n    b = b -", "        w = w - (1/float(N)) * dl_dw * alpha\n        b = b -"), "parse-error", target="update", convention=MSE_B, says="inside the loop"),
    Row("loops", _code("N = len(x)", "dl_dw = 0.0", "dl_db = 0.0", "for i in range(N):", "    error = y[i] - (w * x[i] + b)", "    dl_dw += x[i] * error", "    dl_db += error", "w += (2/float(N)) * dl_dw * alpha", "b += (2/float(N)) * dl_db * alpha"), target="update", convention=MSE_B),
    Row("loops", _code("dldw = 0.0", "dldb = 0.0", "N = x.shape[0]", "for xi, yi in zip(x, y):", "    dldw += -2 * xi * (yi - (w * xi + b)) * (1 / N)", "    dldb += -2 * (yi - (w * xi + b)) * (1 / N)", "w = w - learning_rate * dldw", "b = b - learning_rate * dldb"), target="update", convention=MSE_B, says="zip"),
    Row("loops", _code("gradient_w = 0.0", "gradient_b = 0.0", "for xi, yi in zip(X, y):", "    error = w * xi + b - yi", "    gradient_w += error * xi", "    gradient_b += error", "w = w - gradient_w / len(y)", "b = b - gradient_b / len(y)"), "wrong", "missing-eta", target="update", convention=HALF_MSE_B),
    Row("loops", _code("m_gradient = 0.", "b_gradient = 0.", "for xi, yi in zip(x, y):", "    m_gradient += -2 * (yi - (m * xi) + b) * xi", "    b_gradient += -2 * (yi - (m * xi) + b)", "m_gradient /= len(x)", "b_gradient /= len(x)"), "wrong", convention=MSE_B),
]  # fmt: skip

# the second check set, measured before it was read (2 of 6 right ones accepted then): a
# loop over the features outside the loop over the samples (an exercise's gradientDescent.m,
# and grad_desc_fun of a lab), theta[k] changed in the loop over the features (h computed
# before it), zip with 1/N in the step, `for point in points` (a copy of step_gradient)
LOOPS += [
    Row("loops", _code("m = len(y)", "n = len(theta)", "diffs = X @ theta - y", "delta = np.zeros(n)", "for j in range(n):", "    sum_term = 0", "    for i in range(m):", "        sum_term = sum_term + diffs[i] * X[i, j]", "    delta[j] = (1 / m) * sum_term", "theta = theta - alpha * delta"), target="update", convention=HALF_MSE, says="the loop over the features j"),
    Row("loops", _code("m = len(y)", "n = len(theta)", "diffs = X @ theta - y", "delta = np.zeros(n)", "for j in range(n):", "    sum_term = 0", "    for i in range(m):", "        sum_term = sum_term + diffs[i] * X[i, j]", "    delta[j] = sum_term", "theta = theta - alpha * delta"), "wrong", "forgot-mean", target="update", convention=HALF_MSE),
    Row("loops", _code("m = len(y)", "n = len(theta)", "h = X @ theta", "d = np.zeros(n)", "for k in range(n):", "    for i in range(m):", "        d[k] += (h[i] - y[i]) * X[i, k]", "    theta[k] = theta[k] - (alpha / m) * d[k]"), target="update", convention=HALF_MSE),
    Row("loops", _code("m = len(X)", "n = len(theta)", "for j in range(n):", "    gradient = 0", "    for i in range(m):", "        h = np.dot(X[i], theta)", "        gradient += (h - y[i]) * X[i][j]", "    theta_new[j] = theta[j] - learning_rate * gradient"), target="update"),
    Row("loops", _code("def gradient(v):", "    g = np.zeros(shape=2)", "    for i in range(nb_samples):", "        g[0] += (v[0] + v[1]*X[i] - Y[i])", "        g[1] += ((v[0] + v[1]*X[i] - Y[i]) * X[i])", "    return g"), "parse-error", says="'g[0]'"),  # the weights by number: not read
    Row("loops", _code("dldw = 0.0", "dldb = 0.0", "N = x.shape[0]", "for xi, yi in zip(x, y):", "    dldw += -2*xi*(yi-(w*xi+b))", "    dldb += -2*(yi-(w*xi+b))", "w = w - learning_rate*(1/N)*dldw", "b = b - learning_rate*(1/N)*dldb", "return w, b"), target="update", convention=MSE_B),
    Row("loops", _code("dldw = 0.0", "dldb = 0.0", "N = x.shape[0]", "for xi, yi in zip(x, y):", "    dldw += -2*xi*(yi-(w*xi+b))", "    dldb += -2*(yi-(w*xi+b))", "w = w + learning_rate*(1/N)*dldw", "b = b + learning_rate*(1/N)*dldb", "return w, b"), "wrong", "gradient-ascent", target="update", convention=MSE_B),
    Row("loops", _swap(_NEDRICH, "    for i in range(0, len(points)):\n        x = points[i, 0]\n        y = points[i, 1]", "    for point in points:\n        x = point[0]\n        y = point[1]"), target="update", convention=MSE_B, says="for point in points"),
    # a loop over the samples inside another: both indices would be i
    Row("loops", _code("m = len(y)", "s = 0", "for i in range(m):", "    for k in range(m):", "        s += (w*x[k] + b - y[k]) * x[i]", "return s"), "parse-error", says="inside another loop over the samples"),
    Row("loops", _code("for xi, target in zip(X, y):", "    update = eta * (target - (np.dot(xi, w) + b))", "    w += update * xi", "    b += update"), "parse-error", target="update", convention=HALF_SSE_B, says="one step per sample"),  # Adaline SGD
]  # fmt: skip

# one feature, vectorised: x is a column of numbers (one per sample) and w a number, so that
# w * x + b is the prediction of every sample and sum(... * x) adds up over the samples
ONEFEATURE = [
    Row("onefeature", _code("m = x.shape[0]", "predictions = w * x + b", "dj_dw = (1 / m) * np.sum((predictions - y) * x)", "dj_db = (1 / m) * np.sum(predictions - y)", "return dj_dw, dj_db"), convention=HALF_MSE_B, says="one feature"),
    Row("onefeature", _code("m = x.shape[0]", "predictions = w * x + b", "dj_dw = (1 / m) * np.sum((predictions - y) * x)", "dj_db = (1 / m) * np.sum(y - predictions)", "return dj_dw, dj_db"), "wrong", "sign-flipped", convention=HALF_MSE_B),
    Row("onefeature", _code("m = x.shape[0]", "predictions = w * x + b", "dj_dw = (1 / m) * np.sum(predictions - y)", "dj_db = (1 / m) * np.sum(predictions - y)", "return dj_dw, dj_db"), "wrong", "missing-x", convention=HALF_MSE_B),
    Row("onefeature", _code("predictions = w*x + b", "grad_w = sum(-2*x*(y-predictions))", "grad_b = sum(-2*(y-predictions))"), convention=SSE_B),
    Row("onefeature", _code("predictions = w*x + b", "grad_w = sum(-2*x*(y-predictions))", "grad_b = sum(-2*(y-predictions))", "w = w - learning_rate * grad_w", "b = b - learning_rate * grad_b"), target="update", convention=SSE_B),
    Row("onefeature", _code("n = float(len(X))", "Y_pred = m*X + c", "D_m = (-2/n) * sum(X * (Y - Y_pred))", "D_c = (-2/n) * sum(Y - Y_pred)"), convention=MSE_B, says="c is read as the intercept"),
    Row("onefeature", _code("n = float(len(X))", "Y_pred = m*X + c", "D_m = (-1/n) * sum(X * (Y - Y_pred))", "D_c = (-1/n) * sum(Y - Y_pred)"), "wrong", "forgot-two", convention=MSE_B),
    Row("onefeature", _code("N = len(X)", "Y_pred = m * X + c", "error = Y_pred - Y", "dm = (1 / N) * np.sum(error * X)", "dc = (1 / N) * np.sum(error)"), convention=HALF_MSE_B),
    Row("onefeature", _code("m = len(y)", "w = w - alpha * (1/m) * np.sum((w*x + b - y) * x)", "b = b - alpha * (1/m) * np.sum(w*x + b - y)"), "wrong", target="update", convention=HALF_MSE_B, says="after it was updated"),
    Row("onefeature", _code("m = len(y)", "tmp_w = w - alpha * (1/m) * np.sum((w*x + b - y) * x)", "tmp_b = b - alpha * (1/m) * np.sum(w*x + b - y)", "w = tmp_w", "b = tmp_b"), target="update", convention=HALF_MSE_B),
]  # fmt: skip

# Real gradient functions and update steps, re-typed in our words from public code (the source
# on each row), and wrong variants of each: sums over the samples written by broadcasting
# (e[:, None] * X, reshape(-1, 1), np.newaxis, X.T * e over axis 1, np.einsum), the student's
# own helper functions (predict, net_input, compute_error, methods through self.), loops over
# the epochs around one step (read as that step), and the weights by number (w[0] the bias,
# w[1:] the others, theta[j] in a loop over the features).  Measured on main before they were
# read: 5 of 35 right ones accepted (30 refused), and 1 of 45 wrong ones accepted (X.T * e, and
# X.T*(X*theta - y) as in np.matrix code, taken for matrix products).
REAL_CODE = [
    Row('code', 'def compute_gradient(y, tx, w):\n    e = y - tx @ w\n    n = len(y)\n    return (-1 / n) * tx.T @ e', convention=HALF_MSE),  # epfl-grad: zghonda/EPFL-Machine-Learning-Higgs-2019 scripts/gradient_descent.py and a copy's compute_error helper
    Row('code', 'def compute_error(y, tx, w):\n    return y - tx @ w\n\ndef compute_gradient(y, tx, w):\n    error = compute_error(y, tx, w)\n    N = y.shape[0]\n    grad = -1/N * (np.transpose(tx) @ error)\n    return grad', convention=HALF_MSE, says="compute_error(y, tx, w) is read as compute_error's return value"),  # epfl-helper: zghonda/EPFL-Machine-Learning-Higgs-2019 scripts/gradient_descent.py and a copy's compute_error helper
    Row('code', 'def compute_error(y, tx, w):\n    return tx @ w - y\n\ndef compute_gradient(y, tx, w):\n    error = compute_error(y, tx, w)\n    N = y.shape[0]\n    grad = -1/N * (np.transpose(tx) @ error)\n    return grad', 'wrong', 'sign-flipped', convention=HALF_MSE),  # epfl-helper-sign: zghonda/EPFL-Machine-Learning-Higgs-2019 scripts/gradient_descent.py and a copy's compute_error helper
    Row('code', 'def predict(X, w):\n    return X @ w\n\ndef gradient(X, y, w):\n    return 2 * X.T @ (predict(X, w) - y) / X.shape[0]', convention=MSE),  # predict-helper-mse: a from-scratch module: predict(X, w) then gradient() calling it (MSE)
    Row('code', 'def predict(X, w):\n    return X @ w\n\ndef gradient(X, y, w):\n    return X.T @ (predict(X, w) - y) / X.shape[0]', 'wrong', 'forgot-two', convention=MSE),  # predict-helper-mse-no2: a from-scratch module: predict(X, w) then gradient() calling it (MSE)
    Row('code', 'def gradient(x, y, theta):\n    return (x.T @ (x @ theta - y)) / y.shape[0]', convention=HALF_MSE),  # bootcamp: ygarrot/bootcamp_machine-learning module07/ex05/gradient.py
    Row('code', 'y_pred = X @ w + b\ngrad_w = 2 * np.mean((y_pred - y)[:, None] * X, axis=0)\ngrad_b = 2 * np.mean(y_pred - y)', convention=MSE_B, says='is read as (y_pred - y) @ X'),  # none-mean: a train_step with Adagrad: 2 * np.mean((y_pred - y)[:, None] * X, axis=0)
    Row('code', 'y_pred = X @ w + b\ngrad_w = 2 * np.mean((y_pred - y)[:, None] * X, axis=1)\ngrad_b = 2 * np.mean(y_pred - y)', 'parse-error', convention=MSE_B, says='adds up over the features of each sample (axis=1)'),  # none-mean-axis1: a train_step with Adagrad: 2 * np.mean((y_pred - y)[:, None] * X, axis=0)
    Row('code', 'y_pred = X @ w + b\ngrad_w = np.mean((y_pred - y)[:, None] * X, axis=0)\ngrad_b = np.mean(y_pred - y)', 'wrong', 'forgot-two', convention=MSE_B),  # none-mean-no2: a train_step with Adagrad: 2 * np.mean((y_pred - y)[:, None] * X, axis=0)
    Row('loops', 'for epoch in range(epochs):\n    z = np.dot(x, w) + b\n    dw = np.mean((z - y)[:, None] * x, axis=0)\n    db = np.mean(z - y)\n    w -= lr * dw\n    b -= lr * db\n    if epoch % 100 == 0:\n        print(epoch)', target='update', convention=HALF_MSE_B, says='is read as one step'),  # none-epoch: a logistic demo's epoch loop (np.mean((y_pred - y)[:, None] * x, axis=0)), made linear
    Row('code', '-2 * np.mean((y - np.dot(X, w)).reshape(-1, 1) * X, axis=0)', convention=MSE),  # reshape-mean: a course library's mse gradient: -2 * np.mean((y - X @ w).reshape(-1, 1) * X, axis=0)
    Row('code', '2 * np.mean((y - np.dot(X, w)).reshape(-1, 1) * X, axis=0)', 'wrong', 'sign-flipped', convention=MSE),  # reshape-mean-sign: a course library's mse gradient: -2 * np.mean((y - X @ w).reshape(-1, 1) * X, axis=0)
    Row('code', 'np.sum((np.dot(X, theta) - y) * X, axis=0)', 'parse-error', says='numpy pairs the vector'),  # reshape-sum-nocolumn: a course library's mse gradient: -2 * np.mean((y - X @ w).reshape(-1, 1) * X, axis=0)
    Row('code', 'e = X @ w - y\ng = (e[:, np.newaxis] * X).mean(axis=0)', convention=HALF_MSE),  # newaxis-mean: the np.newaxis spelling
    Row('code', 'e = X @ w - y\ng = np.sum(X * e.reshape(-1, 1), axis=0)'),  # sum-reshape: np.sum(X * e.reshape(-1, 1), axis=0)
    Row('code', 'e = X @ w - y\ng = np.sum(X * e.reshape(-1, 1))', 'parse-error', says='is a column (one row per sample)'),  # sum-all: np.sum(X * e.reshape(-1, 1), axis=0)
    Row('code', "error = X @ w - y\ndw = (1/m) * np.einsum('ij,i->j', X, error)", convention=HALF_MSE),  # einsum: np.einsum('ij,i->j', X, error): a README's 'instead of X.T @ error' and a vectorised model's fit
    Row('code', "error = X @ w - y\ndw = (1/m) * np.einsum('ij,j->i', X, error)", 'parse-error', convention=HALF_MSE),  # einsum-wrongaxis: np.einsum('ij,i->j', X, error): a README's 'instead of X.T @ error' and a vectorised model's fit
    Row('code', "def _gradient(self, X, y_true, y_pred):\n    return np.einsum('ij,i->j', X, y_pred - y_true) / len(y_true)", convention=HALF_MSE),  # einsum-method: np.einsum('ij,i->j', X, error): a README's 'instead of X.T @ error' and a vectorised model's fit
    Row('code', "error = X @ self.weights + self.bias - y\nself.weights -= lr * np.einsum('ij,i->j', X, error) / len(X)\nself.bias -= lr * np.mean(error)", target='update', convention=HALF_MSE_B),  # einsum-update: np.einsum('ij,i->j', X, error): a README's 'instead of X.T @ error' and a vectorised model's fit
    Row('loops', 'def fit(self, X, y):\n    self.w_ = np.zeros(1 + X.shape[1])\n    self.cost_ = []\n    for i in range(self.n_iter):\n        output = self.net_input(X)\n        errors = (y - output)\n        self.w_[1:] += self.eta * X.T.dot(errors)\n        self.w_[0] += self.eta * errors.sum()\n        cost = (errors ** 2).sum() / 2.0\n        self.cost_.append(cost)\n    return self\n\ndef net_input(self, X):\n    return np.dot(X, self.w_[1:]) + self.w_[0]', target='update', says="the loop 'for i in range(self.n_iter):' is read as one step"),  # adaline-fit: amir-jafari/Machine-Learning Lectures/04-Adaline/AdalineGD.py (Raschka's AdalineGD.fit)
    Row('loops', 'def fit(self, X, y):\n    self.w_ = np.zeros(1 + X.shape[1])\n    for i in range(self.n_iter):\n        output = self.net_input(X)\n        errors = (y - output)\n        self.w_[1:] += self.eta * X.T.dot(errors)\n    return self\n\ndef net_input(self, X):\n    return np.dot(X, self.w_[1:]) + self.w_[0]', 'parse-error', target='update', says='the bias self.w_[0] never is'),  # adaline-fit-nobias: amir-jafari/Machine-Learning Lectures/04-Adaline/AdalineGD.py (Raschka's AdalineGD.fit)
    Row('loops', 'def fit(self, X, y):\n    self.w_ = np.zeros(1 + X.shape[1])\n    for i in range(self.n_iter):\n        output = self.net_input(X)\n        errors = (y - output)\n        self.w_[1:] -= self.eta * X.T.dot(errors)\n        self.w_[0] -= self.eta * errors.sum()\n    return self\n\ndef net_input(self, X):\n    return np.dot(X, self.w_[1:]) + self.w_[0]', 'wrong', 'gradient-ascent', target='update'),  # adaline-fit-minus: amir-jafari/Machine-Learning Lectures/04-Adaline/AdalineGD.py (Raschka's AdalineGD.fit)
    Row('loops', 'n_samples, n_features = X.shape\nself.weight = np.zeros(shape=(n_features))\nself.bias = 0\nfor _ in range(self.n_iter):\n    y_predicted = np.dot(X, self.weight) + self.bias\n    dw = (1/n_samples) * np.dot(X.T, (y_predicted - y))\n    db = (1/n_samples) * np.sum(y_predicted - y)\n    self.weight = self.weight - (self.learning_rate) * dw\n    self.bias = self.bias - (self.learning_rate) * db', target='update', convention=HALF_MSE_B),  # ketkar-fit: Linear Regression from Scratch (A. Ketkar): fit with np.dot(X.T, y_predicted - y)
    Row('loops', 'n_samples, n_features = X.shape\nfor _ in range(self.n_iter):\n    self.weight = self.weight - self.learning_rate * (1/n_samples) * np.dot(X.T, np.dot(X, self.weight) + self.bias - y)\n    self.bias = self.bias - self.learning_rate * (1/n_samples) * np.sum(np.dot(X, self.weight) + self.bias - y)', 'wrong', target='update', convention=HALF_MSE_B),  # ketkar-fit-wb-order: Linear Regression from Scratch (A. Ketkar): fit with np.dot(X.T, y_predicted - y)
    Row('code', 'def update_weights(self):\n    Y_prediction = self.predict(self.X)\n    dw = -(2 * self.X.T).dot(self.Y - Y_prediction) / self.m\n    db = -2 * np.sum(self.Y - Y_prediction) / self.m\n    self.w -= self.learning_rate * dw\n    self.b -= self.learning_rate * db\n\ndef predict(self, X):\n    return X.dot(self.w) + self.b', target='update', convention=MSE_B),  # fa1zali: fa1zali/machine_learning: update_weights() calling self.predict()
    Row('code', 'def update_weights(self):\n    Y_prediction = self.predict(self.X)\n    dw = (2 * self.X.T).dot(self.Y - Y_prediction) / self.m\n    db = 2 * np.sum(self.Y - Y_prediction) / self.m\n    self.w -= self.learning_rate * dw\n    self.b -= self.learning_rate * db\n\ndef predict(self, X):\n    return X.dot(self.w) + self.b', 'wrong', 'gradient-ascent', target='update', convention=MSE_B),  # fa1zali-sign: fa1zali/machine_learning: update_weights() calling self.predict()
    Row('loops', 'def gradientDescent(X, y, theta, alpha, num_iters):\n    m = len(y)\n    J_history = np.zeros(num_iters)\n    for i in range(num_iters):\n        theta = theta - (alpha / m) * X.T.dot(X.dot(theta) - y)\n        J_history[i] = computeCost(X, y, theta)\n    return theta, J_history', target='update', convention=HALF_MSE, says='is not read: a record of the epochs'),  # ex1-epoch: olivierpikeroen/ML-DLAI and charleseagle/Machine-Learning-Coursera-Python gradientDescent.py
    Row('loops', 'def gradientDescent(X, y, theta, alpha, num_iters):\n    m = len(y)\n    J_history = np.zeros(num_iters)\n    for iter in range(num_iters):\n        theta = theta - (alpha/m)*X.T*(X*theta - y)\n        J_history[iter] = computeCost(X, y, theta)\n    return theta, J_history', 'parse-error', target='update', convention=HALF_MSE, says='adds things of different shapes'),  # ex1-epoch-elementwise: olivierpikeroen/ML-DLAI and charleseagle/Machine-Learning-Coursera-Python gradientDescent.py
    Row('loops', 'for i in range(num_iters):\n    theta = theta - (alpha / (i + 1)) * X.T @ (X @ theta - y)', 'parse-error', target='update', says='the index i of the loop over the epochs is read'),  # ex1-epoch-decay: olivierpikeroen/ML-DLAI and charleseagle/Machine-Learning-Coursera-Python gradientDescent.py
    Row('loops', 'for i in range(num_iter):\n    error = X @ theta[1:] + theta[0] - y\n    grad = X.T.dot(error)\n    theta[0] = theta[0] - alpha * error.sum()\n    theta[1:] = theta[1:] - alpha * grad', target='update'),  # theta0-slice: a course's gradient loop: theta[0] -= alpha * error.sum(); theta[1:] -= alpha * X.T.dot(error)
    Row('code', 'theta[0] = theta[0] - alpha * (X @ theta[1:] + theta[0] - y).sum()\ntheta[1:] = theta[1:] - alpha * X.T.dot(X @ theta[1:] + theta[0] - y)', 'wrong', target='update', says='is read after it was updated'),  # theta0-slice-first: a course's gradient loop: theta[0] -= alpha * error.sum(); theta[1:] -= alpha * X.T.dot(error)
    Row('code', 'e = X @ w[1:] + w[0] - y\nw[0] -= eta * e.sum()\nw[1:] -= eta * X.T @ e', target='update'),  # w0-bias: w[0] as the bias
    Row('code', 'e = X @ w[1:] + w[0] - y\nw[0] -= eta * e.mean()\nw[1:] -= eta * X.T @ e', 'wrong', 'used-mean', target='update'),  # w0-bias-mean: w[0] as the bias
    Row('loops', 'm = X.shape[0]\nh = X @ theta\nfor j in range(theta.shape[0]):\n    theta[j] = theta[j] - alpha * np.sum((h - y) * X[:, j]) / m', target='update', convention=HALF_MSE, says='X[:, j] is read as the column j of X'),  # thetaj-loop: an ex1 port with theta[j] in a loop over the features
    Row('loops', 'm, n = X.shape\ngrad = np.zeros(n)\ne = X @ w - y\nfor j in range(n):\n    grad[j] = np.sum(e * X[:, j]) / m\nreturn grad', convention=HALF_MSE),  # grad-j-loop: grad[j] in a loop over the features
    Row('loops', 'm, n = X.shape\ngrad = np.zeros(n)\ne = X @ w - y\nfor j in range(n):\n    grad[j] = np.sum(e * X[:, 1]) / m\nreturn grad', 'wrong', convention=HALF_MSE),  # grad-j-loop-col1: grad[j] in a loop over the features
    Row('loops', 'def gradient(x, y, theta):\n    ret = np.zeros((x.shape[1], 1))\n    for j in range(0, x.shape[1]):\n        val = 0\n        for i in range(0, x.shape[0]):\n            val += (x[i].dot(theta) - y[i]) / x.shape[0] * x[i][j]\n        ret[j] = val\n    return ret', convention=HALF_MSE),  # cesarsld: cesarsld/bootcamp_ml day00/ex11/gradient.py
    Row('loops', 'temp1 = 0\ntemp2 = 0\nfor x in range(m):\n    temp1 += ((theta[0] + theta[1] * X[x, 1]) - Y[x]) * X[x, 0]\n    temp2 += ((theta[0] + theta[1] * X[x, 1]) - Y[x]) * X[x, 1]\ntheta[0] = theta[0] - alpha * (1 / m) * temp1\ntheta[1] = theta[1] - alpha * (1 / m) * temp2', 'parse-error', target='update', convention=HALF_MSE, says="the loop 'for x in range(m):'"),  # temp12: an ex1 port: temp1/temp2 over theta[0], theta[1] (weights by number, one feature)
    Row('loops', 'temp1 = 0\ntemp2 = 0\nfor x in range(m):\n    temp1 += ((theta[0] + theta[1] * X[x, 1]) - Y[x])\n    temp2 += ((theta[0] + theta[1] * X[x, 1]) - Y[x])\ntheta[0] = theta[0] - alpha * (1 / m) * temp1\ntheta[1] = theta[1] - alpha * (1 / m) * temp2', 'parse-error', target='update', convention=HALF_MSE),  # temp12-wrong: an ex1 port: temp1/temp2 over theta[0], theta[1] (weights by number, one feature)
    Row('code', 'y_pred = X @ w + b\nY_grad = 2 * (y_pred - y)\nw -= learning_rate * Y_grad @ X / n\nb -= learning_rate * Y_grad.mean()', target='update', convention=MSE_B),  # skmini: Djacon/skmini linear_model/_regression.py: Y_grad @ X / n
    Row('code', 'y_pred = X @ w + b\nY_grad = 2 * (y_pred - y)\nw -= learning_rate * Y_grad @ X / n\nb -= learning_rate * Y_grad.sum()', 'wrong', 'forgot-mean', target='update', convention=MSE_B),  # skmini-nomean: Djacon/skmini linear_model/_regression.py: Y_grad @ X / n
    Row('code', 'h = X @ theta\ngrad_j = np.sum(np.multiply(h - y, X[:, j])) / len(y)', convention=HALF_MSE),  # multiply: np.multiply in an ex1 port
    Row('code', 'e = X @ w - y\ng = np.sum(X.T * e, axis=1)', says='is read as X.T @ e'),  # T-sum-axis1: np.sum(X.T * e, axis=1)
    Row('code', 'e = X @ w - y\ng = np.sum(X.T * e, axis=0)', 'parse-error'),  # T-sum-axis0: np.sum(X.T * e, axis=1)
    Row('loops', 'def net_input(X, w):\n    return X @ w[1:] + w[0]\n\ndef train(X, y, w, eta, n_iter):\n    for _ in range(n_iter):\n        errors = y - net_input(X, w)\n        w[1:] = w[1:] + eta * X.T @ errors\n        w[0] = w[0] + eta * errors.sum()\n    return w', target='update'),  # adaline-funcs: amir-jafari/Machine-Learning Lectures/04-Adaline/AdalineGD.py (Raschka's AdalineGD.fit)
    Row('loops', 'grad = X.T @ (X @ w - y)\nfor _ in range(n_iter):\n    w = w - eta * grad', 'parse-error', target='update', says='computed from the weights before the loop over the epochs'),  # stale-grad: our own wrong variant
    Row('loops', 'errors = y - X @ w\nfor _ in range(n_iter):\n    w = w + eta * X.T @ errors', 'parse-error', target='update', says='computed from the weights before the loop over the epochs'),  # stale-err: our own wrong variant
    Row('loops', 'for _ in range(n_iter):\n    w = w - eta * X.T @ (X @ w - y)', target='update'),  # epoch-ok: our own wrong variant
    Row('loops', 'for _ in range(1000):\n    w -= eta * X.T @ (X @ w - y)', target='update'),  # epoch-const: our own wrong variant
    Row('loops', 'for _ in range(n_iter):\n    for xi, target in zip(X, y):\n        w += eta * (target - xi @ w) * xi', 'parse-error', target='update', says='one step per sample'),  # epoch-sgd: our own wrong variant
    Row('loops', 'for epoch in range(epochs):\n    g = 0\n    for xi, target in zip(X, y):\n        g += (target - np.dot(xi, w)) * xi\n    w = w + eta * g', target='update'),  # epoch-batchloop: our own wrong variant
    Row('loops', 'for epoch in range(epochs):\n    g = 0\n    for xi, target in zip(X, y):\n        g += (target - np.dot(xi, w)) * xi\n    w = w - eta * g', 'wrong', 'gradient-ascent', target='update'),  # epoch-batchloop-sign: our own wrong variant
    Row('loops', 'for _ in range(n_iter):\n    y_hat = X @ w + b\n    w = w - eta * X.T @ (y_hat - y) / n\n    b = b - eta * np.sum(y_hat - y) / n', target='update', convention=HALF_MSE_B),  # epoch-grad-not-in-loop-b: our own wrong variant
    Row('loops', 'for _ in range(n_iter):\n    y_hat = X @ w + b\n    w = w - eta * X.T @ (y_hat - y) / n', 'parse-error', target='update', convention=HALF_MSE_B, says='b is read in the loop over the epochs and never changed'),  # epoch-b-left-out: our own wrong variant
    Row('code', 'def predict(w, X):\n    return X @ w\ndef gradient(X, y, w):\n    return X.T @ (predict(X, w) - y)', 'parse-error'),  # helper-swapped: our own wrong variant
    Row('code', 'def f(X, w):\n    return f(X, w)\ndef gradient(X, y, w):\n    return X.T @ (f(X, w) - y)', 'parse-error', says="does not pass f's parameters"),  # helper-recursive: our own wrong variant
    Row('code', 'e = X @ w[1:] + w[0] - y\nw[1:] -= eta * X.T @ e\nw[0] -= eta * (X @ w[1:] + w[0] - y).sum()', 'wrong', target='update'),  # bias-after-w: our own wrong variant
    Row('code', 'e = X @ w[1:] + w[0] - y\nw[0] -= eta * e.sum()', 'wrong', target='update'),  # bias-only: our own wrong variant
    Row('code', 'e = X @ w[1:] + w[0] - y\nw[0] -= eta * X.T @ e\nw[1:] -= eta * X.T @ e', 'wrong', target='update'),  # bias-vector: our own wrong variant
    Row('code', 'e = X @ w - y\ng = np.sum(e[:, None] * X.T, axis=0)', 'parse-error'),  # none-T: our own wrong variant
    Row('code', 'e = X @ w - y\ng = np.sum(X[:, None] * e, axis=0)', 'parse-error'),  # X-column: our own wrong variant
    Row('code', 'e = X @ w - y\ng = np.sum(e.reshape(1, -1) * X, axis=0)', 'parse-error'),  # row-reshape: our own wrong variant
    Row('code', "e = X @ w - y\ng = np.einsum('ij,i->j', e, X)", 'parse-error'),  # einsum-swapped: np.einsum('ij,i->j', X, error): a README's 'instead of X.T @ error' and a vectorised model's fit
    Row('code', "e = X @ w - y\ng = np.einsum('ji,j->i', X, e)"),  # einsum-ji: np.einsum('ij,i->j', X, error): a README's 'instead of X.T @ error' and a vectorised model's fit
    Row('code', "e = X @ w - y\ng = np.einsum('ij,i', X, e)"),  # einsum-implicit: np.einsum('ij,i->j', X, error): a README's 'instead of X.T @ error' and a vectorised model's fit
    Row('code', "e = X @ w - y\ng = np.einsum('i,ij->j', e, X)"),  # einsum-i-ij: np.einsum('ij,i->j', X, error): a README's 'instead of X.T @ error' and a vectorised model's fit
    Row('code', 'e = X @ w - y\ng = np.sum(X.T * e)', 'parse-error'),  # XT-e-sumall: our own wrong variant
    Row('code', 'e = X @ w - y\ng = (X.T * e).sum()', 'parse-error'),  # XT-e-summethod: our own wrong variant
    Row('code', 'e = X @ w - y\ng = X.T * e', 'parse-error'),  # XT-e-plain: our own wrong variant
    Row('code', 'e = X @ w - y\ng = e * X', 'parse-error', says='entry by entry only where their shapes fit'),  # e-X-plain: our own wrong variant
    Row('code', 'e = X @ w - y\ng = np.mean(e[:, None] * X)', 'parse-error', convention=HALF_MSE),  # mean-axis-none: our own wrong variant
    Row('code', 'e = X @ w - y\ng = np.mean(e[:, None] * X, axis=0)', 'wrong', 'used-mean'),  # mean-wrong-sse: our own wrong variant
    Row('code', 'e = X @ w - y\ng = X.T @ e\nh = np.sum(e, axis=1)', 'parse-error'),  # sum-axis1-vector: np.sum(X * e.reshape(-1, 1), axis=0)
    Row('loops', 'def fit(X, y, w, eta, n_iter):\n    cost = []\n    for i in range(n_iter):\n        e = y - X @ w\n        w = w + eta * X.T @ e\n        cost.append((e ** 2).sum() / 2)\n    return w, cost', target='update', says='is not read: it records or prints'),  # epoch-cost-return: our own wrong variant
    Row('loops', 'J = np.zeros(n_iter)\nfor i in range(n_iter):\n    w = w - eta * X.T @ (X @ w - y)\n    J[i] = np.sum((X @ w - y) ** 2)\n    w = w - J[i] * w', 'parse-error', target='update'),  # epoch-history-read: our own wrong variant
    Row('loops', 'for a in range(n_iter):\n    for c in range(n_iter):\n        w = w - eta * X.T @ (X @ w - y)', 'parse-error', target='update', says='inside another loop'),  # epoch-nested: our own wrong variant
    Row('loops', 'class AdalineGD:\n    def __init__(self, eta=0.01, n_iter=50):\n        self.eta = eta\n        self.n_iter = n_iter\n    def fit(self, X, y):\n        self.w_ = np.zeros(1 + X.shape[1])\n        self.cost_ = []\n        for i in range(self.n_iter):\n            output = self.activation(self.net_input(X))\n            errors = y - output\n            self.w_[1:] += self.eta * X.T.dot(errors)\n            self.w_[0] += self.eta * errors.sum()\n            cost = (errors**2).sum() / 2.0\n            self.cost_.append(cost)\n        return self\n    def net_input(self, X):\n        return np.dot(X, self.w_[1:]) + self.w_[0]\n    def activation(self, X):\n        return X\n    def predict(self, X):\n        return np.where(self.activation(self.net_input(X)) >= 0.0, 1, -1)', target='update', says='activation, a function that returns one expression'),  # class-full: our own wrong variant
    Row('loops', 'class AdalineGD:\n    def fit(self, X, y):\n        self.w_ = np.zeros(1 + X.shape[1])\n        for i in range(self.n_iter):\n            output = self.net_input(X)\n            errors = y - output\n            self.w_[1:] += self.eta * X.T.dot(errors)\n            self.w_[0] += self.eta * errors.mean()\n        return self\n    def net_input(self, X):\n        return np.dot(X, self.w_[1:]) + self.w_[0]', 'wrong', 'used-mean', target='update'),  # class-full-mean: our own wrong variant
    Row('loops', 'rng = np.random.default_rng(0)\nw = rng.normal(size=X.shape[1])\nb = 0.\ncosts = []\nfor epoch in range(epochs):\n    e = X @ w + b - y\n    w -= eta * X.T @ e / len(y)\n    b -= eta * float(np.mean(e))\n    costs.append((e ** 2).mean() / 2)', target='update', convention=HALF_MSE_B, says="'w = rng.normal(size=X.shape[1])' is not read"),  # a random start before the epochs, float(np.mean(e)): our own
    Row('loops', 'rng = np.random.default_rng(0)\nw = rng.normal(size=X.shape[1])\nb = 0.\nfor epoch in range(epochs):\n    e = X @ w + b - y\n    w -= eta * X.T @ e / len(y)\n    b -= eta * float(np.sum(e))', 'wrong', 'forgot-mean', target='update', convention=HALF_MSE_B),  # our own wrong variant
    Row('loops', 'def fit(self, X, y):\n    self.w_ = np.zeros(1 + X.shape[1])\n    for _ in range(self.n_iter):\n        errors = y - self.net_input(X)\n        self.w_[1:] += self.eta * X.T.dot(errors)\n        self.w_[0] += self.eta * errors.sum()\n        print(self.w_)\n    return self\n\ndef net_input(self, X):\n    return np.dot(X, self.w_[1:]) + self.w_[0]', target='update', says="'print(self.w_)' is not read"),  # jeongwhanchoi/jbnu-ai-course ml_module/adaline.py (held out, then read)
    Row('code', 'm = len(y)\ntheta = theta - (alpha/m)*X.T*(X*theta - y)', 'parse-error', target='update', convention=HALF_MSE, says='adds things of different shapes'),  # charleseagle's step without its loop (np.matrix code run on arrays)
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
    + CODE
    + DEFINITIONS
    + SINGLE
    + GLUED
    + PRIME
    + TARGETS
    + LABELS
    + MATLAB
    + LOOPS
    + ONEFEATURE
    + REAL_CODE
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
