"""Check families, one module each. Importing a module registers its checks."""
from __future__ import annotations

import importlib

FAMILY_MODULES = ("quotes", "garbled", "idioms", "untranslated", "numbers", "alignment", "names", "terms",
                  "content")


def load_all() -> None:
    for name in FAMILY_MODULES:
        importlib.import_module(f"{__name__}.{name}")
