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

Lecture notes and blogs also name the two weights of a step in words or with a prime:
``w_j^{new} = w_j^{old} + …``, ``w_{new} = w_{old} - …``, ``w_j(new) = w_j(old) + …``,
``\theta_j' = \theta_j - …``.  When an update rule's left side is a weight marked new (or
next, or primed) and its right side uses that weight (marked old, current or not at all),
the words are taken off every weight and the prime off the left side (:func:`unstaged`).

Nothing is evaluated: the trees are rebuilt without the marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .define import Piece, rebuild
from .interpret import kind_of, name_parts, render, walk
from .latex import Add, Decorated, Node, Num, Op, Paren, Prod, Relation, Scripted, Sym, Transpose

__all__ = ["unstaged", "untimed"]

_MARKED = ("weight", "bias", "rate")
_NEW = {"new", "next"}
_STAGED = _NEW | {"old", "current", "prev"}


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


# -- new and old written as words, or a prime -------------------------------------
def _stage_word(node: Node) -> str | None:
    """``new`` for ``(new)``, ``\\text{new}`` or ``{new}`` spelled out, else None."""
    if isinstance(node, Paren):
        node = node.inner
    if isinstance(node, Sym) and node.word:
        word = node.name
    elif isinstance(node, Prod) and all(
        kind == "mul" and not negative and isinstance(item, Sym) and len(item.name) == 1
        for kind, negative, item in node.items
    ):
        word = "".join(item.name for _, _, item in node.items)
    else:
        return None
    return word.lower() if word.lower() in _STAGED else None


def _parameter(node: Node) -> bool:
    name = name_parts(node)
    return name is not None and kind_of(name) in ("weight", "bias")


def _unmarked(node: Node, prime: bool) -> Node | None:
    """``node`` without its stage words (and its prime or hat, with ``prime``) when it is a
    marked weight: ``w_j^{new}``, ``w_{old}``, ``w_j(new)``, ``θ_j'``, ``ŵ``; else None."""
    if prime and _hatted(node):
        return node.inner if isinstance(node, Decorated) else replace(node, base=node.base.inner)
    if isinstance(node, Prod) and len(node.items) == 2:
        (k1, n1, item), (k2, n2, arg) = node.items
        if k1 == k2 == "mul" and not (n1 or n2) and _parameter(item) and _stage_word(arg):
            return item
    if not isinstance(node, Scripted) or not _parameter(node):
        return None
    kept = tuple(
        (kind, args)
        for kind, args in node.scripts
        if not (len(args) == 1 and _stage_word(args[0]))
        and not (prime and kind == "sup" and len(args) == 1 and _is_prime(args[0]))
    )
    if len(kept) == len(node.scripts):
        return None
    return replace(node, scripts=kept) if kept else node.base


def _hatted(node: Node) -> bool:
    """``ŵ``, ``ŵ_j``: a weight under a hat."""
    if isinstance(node, Scripted):
        node = node.base
    return isinstance(node, Decorated) and node.kind == "hat" and _parameter(node.inner)


def _is_prime(node: Node) -> bool:
    return isinstance(node, Transpose) and node.prime


def _new_mark(node: Node) -> str | None:
    """``'word'`` when ``node`` is a weight marked new or next, ``'prime'`` when primed,
    ``'hat'`` for ``ŵ`` (the new weight of one step)."""
    if _hatted(node):
        return "hat"
    if isinstance(node, Prod) and len(node.items) == 2:
        word = _stage_word(node.items[1][2])
        return "word" if word in _NEW and _unmarked(node, prime=False) is not None else None
    if not isinstance(node, Scripted) or not _parameter(node):
        return None
    for kind, args in node.scripts:
        if len(args) == 1 and _stage_word(args[0]) in _NEW:
            return "word"
        if kind == "sup" and len(args) == 1 and _is_prime(args[0]):
            return "prime"
    return None


def unstaged(pieces: Sequence[Piece]) -> tuple[list[Piece], list[str]]:
    """``pieces`` without the words new and old (and the prime of a new weight) on their
    weights, and the reading said, when an update rule is written with them (see the module);
    ``pieces`` as they are otherwise."""
    for piece in pieces:
        parts = piece.parts
        if len(parts) < 2 or parts[1][0] not in ("=", "≔"):
            continue
        left = parts[0][2]
        mark = _new_mark(left)
        if mark is None:
            continue
        bare = _unmarked(left, prime=True)
        if bare is None:
            continue
        shown = render(bare)

        def plain(part: Node) -> Node | None:
            found = _unmarked(part, prime=False)
            return None if found is None else rebuild(found, plain)

        rest = [rebuild(tree, plain) for _, _, tree in parts[1:]]
        if not any(render(node) == shown for tree in rest for node in walk(tree)):
            continue  # the new weight's change is not written from the weight itself
        out = []
        for other in pieces:
            trees = [rebuild(tree, plain) for _, _, tree in other.parts]
            if other is piece:
                trees[0] = bare
            out.append(
                replace(
                    other,
                    parts=tuple(
                        (rel, text, tree)
                        for (rel, text, _), tree in zip(other.parts, trees, strict=True)
                    ),
                )
            )
        new = f"{shown}'" if mark == "prime" else render(left)
        note = f"{new} is read as the new weight and {shown} on the right as the current one"
        return out, [note]
    return list(pieces), []
