"""Shared test settings: Hypothesis runs deterministically and writes no database."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "gdgrade",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("gdgrade")
