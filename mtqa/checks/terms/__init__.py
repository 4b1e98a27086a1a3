"""The terms family: a glossary (termbase) check against the Ukrainian source.

- :mod:`.termbase`: the built-in termbase (``mtqa/data/terms/uk_news.tsv``) and users'
  TSV/CSV files; :mod:`.tbx`: TBX files, read with no DTD and no entities;
- :mod:`.match`: Ukrainian terms found through pymorphy3 lemmas, English terms as words;
- :mod:`.checks`: TM01 (term not used), TM02 (an entity rendered as another one).

Options (``[terms]`` in ``mtqa.toml``): ``files`` (termbases, relative to the config
file), ``builtin`` (use the built-in termbase; default true), ``disable`` (source terms).
"""
from __future__ import annotations

from ...config import declare
from . import checks  # noqa: F401  (registers TM01, TM02)
from .termbase import validate_options

declare("terms", {"files": [], "builtin": True, "disable": []}, validate_options)
