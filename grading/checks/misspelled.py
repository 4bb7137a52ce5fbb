"""What a ``NameError`` or an ``AttributeError`` raised by the student's code most likely
meant: a name written one way where it is defined another (``self.n_iters`` set as
``self.iters``, ``self._initial_weights()`` defined as ``_initialize_weights``, ``np.``
after ``import numpy``).

Python itself suggests close names when it prints a traceback; the grader only gets the
error's message, so it reads the names the file defines (with the ``ast`` module, never
running it) and says the same.
"""

from __future__ import annotations

import difflib
import re

from gdgrade.grading.checks.source import ModuleSource

__all__ = ["CONVENTIONAL_ALIASES", "suggestion"]

CONVENTIONAL_ALIASES: dict[str, str] = {
    "np": "numpy",
    "pd": "pandas",
    "plt": "matplotlib.pyplot",
    "sns": "seaborn",
}
"""The short names people write for a library, and the library."""

_ATTRIBUTE = re.compile(r"AttributeError: '(\w+)' object has no attribute '(\w+)'")
_NAME = re.compile(r"NameError: name '(\w+)' is not defined")
_CUTOFF = 0.6
"""How alike two names must be (difflib's ratio) to be told as the one meant."""


def _closest(name: str, known: set[str]) -> str | None:
    found = difflib.get_close_matches(name, sorted(known - {name}), n=1, cutoff=_CUTOFF)
    return found[0] if found else None


def suggestion(message: str, source: ModuleSource | None) -> str | None:
    """A hint naming the name the failing code most likely meant, or None.

    Parameters
    ----------
    message : str
        The error as the sandbox reported it (``"AttributeError: 'AdalineSGD' object has
        no attribute '_initial_weights' (adaline.py, line 14, in fit)"``).
    source : ModuleSource or None
        The file as written.
    """
    if source is None:
        return None
    found = _ATTRIBUTE.search(message)
    if found is not None:
        cls, attribute = found.groups()
        info = source.classes.get(cls)
        if info is None:
            return None
        known = set(info.methods) | {a for f in info.functions.values() for a in f.assigns}
        meant = _closest(attribute, known)
        if meant is None:
            return None
        if meant in info.methods:
            return f"{cls} has no method `{attribute}`: did you mean `self.{meant}`?"
        return (
            f"`self.{attribute}` is read but never set on {cls}: it is set as "
            f"`self.{meant}`; write one name in both places."
        )
    found = _NAME.search(message)
    if found is None:
        return None
    name = found.group(1)
    library = CONVENTIONAL_ALIASES.get(name)
    if library is not None:
        bound = [b for b, module in source.imports.items() if module == library]
        if bound:
            return (
                f"adaline.py imports {library} as `{bound[0]}`: write `import {library} as {name}`."
            )
    meant = _closest(name, set(source.defined) | set(source.imports))
    if meant is None:
        return None
    return f"`{name}` is not defined in adaline.py: did you mean `{meant}`?"
