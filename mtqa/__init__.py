"""mtqa: machine-translation quality checks for news (Ukrainian -> English first).

Library first; the ``mtqa`` command is a thin shell over it::

    import mtqa
    report = mtqa.score("corpora/sample")          # a folder, a table path, or a DataFrame
    report.to_dataframe()                           # one row per MT sentence (folder) or input row
"""
from __future__ import annotations

from typing import Any, Mapping

from mtqa.version import __version__

__all__ = ["score", "load_config", "Finding", "Report", "Severity", "__version__"]


def score(source: Any, *, config: Any = None, cache_dir: str | None = None, use_cache: bool = True,
          columns: Mapping[str, str | None] | None = None, langs: Mapping[str, str | None] | None = None,
          scheduler: str | None = None, workers: int | None = None):
    """Score a folder of articles, a table (.tsv/.csv/.jsonl), a pandas DataFrame or a dask
    DataFrame (returned as a dask DataFrame of the records).

    ``columns`` maps roles (mt, ref, src, bt, doc, para) to table column names; ``langs``
    overrides the languages of roles in a table; ``scheduler``/``workers`` score on a Dask
    cluster. Returns a :class:`Report`.
    """
    from mtqa.pipeline.api import score as _score

    return _score(source, config=config, cache_dir=cache_dir, use_cache=use_cache, columns=columns, langs=langs,
                  scheduler=scheduler, workers=workers)


def load_config(path: Any = None, *, near: Any = None):
    from mtqa.config import load_config as _load

    return _load(path, near=near)


def __getattr__(name: str) -> Any:
    if name in ("Finding", "Severity"):
        from mtqa import model

        return getattr(model, name)
    if name == "Report":
        from mtqa.aggregate.records import Report

        return Report
    raise AttributeError(name)
