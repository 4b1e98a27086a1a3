"""Repair the quotes of a table's MT column (``mtqa fix`` on .tsv, .csv, .jsonl) and nothing else.

Each MT cell is repaired as one text by :func:`mtqa.fix.quotes.fix_text`; the repaired cell is
written back in place of the old one the way the file writes cells (CSV quoting, JSON string
escapes), so every other cell and every byte outside the MT cells stays as it was. Rows the
table reader would refuse (not UTF-8, wrong field count, not JSON) are left as they are and
reported; MT cells holding HTML are left alone.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Mapping

from mtqa.fix.quotes import Ambiguity, Change, FixResult, fix_text
from mtqa.io.table import MAX_NESTING, TOO_DEEP, TableError, check_header, json_object, nesting, resolve_columns

_HTML = re.compile(r"<(?:p|br|div|h[1-6]|li|blockquote|a|span)\b[^>]*>", re.I)
_EOL = re.compile(r"\r\n|\r|\n")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")  # a line with its ending (as mtqa.fix.quotes reads lines)
_CSV_FIELD = re.compile(r'"(?:[^"]|"")*"|(?:[^,\r\n"][^,\r\n]*)?')  # as csv reads: a quote is special only first
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


@dataclass(frozen=True)
class _Cell:
    line: int  # the file line the cell starts on
    start: int  # the cell's raw span in the file text
    end: int
    value: str  # the cell's text


def fix_table(raw: str, kind: str, name: str, options: Mapping[str, Any] | None = None, *,
              mt_col: str | None = None, lang: str = "en", src_lang: str = "uk",
              bad_lines: Mapping[int, str] | None = None) -> FixResult:
    """Repair the quotes of the MT column of a table (``kind``: tsv, csv or jsonl) and of
    nothing else: every other cell, and every byte outside the MT cells, stays as it was.
    Each MT cell is fixed as one text; changes carry file lines. Rows on ``bad_lines``
    (line -> why, lines that are not text) are left alone and reported, as are rows the
    table reader would refuse. Raises TableError when the table has no MT column (or
    ``mt_col`` is not a column), or names a column twice."""
    cells, skipped = _mt_cells(raw, kind, name, mt_col, bad_lines or {})
    changes: list[Change] = []
    ambiguous: list[Ambiguity] = []
    edits: list[tuple[int, int, str]] = []
    for cell in cells:
        if _HTML.search(cell.value):
            ambiguous.append(Ambiguity(cell.line, "", "MT cell holds HTML; its quotes are not changed", ""))
            continue
        result = fix_text(cell.value, options, lang=lang, src_lang=src_lang)
        changes.extend(Change(cell.line + c.line - 1, c.code, c.before, c.after) for c in result.changes)
        ambiguous.extend(Ambiguity(cell.line + a.line - 1, a.code, a.message, a.excerpt) for a in result.ambiguous)
        if result.text != cell.value:
            edits.append((cell.start, cell.end, _encode_cell(kind, raw[cell.start : cell.end], result.text)))
    for start, end, text in sorted(edits, reverse=True):
        raw = raw[:start] + text + raw[end:]
    ambiguous.sort(key=lambda a: a.line)
    return FixResult(raw, tuple(changes), tuple(ambiguous), tuple(Ambiguity(n, "", why, "") for n, why in skipped))


def _mt_cells(raw: str, kind: str, name: str, mt_col: str | None, bad_lines: Mapping[int, str]
              ) -> tuple[list[_Cell], list[tuple[int, str]]]:
    """The MT cells of a table and the rows left alone (line, why)."""
    if kind == "jsonl":
        return _jsonl_cells(raw, name, mt_col, bad_lines)
    records = _tsv_records(raw) if kind == "tsv" else _csv_records(raw)
    if not records:
        raise TableError(name, "no header line")
    bad = _bad(raw, records[0], bad_lines)
    if bad:
        raise TableError(name, f"the header line is unreadable: {bad[1]}", bad[0])
    if records[0][2] is None:
        raise TableError(name, "the header line is not plain CSV", 1)
    header = [_csv_value(raw[a:b]) if kind == "csv" else raw[a:b] for a, b in records[0][2]]
    header = [h.strip() for h in header]
    check_header(header, name)
    idx = header.index(resolve_columns(header, {"mt": mt_col}, name)["mt"])
    cells, skipped = [], []
    for line, start, spans in records[1:]:
        bad = _bad(raw, (line, start, spans), bad_lines)
        if bad:
            skipped.append(bad)
        elif spans is None:
            skipped.append((line, "row is not plain CSV (text after a closing quote?)"))
        elif len(spans) != len(header):
            if any(raw[a:b].strip() for a, b in spans):
                skipped.append((line, f"row has {len(spans)} fields, the header has {len(header)}"))
        else:
            a, b = spans[idx]
            value = _csv_value(raw[a:b]) if kind == "csv" else raw[a:b]
            cells.append(_Cell(line + len(_EOL.findall(raw, start, a)), a, b, value))
    return cells, skipped


def _bad(raw: str, record: tuple[int, int, list[tuple[int, int]] | None],
         bad_lines: Mapping[int, str]) -> tuple[int, str] | None:
    """The first line of a record that is not text, with why."""
    line, start, spans = record
    last = line + len(_EOL.findall(raw, start, spans[-1][1])) if spans else line
    return next(((n, bad_lines[n]) for n in range(line, last + 1) if n in bad_lines), None)


def _tsv_records(raw: str) -> list[tuple[int, int, list[tuple[int, int]] | None]]:
    """(line, start, field spans) per line: tab-separated, no quoting (as the table reader reads .tsv)."""
    out = []
    for n, m in enumerate(_LINE.finditer(raw), 1):
        if not m.group():
            break
        content = m.group().rstrip("\r\n")
        spans, pos = [], m.start()
        for field_ in content.split("\t"):
            spans.append((pos, pos + len(field_)))
            pos += len(field_) + 1
        out.append((n, m.start(), spans))
    return out


def _csv_records(raw: str) -> list[tuple[int, int, list[tuple[int, int]] | None]]:
    """(first line, start, field spans) per CSV record; spans None for a record that is not
    plain CSV (a stray quote), which is then left alone."""
    out: list[tuple[int, int, list[tuple[int, int]] | None]] = []
    pos, line = 0, 1
    while pos < len(raw):
        start, spans = pos, []
        while True:
            m = _CSV_FIELD.match(raw, pos)
            spans.append(m.span())  # type: ignore[union-attr]
            pos = m.end()  # type: ignore[union-attr]
            if raw.startswith(",", pos):
                pos += 1
                continue
            break
        eol = _EOL.match(raw, pos)
        if pos < len(raw) and eol is None:  # not plain CSV: skip to the end of the line
            nxt = _EOL.search(raw, pos)
            pos = nxt.end() if nxt else len(raw)
            out.append((line, start, None))
        else:
            pos = eol.end() if eol else pos
            out.append((line, start, spans))
        line += len(_EOL.findall(raw, start, pos))
    return out


def _csv_value(field_: str) -> str:
    return field_[1:-1].replace('""', '"') if field_.startswith('"') else field_


def _jsonl_cells(raw: str, name: str, mt_col: str | None, bad_lines: Mapping[int, str]
                 ) -> tuple[list[_Cell], list[tuple[int, str]]]:
    objects: list[tuple[int, int, str, dict[str, Any]]] = []  # line, start, text, object
    skipped = []
    for n, m in enumerate(_LINE.finditer(raw), 1):
        content = m.group().rstrip("\r\n")
        if n in bad_lines:
            skipped.append((n, bad_lines[n]))
            continue
        if not content.strip():
            continue
        try:
            obj, twice = json_object(content)
        except ValueError:
            skipped.append((n, "not valid JSON"))
            continue
        except RecursionError:
            skipped.append((n, TOO_DEEP))
            continue
        if nesting(obj) > MAX_NESTING:
            skipped.append((n, TOO_DEEP))
            continue
        if isinstance(obj, dict) and not twice:  # the table reader reports the others
            objects.append((n, m.start(), content, obj))
    header = list(dict.fromkeys(k for *_, obj in objects for k in obj))
    col = resolve_columns(header, {"mt": mt_col}, name)["mt"]
    cells = []
    for n, start, content, obj in objects:
        span = _json_value_span(content, col) if isinstance(obj.get(col), str) else None
        if span is not None:
            cells.append(_Cell(n, start + span[0], start + span[1], obj[col]))
    return cells, skipped


def _json_value_span(line: str, key: str) -> tuple[int, int] | None:
    """The span of the string value of ``key`` in the top-level object on ``line``."""
    depth, i = 0, 0
    while i < len(line):
        c = line[i]
        if c == '"':
            m = _JSON_STRING.match(line, i)
            if m is None:
                return None
            after = len(line[m.end():]) - len(line[m.end():].lstrip())
            j = m.end() + after
            if depth == 1 and line.startswith(":", j) and json.loads(m.group()) == key:
                j += 1
                j += len(line[j:]) - len(line[j:].lstrip())
                value = _JSON_STRING.match(line, j)
                return value.span() if value else None
            i = m.end()
            continue
        depth += c in "{["
        depth -= c in "}]"
        i += 1
    return None


def _encode_cell(kind: str, old: str, new: str) -> str:
    """The MT cell's new raw text, written the way the old one was."""
    if kind == "jsonl":
        ascii_only = old.isascii() and "\\u" in old
        return json.dumps(new, ensure_ascii=ascii_only)
    if kind == "csv" and (old.startswith('"') or re.search(r'[",\r\n]', new)):
        return '"' + new.replace('"', '""') + '"'
    return new
