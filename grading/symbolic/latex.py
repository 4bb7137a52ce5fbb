r"""Read an answer in the textbook's LaTeX notation with a lark grammar of our own.

What it reads: ``y^{(i)}`` and ``y_i`` (sample i), ``x_j^{(i)}``, ``x^{(i)}_j``,
``x_{ij}`` and ``x_{i,j}`` (feature j of sample i), ``w_j``, ``z^{(i)}``,
``\phi(z^{(i)})``, ``\eta``, ``n``, ``m``, ``\sum_{i=1}^{n}``, ``\sum_i`` (the
range follows from how the index is used: 1..n for samples, 0..m for
features), ``\frac{a}{b}``, ``\frac12``, ``\frac{\partial}{\partial w_j}`` (applies
to the rest of the product), ``\frac{\partial J}{\partial w_j}``, ``\left(
\right)``, ``\cdot``, ``\times``, implicit multiplication, ``^2``.  Spacing
commands (``\,``, ``\quad``, ``&``, ``\\``) are ignored.

As in the usual reading of a formula, ``\sum`` and ``\frac{\partial}{\partial
w_j}`` apply to everything after them up to the next ``+`` or ``-`` of the same
level: ``\frac{1}{2} \sum_i 2 a b - c`` is ``1/2 * Sum(2*a*b) - c``.  A minus
sign after ``\cdot`` is allowed (``a \cdot -b``); elsewhere ``a - b`` is a
subtraction.

The grammar is LALR, so a text has one reading or a parse error with its
column and what was expected.  Every sympy object comes from the
:class:`~.build.Builder`; nothing is evaluated.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, VisitError

from . import notation as nt
from .build import Builder, Term
from .errors import AnswerError, ParseError, TooComplex, UnknownSymbol
from .limits import Limits, check_depth

__all__ = ["GRAMMAR", "parse_latex"]

GRAMMAR = r"""
?start: expr

expr: SIGN? term (SIGN term)*
term: item tail*
?tail: item              -> implicit
     | MULOP signed      -> times
     | DIVOP signed      -> over
signed: SIGN? item

?item: symbol
     | powered
     | sumop
     | frac
     | FRAC12
     | PARTIAL
     | DIFFD
     | DELTA
     | CMD

symbol: (LETTER | ETA) script*
script: UNDERSCORE sarg  -> sub
      | CARET sarg       -> sup
sarg: LBRACE expr (COMMA expr)* RBRACE
    | LETTER
    | NUMBER
    | paren

powered: base (CARET sarg)?
?base: group | NUMBER | func | sqrt
group: paren | LBRACE expr RBRACE
paren: LPAR expr RPAR
func: FUNC (group | symbol)
sqrt: SQRT LBRACE expr RBRACE

sumop: SUM limit*
?limit: UNDERSCORE lowerarg  -> lower
      | CARET upperarg       -> upper
lowerarg: LBRACE LETTER (EQ expr)? RBRACE | LETTER
upperarg: LBRACE expr RBRACE | LETTER | NUMBER

frac: FRAC LBRACE expr RBRACE LBRACE expr RBRACE

SIGN: "+" | "-" | "−"
MULOP.2: "*" | "·" | "×" | /\\cdot(?![a-zA-Z])/ | /\\times(?![a-zA-Z])/
DIVOP: "/"
CARET: "^"
UNDERSCORE: "_"
EQ: "="
COMMA: ","
LBRACE: "{"
RBRACE: "}"
LPAR.3: "(" | "[" | /\\\{/ | /\\left\s*(\(|\[|\\\{)/ | /\\[bB]igg?l?\s*(\(|\[|\\\{)/
RPAR.3: ")" | "]" | /\\\}/ | /\\right\s*(\)|\]|\\\})/ | /\\[bB]igg?r?\s*(\)|\]|\\\})/
NUMBER: /\d+(\.\d+)?|\.\d+/
LETTER: /[A-Za-z]/
SUM.2: /\\sum(?![a-zA-Z])/ | "Σ" | "∑"
FRAC12.3: /\\[dt]?frac\s*\d\s*\d/
FRAC.2: /\\[dt]?frac(?![a-zA-Z])/
PARTIAL.2: /\\partial(?![a-zA-Z])/ | "∂"
DIFFD.2: /\\(mathrm|operatorname|text)\s*\{\s*d\s*\}/
ETA.2: /\\eta(?![a-zA-Z])/ | "η"
FUNC.2: /\\(phi|varphi|exp|log|ln)(?![a-zA-Z])/ | "φ" | "ϕ"
SQRT.2: /\\sqrt(?![a-zA-Z])/
DELTA.2: /\\Delta(?![a-zA-Z])/ | "Δ"
CMD.1: /\\[a-zA-Z]+/

SPACE.4: /\s+/ | /\\[,;:! ]/ | /\\q?quad(?![a-zA-Z])/ | "~" | "&" | /\\\\/
       | /\\(displaystyle|textstyle|limits|nolimits)(?![a-zA-Z])/
       | /\\(left|right)\s*\./
%ignore SPACE
"""

_READABLE = {
    "SIGN": "'+' or '-'",
    "MULOP": r"'\cdot'",
    "DIVOP": "'/'",
    "CARET": "'^'",
    "UNDERSCORE": "'_'",
    "EQ": "'='",
    "COMMA": "','",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LPAR": "'('",
    "RPAR": "')'",
    "NUMBER": "a number",
    "LETTER": "a letter",
    "SUM": r"\sum",
    "FRAC12": r"\frac",
    "FRAC": r"\frac",
    "PARTIAL": r"\partial",
    "DIFFD": r"\mathrm{d}",
    "ETA": r"\eta",
    "FUNC": r"\phi",
    "SQRT": r"\sqrt",
    "DELTA": r"\Delta",
    "CMD": "a command",
    "$END": "the end",
}
_TERM_START = {"LETTER", "NUMBER", "LPAR", "SUM", "FRAC"}
_FUNCTIONS = {"phi": "phi", "varphi": "phi", "exp": "exp", "log": "log", "ln": "log"}


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(GRAMMAR, parser="lalr", lexer="contextual", propagate_positions=True)


# -- what the transformer passes around besides Terms -----------------------
@dataclass(frozen=True)
class _Paren:
    """A bracketed expression, kept apart so that ``y^{(i)}`` reads as an index."""

    term: object


@dataclass(frozen=True)
class _Juxtaposed:
    """Letters written side by side (``ij``), kept in order for ``x_{ij}``."""

    terms: tuple[Term, ...]


@dataclass(frozen=True)
class _Differential:
    r"""``\partial``, ``d`` or ``\partial w_j``: half of a derivative, for ``\frac``."""

    rest: object | None
    column: int | None


@dataclass(frozen=True)
class _Marker:
    """A token that means nothing on its own (``\\partial``, ``d``, ``\\Delta``)."""

    kind: str
    column: int | None


@dataclass(frozen=True)
class _Operator:
    r"""``\sum_{...}`` or ``\frac{\partial}{\partial w_j}``: applies to the rest of the product."""

    kind: str
    column: int | None
    var: str | None = None
    lo: Term | None = None
    hi: Term | None = None
    wrt: Term | None = None

    def apply(self, builder: Builder, operand: Term) -> Term:
        if self.kind == "sum":
            return builder.sum(operand, [(self.var, self.lo, self.hi, self.column)], self.column)
        return builder.derivative(operand, [self.wrt], self.column)


@dataclass(frozen=True)
class _Neg:
    item: object


def _column(meta: object) -> int | None:
    return getattr(meta, "column", None) if not getattr(meta, "empty", True) else None


@v_args(meta=True)
class _ToSympy(Transformer):
    """Turns the parse tree into sympy objects through the builder."""

    def __init__(self, builder: Builder) -> None:
        super().__init__(visit_tokens=False)
        self.b = builder

    # -- helpers ---------------------------------------------------------
    def _value(self, obj: object, column: int | None = None) -> Term:
        """A Term from whatever an item became, or a parse error saying why not."""
        if isinstance(obj, Term):
            return obj
        if isinstance(obj, _Paren):
            return self._value(obj.term, column)
        if isinstance(obj, _Juxtaposed):
            return self.b.mul(list(obj.terms))
        if isinstance(obj, _Neg):
            return self.b.neg(self._value(obj.item, column))
        if isinstance(obj, _Operator):
            what = r"\sum" if obj.kind == "sum" else r"\frac{\partial}{\partial w_j}"
            raise ParseError(f"{what} needs something after it", obj.column)
        if isinstance(obj, (_Differential, _Marker)):
            kind = getattr(obj, "kind", "differential")
            if kind == "delta":
                raise ParseError(
                    r"\Delta w_j names the update: write \Delta w_j = ... "
                    "(the right-hand side is judged)",
                    obj.column,
                )
            raise ParseError(
                r"write a derivative as \frac{\partial}{\partial w_j} (...) or "
                r"\frac{\partial J}{\partial w_j}",
                obj.column,
            )
        if isinstance(obj, Token):
            return self._token_value(obj)
        raise ParseError("this part of the formula could not be read", column)

    def _token_value(self, token: Token) -> Term:
        col = token.column
        if token.type == "NUMBER":
            return self.b.number(Fraction(str(token)), col)
        if token.type == "LETTER":
            return self.b.name(str(token), col)
        if token.type == "FRAC12":
            digits = [c for c in str(token) if c.isdigit()]
            return self.b.div(
                self.b.number(int(digits[0]), col), self.b.number(int(digits[1])), col
            )
        if token.type == "CMD":
            raise UnknownSymbol(f"unknown command {token}", col)
        if token.type == "ETA":
            return self.b.name("eta", col)
        raise ParseError(f"unexpected {token}", col)

    def _item(self, obj: object) -> object:
        """Tokens standing for an item become Terms or markers; the rest is passed on."""
        if isinstance(obj, Token):
            if obj.type in ("PARTIAL", "DIFFD"):
                return _Marker("partial", obj.column)
            if obj.type == "DELTA":
                return _Marker("delta", obj.column)
            return self._token_value(obj)
        return obj

    # -- sums of terms ---------------------------------------------------
    def expr(self, meta, children):
        if len(children) == 1:
            return self._item(children[0])
        terms, negative = [], False
        for child in children:
            if isinstance(child, Token) and child.type == "SIGN":
                negative = str(child) != "+"
                continue
            term = self._value(self._item(child), _column(meta))
            terms.append(self.b.neg(term) if negative else term)
            negative = False
        return terms[0] if len(terms) == 1 else self.b.add(terms)

    def implicit(self, meta, children):
        return ("mul", self._item(children[0]))

    def times(self, meta, children):
        return ("mul", children[-1])

    def over(self, meta, children):
        return ("div", children[-1])

    def signed(self, meta, children):
        item = self._item(children[-1])
        if len(children) == 2 and str(children[0]) != "+":
            return _Neg(item)
        return item

    def term(self, meta, children):
        first = self._item(children[0])
        tails = children[1:]
        if not tails:
            return first
        items = [("mul", first), *tails]
        if _is_d(first):
            rest = [item for _, item in items[1:]]
            return _Differential(self._product(rest) if rest else None, first_column(first))
        if isinstance(first, _Marker):
            self._value(first)  # raises: \Delta is only a label
        letters = [item for _, item in items if _is_letter(item)]
        if len(letters) == len(items) and all(kind == "mul" for kind, _ in items):
            return _Juxtaposed(tuple(letters))
        acc = None
        for kind, item in reversed(items):
            negate = isinstance(item, _Neg)
            item = item.item if negate else item
            if isinstance(item, _Operator):
                if kind == "div":
                    raise ParseError(r"cannot divide by \sum or a derivative", item.column)
                if acc is None:
                    self._value(item)  # raises: nothing after the operator
                acc = item.apply(self.b, acc)
            else:
                val = self._value(item, _column(meta))
                if kind == "div":
                    val = self.b.reciprocal(val, _column(meta))
                acc = val if acc is None else self.b.mul([val, acc])
            if negate:
                acc = self.b.neg(acc)
        return acc

    def _product(self, items: list[object]) -> Term:
        if len(items) == 1:
            return self._value(items[0])
        return self.b.mul([self._value(item) for item in items])

    # -- atoms -----------------------------------------------------------
    def paren(self, meta, children):
        return _Paren(self._item(children[1]))

    def group(self, meta, children):
        if len(children) == 1:  # a paren
            return children[0]
        return self._value(self._item(children[1]), _column(meta))

    def powered(self, meta, children):
        base = self._item(children[0])
        if len(children) == 1:
            return base
        exponent = self._single(children[2], "an exponent")
        return self.b.power(self._value(base), self._value(exponent), children[1].column)

    def func(self, meta, children):
        token, arg = children
        name = str(token).lstrip("\\")
        name = {"φ": "phi", "ϕ": "phi"}.get(name, _FUNCTIONS.get(name, name))
        return self.b.function(name, self._value(self._item(arg)), token.column)

    def sqrt(self, meta, children):
        return self.b.function("sqrt", self._value(self._item(children[2])), children[0].column)

    def frac(self, meta, children):
        token = children[0]
        num, den = self._item(children[2]), self._item(children[5])
        num, den = _as_differential(num), _as_differential(den)
        if isinstance(num, _Differential) and isinstance(den, _Differential):
            if den.rest is None:
                raise ParseError(r"say what to differentiate by: \partial w_j", token.column)
            wrt = self._value(den.rest)
            if num.rest is None:
                return _Operator("derivative", token.column, wrt=wrt)
            return self.b.derivative(self._value(num.rest), [wrt], token.column)
        if isinstance(num, _Differential) or isinstance(den, _Differential):
            raise ParseError(
                r"write a derivative as \frac{\partial}{\partial w_j} or "
                r"\frac{\partial J}{\partial w_j}",
                token.column,
            )
        return self.b.div(self._value(num), self._value(den), token.column)

    # -- sums ------------------------------------------------------------
    def sumop(self, meta, children):
        token = children[0]
        var = lo = hi = None
        for kind, data in children[1:]:
            if kind == "lower":
                var, lo = data
            else:
                hi = data
        if var is None:
            raise ParseError(r"say what the sum runs over: \sum_{i=1}^{n} or \sum_i", token.column)
        return _Operator("sum", token.column, var=var, lo=lo, hi=hi)

    def lower(self, meta, children):
        return ("lower", children[-1])

    def upper(self, meta, children):
        return ("upper", children[-1])

    def lowerarg(self, meta, children):
        letter = next(c for c in children if isinstance(c, Token) and c.type == "LETTER")
        exprs = [c for c in children if not isinstance(c, Token)]
        lo = self._value(self._item(exprs[0])) if exprs else None
        return (str(letter), lo)

    def upperarg(self, meta, children):
        values = [
            c for c in children if not (isinstance(c, Token) and c.type in ("LBRACE", "RBRACE"))
        ]
        return self._value(self._item(values[0]))

    # -- symbols with scripts ---------------------------------------------
    def sarg(self, meta, children):
        return [
            self._item(c)
            for c in children
            if not (isinstance(c, Token) and c.type in ("LBRACE", "RBRACE", "COMMA"))
        ]

    def sub(self, meta, children):
        return ("sub", children[1], children[0].column)

    def sup(self, meta, children):
        return ("sup", children[1], children[0].column)

    def _single(self, values: list[object], what: str) -> object:
        if len(values) != 1:
            raise ParseError(f"{what} must be one expression")
        return values[0]

    def symbol(self, meta, children):
        token, scripts = children[0], children[1:]
        col = token.column
        name = "eta" if token.type == "ETA" else str(token)
        subs = [values for kind, values, _ in scripts if kind == "sub"]
        sample, powers = None, []
        for kind, values, column in scripts:
            if kind != "sup":
                continue
            if len(values) == 1 and isinstance(values[0], _Paren) and name not in nt.DATA:
                inside = self._value(values[0])
                if not inside.expr.is_Integer:  # e^{(i)}: meant as data of sample i
                    self._symbol_base(name, None, inside, col)
            if name in nt.DATA and len(values) == 1 and isinstance(values[0], _Paren):
                if name == "w":
                    raise ParseError("w has no sample index: write w_j", column)
                if sample is not None:
                    raise ParseError(f"{name} has two sample indices", column)
                sample = self._value(values[0])
            else:
                powers.append((self._single(values, "an exponent"), column))
        if len(subs) > 1:
            raise ParseError(f"{name} has two subscripts; write them in one: x_{{ij}}", col)
        sub = subs[0] if subs else None
        if name == "d" and not subs and sample is None and not powers:
            return _Marker("partial", col)
        base = self._symbol_base(name, sub, sample, col)
        for exponent, column in powers:
            base = self.b.power(base, self._value(exponent), column)
        return base

    def _indices(self, values: list[object]) -> list[Term]:
        if len(values) == 1 and isinstance(values[0], _Juxtaposed):
            return list(values[0].terms)
        return [self._value(v) for v in values]

    def _symbol_base(self, name, sub, sample, col) -> Term:
        if name == "x":
            features = self._indices(sub) if sub else []
            if sample is not None and len(features) == 1:
                return self.b.indexed("x", [sample, features[0]], col)
            if sample is None and len(features) == 2:
                return self.b.indexed("x", features, col)
            raise ParseError("x needs a sample and a feature index: x_j^{(i)} (or x_{ij})", col)
        if name in ("y", "z", "w"):
            indices = self._indices(sub) if sub else []
            if sample is not None:
                indices = [sample, *indices]
            shape = "w_j" if name == "w" else f"{name}^{{(i)}}"
            if len(indices) != 1:
                raise ParseError(f"{name} takes one index: write {shape}", col)
            return self.b.indexed(name, indices, col)
        if sub is not None or sample is not None:
            if name in ("eta", "n", "m", "b", "J"):
                shown = r"\eta" if name == "eta" else name
                raise ParseError(f"{shown} takes no index", col)
            raise UnknownSymbol(f"unknown symbol '{name}' (with an index)", col)
        return self.b.name(name, col)


def _is_d(obj: object) -> bool:
    return isinstance(obj, _Marker) and obj.kind == "partial"


def _is_letter(obj: object) -> bool:
    return (
        isinstance(obj, Term)
        and obj.expr.is_Symbol
        and obj.expr.is_integer
        and obj.expr not in (nt.n, nt.m)
        and len(obj.expr.name) == 1
    )


def first_column(obj: object) -> int | None:
    return getattr(obj, "column", None)


def _as_differential(obj: object) -> object:
    if isinstance(obj, _Marker) and obj.kind == "partial":
        return _Differential(None, obj.column)
    return obj


def _children(node: object) -> list:
    return node.children if isinstance(node, Tree) else []


def _expected(names: set[str]) -> str:
    if names & _TERM_START and len(names) > 6:
        return r"a term (a number, a letter, \sum, \frac, '(')"
    readable = sorted({_READABLE.get(name, name) for name in names})
    return ", ".join(readable) if readable else "something else"


def parse_latex(text: str, builder: Builder, limits: Limits) -> Term:
    """Read ``text`` (one LaTeX expression) into a :class:`~.build.Term`.

    Columns in errors are 1-based positions in ``text``.
    """
    try:
        tree = _parser().parse(text)
    except UnexpectedCharacters as error:
        expected = _expected(set(error.allowed or ()))
        raise ParseError(
            f"unexpected {text[error.pos_in_stream]!r}; expected {expected}", error.column
        ) from None
    except UnexpectedEOF as error:
        raise ParseError(
            f"the formula ends too early; expected {_expected(set(error.expected))}",
            len(text) + 1,
        ) from None
    except UnexpectedInput as error:
        token = getattr(error, "token", None)
        expected = _expected(set(getattr(error, "expected", ()) or ()))
        if token is None or token.type == "$END":
            raise ParseError(
                f"the formula ends too early; expected {expected}", len(text) + 1
            ) from None
        raise ParseError(f"unexpected {str(token)!r}; expected {expected}", error.column) from None
    except RecursionError:
        raise TooComplex("the answer is nested too deeply") from None
    # A LaTeX parse tree has a few levels per bracket (expr, term, item, group).
    check_depth(tree, _children, 3 * limits.max_tree_depth)
    transformer = _ToSympy(builder)
    try:
        result = transformer.transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, AnswerError):
            raise error.orig_exc from None
        raise
    return transformer._value(transformer._item(result))
