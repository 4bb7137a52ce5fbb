"""Build sympy objects of the notation from what a reader recognised, within bounds.

Both readers (sympy syntax through :mod:`ast`, LaTeX through lark) call a
:class:`Builder`; it is the only place where a student's answer becomes sympy
objects, and it never goes through ``eval``, ``sympify`` or ``parse_expr``.
Each method checks the static bounds of :class:`~.limits.Limits` *before* it
asks sympy to build anything, so sympy's own automatic evaluation (``10**16``
is computed at once) only ever sees small numbers: a :class:`Term` carries an
upper bound on the polynomial degree and on the size in bits of the numbers the
expression can produce.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from sympy import (
    Add,
    Derivative,
    Expr,
    Indexed,
    Mul,
    Pow,
    Rational,
    S,
    Sum,
    Symbol,
    exp,
    log,
)

from . import notation as nt
from .errors import ParseError, TooComplex, UnknownSymbol
from .limits import DEFAULT_LIMITS, Limits, check_depth

__all__ = ["FUNCTIONS", "Builder", "Context", "Parsed", "Term"]

FUNCTIONS = ("Sum", "Derivative", "diff", "Rational", "exp", "log", "sqrt", "phi")
"""The functions an answer in sympy syntax may call; nothing else is callable."""

_SCALARS = {"eta": nt.eta, "n": nt.n, "m": nt.m}
_ALIASES = {"η": "eta", "φ": "phi", "ϕ": "phi"}
_RESERVED = {"x", "y", "w", "z", "phi", "eta", "n", "m", "b", "J", *FUNCTIONS}
_INDEX_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_SIZE_BITS = 8  # n, m and index values are at most a few dozen at any checked size


class Term(NamedTuple):
    """A built sympy expression with bounds on its degree and on its numbers' size in bits."""

    expr: Expr
    degree: int
    bits: int


@dataclass(frozen=True)
class Context:
    """What the notation allows where the text is read.

    Parameters
    ----------
    bias : bool
        ``b`` names the bias (``w[0]``): the convention's bias is separate.
    steps : bool
        A derivation line: ``J`` (the cost) and ``Derivative`` are allowed.
    """

    bias: bool = False
    steps: bool = False


@dataclass(frozen=True)
class Parsed:
    """An answer read into sympy.

    Attributes
    ----------
    expr : Expr
        The expression.
    source : str
        The text it was read from (the right-hand side of ``lhs = rhs``).
    syntax : {'sympy', 'latex'}
        Which syntax the text was in.
    free : tuple of Symbol
        Free indices other than ``j`` (an index used in x, y, w or z but not summed).
    """

    expr: Expr
    source: str
    syntax: str
    free: tuple[Symbol, ...] = ()


def _hint(name: str) -> str:
    match = re.fullmatch(r"([xyzw])_?\{?([a-z0-9]+)\}?", name)
    if match:
        base, idx = match.groups()
        inside = ", ".join(idx) if base == "x" and len(idx) == 2 else idx
        return f"; did you mean {base}[{inside}]?"
    lower = name.lower()
    if lower in {"sum", "summation"}:
        return "; sums are written Sum(..., (i, 1, n))"
    if lower in {"alpha", "lr", "lambda", "mu", "learning_rate", "rate"}:
        return "; the learning rate is eta"
    if lower in {"e", "err", "error", "errors", "delta"}:
        return "; write the error out: y[i] - phi(z[i])"
    if lower in {"sigma", "f", "g", "activation", "act"}:
        return "; the activation is phi(...)"
    if name in {"X", "Y", "W", "Z"}:
        return f"; the notation is lower case: {lower}[...]"
    if lower in {"theta", "beta", "weights", "weight"}:
        return "; the weights are w[j]"
    if lower in {"d", "dj", "grad", "gradient", "partial"}:
        return "; write the derivative out, or use Derivative(..., w[j]) in the steps"
    return ""


class Builder:
    """Builds the sympy objects of one answer, checking the bounds at every node.

    Parameters
    ----------
    context : Context
        What the notation allows here.
    limits : Limits
        The bounds.
    """

    def __init__(self, context: Context | None = None, limits: Limits = DEFAULT_LIMITS) -> None:
        self.context = Context() if context is None else context
        self.limits = limits
        self._columns: dict[Symbol, int | None] = {}

    # -- bounds ----------------------------------------------------------
    def _check(self, degree: int, bits: int) -> None:
        if degree > self.limits.max_degree:
            raise TooComplex(
                f"the answer has degree above {self.limits.max_degree} in the data and "
                "weights; the gradient has degree 2"
            )
        if bits > self.limits.max_bits:
            raise TooComplex("the answer produces numbers that are far too large")

    def _bounded(self, expr: Expr, degree: int, bits: int) -> Term:
        self._check(degree, bits)
        if expr.has(S.ComplexInfinity, S.NaN, S.Infinity, S.NegativeInfinity):
            raise ParseError("the answer divides by zero")
        return Term(expr, degree, bits)

    # -- leaves ----------------------------------------------------------
    def number(self, value: int | Fraction, column: int | None = None) -> Term:
        """A number literal (an int, or the exact value of a decimal)."""
        value = Fraction(value)
        digits = max(len(str(value.numerator).lstrip("-")), len(str(value.denominator)))
        if digits > self.limits.max_digits:
            raise TooComplex(f"numbers may have at most {self.limits.max_digits} digits", column)
        bits = max(value.numerator.bit_length(), value.denominator.bit_length())
        return Term(Rational(value.numerator, value.denominator), 0, bits)

    def name(self, name: str, column: int | None = None) -> Term:
        """A bare name: a scalar of the notation, or an index (checked in :meth:`finish`)."""
        name = _ALIASES.get(name, name)
        if name in _SCALARS:
            return Term(_SCALARS[name], int(name == "eta"), 0 if name == "eta" else _SIZE_BITS)
        if name == "b":
            if not self.context.bias:
                raise UnknownSymbol(
                    "'b' is not in this assignment's notation: the bias is w[0] (with x[i, 0] = 1)",
                    column,
                )
            return Term(nt.b, 1, 0)
        if name == "J":
            if not self.context.steps:
                raise UnknownSymbol(
                    "'J' (the cost) may appear in the derivation steps only; "
                    "an answer must be worked out",
                    column,
                )
            return Term(nt.J, 4, _SIZE_BITS)
        if name in nt.DATA:
            shape = "x[i, j]" if name == "x" else f"{name}[i]" if name != "w" else "w[j]"
            raise ParseError(f"'{name}' needs its index: write {shape}", column)
        if name in FUNCTIONS:
            raise ParseError(f"'{name}' is a function: write {name}(...)", column)
        if not _INDEX_NAME.match(name):
            raise ParseError(f"'{name}' is not a name the notation allows", column)
        symbol = nt.index(name)
        self._columns.setdefault(symbol, column)
        return Term(symbol, 0, _SIZE_BITS)

    def indexed(self, base: str, indices: list[Term], column: int | None = None) -> Term:
        """``x[i, j]``, ``y[i]``, ``w[j]`` or ``z[i]``."""
        roles = nt.DATA[base]
        if len(indices) != len(roles):
            shape = {"x": "x[i, j]", "y": "y[i]", "w": "w[j]", "z": "z[i]"}[base]
            raise ParseError(
                f"'{base}' takes {len(roles)} ind{'ex' if len(roles) == 1 else 'ices'}: "
                f"write {shape}",
                column,
            )
        for idx in indices:
            self._index_expr(idx, column)
        expr = nt.IndexedBase(base)[tuple(idx.expr for idx in indices)]
        return Term(expr, 2 if base == "z" else 1, 0)

    def _index_expr(self, term: Term, column: int | None) -> None:
        """An index or a sum limit must be a whole number built from indices, n and m."""
        stack = [term.expr]
        while stack:
            node = stack.pop()
            if isinstance(node, (Add, Mul)):
                stack.extend(node.args)
            elif node.is_Integer or node in (nt.n, nt.m):
                continue
            elif isinstance(node, Symbol) and node.is_integer:
                continue
            else:
                raise ParseError(
                    "an index must be a whole number built from indices, n and m "
                    f"(got {nt.show(term.expr)})",
                    column,
                )

    # -- operators -------------------------------------------------------
    def add(self, terms: list[Term]) -> Term:
        """The sum of ``terms``."""
        degree = max(t.degree for t in terms)
        bits = max(t.bits for t in terms) + len(terms).bit_length()
        return self._bounded(Add(*(t.expr for t in terms)), degree, bits)

    def neg(self, term: Term) -> Term:
        """``-term``."""
        return Term(-term.expr, term.degree, term.bits)

    def mul(self, terms: list[Term]) -> Term:
        """The product of ``terms``."""
        degree = sum(t.degree for t in terms)
        bits = sum(t.bits for t in terms)
        self._check(degree, bits)  # before sympy multiplies
        return self._bounded(Mul(*(t.expr for t in terms)), degree, bits)

    def reciprocal(self, term: Term, column: int | None = None) -> Term:
        """``1/term``."""
        if term.expr.is_zero:
            raise ParseError("the answer divides by zero", column)
        return self._bounded(Pow(term.expr, -1), term.degree, term.bits)

    def div(self, numerator: Term, denominator: Term, column: int | None = None) -> Term:
        """``numerator / denominator``."""
        return self.mul([numerator, self.reciprocal(denominator, column)])

    def power(self, base: Term, exponent: Term, column: int | None = None) -> Term:
        """``base ** exponent`` for a small whole-number exponent."""
        e = exponent.expr
        if not e.is_Integer:
            raise ParseError(
                f"exponents must be whole numbers such as 2 (got {nt.show(e)}); "
                "use sqrt(...) for a square root",
                column,
            )
        if abs(int(e)) > self.limits.max_exponent:
            raise TooComplex(
                f"the exponent {e} is too large (at most {self.limits.max_exponent})", column
            )
        if base.expr.is_zero and e < 0:
            raise ParseError("the answer divides by zero", column)
        degree, bits = base.degree * abs(int(e)), base.bits * abs(int(e))
        self._check(degree, bits)  # before sympy computes the power
        return self._bounded(Pow(base.expr, e), degree, bits)

    def rational(self, p: Term, q: Term, column: int | None = None) -> Term:
        """``Rational(p, q)`` of two whole numbers."""
        if not (p.expr.is_Integer and q.expr.is_Integer):
            raise ParseError("Rational(p, q) takes two whole numbers, e.g. Rational(1, 2)", column)
        if q.expr.is_zero:
            raise ParseError("the answer divides by zero", column)
        return Term(Rational(p.expr, q.expr), 0, p.bits + q.bits)

    # -- functions -------------------------------------------------------
    def function(self, name: str, arg: Term, column: int | None = None) -> Term:
        """``phi(a)``, ``exp(a)``, ``log(a)`` or ``sqrt(a)`` (the last three stay unevaluated)."""
        name = _ALIASES.get(name, name)
        if name == "phi":
            return Term(nt.phi(arg.expr), arg.degree, arg.bits)
        if name == "exp":
            return self._bounded(exp(arg.expr, evaluate=False), arg.degree, arg.bits)
        if name == "log":
            return self._bounded(log(arg.expr, evaluate=False), arg.degree, arg.bits)
        if name == "sqrt":
            return self._bounded(Pow(arg.expr, S.Half, evaluate=False), arg.degree, arg.bits)
        raise ParseError(f"'{name}' is not a function of the notation", column)

    def sum(
        self,
        body: Term,
        limits: list[tuple[str, Term | None, Term | None, int | None]],
        column: int | None = None,
    ) -> Term:
        """``Sum(body, (v, lo, hi), ...)``; a limit without bounds gets its role's range."""
        built = []
        for name, lo, hi, col in limits:
            name = _ALIASES.get(name, name)
            if name in _RESERVED or not _INDEX_NAME.match(name):
                raise ParseError(
                    f"'{name}' cannot be the index of a sum; use a letter such as i or k", col
                )
            var = nt.index(name)
            if lo is None or hi is None:
                standard = nt.standard_limits(body.expr, var)
                if standard is None:
                    raise ParseError(
                        f"give the range of the sum over {name}: samples are 1..n, features 0..m",
                        col,
                    )
            for bound in (lo, hi):
                if bound is not None:
                    self._index_expr(bound, col)
            bounds = (
                standard[0] if lo is None else lo.expr,
                standard[1] if hi is None else hi.expr,
            )
            built.append((var, *bounds))
        bits = body.bits + self.limits.max_sum_terms.bit_length() * len(built)
        return self._bounded(Sum(body.expr, *built), body.degree, bits)

    def derivative(self, body: Term, variables: list[Term], column: int | None = None) -> Term:
        """``Derivative(body, w[j])`` (derivation steps only; stays unevaluated)."""
        if not self.context.steps:
            raise ParseError(
                "Derivative may appear in the derivation steps only; an answer must be worked out",
                column,
            )
        for var in variables:
            ok = var.expr == nt.b or (isinstance(var.expr, Indexed) and var.expr.base == nt.w)
            if not ok:
                raise ParseError(
                    f"differentiate with respect to a weight such as w[j] "
                    f"(got {nt.show(var.expr)})",
                    column,
                )
        expr = Derivative(body.expr, *(v.expr for v in variables), evaluate=False)
        return self._bounded(expr, body.degree, body.bits + 8)

    # -- the end ---------------------------------------------------------
    def finish(self, term: Term, source: str, syntax: str) -> Parsed:
        """Check the names left free and return the :class:`Parsed` answer.

        A name that is neither part of the notation nor an index is an unknown
        symbol; an index other than ``j`` that no sum binds is a free index.
        """
        expr = term.expr
        check_depth(expr, lambda node: node.args, self.limits.max_tree_depth)
        free, unknown = [], []
        for symbol in sorted(expr.free_symbols, key=lambda s: s.name):
            if not (isinstance(symbol, Symbol) and symbol.is_integer):
                continue
            if symbol in (nt.n, nt.m, nt.j):
                continue
            (free if nt.index_roles(expr, symbol) else unknown).append(symbol)
        if unknown:
            first = min(unknown, key=lambda s: self._columns.get(s) or 0)
            raise UnknownSymbol(
                f"unknown symbol '{first.name}'{_hint(first.name)}", self._columns.get(first)
            )
        return Parsed(expr, source, syntax, tuple(free))
