"""Read an answer in sympy syntax through the :mod:`ast` module, never by running it.

``ast.parse`` only parses: no code runs.  The tree is then walked with an
allow-list of node types (numbers, names, ``+ - * / **``, subscripts of the
notation's symbols, calls of :data:`~.build.FUNCTIONS`, tuples as the limits of
a ``Sum``); anything else (attributes, lambdas, comprehensions, strings, calls
of other names such as ``__import__``) is a parse error naming its column.
Every sympy object comes from the :class:`~.build.Builder`.  ``^`` is read as a
power, as sympy's own parser does.
"""

from __future__ import annotations

import ast
import io
import tokenize
from fractions import Fraction

from .build import FUNCTIONS, Builder, Term
from .errors import ParseError, TooComplex
from .limits import Limits, check_depth

__all__ = ["parse_sympy"]

_DESCRIPTIONS = {
    ast.Attribute: "attribute access (a.b)",
    ast.Lambda: "a lambda",
    ast.IfExp: "an if-expression",
    ast.BoolOp: "'and'/'or'",
    ast.Compare: "a comparison (write lhs = rhs, with a single '=')",
    ast.NamedExpr: "':='",
    ast.ListComp: "a list comprehension",
    ast.SetComp: "a set comprehension",
    ast.DictComp: "a dict comprehension",
    ast.GeneratorExp: "a generator expression",
    ast.List: "a list [...]",
    ast.Dict: "a dict {...}",
    ast.Set: "a set {...}",
    ast.JoinedStr: "an f-string",
    ast.FormattedValue: "an f-string",
    ast.Starred: "'*' unpacking",
    ast.Slice: "a slice (a:b)",
    ast.Await: "'await'",
    ast.Yield: "'yield'",
    ast.YieldFrom: "'yield from'",
}


def _operand_before(source: str, offset: int) -> bool | None:
    """Whether the last token before ``offset`` (0-based) ends an operand; None if unknown."""
    last = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(source[:offset]).readline):
            if token.type in (tokenize.NAME, tokenize.NUMBER, tokenize.OP, tokenize.STRING):
                last = token
    except (tokenize.TokenError, SyntaxError):
        pass
    if last is None:
        return False
    if last.type == tokenize.OP:
        return last.string in (")", "]", "}")
    return True


def _syntax_message(error: SyntaxError, source: str) -> str:
    what = (error.msg or "invalid syntax").rstrip(".")
    offset = max((error.offset or 1) - 1, 0)
    after_operand = _operand_before(source, offset)
    if "decimal literal" in what:
        return "a number is directly followed by a name; write the product with '*', as 2*x[i, j]"
    if "forgot a comma" in what:
        return "two terms stand side by side; expected a comma or an operator (+, -, *, /, **)"
    if "never closed" in what:
        expected = "a closing bracket"
    elif after_operand:
        expected = "an operator (+, -, *, /, **), a comma or a closing bracket"
    else:
        expected = "a number, a name, '(' or '-'"
    return f"{what}; expected {expected}"


class _Reader:
    """Walks the syntax tree with an allow-list, asking the builder for every object."""

    def __init__(self, builder: Builder, column_of: list[int]) -> None:
        self.builder = builder
        self._column_of = column_of

    def column(self, node: ast.AST) -> int | None:
        offset = getattr(node, "col_offset", None)
        if offset is None:
            return None
        return self._column_of[min(offset, len(self._column_of) - 1)]

    def error(self, node: ast.AST, message: str) -> ParseError:
        return ParseError(message, self.column(node))

    # -- dispatch --------------------------------------------------------
    def build(self, node: ast.AST) -> Term:
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, (ast.Add, ast.Sub)):
                return self._chain(node, (ast.Add, ast.Sub))
            if isinstance(node.op, (ast.Mult, ast.Div)):
                return self._chain(node, (ast.Mult, ast.Div))
            if isinstance(node.op, ast.Pow):
                return self.builder.power(
                    self.build(node.left), self.build(node.right), self.column(node)
                )
            raise self.error(node, f"the operator {type(node.op).__name__} is not allowed")
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return self.builder.neg(self.build(node.operand))
            if isinstance(node.op, ast.UAdd):
                return self.build(node.operand)
            raise self.error(node, "only + and - may stand before a term")
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return self.builder.name(node.id, self.column(node))
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Tuple):
            raise self.error(node, "a tuple is only allowed as the limits of a Sum: (i, 1, n)")
        what = _DESCRIPTIONS.get(type(node), type(node).__name__)
        raise self.error(node, f"{what} is not allowed in an answer")

    def _chain(self, node: ast.BinOp, ops: tuple[type, ...]) -> Term:
        """A left-leaning chain a + b - c ... (or a * b / c ...), read without recursion."""
        pieces: list[tuple[ast.AST, ast.AST]] = []
        while isinstance(node, ast.BinOp) and isinstance(node.op, ops):
            pieces.append((node.op, node.right))
            node = node.left
        terms = [self.build(node)]
        for op, right in reversed(pieces):
            term = self.build(right)
            if isinstance(op, ast.Sub):
                term = self.builder.neg(term)
            elif isinstance(op, ast.Div):
                term = self.builder.reciprocal(term, self.column(right))
            terms.append(term)
        if ops[0] is ast.Add:
            return self.builder.add(terms)
        return self.builder.mul(terms)

    def _constant(self, node: ast.Constant) -> Term:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(node, f"{type(value).__name__} literals are not allowed")
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                raise self.error(node, "this number is out of range")
            value = Fraction(repr(value))
        return self.builder.number(value, self.column(node))

    def _subscript(self, node: ast.Subscript) -> Term:
        indices: list[ast.AST] = []
        base = node
        while isinstance(base, ast.Subscript):  # x[i][j] reads as x[i, j]
            part = base.slice
            indices[:0] = part.elts if isinstance(part, ast.Tuple) else [part]
            base = base.value
        if not isinstance(base, ast.Name):
            what = _DESCRIPTIONS.get(type(base), type(base).__name__)
            raise self.error(base, f"{what} is not allowed in an answer")
        if base.id not in ("x", "y", "w", "z"):
            raise self.error(node, "only x, y, w and z take indices in brackets")
        return self.builder.indexed(
            base.id, [self.build(idx) for idx in indices], self.column(node)
        )

    def _call(self, node: ast.Call) -> Term:
        func = node.func
        if not isinstance(func, ast.Name):
            what = _DESCRIPTIONS.get(type(func), "this")
            raise self.error(node, f"{what} cannot be called; allowed: {', '.join(FUNCTIONS)}")
        name = {"φ": "phi", "ϕ": "phi"}.get(func.id, func.id)
        if name not in FUNCTIONS:
            hint = " (indices go in brackets: x[i, j])" if name in ("x", "y", "w", "z") else ""
            raise self.error(
                node,
                f"'{name}(...)' is not a function of the notation{hint}; "
                f"allowed: {', '.join(FUNCTIONS)}",
            )
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise self.error(node, f"{name}(...) takes plain arguments only")
        args, col = node.args, self.column(node)
        if name == "Sum":
            if len(args) < 2:
                raise self.error(node, "Sum needs limits: Sum(expression, (i, 1, n))")
            limits = [self._limit(limit) for limit in args[1:]]
            return self.builder.sum(self.build(args[0]), limits, col)
        if name in ("Derivative", "diff"):
            if len(args) < 2:
                raise self.error(node, f"{name} needs a variable: {name}(expression, w[j])")
            body = self.build(args[0])
            return self.builder.derivative(body, [self.build(a) for a in args[1:]], col)
        if name == "Rational":
            if len(args) != 2:
                raise self.error(node, "Rational takes two whole numbers: Rational(1, 2)")
            return self.builder.rational(self.build(args[0]), self.build(args[1]), col)
        if len(args) != 1:
            raise self.error(node, f"{name} takes one argument")
        return self.builder.function(name, self.build(args[0]), col)

    def _limit(self, node: ast.AST) -> tuple[str, Term | None, Term | None, int | None]:
        col = self.column(node)
        if isinstance(node, ast.Name):
            return node.id, None, None, col
        if (
            isinstance(node, ast.Tuple)
            and len(node.elts) == 3
            and isinstance(node.elts[0], ast.Name)
        ):
            name, lo, hi = node.elts
            return name.id, self.build(lo), self.build(hi), col
        raise self.error(node, "the limits of a Sum are (index, first, last), e.g. (i, 1, n)")


def parse_sympy(text: str, builder: Builder, limits: Limits) -> Term:
    """Read ``text`` (one expression in sympy syntax) into a :class:`~.build.Term`.

    Columns in errors are 1-based positions in ``text``.
    """
    source, column_of = [], []
    for position, char in enumerate(text):
        if char == "^":  # a power, as in sympy's parser (convert_xor)
            source.append("**")
            column_of += [position + 1, position + 1]
        else:
            source.append(" " if char in "\r\n\t\f\v" else char)
            column_of.append(position + 1)
    source = "".join(source)
    column_of.append(len(text) + 1)
    indent = len(source) - len(source.lstrip())  # "= rhs" leaves a space before rhs
    source, column_of = source[indent:], column_of[indent:]
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        if not error.offset:  # Python reports the end of the text as offset 0
            raise ParseError(
                "the answer ends too early; expected a number, a name, '(' or a closing bracket",
                len(text) + 1,
            ) from None
        offset = error.offset - 1
        column = column_of[min(offset, len(column_of) - 1)]
        raise ParseError(_syntax_message(error, source), column) from None
    except (RecursionError, MemoryError):
        raise TooComplex("the answer is nested too deeply") from None
    except ValueError as error:  # e.g. a NUL character
        raise ParseError(f"unreadable text ({error})") from None
    check_depth(tree, ast.iter_child_nodes, limits.max_tree_depth)
    # ast columns count UTF-8 bytes; map them to characters of ``text``.
    byte_columns: list[int] = []
    for position, char in enumerate(source):
        byte_columns += [column_of[position]] * len(char.encode("utf-8"))
    byte_columns.append(column_of[-1])
    return _Reader(builder, byte_columns).build(tree.body)
