"""The packages' lazily exported names: imported on first use, and only then."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gdgrade.grading.lazy import lazy_exports


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize(
    ("package", "name", "module", "heavy"),
    [
        ("gdgrade.grading.reports", "render_feedback", "html", "jinja2"),
        ("gdgrade.grading.symbolic", "check_steps", "steps", "sympy"),
    ],
)
def test_a_name_imports_its_module_on_first_use_only(package, name, module, heavy):
    out = _run(
        f"import sys, {package} as p\n"
        f"print('{package}.{module}' in sys.modules, '{heavy}' in sys.modules)\n"
        f"value = p.{name}\n"
        f"print('{package}.{module}' in sys.modules, value is p.{name}, '{name}' in vars(p))\n"
    )
    assert out.splitlines() == ["False False", "True True True"]


def test_unknown_names_raise_and_dir_lists_the_exports(monkeypatch):
    import types

    package = types.ModuleType("fake_package")
    package.__all__ = ["thing"]
    monkeypatch.setitem(sys.modules, "fake_package", package)
    monkeypatch.setitem(sys.modules, "fake_package.part", types.ModuleType("fake_package.part"))
    sys.modules["fake_package.part"].thing = 42
    getattr_, dir_ = lazy_exports("fake_package", {"thing": "part"})
    assert "thing" in dir_()
    with pytest.raises(AttributeError, match="has no attribute 'other'"):
        getattr_("other")
    assert getattr_("thing") == 42
    assert package.thing == 42  # kept: later uses are plain attribute reads
