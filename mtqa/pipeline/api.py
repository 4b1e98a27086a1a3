"""The library entry point behind ``mtqa.score``."""
from __future__ import annotations

from typing import Any, Mapping


def score(source: Any, *, config: Any = None, cache_dir: str | None = None, use_cache: bool = True,
          columns: Mapping[str, str | None] | None = None, langs: Mapping[str, str | None] | None = None):
    """Score a folder of articles, a table (.tsv/.csv/.jsonl) or a pandas DataFrame.

    ``columns`` maps roles (mt, ref, src, bt, doc, para) to table column names; ``langs``
    overrides the languages of roles in a table. Returns a :class:`Report`.
    """
    from mtqa.config import Config
    from mtqa.pipeline.runner import Options, run

    opts = Options(cache_dir=cache_dir, use_cache=use_cache, columns=dict(columns or {}), langs=dict(langs or {}))
    return run(source, config or Config(), opts)
