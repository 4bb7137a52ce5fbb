r"""Read numpy code pasted as an answer into the neutral tree of :mod:`.latex`, never running it.

Students paste the line of their implementation as the answer: ``X.T.dot(y - X.dot(w))``,
``(2 / n) * X.T @ (X @ w - y)``, ``np.dot(X.T, errors)``, ``-(y - output).dot(X)``, or a
few lines with their definitions (``errors = y - output`` then
``self.w_[1:] += self.eta * X.T.dot(errors)``).  The text is parsed with :mod:`ast`
(parsed only: nothing is compiled or run) and each allowed construct becomes the node the
grammar would have made of the matrix expression it computes:

- ``a @ b``, ``a.dot(b)``, ``np.dot(a, b)``, ``np.matmul(a, b)``: the matrix product, with
  numpy's rule that a one-dimensional array on the left is a row;
- ``a * b``: entry by entry (a number scales); ``a / b``, ``a + b``, ``a - b``, ``-a``,
  ``a ** 2``;
- ``a.T``, ``np.transpose(a)``; ``np.sum(a)``, ``a.sum()``, ``sum(a)``: the sum over the
  samples; ``np.mean(a)``, ``a.mean()``: that sum over the number of samples;
- ``len(y)``, ``X.shape[0]``, ``y.size``, ``n_samples``: the number of samples;
- the usual names: ``X`` (also ``X_b``, ``X_with_bias``, ``tx``), ``y``, ``y_pred``,
  ``y_hat``, ``output``, ``predictions``, ``w``, ``theta``, ``weights``, ``b``, ``bias``,
  ``eta``, ``lr``, ``alpha``; ``self.`` in front of any of them is dropped; ``w_[1:]`` is
  the weights without the bias and ``w_[0]`` the bias;
- statements ``name = …`` (a definition or the answer's label), ``w -= …`` and
  ``w += …`` (update rules), ``return …``, and the body of one ``def``.

Anything else is refused with a message that names the construct, so that the student
knows which numpy to write differently.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from .define import MAX_PLACED, recol
from .errors import ParseError, TooComplex
from .interpret import walk
from .latex import Add, Decorated, Frac, Node, Num, Op, Paren, Prod, Scripted, Sym, Transpose
from .limits import Limits, check_depth
from .loops import (
    EPOCH,
    FEATURE,
    SAMPLE,
    WEIGHTS,
    Loops,
    assigned_names,
    placeholder,
    range_bound,
    read_names,
    sum_over_samples,
    weight_part,
)
from .normalise import Text

__all__ = ["CodeStatement", "is_program", "looks_like_code", "read_code"]

_MARKS = re.compile(
    r"\bnp\.|\bnumpy\.|\.dot\s*\(|\.T\b|@|\.shape\b|\blen\s*\(|\bself\.|[+\-]=|\breturn\b"
    r"|\.sum\s*\(|\.mean\s*\(|^\s*(for|def)\b.*:\s*$|(^|[^\w.])sum\s*\(",
    re.MULTILINE,
)
_MATRIX = {"X", "x", "X_b", "Xb", "X_with_bias", "X_bias", "X_train", "x_train", "tx", "X1"}
_TARGET = {"y", "Y", "t", "target", "targets", "y_true", "y_train", "labels"}
_PREDICTION = {
    "y_pred", "y_hat", "yhat", "Y_pred", "Y_hat", "y_predict", "y_predicted", "predictions",
    "prediction", "preds", "pred", "output", "outputs", "y_est", "h", "h_x", "hypothesis",
}  # fmt: skip
_WEIGHTS = WEIGHTS
_BIAS = {"b", "bias", "intercept_", "b_"}
_RATE = {
    "eta": "eta", "lr": "eta", "alpha": "alpha", "learning_rate": "eta", "l_r": "eta",
    "learningRate": "eta", "learningrate": "eta",
}  # fmt: skip
_COUNT = re.compile(
    r"(n|nb|num|m|N)_?(samples|obs|observations|examples|points|rows)", re.IGNORECASE
)
_PREDICTED = re.compile(r"[yY]_?(pred|hat|predict|predicted|est)", re.IGNORECASE)
_CALLS = "np.dot, @, .dot, .T, np.sum, .sum(), np.mean, .mean(), len(y), X.shape[0]"
# dj_dw, dJ_db, dldw, grad_w, dw, db, D_m, b_gradient: a result named as the derivative by the
# weights, the bias, the slope m or the intercept c
_DERIVATIVE = re.compile(
    r"(?:d[JjLlEe]_?d|[dD]_?|grad_?|gradient_?)(?P<by>w|W|theta|weights|b|bias|m|c)"
    r"|(?P<of>w|b|m|c|theta|weights|bias)_?(?:grad|gradient)"
)
# b_current, m_current (Nedrich's step_gradient): the parameter as it is before the step
_CURRENT = re.compile(
    r"(?P<p>b|w|m|c|theta)_?(current|curr|old)|(current|curr|old)_?(?P<q>b|w|m|c)"
)
# new_b, b_new: the parameter after the step, the left side of an update rule
_NEW = re.compile(r"new_?(?P<p>b|w|m|c|theta)|(?P<q>b|w|m|c|theta)_?new")
_POINTS = {"points", "data", "pts"}  # a two-column array: [i, 0] the feature, [i, 1] the target


@dataclass(frozen=True)
class CodeStatement:
    """One statement of the code: its text and its sides (relation, text, node)."""

    text: Text
    parts: tuple[tuple[str, Text, Node], ...]


def looks_like_code(text: str) -> bool:
    """Whether ``text`` looks like numpy code (``.T``, ``@``, ``np.``, ``.dot(``, ``self.``)."""
    return "\\" not in text and bool(_MARKS.search(text))


def is_program(text: str) -> bool:
    """Whether ``text`` is Python with a loop or a function (code, never the sympy syntax)."""
    try:
        tree = ast.parse(text, mode="exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return any(
        isinstance(node, (ast.For, ast.While, ast.If, ast.FunctionDef)) for node in ast.walk(tree)
    )


class _Reader:
    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.starts = [0]
        for line in raw.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))
        self.notes: list[str] = []
        self.base = 0  # the offset of the side being read: node columns are relative to it
        self.counts: dict[str, bool] = {}  # m = len(y): True; the n of m, n = X.shape: False
        self.run: Loops | None = None  # the names' values and the loop indices, when run
        self.samplewise = False  # one feature: x a number per sample, w * x the predictions
        self.intercept = False  # y = mx + c: c is the intercept b
        self.updated: set[str] = set()  # weights given a new value by a statement
        self.numbers = False  # one feature: a * b of numbers, read as their product
        self.room = MAX_PLACED  # the nodes names may still put in place
        self.vector_ops = 0  # how deep the reading is inside products and sums of vectors
        self.helpers: dict[str, ast.FunctionDef] = {}  # the student's functions that return
        self.bound: dict[str, Node] = {}  # a helper's parameters, while its body is read
        self.calls = 0  # how deep the reading is inside helpers

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def offset(self, node: ast.AST) -> int:
        return self.starts[node.lineno - 1] + node.col_offset

    def end(self, node: ast.AST) -> int:
        return self.starts[node.end_lineno - 1] + node.end_col_offset

    def col(self, node: ast.AST) -> int:
        return self.offset(node) - self.base

    def source(self, node: ast.AST) -> str:
        return self.raw[self.offset(node) : self.end(node)]

    def refuse(self, node: ast.AST, what: str) -> ParseError:
        return ParseError(
            f"{what} is not read; numpy code is read as the matrix expression it computes "
            f"({_CALLS}), or write the formula, as X^T(y - Xw)",
            self.offset(node) + 1,
        )

    def stop(self, node: ast.AST, message: str) -> ParseError:
        """Code that is read and refused, ``message`` saying why and what to write."""
        return ParseError(message, self.offset(node) + 1)

    # -- names -----------------------------------------------------------
    def name(self, name: str, node: ast.AST) -> Node:
        col = self.col(node)
        if name in self.bound:
            return self.placed(self.bound[name], col)
        run = self.run
        if run is not None and run.indices.get(name) == EPOCH:
            raise self.stop(
                node,
                f"the index {name} of the loop over the epochs is read: one step is read, the "
                f"same at every epoch",
            )
        if run is not None and name in run.indices:
            raise self.refuse(node, f"the loop index {name} used as a number")
        if run is not None and name in run.env:
            if name in run.components and self.vector_ops:
                raise self.stop(
                    node,
                    f"{name}, filled one feature j at a time, is read here in a product or a "
                    f"sum of whole vectors: only its entries are read (divide it, or return it)",
                )
            if name in self.updated:
                self.note(
                    f"{name} is read after it was updated: the statements after it use the new "
                    f"{name}, not the old one"
                )
            return self.placed(run.env[name], col)
        if name in self.counts:
            if not self.counts[name]:
                raise self.refuse(node, f"{name}, the number of features,")
            self.note(f"{name} is read as the number of samples n")
            return Sym(col, "count", word=True)
        if self.samplewise and name in _MATRIX:
            self.note(f"{name} is read as the one feature: x_i, a number per sample i")
            return _of_sample(col, Sym(col, "x"))
        if self.samplewise and name in _TARGET:
            return _of_sample(col, Sym(col, "y"))
        if self.samplewise and (name in _PREDICTION or _PREDICTED.fullmatch(name)):
            self.note(f"{name} is read as the predictions ŷ_i")
            return _of_sample(col, Decorated(col, "hat", Sym(col, "y")))
        if name in _MATRIX:
            if name not in ("X", "x"):
                self.note(f"{name} is read as the data matrix X")
            return Sym(col, "X")
        if name in _TARGET:
            return Sym(col, "y")
        if name in _PREDICTION or _PREDICTED.fullmatch(name):
            self.note(f"{name} is read as the predictions ŷ")
            return Decorated(col, "hat", Sym(col, "y"))
        current = _CURRENT.fullmatch(name)
        if current is not None:
            param = current.group("p") or current.group("q")
            self.note(f"{name} is read as {param} before the step")
            return self.name(param, node)
        if name == "c" and self.intercept:
            self.note("c is read as the intercept b (y = mx + c)")
            return Sym(col, "b")
        if name in _WEIGHTS:
            return Sym(col, "w")
        if name in _BIAS:
            return Sym(col, "b")
        if name in _RATE:
            return Sym(col, _RATE[name])
        if _COUNT.fullmatch(name):
            self.note(f"{name} is read as the number of samples n")
            return Sym(col, "count", word=True)
        if len(name) == 1:
            return Sym(col, name)
        return Sym(col, name, word=True)

    # -- expressions -----------------------------------------------------
    def expr(self, node: ast.AST) -> Node:
        col = self.col(node)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            if isinstance(node.value, bool):
                raise self.refuse(node, "a truth value")
            return Num(col, Fraction(str(node.value)))
        if isinstance(node, ast.Name):
            return self.name(node.id, node)
        if isinstance(node, ast.Attribute):
            return self.attribute(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self.expr(node.operand)
            return Add(col, ((isinstance(node.op, ast.USub), inner),))
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Subscript):
            return self.subscript(node)
        raise self.refuse(node, f"'{self.source(node)}'")

    def binary(self, node: ast.BinOp) -> Node:
        col = self.col(node)
        op = node.op
        if isinstance(op, ast.MatMult):
            left, right = (
                self.whole(lambda: self.expr(node.left)),
                self.whole(lambda: self.expr(node.right)),
            )
        else:
            left, right = self.expr(node.left), self.expr(node.right)
        if isinstance(op, (ast.Add, ast.Sub)):
            return Add(
                col, ((False, Paren(col, left)), (isinstance(op, ast.Sub), Paren(col, right)))
            )
        kinds = {ast.Mult: "mul" if self.numbers else "emul", ast.MatMult: "matmul", ast.Div: "div"}
        if type(op) in kinds:
            return Prod(
                col, (("mul", False, Paren(col, left)), (kinds[type(op)], False, Paren(col, right)))
            )
        if isinstance(op, ast.Pow):
            return Scripted(col, Paren(col, left), (("sup", (right,)),))
        raise self.refuse(node, f"the operator in '{self.source(node)}'")

    def attribute(self, node: ast.Attribute) -> Node:
        col = self.col(node)
        if isinstance(node.value, ast.Name) and node.value.id == "self":
            return self.name(node.attr, node)
        if node.attr == "T":
            inner = self.whole(lambda: self.expr(node.value))
            return Scripted(col, Paren(col, inner), (("sup", (Transpose(col),)),))
        if node.attr == "size":
            return self.count(node)
        raise self.refuse(node, f"'{self.source(node)}'")

    def count(self, node: ast.AST) -> Node:
        self.note(f"{self.source(node)} is read as the number of samples n")
        return Sym(self.col(node), "count", word=True)

    def subscript(self, node: ast.Subscript) -> Node:
        col = self.col(node)
        value, index = node.value, node.slice
        if self.run is not None:
            found = self.indexed(node)
            if found is not None:
                return found
        if isinstance(value, ast.Attribute) and value.attr == "shape":
            if isinstance(index, ast.Constant) and index.value == 0:
                return self.count(node)
        weights = (isinstance(value, ast.Name) and value.id in _WEIGHTS) or (
            isinstance(value, ast.Attribute) and value.attr in _WEIGHTS
        )
        part = weight_part(node)
        if part is not None and self.run is not None and part in self.run.env:
            return self.name(part, node)  # w[0] after a statement changed it
        if weights and isinstance(index, ast.Constant) and index.value == 0:
            self.note(f"{self.source(node)} is read as the bias b (w_0)")
            return Sym(col, "b")
        if (
            weights
            and isinstance(index, ast.Slice)
            and isinstance(index.lower, ast.Constant)
            and index.lower.value == 1
            and index.upper is None
            and index.step is None
        ):
            self.note(f"{self.source(node)} is read as the weights w_1..w_m (the bias apart)")
            return Sym(col, "w")
        column = _column_index(value, index)
        if column is not None:  # X[:, j]: the column of feature j, one entry per sample
            self.note(f"{self.source(node)} is read as the column {column} of X")
            sub = Num(col, Fraction(column)) if isinstance(column, int) else Sym(col, column)
            return Scripted(col, Sym(col, "X"), (("sub", (sub,)),))
        raise self.refuse(node, f"the indexing '{self.source(node)}'")

    def indexed(self, node: ast.Subscript) -> Node | None:
        """``x[i]``, ``X[i, j]``, ``X[i][j]``, ``y[i]``, ``w[j]``, ``points[i, 0]``, ``e[i]``,
        ``dj_dw[j]``: an entry by the loops' indices; None for other indexing."""
        run = self.run
        assert run is not None
        col = self.col(node)
        value, index = node.value, node.slice
        kinds = [run.indices.get(part.id) if isinstance(part, ast.Name) else None for part in
                 (index.elts if isinstance(index, ast.Tuple) else [index])]  # fmt: skip
        if isinstance(value, ast.Subscript) and kinds == [FEATURE]:  # X[i][j]
            row = self.indexed(value)
            if row is not None and _is_row(row):
                return Scripted(col, row.base, (("sub", (*row.scripts[0][1], Sym(col, "j"))),))
            return None
        name = value.id if isinstance(value, ast.Name) else None
        if name is None:
            return None
        if name in run.rows and isinstance(index, ast.Constant) and index.value in (0, 1):
            letter = "x" if index.value == 0 else "y"
            self.note(f"{self.source(node)} is read as {letter}_i (a row per sample)")
            return _of_sample(col, Sym(col, letter))
        if name in _POINTS and name not in run.env and isinstance(index, ast.Tuple):
            if kinds[:1] == [SAMPLE] and len(index.elts) == 2:
                column = index.elts[1]
                if isinstance(column, ast.Constant) and column.value in (0, 1):
                    letter = "x" if column.value == 0 else "y"
                    self.note(f"{self.source(node)} is read as {letter}_i (a row per sample)")
                    return _of_sample(col, Sym(col, letter))
        if name in run.env:
            held = run.env[name]
            if kinds == [FEATURE] and (
                name in run.components
                or (isinstance(held, Num) and held.value == 0)
                or held == placeholder(name)
            ):
                return self.placed(held, col)
            if kinds == [SAMPLE]:
                return _of_sample(col, self.placed(held, col))
            return None
        if kinds == [SAMPLE] and name in _MATRIX:
            return _of_sample(col, Sym(col, "x"))
        column = _column_index(value, index)
        if kinds == [None, FEATURE] and column is not None:  # X[:, j]: the column of feature j
            self.note(f"{self.source(node)} is read as the column {column} of X")
            return Scripted(col, Sym(col, "X"), (("sub", (Sym(col, FEATURE),)),))
        if kinds == [SAMPLE, FEATURE] and name in _MATRIX:
            return Scripted(col, Sym(col, "x"), (("sub", (Sym(col, SAMPLE), Sym(col, FEATURE))),))
        if kinds == [SAMPLE] and name in _TARGET:
            return _of_sample(col, Sym(col, "y"))
        if kinds == [SAMPLE] and (name in _PREDICTION or _PREDICTED.fullmatch(name)):
            return _of_sample(col, Decorated(col, "hat", Sym(col, "y")))
        if kinds == [FEATURE] and name in _WEIGHTS:
            return Scripted(col, Sym(col, "w"), (("sub", (Sym(col, FEATURE),)),))
        if any(kind is not None for kind in kinds):
            raise self.refuse(node, f"the indexing '{self.source(node)}'")
        return None

    def placed(self, value: Node, col: int) -> Node:
        """A name's value put where it is read, within :data:`.define.MAX_PLACED` nodes in all
        (a chain of names each twice the one before would double at every line)."""
        self.room -= sum(1 for _ in walk(value))
        if self.room < 0:
            raise TooComplex(
                "the names, put in place where they are read, make the answer too large to read"
            )
        return recol(Paren(col, value), col)

    def known(self, name: str) -> bool:
        """Whether the reader reads ``name`` as something of the notation (data, weights, a
        rate, a count) when the code has not set it."""
        return (
            name in self.counts
            or name in _MATRIX
            or name in _TARGET
            or name in _PREDICTION
            or bool(_PREDICTED.fullmatch(name))
            or name in _WEIGHTS
            or name in _BIAS
            or name in _RATE
            or bool(_CURRENT.fullmatch(name))
            or bool(_COUNT.fullmatch(name))
            or len(name) == 1
        )

    def call(self, node: ast.Call) -> Node:
        name = ast.unparse(node.func) if isinstance(node.func, (ast.Name, ast.Attribute)) else ""
        whole = name.rsplit(".", 1)[-1] in ("dot", "matmul", "sum", "mean", "transpose")
        return self.whole(lambda: self.called(node)) if whole else self.called(node)

    def whole(self, read: Callable[[], Node]) -> Node:
        """``read()``, inside an operation on whole vectors (a product, a sum, a transpose)."""
        self.vector_ops += 1
        try:
            return read()
        finally:
            self.vector_ops -= 1

    def called(self, node: ast.Call) -> Node:
        col = self.col(node)
        func = node.func
        name = ast.unparse(func) if isinstance(func, (ast.Name, ast.Attribute)) else ""
        helper = self.helpers.get(name.removeprefix("self."))
        if helper is not None:
            return self.inline(node, helper)
        args = node.args
        module = re.fullmatch(r"(np|numpy)\.(\w+)", name)
        method = func.attr if isinstance(func, ast.Attribute) and not module else None
        reduced = (module.group(2) if module else method) if len(args) == int(not method) else None
        if node.keywords:
            axis = _axis(node)
            if reduced in ("sum", "mean") and axis is not None:
                return self.along(node, args[0] if module else func.value, axis, reduced == "mean")
            raise self.refuse(node, f"'{self.source(node)}' with keyword arguments")
        if _column_of(node) is not None:
            raise self.stop(node, _COLUMN_ONLY.format(self.source(node)))
        if module and module.group(2) == "einsum":
            return self.einsum(node)
        if module and module.group(2) == "multiply" and len(args) == 2:
            kind = "mul" if self.numbers else "emul"
            left, right = self.expr(args[0]), self.expr(args[1])
            return Prod(col, (("mul", False, Paren(col, left)), (kind, False, Paren(col, right))))
        if (module and module.group(2) in ("dot", "matmul")) and len(args) == 2:
            return self.product(col, self.expr(args[0]), self.expr(args[1]))
        if method == "dot" and len(args) == 1:
            return self.product(col, self.expr(func.value), self.expr(args[0]))
        if (module and module.group(2) == "sum") or name == "sum":
            if len(args) == 1:
                return self.total(col, self.expr(args[0]))
        if method == "sum" and not args:
            return self.total(col, self.expr(func.value))
        if module and module.group(2) == "mean" and len(args) == 1:
            return self.mean(col, self.expr(args[0]))
        if method == "mean" and not args:
            return self.mean(col, self.expr(func.value))
        if module and module.group(2) == "transpose" and len(args) == 1:
            return Scripted(col, Paren(col, self.expr(args[0])), (("sup", (Transpose(col),)),))
        if method == "transpose" and not args:
            return Scripted(col, Paren(col, self.expr(func.value)), (("sup", (Transpose(col),)),))
        if name == "len" and len(args) == 1 and isinstance(args[0], ast.Name):
            return self.count(node)  # len(y), len(X); len(X[0]) counts the features
        if name in ("float", "int") and len(args) == 1 and _is_sample_count(args[0]):
            return self.count(node)  # N = float(len(points))
        if name in ("float", "int") and len(args) == 1 and isinstance(args[0], ast.Name):
            if self.counts.get(args[0].id):
                return self.expr(args[0])  # float(N) with N = len(x)
        if name == "float" and len(args) == 1:
            return self.expr(args[0])  # float(np.mean(e)): the same number
        raise self.refuse(node, f"'{name or self.source(node)}(…)'")

    def inline(self, node: ast.Call, helper: ast.FunctionDef) -> Node:
        """``predict(X, w)``, ``self.net_input(X)``: the student's function that returns one
        expression, read with its parameters bound to the arguments (never run)."""
        params = [arg.arg for arg in helper.args.args]
        if isinstance(node.func, ast.Attribute) and params[:1] == ["self"]:
            params = params[1:]
        if node.keywords or len(node.args) != len(params) or self.calls > 8:
            raise self.stop(
                node,
                f"{self.source(node)} does not pass {helper.name}'s parameters "
                f"({', '.join(params)}) one by one, in order",
            )
        values = [self.expr(arg) for arg in node.args]
        returned = _returned(helper)
        assert returned is not None
        saved = (self.base, self.bound)
        self.note(f"{self.source(node)} is read as {helper.name}'s return value")
        self.bound, self.base = dict(zip(params, values, strict=True)), self.offset(returned)
        self.calls += 1
        try:
            value = self.expr(returned)
        finally:
            self.calls -= 1
            self.base, self.bound = saved
        return self.placed(value, self.col(node))

    def along(self, node: ast.Call, summed: ast.expr, axis: int, mean: bool) -> Node:
        """``np.sum(e[:, None] * X, axis=0)``, ``(X.T * e).mean(axis=1)``: a sum over the
        samples of a vector of one entry per sample times the rows of a matrix, read as the
        product ``e @ X`` (over n for a mean); the other axis, or a product numpy pairs with
        the columns, is refused by name."""
        col = self.col(node)
        what = self.source(node)
        parts = _broadcast(summed)
        if parts is None:  # np.sum(e, axis=0) of one vector: its sum
            if axis not in (0, -1):
                raise self.stop(
                    node,
                    f"{what} adds up along axis {axis}, which a vector of one "
                    f"entry per sample does not have: write axis=0",
                )
            return self.mean(col, self.expr(summed)) if mean else self.total(col, self.expr(summed))
        layout, vector, matrix = parts
        if layout == "pairs":
            raise self.stop(
                node,
                f"in {what}, numpy pairs the vector {_atom(vector)} with the columns of "
                f"{_atom(matrix)}, not with its rows (it broadcasts along the last axis): "
                f"write {_atom(vector)}[:, None] * {_atom(matrix)} and add up over axis=0",
            )
        samples = 0 if layout == "column" else 1  # the axis of the samples
        if axis != samples:
            raise self.stop(
                node,
                f"{what} adds up over the features of each sample (axis={axis}); the gradient "
                f"adds up over the samples: axis={samples}",
            )
        inner = self.whole(lambda: self.expr(matrix))
        read = self.whole(lambda: self.expr(vector))
        if layout == "rows":
            self.note(f"{what} is read as {_atom(matrix)}.T @ {_atom(vector)}")
            turned = Scripted(col, Paren(col, inner), (("sup", (Transpose(col),)),))
            product = self.product(col, turned, read)
        else:
            self.note(
                f"{what} is read as {_atom(vector)} @ {_atom(matrix)}, the sum over the "
                f"samples of each row times its entry of {_atom(vector)}"
            )
            product = self.product(col, read, inner)
        if not mean:
            return product
        share = Frac(col, Num(col, Fraction(1)), Sym(col, "count", word=True))
        return Prod(col, (("mul", False, share), ("mul", False, Paren(col, product))))

    def einsum(self, node: ast.Call) -> Node:
        """``np.einsum('ij,i->j', X, e)`` (``e @ X``), ``'ij,j->i'`` (``X @ w``), ``'i,i'``:
        one sum of a product of two operands, read as the matrix product it is."""
        col = self.col(node)
        spec, *operands = node.args
        if (
            not (isinstance(spec, ast.Constant) and isinstance(spec.value, str))
            or len(operands) != 2
        ):
            raise self.refuse(node, f"'{self.source(node)}' (einsum is read with two operands)")
        letters = _einsum(spec.value)
        if letters is None:
            raise self.refuse(node, f"'{self.source(node)}' (an einsum of one sum of two operands)")
        first, second, out = letters
        left, right = operands
        if len(first) == 1 and len(second) == 2:  # 'i,ij->j': swap to the matrix first
            first, second, left, right = second, first, right, left
        if len(first) == 2 and len(second) == 1 and len(out) == 1 and out != second:
            if second == first[0] and out == first[1]:  # sum_i M_ij v_i: v @ M
                return self.product(col, self.expr(right), self.expr(left))
            if second == first[1] and out == first[0]:  # sum_j M_ij v_j: M @ v
                return self.product(col, self.expr(left), self.expr(right))
        if len(first) == len(second) == 1 and first == second and not out:  # 'i,i': a dot
            return self.product(col, self.expr(left), self.expr(right))
        raise self.stop(
            node,
            f"{self.source(node)} does not add up over the samples into one entry per weight: "
            f"np.einsum('ij,i->j', X, e) is X^T e",
        )

    def product(self, col: int, left: Node, right: Node) -> Node:
        return Prod(col, (("mul", False, Paren(col, left)), ("matmul", False, Paren(col, right))))

    def total(self, col: int, body: Node) -> Node:
        if self.run is not None and SAMPLE in self.run.indices.values():
            raise ParseError(
                "a sum (np.sum, sum, .sum(), np.mean) inside a loop is not read: inside the loop "
                "over the samples, add up one sample's term at a time",
                self.base + col + 1,
            )
        if self.samplewise:
            return sum_over_samples(col, body)
        return Prod(col, (("mul", False, Op(col, "sum")), ("mul", False, Paren(col, body))))

    def mean(self, col: int, body: Node) -> Node:
        self.note("np.mean is read as the sum over the samples divided by n")
        share = Frac(col, Num(col, Fraction(1)), Sym(col, "count", word=True))
        return Prod(col, (("mul", False, share), *self.total(col, body).items))

    # -- statements ------------------------------------------------------
    def side(self, node: ast.AST) -> tuple[Text, Node]:
        self.base = self.offset(node)
        whole = Text.of(self.raw)
        return whole.slice(self.offset(node), self.end(node)), self.expr(node)

    def statements(self, body: list[ast.stmt]) -> list[CodeStatement]:
        if len(body) == 1 and isinstance(body[0], ast.FunctionDef):
            return self.statements(body[0].body)
        # ``return dj_dw, dj_db``: the results are the statements that name them
        body = [stmt for stmt in body if not _returns_names(stmt)]
        out = []
        for position, stmt in enumerate(body):
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                continue  # a docstring
            if self.counted(stmt):
                continue
            later = {
                n.id
                for after in body[position + 1 :]
                for n in ast.walk(after)
                if isinstance(n, ast.Name)
            }
            out.append(self.statement(stmt, later))
        return out

    def counted(self, stmt: ast.stmt) -> bool:
        """``m = len(y)``, ``m = X.shape[0]``, ``m, n = X.shape``: names for the counts, kept
        for the statements after (the number of features is refused where it is used)."""
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
            return False
        target, value = stmt.targets[0], stmt.value
        if (
            isinstance(target, ast.Tuple)
            and len(target.elts) == 2
            and all(isinstance(item, ast.Name) for item in target.elts)
            and isinstance(value, ast.Attribute)
            and value.attr == "shape"
        ):
            self.counts[target.elts[0].id] = True
            self.counts[target.elts[1].id] = False
            return True
        if isinstance(target, ast.Name) and _is_sample_count(value):
            self.counts[target.id] = True
            return True
        if isinstance(target, ast.Name) and _is_feature_count(value):
            self.counts[target.id] = False
            return True
        return False

    def derivative(self, target: ast.expr, later: set[str]) -> Node | None:
        """``∂J/∂w`` or ``∂J/∂b`` for a result named so (``dj_db = …``) that nothing uses
        after; None otherwise (a definition, or another name)."""
        if not isinstance(target, ast.Name) or target.id in later:
            return None
        return self.label(target.id, self.col(target))

    def label(self, name: str, col: int, component: bool = False) -> Node | None:
        """``∂J/∂w`` (``∂J/∂w_j`` for a ``component``), ``∂J/∂b`` or ``∂J/∂m`` for a name of a
        derivative (``dj_dw``, ``b_gradient``, ``D_m``); None for another name."""
        found = _DERIVATIVE.fullmatch(name)
        if found is None:
            return None
        letter = found.group("by") or found.group("of")
        if letter == "m" and (self.counts.get("m") or not self.run):
            return None  # m counts the samples, or a slope read only where code is run
        param = {"b": "b", "bias": "b", "c": "b", "m": "m"}.get(letter, "w")
        self.note(f"{name} is read as ∂J/∂{param}{'_j' if component else ''}")
        by: Node = Sym(col, param)
        if component:
            by = Scripted(col, by, (("sub", (Sym(col, FEATURE),)),))
        return Frac(
            col,
            Prod(col, (("mul", False, Op(col, "partial")), ("mul", False, Sym(col, "J")))),
            Prod(col, (("mul", False, Op(col, "partial")), ("mul", False, by))),
        )

    # -- code run on symbols ---------------------------------------------
    def program(self, body: list[ast.stmt]) -> list[CodeStatement]:
        """Code with loops, or for one feature, run on symbols (:mod:`.loops`): a statement
        for each result (the names returned, or else the names nothing reads after)."""
        functions = [stmt for stmt in body if isinstance(stmt, ast.FunctionDef)]
        if functions:
            stray = next((stmt for stmt in body if not isinstance(stmt, ast.FunctionDef)), None)
            if stray is not None:
                raise self.refuse(stray, "code next to the functions")
            self.helpers = _helpers(functions)
            for name in self.helpers:
                self.note(
                    f"{name}, a function that returns one expression, is read where it is called"
                )
            out = []
            for function in _answers(functions, self.helpers):  # each on its own names
                self.counts, self.updated = {}, set()
                out.extend(self.program(function.body))
            return out
        run = Loops(
            read=self.expr_of,
            refuse=self.refuse,
            stop=self.stop,
            known=self.known,
            sample_count=self.sample_count,
            points=lambda name: name in _POINTS and name not in self.counts,
            feature_count=lambda node: (
                _is_feature_count(node) or self.counts.get(getattr(node, "id", None), True) is False
            ),
            epoch=lambda stmt: _is_epoch(stmt, set(self.counts)),
            param=lambda name: _param_of(name, self) is not None,
            updated=self.updated,
        )
        self.run = run
        last: dict[str, int] = {}  # a name's last statement that assigns it
        set_here: set[str] = set()  # names a statement outside the loops assigns
        returned: ast.Return | None = None
        starts = _starts(body)
        for position, stmt in enumerate(body):
            if isinstance(stmt, ast.Return):
                if position != len(body) - 1:
                    raise self.refuse(body[position + 1], "code after the return")
                returned = stmt
                break
            if self.counted(stmt):
                continue
            if position in starts:
                self.note(
                    f"'{ast.unparse(stmt).splitlines()[0]}' is not read: the loop over the epochs "
                    f"steps from any weights"
                )
                continue
            run.statement(stmt)
            for name in assigned_names([stmt]):
                last[name] = position
                if not isinstance(stmt, ast.For):
                    set_here.add(name)
                    if _param_of(name, self) is not None:
                        self.updated.add(name)
        for note in run.notes:
            self.note(note)
        if returned is not None and not (
            isinstance(returned.value, ast.Name) and returned.value.id == "self"
        ):  # return self (fit): the results are what it changed
            return self.returned(returned)
        # the results: names set outside the loops, and weights or derivatives set in them,
        # that no other name is computed from after (or in the loop that last sets them)
        candidates = (
            set_here
            | {
                name
                for name in last
                if _param_of(name, self) is not None or _DERIVATIVE.fullmatch(name)
            }
        ) - run.history

        def fed(name: str) -> bool:  # read after its last value, or in the loop that sets it
            where = body[last[name]]
            if any(where is loop for loop in run.epoch_loops):  # one step: after it in the step
                assert isinstance(where, ast.For)
                setting = [
                    k for k, inner in enumerate(where.body) if name in assigned_names([inner])
                ]
                return _feeds(where.body[setting[-1] + 1 :], name)
            return isinstance(where, ast.For) and _feeds([where], name)

        names = [
            name
            for name in sorted(candidates, key=lambda name: last[name])
            if not _feeds(body[last[name] + 1 :], name) and not fed(name)
        ]
        return [self.result(name, _setter(body[last[name]], name, run)) for name in names]

    def returned(self, stmt: ast.Return) -> list[CodeStatement]:
        """The statements of ``return a, b`` (each name's value) or ``return expression``."""
        value = stmt.value
        items = value.elts if isinstance(value, (ast.Tuple, ast.List)) else [value]
        if value is not None and all(isinstance(item, ast.Name) for item in items):
            history = self.run.history if self.run is not None else set()
            return [
                self.result(item.id, stmt)
                for item in items
                if item.id not in history and item.id != "self"
            ]
        if value is None or len(items) != 1:
            raise self.refuse(stmt, "a return of several expressions (return them by name)")
        whole = Text.of(self.raw).slice(self.offset(stmt), self.end(stmt))
        return [CodeStatement(whole, (("", whole, recol(self.expr_of(value), 0)),))]

    def result(self, name: str, stmt: ast.stmt) -> CodeStatement:
        """``name = its value``, labelled as a derivative or as the weight it updates."""
        run = self.run
        assert run is not None
        whole = Text.of(self.raw).slice(self.offset(stmt), self.end(stmt))
        if name not in run.env:
            raise self.refuse(stmt, f"{name}, which the code never gives a value,")
        value = recol(run.env[name], 0)
        left = self.label(name, 0, component=name in run.components)
        if left is None:
            param = _param_of(name, self)
            if param is not None and _NEW.fullmatch(name):
                self.note(f"{name} is read as the new {param}")
            left = Sym(0, param) if param is not None else Sym(0, name, word=len(name) > 1)
            if param is not None and name in run.components:  # theta[j] = theta[j] - …
                left = Scripted(0, left, (("sub", (Sym(0, FEATURE),)),))
        return CodeStatement(whole, (("", whole, left), ("=", whole, value)))

    def expr_of(self, node: ast.expr) -> Node:
        self.base = self.offset(node)
        return self.expr(node)

    def sample_count(self, node: ast.expr) -> bool:
        """``m`` (with ``m = len(y)``), ``len(y)``, ``X.shape[0]``: the number of samples."""
        if isinstance(node, ast.Name):
            return self.counts.get(node.id) is True or bool(_COUNT.fullmatch(node.id))
        return _is_sample_count(node)

    def one_feature(self, tree: ast.Module) -> bool:
        """Whether the code is for one feature: a weight times the data entry by entry
        (``w * x``, ``m * X``), and no matrix product or transpose anywhere."""
        nodes = list(ast.walk(tree))
        for node in nodes:
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
                return False
            if isinstance(node, ast.Attribute) and node.attr in ("T", "dot", "matmul", "transpose"):
                return False
        counts = {
            target.id
            for node in nodes
            if isinstance(node, ast.Assign) and _is_sample_count(node.value)
            for target in node.targets
            if isinstance(target, ast.Name)
        }

        def weight(node: ast.expr) -> bool:
            name = _plain_name(node)
            return name is not None and (
                name in _WEIGHTS
                or bool(_CURRENT.fullmatch(name))
                or (name == "m" and "m" not in counts)
            )

        def data(node: ast.expr) -> bool:
            return _plain_name(node) in _MATRIX

        return any(
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mult)
            and (
                (weight(node.left) and data(node.right)) or (data(node.left) and weight(node.right))
            )
            for node in nodes
        )

    def statement(self, stmt: ast.stmt, later: set[str] = frozenset()) -> CodeStatement:
        whole = Text.of(self.raw).slice(self.offset(stmt), self.end(stmt))
        if isinstance(stmt, (ast.Return, ast.Expr)) and stmt.value is not None:
            return CodeStatement(whole, (("", *self.side(stmt.value)),))
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            left, right = self.side(stmt.targets[0]), self.side(stmt.value)
            label = self.derivative(stmt.targets[0], later)
            if label is not None:
                left = (left[0], label)
            return CodeStatement(whole, (("", *left), ("=", *right)))
        if isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, (ast.Add, ast.Sub)):
            left_text, left = self.side(stmt.target)
            right_text, right = self.side(stmt.value)
            col = self.col(stmt.value)
            change = Add(col, ((False, left), (isinstance(stmt.op, ast.Sub), Paren(col, right))))
            return CodeStatement(whole, (("", left_text, left), ("≔", right_text, change)))
        raise self.refuse(stmt, f"the statement '{self.source(stmt).splitlines()[0]}'")


_COLUMN_ONLY = (
    "{} is a column (one row per sample): it is read only in a sum over the samples of its "
    "product with X, as np.sum(e[:, None] * X, axis=0) or np.mean(…, axis=0)"
)


def _axis(node: ast.Call) -> int | None:
    """The ``axis=k`` of a call, when it is its one keyword and a whole number; else None."""
    if len(node.keywords) != 1 or node.keywords[0].arg != "axis":
        return None
    value = node.keywords[0].value
    if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub):
        inner = value.operand
        if isinstance(inner, ast.Constant) and type(inner.value) is int:
            return -inner.value
    if isinstance(value, ast.Constant) and type(value.value) is int:
        return value.value
    return None


def _column_of(node: ast.expr) -> ast.expr | None:
    """``e`` for ``e[:, None]``, ``e[:, np.newaxis]``, ``e.reshape(-1, 1)``,
    ``np.reshape(e, (-1, 1))``, ``np.expand_dims(e, 1)``: a vector made a column; else None."""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Tuple):
        if len(node.slice.elts) != 2:
            return None
        rows, new = node.slice.elts
        full = isinstance(rows, ast.Slice) and rows.lower is rows.upper is rows.step is None
        if full and (
            (isinstance(new, ast.Constant) and new.value is None)
            or (isinstance(new, ast.Attribute) and new.attr == "newaxis")
        ):
            return node.value
        return None
    if not isinstance(node, ast.Call) or not isinstance(node.func, (ast.Attribute, ast.Name)):
        return None
    name = ast.unparse(node.func)
    args = list(node.args)
    if (
        isinstance(node.func, ast.Attribute)
        and node.func.attr == "reshape"
        and not re.fullmatch(r"(np|numpy)\.reshape", name)
    ):
        vector, shape = node.func.value, args
    elif re.fullmatch(r"(np|numpy)\.reshape", name) and len(args) == 2:
        vector, shape = args[0], [args[1]]
    elif re.fullmatch(r"(np|numpy)\.expand_dims", name):
        axis = _axis(node) if node.keywords else None
        given = args[1] if len(args) == 2 and not node.keywords else None
        one = axis == 1 or (isinstance(given, ast.Constant) and given.value == 1)
        return args[0] if args and one else None
    else:
        return None
    if node.keywords:
        return None
    if len(shape) == 1 and isinstance(shape[0], ast.Tuple):
        shape = shape[0].elts
    if len(shape) != 2 or not (isinstance(shape[1], ast.Constant) and shape[1].value == 1):
        return None
    rows = shape[0]
    minus_one = (
        isinstance(rows, ast.UnaryOp)
        and isinstance(rows.op, ast.USub)
        and isinstance(rows.operand, ast.Constant)
        and rows.operand.value == 1
    )
    if (
        minus_one
        or _is_sample_count(rows)
        or (isinstance(rows, ast.Name) and _COUNT.fullmatch(rows.id))
    ):
        return vector
    return None


def _broadcast(node: ast.expr) -> tuple[str, ast.expr, ast.expr] | None:
    """The layout of a product summed along an axis: ``('column', e, X)`` for
    ``e[:, None] * X``, ``('rows', e, X)`` for ``X.T * e`` (e along the last axis of X^T),
    ``('pairs', e, X)`` for ``e * X`` (numpy pairs e with the columns of X); None when
    ``node`` is not a product of two factors."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        left, right = node.left, node.right
    elif (
        isinstance(node, ast.Call)
        and re.fullmatch(r"(np|numpy)\.multiply", ast.unparse(node.func))
        and len(node.args) == 2
        and not node.keywords
    ):
        left, right = node.args
    else:
        return None
    for vector, matrix in ((left, right), (right, left)):
        column = _column_of(vector)
        if column is not None and _column_of(matrix) is None:
            return "column", column, matrix
    for vector, matrix in ((left, right), (right, left)):
        if isinstance(matrix, ast.Attribute) and matrix.attr == "T":
            return "rows", vector, matrix.value
    if isinstance(left, ast.Constant) or isinstance(right, ast.Constant):
        return None  # 2 * e: a number scales
    named = [side for side in (left, right) if _plain_name(side) in _MATRIX]
    if len(named) == 1:
        other = right if named[0] is left else left
        return "pairs", other, named[0]
    return None


def _atom(node: ast.expr) -> str:
    """``node`` as written, in brackets unless it is one name, call or subscript."""
    text = ast.unparse(node)
    return (
        text
        if isinstance(node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript))
        else f"({text})"
    )


def _einsum(spec: str) -> tuple[str, str, str] | None:
    """The letters of ``'ij,i->j'`` (or ``'ij,i'``, the output implied): two operands and the
    output, each letter once per operand; None for anything else."""
    spec = spec.replace(" ", "")
    found = re.fullmatch(r"([a-z]{1,2}),([a-z]{1,2})(?:->([a-z]{0,2}))?", spec)
    if found is None:
        return None
    first, second, out = found.group(1), found.group(2), found.group(3)
    if len(set(first)) != len(first) or len(set(second)) != len(second):
        return None
    if out is None:  # implied: the letters seen once, in order
        out = "".join(sorted(c for c in set(first + second) if (first + second).count(c) == 1))
    return first, second, out


def _is_sample_count(node: ast.expr) -> bool:
    """``len(y)``, ``X.shape[0]``, ``y.size``, ``float(len(x))``: the number of samples, as
    the reader reads it."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("float", "int")
        and len(node.args) == 1
        and not node.keywords
    ):
        return _is_sample_count(node.args[0])
    if isinstance(node, ast.Call):
        return (
            isinstance(node.func, ast.Name)
            and node.func.id == "len"
            and len(node.args) == 1
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id not in _WEIGHTS  # len(w) counts the weights
        )
    if isinstance(node, ast.Subscript):
        return _shape_axis(node) == 0 and _plain_name(node.value.value) not in _WEIGHTS
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "size"
        and _plain_name(node.value) not in _WEIGHTS
    )


def _shape_axis(node: ast.Subscript) -> int | None:
    """0 for ``X.shape[0]``, 1 for ``X.shape[1]`` (any axis); None for another subscript."""
    if (
        isinstance(node.value, ast.Attribute)
        and node.value.attr == "shape"
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, int)
    ):
        return node.slice.value
    return None


def _is_feature_count(node: ast.expr) -> bool:
    """``X.shape[1]``, ``len(w)``, ``theta.shape[0]``, ``w.size``, ``len(X[0])``: the number
    of features."""
    if isinstance(node, ast.Attribute) and node.attr == "size":
        return _plain_name(node.value) in _WEIGHTS
    if isinstance(node, ast.Subscript):
        if _shape_axis(node) == 0:
            return _plain_name(node.value.value) in _WEIGHTS
        return _shape_axis(node) == 1
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len":
        (arg,) = node.args if len(node.args) == 1 else (None,)
        return (isinstance(arg, ast.Name) and arg.id in _WEIGHTS) or (
            isinstance(arg, ast.Subscript)
            and isinstance(arg.value, ast.Name)
            and arg.value.id in _MATRIX
            and isinstance(arg.slice, ast.Constant)
            and arg.slice.value == 0
        )
    return False


def _of_sample(col: int, node: Node) -> Node:
    """``node`` of sample i: ``x_i``, ``y_i``, ``(…)_i``."""
    return Scripted(col, node, (("sub", (Sym(col, SAMPLE),)),))


def _is_row(node: Node) -> bool:
    """Whether ``node`` is ``x_i``, the features of sample i."""
    return (
        isinstance(node, Scripted)
        and isinstance(node.base, Sym)
        and node.base.name == "x"
        and len(node.scripts) == 1
        and node.scripts[0][0] == "sub"
        and len(node.scripts[0][1]) == 1
    )


def _many_features(tree: ast.Module) -> bool:
    """Whether code with loops is written for several features: ``X[i, j]``, ``X[i][j]``,
    ``np.dot(X[i], w)``, ``X.shape[1]``, ``m, n = X.shape``, ``w[j]``, a matrix product."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and (
            isinstance(node.slice, ast.Tuple) or isinstance(node.value, ast.Subscript)
        ):
            return True
        if isinstance(node, ast.Attribute) and node.attr in ("shape", "dot", "T"):
            if node.attr != "shape" or not _is_sample_count_parent(tree, node):
                return True
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            return True
        if isinstance(node, ast.Subscript) and _plain_name(node.value) in _WEIGHTS:
            return True
    return False


def _is_sample_count_parent(tree: ast.Module, shape: ast.Attribute) -> bool:
    """Whether ``shape`` (an ``a.shape``) is read as ``a.shape[0]``, the number of samples."""
    return any(
        isinstance(node, ast.Subscript) and node.value is shape and _is_sample_count(node)
        for node in ast.walk(tree)
    )


def _feeds(body: list[ast.stmt], name: str) -> bool:
    """Whether a statement of ``body`` computes another name (or returns a value) from
    ``name``."""
    for stmt in (node for node in ast.walk(ast.Module(body=body, type_ignores=[]))):
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AugAssign):
            targets, value = [stmt.target], stmt.value
        else:
            continue
        if name in assigned_names([stmt]):
            continue
        reads = [value, *(t.slice for t in targets if isinstance(t, ast.Subscript))]
        if any(
            isinstance(node, ast.Name) and node.id == name
            for part in reads
            for node in ast.walk(part)
        ):
            return True
    return False


def _plain_name(node: ast.expr) -> str | None:
    """``w`` for ``w`` and ``self.w``; None for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.attr if node.value.id == "self" else None
    return None


def _param_of(name: str, reader: _Reader) -> str | None:
    """``'w'``, ``'b'`` or ``'m'`` (the slope) for a name of a weight (``w``, ``b_current``,
    ``new_b``, ``c`` as the intercept); None for another name."""
    found = _NEW.fullmatch(name) or _CURRENT.fullmatch(name)
    if found is not None:
        name = found.group("p") or found.group("q")
    if name in _WEIGHTS:
        return "w"
    if name in _BIAS or (name == "c" and reader.intercept):
        return "b"
    if name == "m" and not reader.counts.get("m", False) and "m" not in reader.counts:
        return "m"
    return None


def _column_index(value: ast.expr, index: ast.expr) -> str | int | None:
    """``j`` for ``X[:, j]``, ``2`` for ``X[:, 2]``: the column of the data matrix; else None."""
    if not (isinstance(value, ast.Name) and value.id in _MATRIX and isinstance(index, ast.Tuple)):
        return None
    if len(index.elts) != 2:
        return None
    rows, column = index.elts
    if not (isinstance(rows, ast.Slice) and rows.lower is rows.upper is rows.step is None):
        return None
    if isinstance(column, ast.Name) and len(column.id) == 1 and column.id.islower():
        return column.id
    if isinstance(column, ast.Constant) and type(column.value) is int and column.value >= 0:
        return column.value
    return None


def _returned(function: ast.FunctionDef) -> ast.expr | None:
    """The expression of a function whose body (its docstring apart) is one ``return``."""
    body = [
        stmt
        for stmt in function.body
        if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))
    ]
    if len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None:
        return body[0].value
    return None


def _called(functions: list[ast.FunctionDef]) -> set[str]:
    """The names of the functions called (``f(…)``, ``self.f(…)``) in any of ``functions``."""
    out = set()
    for function in functions:
        for node in ast.walk(function):
            if isinstance(node, ast.Call):
                name = _plain_name(node.func)
                if name is not None:
                    out.add(name)
    return out


def _helpers(functions: list[ast.FunctionDef]) -> dict[str, ast.FunctionDef]:
    """The functions another one calls and that return one expression (``predict``,
    ``net_input``, ``compute_error``): read in place where they are called."""
    called = _called(functions)
    return {
        function.name: function
        for function in functions
        if function.name in called and _returned(function) is not None
    }


def _answers(
    functions: list[ast.FunctionDef], helpers: dict[str, ast.FunctionDef]
) -> list[ast.FunctionDef]:
    """The functions that are the answer: none is a helper, nor ``__init__``; of several, those
    that change a weight or name a derivative (not ``predict``, ``cost``)."""
    found = [f for f in functions if f.name not in helpers and f.name != "__init__"]
    if len(found) <= 1:
        return found

    def steps(function: ast.FunctionDef) -> bool:
        names = assigned_names(function.body)
        return any(
            name in _WEIGHTS or name in _BIAS or _DERIVATIVE.fullmatch(name)
            or _NEW.fullmatch(name) or _CURRENT.fullmatch(name)
            for name in names
        )  # fmt: skip

    return [function for function in found if steps(function)] or found


def _setter(stmt: ast.stmt, name: str, run: Loops) -> ast.stmt:
    """The statement that last sets ``name``: inside a loop over the epochs, its own line."""
    while any(stmt is loop for loop in run.epoch_loops):
        assert isinstance(stmt, ast.For)
        setting = [inner for inner in stmt.body if name in assigned_names([inner])]
        stmt = setting[-1]
    return stmt


def _bias_stepped(tree: ast.Module, reader: _Reader) -> None:
    """Refuse code that steps ``w[1:]``, the weights with the bias apart, and never ``w[0]``:
    the bias is left out of the rule."""
    targets = [
        target
        for node in ast.walk(tree)
        if isinstance(node, (ast.Assign, ast.AugAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
    ]
    parts = {weight_part(target): target for target in targets if weight_part(target)}
    if "w" in parts and "b" not in parts:
        weights = ast.unparse(parts["w"])
        raise reader.stop(
            parts["w"],
            f"{weights} (the weights, the bias apart) is changed and the bias "
            f"{weights.removesuffix('[1:]')}[0] never is: the rule changes the bias too "
            f"(its x_0 = 1)",
        )


def _is_epoch(stmt: ast.For, counts: set[str]) -> bool:
    """Whether ``stmt`` is a loop over the epochs: ``for _ in range(n_iter)`` (a bound that
    counts neither the samples nor the features) whose body changes the weights."""
    bound = range_bound(stmt.iter)
    if bound is None or not isinstance(stmt.target, ast.Name):
        return False
    if _is_sample_count(bound) or _is_feature_count(bound):
        return False
    name = _plain_name(bound)
    if name is not None and (
        name in counts or name in ("m", "n", "N", "M") or _COUNT.fullmatch(name)
    ):
        return False
    if name is None and not isinstance(bound, ast.Constant):
        return False
    changed = assigned_names(stmt.body)
    return any(name in _WEIGHTS or name in _BIAS or name in ("w", "b") for name in changed)


def _count_names(tree: ast.AST) -> set[str]:
    """The names given a count anywhere in ``tree`` (``m = len(y)``, ``m, n = X.shape``)."""
    return {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for target in (
            node.targets[0].elts if isinstance(node.targets[0], ast.Tuple) else node.targets
        )
        if isinstance(target, ast.Name)
        and (_is_sample_count(node.value) or _is_feature_count(node.value)
             or (isinstance(node.value, ast.Attribute) and node.value.attr == "shape"))
    }  # fmt: skip


def _starts(body: list[ast.stmt]) -> set[int]:
    """The statements before the first loop over the epochs that only start what it steps
    (``w = np.zeros(…)``, ``rgen = np.random.RandomState(1)``, ``cost_ = []``): each sets
    names that nothing read later needs. The step is read from any weights."""
    counts = _count_names(ast.Module(body=body, type_ignores=[]))
    first = next(
        (k for k, stmt in enumerate(body) if isinstance(stmt, ast.For) and _is_epoch(stmt, counts)),
        None,
    )
    if first is None:
        return set()
    loop = body[first]
    assert isinstance(loop, ast.For)
    stepped = {  # the weights the loop changes: it reads them as they are, whatever the start
        name
        for name in assigned_names(loop.body)
        if name in _WEIGHTS or name in _BIAS or name in ("w", "b")
    }
    dead: set[int] = set()
    for position in range(first - 1, -1, -1):
        stmt = body[position]
        if not isinstance(stmt, (ast.Assign, ast.AugAssign)):
            continue
        needed = read_names(
            [later for k, later in enumerate(body[position + 1 :], position + 1) if k not in dead]
        )
        if not set(assigned_names([stmt])) & (needed - stepped):
            dead.add(position)
    return dead


def _epochs_only(tree: ast.Module) -> bool:
    """Whether every loop of ``tree`` is a loop over the epochs (one at most deep)."""
    counts = _count_names(tree)
    loops = [node for node in ast.walk(tree) if isinstance(node, (ast.For, ast.While))]
    return bool(loops) and all(
        isinstance(loop, ast.For) and _is_epoch(loop, counts) for loop in loops
    )


def _returns_names(stmt: ast.stmt) -> bool:
    """``return a, b``: a tuple of names, each the result of a statement before it."""
    return (
        isinstance(stmt, ast.Return)
        and isinstance(stmt.value, ast.Tuple)
        and all(isinstance(item, ast.Name) for item in stmt.value.elts)
    )


def _in_order(body: list[ast.stmt]) -> bool:
    """Whether the statements must be read in order, each name for its latest value
    (:meth:`_Reader.program`), not each on its own: a statement reads a weight that one
    before it updated (``w = w - …`` then ``b = b - … X @ w …``: the new w, not the old),
    or gives several names at once (``w, b = w - …, b - …``)."""
    if len(body) == 1 and isinstance(body[0], ast.FunctionDef):
        body = body[0].body
    updated: set[str] = set()
    for stmt in body:
        if isinstance(stmt, ast.Return):
            continue
        value = getattr(stmt, "value", None)
        read = (
            {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
            | {weight_part(n) for n in ast.walk(value) if weight_part(n) is not None}
            if value
            else set()
        )
        if read & updated:
            return True
        if isinstance(stmt, ast.Assign) and any(
            isinstance(target, ast.Tuple) for target in stmt.targets
        ):
            if isinstance(value, (ast.Tuple, ast.List)):
                return True
            continue  # ``m, n = X.shape``: the counts
        for name in assigned_names([stmt]):
            if (name in _WEIGHTS or name in _BIAS or name in ("w", "b")) and (
                isinstance(stmt, ast.AugAssign) or name in read
            ):
                updated.add(name)  # w -= …, w = w - …
    return False


def read_code(raw: str, limits: Limits) -> tuple[list[CodeStatement], list[str]] | None:
    """The statements of numpy code and the readings it assumed; None when ``raw`` is not
    Python (then it is read as a formula).

    Raises
    ------
    ParseError
        For code that is Python but uses something this reader does not read.
    """
    if not looks_like_code(raw):
        return None
    try:
        tree = ast.parse(raw, mode="exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    check_depth(tree, lambda node: list(ast.iter_child_nodes(node)), 4 * limits.max_tree_depth)
    reader = _Reader(raw)
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    reader.intercept = "c" in names and any(
        (found := _DERIVATIVE.fullmatch(name)) is not None
        and "c" in (found.group("by"), found.group("of"))
        for name in names
    )
    body = tree.body
    if len(body) == 1 and isinstance(body[0], ast.ClassDef):  # a class: its methods
        body = [stmt for stmt in body[0].body if isinstance(stmt, ast.FunctionDef)]
        tree = ast.Module(body=body, type_ignores=[])
    functions = sum(isinstance(stmt, ast.FunctionDef) for stmt in body)
    epochs = _epochs_only(tree)
    _bias_stepped(tree, reader)
    try:
        if any(isinstance(node, ast.For) for node in ast.walk(tree)) and not epochs:
            reader.numbers = not _many_features(tree)
            if reader.numbers:
                reader.note(
                    "the code is read for one feature: x[i] is a number, w * x[i] a product"
                )
            statements = reader.program(tree.body)
        elif reader.one_feature(tree):
            reader.samplewise = reader.numbers = True
            reader.note(
                "the code is read for one feature: w * x + b is the prediction of each sample"
            )
            statements = reader.program(tree.body)
        elif _in_order(tree.body) or epochs or functions > 1:
            statements = reader.program(tree.body)
        else:
            statements = reader.statements(tree.body)
    except RecursionError:
        raise TooComplex("the code is nested too deeply") from None
    if not statements:
        return None
    return statements, reader.notes
