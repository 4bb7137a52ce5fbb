"""Your derivation of the gradient-descent rule, as strings in sympy syntax.

These strings are read, never run. Write them over this notation:

    x[i, j]   feature j of sample i, with x[i, 0] = 1 (so w[0] is the bias)
    y[i]      the target of sample i
    w[j]      weight j, for j = 0..m
    z[i]      the net input of sample i, z[i] = Sum(w[j]*x[i, j], (j, 0, m))
    phi(...)  the activation (the identity for Adaline, but write phi)
    eta       the learning rate
    Sum(expr, (i, 1, n))            the sum over the samples i = 1..n
    Derivative(expr, w[j])          d expr / d w_j
    Rational(1, 2)                  exactly 1/2 (1/2 works too)

A string may also be LaTeX in the textbook's notation, for example
"-\\sum_{i=1}^{n} (y^{(i)} - \\phi(z^{(i)})) x_j^{(i)}".

Worked example of the notation (not the answer): for the function
K(w) = Sum(y[i]*z[i], (i, 1, n)), the derivative with respect to w[j] is written

    "Sum(y[i]*x[i, j], (i, 1, n))"

and the steps that lead to it are

    [
        "Derivative(Sum(y[i]*z[i], (i, 1, n)), w[j])",
        "Sum(y[i]*Derivative(z[i], w[j]), (i, 1, n))",
        "Sum(y[i]*x[i, j], (i, 1, n))",
    ]

The cost of this assignment is J(w) = Rational(1, 2)*Sum((y[i] - phi(z[i]))**2, (i, 1, n)).
"""

# dJ/dw_j, the partial derivative of the cost with respect to weight j.
gradient = ""

# Δw_j, the change of weight j in one step of batch gradient descent.
update = ""

# Your derivation, one expression per line, each equal to the one before: from
# "Derivative(<the cost>, w[j])", with the cost written out, down to your
# gradient, with at least one step of work in between.
steps = []
