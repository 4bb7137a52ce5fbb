gradient = "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
update = "eta*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
steps = [
    "Derivative(Rational(1, 2)*Sum((y[i] - phi(z[i]))**2, (i, 1, n)), w[j])",
    "Rational(1, 2)*Sum(2*(y[i] - phi(z[i]))*Derivative(y[i] - phi(z[i]), w[j]), (i, 1, n))",
    "Sum((y[i] - phi(z[i]))*(-x[i, j]), (i, 1, n))",
    "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))",
]
