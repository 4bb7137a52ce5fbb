"""No student string is ever evaluated as code.

Three proofs, over the whole table of answers, the table of notations
(``notation_table.py``: LaTeX, Unicode and plain text), a derivation's steps and
``derivation.py`` files:

1. For the whole run (numpy code pasted as an answer included), ``eval``,
   ``exec`` (except of a module file's code, which is how Python imports),
   ``compile`` to anything but an AST (``ast.parse`` compiles to an AST only),
   sympy's string parsers
   (``parse_expr``, which ``sympify`` of a string calls, and ``parse_latex``)
   raise and are recorded.  None is called.
2. A Python audit hook records every code object run (``exec`` events), every
   process started and every file opened for writing, during a second run of
   the table (after a first run has imported every lazily loaded module).  None.
3. The answers that would create a file if they were run, in sympy syntax, in
   LaTeX, as derivation steps and in ``derivation.py``: the file does not exist.

And a static check: the package's source calls none of these functions.
"""

from __future__ import annotations

import ast
import builtins
import sys
import types
from pathlib import Path

import pytest
import sympy.parsing.latex
import sympy.parsing.sympy_parser

from gdgrade.grading.symbolic import (
    check_gradient_answer,
    check_steps,
    check_update_answer,
    mistake_from_spec,
    read_derivation,
)

from . import notation_table
from .table import TABLE

PACKAGE = Path(__file__).resolve().parents[3] / "grading" / "symbolic"


class EvaluatedCode(BaseException):
    """Raised by the patched functions; a BaseException, so no `except Exception` hides it."""


_AUDIT: list[tuple[str, tuple]] = []
_AUDITING = [False]


def _audit(event: str, args: tuple) -> None:
    if not _AUDITING[0]:
        return
    if event == "exec" or event.startswith(("os.system", "os.exec", "os.spawn", "os.posix_spawn")):
        _AUDIT.append((event, args))
    elif event == "subprocess.Popen":
        _AUDIT.append((event, args))
    elif event == "open" and len(args) > 1 and isinstance(args[1], str):
        if any(flag in args[1] for flag in "wax+"):
            _AUDIT.append((event, args))


sys.addaudithook(_audit)  # hooks cannot be removed; it only records while _AUDITING


@pytest.fixture
def forbidden(monkeypatch):
    """eval, exec, code compilation and sympy's string parsers raise and are recorded."""
    calls: list[str] = []
    real_compile = builtins.compile

    def refuse(name):
        def raiser(*args, **kwargs):
            calls.append(name)
            raise EvaluatedCode(name)

        return raiser

    def ast_only_compile(source, filename, mode, flags=0, *args, **kwargs):
        if not flags & ast.PyCF_ONLY_AST:
            calls.append("compile")
            raise EvaluatedCode("compile")
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    real_exec = builtins.exec

    def module_exec(code, *args, **kwargs):
        """Importing a module runs its file's code object; nothing else may run."""
        if isinstance(code, types.CodeType) and Path(code.co_filename).is_file():
            return real_exec(code, *args, **kwargs)
        calls.append("exec")
        raise EvaluatedCode("exec")

    monkeypatch.setattr(builtins, "eval", refuse("eval"))
    monkeypatch.setattr(builtins, "exec", module_exec)
    monkeypatch.setattr(builtins, "compile", ast_only_compile)
    monkeypatch.setattr(builtins, "__import__", _watched_import(builtins.__import__, calls))
    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", refuse("parse_expr"))
    monkeypatch.setattr(sympy.parsing.sympy_parser, "eval_expr", refuse("eval_expr"))
    monkeypatch.setattr(sympy.parsing.latex, "parse_latex", refuse("parse_latex"))
    return calls


def _watched_import(real_import, calls):
    """__import__ of os/subprocess from a student's string would show up here."""

    def watched(name, *args, **kwargs):
        if name in ("os", "subprocess") and sys._getframe(1).f_code.co_filename.startswith("<"):
            calls.append(f"__import__({name})")
            raise EvaluatedCode(name)
        return real_import(name, *args, **kwargs)

    return watched


def _with_file(text: str, path: Path) -> str:
    return text.replace("FILE", str(path))


def _run_everything(path: Path) -> list[str]:
    """Every checker on every hostile or ordinary text; returns the verdict kinds."""
    kinds = []
    for row in TABLE:
        answer = _with_file(row.answer, path)
        checker = check_gradient_answer if row.target == "gradient" else check_update_answer
        kinds.append(checker(answer, row.convention).kind)
    for row in notation_table.TABLE:  # every notation people use, read the same way
        kinds.append(notation_table.check(row).kind)
    kinds.append(check_gradient_answer(rf"\input{{{path}}} \\ $\write18{{touch {path}}}$").kind)
    kinds.append(check_gradient_answer(f"∂J/∂w = __import__('os').system('touch {path}')").kind)
    for code in (  # numpy code is parsed with ast only, never compiled to run
        f"np.dot(X.T, __import__('os').system('touch {path}'))",
        f"grad = X.T @ open({str(path)!r}, 'w')",
        f"errors = y - output\nself.w_[1:] += exec('open({str(path)!r}, \"w\")')",
    ):
        kinds.append(check_gradient_answer(code).kind)
        kinds.append(check_steps([code]).kind)
    code = [_with_file(row.answer, path) for row in TABLE if "FILE" in row.answer]
    kinds.append(check_steps(["Derivative(J, w[j])", *code]).kind)
    kinds.append(check_steps(code).kind)
    touch = f"__import__('os').system('touch {path}')"
    source = (
        f"import os\nos.system('touch {path}')\n"
        f"gradient = {touch}\n"
        f'update = f"{{{touch}}}"\n'
        f"steps = [{touch!r}, open({str(path)!r}, 'w')]\n"
    )
    derivation = read_derivation(source)
    assert derivation.gradient is None and derivation.update is None
    assert derivation.steps is None and len(derivation.problems) == 3
    with pytest.raises(ValueError, match="does not read"):
        mistake_from_spec("trap", touch, "never run")
    return kinds


def test_no_answer_is_ever_evaluated_as_code(forbidden, tmp_path):
    target = tmp_path / "FILE"
    _run_everything(target)  # first run: lazily imported modules are loaded here
    _AUDITING[0] = True
    try:
        kinds = _run_everything(target)
    finally:
        _AUDITING[0] = False
    assert forbidden == []
    assert _AUDIT == []
    assert not target.exists()
    assert "ok" in kinds and "parse-error" in kinds  # the table really ran


def test_the_patches_would_catch_an_evaluation(forbidden):
    """The proof's instruments work: sympify of a string and eval are caught."""
    with pytest.raises(EvaluatedCode):
        sympy.sympify("x + 1")
    with pytest.raises(EvaluatedCode):
        eval("1")
    assert forbidden == ["parse_expr", "eval"]
    ast.parse("x + 1")  # compiling to an AST stays allowed


def test_the_audit_hook_would_see_code_run():
    _AUDITING[0] = True
    try:
        exec(compile("1 + 1", "<student>", "eval"))
    finally:
        _AUDITING[0] = False
    seen = [event for event, _ in _AUDIT]
    _AUDIT.clear()
    assert "exec" in seen


FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "sympify", "parse_expr", "S"}
FORBIDDEN_METHODS = {"eval", "exec", "sympify", "parse_expr", "parse_latex", "system", "Popen"}


@pytest.mark.parametrize("module", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_the_package_calls_no_evaluator(module):
    """Static: no call of eval/exec/compile/sympify/parse_expr/S(...) in the source."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name):
            assert func.id not in FORBIDDEN_CALLS, f"{module.name}:{node.lineno} calls {func.id}"
        elif isinstance(func, ast.Attribute):
            assert func.attr not in FORBIDDEN_METHODS, f"{module.name}:{node.lineno}: {func.attr}"
