"""An on-disk cache of embeddings and metric statistics, keyed by model and text hash.

One SQLite file (``cache.sqlite3``) in the user cache folder (``$XDG_CACHE_HOME/mtqa`` or
``~/.cache/mtqa``), or in ``--cache-dir`` / ``MTQA_CACHE_DIR``. Re-scoring unchanged input
recomputes nothing. A cache that cannot be opened is reported once and scoring goes on
without it.

The cache holds data only (raw float32 vectors, JSON statistics, versioned msgpack results),
never pickles: whoever can write the file (a shared CI cache) must not be able to run code.
Readers pass a ``parse`` function that validates each stored value; a value it refuses is
deleted and recomputed, with one warning per run, so garbage in an otherwise valid file costs
only a recomputation.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any, Callable, Iterable


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
        self.dropped = 0  # invalid entries found (and deleted) this run
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

    def get_many(self, ns: str, keys: Iterable[str], parse: Callable[[Any], Any]) -> dict[str, Any]:
        """The stored values of ``keys`` found in namespace ``ns``, each parsed and validated by
        ``parse``; the values it refuses (any exception) are deleted and left out. There is no
        unvalidated read: the file may have been written by anyone."""
        found = self._get_many(ns, keys)
        out, bad = {}, []
        for key, value in found.items():
            try:
                out[key] = parse(value)
            except Exception:  # noqa: BLE001 - whatever is wrong with a stored value, it is recomputed
                bad.append(key)
        if bad:
            self.drop(ns, bad)
        return out

    def drop(self, ns: str, keys: list[str]) -> None:
        """Delete invalid entries; the first time in a run, say so once on stderr."""
        if self.dropped == 0:
            print(f"mtqa: warning: cache {self.folder / 'cache.sqlite3' if self.folder else ''} held invalid "
                  f"entries ({ns.split(':')[0]}); they are dropped and recomputed", file=sys.stderr)
        self.dropped += len(keys)
        if self.db is None:
            return
        try:
            self.db.executemany("DELETE FROM kv WHERE ns=? AND key=?", [(ns, k) for k in keys])
            self.db.commit()
        except sqlite3.Error:
            pass  # they are overwritten when the recomputed values are stored

    def _get_many(self, ns: str, keys: Iterable[str]) -> dict[str, Any]:
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


def float32s(count: int, bound: float | None = None) -> Callable[[Any], Any]:
    """A ``parse`` for :meth:`Cache.get_many`: ``count`` finite float32 values (each within
    ±``bound`` when given), as a numpy array; anything else raises ValueError."""

    def parse(blob: Any) -> Any:
        import numpy as np

        if not isinstance(blob, bytes) or len(blob) != count * 4:
            raise ValueError("not a float32 vector of the expected size")
        vec = np.frombuffer(blob, dtype=np.float32)
        if not np.isfinite(vec).all() or (bound is not None and (np.abs(vec) > bound).any()):
            raise ValueError("values out of range")
        return vec

    return parse


def json_numbers(count: int) -> Callable[[Any], list[float]]:
    """A ``parse`` for :meth:`Cache.get_many`: a JSON list of ``count`` finite numbers >= 0
    (a metric's sufficient statistics), as floats; anything else raises ValueError."""

    def parse(blob: Any) -> list[float]:
        import json
        import math

        value = json.loads(blob) if isinstance(blob, (bytes, str)) else None
        if not (isinstance(value, list) and len(value) == count and all(
                isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and x >= 0
                for x in value)):
            raise ValueError("not the expected statistics")
        return [float(x) for x in value]

    return parse
