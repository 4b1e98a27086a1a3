"""The numbers family (NM01); the number reader itself is language knowledge in mtqa.lang.numbers. Importing registers the checks."""
from mtqa.checks.numbers import checks  # noqa: F401
