r"""Run a code answer's statements and loops on symbols, never on numbers, into its results.

Code that adds the gradient up one sample at a time is read by running it once on symbols::

    dj_dw = 0
    for i in range(m):
        f_wb = w * x[i] + b
        dj_dw += (f_wb - y[i]) * x[i]
    dj_dw = dj_dw / m

Each name holds a tree (a :mod:`.latex` node) instead of a number.  A loop over the samples
(``for i in range(m)`` with ``m`` the number of samples, ``for xi, yi in zip(x, y)``) is run
once with the sample written ``i`` (``x[i]`` is :math:`x_i`); a name that held a value
before the loop and ends the loop as that value plus a term is an accumulator, and holds
its value plus :math:`\sum_i` of the term after the loop.  A loop over the features
(``for j in range(n)``) names the component ``j`` of the vectors it fills
(``dj_dw[j] = dj_dw[j] + err * X[i, j]``).  The results are the names returned, or else the
names nothing reads after; each becomes one statement, read as the code reader reads any.

Nothing is run, so nothing is proved unless it is the one reading: a name changed inside a
loop over the samples other than by adding to it, read there while it is being added to,
added to before it has a value, the weights changed inside that loop (one step per
sample), a return or a branch inside a loop, a loop over anything else: each is refused
with a message naming it.  A name assigned (not added to) inside the loop keeps the last
sample's value, so the sample index is left free and the answer is judged as a sum
forgotten.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .errors import ParseError
from .interpret import walk
from .latex import Add, Node, Num, Op, Paren, Prod, Scripted, Sym

__all__ = [
    "EPOCH",
    "FEATURE",
    "SAMPLE",
    "WEIGHTS",
    "Loops",
    "assigned_names",
    "placeholder",
    "range_bound",
    "read_names",
    "sum_over_samples",
    "weight_part",
]

SAMPLE = "i"
"""The letter of the sample index in the trees the loops give."""
FEATURE = "j"
"""The letter of the feature index (the component of the gradient)."""
EPOCH = "epoch"
"""The kind of a loop over the epochs (``for _ in range(n_iter)``): its body is one step."""
WEIGHTS = frozenset(
    {"w", "W", "weights", "weight", "theta", "coef_", "beta", "w_", "params", "omega"}
)
"""Names of the weights (``w_[0]`` of them is the bias, ``w_[1:]`` the weights without it)."""
_HELD = "⟨{}⟩"  # a name's value before the loop: no identifier can be written so

MAX_STATEMENTS = 200
"""Most statements run (loops run once each): a longer answer is refused before it is read."""


def placeholder(name: str) -> Sym:
    """The symbol that stands for ``name``'s value before a loop."""
    return Sym(0, _HELD.format(name), word=True)


def _holds(node: Node, names: set[str]) -> set[str]:
    """The placeholders of ``names`` found in ``node``."""
    held = {_HELD.format(name): name for name in names}
    return {held[part.name] for part in walk(node) if isinstance(part, Sym) and part.name in held}


def sum_over_samples(col: int, body: Node) -> Node:
    r""":math:`\sum_i` (body)."""
    index = Scripted(col, Op(col, "sum"), (("sub", (Sym(col, SAMPLE),)),))
    return Prod(col, (("mul", False, index), ("mul", False, Paren(col, body))))


def range_bound(it: ast.expr) -> ast.expr | None:
    """``K`` of ``range(K)``, ``range(0, K)``, ``np.arange(K)``; None for another iterable."""
    if not (
        isinstance(it, ast.Call)
        and not it.keywords
        and isinstance(it.func, (ast.Name, ast.Attribute))
    ):
        return None
    if ast.unparse(it.func) not in ("range", "np.arange", "numpy.arange"):
        return None
    args = it.args
    if len(args) == 2 and isinstance(args[0], ast.Constant) and args[0].value == 0:
        args = args[1:]
    return args[0] if len(args) == 1 else None


def weight_part(target: ast.expr) -> str | None:
    """``'b'`` for ``w[0]`` (``self.w_[0]``, ``theta[0]``), ``'w'`` for ``w[1:]``: the part of
    a weight vector that holds the bias first; None for anything else."""
    if not isinstance(target, ast.Subscript) or _base_name(target) not in WEIGHTS:
        return None
    index = target.slice
    if isinstance(index, ast.Constant) and type(index.value) is int and index.value == 0:
        return "b"
    if (
        isinstance(index, ast.Slice)
        and isinstance(index.lower, ast.Constant)
        and index.lower.value == 1
        and index.upper is None
        and index.step is None
    ):
        return "w"
    return None


def _increments(node: Node, name: str) -> list[tuple[bool, Node]] | None:
    """The terms added to ``name``'s placeholder in ``node`` (``P + a - b``: a, -b); None when
    ``node`` is not the placeholder plus terms that do not hold it."""
    while isinstance(node, Paren):
        node = node.inner
    if isinstance(node, Sym) and node.name == _HELD.format(name):
        return []
    if not isinstance(node, Add):
        return None
    holding = [k for k, (_, term) in enumerate(node.terms) if _holds(term, {name})]
    if len(holding) != 1 or node.terms[holding[0]][0]:
        return None
    inner = _increments(node.terms[holding[0]][1], name)
    if inner is None:
        return None
    return inner + [term for k, term in enumerate(node.terms) if k != holding[0]]


@dataclass
class Loops:
    """The state of a run: what each name holds, the loop indices, the names filled one
    component at a time.

    ``read`` turns an expression into a tree (the code reader, which looks names up in
    ``env``); ``known`` says whether a name the code never set is read as something (the
    data, the weights) rather than an unknown.
    """

    read: Callable[[ast.expr], Node]
    refuse: Callable[[ast.AST, str], ParseError]  # a construct not read
    stop: Callable[[ast.AST, str], ParseError]  # code read, and refused: the message says why
    known: Callable[[str], bool]
    env: dict[str, Node] = field(default_factory=dict)
    indices: dict[str, str] = field(default_factory=dict)  # loop variable -> SAMPLE | FEATURE
    components: set[str] = field(default_factory=set)  # filled as name[j]
    sample_count: Callable[[ast.expr], bool] = lambda node: False
    feature_count: Callable[[ast.expr], bool] = lambda node: False
    points: Callable[[str], bool] = lambda name: False  # a two-column array of (x, y) rows
    rows: set[str] = field(default_factory=set)  # ``point`` of ``for point in points``
    notes: list[str] = field(default_factory=list)
    steps: int = 0
    epoch: Callable[[ast.For], bool] = lambda stmt: False  # a loop over the epochs
    param: Callable[[str], bool] = lambda name: False  # a name of the weights or the bias
    updated: set[str] = field(default_factory=set)  # parameters a step has changed
    history: set[str] = field(default_factory=set)  # lists of the epochs' costs, never read
    epoch_loops: list[ast.For] = field(default_factory=list)  # the loops read as one step

    # -- statements ------------------------------------------------------
    def run(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            self.statement(stmt)

    def statement(self, stmt: ast.stmt) -> None:
        self.steps += 1
        if self.steps > MAX_STATEMENTS:
            raise self.refuse(stmt, f"code of more than {MAX_STATEMENTS} statements")
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            return  # a docstring
        if _logs(stmt, bool(self.indices) and list(self.indices.values())[-1] == EPOCH):
            self.note(
                f"'{ast.unparse(stmt).splitlines()[0]}' is not read: it records or prints, and "
                f"does not change the weights"
            )
            return
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.value, ast.List)
            and not stmt.value.elts
        ):
            self.history.add(self.target_name(stmt.targets[0]))  # cost_ = []: a record
            return
        if isinstance(stmt, ast.Assign) and self.recorded(stmt):
            return
        if isinstance(stmt, ast.For):
            self.loop(stmt)
            return
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            if isinstance(target, ast.Tuple) and isinstance(stmt.value, ast.Tuple):
                pairs = list(zip(target.elts, stmt.value.elts, strict=False))
                if len(target.elts) == len(stmt.value.elts):  # x, y = points[i, 0], points[i, 1]
                    values = [self.start(t, v) for t, v in pairs]
                    for item, value in zip(target.elts, values, strict=True):
                        self.assign(item, value)
                    return
            self.assign(target, self.start(target, stmt.value))
            return
        if isinstance(stmt, ast.AugAssign) and isinstance(
            stmt.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)
        ):
            name = self.target_name(stmt.target)
            if name not in self.env and not self.known(name):
                raise self.stop(
                    stmt,
                    f"{name} is added to before it is given a value: set it to 0 before the "
                    f"loop ('{ast.unparse(stmt).splitlines()[0]}')",
                )
            combined = ast.BinOp(stmt.target, stmt.op, stmt.value)
            ast.copy_location(combined, stmt)
            self.assign(stmt.target, self.read(_loaded(combined)))
            return
        if isinstance(stmt, ast.Return):
            raise self.stop(
                stmt, "a return inside the loop ends it at the first sample: return after the loop"
            )
        raise self.refuse(stmt, f"the statement '{ast.unparse(stmt).splitlines()[0]}'")

    def recorded(self, stmt: ast.Assign) -> bool:
        """``J_history[i] = cost(...)``: a record by the epoch's index, never read."""
        target = stmt.targets[0]
        epochs = {var for var, kind in self.indices.items() if kind == EPOCH}
        if (
            len(stmt.targets) == 1
            and isinstance(target, ast.Subscript)
            and isinstance(target.slice, ast.Name)
            and target.slice.id in epochs
        ):
            name = _base_name(target)
            if name is not None and not self.param(name):
                self.history.add(name)
                self.note(f"'{ast.unparse(target)} = …' is not read: a record of the epochs")
                return True
        return False

    def start(self, target: ast.expr, value: ast.expr) -> Node:
        """The value of an assignment; ``np.zeros(…)`` starts a sum at 0, a random start is
        refused by name."""
        call = value if isinstance(value, ast.Call) else None
        func = ast.unparse(call.func) if call is not None else ""
        if re.fullmatch(r"(np\.|numpy\.)?(zeros|zeros_like)", func):
            return Num(0, 0)
        if re.match(r"(np\.|numpy\.)random\.", func):
            name = ast.unparse(target)
            raise self.stop(
                value, f"{name} starts at {ast.unparse(value)}: a sum must start at 0 (np.zeros(…))"
            )
        return self.read(value)

    def target_name(self, target: ast.expr) -> str:
        """The name assigned: ``a`` for ``a`` and for ``a[j]`` inside the loop over j."""
        if isinstance(target, ast.Name):
            if target.id in self.indices:
                raise self.refuse(target, f"the loop index {target.id} assigned")
            return target.id
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            if target.value.id == "self":
                return target.attr
        if (
            isinstance(target, ast.Subscript)
            and isinstance(target.value, ast.Name)
            and isinstance(target.slice, ast.Name)
            and self.indices.get(target.slice.id) == FEATURE
        ):
            return target.value.id
        part = weight_part(target)
        if part is not None:
            reading = "the bias b (w_0)" if part == "b" else "the weights w_1..w_m (the bias apart)"
            self.note(f"{ast.unparse(target)} is read as {reading}")
            return part
        if isinstance(target, ast.Subscript) and _base_name(target) in WEIGHTS:
            raise self.stop(
                target,
                f"the weight {ast.unparse(target)} is changed by number: write the step of every "
                f"weight at once (w = w - eta * X.T @ e), or in a loop over the features j, with "
                f"w[0] the bias and w[1:] the other weights",
            )
        raise self.refuse(target, f"the assignment to '{ast.unparse(target)}'")

    def assign(self, target: ast.expr, value: Node) -> None:
        name = self.target_name(target)
        if isinstance(target, ast.Subscript) and weight_part(target) is None:
            self.components.add(name)
        if any(kind == EPOCH for kind in self.indices.values()) and self.param(name):
            self.updated.add(name)
        self.env[name] = value

    # -- loops -----------------------------------------------------------
    def loop(self, stmt: ast.For) -> None:
        if stmt.orelse:
            raise self.refuse(stmt, "a for loop with an else")
        active = set(self.indices.values())
        kind, bound = self.loop_kind(stmt)
        if kind == EPOCH:
            self.epochs(stmt, active)
            return
        if kind in active:  # two indices would both be written i (or j)
            where = "samples" if kind == SAMPLE else "features"
            raise self.stop(stmt, f"a loop over the {where} inside another loop over the {where}")
        assigned = assigned_names(stmt.body)
        before = dict(self.env)
        held = {name for name in assigned if name in self.env or self.known(name)}
        held -= set(bound)
        if kind == FEATURE:  # a[j] = …: component j, not a value carried from one j to the next
            held -= {name for name in assigned if _filled_by_component(stmt.body, name)}
        for name in held:
            self.env[name] = placeholder(name)
        self.env.update(bound)
        variable = stmt.target.id if isinstance(stmt.target, ast.Name) else _SAMPLE_VAR
        if variable in self.rows:
            variable = _SAMPLE_VAR
        self.indices[variable] = kind
        try:
            self.run(stmt.body)
        finally:
            del self.indices[variable]
            if isinstance(stmt.target, ast.Name):
                self.rows.discard(stmt.target.id)
        for name in bound:
            self.env.pop(name, None)
        self.finish(stmt, kind, assigned, held, before)

    def epochs(self, stmt: ast.For, active: set[str]) -> None:
        """A loop over the epochs, read as one step: its body once, from the weights as they
        are (whatever they started at), its index never read."""
        if active:
            raise self.stop(stmt, "a loop over the epochs inside another loop: write one step")
        variable = stmt.target.id if isinstance(stmt.target, ast.Name) else ""
        self.note(
            f"the loop '{ast.unparse(stmt).splitlines()[0]}' is read as one step: its body "
            f"once, from the weights as they are"
        )
        changed = set(assigned_names(stmt.body))
        read = read_names(stmt.body)
        for name in sorted(read - changed):
            if self.param(name) and name != "m":  # m: the slope, or a count of samples
                raise self.stop(
                    stmt,
                    f"{name} is read in the loop over the epochs and never changed there: the "
                    f"rule steps every weight, the bias too",
                )
            value = self.env.get(name)
            if value is not None and any(
                isinstance(part, Sym) and part.name in ("w", "b") for part in walk(value)
            ):
                raise self.stop(
                    stmt,
                    f"{name} is computed from the weights before the loop over the epochs and "
                    f"never again inside it, so every epoch steps with the first epoch's {name}: "
                    f"compute it inside the loop",
                )
        for name in changed:
            if self.param(name):
                self.env.pop(name, None)  # the step starts from the weights, not their start
        for target in _targets(stmt.body):
            whole = _base_name(target)
            if weight_part(target) is not None and whole not in assigned_names(stmt.body):
                self.history.add(whole)  # w = np.zeros(…) before a loop that steps w[0], w[1:]
        self.epoch_loops.append(stmt)
        self.indices[variable] = EPOCH
        try:
            self.run(stmt.body)
        finally:
            del self.indices[variable]

    def finish(
        self,
        stmt: ast.For,
        kind: str,
        assigned: list[str],
        held: set[str],
        before: dict[str, Node],
    ) -> None:
        """The values after the loop, from the values after one pass of its body."""
        after: dict[str, Node] = {}
        for name in sorted(held - set(before)):  # w = w - …: the weights read and changed
            if self.env[name] != placeholder(name) and any(
                _holds(self.env[other], {name}) for other in assigned
            ):
                raise self.stop(
                    stmt,
                    f"{name} is read and changed inside the loop, so each sample sees another "
                    f"{name}: that is one step per sample, not the batch rule; add up the "
                    f"gradient in the loop and change {name} after it",
                )
        for name in assigned:
            value = self.env[name]
            if name not in held:
                read = _holds(value, held)
                if read:
                    raise self.stop(
                        stmt,
                        f"{_listed(read)} is read inside the loop (by {name}) while the loop "
                        f"changes it: only add to it there",
                    )
                after[name] = value
                continue
            terms = _increments(value, name)
            others = _holds(value, held - {name})
            where = "samples" if kind == SAMPLE else "features"
            if others:
                raise self.stop(
                    stmt,
                    f"{name} reads {_listed(others)} inside the loop over the {where} while the "
                    f"loop changes it: only add to it there",
                )
            if terms is None and _holds(value, {name}):
                raise self.stop(
                    stmt,
                    f"{name} is changed other than by adding to it inside the loop over the "
                    f"{where}: add up the terms in the loop, and divide after it",
                )
            if name not in before:
                after[name] = value  # x = points[i, 0]: a name of the sample
                continue
            if terms is None:  # assigned, not added to: the last sample's value
                self.note(
                    f"{name} is assigned in the loop, not added to: it keeps one sample's value"
                )
                after[name] = value
                continue
            if kind == FEATURE:
                raise self.stop(
                    stmt,
                    f"{name} is added up over the features j: write the net input as "
                    f"np.dot(X[i], w)",
                )
            if not terms:
                after[name] = before[name]
                continue
            total = sum_over_samples(0, Add(0, tuple(terms)))
            start = before[name]
            after[name] = (
                total
                if isinstance(start, Num) and start.value == 0
                else Add(0, ((False, Paren(0, start)), (False, total)))
            )
            self.note(f"{name} is read as the sum over the samples i of what the loop adds to it")
        self.env.update(after)

    def loop_kind(self, stmt: ast.For) -> tuple[str, dict[str, Node]]:
        """SAMPLE or FEATURE, and the names the loop gives each sample (``zip(x, y)``)."""
        it = stmt.iter
        if (
            isinstance(it, ast.Call)
            and isinstance(it.func, ast.Name)
            and it.func.id == "range"
            and not it.keywords
            and isinstance(stmt.target, ast.Name)
        ):
            args = it.args
            if len(args) == 2 and isinstance(args[0], ast.Constant) and args[0].value == 0:
                args = args[1:]
            if len(args) == 1:
                if self.sample_count(args[0]):
                    self.note(f"{ast.unparse(stmt.iter)} is read as the loop over the samples i")
                    return SAMPLE, {}
                if self.feature_count(args[0]):
                    self.note(f"{ast.unparse(stmt.iter)} is read as the loop over the features j")
                    return FEATURE, {}
        if isinstance(stmt.target, ast.Name) and self.epoch(stmt):
            return EPOCH, {}
        if (
            isinstance(it, ast.Name)
            and self.points(it.id)
            and isinstance(stmt.target, ast.Name)
            and stmt.target.id not in self.env
        ):  # for point in points: point[0], point[1]
            self.rows.add(stmt.target.id)
            self.note(f"for {stmt.target.id} in {it.id} is read as the loop over the samples i")
            return SAMPLE, {}
        if (
            isinstance(it, ast.Call)
            and isinstance(it.func, ast.Name)
            and it.func.id == "zip"
            and not it.keywords
            and isinstance(stmt.target, ast.Tuple)
            and len(stmt.target.elts) == len(it.args) == 2
            and all(isinstance(t, ast.Name) for t in stmt.target.elts)
        ):
            bound = {}
            self.indices[_SAMPLE_VAR] = SAMPLE
            for item, data in zip(stmt.target.elts, it.args, strict=True):
                bound[item.id] = self.read(
                    ast.copy_location(
                        ast.Subscript(data, ast.Name(_SAMPLE_VAR, ast.Load()), ast.Load()), data
                    )
                )
            self.note(f"{ast.unparse(stmt.iter)} is read as the loop over the samples i")
            return SAMPLE, bound
        raise self.refuse(
            stmt,
            f"the loop '{ast.unparse(stmt).splitlines()[0]}' (a loop is read over the samples, "
            f"range(m) with m = len(y) or X.shape[0], or zip(X, y); or over the features, "
            f"range(n) with m, n = X.shape)",
        )

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


_SAMPLE_VAR = "⟨sample⟩"  # the index of zip(X, y)'s sample, which the student does not name


def _loaded(node: ast.expr) -> ast.expr:
    """``node`` with its targets read (``a += t`` as ``a + t``)."""
    for part in ast.walk(node):
        if hasattr(part, "ctx"):
            part.ctx = ast.Load()
    return node


def _targets(body: list[ast.stmt]) -> Iterator[ast.expr]:
    """The targets a block assigns, loops' bodies included, in order."""
    for stmt in _statements(body):
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                yield from target.elts if isinstance(target, ast.Tuple) else [target]
        elif isinstance(stmt, ast.AugAssign):
            yield stmt.target


def assigned_names(body: list[ast.stmt]) -> list[str]:
    """The names a block assigns (``a``, ``a[j]``, ``self.a``; ``w[0]`` and ``w[1:]`` as the
    bias ``b`` and the weights ``w``), in order, each once."""
    out: list[str] = []
    for target in _targets(body):
        name = weight_part(target) or _base_name(target)
        if name is not None and name not in out:
            out.append(name)
    return out


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    for stmt in body:
        yield stmt
        if isinstance(stmt, ast.For):
            yield from _statements(stmt.body)


def _base_name(target: ast.expr) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Subscript):
        return (
            _base_name(target.value)
            if isinstance(target.value, (ast.Name, ast.Attribute))
            else None
        )
    if (
        isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == "self"
    ):
        return target.attr
    return None


def _filled_by_component(body: list[ast.stmt], name: str) -> bool:
    """Whether ``body`` assigns ``name`` only as ``name[j]``."""
    found = False
    for stmt in _statements(body):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else []
        if isinstance(stmt, ast.AugAssign):
            targets = [stmt.target]
        for target in targets:
            if _base_name(target) != name:
                continue
            if not isinstance(target, ast.Subscript):
                return False
            found = True
    return found


def read_names(body: list[ast.stmt]) -> set[str]:
    """The names a block reads (``a``, ``self.a``; ``w[0]`` and ``w[1:]`` as ``b`` and ``w``)."""
    out: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.stmt) and _logs(node, epoch=True):
            return  # print(self.w_): not read
        if isinstance(node, ast.Subscript) and weight_part(node) is not None:
            if isinstance(node.ctx, ast.Load):
                out.add(str(weight_part(node)))
            return  # w[0] written or read: not the whole w
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            out.add(node.id)
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Load)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
        ):
            out.add(node.attr)
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    for stmt in body:
        visit(stmt)
    return out


def _logs(stmt: ast.stmt, epoch: bool = False) -> bool:
    """``print(…)``, ``cost_.append(…)``, or an ``if`` doing only that (or, in the loop over
    the epochs, ``break``): a statement that records or prints and changes no value."""
    if isinstance(stmt, ast.Pass) or (epoch and isinstance(stmt, (ast.Break, ast.Continue))):
        return True
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func
        return (isinstance(func, ast.Name) and func.id == "print") or (
            isinstance(func, ast.Attribute) and func.attr == "append"
        )
    if isinstance(stmt, ast.If):
        return all(_logs(inner, epoch) for inner in stmt.body + stmt.orelse)
    return False


def _listed(names: set[str]) -> str:
    return ", ".join(sorted(names))
