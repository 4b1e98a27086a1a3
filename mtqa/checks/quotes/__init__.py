"""The quotes family: QT01-QT08 (``checks``) and QT09-QT12 (``more_checks``) over one
reading of the quote marks (``marks``, ``pairs``, ``scene``, ``issues``); house styles per
language in ``lang``. Importing registers the checks."""
from mtqa.checks.quotes import checks, more_checks  # noqa: F401
