"""Fixtures shared by the grader's tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def judged(monkeypatch) -> list[str]:
    """The ids of the checks the runner runs from now on, in order (clear it to start
    counting again)."""
    from gdgrade.grading import runner

    ids: list[str] = []
    real = runner._run_check

    def run_check(info, ctx):
        ids.append(info.id)
        return real(info, ctx)

    monkeypatch.setattr(runner, "_run_check", run_check)
    return ids
