"""JSONL and CSV written as a run goes: each chunk's records in input order, whole lines,
flushed per chunk, so an interrupted run leaves a file of complete records.

The records are those of :meth:`Report.to_records` and the bytes those of
:func:`mtqa.report.formats.to_jsonl` / ``to_csv`` on the whole run. Table records are in
input-line order, with the input errors among them: a chunk's rows wait (in a heap) only
until no later article can have an earlier line. CSV needs every column for its header, so
its rows go to a temporary spool file (JSON lines, on disk) and are written with the header
at the end; memory holds only the column names.
"""
from __future__ import annotations

import heapq
import json
import tempfile
from pathlib import Path
from typing import IO, Any

from mtqa.aggregate.records import error_rows, field_name, sentence_records, table_rows
from mtqa.io import Batch
from mtqa.model import ArticleResult
from mtqa.report.formats import write_csv

STREAMED = ("jsonl", "csv")


class RecordStream:
    """Turns chunks of article results into records in the order ``to_records`` gives them."""

    def __init__(self, batch: Batch):
        self.table = batch.kind == "table"
        columns = list(batch.columns)
        self.key = (lambda name: field_name(name, columns)) if self.table else str  # as Report.key_of
        self.heap: list[tuple[int, int, int, dict[str, Any]]] = []
        self.seq = 0
        self.done = 0  # articles scored so far
        self.bounds: list[int | None] = []  # [i]: smallest line of article i and every later one
        if self.table:
            for line, rec in error_rows(batch.errors, self.key):
                self._push(line, 1, rec)
            low: int | None = None
            for a in reversed(batch.articles):
                lines = [part.line or 0 for p in a.paragraphs for part in p.parts]
                if lines:
                    low = min(lines) if low is None else min(low, *lines)
                self.bounds.append(low)
            self.bounds.reverse()

    def _push(self, line: int, group: int, rec: dict[str, Any]) -> None:
        heapq.heappush(self.heap, (line, group, self.seq, rec))
        self.seq += 1

    def records(self, results: list[ArticleResult], last: bool = False) -> list[dict[str, Any]]:
        """The records that can be written once ``results`` (the next articles in input order)
        are scored; ``last``: the run is over, everything left."""
        self.done += len(results)
        if not self.table:
            return [r for a in results for r in sentence_records(a)]
        for a in results:
            for line, rec in table_rows(a, self.key):
                self._push(line, 0, rec)
        # an article left out of the results (it failed) only makes the bound lower: safe
        bound = None if last or self.done >= len(self.bounds) else self.bounds[self.done]
        out = []
        while self.heap and (last or bound is None or self.heap[0][0] < bound):
            out.append(heapq.heappop(self.heap)[3])
        return out


class StreamWriter:
    """Writes ``fmt`` (jsonl or csv) to ``out`` chunk by chunk; call :meth:`close` at the end."""

    def __init__(self, batch: Batch, fmt: str, out: IO[str]):
        self.stream = RecordStream(batch)
        self.fmt, self.out = fmt, out
        self.spool: IO[str] | None = None
        self.fields: dict[str, None] = {}
        if fmt == "csv":
            self.spool = tempfile.TemporaryFile("w+", encoding="utf-8", prefix="mtqa-csv-")

    def chunk(self, results: list[ArticleResult]) -> None:
        self._write(self.stream.records(results))

    def close(self) -> None:
        """The records still waiting, then (CSV) the header and every row."""
        self._write(self.stream.records([], last=True))
        if self.spool is not None:
            self.spool.seek(0)
            write_csv((json.loads(line) for line in self.spool), self.fields, self.out, self.stream.key)
            self.spool.close()
            self.spool = None
        self.out.flush()

    def _write(self, records: list[dict[str, Any]]) -> None:
        if not records:
            return
        if self.spool is not None:
            for r in records:
                self.fields.update(dict.fromkeys(r))
            self.spool.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
            return
        self.out.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))  # whole lines
        self.out.flush()


def open_output(path: Path | None) -> IO[str]:
    """The file to stream into (created with its folder), or stdout."""
    import sys

    if path is None:
        return sys.stdout
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("w", encoding="utf-8", newline="")

