r"""The step counter of an update rule: ``w^{(t+1)} = w^{(t)} - \eta \nabla J``.

Lecture notes number the steps of gradient descent: ``w^{t+1} = w^t - \alpha^t X^\top(Xw^t -
y)``, ``\beta_{k+1} = \beta_k - \gamma \sum_i …``, ``\theta_j^{(t+1)} := \theta_j^{(t)} - …``.
When an update rule's left side is a weight marked with a step ``s + 1`` and its right side
uses a weight marked ``s`` in the same place (both superscripts or both subscripts), ``s``
counts the steps: the marks ``s``, ``(s)``, ``s + 1`` and ``(s + 1)`` are taken off every
weight and learning rate of the answer, and the rule is read as ``w ≔ w - …``.  A letter that
also runs a sum is never a step.  Weights written as functions of the step (``w(n+1) = w(n) +
μ e(n) x(n)``, the LMS rule for one sample) are left as they are, and so is everything but
the weights and the rates (``x^{(t)}`` keeps its mark).

Nothing is evaluated: the trees are rebuilt without the marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .define import Piece, rebuild
from .interpret import kind_of, name_parts, render, walk
from .latex import Add, Node, Num, Op, Paren, Relation, Scripted, Sym

__all__ = ["untimed"]

_MARKED = ("weight", "bias", "rate")


def _letter(node: Node, step: bool) -> str | None:
    """``s`` for ``s`` or ``(s)`` (``step``: for ``s + 1`` or ``(s + 1)``), else None."""
    if isinstance(node, Paren):
        node = node.inner
    if step:
        if not (
            isinstance(node, Add)
            and len(node.terms) == 2
            and not node.terms[0][0]
            and not node.terms[1][0]
            and isinstance(node.terms[1][1], Num)
            and node.terms[1][1].value == 1
        ):
            return None
        node = node.terms[0][1]
    if isinstance(node, Sym) and not node.word:
        return node.name
    return None


def _mark(node: Node, step: bool) -> tuple[str, str] | None:
    """``(letter, 'sup' or 'sub')`` when ``node`` is a weight marked ``s + 1`` (``step``) or
    ``s``, else None."""
    if not isinstance(node, Scripted):
        return None
    name = name_parts(node)
    if name is None or kind_of(name) not in ("weight", "bias"):
        return None
    for kind, args in node.scripts:
        if len(args) == 1 and (letter := _letter(args[0], step)) is not None:
            return letter, kind
    return None


def _sum_letters(trees: Sequence[Node]) -> set[str]:
    """The letters that run a sum (``\\sum_k``, ``\\sum_{k=1}^{n}``)."""
    out = set()
    for tree in trees:
        for node in walk(tree):
            if isinstance(node, Scripted) and isinstance(node.base, Op) and node.base.kind == "sum":
                for kind, args in node.scripts:
                    for arg in args if kind == "sub" else ():
                        found = arg.left if isinstance(arg, Relation) else arg
                        if isinstance(found, Sym):
                            out.add(found.name)
    return out


def _step(pieces: Sequence[Piece]) -> tuple[str, str, Node] | None:
    """The step letter, where it is written and the rule's left side, when an update rule
    counts its steps."""
    trees = [tree for piece in pieces for _, _, tree in piece.parts]
    for piece in pieces:
        parts = piece.parts
        if len(parts) < 2 or parts[1][0] not in ("=", "≔"):
            continue
        new = _mark(parts[0][2], step=True)
        if new is None:
            continue
        uses = (_mark(node, step=False) for _, _, tree in parts[1:] for node in walk(tree))
        if new in uses and new[0] not in _sum_letters(trees):
            return new[0], new[1], parts[0][2]
    return None


def untimed(pieces: Sequence[Piece]) -> tuple[list[Piece], list[str]]:
    """``pieces`` without the step marks of their weights and rates, and the reading said
    (see the module); ``pieces`` as they are when no update rule counts its steps."""
    found = _step(pieces)
    if found is None:
        return list(pieces), []
    letter, where, left = found

    def visit(part: Node) -> Node | None:
        if not isinstance(part, Scripted):
            return None
        name = name_parts(part)
        if name is None or kind_of(name) not in _MARKED:
            return None
        kept = tuple(
            (kind, args)
            for kind, args in part.scripts
            if not (
                kind == where
                and len(args) == 1
                and letter in (_letter(args[0], step=False), _letter(args[0], step=True))
            )
        )
        if len(kept) == len(part.scripts):
            return None
        return rebuild(replace(part, scripts=kept) if kept else part.base, visit)

    out = [
        replace(
            piece, parts=tuple((rel, text, rebuild(tree, visit)) for rel, text, tree in piece.parts)
        )
        for piece in pieces
    ]
    shown = render(Sym(None, letter))
    note = (
        f"{shown} counts the steps of the algorithm: {render(left)} is read as the new weight "
        f"and the weights marked {shown} as the current ones"
    )
    return out, [note]
