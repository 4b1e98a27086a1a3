"""``--state FILE``: which item versions were already checked, and their results.

A SQLite file maps (item id, content hash) to the item's stored :class:`ArticleResult` as
JSON. The hash covers the item's texts and languages, the scoring configuration and the mtqa
version, so a run scores only new or changed items and reuses the stored results of the
rest. Rows are only ever added (an item's earlier versions stay), each run's results are
written in one transaction, and a file that is not an mtqa state database is never written
to: a corrupt or locked file is a :class:`StateError` (exit 2) that names it.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping

from mtqa.config import Config, ConfigError
from mtqa.model import (Article, ArticleResult, Finding, Metrics, Paragraph, ParagraphResult, Part, PartResult,
                    SentenceResult, Severity)

KIND = "mtqa-state"
VERSION = "1"
LOCK_TIMEOUT = 10.0  # seconds to wait for another run holding the file

_TYPES = {c.__name__: c for c in (ArticleResult, Article, ParagraphResult, Paragraph, Part, PartResult,
                                  SentenceResult, Metrics, Finding)}


class StateError(ConfigError):
    """The state file cannot be used; earlier results in it are left as they were."""


# ---- results <-> JSON --------------------------------------------------------------------

def encode(obj: Any) -> Any:
    """Plain JSON for the pipeline's frozen dataclasses (tagged with their class name)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {"__t": type(obj).__name__, **{f.name: encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}}
    if isinstance(obj, Severity):
        return {"__sev": obj.value}
    if isinstance(obj, Mapping):
        return {str(k): encode(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [encode(v) for v in obj]
    return obj


def decode(obj: Any) -> Any:
    if isinstance(obj, dict):
        if "__t" in obj:
            cls = _TYPES[obj["__t"]]
            return cls(**{k: decode(v) for k, v in obj.items() if k != "__t"})
        if "__sev" in obj and len(obj) == 1:
            return Severity(obj["__sev"])
        return {k: decode(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return tuple(decode(v) for v in obj)
    return obj


def item_hash(article: Article, config: Config) -> str:
    """What decides whether stored results still hold: texts, languages, scoring config, version."""
    from mtqa.version import __version__

    settings = {k: v for k, v in config.as_dict().items() if k not in ("gate", "cache-dir")}
    key = {"mtqa": __version__, "kind": article.kind, "langs": dict(article.langs),
           "raw": {r: list(p) for r, p in sorted(article.raw.items())},
           "paragraphs": encode(article.paragraphs), "config": settings}
    blob = json.dumps(key, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# ---- the store ---------------------------------------------------------------------------

def writable_or_raise(path: Path) -> None:
    """StateError, before any scoring, when the state file or its folder (where SQLite keeps
    its journal) cannot be written, or the folder does not exist."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise StateError(f"{path}: the state file's folder {folder} does not exist; create it or pass "
                         "another --state file")
    if path.exists() and not os.access(path, os.W_OK):
        raise StateError(f"{path}: the state file is read-only (no write permission); make it writable "
                         "(chmod u+w) or pass another --state file")
    if not os.access(folder, os.W_OK | os.X_OK):
        what = "file cannot be created" if not path.exists() else "file's journal cannot be written"
        raise StateError(f"{path}: the folder {folder} is read-only, so the state {what}; make the folder "
                         "writable or pass a --state file in another folder")


class State:
    """An open state file. Use as a context manager."""

    def __init__(self, path: str | Path, timeout: float | None = None):
        self.path = Path(path)
        self.db: sqlite3.Connection | None = None
        writable_or_raise(self.path)
        try:
            self.db = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT if timeout is None else timeout,
                                      isolation_level=None)
            self._check()
        except sqlite3.Error as exc:
            self.close()
            raise self._error(exc) from None
        except OSError as exc:
            self.close()
            raise StateError(f"{self.path}: cannot open the state file ({exc.strerror})") from None

    def _error(self, exc: Exception) -> StateError:
        text = str(exc)
        if "locked" in text or "busy" in text:
            return StateError(f"{self.path}: state file is locked by another process (is another mtqa run "
                              f"using it?); try again when it is done")
        return StateError(f"{self.path}: state file is unreadable or corrupt ({text}); it was left untouched: "
                          f"move it away to start afresh, or restore it from a backup")

    def _tables(self) -> set[str]:
        assert self.db is not None
        return {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}

    def _check(self) -> None:
        assert self.db is not None
        tables = self._tables()
        if not tables:  # a new file: create it, unless a run started at the same time just did
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if not self._tables():
                    self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
                    self.db.execute("CREATE TABLE IF NOT EXISTS results (item TEXT, hash TEXT, result TEXT, "
                                    "checked TEXT, PRIMARY KEY (item, hash))")
                    self.db.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)",
                                        [("kind", KIND), ("version", VERSION)])
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            tables = self._tables()
        meta = dict(self.db.execute("SELECT key, value FROM meta").fetchall()) if "meta" in tables else {}
        if meta.get("kind") != KIND or "results" not in tables:
            raise StateError(f"{self.path}: not an mtqa state file (a SQLite database with other content); "
                             f"it was left untouched: pass another --state file")
        if meta.get("version") != VERSION:
            raise StateError(f"{self.path}: state file version {meta.get('version')} is not supported "
                             f"(this mtqa writes version {VERSION}); pass another --state file")

    def lookup(self, hashes: Mapping[str, str]) -> dict[str, ArticleResult]:
        """Stored results for the items whose current content hash is known."""
        assert self.db is not None
        out: dict[str, ArticleResult] = {}
        try:
            for item, h in hashes.items():
                row = self.db.execute("SELECT result FROM results WHERE item=? AND hash=?", (item, h)).fetchone()
                if row is None:
                    continue
                try:
                    result = decode(json.loads(row[0]))
                except (ValueError, TypeError, KeyError, RecursionError):
                    continue  # an unreadable row (even one nested 100,000 deep): score the item again
                if isinstance(result, ArticleResult):
                    out[item] = result
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        return out

    def save(self, results: Iterable[tuple[str, ArticleResult]], signatures: Mapping[str, str]) -> int:
        """Store results (item hash, result) in one transaction; nothing is written on error."""
        assert self.db is not None
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        rows = [(r.article.id, h, json.dumps(encode(r), ensure_ascii=False), now) for h, r in results]
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", rows)
                if signatures:
                    self.db.execute("INSERT OR REPLACE INTO meta VALUES ('signatures', ?)",
                                    (json.dumps(dict(signatures), sort_keys=True),))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        return len(rows)

    def signatures(self) -> dict[str, str]:
        assert self.db is not None
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key='signatures'").fetchone()
            value = json.loads(row[0]) if row else {}
        except (sqlite3.Error, ValueError, RecursionError):
            return {}
        return value if isinstance(value, dict) else {}

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def __enter__(self) -> "State":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


# ---- scoring only what changed -------------------------------------------------------------

@dataclasses.dataclass
class Scored:
    report: Any  # Report
    scored: int  # articles scored in this run
    reused: int  # articles whose stored results were reused


def score_batch(batch: Any, config: Config, opts: Any, source: str):
    """The pipeline over an already-read batch."""
    from mtqa.pipeline.runner import run_batch

    return run_batch(batch, config, opts, source)


def run(path: Path, config: Config, opts: Any, state_path: str | Path | None = None, batch: Any = None) -> Scored:
    """Score ``path``; with a state file, only items that are new or changed since it was written."""
    from mtqa.io import Batch
    from mtqa.pipeline.runner import read_input

    batch = batch if batch is not None else read_input(Path(path), opts)
    if state_path is None:
        return Scored(score_batch(batch, config, opts, str(path)), len(batch.articles), 0)
    with State(state_path) as state:
        hashes = {a.id: item_hash(a, config) for a in batch.articles}
        stored = state.lookup(hashes)
        todo = [a for a in batch.articles if a.id not in stored]
        sub = Batch(articles=todo, errors=batch.errors, notes=batch.notes, kind=batch.kind, columns=batch.columns, rows=batch.rows)
        report = score_batch(sub, config, opts, str(path))
        fresh = {r.article.id: r for r in report.articles}
        state.save([(hashes[i], r) for i, r in fresh.items()], report.signatures)
        merged = []
        for a in batch.articles:
            if a.id in fresh:
                merged.append(fresh[a.id])
            else:
                merged.append(dataclasses.replace(stored[a.id], article=a))
        report.articles = merged
        if stored:
            report.signatures = {**state.signatures(), **report.signatures}
    return Scored(report, len(todo), len(batch.articles) - len(todo))
