"""The untranslated family (UT01-UT03). Importing registers the checks."""
from mtqa.checks.untranslated import checks  # noqa: F401
