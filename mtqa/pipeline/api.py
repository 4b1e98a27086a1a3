"""The library entry point behind ``mtqa.score``."""
from __future__ import annotations

from typing import Any, Mapping


def score(source: Any, *, config: Any = None, cache_dir: str | None = None, use_cache: bool = True,
          columns: Mapping[str, str | None] | None = None, langs: Mapping[str, str | None] | None = None,
          scheduler: str | None = None, workers: int | None = None):
    """Score a folder of articles, a table (.tsv/.csv/.jsonl), a pandas DataFrame or a dask
    DataFrame.

    ``columns`` maps roles (mt, ref, src, bt, doc, para) to table column names; ``langs``
    overrides the languages of roles in a table; ``scheduler`` (a Dask scheduler address) or
    ``workers`` (a local Dask cluster) score on a cluster. Returns a :class:`Report`; for a
    dask DataFrame, a dask DataFrame of the report's records (one per input row, in order).
    """
    from mtqa.config import Config
    from mtqa.pipeline.runner import Options, run

    opts = Options(cache_dir=cache_dir, use_cache=use_cache, columns=dict(columns or {}), langs=dict(langs or {}),
                   scheduler=scheduler, workers=workers)
    if _is_dask(source):
        import dask
        import dask.dataframe as dd

        report = run(source.compute(), config or Config(), opts)
        with dask.config.set({"dataframe.convert-string": False}):  # findings stay lists, not their repr
            return dd.from_pandas(report.to_dataframe(), npartitions=max(1, source.npartitions))
    return run(source, config or Config(), opts)


def _is_dask(source: Any) -> bool:
    """A dask DataFrame, recognised without importing dask."""
    return type(source).__module__.split(".")[0] == "dask" and hasattr(source, "npartitions")
