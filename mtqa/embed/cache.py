"""An on-disk cache of embeddings and metric statistics, keyed by model and text hash.

One SQLite file (``cache.sqlite3``) in the user cache folder (``$XDG_CACHE_HOME/mtqa`` or
``~/.cache/mtqa``), or in ``--cache-dir`` / ``MTQA_CACHE_DIR``. Re-scoring unchanged input
recomputes nothing. A cache that cannot be opened is reported once and scoring goes on
without it.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from pathlib import Path
from typing import Iterable


def default_cache_dir() -> Path:
    env = os.environ.get("MTQA_CACHE_DIR")
    if env:
        return Path(env)
    return default_user_cache_dir()


def default_user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/mtqa`` or ``~/.cache/mtqa``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mtqa"


def text_key(*texts: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for t in texts:
        h.update(t.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


class Cache:
    """Key-value blobs in namespaces (a model name or a metric signature)."""

    def __init__(self, folder: Path | None):
        self.db: sqlite3.Connection | None = None
        self.folder = folder
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(folder / "cache.sqlite3", timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS kv (ns TEXT, key TEXT, val BLOB, PRIMARY KEY (ns, key))")
            self.db.commit()
        except (OSError, sqlite3.Error) as exc:
            print(f"mtqa: warning: cache at {folder} not usable ({exc}); going on without it", file=sys.stderr)
            self.db = None

    def get_many(self, ns: str, keys: Iterable[str]) -> dict[str, bytes]:
        keys = list(dict.fromkeys(keys))
        if self.db is None or not keys:
            return {}
        out: dict[str, bytes] = {}
        try:
            for i in range(0, len(keys), 900):
                chunk = keys[i : i + 900]
                marks = ",".join("?" * len(chunk))
                cur = self.db.execute(f"SELECT key, val FROM kv WHERE ns=? AND key IN ({marks})", [ns, *chunk])
                out.update(cur.fetchall())
        except sqlite3.Error as exc:
            print(f"mtqa: warning: cache read failed ({exc})", file=sys.stderr)
        return out

    def put_many(self, ns: str, items: dict[str, bytes]) -> None:
        if self.db is None or not items:
            return
        try:
            self.db.executemany("INSERT OR REPLACE INTO kv VALUES (?, ?, ?)", [(ns, k, v) for k, v in items.items()])
            self.db.commit()
        except sqlite3.Error as exc:
            print(f"mtqa: warning: cache write failed ({exc})", file=sys.stderr)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
