"""Readers: a folder of article files, a table of segments, or a pandas DataFrame."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Article, InputError


@dataclass
class Batch:
    """What the readers produce: articles to score and the input errors met on the way."""

    articles: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    kind: str = "folder"
    columns: list[str] = field(default_factory=list)  # table input: every input column, in order
    rows: int = 0  # table input: data rows read (including malformed ones)
