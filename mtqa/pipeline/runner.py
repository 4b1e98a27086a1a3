"""read -> segment -> align -> score -> check -> aggregate. Wires the stages; no logic of its own
beyond ordering them and batching the model calls across the whole input."""
from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Literal

from mtqa.aggregate.records import Report
from mtqa.aggregate.totals import Totals
from mtqa.config import Config
from mtqa.embed.cache import Cache, default_cache_dir
from mtqa.io import Batch
from mtqa.pipeline.options import Options
from mtqa.model import ArticleResult
from mtqa.pipeline.chunking import CHUNK_ROWS, chunks, row_count, slim
from mtqa.pipeline.stages import add_totals, build_report, enabled_checks, models, score_cached

OnChunk = Callable[[list[ArticleResult]], Any]
Keep = Literal["all", "summary", "none"]

__all__ = ["Options", "read_input", "run", "run_batch", "enabled_checks"]


def read_input(source: Any, opts: Options) -> Batch:
    from mtqa.io.feed import FeedError, is_feed, read_feed
    from mtqa.io.folder import read_folder
    from mtqa.io.table import TABLE_SUFFIXES, ColumnError, TableError, read_dataframe, read_table

    if not isinstance(source, (str, Path)):
        return read_dataframe(source, opts.columns, opts.langs)
    path = Path(source)
    refuse_special(path)
    try:
        if path.is_dir():
            return read_folder(path)
        if is_feed(path):
            return read_feed(path)
        if path.suffix in TABLE_SUFFIXES:
            return read_table(path, opts.columns, opts.langs)
    except ColumnError:
        raise  # a column the caller named: a usage error (exit 2), not unreadable input
    except (TableError, FeedError) as exc:  # unreadable as a whole: one error, with its line if known
        return Batch(kind="table" if isinstance(exc, TableError) else "feed", errors=[exc.input_error()])
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    from mtqa.io.folder import NAME, read_article_file

    if NAME.match(path.name):
        return read_article_file(path)  # another role's file (x.ref.en.txt): ValueError
    raise ValueError(f"{path}: not a folder, a table (.tsv, .csv, .jsonl) or an article file (<stem>.mt.en.txt)")


def refuse_special(path: Path) -> None:
    """A ValueError (a usage error) when ``path`` exists but is neither a folder nor a regular
    file (reading a FIFO would block for ever), or is a link that leads nowhere or in a loop."""
    import os

    from mtqa.io.regular import kind_of

    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if os.path.islink(path):
            raise ValueError(f"{path}: a symbolic link that cannot be followed ({exc.strerror})") from None
        return  # missing: reported below
    if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
        raise ValueError(f"{path}: {kind_of(mode)}; give a folder or a regular file")


def _cache(config: Config, opts: Options) -> Cache:
    if not opts.use_cache:
        return Cache(None)
    folder = opts.cache_dir or config.core.get("cache-dir") or None
    return Cache(Path(folder) if folder else default_cache_dir())


def run(source: Any, config: Config | None = None, opts: Options | None = None) -> Report:
    """Read ``source`` (folder, table, feed, article file or DataFrame) and score it."""
    opts = opts or Options()
    batch = read_input(source, opts)
    return run_batch(batch, config, opts, str(source) if isinstance(source, (str, Path)) else "<DataFrame>")


def run_batch(batch: Batch, config: Config | None = None, opts: Options | None = None, source: str = "",
              on_chunk: OnChunk | None = None, keep: Keep = "all") -> Report:
    """Score articles already read (the gate's incremental state reads and filters them first).

    Articles are scored in chunks of whole articles, in input order; ``on_chunk`` gets each
    chunk's results as soon as it is scored (the streamed JSONL/CSV writers). The report's
    corpus figures come from running sums; ``keep`` says what it keeps of each article:
    everything (JSON, HTML, the gate), what the text summary prints, or nothing."""
    config = config or Config()
    opts = opts or Options()
    cache = _cache(config, opts)
    try:
        return _run_batch(batch, config, opts, cache, source, on_chunk, keep)
    finally:
        cache.close()


def _run_batch(batch: Batch, config: Config, opts: Options, cache: Cache, source: str,
               on_chunk: OnChunk | None, keep: Keep) -> Report:
    """Score the articles of ``batch``; articles whose result is in the cache are not re-scored.
    Each chunk's results are written to the cache in one transaction, so an interrupted run
    leaves a usable cache and rerunning it continues from there."""
    if opts.scheduler or opts.workers:
        from mtqa.pipeline.distributed import run_distributed

        return run_distributed(batch, config, opts, cache, source, on_chunk)
    emb, scorer = models(config, cache)
    totals = Totals()
    kept: list[ArticleResult] = []
    parts = chunks(batch.articles, CHUNK_ROWS)
    rows = [sum(row_count(a) for a in part) for part in parts]
    tick = opts.progress("scoring", sum(rows)) if opts.progress and parts else (lambda n: None)
    inner = replace(opts, progress=None)  # one bar for the run: rows done, rows/s, time left
    for part, n in zip(parts, rows):
        results = score_cached(part, config, inner, cache, emb, scorer)
        add_totals(totals, results, scorer)
        if on_chunk is not None:
            on_chunk(results)
        if keep != "none":
            kept.extend(results if keep == "all" else [slim(r) for r in results])
        emb.forget()  # vectors and statistics of this chunk: the next one reads the cache
        scorer.forget()
        tick(n)
    return build_report(batch, kept, config, scorer, emb.computed, source, totals=totals)
