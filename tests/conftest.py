"""Shared test settings: Hypothesis runs deterministically and writes nothing into the repo;
gdgrade's cache folder is one of this test run's own (never the user's)."""

import atexit
import os
import shutil
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

if not os.environ.get("GDGRADE_CACHE_DIR"):
    _cache = tempfile.mkdtemp(prefix="gdgrade-tests-cache-")
    os.environ["GDGRADE_CACHE_DIR"] = _cache  # the CLI's subprocesses share it
    atexit.register(shutil.rmtree, _cache, ignore_errors=True)
