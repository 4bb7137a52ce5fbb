"""The checks, one property each; the registry (gdgrade.grading.registry) lists them."""
