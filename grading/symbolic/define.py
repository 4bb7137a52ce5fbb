r"""Definitions a student writes before using them, and labels in front of an answer.

People name a piece of the formula first and use the name after: ``e = y - Xw`` then
``\nabla J = -X^\top e``; ``\hat{y} = Xw + b`` then ``\frac{2}{n}X^\top(\hat{y} - y)``;
``z^{(i)} = w^\top x^{(i)}``; ``h_\theta(x) = \theta^\top x``; ``\text{error}^{(i)} = \hat
y^{(i)} - y^{(i)}``; in code, ``errors = y - output``.  A statement whose left side is
such a name (an error, a prediction, a net input, a hypothesis, or a name the notation
does not know), used by a statement after it, is a definition: its right side is put in
place of each later use, as a tree (its index letters renamed to the use's: ``e_k`` with
``e_i = y_i - \hat y_i`` is ``y_k - \hat y_k``), and the definition itself is not judged.
A name in front of an answer that nothing uses after (``g = X^\top(Xw - y)``,
``grad_w = …``) is a label, and only the rest is judged.

Nothing is evaluated: the trees are rebuilt, and the interpreter reads them as it reads
anything the student wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .errors import TooComplex
from .interpret import NameParts, kind_of, letters_of, name_parts, render, walk
from .latex import (
    Add,
    Decorated,
    Frac,
    Func,
    Node,
    Num,
    Op,
    Paren,
    Prod,
    Relation,
    Scripted,
    Sym,
    Tuple,
)

__all__ = ["MAX_PLACED", "Definition", "Piece", "define"]

MAX_PLACED = 5_000
"""Most nodes that definitions may put in place in one answer: a chain of definitions each
using the one before twice (``a = x + x``, ``b = a + a``, …) would double the answer at
every line; past this it is refused as too complex, before anything is built."""

_DEFINABLE = {"error", "prediction", "net", "unknown", "hypothesis", "activation"}
_LABELS = {"error", "unknown", "hypothesis", "activation"}


@dataclass(frozen=True)
class Piece:
    """One statement: its text, its sides ``(relation, text, tree)``, and whether it ends in
    ``=`` with nothing after."""

    statement: object
    parts: tuple[tuple[str, object, Node], ...]
    open_end: bool = False


@dataclass(frozen=True)
class Definition:
    """``key`` (base, hat, label) of the name defined, its index letters or the parameter of
    ``h(x) = …``, and the tree it stands for."""

    key: tuple[str, bool, str | None]
    letters: tuple[str, ...]
    parameter: Node | None
    value: Node


def _key(name: NameParts) -> tuple[str, bool, str | None]:
    return (name.base, name.hat, name.label)


def _index_args(name: NameParts) -> tuple[list[Node], list[tuple[str, tuple[Node, ...]]]]:
    """A name's index nodes (subscripts, ``^{(i)}``) and its other superscripts."""
    indices: list[Node] = []
    rest: list[tuple[str, tuple[Node, ...]]] = []
    for args in name.subs:
        for arg in args:
            letters = letters_of(arg)
            if letters and not isinstance(arg, Paren) and len(letters) > 1:
                indices.extend(Sym(arg.col, letter) for letter in letters)  # x_{ij}
            else:
                indices.append(arg.inner if isinstance(arg, Paren) else arg)
    for args in name.sups:
        if len(args) == 1 and isinstance(args[0], Paren):
            indices.append(args[0].inner)
        else:
            rest.append(("sup", args))
    return indices, rest


def _application(node: Node) -> tuple[NameParts, Paren] | None:
    """``h_θ(x)``: a name applied to one argument."""
    if isinstance(node, Prod) and len(node.items) == 2:
        (k1, n1, item), (k2, n2, arg) = node.items
        if k1 == k2 == "mul" and not (n1 or n2) and isinstance(arg, Paren):
            name = name_parts(item)
            if name is not None:
                return name, arg
    return None


def _definition(parts: Sequence[tuple[str, object, Node]]) -> tuple[Definition, NameParts] | None:
    if len(parts) < 2 or parts[1][0] not in ("=", "≔"):
        return None
    left, value = parts[0][2], parts[1][2]
    if isinstance(value, Num) and value.value == 0:
        return None
    cost = _cost(left)
    if cost is not None and not _differentiates(value):  # J(w) = ½ Σ …: the cost written out
        return Definition(_key(cost), (), None, value), cost
    applied = _application(left)
    if applied is not None:
        name, arg = applied
        if kind_of(name) not in ("hypothesis", "prediction", "activation", "unknown"):
            return None
        if name_parts(arg.inner) is None:
            return None
        return Definition(_key(name), (), arg.inner, value), name
    name = name_parts(left)
    if name is None or kind_of(name) not in _DEFINABLE:
        return None
    indices, _ = _index_args(name)
    letters = []
    for index in indices:
        found = letters_of(index)
        if not found or len(found) != 1:
            return None
        letters.append(found[0])
    return Definition(_key(name), tuple(letters), None, value), name


def _cost(node: Node) -> NameParts | None:
    """The cost's name when ``node`` is ``J``, ``E``, ``J(w)`` or ``J(θ_0, θ_1)`` alone."""
    applied = _application(node)
    name = applied[0] if applied is not None else name_parts(node)
    if name is not None and kind_of(name) == "cost" and not (name.hat or name.sups):
        return name
    return None


def _differentiates(node: Node) -> bool:
    """Whether ``node`` holds a derivative (``∂``, ``∇``, ``d/dw``)."""

    return any(
        (isinstance(part, Op) and part.kind in ("partial", "nabla"))
        or (
            isinstance(part, Frac)
            and name_parts(part.num) is None
            and render(part.num).startswith("d")
        )
        for part in walk(node)
    )


def _uses(node: Node, definition: Definition) -> bool:
    for part in walk(node):
        name = name_parts(part) if not isinstance(part, Prod) else None
        if name is not None and _key(name) == definition.key and definition.parameter is None:
            return True
        applied = _application(part) if definition.parameter is not None else None
        if applied is not None and _key(applied[0]) == definition.key:
            return True
    return False


# -- rebuilding trees ----------------------------------------------------------
def rebuild(node: Node, visit: Callable[[Node], Node | None]) -> Node:
    """``node`` with each part replaced by ``visit(part)`` where that is not None."""
    found = visit(node)
    if found is not None:
        return found

    def again(child: Node) -> Node:
        return rebuild(child, visit)

    if isinstance(node, Decorated):
        return replace(node, inner=again(node.inner))
    if isinstance(node, Scripted):
        scripts = tuple((kind, tuple(again(a) for a in args)) for kind, args in node.scripts)
        return replace(node, base=again(node.base), scripts=scripts)
    if isinstance(node, Paren):
        return replace(node, inner=again(node.inner))
    if isinstance(node, Add):
        return replace(node, terms=tuple((neg, again(t)) for neg, t in node.terms))
    if isinstance(node, Prod):
        return replace(node, items=tuple((k, neg, again(i)) for k, neg, i in node.items))
    if isinstance(node, Frac):
        return replace(node, num=again(node.num), den=again(node.den))
    if isinstance(node, Relation):
        return replace(node, left=again(node.left), right=again(node.right))
    if isinstance(node, Func):
        return replace(node, arg=None if node.arg is None else again(node.arg))
    if isinstance(node, Tuple):
        return replace(node, items=tuple(again(i) for i in node.items))
    return node


def _placed(
    value: Node,
    col: int | None,
    mapping: dict[str, Node],
    parameter: Node | None = None,
    argument: Node | None = None,
) -> Node:
    """``value`` at the column of its use (an error in it points there), its index letters
    renamed by ``mapping`` and its parameter (the ``x`` of ``h(x) = …``) replaced."""
    shown = render(parameter) if parameter is not None else None

    def visit(part: Node) -> Node | None:
        if shown is not None and argument is not None and render(part) == shown:
            return argument
        name = name_parts(part) if mapping and isinstance(part, Sym) else None
        if name is not None and not name.word and name.base in mapping:
            return mapping[name.base]
        return None

    return recol(rebuild(value, visit), col)


def recol(node: Node, col: int | None) -> Node:
    """``node`` and every part of it at column ``col``."""
    node = replace(node, col=col)
    if isinstance(node, Decorated):
        return replace(node, inner=recol(node.inner, col))
    if isinstance(node, Scripted):
        scripts = tuple((k, tuple(recol(a, col) for a in args)) for k, args in node.scripts)
        return replace(node, base=recol(node.base, col), scripts=scripts)
    if isinstance(node, Paren):
        return replace(node, inner=recol(node.inner, col))
    if isinstance(node, Add):
        return replace(node, terms=tuple((n, recol(t, col)) for n, t in node.terms))
    if isinstance(node, Prod):
        return replace(node, items=tuple((k, n, recol(i, col)) for k, n, i in node.items))
    if isinstance(node, Frac):
        return replace(node, num=recol(node.num, col), den=recol(node.den, col))
    if isinstance(node, Relation):
        return replace(node, left=recol(node.left, col), right=recol(node.right, col))
    if isinstance(node, Func):
        return replace(node, arg=None if node.arg is None else recol(node.arg, col))
    if isinstance(node, Tuple):
        return replace(node, items=tuple(recol(i, col) for i in node.items))
    return node


class _Room:
    """The nodes definitions may still put in place (:data:`MAX_PLACED`)."""

    def __init__(self) -> None:
        self.left = MAX_PLACED
        self.sizes: dict[int, int] = {}

    def take(self, definition: Definition) -> None:
        size = self.sizes.get(id(definition))
        if size is None:
            size = self.sizes[id(definition)] = sum(1 for _ in walk(definition.value))
        self.left -= size
        if self.left < 0:
            raise TooComplex(
                "the definitions, put in place where they are used, make the answer too large "
                "to read"
            )


def substitute(node: Node, definitions: Sequence[Definition], room: _Room | None = None) -> Node:
    """``node`` with every use of a definition replaced by what it stands for."""
    if not definitions:
        return node
    room = room if room is not None else _Room()

    def visit(part: Node) -> Node | None:
        if isinstance(part, Prod):
            items = list(part.items)
            changed = False
            out = []
            k = 0
            while k < len(items):
                if k + 1 < len(items):
                    pair = Prod(part.col, (("mul", False, items[k][2]), items[k + 1]))
                    applied = _application(pair) if items[k + 1][0] == "mul" else None
                    found = _applied_definition(applied, definitions)
                    cost = _applied_cost(applied, definitions)
                    if cost is not None:  # J(θ) with J = …: the cost, its arguments dropped
                        room.take(cost)
                        value = _placed(cost.value, part.col, {})
                        out.append((items[k][0], items[k][1], Paren(part.col, value)))
                        k += 2
                        changed = True
                        continue
                    if found is not None:
                        definition, arg = found
                        room.take(definition)
                        value = _placed(definition.value, part.col, {}, definition.parameter, arg)
                        out.append(
                            (items[k][0], items[k][1] or items[k + 1][1], Paren(part.col, value))
                        )
                        k += 2
                        changed = True
                        continue
                out.append((items[k][0], items[k][1], substitute(items[k][2], definitions, room)))
                k += 1
            if changed:
                return Prod(part.col, tuple(out))
            return replace(part, items=tuple(out))
        name = name_parts(part)
        if name is None:
            return None
        definition = next(
            (d for d in definitions if d.parameter is None and d.key == _key(name)), None
        )
        if definition is None:
            return None
        room.take(definition)
        indices, rest = _index_args(name)
        mapping = dict(zip(definition.letters, indices, strict=False))
        value: Node = Paren(part.col, _placed(definition.value, part.col, mapping))
        scripts = list(rest)  # e^T, e_i^2: the other superscripts apply to the whole
        if indices and not definition.letters:  # (y - Xw)_i: a component of the column
            scripts.insert(0, ("sub", tuple(indices)))
        return Scripted(part.col, value, tuple(scripts)) if scripts else value

    return rebuild(node, visit)


def _applied_definition(
    applied: tuple[NameParts, Paren] | None, definitions: Sequence[Definition]
) -> tuple[Definition, Node] | None:
    """The definition ``h(x) = …`` an application ``h(x^{(i)})`` uses, and its argument."""
    if applied is None:
        return None
    name, arg = applied
    for definition in definitions:
        if definition.parameter is not None and definition.key == _key(name):
            return definition, arg.inner
    return None


# -- a derivative or a change worked out in one statement, used in another ------------
def _derived_name(node: Node) -> bool:
    """``∂J/∂w_j``, ``\\nabla J``, ``\\nabla_w L``, ``\\Delta w_j``: a derivative of the cost or
    the change of a weight, written as a name alone (nothing added or scaled)."""
    from .interpret import is_delta

    if is_delta(node) is not None:
        return True
    if isinstance(node, Frac):
        return _differentiates(node) and name_parts(node.num) is None
    if isinstance(node, Prod) and len(node.items) == 2:
        (k1, n1, first), (k2, n2, second) = node.items
        operator = first.base if isinstance(first, Scripted) else first
        return (
            k1 == k2 == "mul"
            and not (n1 or n2)
            and isinstance(operator, Op)
            and operator.kind == "nabla"
            and name_parts(second) is not None
        )
    return False


def _put_in(node: Node, shown: str, value: Node, col: int | None) -> tuple[Node, bool]:
    """``node`` with each part written ``shown`` (a whole part, or a run of the factors of a
    product: the ``∇J`` of ``-η ∇J``) replaced by ``(value)``, and whether any was."""
    found = False

    def visit(part: Node) -> Node | None:
        nonlocal found
        if render(part) == shown:
            found = True
            return Paren(col, recol(value, col))
        if not isinstance(part, Prod):
            return None
        items = list(part.items)
        for start in range(len(items)):
            for end in range(len(items), start + 1, -1):
                run = items[start:end]
                if any(kind != "mul" or negative for kind, negative, _ in run[1:]):
                    continue
                if render(Prod(part.col, tuple(("mul", False, i) for _, _, i in run))) != shown:
                    continue
                found = True
                kind, negative, _ = items[start]
                placed = (kind, negative, Paren(col, recol(value, col)))
                rest = [(k, n, rebuild(i, visit)) for k, n, i in items[end:]]
                head = [(k, n, rebuild(i, visit)) for k, n, i in items[:start]]
                return Prod(part.col, (*head, placed, *rest))
        return None

    return rebuild(node, visit), found


def _derived(pieces: Sequence[Piece]) -> tuple[list[Piece], list[str]]:
    """Each statement ``∂J/∂w_j = …`` (``\\nabla J = …``, ``\\Delta w_j = …``) worked out on
    its right side, put in place where another statement uses it, before or after it
    (``w ≔ w - η ∇J`` with ``∇J = Xᵀ(Xw - y)``; ``w_j ≔ w_j + Δw_j, where Δw_j = …``).  The
    statement that works it out stays, and is judged as well."""
    out = list(pieces)
    notes: list[str] = []
    for position, piece in enumerate(pieces):
        parts = piece.parts
        if len(parts) != 2 or parts[1][0] not in ("=", "≔"):
            continue
        left, value = parts[0][2], parts[1][2]
        if not _derived_name(left) or _differentiates(value) or _derived_name(value):
            continue
        shown = render(left)
        used = False
        for other, target in enumerate(out):
            if other == position:
                continue
            placed = []
            for rel, text, node in target.parts:
                if rel == "" and len(target.parts) > 1 and render(node) == shown:
                    placed.append((rel, text, node))  # the same name defined again: its label
                    continue
                new, found = _put_in(node, shown, value, node.col)
                used = used or found
                placed.append((rel, text, new))
            out[other] = replace(target, parts=tuple(placed))
        if used:
            compact = shown.replace("∂ ", "∂").replace("∇ ", "∇").replace("Δ ", "Δ")
            notes.append(f"{compact} is read as worked out in '{_shown(piece)}'")
    return out, notes


def define(pieces: Sequence[Piece]) -> tuple[list[Piece], list[str]]:
    """The statements with definitions put in place and labels taken off, and a note per
    definition used (in the student's own text)."""
    pieces, notes = _derived(pieces)
    definitions: list[Definition] = []
    out: list[Piece] = []
    room = _Room()
    for position, piece in enumerate(pieces):
        parts = [
            (rel, text, substitute(node, definitions, room)) for rel, text, node in piece.parts
        ]
        first = parts[0][2]
        if len(parts) > 1 and isinstance(first, Op) and first.kind == "nabla":  # \text{grad} = …
            (_, text, node), *rest = parts[1:]
            parts = [("", text, node), *rest]
        found = _definition(parts)
        if found is not None:
            definition, name = found
            later = pieces[position + 1 :]
            if any(_uses(node, definition) for p in later for _, _, node in p.parts):
                definitions.append(definition)
                notes.append(f"{render(parts[0][2])} is read as defined: {_shown(piece)}")
                continue
            if kind_of(name) in _LABELS and definition.parameter is None:
                (_, text, node), *rest = parts[1:]
                parts = [("", text, node), *rest]
        out.append(replace(piece, parts=tuple(parts)))
    return out, notes


def _shown(piece: Piece) -> str:
    statement = piece.statement
    text = getattr(statement, "text", str(statement))
    return " ".join(text.split()) if isinstance(text, str) else str(text)


def _applied_cost(
    applied: tuple[NameParts, Paren] | None, definitions: Sequence[Definition]
) -> Definition | None:
    """The cost's definition when ``applied`` is ``J(θ)`` (the cost applied to its weights)."""
    if applied is None or kind_of(applied[0]) != "cost":
        return None
    key = _key(applied[0])
    return next((d for d in definitions if d.parameter is None and d.key == key), None)
