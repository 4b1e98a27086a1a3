"""How a run is made (cache, columns, progress, cluster): the options beside the Config."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping


@dataclass
class Options:
    cache_dir: str | None = None
    use_cache: bool = True
    columns: Mapping[str, str | None] = field(default_factory=dict)
    langs: Mapping[str, str | None] = field(default_factory=dict)
    progress: Callable[[str, int], Any] | None = None  # (stage, total) -> tick(n) function
    scheduler: str | None = None  # a Dask scheduler address: score on that cluster
    workers: int | None = None  # or on a local Dask cluster of this many worker processes
