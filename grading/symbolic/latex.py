r"""Parse one side of a formula, normalised by :mod:`.normalise`, into a small neutral tree.

The grammar knows the shapes people write, not what the letters mean: numbers,
letters, Greek letters and ``\text{words}`` with sub- and superscripts
(``x_j^{(i)}``, ``\hat{y}_i``, ``X^⊤``, ``(Xw)_n``), decorations (``\hat``,
``\mathbf``, ``\vec``), brackets, ``\frac``, ``\sqrt``, products (written
side by side, with ``*``, ``\cdot`` or ``\times``), ``/``, sums and
differences, and the operators ``\sum``, ``\nabla``, ``\partial`` and
``\Delta`` with their scripts.  What a letter stands for (the target, the
prediction, a weight, the number of samples, an index) is decided afterwards
by :mod:`.interpret`, from the whole answer.

As in the usual reading of a formula, ``\sum`` and ``\frac{\partial}{\partial
w_j}`` apply to everything after them up to the next ``+`` or ``-`` of the same
level, and ``/`` takes the next factor only.  The grammar is LALR: a text has
one reading or a parse error with its column and what was expected, and the
time to parse grows linearly with the length of the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, VisitError

from .errors import AnswerError, ParseError, TooComplex
from .limits import Limits, check_depth

__all__ = [
    "GRAMMAR",
    "Add",
    "Decorated",
    "Frac",
    "Func",
    "Node",
    "Num",
    "Op",
    "Paren",
    "Prod",
    "Relation",
    "Scripted",
    "Sym",
    "Transpose",
    "Tuple",
    "parse_tree",
]

GRAMMAR = r"""
?start: expr

expr: SIGN? term (SIGN term)*
term: factor tail*
?tail: factor              -> implicit
     | MULOP signed        -> times
     | DIVOP signed        -> over
signed: SIGN? factor

factor: atom script*
?script: UNDERSCORE sarg   -> sub
       | CARET sarg        -> sup
sarg: LBRACE arg (COMMA arg)* RBRACE  -> braced
    | LBRACE RBRACE                   -> empty
    | LETTER | NUMBER | GREEK | TOP | PRIME | WORD | paren
arg: expr
   | expr EQ expr          -> equals
   | expr IN expr          -> member

?atom: LETTER | GREEK | WORD | NUMBER | FRAC12
     | paren | brace | frac | decorated | sqrt | func
     | SUM | NABLA | PARTIAL | DELTA | CMD
paren: LPAR expr (COMMA expr)* RPAR
brace: LBRACE expr RBRACE
frac: FRAC sarg sarg
decorated: DECOR sarg
sqrt: SQRT sarg
func: FUNC

SIGN: "+" | "-"
MULOP.2: "*" | /\\cdot(?![a-zA-Z])/ | /\\times(?![a-zA-Z])/
DIVOP: "/"
CARET: "^"
UNDERSCORE: "_"
EQ: "="
IN.2: /\\in(?![a-zA-Z])/
COMMA: ","
LBRACE: "{"
RBRACE: "}"
LPAR: "("
RPAR: ")"
TOP: "⊤"
PRIME: "′"
NUMBER: /\d+(\.\d+)?|\.\d+/
LETTER: /[A-Za-z]/
WORD.3: /\\text\s*\{\s*[A-Za-z][A-Za-z0-9_ ]*\}/
FRAC12.3: /\\frac\s*\d\s*\d/
FRAC.2: /\\frac(?![a-zA-Z])/
SQRT.2: /\\sqrt(?![a-zA-Z])/
FUNC.2: /\\(exp|log|ln)(?![a-zA-Z])/
SUM.2: /\\sum(?![a-zA-Z])/
NABLA.2: /\\nabla(?![a-zA-Z])/
PARTIAL.2: /\\partial(?![a-zA-Z])/
DELTA.2: /\\Delta(?![a-zA-Z])/
DECOR.2: /\\(hat|widehat|bar|overline|tilde|widetilde|vec|overrightarrow)(?![a-zA-Z])/
       | /\\(mathbf|boldsymbol|bm|textbf|pmb|mathbfit)(?![a-zA-Z])/
GREEK.2: /\\(alpha|beta|gamma|delta|epsilon|varepsilon|eta|theta|vartheta|lambda|mu)(?![a-zA-Z])/
       | /\\(phi|varphi|sigma|rho|tau|omega|xi|psi|chi|nu|kappa|ell)(?![a-zA-Z])/
       | /\\(Theta|Phi|Sigma|Omega|Lambda|Psi)(?![a-zA-Z])/
CMD.1: /\\[a-zA-Z]+/

SPACE: /\s+/
%ignore SPACE
"""

_READABLE = {
    "SIGN": "'+' or '-'",
    "MULOP": r"'\cdot'",
    "DIVOP": "'/'",
    "CARET": "'^'",
    "UNDERSCORE": "'_'",
    "EQ": "'='",
    "IN": r"'\in'",
    "COMMA": "','",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LPAR": "'('",
    "RPAR": "')'",
    "NUMBER": "a number",
    "LETTER": "a letter",
    "GREEK": "a Greek letter",
    "WORD": r"\text{...}",
    "TOP": "a transpose",
    "PRIME": "a prime",
    "SUM": r"\sum",
    "FRAC12": r"\frac",
    "FRAC": r"\frac",
    "SQRT": r"\sqrt",
    "FUNC": r"\exp",
    "NABLA": r"\nabla",
    "PARTIAL": r"\partial",
    "DELTA": r"\Delta",
    "DECOR": r"\hat",
    "CMD": "a command",
    "$END": "the end",
}
_TERM_START = {"LETTER", "NUMBER", "LPAR", "SUM", "FRAC", "GREEK"}


@lru_cache(maxsize=1)
def _parser() -> Lark:
    from gdgrade.grading.cache import cached_lark  # the LALR tables kept between runs

    return cached_lark(GRAMMAR, parser="lalr", lexer="contextual", propagate_positions=True)


# -- the neutral tree --------------------------------------------------------
@dataclass(frozen=True)
class Node:
    """A node of the neutral tree; ``col`` is its 0-based position in the normalised side."""

    col: int | None


@dataclass(frozen=True)
class Num(Node):
    value: Fraction


@dataclass(frozen=True)
class Sym(Node):
    """A letter (``x``), a Greek letter (``eta``) or a ``\\text{word}`` (``output``)."""

    name: str
    word: bool = False


@dataclass(frozen=True)
class Decorated(Node):
    """``\\hat{y}`` (``kind='hat'``), ``\\mathbf{w}`` and ``\\vec{w}`` (``kind='bold'``)."""

    kind: str
    inner: Node


@dataclass(frozen=True)
class Relation(Node):
    """``i = 1`` or ``d \\in D`` inside the scripts of a sum."""

    kind: str  # '=' or 'in'
    left: Node
    right: Node


@dataclass(frozen=True)
class Scripted(Node):
    """A base with its scripts in order: ``(('sub', (args...)), ('sup', (args...)))``."""

    base: Node
    scripts: tuple[tuple[str, tuple[Node, ...]], ...]


@dataclass(frozen=True)
class Paren(Node):
    inner: Node


@dataclass(frozen=True)
class Add(Node):
    terms: tuple[tuple[bool, Node], ...]  # (negative, term)


@dataclass(frozen=True)
class Prod(Node):
    """Factors in order, ``(kind, negative, node)``; kind is 'mul' or 'div'."""

    items: tuple[tuple[str, bool, Node], ...]


@dataclass(frozen=True)
class Frac(Node):
    num: Node
    den: Node


@dataclass(frozen=True)
class Func(Node):
    """``\\exp``, ``\\log``, ``\\sqrt`` applied to what follows."""

    name: str
    arg: Node | None


@dataclass(frozen=True)
class Op(Node):
    """An operator: ``sum``, ``nabla``, ``partial``, ``delta``, ``func`` or ``unknown``."""

    kind: str
    text: str = ""


@dataclass(frozen=True)
class Tuple(Node):
    """``(a, b)``: the arguments of ``J(w, b)`` or ``f_{w,b}``."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Transpose(Node):
    """The ``⊤`` of ``X^⊤`` (only meaningful as a superscript); ``prime`` for ``X'``, which may
    also name X with its column of ones (decided from the shapes)."""

    prime: bool = False


def _column(meta: object) -> int | None:
    if getattr(meta, "empty", True):
        return None
    return getattr(meta, "start_pos", None)


@v_args(meta=True)
class _ToTree(Transformer):
    """Turns lark's parse tree into the neutral tree."""

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)

    def _token(self, token: Token) -> Node:
        col = token.start_pos
        kind = token.type
        if kind == "NUMBER":
            return Num(col, Fraction(str(token)))
        if kind == "LETTER":
            return Sym(col, str(token))
        if kind == "GREEK":
            return Sym(col, str(token).lstrip("\\"))
        if kind == "WORD":
            inner = str(token)[str(token).index("{") + 1 : -1].strip().replace(" ", "")
            return Sym(col, inner, word=True)
        if kind == "FRAC12":
            digits = [c for c in str(token) if c.isdigit()]
            return Frac(col, Num(col, Fraction(int(digits[0]))), Num(col, Fraction(int(digits[1]))))
        if kind == "TOP":
            return Transpose(col)
        if kind == "PRIME":
            return Transpose(col, prime=True)
        if kind in ("SUM", "NABLA", "PARTIAL", "DELTA"):
            return Op(col, kind.lower())
        if kind == "CMD":
            return Op(col, "unknown", str(token))
        raise ParseError(f"unexpected {token}", col)

    def _node(self, obj: object) -> Node:
        return self._token(obj) if isinstance(obj, Token) else obj

    def expr(self, meta, children):
        terms, negative, seen = [], False, False
        for child in children:
            if isinstance(child, Token) and child.type == "SIGN":
                negative = str(child) == "-"
                seen = True
                continue
            terms.append((negative, self._node(child)))
            negative = False
        if len(terms) == 1 and not terms[0][0] and not seen:
            return terms[0][1]
        return Add(_column(meta), tuple(terms))

    def implicit(self, meta, children):
        return ("mul", False, self._node(children[0]))

    def times(self, meta, children):
        negative, node = children[-1]
        return ("mul", negative, node)

    def over(self, meta, children):
        negative, node = children[-1]
        return ("div", negative, node)

    def signed(self, meta, children):
        return (len(children) == 2 and str(children[0]) == "-", self._node(children[-1]))

    def term(self, meta, children):
        first = self._node(children[0])
        if len(children) == 1:
            return first
        return Prod(_column(meta), (("mul", False, first), *children[1:]))

    def factor(self, meta, children):
        base = self._node(children[0])
        if len(children) == 1:
            return base
        return Scripted(_column(meta), base, tuple(children[1:]))

    def sub(self, meta, children):
        return ("sub", children[1])

    def sup(self, meta, children):
        return ("sup", children[1])

    def braced(self, meta, children):
        return tuple(self._node(c) for c in children if not isinstance(c, Token))

    def empty(self, meta, children):
        return ()

    def sarg(self, meta, children):
        return (self._node(children[0]),)

    def arg(self, meta, children):
        return self._node(children[0])

    def equals(self, meta, children):
        return Relation(_column(meta), "=", self._node(children[0]), self._node(children[2]))

    def member(self, meta, children):
        return Relation(_column(meta), "in", self._node(children[0]), self._node(children[2]))

    def paren(self, meta, children):
        inner = [self._node(c) for c in children if not isinstance(c, Token)]
        if len(inner) == 1:
            return Paren(_column(meta), inner[0])
        return Paren(_column(meta), Tuple(_column(meta), tuple(inner)))

    def brace(self, meta, children):
        return self._node(children[1])

    def frac(self, meta, children):
        num, den = children[1], children[2]
        return Frac(_column(meta), _single(num, r"\frac"), _single(den, r"\frac"))

    def decorated(self, meta, children):
        token = str(children[0]).lstrip("\\")
        kind = {"hat": "hat", "widehat": "hat", "bar": "bar", "overline": "bar"}.get(token)
        kind = kind or ("tilde" if "tilde" in token else "bold")
        return Decorated(_column(meta), kind, _single(children[1], f"\\{token}"))

    def sqrt(self, meta, children):
        return Func(_column(meta), "sqrt", _single(children[1], r"\sqrt"))

    def func(self, meta, children):
        name = str(children[0]).lstrip("\\")
        return Op(_column(meta), "func", "log" if name == "ln" else name)


def _single(values: tuple[Node, ...], what: str) -> Node:
    if len(values) != 1 or isinstance(values[0], Relation):
        raise ParseError(f"{what} takes one expression in each pair of braces")
    return values[0]


def _children(node: object) -> list:
    return node.children if isinstance(node, Tree) else []


def _expected(names: set[str]) -> str:
    if names & _TERM_START and len(names) > 6:
        return r"a term (a number, a letter, \sum, \frac, '(')"
    readable = sorted({_READABLE.get(name, name) for name in names})
    return ", ".join(readable) if readable else "something else"


def parse_tree(text: str, limits: Limits) -> Node:
    """The neutral tree of one normalised side; errors carry 1-based columns in ``text``."""
    try:
        tree = _parser().parse(text)
    except UnexpectedCharacters as error:
        expected = _expected(set(error.allowed or ()))
        raise ParseError(
            f"unexpected {text[error.pos_in_stream]!r}; expected {expected}",
            error.pos_in_stream + 1,
        ) from None
    except UnexpectedEOF as error:
        raise ParseError(
            f"the formula ends too early; expected {_expected(set(error.expected))}",
            len(text.rstrip()) + 1,
        ) from None
    except UnexpectedInput as error:
        token = getattr(error, "token", None)
        expected = _expected(set(getattr(error, "expected", ()) or ()))
        if token is None or token.type == "$END":
            raise ParseError(
                f"the formula ends too early; expected {expected}", len(text.rstrip()) + 1
            ) from None
        raise ParseError(
            f"unexpected {str(token)!r}; expected {expected}", token.start_pos + 1
        ) from None
    except RecursionError:
        raise TooComplex("the answer is nested too deeply") from None
    # A parse tree has a few levels per bracket (expr, term, factor, paren).
    check_depth(tree, _children, 4 * limits.max_tree_depth)
    try:
        return _ToTree().transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, AnswerError):
            raise error.orig_exc from None
        raise
