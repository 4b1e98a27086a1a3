"""A table of segments (.tsv, .csv, .jsonl, or a pandas DataFrame), one segment per row.

Rows that share the document key form one article in row order; the key is ``doc_id`` plus
``system`` when the table has a system column (WMT files hold every system's output of one
document). An optional ``paragraph``/``para_idx`` column groups consecutive rows of an
article into paragraphs; otherwise each row is a paragraph. ``.tsv`` files are read without
quoting (as WMT ships them), ``.csv`` with standard CSV quoting.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from ..model import Article, InputError, Paragraph, Part
from . import Batch
from .decode import DecodeError, read_text

DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "mt": ("mt", "hypothesis", "hyp", "translation"),
    "ref": ("ref", "reference"),
    "src": ("src", "source"),
    "bt": ("bt", "backtranslation", "back_translation"),
    "doc": ("doc_id", "doc", "document"),
    "para": ("paragraph", "para_idx", "para"),
    "system": ("system",),
}
TABLE_SUFFIXES = (".tsv", ".csv", ".jsonl", ".ndjson")


class TableError(ValueError):
    """The table as a whole cannot be read (no MT column, unreadable file)."""


@dataclass(frozen=True)
class Row:
    line: int
    values: Mapping[str, Any]


def read_rows(path: Path) -> tuple[list[str], list[Row], list[InputError]]:
    try:
        text, _ = read_text(path)
    except DecodeError as exc:
        raise TableError(str(exc)) from None
    if path.suffix in (".jsonl", ".ndjson"):
        return jsonl_rows(text, str(path))
    return _delimited_rows(text, str(path), "\t" if path.suffix == ".tsv" else ",")


def _delimited_rows(text: str, name: str, sep: str) -> tuple[list[str], list[Row], list[InputError]]:
    quoting = csv.QUOTE_NONE if sep == "\t" else csv.QUOTE_MINIMAL
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quoting=quoting)
    header = next(reader, None)
    if not header:
        raise TableError(f"{name}: no header line")
    header = [h.strip() for h in header]
    rows, errors = [], []
    for values in reader:
        line = reader.line_num
        if not values or all(not v.strip() for v in values):
            continue
        if len(values) != len(header):
            errors.append(InputError(name, line, f"row has {len(values)} fields, the header has {len(header)}"))
            continue
        rows.append(Row(line, dict(zip(header, values))))
    return header, rows, errors


def jsonl_rows(text: str, name: str) -> tuple[list[str], list[Row], list[InputError]]:
    header: dict[str, None] = {}
    rows, errors = [], []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(InputError(name, n, f"not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(obj, dict):
            errors.append(InputError(name, n, "each line must be a JSON object"))
            continue
        header.update(dict.fromkeys(obj))
        rows.append(Row(n, obj))
    return list(header), rows, errors


def resolve_columns(header: Sequence[str], given: Mapping[str, str | None], name: str) -> dict[str, str]:
    """Map roles to column names: given names must exist; defaults are looked up by name."""
    lower = {h.lower(): h for h in header}
    found: dict[str, str] = {}
    for role, candidates in DEFAULT_COLUMNS.items():
        want = given.get(role)
        if want:
            cols = [c.strip() for c in want.split(",")] if role == "doc" else [want]
            missing = [c for c in cols if c not in header]
            if missing:
                raise TableError(f"{name}: no column '{missing[0]}' (columns: {', '.join(header)})")
            found[role] = ",".join(cols)
            continue
        for cand in candidates:
            if cand in lower:
                found[role] = lower[cand]
                break
    if "mt" not in found:
        raise TableError(f"{name}: no MT column: name it mt or hypothesis, or pass --mt-col "
                         f"(columns: {', '.join(header)})")
    return found


_CJK = re.compile(r"[\u4e00-\u9fff]")
_CYR = re.compile(r"[\u0400-\u04ff]")
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")


def guess_language(texts: Iterable[str]) -> str:
    """Script-based guess for a column's language: zh, uk, ru or en."""
    sample = " ".join(t for t, _ in zip(texts, range(200)))
    if len(_CJK.findall(sample)) > 20:
        return "zh"
    if len(_CYR.findall(sample)) > 20:
        return "ru" if len(_RU_ONLY.findall(sample)) > len(_UK_ONLY.findall(sample)) else "uk"
    return "en"


def _cell(row: Row, col: str | None) -> str:
    if not col:
        return ""
    value = row.values.get(col)
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        return ""
    return value if isinstance(value, str) else str(value)


def rows_to_batch(header: list[str], rows: list[Row], errors: list[InputError], name: str,
                  columns: Mapping[str, str | None], langs: Mapping[str, str | None]) -> Batch:
    cols = resolve_columns(header, columns, name)
    doc_cols = cols["doc"].split(",") if "doc" in cols else []
    if "doc" in cols and not columns.get("doc") and "system" in cols:
        doc_cols.append(cols["system"])
    roles = [r for r in ("mt", "ref", "src", "bt") if r in cols]
    lang = {"mt": "en", "ref": "en", "src": "uk", "bt": "uk"}
    for role in ("src", "bt"):
        if role in cols:
            lang[role] = guess_language(_cell(r, cols[role]) for r in rows)
    lang.update({k: v for k, v in langs.items() if v})
    groups: dict[tuple[str, ...], list[Row]] = {}
    for i, row in enumerate(rows):
        key = tuple(_cell(row, c) for c in doc_cols) if doc_cols else (f"row{row.line}",)
        groups.setdefault(key, []).append(row)
    batch = Batch(kind="table", errors=list(errors), columns=list(header), rows=len(rows) + len(errors))
    for key, group in groups.items():
        batch.articles.append(_article(key, group, cols, roles, lang, name))
    return batch


def _article(key: tuple[str, ...], rows: list[Row], cols: Mapping[str, str], roles: list[str],
             lang: Mapping[str, str], name: str) -> Article:
    para_col = cols.get("para")
    chunks: list[list[Row]] = []
    last = object()
    for row in rows:
        value = _cell(row, para_col) if para_col else object()
        if not chunks or not para_col or value != last:
            chunks.append([])
        chunks[-1].append(row)
        last = value
    paragraphs = []
    for idx, chunk in enumerate(chunks):
        parts, texts, offset = [], {r: [] for r in roles}, 0
        for row in chunk:
            row_texts = {r: _cell(row, cols[r]).strip() for r in roles}
            parts.append(Part(offset=offset, texts=row_texts, line=row.line, extra=dict(row.values)))
            for r in roles:
                if row_texts[r]:
                    texts[r].append(row_texts[r])
            offset += len(row_texts["mt"]) + 1
        joined = {r: " ".join(t) for r, t in texts.items()}
        joined["mt"] = " ".join(p.texts["mt"] for p in parts)  # keep offsets exact
        paragraphs.append(Paragraph(index=idx, texts=joined, parts=tuple(parts),
                                    langs={r: lang[r] for r in roles}))
    article_id = "/".join(key)
    raw = {r: tuple(p.texts[r] for p in paragraphs) for r in roles}
    return Article(id=article_id, path=name, langs={r: lang[r] for r in roles}, raw=raw,
                   paragraphs=tuple(paragraphs), kind="table")


def read_table(path: Path, columns: Mapping[str, str | None], langs: Mapping[str, str | None]) -> Batch:
    header, rows, errors = read_rows(path)
    return rows_to_batch(header, rows, errors, str(path), columns, langs)


def read_dataframe(df: Any, columns: Mapping[str, str | None], langs: Mapping[str, str | None]) -> Batch:
    header = [str(c) for c in df.columns]
    records = df.to_dict(orient="records")
    rows = [Row(i + 1, {str(k): v for k, v in rec.items()}) for i, rec in enumerate(records)]
    return rows_to_batch(header, rows, [], "<DataFrame>", columns, langs)
