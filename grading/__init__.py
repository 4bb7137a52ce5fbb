"""gdgrade.grading — checkers, strategies, checks, sandbox, reports and the CLI."""
