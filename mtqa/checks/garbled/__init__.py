"""The garbled family: GB03 and GB08 from the calibrated models (``scored``), the
reference-free rules GB01, GB02, GB04-GB07 (``rules``). Importing registers them."""
from mtqa.checks.garbled import rules, scored  # noqa: F401
