r"""Read an answer or a derivation line: bounds first, then the syntax, then the reader.

Two syntaxes: the design's sympy syntax (``Sum(...)``, ``x[i, j]``), read by
:mod:`.parse`, and everything else people write (LaTeX, Unicode, ASCII plain
text), read by :func:`read_math`: :mod:`.normalise` makes one text of it,
:mod:`.latex` parses each side, :mod:`.interpret` decides what the letters
stand for from the whole answer and builds each side in the canonical
notation.

An answer may hold several statements (``\frac{\partial J}{\partial w} = ...
\\ \frac{\partial J}{\partial b} = ...``) and chains (``\Delta w_j = -\eta
\frac{\partial J}{\partial w_j} = \eta \sum_i ...``); each side is read, and
:class:`Side` says what it is: a value (a derivative side is a value too,
evaluated), the weight on the left of an update rule (``w_j := ...``), a
``\Delta w_j`` label, or the ``0`` of ``... = 0``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sympy import Derivative, Expr, Indexed

from . import notation as nt
from .build import Builder, Context, Parsed
from .code import is_program, looks_like_code, read_code
from .define import Piece, define
from .errors import AnswerError, ParseError, TooComplex
from .interpret import (
    INFERRED,
    Interpreter,
    Letters,
    Reading,
    gather,
    is_delta,
    render,
    weight_of,
)
from .latex import Node, Num, Paren, Transpose, parse_tree
from .limits import DEFAULT_LIMITS, Limits
from .normalise import Text, normalise, sides, statements
from .parse import parse_sympy
from .timesteps import unstaged, untimed

__all__ = [
    "MathReading",
    "Side",
    "Statement",
    "detect_syntax",
    "locate",
    "read_answer",
    "read_line",
    "read_lines",
    "read_math",
    "split_lines",
    "split_sides",
]

# a quote right after a name or a closing bracket is a transpose (X'y, (Xw - y)'X), not a string
_SYMPY_MARKS = re.compile(
    r"\b(Sum|Derivative|diff|Rational)\s*\(|\*\*|\b[xyzw]\s*\[|(?<![\w)\]}'])'[^']*'|\"[^\"]*\""
    r"|\b(lambda|import)\b|\b[A-Za-z_]+\s*\.\s*(?!T\b)[A-Za-z_]"
)
_LABEL = re.compile(
    r"""\s*(
        d\s*J\s*/\s*d\s*w\s*(_?\s*\{?\s*j\s*\}?|\[\s*j\s*\])
      | (\\Delta|Delta|Δ)\s*_?\s*w\s*(_?\s*\{?\s*j\s*\}?|\[\s*j\s*\])?
      | ∂\s*J\s*/\s*∂\s*w_?j
      | grad(ient)? | update
    )\s*\Z""",
    re.VERBOSE,
)


_SYMPY_CALLS = re.compile(r"\b(Sum|Derivative|diff|Rational)\s*\(|\b[xyzw]\s*\[\s*[a-z]")


def detect_syntax(text: str) -> str:
    """``'sympy'`` for the design's sympy syntax (``Sum(``, ``**``, ``x[``, quotes,
    attributes), else ``'latex'``: LaTeX, Unicode, plain text or numpy code (read by
    :func:`read_math`)."""
    if "\\" in text:
        return "latex"
    if looks_like_code(text) and (not _SYMPY_CALLS.search(text) or is_program(text)):
        return "latex"
    if _SYMPY_MARKS.search(text):
        return "sympy"
    return "latex"


def split_sides(text: str) -> list[tuple[int, str]]:
    """The sides of ``a = b = c`` at bracket depth 0, each with its 0-based offset."""
    sides_, depth, start = [], 0, 0
    for position, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "=" and depth <= 0:
            before = text[position - 1] if position else ""
            after = text[position + 1] if position + 1 < len(text) else ""
            if (before and before in "=<>!:") or after == "=":
                continue
            sides_.append((start, text[start:position]))
            start = position + 1
    sides_.append((start, text[start:]))
    return sides_


def _check_size(text: str, limits: Limits) -> None:
    if len(text) > limits.max_chars:
        raise TooComplex(
            f"the answer is {len(text)} characters long; at most {limits.max_chars} are read"
        )
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    if deepest > limits.max_nesting:
        raise TooComplex(
            f"the answer nests brackets {deepest} deep; at most {limits.max_nesting} are read"
        )


def _read_sympy_side(text: str, offset: int, context: Context, limits: Limits) -> Parsed:
    builder = Builder(context, limits)
    try:
        return builder.finish(parse_sympy(text, builder, limits), text.strip(), "sympy")
    except AnswerError as error:
        raise error.shifted(offset) from None
    except RecursionError:
        raise TooComplex("the answer is nested too deeply") from None


# -- the math reader ----------------------------------------------------------
@dataclass(frozen=True)
class Side:
    """One side of a statement.

    Attributes
    ----------
    role : str
        ``'value'`` (judged; a derivative side is a value, evaluated), ``'weight'`` (the
        weight alone on the left of an update rule), ``'delta'`` (``\\Delta w_j``) or
        ``'zero'`` (the ``0`` of ``... = 0``).
    param : str or None
        ``'w'`` or ``'b'``: the parameter a weight, delta or derivative side is about.
    component : int or None
        The one weight it is about, when written with a number (``θ_1``, ``b`` is 0).
    parsed : Parsed or None
        The side in the canonical notation (component j of a vector), for values.
    derived : bool
        The value still has a derivative or the cost J in it (not worked out).
    shown : str
        The side as the student wrote it.
    """

    role: str
    param: str | None
    parsed: Parsed | None
    derived: bool
    shown: str
    relation: str
    component: int | None = None


@dataclass(frozen=True)
class Statement:
    """The sides of one statement, and whether it is an update rule (``w_j := w_j + ...``)."""

    sides: tuple[Side, ...]
    rule: bool
    shown: str
    open_end: bool = False
    offset: int = 0  # where the statement starts in the text


@dataclass(frozen=True)
class MathReading:
    """An answer read by :func:`read_math`: its statements, and each assumption made."""

    statements: tuple[Statement, ...]
    notes: tuple[str, ...]
    reading: Reading


def _original(raw: str, text: Text) -> str:
    if not text.text:
        return ""
    return raw[text.origin[0] : text.origin[len(text.text)]].strip()


def _parse_side(side: Text, limits: Limits) -> Node:
    try:
        return parse_tree(side.text, limits)
    except AnswerError as error:
        column = None if error.column is None else side.column(error.column - 1)
        raise type(error)(error.message, column) from None


def _derivative_param(expr: Expr) -> tuple[str | None, int | None]:
    """``('w', None)`` for ``∂w_j``, ``('w', 1)`` for ``∂θ_1``, ``('b', 0)`` for ``∂b``."""
    for node in expr.atoms(Derivative):
        for var, _ in node.variable_count:
            if var == nt.b:
                return "b", 0
            index = var.indices[0] if isinstance(var, Indexed) else None
            return "w", int(index) if index is not None and index.is_Integer else None
    return None, None


def _mentions(node: Node, name: str) -> bool:
    from .interpret import walk

    return any(render(part) == name for part in walk(node))


def _latex_pieces(text: str, limits: Limits) -> list[Piece]:
    """The statements of a LaTeX, Unicode or plain-text answer, each side parsed."""
    pieces = []
    for statement in statements(normalise(text)):
        parts = []
        split = sides(statement)
        for relation, side in split:
            if not side.text.strip():
                continue
            parts.append((relation, side, _parse_side(side, limits)))
        if parts:
            open_end = bool(split[-1][0]) and not split[-1][1].text.strip()
            pieces.append(Piece(statement, tuple(parts), open_end))
    return pieces


def _pieces(text: str, limits: Limits) -> tuple[list[Piece], list[str]]:
    """The statements of an answer (numpy code or a formula), with the readings code needs."""
    code = read_code(text, limits)
    if code is not None:
        found, notes = code
        return [Piece(st.text, st.parts) for st in found], notes
    return _latex_pieces(text, limits), []


def _has_prime(pieces: list[Piece]) -> bool:
    from .interpret import walk

    return any(
        isinstance(node, Transpose) and node.prime
        for piece in pieces
        for _, _, tree in piece.parts
        for node in walk(tree)
    )


def _updated(pieces: list[Piece]) -> list[Node]:
    """The left sides of the update rules (``w_j := …``, ``θ_1 = θ_1 - …``)."""
    out = []
    for piece in pieces:
        parts = piece.parts
        if len(parts) > 1 and (parts[1][0] == "≔" or _mentions(parts[1][2], render(parts[0][2]))):
            out.append(parts[0][2])
    return out


def read_math(
    text: str,
    letters: Letters = INFERRED,
    limits: Limits = DEFAULT_LIMITS,
    *,
    sized: bool = False,
) -> MathReading:
    """Read an answer written in LaTeX, Unicode, plain text or numpy code (see the module).

    A prime is read as a transpose (``X'(Xw - y)``) unless the shapes only fit with it
    naming a matrix (``X'^T(X'\\theta - y)``: X with its column of ones).  ``sized``: the
    caller has checked the size of each part of ``text`` (the lines of a derivation).

    Raises
    ------
    AnswerError
        With a column in ``text``, when a side cannot be read.
    """
    if not sized:
        _check_size(text, limits)
    pieces, code_notes = _pieces(text, limits)
    pieces, timed = untimed(pieces)
    pieces, staged = unstaged(pieces)
    pieces, defined = define(pieces)
    defined = timed + staged + defined
    try:
        return _read(text, pieces, letters, limits, code_notes + defined, prime_names=False)
    except ParseError:
        if not _has_prime(pieces):
            raise
        try:
            return _read(text, pieces, letters, limits, code_notes + defined, prime_names=True)
        except AnswerError:
            pass
        raise


def _read(
    text: str,
    pieces: list[Piece],
    letters: Letters,
    limits: Limits,
    notes: list[str],
    *,
    prime_names: bool,
) -> MathReading:
    trees = [node for piece in pieces for _, _, node in piece.parts]
    reading = gather(trees, letters, _updated(pieces), prime_names=prime_names)
    for note in notes:
        reading.note(note)
    context = Context(bias=True, steps=True)
    out = []
    for piece in pieces:
        parts = piece.parts
        built = []
        first = parts[0][2]
        weight = weight_of(first, reading) if len(parts) > 1 else None
        rule = weight is not None and (parts[1][0] == "≔" or _mentions(parts[1][2], render(first)))
        for position, (relation, side, node) in enumerate(parts):
            shown = _original(text, side)
            if position == 0 and rule:
                param, component = weight
                built.append(Side("weight", param, None, False, shown, relation, component))
                continue
            delta = is_delta(node, reading)
            if delta is not None and position < len(parts) - 1:
                built.append(Side("delta", delta[0], None, False, shown, relation, delta[1]))
                continue
            if isinstance(node, Num) and node.value == 0 and position == len(parts) - 1 > 0:
                built.append(Side("zero", None, None, False, shown, relation))
                continue
            parsed = _build(node, side, reading, context, limits, shown)
            derived = parsed.expr.has(Derivative) or parsed.expr.has(nt.J)
            param, component = _derivative_param(parsed.expr)
            built.append(Side("value", param, parsed, derived, shown, relation, component))
        start = piece.statement.origin[0] if piece.statement.text else 0
        shown_ = _original(text, piece.statement)
        out.append(Statement(tuple(built), rule, shown_, piece.open_end, start))
    return MathReading(tuple(out), tuple(reading.notes), reading)


def _build(
    node: Node, side: Text, reading: Reading, context: Context, limits: Limits, shown: str
) -> Parsed:
    builder = Builder(context, limits)
    interpreter = Interpreter(reading, builder)
    try:
        val = interpreter.value(node)
        term = interpreter.component(val, node if not isinstance(node, Paren) else node.inner)
        return builder.finish(term, shown, "latex")
    except AnswerError as error:
        column = None if error.column is None else side.column(error.column)
        raise type(error)(error.message, column) from None
    except RecursionError:
        raise TooComplex("the answer is nested too deeply") from None


# -- the entry points the checkers use ------------------------------------------
def read_answer(
    text: str, context: Context | None = None, limits: Limits = DEFAULT_LIMITS
) -> Parsed | None:
    """The answer's last side, read; None when it is empty."""
    context = context or Context()
    if detect_syntax(text) == "sympy":
        _check_size(text, limits)
        offset, side = split_sides(text)[-1]
        if not side.strip():
            return None
        return _read_sympy_side(side, offset, context, limits)
    reading = read_math(text, limits=limits)
    values = [s.parsed for st in reading.statements for s in st.sides if s.parsed is not None]
    if not values:
        return None
    parsed = values[-1]
    if not context.steps and (parsed.expr.has(nt.J) or parsed.expr.has(Derivative)):
        raise ParseError("the answer must be worked out: no derivative, no J")
    return parsed


def read_line(
    text: str, context: Context | None = None, limits: Limits = DEFAULT_LIMITS
) -> list[Parsed]:
    """Every side of a derivation line that is an expression (labels and blanks skipped)."""
    context = context or Context(steps=True)
    if detect_syntax(text) == "sympy":
        _check_size(text, limits)
        return [
            _read_sympy_side(side, offset, context, limits)
            for offset, side in split_sides(text)
            if side.strip() and not _LABEL.match(side)
        ]
    reading = read_math(text, limits=limits)
    return [s.parsed for st in reading.statements for s in st.sides if s.parsed is not None]


def read_lines(
    lines: Sequence[str], limits: Limits = DEFAULT_LIMITS
) -> tuple[list[tuple[int, list[Parsed]]], tuple[str, ...], dict[str, str]]:
    """The lines of a derivation written in LaTeX, plain text or code, read together: one
    reading of the letters for all of them, definitions of earlier lines used by later
    ones.  Returns each line's number (from 1) and its sides, and the assumptions made.

    Raises
    ------
    AnswerError
        With a column in the lines joined by line breaks (:func:`locate` says the line).
    """
    for line in lines:
        _check_size(line, limits)
    text = "\n".join(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    reading = read_math(text, limits=limits, sized=True)
    found: dict[int, list[Parsed]] = {}
    for statement in reading.statements:
        number = next(k for k in range(len(lines)) if statement.offset < starts[k + 1])
        values = [side.parsed for side in statement.sides if side.parsed is not None]
        found.setdefault(number + 1, []).extend(values)
    renamed = {new: old for old, new in reading.reading.rename.items() if new != old}
    return sorted(found.items()), reading.notes, renamed


def split_lines(text: str) -> list[str]:
    """The lines of a derivation pasted as one text (an ``align`` environment, ``\\\\``)."""
    if detect_syntax(text) == "sympy" or not re.search(r"\\\\|\\newline|\n", text):
        return [text]
    return [_original(text, piece) for piece in statements(normalise(text))] or [text]


def locate(text: str, column: int | None) -> str:
    """``'column 7'`` or ``'line 2, column 3'`` for a 1-based position in ``text``."""
    if column is None:
        return ""
    before = text[: column - 1]
    line = before.count("\n") + 1
    if line == 1:
        return f"column {column}"
    return f"line {line}, column {column - 1 - before.rfind(chr(10))}"
