"""Chunks of whole articles in input order: the unit a run scores, writes and forgets at a
time, in one process (:mod:`mtqa.pipeline.runner`) and on a Dask cluster alike."""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from mtqa.model import Article, ArticleResult

CHUNK_ROWS = 400  # paragraphs per chunk: enough to batch the models, small enough to spread


def chunks(articles: Sequence[Article], rows: int = CHUNK_ROWS) -> list[list[Article]]:
    """Whole articles, in order, about ``rows`` paragraphs per chunk."""
    out: list[list[Article]] = []
    size = 0
    for a in articles:
        if not out or size >= rows:
            out.append([])
            size = 0
        out[-1].append(a)
        size += max(1, len(a.paragraphs))
    return out


def row_count(article: Article) -> int:
    """Input rows of an article (table rows; a folder paragraph counts as one row)."""
    return sum(len(p.parts) for p in article.paragraphs)


def slim(result: ArticleResult) -> ArticleResult:
    """What the text summary prints of an article: scores, metrics, findings, paragraph and
    sentence texts, without the texts aligned to sentences, the rows and the metric pairs."""
    return replace(result, paragraphs=tuple(
        replace(p, sentences=tuple(replace(s, aligned={}) for s in p.sentences), parts=(), pairs=())
        for p in result.paragraphs))
