"""The symbolic checker of students' derivations (sympy).

A student's ``derivation.py`` is read with :func:`read_derivation` (the ast
module, never executed).  Its answers are checked against the gradient and the
update that sympy derives from the assignment's cost:

- :func:`check_gradient_answer` and :func:`check_update_answer` for dJ/dw_j and
  Δw_j, in sympy syntax or as people write them: LaTeX, Unicode or plain text, in
  any common notation (:mod:`.normalise`, :mod:`.latex`, :mod:`.interpret`), scalar
  or vector, chains and update rules, each assumption stated in the feedback;
- :func:`check_steps` for the derivation, line by line.

The sizes (n, m, j) at which answers are compared are chosen from each answer
(:mod:`.sizes`), so that a right verdict holds for every n and m; all the work
on one submission draws on one :class:`Budget`.

Each returns a :class:`SymbolicVerdict`.  Wrong answers that match a known
mistake exactly (:data:`CATALOGUE`, or an instructor's :func:`mistake_from_spec`
entry) get that mistake's message.

No student string is ever evaluated as code: the readers build sympy objects
from the :mod:`ast` tree (allow-listed) and from a lark parse tree, and never
call ``eval``, ``exec``, ``sympify`` or ``parse_expr``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gdgrade.grading.lazy import lazy_exports

if TYPE_CHECKING:
    from .answers import check_gradient_answer, check_update_answer
    from .concrete import Size
    from .derivation import Derivation, read_derivation
    from .derive import Reference, reference
    from .equivalence import DEFAULT_SIZES
    from .errors import SpecError
    from .interpret import Letters
    from .limits import DEFAULT_LIMITS, Budget, Limits
    from .mistakes import CATALOGUE, Mistake, catalogue, mistake_from_spec
    from .steps import check_steps
    from .verdict import KINDS, SymbolicVerdict

_WHERE = {
    "check_gradient_answer": "answers",
    "check_update_answer": "answers",
    "Size": "concrete",
    "Derivation": "derivation",
    "read_derivation": "derivation",
    "Reference": "derive",
    "reference": "derive",
    "DEFAULT_SIZES": "equivalence",
    "SpecError": "errors",
    "Letters": "interpret",
    "DEFAULT_LIMITS": "limits",
    "Budget": "limits",
    "Limits": "limits",
    "CATALOGUE": "mistakes",
    "Mistake": "mistakes",
    "catalogue": "mistakes",
    "mistake_from_spec": "mistakes",
    "check_steps": "steps",
    "KINDS": "verdict",
    "SymbolicVerdict": "verdict",
}
"""Where each public name lives.  They are imported when first used, so that reading a
derivation (:func:`read_derivation`, the ast module only) does not import sympy: a
``gdgrade check`` whose derivation verdicts are kept never does."""


__getattr__, __dir__ = lazy_exports(__name__, _WHERE)


__all__ = [
    "CATALOGUE",
    "DEFAULT_LIMITS",
    "DEFAULT_SIZES",
    "KINDS",
    "Budget",
    "Derivation",
    "Letters",
    "Limits",
    "Mistake",
    "Reference",
    "Size",
    "SpecError",
    "SymbolicVerdict",
    "catalogue",
    "check_gradient_answer",
    "check_steps",
    "check_update_answer",
    "mistake_from_spec",
    "read_derivation",
    "reference",
]
