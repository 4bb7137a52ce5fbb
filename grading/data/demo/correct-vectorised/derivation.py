# Answers in the textbook's LaTeX notation.
gradient = r"\frac{\partial J}{\partial w_j} = -\sum_{i=1}^{n} \left(y^{(i)} - \phi(z^{(i)})\right) x_j^{(i)}"
update = r"\Delta w_j = \eta \sum_{i=1}^{n} \left(y^{(i)} - \phi(z^{(i)})\right) x_j^{(i)}"
steps = [
    r"\frac{\partial}{\partial w_j} \frac{1}{2} \sum_i \left(y^{(i)} - \phi(z^{(i)})\right)^2",
    r"= \frac{1}{2} \sum_i 2 \left(y^{(i)} - \phi(z^{(i)})\right) \cdot \left(-x_j^{(i)}\right)",
    r"= -\sum_i \left(y^{(i)} - \phi(z^{(i)})\right) x_j^{(i)}",
]
