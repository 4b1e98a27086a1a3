"""The alignment family: omitted (AL01) and added (AL02) passages. Importing registers the checks."""
from mtqa.checks.alignment import checks  # noqa: F401
