"""The static scan for forbidden imports, in the module and the local modules it imports."""

from __future__ import annotations

from gdgrade.grading.sandbox.imports import find_forbidden_imports


def test_finds_every_form_of_import(tmp_path):
    (tmp_path / "adaline.py").write_text(
        "import numpy as np\n"
        "import gdgrade\n"
        "from gdgrade.reference import gradient\n"
        "import importlib\n"
        "def f():\n"
        "    import sklearn.linear_model\n"
        "    return importlib.import_module('gdgrade.reference')\n"
        "from . import sibling\n"
        "import gdgradebook\n"
    )
    found = find_forbidden_imports(tmp_path, "adaline", ["gdgrade", "sklearn"])
    assert [(item.line, item.module) for item in found] == [
        (2, "gdgrade"),
        (3, "gdgrade.reference"),
        (6, "sklearn.linear_model"),
        (7, "gdgrade.reference"),
    ]
    assert str(found[0]) == "adaline.py, line 2: imports gdgrade"


def test_follows_local_modules_only(tmp_path):
    (tmp_path / "adaline.py").write_text("from helpers import f\nimport numpy\n")
    (tmp_path / "helpers.py").write_text("from gdgrade import reference as f\n")
    (tmp_path / "unrelated.py").write_text("import gdgrade\n")
    found = find_forbidden_imports(tmp_path, "adaline", ["gdgrade"])
    assert [(item.file, item.line) for item in found] == [("helpers.py", 1)]


def test_unparsable_or_missing_files_are_skipped(tmp_path):
    (tmp_path / "adaline.py").write_text("import gdgrade\ndef broken(:\n")
    assert find_forbidden_imports(tmp_path, "adaline", ["gdgrade"]) == []
    assert find_forbidden_imports(tmp_path, "missing", ["gdgrade"]) == []
