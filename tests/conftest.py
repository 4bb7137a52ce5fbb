"""Shared test settings: Hypothesis runs deterministically and writes nothing into the repo."""

import os
import tempfile

from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), "gdgrade-tests-hypothesis"))

settings.register_profile(
    "gdgrade",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("gdgrade")
