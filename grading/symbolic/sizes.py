r"""Where two expressions are compared: sizes chosen from them, so that equal there means equal
for every n >= 1, m >= 1 and j = 0..m.

Comparing at a fixed set of sizes (n <= 4, m <= 3) accepts wrong answers whose
difference from the gradient only appears later: ``Sum(..., (k, 5, n))`` is empty
until n = 5, a factor ``(n - 1)*(n - 2)*(n - 3)*(n - 4)`` vanishes for n <= 4,
``x[5, j]`` is outside the data until n = 5.  The sizes are therefore chosen
from the expressions compared (the student's and the right one, or two lines of
a derivation).  This module says how far they must go, and why that is enough.

The argument
------------
Take the difference D of the two expressions.  At a size (n, m, j) it is a
polynomial in the data variables (``x[a, b]``, ``y[a]``, ``w[b]``, ``eta``, and
the variables outside the data such as ``y[0]``); the two expressions are equal
at that size when every coefficient of D is zero.  Fix one monomial *shape*:
which variables, and which of their indices are equal.  Its index values are
sample values ``1 <= a_1 <= ... <= a_r <= n`` and feature values ``0 <= b_1 <=
... <= b_s <= m`` (j is one of the feature values).  Its coefficient is a
function c(n, m, a, b).

1. *Where c is polynomial.*  Every index and every limit of a sum is a symbol
   plus a whole number (``i``, ``i + 1``, ``n - 1``, ``5``; other forms are
   refused, see below).  Carrying out the sums, a term of D contributes to the
   monomial through the summation indices that its data indices pin to the
   values a, b, and through a sum over the others, whose range is cut out by
   inequalities ``u - v >= c`` between indices, n, m and the values.  A sum of a
   polynomial over such a range (Faulhaber) is a polynomial in its bounds, so c
   is a polynomial on each *cell* where every such inequality is decided.
   Eliminating a summation index adds the constants of the inequalities it
   joins, so every cell is decided by the *gaps* between neighbours in the chain
   1, a_1, ..., a_r, n (and 0, b_1, ..., b_s, m): each gap is either a given
   value below K or at least K, where K is 1 plus nothing, or the sum of the
   constants' distances from where the data starts and ends (:func:`analyse`
   records them: ``Sum(..., (k, 5, n))`` has distance 4 from the first sample;
   ``i + 1`` in an index, with the sum's range shifted to match, has none).
   Sums whose upper limit falls below their lower limit are empty (no Karr
   convention), which is one more inequality of the same kind; a sum whose range
   runs past n reaches variables outside the data, which are variables of their
   own and change nothing here.

2. *How big c's degree can be.*  On a cell, c is a polynomial in the gaps of
   degree at most d: ``n`` and ``m`` count 1, an index used as a number counts
   1, a product adds, a power multiplies, and a sum adds 1 unless its index is
   pinned by a data variable in every term (``y[i]`` pins i; ``x[i, j]`` does
   not, since ``x[i, 0] = 1``).  Dividing by n or m (a mean) multiplies D by a
   power of n and m, which adds that power's degree.  The degree is kept per
   role: d_s in the sample gaps, d_f in the feature gaps.

3. *Enough points.*  A polynomial of degree at most d in g variables that
   vanishes on the lattice simplex ``{t >= 0, t_1 + ... + t_g <= d}`` is zero
   (the simplex is unisolvent).  The cell whose large gaps sit at K + t holds
   such a simplex once the chain is long enough: n - 1, the sum of the r + 1
   gaps, up to (r + 1) K + d_s.  Every size with n <= N and m <= M is compared
   (every j = 0..m), and at each size every monomial, hence every value a, b.
   With ``N = (r + 1) K_s + d_s + 1`` and ``M = (s + 1) K_f + d_f``, every cell
   that has points has a whole simplex among them, for the samples and the
   features at once (a product of simplices holds the simplex of the sum of
   degrees per role).  So D = 0 at those sizes means every coefficient of D is
   zero on every cell: D = 0 for every n, m and j.

For the gradient itself (r = 1, s = 2 counting j, K = 1, d_s = 1 from the
``w[0]`` term of ``Sum(z[i]*x[i, 0])``, d_f = 0) this gives n <= 4, m <= 3:
the default sizes.  A factor (n - 1)...(n - 4) adds 4 to d_s; a sum from k = 5
makes K_s = 4; both move N to where the difference shows.

What is refused, because the argument above does not cover it
---------------------------------------------------------------
An index or a sum limit that is not a symbol plus a whole number (``2*i``,
``n - i``, ``i + k``: such indices make the coefficients depend on parities and
sums of values); dividing by anything but a whole number, n and m (``1/i``
makes harmonic numbers; ``1/(n - 100)`` is undefined at n = 100 and is reported
as such); ``sqrt``, ``exp`` or ``log`` of anything that depends on n, m or an
index.  An index used both as a sample and as a feature (``x[j, i]``) joins the
two chains into one, and the bound is taken over both.  Sizes beyond
:attr:`~.limits.Limits.max_size` are not compared: an answer that would need
them is refused as too complex, after the sizes up to the cap have been
compared (a difference found there is reported as usual).

The bound is conservative (K sums every distance, the degree counts every
factor): right answers in the usual notations need exactly the default sizes,
and only answers with unusual limits, indices or factors of n pay for more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sympy import (
    Add,
    Derivative,
    Expr,
    Indexed,
    Integer,
    Mul,
    Poly,
    Pow,
    Rational,
    Sum,
    Symbol,
    exp,
    log,
)
from sympy.core.function import AppliedUndef

from . import notation as nt
from .concrete import Size
from .errors import AnswerError, NotPolynomial, TooComplex
from .limits import DEFAULT_LIMITS, Limits

__all__ = ["DEFAULT_M", "DEFAULT_N", "Plan", "Shape", "analyse", "box", "plan"]

DEFAULT_N = 4
"""Every comparison covers n = 1..4 at least (the default sizes)."""
DEFAULT_M = 3
"""... and m = 1..3, every j = 0..m."""

S, F = nt.SAMPLE, nt.FEATURE
ROLES = (S, F)
_ANCHOR = {S: 1, F: 0}  # where the data starts: samples 1..n, features 0..m
_PARAMETER = {nt.n: S, nt.m: F}


def _order(size: Size) -> tuple[int, int, int, int]:
    return (size.n + size.m, size.n, size.m, size.j)


def box(n: int, m: int) -> tuple[Size, ...]:
    """Every size with 1 <= n' <= n, 1 <= m' <= m and j = 0..m', smallest first."""
    sizes = (Size(a, b, j) for a in range(1, n + 1) for b in range(1, m + 1) for j in range(b + 1))
    return tuple(sorted(sizes, key=_order))


@dataclass(frozen=True)
class Shape:
    """What decides how far an expression must be compared, per role (samples, features).

    Attributes
    ----------
    values : dict
        r and s: the most distinct index values of each role in one monomial
        (j counted among the features where it is used).
    offsets : dict
        K: 1, or the sum of the distances of the whole numbers in indices and
        limits from where the data starts and ends.
    degree : dict
        The largest degree of a term's coefficient in the gaps, its numerator's
        less its divisor's (negative for ``1/n``).
    divisors : dict
        Every divisor that depends on n or m (``n``, ``n + 1``), with its largest
        power: D times their product is a polynomial.
    mixed : bool
        An index is used both as a sample and as a feature (one chain for both).
    """

    values: dict[str, int]
    offsets: dict[str, int]
    degree: dict[str, int]
    divisors: dict[Expr, int] = field(default_factory=dict)
    mixed: bool = False

    def total_degree(self, role: str) -> int:
        """d for ``role``: the degree of D times the product of the divisors."""
        extra = 0
        for divisor, power in self.divisors.items():
            symbol = nt.n if role == S else nt.m
            extra += Poly(divisor, symbol).degree() * power if divisor.has(symbol) else 0
        return max(0, self.degree[role] + extra)

    def needs(self) -> tuple[int, int]:
        """(N, M): compare every size with n <= N and m <= M."""
        r, s = self.values[S], self.values[F]
        d_s, d_f = self.total_degree(S), self.total_degree(F)
        if self.mixed:
            k = max(self.offsets.values())
            total = (r + s + 3) * k + d_s + d_f + 1
            return max(DEFAULT_N, total), max(DEFAULT_M, total - 1)
        n = (r + 1) * self.offsets[S] + d_s + 1
        m = (s + 1) * self.offsets[F] + d_f
        return max(DEFAULT_N, n), max(DEFAULT_M, m)

    @staticmethod
    def union(shapes: Iterable[Shape]) -> Shape:
        """The shape of a difference of the expressions (the largest of each number)."""
        shapes = list(shapes)
        divisors: dict[Expr, int] = {}
        for shape in shapes:
            for divisor, power in shape.divisors.items():
                divisors[divisor] = max(divisors.get(divisor, 0), power)
        return Shape(
            {role: max(sh.values[role] for sh in shapes) for role in ROLES},
            {role: max(sh.offsets[role] for sh in shapes) for role in ROLES},
            {role: max(sh.degree[role] for sh in shapes) for role in ROLES},
            divisors,
            any(sh.mixed for sh in shapes),
        )


# -- values: how many distinct index values one monomial can carry ---------------------------

_Values = dict[str, tuple[frozenset, int]]  # role -> (free index symbols, anonymous values)
_NONE: _Values = {S: (frozenset(), 0), F: (frozenset(), 0)}


def _index_symbols(expr: Expr) -> frozenset:
    return frozenset(s for s in expr.free_symbols if s not in (nt.n, nt.m))


def _join(parts: Sequence[_Values], add: bool) -> _Values:
    """A product (anonymous values add up) or a sum of terms (the largest)."""
    out = {}
    for role in ROLES:
        symbols = frozenset().union(*(p[role][0] for p in parts))
        counts = [p[role][1] for p in parts]
        out[role] = (symbols, sum(counts) if add else max(counts, default=0))
    return out


def _values(expr: Expr, loss: str) -> _Values:
    if isinstance(expr, Indexed):
        base = expr.base.label.name
        roles = nt.DATA[base]
        out = {role: (frozenset(), 0) for role in ROLES}
        for role, index in zip(roles, expr.indices, strict=True):
            out[role] = (out[role][0] | _index_symbols(index), out[role][1])
        if base == "z":  # the net input's own sum over the features
            out[F] = (out[F][0], out[F][1] + 1)
        return out
    if expr == nt.J:
        return _values(_cost(loss), loss)
    if isinstance(expr, Mul):
        return _join([_values(a, loss) for a in expr.args], add=True)
    if isinstance(expr, Add):
        return _join([_values(a, loss) for a in expr.args], add=False)
    if isinstance(expr, Pow):
        base, exponent = expr.args
        if exponent.is_Integer and exponent > 0:
            inner = _values(base, loss)
            return {role: (inner[role][0], inner[role][1] * int(exponent)) for role in ROLES}
        return _NONE
    if isinstance(expr, Sum):
        inner = _values(expr.function, loss)
        for var, *_ in expr.limits:
            for role in ROLES:
                symbols, anonymous = inner[role]
                if var in symbols:
                    inner = {**inner, role: (symbols - {var}, anonymous + 1)}
        return inner
    if isinstance(expr, Derivative):
        inner = _values(expr.expr, loss)
        for var, count in expr.variable_count:
            index = var.indices[0] if isinstance(var, Indexed) else Integer(0)
            indices = _index_symbols(index)
            if indices <= {nt.j}:  # one w factor goes, its value becomes j (or 0)
                symbols, anonymous = inner[F]
                inner = {**inner, F: (symbols | indices, max(0, anonymous - int(count)))}
        return inner
    if isinstance(expr, AppliedUndef):
        return _join([_values(a, loss) for a in expr.args], add=False)
    return _NONE


# -- offsets, degrees, denominators: one walk ------------------------------------------------


@lru_cache(maxsize=16)
def _cost(loss: str) -> Expr:
    from .derive import _derive  # the cost is the convention's, derived there

    return _derive(loss, "w0").cost


def _has_data(expr: Expr) -> bool:
    return expr.has(Indexed, nt.eta, nt.b, nt.J, nt.phi)


def _pins(expr: Expr, var: Symbol) -> bool:
    """Whether every term of ``expr`` holds a data variable whose index fixes ``var``.

    ``y[v]`` and ``w[v]`` always are variables; ``x[a, v]`` is one, or 1 exactly when
    v = 0; ``x[v, b]`` and ``z[v]`` can be the constant 1 (``x[v, 0]``, the bias) for
    every v, so they do not pin v.
    """
    if isinstance(expr, Indexed):
        base = expr.base.label.name
        position = {"y": 0, "w": 0, "x": 1}.get(base)
        return position is not None and _index_symbols(expr.indices[position]) == {var}
    if isinstance(expr, Mul):
        return any(_pins(a, var) for a in expr.args)
    if isinstance(expr, Add):
        return all(_pins(a, var) for a in expr.args)
    if isinstance(expr, Pow):
        base, exponent = expr.args
        return bool(exponent.is_Integer and exponent > 0 and _pins(base, var))
    if isinstance(expr, Sum):
        if any(limit[0] == var for limit in expr.limits):
            return False
        return _pins(expr.function, var)
    if isinstance(expr, Derivative):
        return _pins(expr.expr, var)
    if isinstance(expr, AppliedUndef):
        return len(expr.args) == 1 and _pins(expr.args[0], var)
    return False


def _shifts(body: Expr, var: Symbol) -> set[int]:
    """The whole numbers c with which ``var`` appears as ``var + c`` in the data's indices."""
    found = set()
    for node in nt.walk_unshadowed(body, var):
        if isinstance(node, Indexed):
            for index in node.indices:
                if var in index.free_symbols:
                    constant, rest = index.as_coeff_Add()
                    if rest == var:
                        found.add(int(constant))
    return found


@dataclass
class _Walk:
    """Offsets, degrees and denominators of one expression, gathered in one walk."""

    loss: str
    offsets: dict[str, set] = field(default_factory=lambda: {S: set(), F: set()})
    divisors: dict[Expr, int] = field(default_factory=dict)
    mixed: bool = False

    # -- indices and limits ------------------------------------------------
    def linear(self, expr: Expr) -> tuple[Symbol | None, int]:
        """``expr`` as (symbol, whole number): ``i + 1`` -> (i, 1); refuse other forms."""
        constant, rest = expr.as_coeff_Add()
        if rest == 0:
            return None, int(constant)
        if isinstance(rest, Symbol) and constant.is_Integer:
            return rest, int(constant)
        raise TooComplex(
            f"{nt.show(expr)} cannot be checked for every n and m: write each index and "
            "each limit of a sum as an index, n or m plus or minus a whole number "
            "(i, i + 1, n - 1, 0)"
        )

    def place(self, expr: Expr, role: str, env: dict, where: object) -> None:
        """Record the distance of one index or limit from where the data of ``role`` runs."""
        symbol, constant = self.linear(expr)
        if symbol is None:
            distance = abs(constant - _ANCHOR[role])
        elif symbol in _PARAMETER:
            self.mixed |= _PARAMETER[symbol] != role
            distance = abs(constant)
        else:
            roles, shift = env.get(symbol, (frozenset({F}) if symbol == nt.j else ROLES, 0))
            self.mixed |= role not in roles
            distance = abs(constant - shift)
        self.offsets[role].add((where, symbol, constant, distance))

    def limit(self, bound: Expr, roles: frozenset, shift: int, env: dict, where: object) -> None:
        symbol, constant = self.linear(bound)
        for role in roles:
            if symbol is None:
                distance = abs(constant + shift - _ANCHOR[role])
            elif symbol in _PARAMETER:
                self.mixed |= _PARAMETER[symbol] != role
                distance = abs(constant + shift)
            else:
                outer, outer_shift = env.get(
                    symbol, (frozenset({F}) if symbol == nt.j else ROLES, 0)
                )
                self.mixed |= role not in outer
                distance = abs(constant + shift - outer_shift)
            self.offsets[role].add((where, symbol, constant, distance))

    # -- the degree of the coefficients -----------------------------------
    def degree(self, expr: Expr, env: dict) -> dict[str, int]:
        zero = {S: 0, F: 0}
        if expr.is_Rational:
            return zero
        if isinstance(expr, Symbol):
            if expr in _PARAMETER:
                return {**zero, _PARAMETER[expr]: 1}
            if expr == nt.J:
                return self.degree(_cost(self.loss), {})
            if expr.is_integer:  # an index used as a number
                roles = env.get(expr, (frozenset({F}) if expr == nt.j else ROLES, 0))[0]
                return {role: int(role in roles) for role in ROLES}
            return zero  # eta, b
        if isinstance(expr, Indexed):
            roles = nt.DATA[expr.base.label.name]
            for role, index in zip(roles, expr.indices, strict=True):
                self.place(index, role, env, ("index", expr.base.label.name))
            return zero
        if isinstance(expr, Add):
            parts = [self.degree(a, env) for a in expr.args]
            return {role: max(p[role] for p in parts) for role in ROLES}
        if isinstance(expr, Mul):
            parts = [self.degree(a, env) for a in expr.args]
            return {role: sum(p[role] for p in parts) for role in ROLES}
        if isinstance(expr, Pow):
            return self.power(expr, env)
        if isinstance(expr, Sum):
            return self.sum(expr.function, list(expr.limits), env)
        if isinstance(expr, Derivative):
            for var, _ in expr.variable_count:
                self.degree(var, env)
            return self.degree(expr.expr, env)
        if isinstance(expr, (exp, log)):
            self.constant_argument(expr, expr.args[0])
            return zero
        if isinstance(expr, AppliedUndef):  # phi
            parts = [self.degree(a, env) for a in expr.args]
            return {role: max(p[role] for p in parts) for role in ROLES}
        return zero  # anything else is refused by the evaluator

    def constant_argument(self, expr: Expr, argument: Expr) -> None:
        if not _has_data(argument) and argument.free_symbols:  # data: the evaluator refuses
            raise TooComplex(
                f"{nt.show(expr)} depends on n, m or an index, so it cannot be checked "
                "for every n and m (the gradient has no square roots, exp or log)"
            )

    def power(self, expr: Pow, env: dict) -> dict[str, int]:
        base, exponent = expr.args
        if exponent == Rational(1, 2):
            self.constant_argument(expr, base)
            return {S: 0, F: 0}
        if not exponent.is_Integer:
            return {S: 0, F: 0}  # refused by the evaluator
        inner = self.degree(base, env)
        if exponent >= 0:
            return {role: inner[role] * int(exponent) for role in ROLES}
        if _has_data(base):
            return {S: 0, F: 0}  # refused by the evaluator: it divides by the data
        return self.denominator(base, -int(exponent))

    def denominator(self, base: Expr, power: int) -> dict[str, int]:
        """Dividing by ``base**power``: only whole numbers, n and m keep D a polynomial.

        Records ``base`` (each distinct divisor once, with its largest power) and
        returns minus its degree: a term's degree is its numerator's less its
        divisor's, and D times the product of the divisors is a polynomial.
        """
        indices = _index_symbols(base)
        if indices:
            names = ", ".join(sorted(str(s) for s in indices))
            raise TooComplex(
                f"it divides by {nt.show(base)}, which depends on the index {names}; such an "
                "answer cannot be checked for every n and m (the gradient divides by n at most)"
            )
        degree = {S: 0, F: 0}
        for factor in Mul.make_args(base):
            if factor.is_Rational:
                continue
            if factor in _PARAMETER or _is_parameter_power(factor):
                symbol, times = (factor, 1) if factor in _PARAMETER else factor.args
                self.divisors[symbol] = max(self.divisors.get(symbol, 0), int(times) * power)
                degree[_PARAMETER[symbol]] -= int(times) * power
                continue
            parameters = factor.free_symbols & {nt.n, nt.m}
            if len(parameters) == 2:
                raise TooComplex(
                    f"it divides by {nt.show(factor)}, which depends on both n and m; such an "
                    "answer cannot be checked for every n and m (the gradient divides by n "
                    "at most)"
                )
            (symbol,) = parameters
            polynomial = Poly(factor, symbol)
            for root in sorted(polynomial.ground_roots()):
                if root.is_Integer and root >= 1:
                    raise NotPolynomial(f"it divides by zero at {symbol} = {root}")
            self.divisors[factor] = max(self.divisors.get(factor, 0), power)
            degree[_PARAMETER[symbol]] -= polynomial.degree() * power
        return degree

    def sum(self, body: Expr, limits: list, env: dict) -> dict[str, int]:
        """Sums over ``limits`` (the first is innermost, as in sympy)."""
        if not limits:
            return self.degree(body, env)
        var, lo, hi = limits[-1]
        # What the summation index reaches: the body, unless an inner limit binds it again
        # (no Sum is built for the inner limits: a hostile answer may have a hundred).
        shadowed = any(limit[0] == var for limit in limits[:-1])
        used = frozenset() if shadowed else nt.index_roles(body, var)
        from_limits = set()
        for bound in (lo, hi):
            for symbol in bound.free_symbols:
                if symbol in _PARAMETER:
                    from_limits.add(_PARAMETER[symbol])
                elif symbol.is_integer:
                    from_limits |= env.get(symbol, (frozenset({F}) if symbol == nt.j else ROLES,))[
                        0
                    ]
        roles = frozenset(used) if used else frozenset(from_limits)
        if used and from_limits and not from_limits <= used:
            self.mixed = True
        if len(roles) > 1:
            self.mixed = True
        shifts = set() if shadowed else _shifts(body, var)
        shift = next(iter(shifts)) if len(shifts) == 1 else 0
        self.limit(lo, roles, shift, env, ("lo", var))
        self.limit(hi, roles, shift, env, ("hi", var))
        degree = self.sum(body, limits[:-1], {**env, var: (roles, shift)})
        if from_limits and (shadowed or not _pins(body, var)):
            degree = {role: degree[role] + int(role in from_limits) for role in ROLES}
        return degree


def _is_parameter_power(expr: Expr) -> bool:
    return isinstance(expr, Pow) and expr.args[0] in _PARAMETER and expr.args[1].is_Integer


@lru_cache(maxsize=4096)
def analyse(expr: Expr, loss: str = "half_sse") -> Shape:
    """The :class:`Shape` of ``expr``.

    Raises
    ------
    TooComplex
        When ``expr`` has an index, a limit, a divisor or a function that the
        argument of this module does not cover (see the module's docstring).
    NotPolynomial
        When it divides by an expression in n (or m) that is zero at some n >= 1.
    """
    walk = _Walk(loss)
    degree = walk.degree(expr, {})
    values = _values(expr, loss)
    counts = {
        S: len(values[S][0]) + values[S][1],
        F: len(values[F][0]) + values[F][1],
    }
    mixed = walk.mixed or bool(values[S][0] & values[F][0])
    offsets = {role: max(1, sum(distance for *_, distance in walk.offsets[role])) for role in ROLES}
    return Shape(counts, offsets, degree, dict(walk.divisors), mixed)


@dataclass(frozen=True)
class Plan:
    """The sizes to compare at, and why comparing there may not be enough.

    Attributes
    ----------
    sizes : tuple of Size
        Every size up to the needed n and m (or up to the cap), smallest first;
        the default sizes when the expressions are of a form the argument does
        not cover.
    problem : AnswerError or None
        Raised when the expressions are equal at every size of ``sizes`` but
        that does not prove them equal everywhere: the sizes needed are past
        :attr:`~.limits.Limits.max_size`, or the expression is of a form the
        argument does not cover.
    """

    sizes: tuple[Size, ...]
    problem: AnswerError | None = None


def plan(exprs: Iterable[Expr], loss: str = "half_sse", limits: Limits = DEFAULT_LIMITS) -> Plan:
    """The sizes at which ``exprs`` must all agree to be equal for every n, m and j."""
    cap = limits.max_size
    try:
        n, m = Shape.union(analyse(expr, loss) for expr in exprs).needs()
    except AnswerError as error:  # a form the argument does not cover: refused if equal
        return Plan(box(DEFAULT_N, DEFAULT_M), error)
    if n > cap or m + 1 > cap:
        return Plan(
            box(min(n, cap), min(m, cap - 1)),
            TooComplex(
                f"it equals the other side at every size up to n = {min(n, cap)}, "
                f"m = {min(m, cap - 1)}, but checking it for every n and m would need sizes "
                f"up to n = {n}, m = {m} (from the whole numbers in its indices and sums and "
                f"its degree in n and m); at most n = {cap} and m = {cap - 1} are checked"
            ),
        )
    return Plan(box(n, m))
