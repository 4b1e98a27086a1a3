"""Whole-article results in the on-disk cache, so re-scoring unchanged input recomputes nothing.

An article's key hashes everything its result depends on: the article as read (ids, paths,
languages, every text, table rows with their line numbers and other columns), the
configuration in force (and the size and time of any file it names, such as an extra
lexicon), and the code and data of the installed mtqa package itself. Any change to one of
them is a new key; old entries are simply never read again.

Results are stored as data (versioned msgpack of the dataclasses, :mod:`mtqa.pipeline.datacodec`),
never pickled, and validated on read: an entry that does not decode into a valid
``ArticleResult`` is dropped and recomputed (one warning per run), never executed. A result
holding a value the codec cannot store exactly is simply not cached.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from mtqa.config import Config
from mtqa.model import Article, ArticleResult
from mtqa.embed.cache import Cache
from mtqa.pipeline import datacodec

PACKAGE = Path(__file__).resolve().parents[1]  # the mtqa package


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of mtqa's own source and data files (not benchmarks)."""
    h = hashlib.blake2b(digest_size=12)
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".tsv", ".txt", ".json", ".j2", ".css", ".js") \
                and "benchmarks" not in path.parts:
            h.update(str(path.relative_to(PACKAGE)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _named_files(config: Config) -> list[str]:
    """Size and time of files the config names (e.g. extra lexicons), so editing one is seen."""
    base = Path(config.path).parent if config.path else Path.cwd()
    out = []
    for table in config.tables.values():
        for value in table.values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and item.endswith((".tsv", ".txt", ".csv", ".json")):
                    p = (base / item) if not Path(item).is_absolute() else Path(item)
                    if p.is_file():
                        st = p.stat()
                        out.append(f"{p}:{st.st_size}:{st.st_mtime_ns}")
    return out


def config_key(config: Config) -> str:
    blob = json.dumps([config.as_dict(), config.path, _named_files(config)], sort_keys=True, default=str)
    return hashlib.blake2b(blob.encode(), digest_size=12).hexdigest()


def article_key(article: Article, config_hash: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(config_hash.encode())
    h.update(repr(article).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


class ResultCache:
    def __init__(self, cache: Cache, config: Config):
        self.cache = cache
        self.ns = f"result:{code_version()}"
        self.config_hash = config_key(config)

    def keys(self, articles: Iterable[Article]) -> list[str]:
        return [article_key(a, self.config_hash) for a in articles]

    def get(self, keys: list[str]) -> dict[str, ArticleResult]:
        return self.cache.get_many(self.ns, keys, lambda blob: datacodec.loads(blob, ArticleResult))

    def put(self, items: dict[str, Any]) -> None:
        blobs = {}
        for key, result in items.items():
            try:
                blobs[key] = datacodec.dumps(result, ArticleResult)
            except datacodec.CodecError:
                continue  # e.g. a table cell holding an integer over 64 bits: recomputed next time
        self.cache.put_many(self.ns, blobs)
