"""Read a student's ``derivation.py`` with the :mod:`ast` module; it is never executed.

The module-level string constants ``gradient``, ``update`` and ``steps`` (a
list of strings) are taken from the syntax tree.  A string may be written as
one literal, a triple-quoted literal or several literals side by side (Python
joins those while parsing).  Anything that would need running the code (an
f-string, ``"a" + "b"``, a call, a name) is not run: it is reported in
:attr:`Derivation.problems` and the answer is left as None.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

__all__ = ["MAX_SOURCE_CHARS", "NAMES", "Derivation", "read_derivation"]

NAMES = ("gradient", "update", "steps")
MAX_SOURCE_CHARS = 200_000
"""derivation.py longer than this is not read (a derivation is a few lines)."""


@dataclass(frozen=True)
class Derivation:
    """What ``derivation.py`` holds.

    Attributes
    ----------
    gradient, update : str or None
        The answers, None when missing or not a plain string.
    steps : list of str or None
        The derivation lines, None when missing or not a list of strings.
    problems : list of str
        What could not be read, for a student
        ("'steps' must be a list of strings (got a dict)").
    """

    gradient: str | None
    update: str | None
    steps: list[str] | None
    problems: list[str] = field(default_factory=list)


_WHAT = {
    ast.JoinedStr: "an f-string, which would need running the code",
    ast.BinOp: "an expression, which would need running the code; write one string",
    ast.Call: "a call, which would need running the code",
    ast.Name: "a name, which would need running the code",
    ast.Dict: "a dict",
    ast.Set: "a set",
    ast.List: "a list",
    ast.Tuple: "a tuple",
    ast.Attribute: "an attribute, which would need running the code",
    ast.Subscript: "a subscript, which would need running the code",
}


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.Constant):
        kinds = {int: "a number", float: "a number", bool: "True or False", bytes: "bytes"}
        return kinds.get(type(node.value), repr(node.value))
    return _WHAT.get(type(node), "an expression, which would need running the code")


def _string(name: str, node: ast.AST, problems: list[str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    problems.append(f"'{name}' must be a string (got {_describe(node)})")
    return None


def _lines(node: ast.AST, problems: list[str]) -> list[str] | None:
    if not isinstance(node, (ast.List, ast.Tuple)):
        problems.append(f"'steps' must be a list of strings (got {_describe(node)})")
        return None
    lines = []
    for number, item in enumerate(node.elts, start=1):
        if isinstance(item, ast.Constant) and isinstance(item.value, str):
            lines.append(item.value)
        else:
            problems.append(f"'steps' item {number} must be a string (got {_describe(item)})")
            return None
    return lines


def _assignments(tree: ast.Module) -> list[tuple[str, ast.AST, int]]:
    """(name, value, line) of every module-level assignment to one of :data:`NAMES`."""
    found = []
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name) and target.id in NAMES:
                found.append((target.id, value, statement.lineno))
            elif isinstance(target, (ast.Tuple, ast.List)):
                names = [t.id for t in target.elts if isinstance(t, ast.Name)]
                if not set(names) & set(NAMES):
                    continue
                if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
                    for t, v in zip(target.elts, value.elts, strict=True):
                        if isinstance(t, ast.Name) and t.id in NAMES:
                            found.append((t.id, v, statement.lineno))
                else:
                    found += [(n, value, statement.lineno) for n in names if n in NAMES]
    return found


def read_derivation(source: str) -> Derivation:
    """The answers in ``derivation.py``, read from its syntax tree (never executed).

    Parameters
    ----------
    source : str
        The text of ``derivation.py`` (bytes are decoded as UTF-8).

    Returns
    -------
    Derivation
        A name assigned several times keeps its last value (as Python would) and
        adds a problem saying so.  A missing name is None without a problem.
    """
    if isinstance(source, bytes):
        source = source.decode("utf-8", errors="replace")
    if len(source) > MAX_SOURCE_CHARS:
        return Derivation(
            None,
            None,
            None,
            [
                f"derivation.py is {len(source)} characters long; "
                f"at most {MAX_SOURCE_CHARS} are read"
            ],
        )
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        where = f"line {error.lineno}" if error.lineno else "an unknown line"
        return Derivation(
            None, None, None, [f"derivation.py has a syntax error at {where}: {error.msg}"]
        )
    except (RecursionError, MemoryError, ValueError) as error:
        return Derivation(None, None, None, [f"derivation.py could not be read ({error})"])
    problems: list[str] = []
    values: dict[str, object] = {}
    lines: dict[str, list[int]] = {}
    for name, node, line in _assignments(tree):
        lines.setdefault(name, []).append(line)
        reported: list[str] = []
        values[name] = _lines(node, reported) if name == "steps" else _string(name, node, reported)
        problems += reported
    for name, where in lines.items():
        if len(where) > 1:
            shown = ", ".join(map(str, where))
            problems.append(
                f"'{name}' is assigned {len(where)} times (lines {shown}); the last one is used"
            )
    return Derivation(values.get("gradient"), values.get("update"), values.get("steps"), problems)
