"""Finding imports of forbidden modules in a submission's source, read with ``ast``.

The child refuses such imports at run time too (an import hook); this scan lets
the message name the file and line, and catches imports that a failed call
would never reach.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ForbiddenImport", "find_forbidden_imports"]

_IMPORT_FUNCTIONS = {"__import__", "import_module"}


@dataclass(frozen=True)
class ForbiddenImport:
    """One import of a forbidden module: where, and what."""

    file: str
    line: int
    module: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}: imports {self.module}"


def _banned(name: str, forbidden: Sequence[str]) -> bool:
    return any(name == banned or name.startswith(banned + ".") for banned in forbidden)


def _imports(tree: ast.AST) -> list[tuple[int, str, int]]:
    """(line, module, relative level) of every import in ``tree``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name, 0) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            found.append((node.lineno, module, node.level))
            found.extend(
                (node.lineno, f"{module}.{alias.name}" if module else alias.name, node.level)
                for alias in node.names
                if alias.name != "*"
            )
        elif isinstance(node, ast.Call) and node.args:
            function = node.func
            name = getattr(function, "id", None) or getattr(function, "attr", None)
            first = node.args[0]
            if (
                name in _IMPORT_FUNCTIONS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.append((node.lineno, first.value, 0))
    return found


def find_forbidden_imports(
    folder: Path, module: str, forbidden: Sequence[str]
) -> list[ForbiddenImport]:
    """Forbidden imports in ``module``'s file and the local modules it imports.

    Parameters
    ----------
    folder : Path
        The submission's copy.
    module : str
        The graded module's name (``"adaline"``).
    forbidden : sequence of str
        Module names (``"gdgrade"``, ``"sklearn"``); a name forbids its submodules.

    Returns
    -------
    list of ForbiddenImport
        In file and line order; files that do not parse are skipped (the
        import in the child reports the syntax error).
    """
    found: list[ForbiddenImport] = []
    pending, seen = [module], set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        path = folder.joinpath(*name.split("."))
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        try:
            tree = ast.parse(path.read_bytes(), filename=path.name)
        except (OSError, SyntaxError, ValueError):
            continue
        shown = str(path.relative_to(folder))
        for line, imported, level in _imports(tree):
            if level == 0 and _banned(imported, forbidden):
                found.append(ForbiddenImport(shown, line, imported))
            local = imported.split(".")[0]
            if local and (
                (folder / f"{local}.py").is_file() or (folder / local / "__init__.py").is_file()
            ):
                pending.append(local)
    first: dict[tuple[str, int], ForbiddenImport] = {}
    for item in sorted(found, key=lambda item: (item.file, item.line, len(item.module))):
        first.setdefault((item.file, item.line), item)
    return list(first.values())
