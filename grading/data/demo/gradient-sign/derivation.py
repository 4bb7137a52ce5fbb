gradient = "Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
update = "eta*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
