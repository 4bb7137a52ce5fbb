"""Names a package exports but imports from its modules only when first used.

A student's ``gdgrade check`` must not pay for what it does not use (sympy when the
derivation's verdicts are kept, jinja2 for the HTML pages): the packages that gather
such names give them to :func:`lazy_exports` instead of importing them at the top.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, where: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` for ``package`` (PEP 562).

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    where : mapping
        Each exported name -> the module of ``package`` that defines it.

    Returns
    -------
    (__getattr__, __dir__)
        ``__getattr__`` imports the module on first use and keeps the value in the
        package, so that later uses are plain attribute reads; other names raise
        AttributeError as usual.  ``__dir__`` lists the package's names and its exports.

    Examples
    --------
    In ``package/__init__.py``::

        __getattr__, __dir__ = lazy_exports(__name__, {"render_feedback": "html"})
    """

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{where[name]}"), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        module = sys.modules[package]
        return sorted({*vars(module), *getattr(module, "__all__", ()), *where})

    return __getattr__, __dir__
