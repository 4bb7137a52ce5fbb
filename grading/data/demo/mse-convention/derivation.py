gradient = "-2/n*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
update = "2*eta/n*Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"
