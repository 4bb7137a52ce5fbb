"""Why an answer cannot be judged: each error carries the verdict kind it becomes.

A student's mistake is a verdict, not a crash: the readers and the evaluator
raise these, and the checkers turn them into a :class:`SymbolicVerdict` with the
kind and the message.
"""

from __future__ import annotations

__all__ = [
    "AnswerError",
    "NotPolynomial",
    "ParseError",
    "SpecError",
    "TooComplex",
    "UnknownSymbol",
]


class AnswerError(Exception):
    """An answer that cannot be judged as written.

    Parameters
    ----------
    message : str
        What is wrong, for a student.
    column : int or None
        1-based column in the answer where it is, when known.
    """

    kind = "parse-error"

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column

    def shifted(self, offset: int) -> AnswerError:
        """The same error with its column moved right by ``offset`` characters."""
        column = None if self.column is None else self.column + offset
        return type(self)(self.message, column)


class ParseError(AnswerError):
    """Not readable: bad syntax, or something the notation does not allow (calls, attributes)."""

    kind = "parse-error"


class UnknownSymbol(AnswerError):
    """A name that is not part of the notation (``theta``, ``X``, ``\\alpha``)."""

    kind = "unknown-symbol"


class TooComplex(AnswerError):
    """Refused: too long, too deep, too large, or too slow to check (hostile or runaway)."""

    kind = "too-complex"


class NotPolynomial(AnswerError):
    """Readable, but not a polynomial in the data and weights, so it cannot be the gradient."""

    kind = "wrong"


class SpecError(ValueError):
    """An instructor's mistake in the assignment spec (a catalogue entry that does not read)."""
