"""The student's ``adaline.py`` read with ``ast`` in the grader: never run here.

What the grader learns from the text alone: the classes and their methods (those
inherited from a class of the same file included), a method indented inside
another one, the line of each top-level definition, and how each constructor
parameter is used (the bound of a loop, a factor of the update, a seed, a
switch).  The checks use it to read a class by meaning and to say why something
is missing; what the code *does* is still only learned by calling it in the
sandbox.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ClassSource", "ModuleSource", "Parameter", "read_source"]

_SEEDERS = ("RandomState", "default_rng", "seed", "Generator", "PCG64", "Random", "manual_seed")
_SHUFFLERS = ("permutation", "shuffle", "choice", "sample")


@dataclass
class Parameter:
    """One parameter of a class's ``__init__``.

    Attributes
    ----------
    name : str
        As written.
    default : object
        The default when it is a literal (number, bool, None, str); ``NO_DEFAULT`` when
        there is none, ``OTHER`` when it is an expression.
    uses : set of str
        How the code uses it (through ``self.<attr>`` or directly): ``"loop"`` (bounds a
        loop: ``range(self.n_iter)``), ``"scale"`` (multiplies or divides a value
        outside ``__init__``), ``"seed"`` (seeds a random generator), ``"switch"`` (an
        ``if`` tests it), ``"slice"`` (a slice bound or a ``range`` step: a batch size).
    """

    name: str
    default: Any
    uses: set[str] = field(default_factory=set)


NO_DEFAULT = object()
OTHER = object()


@dataclass
class ClassSource:
    """One class of the module, as written.

    Attributes
    ----------
    name : str
    line : int
    bases : list of str
        The base classes' names as written (``BaseEstimator``, ``Perceptron``).
    methods : dict
        Method name -> line, its own and those of the same file's base classes.
    nested : dict
        A function defined inside a method (``predict`` indented into ``fit``): its name
        -> (the method it is inside, its line).
    parameters : list of Parameter
        ``__init__``'s parameters after ``self`` (its own or a base class's).
    shuffles : bool
        The class calls a permutation or a shuffle somewhere.
    """

    name: str
    line: int
    bases: list[str] = field(default_factory=list)
    methods: dict[str, int] = field(default_factory=dict)
    nested: dict[str, tuple[str, int]] = field(default_factory=dict)
    parameters: list[Parameter] = field(default_factory=list)
    shuffles: bool = False

    def has(self, method: str) -> bool:
        """Whether the class (or a base of the same file) defines ``method``."""
        return method in self.methods


@dataclass
class ModuleSource:
    """The whole module: its classes, and the line that defines each top-level name."""

    classes: dict[str, ClassSource] = field(default_factory=dict)
    defined: dict[str, int] = field(default_factory=dict)
    nested: dict[str, tuple[str, int]] = field(default_factory=dict)
    """A function defined inside a top-level function: its name -> (that function, line)."""
    statements: list[tuple[int, int]] = field(default_factory=list)
    """The (first, last) line of each top-level statement."""

    def statement_at(self, line: int) -> tuple[int, int] | None:
        """The top-level statement that holds ``line``."""
        for start, end in self.statements:
            if start <= line <= end:
                return start, end
        return None


def read_source(text: bytes | str | None) -> tuple[ModuleSource | None, str | None]:
    """The module as written, or ``(None, why)`` when it does not parse.

    Returns
    -------
    (ModuleSource or None, str or None)
        The module, and the syntax error (``"SyntaxError: invalid syntax (line 12)"``)
        when there is one.
    """
    if text is None:
        return None, None
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        where = f" (adaline.py, line {exc.lineno})" if exc.lineno else ""
        return None, f"{type(exc).__name__}: {exc.msg}{where}"
    except (ValueError, RecursionError, MemoryError) as exc:
        return None, f"{type(exc).__name__}: {exc}"
    module = ModuleSource()
    for statement in tree.body:
        module.statements.append((statement.lineno, statement.end_lineno or statement.lineno))
        for name in _defines(statement):
            module.defined.setdefault(name, statement.lineno)
    functions = [
        node
        for node in _top_level(tree.body)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    for function in functions:
        for inner in ast.walk(function):
            if inner is not function and isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if inner.name not in module.defined:
                    module.nested.setdefault(inner.name, (function.name, inner.lineno))
    found = [node for node in _top_level(tree.body) if isinstance(node, ast.ClassDef)]
    raw = {node.name: node for node in found}
    for node in found:
        module.classes[node.name] = _read_class(node, raw)
    return module, None


def _top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """Top-level statements, looking into ``if``/``try`` blocks (not ``__main__``'s)."""
    out: list[ast.stmt] = []
    for statement in body:
        if isinstance(statement, ast.If):
            if _is_main_guard(statement.test):
                continue
            out += _top_level(statement.body) + _top_level(statement.orelse)
        elif isinstance(statement, ast.Try):
            out += _top_level(statement.body) + _top_level(statement.orelse)
        else:
            out.append(statement)
    return out


def _is_main_guard(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators)
    )


def _defines(statement: ast.stmt) -> list[str]:
    if isinstance(statement, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return [statement.name]
    if isinstance(statement, (ast.If, ast.Try)) and not (
        isinstance(statement, ast.If) and _is_main_guard(statement.test)
    ):
        return [n for s in _top_level([statement]) for n in _defines(s)]
    if isinstance(statement, ast.Assign):
        return [t.id for t in statement.targets if isinstance(t, ast.Name)]
    return []


def _base_names(node: ast.ClassDef) -> list[str]:
    names = []
    for base in node.bases:
        if isinstance(base, ast.Name):
            names.append(base.id)
        elif isinstance(base, ast.Attribute):
            names.append(base.attr)
        elif isinstance(base, ast.Subscript) and isinstance(base.value, ast.Name):
            names.append(base.value.id)
    return names


def _lineage(node: ast.ClassDef, raw: dict[str, ast.ClassDef]) -> list[ast.ClassDef]:
    """The class and its bases defined in the same file, nearest first."""
    out, pending, seen = [], [node], set()
    while pending:
        current = pending.pop(0)
        if current.name in seen:
            continue
        seen.add(current.name)
        out.append(current)
        pending += [raw[b] for b in _base_names(current) if b in raw and b != current.name]
    return out


def _read_class(node: ast.ClassDef, raw: dict[str, ast.ClassDef]) -> ClassSource:
    info = ClassSource(node.name, node.lineno, _base_names(node))
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
    for cls in reversed(_lineage(node, raw)):  # a subclass's methods win over its bases'
        for item in cls.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                info.methods[item.name] = item.lineno
                functions.append(item)
    for function in functions:
        for inner in ast.walk(function):
            if inner is not function and isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if inner.name not in info.methods:
                    info.nested.setdefault(inner.name, (function.name, inner.lineno))
    init = next((f for f in reversed(functions) if f.name == "__init__"), None)
    if init is not None:
        info.parameters = _parameters(init)
    attributes = _attribute_of_parameter(init) if init is not None else {}
    for function in functions:
        for sub in ast.walk(function):
            if isinstance(sub, ast.Call):
                name = _call_name(sub)
                if name in _SHUFFLERS:
                    info.shuffles = True
    by_name = {p.name: p for p in info.parameters}
    for function in functions:
        inside_init = function is init
        for use, names in _uses(function, attributes, set(by_name) if inside_init else set()):
            for name in names:
                if name in by_name and not (inside_init and use == "scale"):
                    by_name[name].uses.add(use)
    return info


def _parameters(init: ast.FunctionDef | ast.AsyncFunctionDef) -> list[Parameter]:
    args = init.args
    positional = [*args.posonlyargs, *args.args]
    defaults: list[Any] = [NO_DEFAULT] * (len(positional) - len(args.defaults)) + [
        _literal(d) for d in args.defaults
    ]
    out = [Parameter(a.arg, d) for a, d in zip(positional, defaults, strict=True)]
    out += [
        Parameter(a.arg, NO_DEFAULT if d is None else _literal(d))
        for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
    ]
    return out[1:] if out and out[0].name in ("self", "cls") else out


def _literal(node: ast.expr) -> Any:
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError):
        return OTHER
    return value if value is None or isinstance(value, (bool, int, float, str)) else OTHER


def _attribute_of_parameter(init: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, str]:
    """``self.<attr> = <param>`` (or a cast of it) in ``__init__``: attr -> param."""
    params = {a.arg for a in [*init.args.posonlyargs, *init.args.args, *init.args.kwonlyargs]}
    out: dict[str, str] = {}
    for node in ast.walk(init):
        if isinstance(node, ast.Assign):
            source = _parameter_in(node.value, params)
            if source is None:
                continue
            for target in node.targets:
                if (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == "self"
                ):
                    out[target.attr] = source
    return out


def _parameter_in(value: ast.expr, params: set[str]) -> str | None:
    """The parameter an assigned value is (``eta``, ``float(eta)``, ``eta or 0.01``)."""
    if isinstance(value, ast.Name) and value.id in params:
        return value.id
    if isinstance(value, ast.Call) and len(value.args) == 1:
        return _parameter_in(value.args[0], params)
    if isinstance(value, ast.BoolOp):
        found = [_parameter_in(v, params) for v in value.values]
        return next((f for f in found if f), None)
    return None


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _names_in(node: ast.AST, attributes: dict[str, str], local: set[str]) -> set[str]:
    """The parameters an expression reads (``self.<attr>`` or the bare parameter)."""
    out = set()
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Attribute)
            and isinstance(sub.value, ast.Name)
            and sub.value.id == "self"
            and sub.attr in attributes
        ):
            out.add(attributes[sub.attr])
        elif isinstance(sub, ast.Name) and sub.id in local:
            out.add(sub.id)
    return out


def _uses(
    function: ast.FunctionDef | ast.AsyncFunctionDef, attributes: dict[str, str], local: set[str]
) -> list[tuple[str, set[str]]]:
    """(use, parameters) for every telling use of a parameter in ``function``."""
    found: list[tuple[str, set[str]]] = []

    def names(node: ast.AST) -> set[str]:
        return _names_in(node, attributes, local)

    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name == "range" and node.args:
                bound = node.args[1] if len(node.args) >= 2 else node.args[0]
                found.append(("loop", names(bound)))
                if len(node.args) == 3:
                    found.append(("slice", names(node.args[2])))
            elif name in _SEEDERS:
                found.append(
                    ("seed", set().union(*(names(a) for a in node.args)) if node.args else set())
                )
                for keyword in node.keywords:
                    found.append(("seed", names(keyword.value)))
            elif name in ("normal", "uniform", "randn", "rand", "random"):
                for keyword in node.keywords:
                    if keyword.arg in ("random_state", "seed"):
                        found.append(("seed", names(keyword.value)))
        elif isinstance(node, ast.While):
            found.append(("loop", names(node.test)))
        elif isinstance(node, ast.If):
            test = node.test
            if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
                test = test.operand
            if isinstance(test, (ast.Name, ast.Attribute)):
                found.append(("switch", names(test)))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
            for side in (node.left, node.right):
                if isinstance(side, (ast.Name, ast.Attribute)):
                    found.append(("scale", names(side)))
        elif isinstance(node, ast.Slice):
            for bound in (node.lower, node.upper, node.step):
                if bound is not None:
                    found.append(("slice", names(bound)))
    return found
