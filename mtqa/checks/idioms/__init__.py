"""The idioms family: calques, false friends and literal idioms (ID01-ID04) from the lexicons
in mtqa/data (``lexicon``, ``patterns``, ``nearmiss``). Importing registers the checks."""
from mtqa.checks.idioms import checks  # noqa: F401
