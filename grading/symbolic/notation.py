"""The notation of the design, as sympy objects.

Students write over ``x[i, j]`` (feature j of sample i, ``x[i, 0] = 1``),
``y[i]``, ``w[j]``, ``z[i]`` (the net input of sample i, short for
``Sum(w[k]*x[i, k], (k, 0, m))``), ``phi(...)`` (the identity activation),
``eta``, the sizes ``n`` (samples ``i = 1..n``) and ``m`` (weights ``j = 0..m``).
With a separate bias, ``b`` is another name for ``w[0]``.  In the derivation
steps, ``J`` is the assignment's cost.

This module holds those objects, the role of each index position (a sample or
a feature), and :func:`show`, the printer used in every message.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from sympy import Expr, Function, Indexed, IndexedBase, Lambda, S, Sum, Symbol
from sympy.printing.str import StrPrinter

__all__ = [
    "ACTIVATION",
    "DATA",
    "FEATURE",
    "RANGES",
    "SAMPLE",
    "J",
    "b",
    "eta",
    "i",
    "index",
    "index_roles",
    "j",
    "k",
    "m",
    "n",
    "net_input",
    "phi",
    "show",
    "standard_limits",
    "w",
    "walk_unshadowed",
    "x",
    "y",
    "z",
]

x = IndexedBase("x")
y = IndexedBase("y")
w = IndexedBase("w")
z = IndexedBase("z")
phi = Function("phi")
eta = Symbol("eta")
n = Symbol("n", integer=True, positive=True)
m = Symbol("m", integer=True, positive=True)
b = Symbol("b")
J = Symbol("J")


def index(name: str) -> Symbol:
    """The index symbol called ``name`` (an integer); the same object for the same name."""
    return Symbol(name, integer=True)


i, j, k = index("i"), index("j"), index("k")

_t = Symbol("t")
ACTIVATION = Lambda(_t, _t)
"""phi, the identity activation of Adaline and linear regression."""

SAMPLE = "sample"
FEATURE = "feature"

DATA: dict[str, tuple[str, ...]] = {
    "x": (SAMPLE, FEATURE),
    "y": (SAMPLE,),
    "w": (FEATURE,),
    "z": (SAMPLE,),
}
"""What each position of each indexed symbol counts: ``x[sample, feature]``, ..."""

RANGES: dict[str, tuple[Expr, Expr]] = {SAMPLE: (S.One, n), FEATURE: (S.Zero, m)}
"""The standard range of an index of each role: samples 1..n, features 0..m."""


def net_input(sample: Expr, dummy: Symbol = k) -> Sum:
    """z[sample] written out: ``Sum(w[k]*x[sample, k], (k, 0, m))``."""
    return Sum(w[dummy] * x[sample, dummy], (dummy, 0, m))


def walk_unshadowed(expr: Expr, var: Symbol) -> Iterator[Expr]:
    """Every node of ``expr`` where ``var`` means the same index as at the top.

    The body of a ``Sum`` that binds ``var`` again is skipped (its limits are not).
    """
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, Sum):
            stack.extend(bound for limit in node.limits for bound in limit[1:])
            if any(limit[0] == var for limit in node.limits):
                continue
            stack.append(node.function)
        else:
            stack.extend(node.args)


@lru_cache(maxsize=4096)
def index_roles(expr: Expr, var: Symbol) -> frozenset[str]:
    """The roles (``'sample'``, ``'feature'``) in which ``var`` indexes the data in ``expr``."""
    roles = set()
    for node in walk_unshadowed(expr, var):
        if isinstance(node, Indexed):
            positions = DATA.get(node.base.label.name, ())
            for role, idx in zip(positions, node.indices, strict=False):
                if var in idx.free_symbols:
                    roles.add(role)
    return frozenset(roles)


def standard_limits(body: Expr, var: Symbol) -> tuple[Expr, Expr] | None:
    """The range a sum over ``var`` should have, from how ``body`` uses it (None: unclear)."""
    roles = index_roles(body, var)
    if len(roles) != 1:
        return None
    return RANGES[next(iter(roles))]


class _Printer(StrPrinter):
    """sympy's str printer with the positive terms of a sum first: ``y[i] - phi(z[i])``."""

    def _as_ordered_terms(self, expr, order=None):
        terms = super()._as_ordered_terms(expr, order=order)
        return sorted(terms, key=lambda term: term.could_extract_minus_sign())


_PRINTER = _Printer()


def show(expr: Expr) -> str:
    """``expr`` in the notation's sympy syntax, as a student would write it."""
    return _PRINTER.doprint(expr)
