"""The verdict of the symbolic checker, and the messages shared by its checks."""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Expr, Sum

from . import notation as nt
from .errors import AnswerError
from .read import locate

__all__ = ["KINDS", "SymbolicVerdict", "from_error", "range_notes"]

KINDS = (
    "ok",
    "wrong",
    "parse-error",
    "unknown-symbol",
    "free-index",
    "wrong-range",
    "too-complex",
    "empty",
)
"""Every verdict kind; ``ok`` is the only one with ``ok=True``."""

NOTATION = "x[i, j], y[i], w[j], z[i], phi(...), eta, n, m"


@dataclass(frozen=True)
class SymbolicVerdict:
    """What the checker says about one answer or one derivation.

    Attributes
    ----------
    ok : bool
        Whether the answer is right.
    message : str
        For a student: what is wrong, the smallest size (n, m, j) and the values
        where it differs, or where the text could not be read.
    mistake : str or None
        The id of the catalogue entry the answer equals exactly, else None.
    kind : str
        One of :data:`KINDS`.
    """

    ok: bool
    message: str
    mistake: str | None
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"'kind' must be one of {KINDS} (got {self.kind!r})")


def from_error(error: AnswerError, text: str, what: str = "your answer") -> SymbolicVerdict:
    """The verdict for an answer that could not be judged as written."""
    where = locate(text, error.column)
    at = f" at {where}" if where else ""
    said = error.message if error.message.endswith((".", "?", "!")) else error.message + "."
    if error.kind == "parse-error":
        message = f"Could not read {what}{at}: {said}"
    elif error.kind == "unknown-symbol":
        message = f"{what[0].upper()}{what[1:]}{at}: {said} The notation has {NOTATION}."
    elif error.kind == "too-complex":
        message = f"Refused to check {what}: {said}"
    else:
        message = f"{what[0].upper()}{what[1:]} cannot be right: {said}"
    return SymbolicVerdict(False, message, None, error.kind)


def range_notes(expr: Expr) -> list[str]:
    """One note per sum whose range is not its index's standard one."""
    notes = []
    for node in expr.atoms(Sum):
        for var, lo, hi in node.limits:
            if var.name.startswith("k") and var.name[1:].isdigit():
                continue  # a sum of the reader's own (a product of a matrix and a vector)
            standard = nt.standard_limits(node.function, var)
            if standard is None or (lo, hi) == standard:
                continue
            role = "samples" if standard == nt.RANGES[nt.SAMPLE] else "features"
            notes.append(
                f"the sum over {var} runs from {nt.show(lo)} to {nt.show(hi)}, "
                f"but the {role} are numbered {nt.show(standard[0])}..{nt.show(standard[1])}"
            )
    return sorted(set(notes))
