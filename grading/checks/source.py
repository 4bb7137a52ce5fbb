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

__all__ = ["ClassSource", "MethodSource", "ModuleSource", "Parameter", "read_source"]

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
        ``if`` tests it), ``"slice"`` (a slice bound or a ``range`` step: a batch size),
        ``"compare"`` (an ``if`` or a ``while`` orders it against something: a tolerance).
    """

    name: str
    default: Any
    uses: set[str] = field(default_factory=set)


NO_DEFAULT = object()
OTHER = object()


@dataclass
class MethodSource:
    """What one method does, as written (enough to tell which method trains and which
    one predicts, whatever they are called).

    Attributes
    ----------
    name : str
    line : int
    parameters : list of Parameter
        Its parameters after ``self``, with their uses inside this method.
    positional : int
        How many positional parameters it takes after ``self``.
    required : int
        How many of those have no default.
    loops : bool
        It has a ``for`` or ``while`` loop (in a function nested in it too).
    breaks : bool
        It leaves a loop with ``break`` (an early stop).
    assigns : set of str
        The attributes of ``self`` it assigns (``self.w_ = ...``, ``self.w_[1:] += ...``).
    calls : set of str
        The methods it calls on ``self``.
    thresholds : bool
        It compares a value with a constant to pick a label (``np.where(z >= 0, 1, -1)``,
        ``np.sign``, ``(z >= 0.5).astype(int)``, ``1 if z >= 0 else -1``).
    linear : bool
        It returns a dot product of its argument with an attribute (a net input).
    bias_side : set of str
        Where it puts the bias: ``"first"`` for a column of ones before the features
        (``np.c_[np.ones(n), X]``) or an attribute read as ``w[0]``/``w[1:]``,
        ``"last"`` for ones after them or ``w[-1]``/``w[:-1]``.
    offsets : set of str
        The attributes of ``self`` a net input it returns adds to its dot product
        (``X.dot(self.weight) + self.cost``): the bias, whatever its name.
    """

    name: str
    line: int
    parameters: list[Parameter] = field(default_factory=list)
    positional: int = 0
    required: int = 0
    loops: bool = False
    breaks: bool = False
    assigns: set[str] = field(default_factory=set)
    calls: set[str] = field(default_factory=set)
    thresholds: bool = False
    linear: bool = False
    bias_side: set[str] = field(default_factory=set)
    offsets: set[str] = field(default_factory=set)


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
    functions : dict
        Method name -> :class:`MethodSource`, what each method does.
    none_compared : list of str
        Comparisons with None by ``==`` or ``!=`` (``self.weights != None``), as written:
        on an array they compare each entry, and an ``if`` on the result raises.
    """

    name: str
    line: int
    bases: list[str] = field(default_factory=list)
    methods: dict[str, int] = field(default_factory=dict)
    nested: dict[str, tuple[str, int]] = field(default_factory=dict)
    parameters: list[Parameter] = field(default_factory=list)
    shuffles: bool = False
    functions: dict[str, MethodSource] = field(default_factory=dict)
    none_compared: list[str] = field(default_factory=list)

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
    imports: dict[str, str] = field(default_factory=dict)
    """Each name an import binds -> the module or object it names (``import numpy`` ->
    ``{"numpy": "numpy"}``, ``import numpy as np`` -> ``{"np": "numpy"}``)."""
    trainers: dict[str, MethodSource] = field(default_factory=dict)
    """Top-level functions that train: a loop bounded by one of their parameters and a
    parameter that scales a step (``gradient_descent(X, y, theta, alpha, num_iters)``)."""
    loops: list[int] = field(default_factory=list)
    """The lines of top-level loops that update a name of the module (a script's
    ``for epoch in range(n_epochs): ... theta = theta - eta * gradients``), outside
    ``if __name__ == "__main__"``."""

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
        read = _read_method(function)
        uses = [p.uses for p in read.parameters]
        if any("loop" in u for u in uses) and any("scale" in u for u in uses):
            module.trainers[function.name] = read
    for statement in _top_level(tree.body):
        if isinstance(statement, (ast.For, ast.While)) and any(
            isinstance(node, (ast.Assign, ast.AugAssign)) for node in ast.walk(statement)
        ):
            module.loops.append(statement.lineno)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.partition(".")[0]
                module.imports.setdefault(bound, alias.name if alias.asname else bound)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if alias.name != "*":
                    module.imports.setdefault(
                        alias.asname or alias.name, f"{node.module}.{alias.name}"
                    )
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
            elif _compares_none(sub):
                info.none_compared.append(ast.unparse(sub))
    by_name = {p.name: p for p in info.parameters}
    for function in functions:
        inside_init = function is init
        for use, names in _uses(function, attributes, set(by_name) if inside_init else set()):
            for name in names:
                if name in by_name and not (inside_init and use == "scale"):
                    by_name[name].uses.add(use)
    for function in functions:
        info.functions[function.name] = _read_method(function)
    return info


def _compares_none(node: ast.AST) -> bool:
    """``x == None`` or ``x != None`` (either side)."""
    if not isinstance(node, ast.Compare) or len(node.ops) != 1:
        return False
    if not isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
        return False
    sides = (node.left, node.comparators[0])
    return any(isinstance(n, ast.Constant) and n.value is None for n in sides)


def _is_self(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def _self_attribute(target: ast.AST) -> str | None:
    """``self.a``, ``self.a[...]``, ``self.a.b`` -> ``a``."""
    while isinstance(target, (ast.Subscript, ast.Attribute)):
        if isinstance(target, ast.Attribute) and _is_self(target.value):
            return target.attr
        target = target.value
    return None


_LABEL_CALLS = ("where", "sign", "heaviside", "select", "piecewise")
_ONES = ("ones", "ones_like")


def _read_method(function: ast.FunctionDef | ast.AsyncFunctionDef) -> MethodSource:
    """What ``function`` does (its own body and the functions nested in it)."""
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    if positional and positional[0].arg in ("self", "cls"):
        positional = positional[1:]
    method = MethodSource(
        function.name,
        function.lineno,
        positional=len(positional),
        required=max(0, len(positional) - len(args.defaults)),
    )
    all_params = _parameters(function)
    method.parameters = all_params
    by_name = {p.name: p for p in all_params}
    for use, names in _uses(function, {}, set(by_name)):
        for name in names:
            if name in by_name:
                by_name[name].uses.add(use)
    first = positional[0].arg if positional else None
    for node in ast.walk(function):
        if isinstance(node, (ast.For, ast.While, ast.AsyncFor, ast.comprehension)):
            method.loops = method.loops or not isinstance(node, ast.comprehension)
        method.breaks = method.breaks or isinstance(node, ast.Break)
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign):
            targets = [t for target in node.targets for t in _unpacked(target)]
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            name = _self_attribute(target)
            if name is not None:
                method.assigns.add(name)
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and _is_self(func.value):
                method.calls.add(func.attr)
            name = _call_name(node)
            if name in _LABEL_CALLS and node.args and _compares_or_value(node.args[0], name):
                method.thresholds = True
            if name == "astype" and isinstance(func, ast.Attribute) and _compares(func.value):
                method.thresholds = True
            side = _ones_side(node)
            if side is not None:
                method.bias_side.add(side)
        elif isinstance(node, ast.IfExp) and _compares(node.test):
            method.thresholds = True
        elif isinstance(node, ast.Subscript):
            side = _bias_index(node)
            if side is not None:
                method.bias_side.add(side)
        elif isinstance(node, ast.Return) and node.value is not None:
            if _compares(node.value):
                method.thresholds = True
            if first is not None and _is_linear(node.value, first):
                method.linear = True
                method.offsets |= _added_attributes(node.value)
    return method


def _added_attributes(node: ast.AST) -> set[str]:
    """The plain ``self.<attr>`` terms of a sum (``X @ self.w + self.b`` -> ``{"b"}``)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        return _added_attributes(node.left) | _added_attributes(node.right)
    if isinstance(node, ast.Attribute) and _is_self(node.value):
        return {node.attr}
    return set()


def _unpacked(target: ast.AST) -> list[ast.AST]:
    if isinstance(target, (ast.Tuple, ast.List)):
        return [t for item in target.elts for t in _unpacked(item)]
    return [target]


def _compares(node: ast.AST) -> bool:
    """A comparison with a constant or an attribute (``z >= 0.0``, ``z > self.threshold``)."""
    if not isinstance(node, ast.Compare) or not all(
        isinstance(op, (ast.Gt, ast.GtE, ast.Lt, ast.LtE)) for op in node.ops
    ):
        return False
    sides = [node.left, *node.comparators]
    return any(
        (isinstance(s, ast.Constant) and isinstance(s.value, (int, float)))
        or (isinstance(s, ast.UnaryOp) and isinstance(s.operand, ast.Constant))
        or (isinstance(s, ast.Attribute) and _is_self(s.value))
        for s in sides
    )


def _compares_or_value(node: ast.AST, call: str) -> bool:
    """``np.where(z >= 0, ...)`` compares; ``np.sign(z)`` labels whatever its argument."""
    return _compares(node) or call in ("sign", "heaviside")


def _is_linear(node: ast.AST, argument: str) -> bool:
    """A dot product of ``argument`` with something (``np.dot(X, self.w_[1:]) + self.w_[0]``,
    ``X @ self.w``)."""
    for sub in ast.walk(node):
        uses = False
        if isinstance(sub, ast.BinOp) and isinstance(sub.op, ast.MatMult):
            uses = True
        elif isinstance(sub, ast.Call) and _call_name(sub) in ("dot", "matmul", "inner"):
            uses = True
        if uses and any(isinstance(n, ast.Name) and n.id == argument for n in ast.walk(sub)):
            return True
    return False


def _ones_side(call: ast.Call) -> str | None:
    """Where a column of ones goes when the call joins one to the features."""
    name = _call_name(call)
    parts: list[ast.AST] = []
    if name in ("hstack", "column_stack", "concatenate", "append") and call.args:
        first = call.args[0]
        parts = list(first.elts) if isinstance(first, (ast.Tuple, ast.List)) else list(call.args)
    elif name == "insert" and len(call.args) >= 3:
        index, value = call.args[1], call.args[2]
        if isinstance(value, ast.Constant) and value.value == 1:
            if isinstance(index, ast.Constant) and index.value == 0:
                return "first"
            return "last"
        return None
    if len(parts) < 2:
        return None
    ones = [i for i, part in enumerate(parts) if _is_ones(part)]
    if len(ones) != 1:
        return None
    return "first" if ones[0] == 0 else "last" if ones[0] == len(parts) - 1 else None


def _is_ones(node: ast.AST) -> bool:
    return any(isinstance(sub, ast.Call) and _call_name(sub) in _ONES for sub in ast.walk(node))


def _bias_index(node: ast.Subscript) -> str | None:
    """``w[0]``/``w[1:]`` -> "first", ``w[-1]``/``w[:-1]`` -> "last" (on ``self.<attr>``)."""
    if not (isinstance(node.value, ast.Attribute) and _is_self(node.value.value)):
        return None
    index = node.slice
    if isinstance(index, ast.Constant) and index.value == 0:
        return "first"
    if isinstance(index, ast.UnaryOp) and isinstance(index.op, ast.USub):
        operand = index.operand
        if isinstance(operand, ast.Constant) and operand.value == 1:
            return "last"
    if isinstance(index, ast.Slice) and index.step is None:
        lower, upper = index.lower, index.upper
        if upper is None and isinstance(lower, ast.Constant) and lower.value == 1:
            return "first"
        if (
            lower is None
            and isinstance(upper, ast.UnaryOp)
            and isinstance(upper.op, ast.USub)
            and isinstance(upper.operand, ast.Constant)
            and upper.operand.value == 1
        ):
            return "last"
    return None


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
    """``self.<attr> = <param>`` (or a cast of it) in ``__init__``, one at a time or
    unpacked (``self.eta, self.n_iter = eta, n_iter``): attr -> param."""
    params = {a.arg for a in [*init.args.posonlyargs, *init.args.args, *init.args.kwonlyargs]}
    out: dict[str, str] = {}
    for node in ast.walk(init):
        if not isinstance(node, ast.Assign):
            continue
        pairs: list[tuple[ast.expr, ast.expr]] = []
        for target in node.targets:
            if (
                isinstance(target, ast.Tuple)
                and isinstance(node.value, ast.Tuple)
                and len(target.elts) == len(node.value.elts)
            ):
                pairs += list(zip(target.elts, node.value.elts, strict=True))
            else:
                pairs.append((target, node.value))
        for target, value in pairs:
            source = _parameter_in(value, params)
            if (
                source is not None
                and isinstance(target, ast.Attribute)
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


def _ordered(test: ast.expr, names) -> list[tuple[str, set[str]]]:
    """``("compare", parameters)`` for each ordering comparison in a loop's or an ``if``'s
    test (``abs(old - new) < self.tol``): a stopping tolerance, not ``is None``."""
    return [
        ("compare", set().union(*(names(side) for side in [sub.left, *sub.comparators])))
        for sub in ast.walk(test)
        if isinstance(sub, ast.Compare)
        and all(isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)) for op in sub.ops)
    ]


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
            found += _ordered(node.test, names)
        elif isinstance(node, ast.If):
            found += _ordered(node.test, names)
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
