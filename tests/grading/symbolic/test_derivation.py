"""Reading derivation.py from its syntax tree, never running it."""

from __future__ import annotations

from gdgrade.grading.symbolic import Derivation, read_derivation

G = "-Sum((y[i] - phi(z[i]))*x[i, j], (i, 1, n))"


def test_plain_strings():
    d = read_derivation(f'gradient = "{G}"\nupdate = "eta"\nsteps = ["a", "b"]\n')
    assert d == Derivation(G, "eta", ["a", "b"], [])


def test_implicit_concatenation_and_triple_quotes():
    source = (
        'gradient = ("-Sum((y[i] - phi(z[i]))*x[i, j],"\n'
        '            " (i, 1, n))")\n'
        'update = r"""\\eta \\sum_i\n  (y_i - z_i) x_{ij}"""\n'
        "steps = ('a', 'b')\n"
    )
    d = read_derivation(source)
    assert d.gradient == G
    assert d.update == "\\eta \\sum_i\n  (y_i - z_i) x_{ij}"
    assert d.steps == ["a", "b"] and d.problems == []


def test_what_would_need_running_is_reported():
    source = "g = 'x'\ngradient = f'{g}'\nupdate = 'eta' + '*2'\nsteps = {'a': 1}\n"
    d = read_derivation(source)
    assert (d.gradient, d.update, d.steps) == (None, None, None)
    assert d.problems == [
        "'gradient' must be a string (got an f-string, which would need running the code)",
        "'update' must be a string (got an expression, which would need running the code; "
        "write one string)",
        "'steps' must be a list of strings (got a dict)",
    ]


def test_names_calls_and_bad_items():
    d = read_derivation("gradient = G\nupdate = str(1)\nsteps = ['a', 2]\n")
    assert d.problems == [
        "'gradient' must be a string (got a name, which would need running the code)",
        "'update' must be a string (got a call, which would need running the code)",
        "'steps' item 2 must be a string (got a number)",
    ]


def test_syntax_error_names_the_line():
    d = read_derivation("gradient = 'a'\n\nupdate = (\n")
    assert d == Derivation(None, None, None, [d.problems[0]])
    assert d.problems[0].startswith("derivation.py has a syntax error at line 3")


def test_annotations_tuples_and_reassignment():
    source = "gradient: str = 'a'\nupdate, steps = 'u', ['s']\ngradient = 'b'\n"
    d = read_derivation(source)
    assert (d.gradient, d.update, d.steps) == ("b", "u", ["s"])
    assert d.problems == ["'gradient' is assigned 2 times (lines 1, 3); the last one is used"]


def test_only_module_level_assignments_count():
    d = read_derivation("def f():\n    gradient = 'a'\nif True:\n    update = 'b'\n")
    assert d == Derivation(None, None, None, [])


def test_missing_names_are_none_without_a_problem():
    assert read_derivation("# nothing yet\n") == Derivation(None, None, None, [])


def test_bytes_and_huge_sources():
    assert read_derivation(b"gradient = 'a'").gradient == "a"
    d = read_derivation("#" * 300_000)
    assert d.gradient is None and "characters long" in d.problems[0]


def test_hostile_sources_do_not_crash():
    deep = "gradient = " + "(" * 5000 + "'a'" + ")" * 5000
    d = read_derivation(deep)
    assert d.gradient is None and d.problems
    assert read_derivation("gradient = 'a\0'").problems or True  # a NUL byte is reported
