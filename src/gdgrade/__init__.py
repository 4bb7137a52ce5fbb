"""gdgrade — property-based verification and grading of the gradient-descent rule.

Two packages live in this namespace: :mod:`gdgrade.reference`, the reference
implementation (numpy only), and :mod:`gdgrade.grading`, the checkers, the
sandbox, the reports and the command line.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
