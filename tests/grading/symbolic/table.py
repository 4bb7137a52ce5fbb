"""The table of answers and the verdicts they must get.

Correct forms that must be accepted, each catalogue mistake, the other wrong
kinds, syntax errors and hostile strings that must be rejected.  ``FILE`` in an
answer stands for a path that must never be created (see ``test_safety.py``).

Run ``python tests/grading/symbolic/table.py`` to print every verdict.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from gdgrade.grading.symbolic.limits import DEFAULT_LIMITS
from gdgrade.reference import DEFAULT, Convention

SSE = Convention(loss="sse")
MSE = Convention(loss="mse")
HALF_MSE = Convention(loss="half_mse")
SEPARATE = Convention(bias="separate")

G = "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"  # the design's gradient
U = "eta*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"  # and update
E = r"\left(y^{(i)} - \phi(z^{(i)})\right)"  # the error in LaTeX


# Right, but every comparison expands twelve 14th powers: more than a minute of work in
# a few thousand evaluation steps, so only the clock stops it (the budgets' tests).
SLOW = G + "".join(
    f" + ({k} + y[1] + w[0] + w[1] + x[1, 1])**14"
    f" - ({2 * k} + 2*y[1] + 2*w[0] + 2*w[1] + 2*x[1, 1])**14/16384"
    for k in range(1, 7)
)


@dataclass(frozen=True)
class Row:
    """One answer and the verdict it must get."""

    answer: str
    kind: str = "ok"
    mistake: str | None = None
    target: str = "gradient"
    convention: Convention = DEFAULT
    says: str = ""  # a piece of the message
    hostile: bool = False  # must be refused quickly


ACCEPTED = [
    # sympy syntax
    Row(G),
    Row("Sum((phi(z[i]) - y[i])*x[i, j], (i, 1, n))"),  # both signs moved inside
    Row("Sum(-(y[i] - phi(z[i]))*x[i, j], (i, 1, n))"),
    Row("Sum(phi(z[i])*x[i, j], (i, 1, n)) - Sum(y[i]*x[i, j], (i, 1, n))"),  # split sums
    Row("-Sum((y[i] - z[i])*x[i, j], (i, 1, 1)) - Sum((y[i] - z[i])*x[i, j], (i, 2, n))"),
    Row("-Sum((y[i] - Sum(w[k]*x[i, k], (k, 0, m)))*x[i, j], (i, 1, n))"),  # explicit net input
    Row("-Sum((y[i] - w[0] - Sum(w[k]*x[i, k], (k, 1, m)))*x[i, j], (i, 1, n))"),
    Row("-Sum((y[s] - Sum(w[l]*x[s, l], (l, 0, m)))*x[s, j], (s, 1, n))"),  # renamed dummies
    Row("Sum(Sum(w[k]*x[i, k]*x[i, j], (i, 1, n)), (k, 0, m)) - Sum(y[i]*x[i, j], (i, 1, n))"),
    Row("Sum(w[k]*x[i, k]*x[i, j], (k, 0, m), (i, 1, n)) - Sum(y[i]*x[i, j], (i, 1, n))"),
    Row("-Rational(1, 2)*Sum(2*(y[i] - phi(z[i]))*x[i, j], (i, 1, n))"),
    Row("-0.5*Sum(2*(y[i] - phi(z[i]))*x[i, j], (i, 1, n))"),
    Row("-Sum((y[i] - phi(z[i]))*x[i][j], (i, 1, n))"),
    Row("-Sum((y[i] - phi(phi(z[i])))*x[i, j], (i, 1, n))"),
    Row("-Sum((y[i]-phi(z[i]))*x[i,j],(i,1,n))*exp(0) + log(1)"),
    Row("dJ/dw_j = " + G),  # judged on the right-hand side
    Row("-Sum((y[i] - phi(z[i]))*x[i, j],\n    (i, 1, n))"),  # a triple-quoted string
    Row("-Sum((y[i] - phi(z[i]))*x[i, j], i)"),  # the range follows from x[i, j]
    # LaTeX
    Row(rf"-\sum_{{i=1}}^{{n}} {E} x_j^{{(i)}}"),
    Row(rf"\frac{{\partial J}}{{\partial w_j}} = -\sum_{{i=1}}^{{n}} {E} x_j^{{(i)}}"),
    Row(r"-\sum_i \left(y^{(i)} - \phi\left(z^{(i)}\right)\right) x^{(i)}_j"),
    Row(r"\sum_i (\varphi(z_i) - y_i) \cdot x_{ij}"),
    Row(r"$-\sum_{i=1}^n \left[ y_i - z_i \right] x_{i,j}$"),
    Row(r"-\sum_{i=1}^{n} \left(y^{(i)} - \sum_{k=0}^{m} w_k x_k^{(i)}\right) x_j^{(i)}"),
    Row(r"-\sum_i \left(y^{(i)} - \sum_j w_j x_j^{(i)}\right) x_j^{(i)}"),  # j bound inside
    Row(r"\frac{1}{2} \sum_{i=1}^{n} 2 \left(\phi(z^{(i)}) - y^{(i)}\right) x_j^{(i)}"),
    Row(rf"-\frac12 \sum_i 2 {E} \, x_j^{{(i)}}"),
    Row(r"- \sum_{i=1}^{n} ( y^{(i)} - z^{(i)} ) \times x_j^{(i)}"),
    Row(r"−∑_i (y^{(i)} − φ(z^{(i)})) x_j^{(i)}"),  # unicode minus, sum and phi
    # the update
    Row(U, target="update"),
    Row("-eta*(" + G + ")", target="update"),  # -eta times the gradient
    Row("Sum(eta*(y[i] - phi(z[i]))*x[i, j], (i, 1, n))", target="update"),
    Row("Delta_w[j] = " + U, target="update"),
    Row(rf"\Delta w_j = \eta \sum_{{i=1}}^{{n}} {E} x_j^{{(i)}}", target="update"),
    Row(rf"\Delta w_j = -\eta \cdot \left(-\sum_i {E} x_j^{{(i)}}\right)", target="update"),
    Row(r"η \sum_i (y_i - z_i) x_{ij}", target="update"),
    # other conventions
    Row("-2*" + G[1:], convention=SSE),
    Row("-2/n*" + G[1:], convention=MSE),
    Row(G + "/n", convention=HALF_MSE),
    Row("2*eta*" + U[4:], target="update", convention=SSE),
    Row(G, convention=SEPARATE),  # the w_j formula covers b as j = 0
    Row("-Sum((y[i] - b - Sum(w[k]*x[i, k], (k, 1, m)))*x[i, j], (i, 1, n))", convention=SEPARATE),
]

MISTAKES = [
    Row(G[1:], "wrong", "sign-flipped", says="sign is flipped"),
    Row(rf"\sum_{{i=1}}^{{n}} {E} x_j^{{(i)}}", "wrong", "sign-flipped"),
    Row("-2*" + G[1:], "wrong", "forgot-half", says="factor 1/2"),
    Row(G + "/2", "wrong", "forgot-two", says="factor 2"),
    Row(G, "wrong", "forgot-two", convention=SSE),  # half SSE's answer under SSE
    Row(G + "/n", "wrong", "used-mean", says="divided by n"),
    Row("-2*" + G[1:], "wrong", "forgot-mean", convention=MSE, says="1/n"),
    Row("-Sum(y[i] - phi(z[i]), (i, 1, n))", "wrong", "missing-x", says="x[i, j] is missing"),
    Row(r"-\sum_i (y^{(i)} - \phi(z^{(i)}))", "wrong", "missing-x"),
    Row("-Sum((y[i] - phi(z[i]))*x[j, i], (i, 1, n))", "wrong", "x-indices-swapped"),
    Row("-Sum((y[i] - phi(z[i]))*w[j], (i, 1, n))", "wrong", "w-instead-of-x"),
    Row("-Sum((y[i] - phi(z[i]))**2*x[i, j], (i, 1, n))", "wrong", "error-squared"),
    Row("-(y[i] - phi(z[i]))*x[i, j]", "free-index", "no-sum", says="sum over the samples"),
    Row(r"-(y^{(k)} - \phi(z^{(k)})) x_j^{(k)}", "free-index", "no-sum"),
    Row("-" + U, "wrong", "gradient-ascent", target="update", says="gradient ascent"),
    Row(G[1:], "wrong", "missing-eta", target="update", says="eta is missing"),
    Row(G, "wrong", "update-is-gradient", target="update"),
    Row("w[j] + " + U, "wrong", "weight-not-change", target="update", says="new weight"),
    Row("2*" + U, "wrong", "forgot-half", target="update", says="wrong gradient"),
    Row("eta*Sum(y[i] - phi(z[i]), (i, 1, n))", "wrong", "missing-x", target="update"),
]

OTHER_WRONG = [
    Row("-3*" + G[1:], "wrong", says="at n = 1, m = 1, j = 0"),
    Row("-Sum((y[i] - w[j]*x[i, j])*x[i, j], (i, 1, n))", "wrong", says="n = 1, m = 1, j = 0"),
    Row("-Sum((y[i] - phi(z[i]))*x[i, j], (i, 0, n))", "wrong-range", says="y[0]"),
    Row("-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n - 1))", "wrong-range", says="would be right"),
    Row(rf"-\sum_{{i=0}}^{{n}} {E} x_j^{{(i)}}", "wrong-range", says="numbered 1..n"),
    Row("-Sum((y[i] - phi(z[i]))*x[i, k], (i, 1, n))", "free-index", says="index k"),
    Row("-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))/(n - 1)", "wrong", says="divides by zero"),
    Row("-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))/y[1]", "wrong", says="divides by y[1]"),
    Row("sqrt(2)*" + G, "wrong", says="not a polynomial"),
]

# Issue 10, attack 7: wrong answers whose difference from the gradient vanishes at
# every n <= 4, m <= 3.  Each was judged right when equality was checked only at
# those sizes; the sizes are now chosen from the answer (grading/symbolic/sizes.py).
PRODUCT_N = "*".join(f"(n - {k})" for k in range(1, 13))  # zero for every n <= 12
SOUNDNESS = [
    Row(G + " + Sum(y[k]*x[k, j], (k, 5, n))", "wrong", says="at n = 5, m = 1"),
    Row(G + " + (n - 1)*(n - 2)*(n - 3)*(n - 4)*y[1]", "wrong", says="at n = 5"),
    Row(G + "*(1 + (n - 1)*(n - 2)*(n - 3)*(n - 4))", "wrong", says="at n = 5"),
    Row(G + " + (n - 1)*(n - 2)*(n - 3)*(n - 4)*x[5, j]", "wrong-range", says="x[5, 0]"),
    Row(G + " + Sum(y[i]*x[i, j], (i, 3, n - 3))", "wrong", says="at n = 6, m = 1"),
    Row(G + " + (m - 1)*(m - 2)*(m - 3)*y[1]", "wrong", says="m = 4"),
    Row(G + " + Sum(w[k]*x[1, k], (k, 4, m))", "wrong", says="m = 4"),
    Row(
        G + " + (n - 1)*(n - 2)*(n - 3)*(n - 4)*(m - 1)*(m - 2)*(m - 3)*y[1]",
        "wrong",
        says="n = 5, m = 4",
    ),
    Row(G + " + j*(j - 1)*(j - 2)*(j - 3)*y[1]*x[1, j]", "wrong", says="j = 4"),
    Row(
        G + " + Sum((i - 1)*(i - 2)*(i - 3)*(i - 4)*y[i]*x[i, j], (i, 1, n))", "wrong", says="n = 5"
    ),
    Row(r"-\sum_{i=1}^{n} " + E + r" x_j^{(i)} + \sum_{k=5}^{n} y_k x_{kj}", "wrong", says="n = 5"),
    Row(
        "eta*" + G[1:] + " + eta*(n - 1)*(n - 2)*(n - 3)*(n - 4)*y[1]",
        "wrong",
        target="update",
        says="n = 5",
    ),
    Row(G + "*(n**2 - 100*n)/(n*(n - 100))", "wrong", says="divides by zero at n = 100"),
    # equal wherever it can be compared, but not provably everywhere: withheld, never accepted
    Row(G + " + " + PRODUCT_N + "*y[1]", "too-complex", says="sizes up to n = 15"),
    Row(G + " + " + PRODUCT_N + "*Sum(y[2*i], (i, 1, n))", "too-complex", says="2*i cannot be"),
    Row(G + " + " + PRODUCT_N + "*Sum(y[i]/(i + 1), (i, 1, n))", "too-complex", says="index i"),
    # right answers in unusual but honest forms stay right, at the default sizes
    Row("-Sum((y[i + 1] - phi(z[i + 1]))*x[i + 1, j], (i, 0, n - 1))", says="36 sizes"),
    Row("-Sum((y[n + 1 - t] - phi(z[n + 1 - t]))*x[n + 1 - t, j], (t, 1, n))", "too-complex"),
    Row("-2/n*" + G[1:], convention=MSE, says="36 sizes"),
]

UNREADABLE = [
    Row("", "empty"),
    Row("   \n ", "empty"),
    Row("dJ/dw_j = ", "empty"),
    Row("-theta*Sum(x[i, j], (i, 1, n))", "unknown-symbol", says="column 2"),
    Row("-Sum((y_i - phi(z[i]))*x[i, j], (i, 1, n))", "unknown-symbol", says="y[i]"),
    Row("-Sum((y[i] - b)*x[i, j], (i, 1, n))", "unknown-symbol", says="the bias is w[0]"),
    Row(r"-\sum_i (y^{(i)} - \kappa) x_j^{(i)}", "unknown-symbol", says="'κ'"),
    Row(r"-\sum_i e^{(i)} x_j^{(i)}", "unknown-symbol", says="e^{(i)} is not defined"),
    Row("Derivative(J, w[j])", "unknown-symbol", says="'J'"),
    Row("-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n)", "parse-error", says="column 5"),
    Row("-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n)))", "parse-error", says="column 44"),
    Row("-Sum(2x[i, j], (i, 1, n))", "parse-error", says="2*x[i, j]"),
    Row("-Sum(x[i, j], (i, 1, n)) +", "parse-error", says="ends too early"),
    Row("-Sum(x[i, j] (i, 1, n))", "parse-error", says="Sum needs limits"),
    Row("-Sum(x[i], (i, 1, n))", "parse-error", says="'x' takes 2 indices"),
    Row("x[i, j]**0.5", "parse-error", says="whole numbers"),
    Row("x[i, j] == 1", "parse-error", says="comparison"),
    Row("Derivative(Sum(x[i, j], (i, 1, n)), w[j])", "parse-error", says="steps only"),
    Row(r"-\sum_{i=1}^{n} \left(y^{(i)} - \phi(z^{(i)}) x_j^{(i)}", "parse-error", says="')'"),
    Row(r"\frac{1}{2 \sum_i", "parse-error", says="'}'"),
    Row(r"-\sum_{i=1}^{n} x_j^{(i)} \cdot", "parse-error", says="ends too early"),
    Row(r"x^{(i)}", "free-index", says="which sample i is"),
    Row(r"\sum \eta x_j^{(i)}", "wrong", says="runs over i, the samples"),
    Row(r"\sum \eta", "parse-error", says="what the sum runs over"),
    # code, never run
    Row("__import__('os').system('touch FILE')", "parse-error", says="column 1"),
    Row("exec(\"open('FILE', 'w')\")", "parse-error", says="'exec(...)' is not a function"),
    Row("eval('1')", "parse-error"),
    Row("(lambda: __import__('os').system('touch FILE'))()", "parse-error", says="lambda"),
    Row("Sum.__globals__['__builtins__']", "parse-error", says="attribute"),
    Row("phi.__class__.__base__", "parse-error", says="attribute"),
    Row("[x for x in ().__class__.__base__.__subclasses__()]", "parse-error"),
    Row('f\'{__import__("os").system("touch FILE")}\'', "parse-error"),
    Row("'touch FILE'", "parse-error", says="literals"),
    Row("(X*w - y)'*system('touch FILE')", "parse-error"),  # a transpose, then a string
    Row("X'*y - X'*X*w + 0*eval('1')", "parse-error"),
    Row("(y := 1)", "parse-error"),
    Row("x[i, j] if 1 else 2", "parse-error", says="if-expression"),
    Row("__builtins__", "parse-error"),
    Row("Sum(x[i, j], (i, 1, n), **{'evaluate': 1})", "parse-error", says="plain arguments"),
    Row("getattr(x, '__class__')", "parse-error", says="not a function"),
    Row(r"\input{FILE}", "unknown-symbol", says=r"\input"),
    # hostile: refused within the limits
    Row("x[i, j]**10**10**10", "too-complex", hostile=True, says="exponent"),
    Row("2**10**10**10", "too-complex", hostile=True),
    Row("(" * 10_000 + "x[i, j]" + ")" * 10_000, "too-complex", hostile=True),
    Row("{" * 10_000 + "x_{ij}" + "}" * 10_000, "too-complex", hostile=True),
    Row("x" * 1_000_000, "too-complex", hostile=True, says="characters"),
    Row("-" * 1900 + "x[i, j]", "too-complex", hostile=True, says="nested"),
    Row("*".join(["x[i, j]"] * 250), "too-complex", hostile=True),
    Row("Sum(x[i, j], (i, 1, 10**9))", "too-complex", hostile=True, says="terms"),
    Row(
        "(" + "+".join(f"x[{a}, {b}]" for a in range(1, 5) for b in range(4)) + ")**16",
        "too-complex",
        hostile=True,
        says="too many terms",
    ),
    Row(
        "-Sum("
        + "Sum(" * 10
        + "(y[i] - phi(z[i]))*x[i, j]"
        + "".join(f", ({v}, 1, n))" for v in "acdefghpqr")
        + ", (i, 1, n))/n**10",
        "too-complex",
        hostile=True,
        says="steps",
    ),
    Row(
        r"-\frac{1}{n^{10}}" + r"\sum_{a=1}^n " * 10 + rf"\sum_{{i=1}}^n {E} x_j^{{(i)}}",
        "too-complex",
        hostile=True,
    ),
    Row(r"\sum_{a=1}^{n} " * 130 + "x_{ij}", "free-index", hostile=True, says="index i"),
    Row("9" * 5000, "too-complex", hostile=True),
    # issue 10, attack 4: a difference that vanishes at every 0/1 point, with thousands of
    # terms; the search for a counterexample went through millions of terms (246 s); it is
    # bounded now, and the message names a coefficient that differs instead.
    Row(
        G + " + (x[1, 1]**2 - x[1, 1])*(1 + y[1] + w[0] + w[1] + x[1, 1] + eta)**12",
        "wrong",
        hostile=True,
        says="the coefficient of x[1, 1] is -1 in your answer but 0 in dJ/dw_j",
    ),
    Row("1e999*x[i, j]", "parse-error", hostile=True),
]

TABLE = ACCEPTED + MISTAKES + OTHER_WRONG + SOUNDNESS + UNREADABLE


def check(row: Row):
    """The verdict of ``row``'s answer."""
    from gdgrade.grading.symbolic import check_gradient_answer, check_update_answer

    checker = check_gradient_answer if row.target == "gradient" else check_update_answer
    if row.says == "steps":  # the step limit, not the clock, whatever else runs on the machine
        return checker(row.answer, row.convention, limits=UNTIMED)
    return checker(row.answer, row.convention)


UNTIMED = dataclasses.replace(DEFAULT_LIMITS, seconds=600.0)
"""The default limits with time enough that a row meant to run out of steps does so first."""


if __name__ == "__main__":  # pragma: no cover - a listing for humans
    import time

    for row in TABLE:
        start = time.perf_counter()
        verdict = check(row)
        ms = (time.perf_counter() - start) * 1e3
        shown = (
            row.answer
            if len(row.answer) <= 70
            else row.answer[:60] + f"... ({len(row.answer)} chars)"
        )
        print(
            f"{ms:7.1f} ms  {row.target:8} {row.convention.loss:8} {row.convention.bias:8} "
            f"{verdict.kind:14} {verdict.mistake or '-':18} {shown!r}"
        )
        print(f"           {verdict.message}")
