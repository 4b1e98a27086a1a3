"""Names: the proper names of the Ukrainian source (people, places, organisations) checked in
the English: Russian-based forms, romanisations far from every accepted spelling, inflected
forms romanised as they stand, and names swapped for another."""
from __future__ import annotations

from typing import Any, Mapping

from mtqa.config import declare


def validate_options(options: Mapping[str, Any], base: Any = None) -> str | None:
    """``prefer`` maps Ukrainian names to the English spelling of the house style."""
    for key, value in options.get("prefer", {}).items():
        if not isinstance(value, str) or not value.strip():
            return f"'names.prefer.{key}' should be a non-empty string (the English spelling), got {value!r}"
        if not any("\u0400" <= ch <= "\u04ff" for ch in key):
            return f"'names.prefer.{key}' should name a Ukrainian name in Cyrillic (\"Зеленський\" = \"Zelenskyy\")"
    return None


declare("names", {"prefer": {}}, validate_options)

from mtqa.checks.names import checks  # noqa: E402,F401  (registers NE01-NE04)
