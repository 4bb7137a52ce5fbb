"""Any string, made safe to write: what every report does to text a submission controls.

A submission controls much of what ends up in the reports: its file names
(which need not be UTF-8: :func:`os.fsdecode` turns the bytes that are not
into lone surrogates), the messages of its exceptions, what it prints.  Every
writer passes such text through here, so that no string can break a file or
take over a screen or a spreadsheet:

- :func:`printable` for HTML, the terminal and the gradebook: lone surrogates,
  control characters (ANSI escapes, carriage returns, NUL) and the Unicode
  controls that reorder or hide text on screen ("Trojan Source" bidi overrides,
  zero-width characters) are
  shown as their escapes (``\\udcff``, ``\\x1b``, ``\\u202e``), so the text is
  valid UTF-8, nothing in it moves the cursor, and two different names never
  look the same;
- :func:`csv_cell` for the CSV gradebook: printable, and a cell that starts
  with a character that makes a spreadsheet program read it as a formula
  (``=``, ``+``, ``-``, ``@``, tab, carriage return, and their full-width
  forms) gets a leading apostrophe, as OWASP's "CSV Injection" guidance and
  CWE-1236 recommend.  Every cell is treated alike, numbers included: gdgrade
  writes no negative number (points are >= 0, the spec checks it), so a
  number never needs the apostrophe, and a cell that does is text.
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_STARTS", "csv_cell", "printable"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""First characters that make a spreadsheet evaluate a cell (ASCII and full-width)."""

# C0 (but tab and newline) and C1 controls, DEL; invisible and bidi controls (zero
# widths, line separators, embeddings, overrides, isolates, BOM); lone surrogates.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """``text`` (any object, as ``str``) with what a screen or a file cannot take escaped.

    Newlines and tabs are kept; a carriage return is escaped (it would
    overwrite a line on a terminal).  The result encodes as UTF-8.
    """
    return _UNSAFE.sub(_escape, text if isinstance(text, str) else str(text))


def csv_cell(value: object) -> str:
    """One CSV cell: :func:`printable`, and never read as a formula by a spreadsheet."""
    text = printable(value)
    if text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text
