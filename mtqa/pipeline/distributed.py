"""Scoring on a Dask cluster (dask.distributed): ``--scheduler ADDRESS`` or ``--workers N``.

The batch is read on the client, split by article into chunks of about ``CHUNK_ROWS``
paragraphs (whole articles, in input order), and each chunk is scored on a worker by the
same code as a single-process run (:func:`mtqa.pipeline.stages.score_cached`). A worker
plugin gives each worker process its cache connection for its whole life; the models load
at the first chunk and stay loaded. Results come back in input order and the report is
built on the client exactly as in a single process, so every output format is the same.

Faults: Dask reschedules the chunks of a worker that dies (nothing is lost or duplicated:
each chunk's result is taken once, by its index). A chunk that raises is retried, then
scored article by article; an article that still fails becomes an input error naming it,
the rest of the batch is delivered and the exit code is 1.
"""
from __future__ import annotations

import os
import uuid
from dataclasses import replace
from typing import Any, Callable

from distributed.diagnostics.plugin import WorkerPlugin

from mtqa.aggregate.records import Report
from mtqa.config import Config, ConfigError
from mtqa.embed.cache import Cache, default_cache_dir
from mtqa.io import Batch
from mtqa.model import Article, ArticleResult, InputError
from mtqa.pipeline.chunking import CHUNK_ROWS, chunks

CONNECT_TIMEOUT = "10s"
# fault injection for the tests: an article id whose scoring raises on a worker, and
# "MARKER:ID", which makes the worker scoring article ID exit once (MARKER is created then)
FAULT_ENV = "MTQA_FAULT_ARTICLE"
KILL_ENV = "MTQA_FAULT_KILL_ONCE"


def client_for(scheduler: str | None, workers: int | None) -> Any:
    """A client of the scheduler at ``scheduler``, or of a new local cluster of ``workers``
    processes; a scheduler that cannot be reached is a ConfigError naming it."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({exc})") from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=40)
    return Client(cluster)


class MtqaWorker(WorkerPlugin):
    """Worker plugin: the worker's cache, opened once and closed when the worker stops."""

    name = "mtqa"

    def __init__(self, cache_dir: str | None, use_cache: bool):
        self.cache_dir, self.use_cache = cache_dir, use_cache
        self.cache: Cache | None = None

    def setup(self, worker: Any) -> None:
        from pathlib import Path

        from mtqa.config import load_config

        load_config()  # declares every config table in this process
        folder = Path(self.cache_dir) if self.cache_dir else default_cache_dir()
        self.cache = Cache(folder if self.use_cache else None)

    def teardown(self, worker: Any) -> None:
        if self.cache is not None:
            self.cache.close()


def score_chunk(articles: list[Article], config: Config, opts: Any) -> tuple[list[ArticleResult], int]:
    """On a worker: the results of ``articles`` and how many texts were embedded."""
    from distributed import get_worker

    from mtqa.pipeline.stages import models, score_cached

    _inject_faults(articles)
    plugin = get_worker().plugins["mtqa"]
    emb, scorer = models(config, plugin.cache)
    results = score_cached(articles, config, opts, plugin.cache, emb, scorer)
    emb.flush()
    return results, emb.computed


def _inject_faults(articles: list[Article]) -> None:
    fault = os.environ.get(FAULT_ENV)
    if fault and any(a.id == fault for a in articles):
        raise RuntimeError(f"injected fault in {fault}")
    kill = os.environ.get(KILL_ENV)
    if kill:
        marker, _, article = kill.rpartition(":")
        if any(a.id == article for a in articles) and not os.path.exists(marker):
            open(marker, "w").close()
            os._exit(1)  # the worker process dies mid-run


def run_distributed(batch: Batch, config: Config, opts: Any, cache: Cache, source: str,
                    on_chunk: Callable[[list[ArticleResult]], Any] | None = None) -> Report:
    """Score ``batch`` on the cluster that ``opts`` names; the report as a single process makes
    it. ``on_chunk`` gets each chunk's results in input order as soon as all before it are in."""
    from distributed import as_completed

    from mtqa.pipeline.stages import build_report, models

    plain = replace(opts, progress=None, scheduler=None, workers=None)
    client = client_for(opts.scheduler, opts.workers)
    try:
        client.register_plugin(MtqaWorker(opts.cache_dir, opts.use_cache))
        parts = chunks(batch.articles, CHUNK_ROWS)
        tag = uuid.uuid4().hex[:8]
        futures = {client.submit(score_chunk, part, config, plain, key=f"mtqa-{tag}-{i}", retries=1, pure=False): i
                   for i, part in enumerate(parts)}
        done: dict[int, list[ArticleResult]] = {}
        errors: list[InputError] = []
        embedded = 0
        tick = opts.progress("scoring (chunks)", len(parts)) if opts.progress and parts else (lambda n: None)
        delivered = 0
        for future in as_completed(futures):
            i = futures[future]
            try:
                results, computed = future.result()
            except Exception:  # noqa: BLE001 - a chunk that keeps failing: article by article
                results, computed, failed = _one_by_one(client, parts[i], config, plain, tag, i)
                errors.extend(failed)
            done[i] = results
            embedded += computed
            while on_chunk is not None and delivered in done:
                on_chunk(done[delivered])
                delivered += 1
            tick(1)
        results = [r for i in range(len(parts)) for r in done[i]]
    finally:
        _close(client)
    _, scorer = models(config, cache)
    kept = batch if not errors else replace(batch, articles=[r.article for r in results])
    return build_report(kept, results, config, scorer, embedded, source, errors)


def _one_by_one(client: Any, articles: list[Article], config: Config, opts: Any, tag: str,
                chunk: int) -> tuple[list[ArticleResult], int, list[InputError]]:
    results: list[ArticleResult] = []
    errors: list[InputError] = []
    computed = 0
    for k, article in enumerate(articles):
        future = client.submit(score_chunk, [article], config, opts, key=f"mtqa-{tag}-{chunk}-{k}",
                               retries=1, pure=False)
        try:
            got, n = future.result()
        except Exception as exc:  # noqa: BLE001 - reported as this article's error
            errors.append(InputError(article.path or article.id, None,
                                     f"article {article.id!r} could not be scored on the cluster: "
                                     f"{type(exc).__name__}: {exc}"))
            continue
        results.extend(got)
        computed += n
    return results, computed, errors


def _close(client: Any) -> None:
    cluster = getattr(client, "cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()
