"""What the optional parts of gdgrade need, and how to say it when it is not installed.

A student's install (``pip install gdgrade``) holds what ``gdgrade check`` needs.  The
instructor's tools come with ``pip install 'gdgrade[instructor]'``: nbgrader, reading
and writing notebooks (nbformat), the HTML feedback pages (jinja2) and their
learning-curve plots (matplotlib), and the terminal's progress bar and class table of
``gdgrade grade`` and ``gdgrade demo`` (rich; ``gdgrade check`` writes its report with
the standard library).  ``pip install 'gdgrade[notebook]'`` adds only
nbformat, for a student who checks a notebook outside Jupyter's own Python.
"""

from __future__ import annotations

import importlib.util

__all__ = ["INSTRUCTOR", "NOTEBOOK", "missing"]

INSTRUCTOR = "pip install 'gdgrade[instructor]'"
"""The command that installs the instructor's tools."""
NOTEBOOK = "pip install 'gdgrade[notebook]'"
"""The command that installs what reading a notebook needs."""


def missing(*modules: str) -> list[str]:
    """The ``modules`` that cannot be imported here (without importing any)."""
    out = []
    for name in modules:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            out.append(name)
    return out
