"""The names NumPy 2 removed that old textbook code still uses, and what replaces them.

An assignment with ``[learner] numpy_legacy_aliases = true`` puts them back in the
sandbox (the child sets them on ``numpy`` before the student's module is imported);
without it, a failure that comes from one of them is told with its replacement.
"""

from __future__ import annotations

import re

__all__ = ["NUMPY_ALIASES", "alias_in", "child_aliases"]

NUMPY_ALIASES: dict[str, tuple[str, str, str]] = {
    # name: (kind, target in the child, what to write instead)
    "float_": ("numpy", "float64", "np.float64"),
    "float": ("builtin", "float", "float (or np.float64)"),
    "int": ("builtin", "int", "int (or np.int64)"),
    "bool": ("builtin", "bool", "bool (or np.bool_)"),
    "bool8": ("numpy", "bool_", "np.bool_"),
    "object": ("builtin", "object", "object"),
    "str": ("builtin", "str", "str"),
    "complex": ("builtin", "complex", "complex (or np.complex128)"),
    "complex_": ("numpy", "complex128", "np.complex128"),
    "cfloat": ("numpy", "complex128", "np.complex128"),
    "singlecomplex": ("numpy", "complex64", "np.complex64"),
    "longfloat": ("numpy", "longdouble", "np.longdouble"),
    "longcomplex": ("numpy", "clongdouble", "np.clongdouble"),
    "clongfloat": ("numpy", "clongdouble", "np.clongdouble"),
    "int0": ("numpy", "intp", "np.intp"),
    "uint0": ("numpy", "uintp", "np.uintp"),
    "unicode_": ("numpy", "str_", "np.str_"),
    "string_": ("numpy", "bytes_", "np.bytes_"),
    "NaN": ("number", "nan", "np.nan"),
    "NAN": ("number", "nan", "np.nan"),
    "Inf": ("number", "inf", "np.inf"),
    "Infinity": ("number", "inf", "np.inf"),
    "infty": ("number", "inf", "np.inf"),
    "PINF": ("number", "inf", "np.inf"),
    "NINF": ("number", "-inf", "-np.inf"),
    "PZERO": ("number", "0.0", "0.0"),
    "NZERO": ("number", "-0.0", "-0.0"),
    "product": ("numpy", "prod", "np.prod"),
    "cumproduct": ("numpy", "cumprod", "np.cumprod"),
    "sometrue": ("numpy", "any", "np.any"),
    "alltrue": ("numpy", "all", "np.all"),
    "round_": ("numpy", "round", "np.round"),
    "trapz": ("numpy", "trapezoid", "np.trapezoid"),
    "row_stack": ("numpy", "vstack", "np.vstack"),
}
"""Each removed name, how the child restores it, and the replacement named to students."""

_PATTERNS = (
    re.compile(r"`np\.(\w+)` was removed in the NumPy 2\.0 release"),
    re.compile(r"module 'numpy' has no attribute '(\w+)'"),
)


def alias_in(message: str) -> tuple[str, str] | None:
    """``(alias, replacement)`` when ``message`` is the error of a removed NumPy name."""
    for pattern in _PATTERNS:
        match = pattern.search(message or "")
        if match and match.group(1) in NUMPY_ALIASES:
            return f"np.{match.group(1)}", NUMPY_ALIASES[match.group(1)][2]
    return None


def child_aliases() -> list[tuple[str, str, str]]:
    """The ``(name, kind, target)`` triples the sandbox's child restores."""
    return [(name, kind, target) for name, (kind, target, _) in NUMPY_ALIASES.items()]
