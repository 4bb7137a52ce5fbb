"""The assignment spec's schema: every key and its type, read off the dataclasses.

A section of ``assignment.toml`` (``[limits]``, ``[tolerances]``...) fills one
dataclass; its keys are the dataclass's fields and their types the fields'
annotations, so a field added to one of them is a key the spec validates,
with no second list to keep in step.  Every mistake is one line:

    [limits] unknown key 'call_second': did you mean 'call_seconds'?
    [tolerances] 'rtol' must be a number (got the string '1e-6'): write rtol = 1e-6, no quotes
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import typing
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["SchemaError", "build", "check_keys", "check_value", "did_you_mean", "keys_of"]


class SchemaError(ValueError):
    """A value or key does not fit the schema (one line, naming the key and the fix)."""


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """``": did you mean 'x'?"`` for the closest known word, else the known words listed."""
    known = sorted(known)
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    if close:
        return f": did you mean {close[0]!r}?"
    return f" (known: {', '.join(known)})" if known else ""


def check_keys(table: Mapping[str, Any], known: Iterable[str], where: str, what="key") -> None:
    """Raise :class:`SchemaError` for the first key of ``table`` that is not ``known``."""
    known = list(known)
    for key in table:
        if key not in known:
            raise SchemaError(f"{where}unknown {what} {key!r}{did_you_mean(key, known)}")


def keys_of(cls: type) -> dict[str, Any]:
    """The keys a dataclass takes from a table, with their types (annotations resolved)."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls) if f.init}


_NUMBER = re.compile(r"^\s*([-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)\s*([a-zA-Z ]*)$")


def _type_name(hint: Any) -> str:
    if hint is bool:
        return "true or false"
    if hint is int:
        return "a whole number"
    if hint is float:
        return "a number"
    if hint is str:
        return "a string"
    origin = typing.get_origin(hint)
    if origin in (tuple, list):
        return "a list of strings" if typing.get_args(hint)[0] is str else "a list"
    if origin in (dict, Mapping) or hint in (dict, Mapping):
        return "a table"
    return getattr(hint, "__name__", str(hint))


def _got(value: Any) -> str:
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _fix(key: str, hint: Any, value: Any) -> str:
    """How to write ``value`` right, when it is a number written as a string."""
    if hint in (int, float) and isinstance(value, str):
        match = _NUMBER.match(value)
        if match:
            unit = match.group(4).strip()
            number = match.group(1)
            return f": write {key} = {number}, no quotes" + (
                f" and no unit ({key} is in {'seconds' if 'seconds' in key else 'its own unit'})"
                if unit
                else ""
            )
    if hint is bool and isinstance(value, str) and value.lower() in ("true", "false"):
        return f": write {key} = {value.lower()}, no quotes"
    return ""


def check_value(value: Any, hint: Any, key: str, where: str = "") -> Any:
    """``value`` checked against the type ``hint`` (lists become tuples where the type says).

    A single string is accepted where a list of strings is expected.

    Raises
    ------
    SchemaError
        ``"{where}'key' must be <type> (got <value>)"`` with the fix when there is one.
    """
    if hint is Any:
        return value
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        for option in options:
            try:
                return check_value(value, option, key, where)
            except SchemaError:
                continue
        return check_value(value, options[0], key, where)  # the first type's message
    ok = True
    if hint is bool:
        ok = isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif hint is str:
        ok = isinstance(value, str)
    elif origin in (tuple, list):
        item = typing.get_args(hint)[0] if typing.get_args(hint) else Any
        if isinstance(value, str) and item is str:
            return (value,)
        if not isinstance(value, (list, tuple)):
            ok = False
        else:
            return tuple(check_value(v, item, key, where) for v in value)
    elif origin in (dict, Mapping) or hint in (dict, Mapping):
        args = typing.get_args(hint)
        if not isinstance(value, dict):
            ok = False
        else:
            inner = args[1] if len(args) == 2 else Any
            return {k: check_value(v, inner, f"{key}.{k}", where) for k, v in value.items()}
    if not ok:
        raise SchemaError(
            f"{where}{key!r} must be {_type_name(hint)} (got {_got(value)}){_fix(key, hint, value)}"
        )
    return value


def build(cls: type, table: Any, where: str, *, skip: Iterable[str] = ()) -> Any:
    """An instance of the dataclass ``cls`` from a TOML table, every key and type checked.

    ``where`` starts each message (``"spec.toml [limits] "``); the dataclass's
    own ``__post_init__`` checks (ranges, choices) become :class:`SchemaError` too.
    Keys in ``skip`` are left to the caller.
    """
    if not isinstance(table, dict):
        raise SchemaError(f"{where.rstrip()} must be a table (got {_got(table)})")
    known = keys_of(cls)
    check_keys(table, known, where)
    for f in dataclasses.fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if f.init and required and f.name not in table:
            raise SchemaError(f"{where}{f.name!r} is missing (it is required)")
    values = {k: v if k in skip else check_value(v, known[k], k, where) for k, v in table.items()}
    try:
        return cls(**values)
    except (TypeError, ValueError) as exc:
        raise SchemaError(f"{where}{exc}") from None
