gradient = "-2*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
update = "2*eta*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
