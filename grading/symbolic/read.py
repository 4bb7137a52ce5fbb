r"""Read one answer or one derivation line: bounds first, then the syntax, then the reader.

An answer may be ``lhs = rhs`` (``dJ/dw_j = ...``, ``\Delta w_j = ...``): it is
judged on its last side, and the left-hand sides are not read.  A derivation
line may chain several sides (``= a = b``): each one is a step, except labels
such as ``dJ/dw_j`` or ``\Delta w_j``.  Which syntax a text is in is decided
from what it contains (:func:`detect_syntax`).
"""

from __future__ import annotations

import re

from .build import Builder, Context, Parsed
from .errors import AnswerError, TooComplex
from .latex import parse_latex
from .limits import DEFAULT_LIMITS, Limits
from .parse import parse_sympy

__all__ = ["detect_syntax", "locate", "read_answer", "read_line", "split_sides"]

_SYMPY_MARKS = re.compile(
    r"\b(Sum|Derivative|diff|Rational)\s*\(|\*\*|\b[xyzw]\s*\[|['\"]|\.[A-Za-z_]"
    r"|\b(lambda|import)\b"
)
_LATEX_MARKS = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]_[A-Za-z0-9{(]|\^|[ηΣ∑∂φϕΔ·×−]")
_LABEL = re.compile(
    r"""\s*(
        d\s*J\s*/\s*d\s*w\s*(_?\s*\{?\s*j\s*\}?|\[\s*j\s*\])
      | (\\Delta|Delta|Δ)\s*_?\s*w\s*(_?\s*\{?\s*j\s*\}?|\[\s*j\s*\])?
      | ∂\s*J\s*/\s*∂\s*w_?j
      | grad(ient)? | update
    )\s*\Z""",
    re.VERBOSE,
)
_WRAPPERS = re.compile(r"\$|\\[\[\]()]|\\(begin|end)\s*\{[a-z*]*\}")


def detect_syntax(text: str) -> str:
    """``'latex'`` or ``'sympy'``, from what the text contains.

    A backslash means LaTeX; then ``Sum(``, ``**``, ``x[``, quotes or attributes
    mean sympy syntax; then braces, ``$``, ``x_j``, ``^`` or Greek letters mean LaTeX.
    """
    if "\\" in text:
        return "latex"
    if _SYMPY_MARKS.search(text):
        return "sympy"
    if _LATEX_MARKS.search(text) or any(c in text for c in "{}$"):
        return "latex"
    return "sympy"


def split_sides(text: str) -> list[tuple[int, str]]:
    """The sides of ``a = b = c`` at bracket depth 0, each with its 0-based offset."""
    sides, depth, start = [], 0, 0
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
            sides.append((start, text[start:position]))
            start = position + 1
    sides.append((start, text[start:]))
    return sides


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


def _sides(text: str, limits: Limits) -> tuple[str, list[tuple[int, str]]]:
    """The syntax and the sides of ``text``, after the bounds; LaTeX's ``$`` blanked out."""
    _check_size(text, limits)
    syntax = detect_syntax(text)
    if syntax == "latex":  # same length, so columns stay right
        text = _WRAPPERS.sub(lambda found: " " * len(found.group()), text)
    return syntax, split_sides(text)


def _read_side(text: str, offset: int, syntax: str, context: Context, limits: Limits) -> Parsed:
    """One side of an equation; errors carry columns in the whole text."""
    builder = Builder(context, limits)
    try:
        if syntax == "latex":
            term = parse_latex(text, builder, limits)
        else:
            term = parse_sympy(text, builder, limits)
        return builder.finish(term, text.strip(), syntax)
    except AnswerError as error:
        raise error.shifted(offset) from None
    except RecursionError:
        raise TooComplex("the answer is nested too deeply") from None


def read_answer(
    text: str, context: Context | None = None, limits: Limits = DEFAULT_LIMITS
) -> Parsed | None:
    """The answer's last side, read; None when it is empty."""
    syntax, sides = _sides(text, limits)
    offset, side = sides[-1]
    if not side.strip():
        return None
    return _read_side(side, offset, syntax, context or Context(), limits)


def read_line(
    text: str, context: Context | None = None, limits: Limits = DEFAULT_LIMITS
) -> list[Parsed]:
    """Every side of a derivation line that is an expression (labels and blanks skipped)."""
    syntax, sides = _sides(text, limits)
    context = context or Context(steps=True)
    return [
        _read_side(side, offset, syntax, context, limits)
        for offset, side in sides
        if side.strip() and not _LABEL.match(side)
    ]


def locate(text: str, column: int | None) -> str:
    """``'column 7'`` or ``'line 2, column 3'`` for a 1-based position in ``text``."""
    if column is None:
        return ""
    before = text[: column - 1]
    line = before.count("\n") + 1
    if line == 1:
        return f"column {column}"
    return f"line {line}, column {column - 1 - before.rfind(chr(10))}"
