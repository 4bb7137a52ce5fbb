"""The symbolic checker's time per answer, against sympy's doit() + expand, in one run.

Checks a set of correct and wrong answers (sympy syntax and LaTeX, gradient and
update) with :func:`check_gradient_answer` / :func:`check_update_answer` at the
sizes chosen from each answer (every n <= 4, m <= 3, j = 0..m: 36 sizes for the
usual forms; more for unusual limits, indices or factors of n), prints each
verdict and its time, and the median and worst time per answer (the goal: a
median <= 50 ms).  Then the same for answers built to vanish for small n and m
(issue 10), which need larger sizes.
Then it times the naive approach on a few of the answers: the reference as
``diff(J, w[j])`` (with its KroneckerDelta), both sides at the size with
``subs``, ``doit()`` (Piecewise), ``expand`` of the difference, at 3 sizes only,
and prints the ratio.

    python benchmarks/symbolic_equivalence.py [--repeats K] [--naive N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from sympy import Indexed, Lambda, Symbol, expand

from gdgrade.grading.symbolic import check_gradient_answer, check_update_answer, reference
from gdgrade.grading.symbolic import notation as nt
from gdgrade.grading.symbolic.build import Context
from gdgrade.grading.symbolic.concrete import Size
from gdgrade.grading.symbolic.read import read_answer

GRADIENT = "gradient"
UPDATE = "update"

ANSWERS: list[tuple[str, str]] = [
    # correct
    (GRADIENT, "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"),
    (GRADIENT, "Sum((phi(z[i]) - y[i])*x[i, j], (i, 1, n))"),
    (GRADIENT, "Sum(z[i]*x[i, j], (i, 1, n)) - Sum(y[i]*x[i, j], (i, 1, n))"),
    (GRADIENT, "-Sum((y[s] - Sum(w[k]*x[s, k], (k, 0, m)))*x[s, j], (s, 1, n))"),
    (
        GRADIENT,
        "Sum(Sum(w[k]*x[i, k]*x[i, j], (i, 1, n)), (k, 0, m)) - Sum(y[i]*x[i, j], (i, 1, n))",
    ),
    (GRADIENT, "-Rational(1, 2)*Sum(2*(y[i] - phi(z[i]))*x[i, j], (i, 1, n))"),
    (GRADIENT, "dJ/dw_j = -Sum((y[t] - phi(z[t]))*x[t, j], (t, 1, n))"),
    (GRADIENT, r"-\sum_{i=1}^{n} \left(y^{(i)} - \phi(z^{(i)})\right) x_j^{(i)}"),
    (
        GRADIENT,
        r"\frac{\partial J}{\partial w_j} = \sum_i \left(\phi(z^{(i)}) - y^{(i)}\right) x_j^{(i)}",
    ),
    (GRADIENT, r"-\sum_{i=1}^{n} \left(y^{(i)} - \sum_{k=0}^{m} w_k x_k^{(i)}\right) x_{ij}"),
    (UPDATE, "eta*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"),
    (UPDATE, "-eta*(-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n)))"),
    (UPDATE, r"\Delta w_j = \eta \sum_{i=1}^{n} \left(y^{(i)} - \phi(z^{(i)})\right) x_j^{(i)}"),
    # wrong: the catalogue
    (GRADIENT, "Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"),
    (GRADIENT, "-2*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"),
    (GRADIENT, "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))/2"),
    (GRADIENT, "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))/n"),
    (GRADIENT, "-Sum(y[i] - phi(z[i]), (i, 1, n))"),
    (GRADIENT, "-Sum((y[i] - phi(z[i]))*x[j, i], (i, 1, n))"),
    (GRADIENT, "-Sum((y[i] - phi(z[i]))*w[j], (i, 1, n))"),
    (GRADIENT, "-Sum((y[i] - phi(z[i]))**2*x[i, j], (i, 1, n))"),
    (GRADIENT, "-(y[i] - phi(z[i]))*x[i, j]"),
    (GRADIENT, r"\sum_{i=1}^{n} \left(y^{(i)} - \phi(z^{(i)})\right) x_j^{(i)}"),
    (UPDATE, "-eta*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"),
    (UPDATE, "Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"),
    (UPDATE, "2*eta*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"),
    # wrong: other
    (GRADIENT, "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 0, n))"),
    (GRADIENT, "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n - 1))"),
    (GRADIENT, "-3*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"),
    (GRADIENT, "-Sum((y[i] - w[j]*x[i, j])*x[i, j], (i, 1, n))"),
    (GRADIENT, "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n)"),
    (GRADIENT, "-Sum((y[i] - theta[i])*x[i, j], (i, 1, n))"),
]

# The notations people write (issue 11): LaTeX, Unicode, plain text, vectors, update rules.
ANSWERS += [
    (GRADIENT, r"\frac{\partial J}{\partial \theta_j} = -\sum_{i=1}^{m} (y^{(i)} - h_\theta(x^{(i)})) x_j^{(i)}"),  # noqa: E501
    (GRADIENT, r"-\mathbf{X}^\top(\mathbf{y} - \mathbf{X}\mathbf{w})"),
    (GRADIENT, r"\nabla_w J = X^T X w - X^T y"),
    (GRADIENT, r"-\sum_{d \in D} (t_d - o_d) x_{jd}"),
    (GRADIENT, "∂J/∂wⱼ = −Σᵢ (yᵢ − ŷᵢ) xᵢⱼ"),
    (GRADIENT, "dJ/dw_j = -sum_i (y_i - y_hat_i) * x_ij"),
    (GRADIENT, r"$$\begin{aligned} \frac{\partial J}{\partial w_j} &= -\sum_i \left(y^{(i)} - \hat{y}^{(i)}\right) x_j^{(i)} \tag{3} \end{aligned}$$"),  # noqa: E501
    (UPDATE, r"w_j := w_j + \eta \sum_i (y^{(i)} - \hat y^{(i)}) x_j^{(i)}"),
    (UPDATE, r"\Delta \mathbf{w} = \eta \mathbf{X}^T(\mathbf{y} - \hat{\mathbf{y}})"),
    (GRADIENT, r"X^T(y - Xw)"),
    (GRADIENT, r"-2\sum_i (y_i - \hat y_i) x_{ij}"),
    # numpy code, definitions, one feature, glued indices, primes, t as the target (part 2)
    (GRADIENT, "errors = y - output\ngrad = -np.dot(X.T, errors)"),
    (UPDATE, "errors = y - output\nself.w_[1:] += self.eta * X.T.dot(errors)\nself.w_[0] += self.eta * errors.sum()"),  # noqa: E501
    (GRADIENT, r"e = y - Xw \\ \nabla J = -X^T e"),
    (GRADIENT, r"\frac{\partial J}{\partial m} = -\frac{2}{n}\sum_{i=1}^{n} x_i(y_i - (mx_i + b)) \\ \frac{\partial J}{\partial b} = -\frac{2}{n}\sum_{i=1}^{n}(y_i - (mx_i + b))"),  # noqa: E501
    (GRADIENT, "∂E/∂wi = −Σd (td − od) xid"),
    (GRADIENT, r"\nabla J = X'^T(X'\theta - y)"),
    (GRADIENT, r"-\sum_{n=1}^{N} (t_n - y_n) x_{nj}"),
]  # fmt: skip

# Long hostile texts for the grammar's worst case (each near the 2,000-character limit).
WORST: list[tuple[str, str]] = [
    ("products", " ".join(["x_{ij}"] * 300)),
    ("sums", "".join(r"\sum_{a=1}^{n} " for _ in range(120)) + "y_a"),
    ("sides", " = ".join(["y_1"] * 400)),
    ("statements", r" \\ ".join([r"\frac{\partial J}{\partial w_j} = y_1"] * 60)),
    ("brackets", "(" * 38 + "y_1" + ")" * 38 + " + y_1" * 300),
    ("scripts", "x" + "_{i}^{(i)}" * 180),
    ("signs", "-" * 1900 + "y_1"),
    ("unicode", "Σᵢ " * 600 + "yᵢ"),
    ("glued", "Σd " * 150 + "td od xid " * 60),
    ("primes", "X'" * 600 + "y"),
    ("code", "X.T @ (" * 38 + "y" + ")" * 38 + " + X.T @ y" * 150),
    ("code lines", "\n".join(f"e{k} = X.T @ (X @ w - y)" for k in range(80))),
    ("definitions", r" \\ ".join([r"\text{v0} = y_1 + y_1"] + [rf"\text{{v{k + 1}}} = \text{{v{k}}} + \text{{v{k}}}" for k in range(44)]) + r" \\ \text{v44}"),  # noqa: E501
]  # fmt: skip

G = "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
LATE: list[tuple[str, str]] = [
    (GRADIENT, G + " + Sum(y[k]*x[k, j], (k, 5, n))"),
    (GRADIENT, G + " + (n - 1)*(n - 2)*(n - 3)*(n - 4)*y[1]"),
    (GRADIENT, G + " + Sum(y[i]*x[i, j], (i, 3, n - 3))"),
    (GRADIENT, G + " + (m - 1)*(m - 2)*(m - 3)*y[1]"),
    (GRADIENT, G + " + (n - 1)*(n - 2)*(n - 3)*(n - 4)*(m - 1)*(m - 2)*(m - 3)*y[1]"),
    (GRADIENT, G + " + Sum((i - 1)*(i - 2)*(i - 3)*(i - 4)*y[i]*x[i, j], (i, 1, n))"),
    (GRADIENT, G + " + " + "*".join(f"(n - {k})" for k in range(1, 13)) + "*y[1]"),
]
"""Wrong answers whose difference from the gradient vanishes for every n <= 4, m <= 3."""

NAIVE_SIZES = (Size(1, 1, 0), Size(2, 1, 1), Size(3, 2, 2))


def naive_equal(answer: str, target: str) -> bool:
    """sympy's way: substitute the size, doit() the sums, expand the difference."""
    expr = read_answer(answer, Context()).expr
    t = Symbol("t")
    # The reference as sympy gives it: the cost differentiated (KroneckerDelta inside).
    cost = reference().cost.xreplace({nt.z[nt.i]: nt.net_input(nt.i)})
    gradient = cost.replace(nt.phi, Lambda(t, t)).diff(nt.w[nt.j])
    goal = gradient if target == GRADIENT else -nt.eta * gradient
    for size in NAIVE_SIZES:
        sides = []
        for side in (expr, goal):
            side = side.replace(
                lambda e: isinstance(e, Indexed) and e.base == nt.z,
                lambda e: nt.net_input(e.indices[0]),
            )
            side = side.replace(nt.phi, Lambda(t, t))
            side = side.subs({nt.n: size.n, nt.m: size.m, nt.j: size.j}).doit()
            side = side.subs({nt.x[a, 0]: 1 for a in range(1, size.n + 1)})
            sides.append(side)
        if expand(sides[0] - sides[1]) != 0:
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs over the answer set")
    parser.add_argument("--naive", type=int, default=4, help="answers timed the naive way")
    args = parser.parse_args()

    check = {GRADIENT: check_gradient_answer, UPDATE: check_update_answer}
    check[GRADIENT]("0"), check[GRADIENT](r"\eta")  # build the parser and the reference once

    def timed(answers: list[tuple[str, str]], title: str) -> float:
        times: list[float] = []
        print(f"{title}\n{'ms':>7}  {'target':8} {'kind':14} {'mistake':18} answer")
        for repeat in range(args.repeats):
            for target, answer in answers:
                start = time.perf_counter()
                verdict = check[target](answer)
                elapsed = time.perf_counter() - start
                times.append(elapsed)
                if repeat == args.repeats - 1:
                    print(
                        f"{elapsed * 1e3:7.1f}  {target:8} {verdict.kind:14} "
                        f"{verdict.mistake or '-':18} {answer}"
                    )
        print(
            f"{len(answers)} answers x {args.repeats} runs: median per answer "
            f"{statistics.median(times) * 1e3:.1f} ms (goal <= 50 ms); "
            f"worst {max(times) * 1e3:.1f} ms\n"
        )
        return statistics.median(times)

    ours = timed(ANSWERS, "usual answers, at the sizes chosen from each (36 for the usual forms)")
    timed(LATE, "answers that differ only past n = 4 or m = 3 (issue 10): larger sizes")

    worst = []
    for name, text in WORST:
        start = time.perf_counter()
        verdict = check[GRADIENT](text)
        elapsed = time.perf_counter() - start
        worst.append(elapsed)
        print(f"{elapsed * 1e3:7.1f}  worst case: {name} ({len(text)} chars) -> {verdict.kind}")
    print(
        f"worst case of {len(WORST)} long hostile texts: {max(worst) * 1e3:.0f} ms "
        f"({max(worst) / ours:.0f}x the median answer)"
    )

    naive_times, our_times = [], []
    for target, answer in ANSWERS[: args.naive]:
        start = time.perf_counter()
        same = naive_equal(answer, target)
        naive_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        verdict = check[target](answer)
        our_times.append(time.perf_counter() - start)
        assert same == verdict.ok, (answer, same, verdict)
    naive = statistics.median(naive_times)
    mine = statistics.median(our_times)
    print(
        f"naive doit()+expand at {len(NAIVE_SIZES)} sizes, median of {len(naive_times)} answers: "
        f"{naive * 1e3:.0f} ms per answer"
    )
    print(f"this checker at its 36 sizes, the same answers: {mine * 1e3:.1f} ms per answer")
    print(
        f"ratio naive / this: {naive / mine:.0f}x per answer, "
        f"{(naive / len(NAIVE_SIZES)) / (mine / 36):.0f}x per size checked"
    )


if __name__ == "__main__":
    main()
