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
from dataclasses import dataclass
from fractions import Fraction

from .errors import ParseError
from .latex import Add, Decorated, Frac, Node, Num, Op, Paren, Prod, Scripted, Sym, Transpose
from .limits import Limits, check_depth
from .normalise import Text

__all__ = ["CodeStatement", "looks_like_code", "read_code"]

_MARKS = re.compile(
    r"\bnp\.|\bnumpy\.|\.dot\s*\(|\.T\b|@|\.shape\b|\blen\s*\(|\bself\.|[+\-]=|\breturn\b"
    r"|\.sum\s*\(|\.mean\s*\("
)
_MATRIX = {"X", "x", "X_b", "Xb", "X_with_bias", "X_bias", "X_train", "x_train", "tx", "X1"}
_TARGET = {"y", "Y", "t", "target", "targets", "y_true", "y_train", "labels"}
_PREDICTION = {
    "y_pred", "y_hat", "yhat", "Y_pred", "Y_hat", "y_predict", "y_predicted", "predictions",
    "prediction", "preds", "pred", "output", "outputs", "y_est", "h", "h_x", "hypothesis",
}  # fmt: skip
_WEIGHTS = {"w", "W", "weights", "theta", "coef_", "beta", "w_", "params", "omega"}
_BIAS = {"b", "bias", "intercept_", "b_"}
_RATE = {"eta": "eta", "lr": "eta", "alpha": "alpha", "learning_rate": "eta", "l_r": "eta"}
_COUNT = re.compile(r"(n|num|m|N)_?(samples|obs|observations|examples|points|rows)", re.IGNORECASE)
_PREDICTED = re.compile(r"[yY]_?(pred|hat|predict|predicted|est)", re.IGNORECASE)
_CALLS = "np.dot, @, .dot, .T, np.sum, .sum(), np.mean, .mean(), len(y), X.shape[0]"
# dj_dw, dJ_db, dldw, grad_w, dw, db: a result named as the derivative by the weights or the bias
_DERIVATIVE = re.compile(r"(d[JjLlEe]_?d|d|grad_?|gradient_?)(w|W|theta|weights|b|bias)")


@dataclass(frozen=True)
class CodeStatement:
    """One statement of the code: its text and its sides (relation, text, node)."""

    text: Text
    parts: tuple[tuple[str, Text, Node], ...]


def looks_like_code(text: str) -> bool:
    """Whether ``text`` looks like numpy code (``.T``, ``@``, ``np.``, ``.dot(``, ``self.``)."""
    return "\\" not in text and bool(_MARKS.search(text))


class _Reader:
    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.starts = [0]
        for line in raw.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))
        self.notes: list[str] = []
        self.base = 0  # the offset of the side being read: node columns are relative to it
        self.counts: dict[str, bool] = {}  # m = len(y): True; the n of m, n = X.shape: False

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

    # -- names -----------------------------------------------------------
    def name(self, name: str, node: ast.AST) -> Node:
        col = self.col(node)
        if name in self.counts:
            if not self.counts[name]:
                raise self.refuse(node, f"{name}, the number of features,")
            self.note(f"{name} is read as the number of samples n")
            return Sym(col, "count", word=True)
        if name in _MATRIX:
            if name not in ("X", "x"):
                self.note(f"{name} is read as the data matrix X")
            return Sym(col, "X")
        if name in _TARGET:
            return Sym(col, "y")
        if name in _PREDICTION or _PREDICTED.fullmatch(name):
            self.note(f"{name} is read as the predictions ŷ")
            return Decorated(col, "hat", Sym(col, "y"))
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
        left, right = self.expr(node.left), self.expr(node.right)
        op = node.op
        if isinstance(op, (ast.Add, ast.Sub)):
            return Add(
                col, ((False, Paren(col, left)), (isinstance(op, ast.Sub), Paren(col, right)))
            )
        kinds = {ast.Mult: "emul", ast.MatMult: "matmul", ast.Div: "div"}
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
            return Scripted(col, Paren(col, self.expr(node.value)), (("sup", (Transpose(col),)),))
        if node.attr == "size":
            return self.count(node)
        raise self.refuse(node, f"'{self.source(node)}'")

    def count(self, node: ast.AST) -> Node:
        self.note(f"{self.source(node)} is read as the number of samples n")
        return Sym(self.col(node), "count", word=True)

    def subscript(self, node: ast.Subscript) -> Node:
        col = self.col(node)
        value, index = node.value, node.slice
        if isinstance(value, ast.Attribute) and value.attr == "shape":
            if isinstance(index, ast.Constant) and index.value == 0:
                return self.count(node)
        weights = (isinstance(value, ast.Name) and value.id in _WEIGHTS) or (
            isinstance(value, ast.Attribute) and value.attr in _WEIGHTS
        )
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

    def call(self, node: ast.Call) -> Node:
        col = self.col(node)
        func = node.func
        name = ast.unparse(func) if isinstance(func, (ast.Name, ast.Attribute)) else ""
        if node.keywords:
            raise self.refuse(node, f"'{self.source(node)}' with keyword arguments")
        args = node.args
        module = re.fullmatch(r"(np|numpy)\.(\w+)", name)
        method = func.attr if isinstance(func, ast.Attribute) and not module else None
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
        raise self.refuse(node, f"'{name or self.source(node)}(…)'")

    def product(self, col: int, left: Node, right: Node) -> Node:
        return Prod(col, (("mul", False, Paren(col, left)), ("matmul", False, Paren(col, right))))

    def total(self, col: int, body: Node) -> Node:
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
        return False

    def derivative(self, target: ast.expr, later: set[str]) -> Node | None:
        """``∂J/∂w`` or ``∂J/∂b`` for a result named so (``dj_db = …``) that nothing uses
        after; None otherwise (a definition, or another name)."""
        if not isinstance(target, ast.Name) or target.id in later:
            return None
        found = _DERIVATIVE.fullmatch(target.id)
        if found is None:
            return None
        col = self.col(target)
        param = "b" if found.group(2) in ("b", "bias") else "w"
        self.note(f"{target.id} is read as ∂J/∂{param}")
        return Frac(
            col,
            Prod(col, (("mul", False, Op(col, "partial")), ("mul", False, Sym(col, "J")))),
            Prod(col, (("mul", False, Op(col, "partial")), ("mul", False, Sym(col, param)))),
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


def _is_sample_count(node: ast.expr) -> bool:
    """``len(y)``, ``X.shape[0]``, ``y.size``: the number of samples, as the reader reads it."""
    if isinstance(node, ast.Call):
        return (
            isinstance(node.func, ast.Name)
            and node.func.id == "len"
            and len(node.args) == 1
            and isinstance(node.args[0], ast.Name)
        )
    if isinstance(node, ast.Subscript):
        return (
            isinstance(node.value, ast.Attribute)
            and node.value.attr == "shape"
            and isinstance(node.slice, ast.Constant)
            and node.slice.value == 0
        )
    return isinstance(node, ast.Attribute) and node.attr == "size"


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


def _returns_names(stmt: ast.stmt) -> bool:
    """``return a, b``: a tuple of names, each the result of a statement before it."""
    return (
        isinstance(stmt, ast.Return)
        and isinstance(stmt.value, ast.Tuple)
        and all(isinstance(item, ast.Name) for item in stmt.value.elts)
    )


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
    statements = reader.statements(tree.body)
    if not statements:
        return None
    return statements, reader.notes
