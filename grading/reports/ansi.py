"""Lines for a terminal, bold and coloured only where it shows them: the standard library only.

The student's ``gdgrade check`` writes through a :class:`Terminal`, so that a student's
install needs no terminal library (rich and what it brings, pygments and markdown-it,
are the instructor's: the class table and the progress bar).  What a line says never
depends on where it goes; only its styles do:

- styles (ANSI "SGR" escapes) are written when the stream is a terminal (``isatty``)
  whose ``TERM`` is not ``dumb``, or when ``FORCE_COLOR`` is set and not empty
  (https://force-color.org);
- ``NO_COLOR`` set and not empty (https://no-color.org) drops the colours and keeps
  bold and italic, as rich does;
- the width is :func:`shutil.get_terminal_size`'s: ``COLUMNS``, else the terminal's,
  else 80;
- tabs are written as spaces to the next multiple of 8 columns, and a paragraph
  (:meth:`Terminal.paragraph`) is wrapped as rich wraps it (:func:`fold`), so that the
  text is what it was when rich wrote it, byte for byte (but for the few characters
  whose width this Python's Unicode tables and rich's own disagree on).

Every line is passed through :func:`~gdgrade.grading.reports.text.printable` as it is
written, whoever made it: no text a submission controls can write an escape of its own,
move the cursor or overwrite a line.  The only escapes written are the styles'.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Mapping
from typing import TextIO

from gdgrade.grading.reports.text import printable

__all__ = ["SGR", "Terminal", "cells", "fold", "shows_styles"]

SGR = {
    "bold": "1",
    "italic": "3",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "magenta": "35",
    "cyan": "36",
}
"""The styles a report may use, by name, and their ANSI Select Graphic Rendition codes."""
_COLOURS = {"red", "green", "yellow", "magenta", "cyan"}
_RESET = "\x1b[0m"
_TAB = 8
_WORD = re.compile(r"\s*\S+\s*")
"""A word and the spaces around it: leading ones only at the start of a line."""


def _cell(character: str) -> int:
    category = unicodedata.category(character)
    if category in ("Mn", "Me"):
        return 0
    if category == "Cn":  # not assigned in this Python's Unicode (whose width says "F")
        return 1
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


def cells(text: str) -> int:
    """Columns ``text`` takes on a terminal: 2 for a wide (East Asian) character, 0 for a
    combining mark, else 1."""
    return sum(map(_cell, text))


def _chop(text: str, width: int) -> list[str]:
    """``text`` cut into pieces of at most ``width`` columns (a piece holds one character
    at least)."""
    pieces, piece, used = [], "", 0
    for character in text:
        size = _cell(character)
        if piece and used + size > width:
            pieces.append(piece)
            piece, used = "", 0
        piece += character
        used += size
    return [*pieces, piece]


def _expand_tabs(text: str, column: int = 0) -> tuple[str, int]:
    """``text`` with each tab as spaces to the next multiple of 8 columns, counted from
    ``column``; and the column it ends at."""
    out = []
    for character in text:
        if character == "\t":
            spaces = _TAB - column % _TAB
            out.append(" " * spaces)
            column += spaces
        elif character == "\n":
            out.append(character)
            column = 0
        else:
            out.append(character)
            column += _cell(character)
    return "".join(out), column


def fold(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, as rich wraps a paragraph.

    Each line of ``text`` is broken before a word that does not fit; a word longer
    than a line is cut into pieces that fit; the spaces after a line's last word are
    kept up to the width.  Tabs are expanded first.
    """
    lines = []
    for line in text.split("\n"):
        line, _ = _expand_tabs(line)
        breaks, column = [], 0
        for match in _WORD.finditer(line):
            start, word = match.start(), match.group()
            length = cells(word.rstrip())
            if width - column >= length:
                column += cells(word)
            elif length > width:
                pieces = _chop(word, width)
                for piece in pieces[:-1]:
                    if start:
                        breaks.append(start)
                    start += len(piece)
                if start:
                    breaks.append(start)
                column = cells(pieces[-1])
            elif column and start:
                breaks.append(start)
                column = cells(word)
        for begin, end in zip([0, *breaks], [*breaks, len(line)], strict=True):
            piece = line[begin:end]
            excess = len(piece) - width  # characters, not columns, as rich counts here
            if excess > 0:  # the spaces beyond the width go
                spaces = len(piece) - len(piece.rstrip())
                piece = piece[: len(piece) - min(spaces, excess)]
            if cells(piece) > width:  # then what still does not fit (half a wide
                while cells(piece) > width:  # character cut off is a space)
                    piece = piece[:-1]
                piece += " " * (width - cells(piece))
            lines.append(piece)
    return lines


def shows_styles(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``stream`` shows ANSI styles: ``FORCE_COLOR``, else a terminal not ``dumb``."""
    environ = os.environ if environ is None else environ
    if environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


class Terminal:
    """Where a report's lines go: a stream, its width, and whether it shows styles.

    Parameters
    ----------
    file : text stream, optional
        Where lines are written; by default ``sys.stdout`` as it is at each write
        (so that a test's capture or a redirect set later is honoured).
    width : int, optional
        Columns to wrap at; by default :func:`shutil.get_terminal_size`'s.
    styled : bool, optional
        Whether to write ANSI styles; by default :func:`shows_styles` of the stream.
    environ : mapping, optional
        The environment read for ``NO_COLOR``, ``FORCE_COLOR`` and ``TERM``
        (``os.environ`` by default).
    """

    def __init__(
        self,
        file: TextIO | None = None,
        *,
        width: int | None = None,
        styled: bool | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        environ = os.environ if environ is None else environ
        self._file = file
        self.width = width if width is not None else shutil.get_terminal_size().columns
        self.styled = shows_styles(self.file, environ) if styled is None else styled
        self.coloured = self.styled and not environ.get("NO_COLOR")

    @property
    def file(self) -> TextIO:
        """The stream lines go to."""
        return self._file if self._file is not None else sys.stdout

    def _sgr(self, style: str) -> str:
        codes = [SGR[word] for word in style.split() if self.coloured or word not in _COLOURS]
        return f"\x1b[{';'.join(codes)}m" if codes else ""

    def line(self, text: str = "", *spans: tuple[int, int, str]) -> None:
        """Write ``text``, made :func:`printable`, and a newline; each span
        ``(start, end, style)`` of it styled.

        ``style`` is words of :data:`SGR` ("bold green"); spans do not overlap.  The
        caller passes printable text already (its spans count its characters);
        escaping it again changes nothing.
        """
        text, parts, at = printable(text), [], 0
        for start, end, style in sorted(spans):
            start, end = max(start, at), min(end, len(text))
            if start < end:
                parts += [(text[at:start], ""), (text[start:end], style)]
                at = end
        parts.append((text[at:], ""))
        out, column = [], 0
        for part, style in parts:
            part, column = _expand_tabs(part, column)
            code = self._sgr(style) if self.styled and part else ""
            out += [code, part, _RESET if code else ""]
        self.file.write("".join(out) + "\n")

    def paragraph(self, text: str, *spans: tuple[int, int, str]) -> None:
        """Write ``text``, made :func:`printable`, wrapped at the width (:func:`fold`);
        ``spans`` style its first line (a prefix such as "note: ", which wrapping keeps
        in place)."""
        for i, line in enumerate(fold(printable(text), self.width)):
            self.line(line, *(spans if i == 0 else ()))
