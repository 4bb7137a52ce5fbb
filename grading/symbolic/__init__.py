"""The symbolic checker of students' derivations (sympy)."""
