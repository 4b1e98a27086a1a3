"""A table of segments (.tsv, .csv, .jsonl, or a pandas DataFrame), one segment per row.

Rows that share the document key form one article in row order; the key is ``doc_id`` plus
``system`` when the table has a system column (WMT files hold every system's output of one
document). An optional ``paragraph``/``para_idx`` column groups consecutive rows of an
article into paragraphs; otherwise each row is a paragraph. ``.tsv`` files are read without
quoting (as WMT ships them), ``.csv`` with standard CSV quoting.

Bad input costs only its own rows, each reported with its line: a line that is not UTF-8
(in a file that otherwise is), a wrong field count, a line that is not a JSON object, a key
given twice in one object, or a text cell (mt, ref, src, bt) that holds a number, list or
object. A missing or null text cell is empty text. The table as a whole is refused when it
cannot be decoded, has no header, names a column twice, or has no MT column.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from mtqa.model import Article, InputError, Paragraph, Part, is_missing, text_of
from mtqa.io import Batch, ReadError
from mtqa.io.decode import DecodeError, read_lines

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
MAX_PARAGRAPH_ROWS = 8
"""A paragraph column that puts more rows than this into one paragraph, while no article has
two paragraphs, cannot be right (WMT's ``para_idx`` is 0 on every row of a document): it is
reported and the rows are grouped as if there were no paragraph column."""
TEXT_ROLES = ("mt", "ref", "src", "bt")


class TableError(ReadError):
    """The table as a whole cannot be read (no MT column, unreadable file, a bad header)."""


class ColumnError(TableError):
    """A column the caller named (``--mt-col`` etc.) is not in the table: a usage error, not
    unreadable input, so the pipeline lets it through to the caller."""


@dataclass(frozen=True)
class Row:
    line: int
    values: Mapping[str, Any]


def read_rows(path: Path) -> tuple[list[str], list[Row], list[InputError]]:
    try:
        decoded = read_lines(path)
    except DecodeError as exc:
        raise TableError(exc.path, exc.reason, exc.line) from None
    if path.suffix in (".jsonl", ".ndjson"):
        return jsonl_rows(decoded.text, str(path), decoded.bad_lines)
    return _delimited_rows(decoded.text, str(path), "\t" if path.suffix == ".tsv" else ",", decoded.bad_lines)


def _delimited_rows(text: str, name: str, sep: str, bad_lines: Mapping[int, str] | None = None
                    ) -> tuple[list[str], list[Row], list[InputError]]:
    bad_lines = bad_lines or {}
    quoting = csv.QUOTE_NONE if sep == "\t" else csv.QUOTE_MINIMAL
    # a cell may be as long as the file (the module's default limit is 131,072 characters)
    csv.field_size_limit(max(csv.field_size_limit(), min(len(text) + 1, 2**31 - 1)))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quoting=quoting)
    header = next(reader, None)
    if not header:
        raise TableError(name, "no header line")
    bad = [n for n in range(1, reader.line_num + 1) if n in bad_lines]
    if bad:
        raise TableError(name, f"the header line is unreadable: {bad_lines[bad[0]]}", bad[0])
    header = [h.strip() for h in header]
    check_header(header, name)
    rows, errors = [], []
    last = reader.line_num
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # the csv module's own refusal: costs this row only
            kind = "TSV" if sep == "\t" else "CSV"
            errors.append(InputError(name, reader.line_num, f"row not readable as {kind} ({exc})"))
            last = reader.line_num
            continue
        first, line, last = last + 1, reader.line_num, reader.line_num
        bad = [n for n in range(first, line + 1) if n in bad_lines]
        if bad:  # the row is reported, not scored with replacement characters
            errors.append(InputError(name, bad[0], bad_lines[bad[0]]))
            continue
        if not values or all(not v.strip() for v in values):
            continue
        if len(values) != len(header):
            errors.append(InputError(name, line, f"row has {len(values)} fields, the header has {len(header)}"))
            continue
        rows.append(Row(line, dict(zip(header, values))))
    return header, rows, errors


def check_header(header: Sequence[str], name: str) -> None:
    """Refuse a header that names a column twice: one of the two would be lost."""
    seen: dict[str, int] = {}
    for k, col in enumerate(header, 1):
        if col in seen:
            what = f"column '{col}'" if col else "a column with no name"
            raise TableError(name, f"the header names {what} twice (columns {seen[col]} and {k}); "
                                   "rename one so no column is lost", 1)
        seen[col] = k


def jsonl_rows(text: str, name: str, bad_lines: Mapping[int, str] | None = None
               ) -> tuple[list[str], list[Row], list[InputError]]:
    bad_lines = bad_lines or {}
    header: dict[str, None] = {}
    rows, errors = [], []
    for n, line in enumerate(text.split("\n"), 1):
        if n in bad_lines:
            errors.append(InputError(name, n, bad_lines[n]))
            continue
        if not line.strip():
            continue
        try:
            obj, twice = json_object(line)
        except json.JSONDecodeError as exc:
            errors.append(InputError(name, n, f"not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        except RecursionError:  # deeper than the parser goes: deeper than the limit too
            errors.append(InputError(name, n, TOO_DEEP))
            continue
        except ValueError as exc:  # an integer over 4,300 digits, NaN, a lone surrogate
            errors.append(InputError(name, n, f"not valid JSON ({exc})"))
            continue
        if nesting(obj) > MAX_NESTING:
            errors.append(InputError(name, n, TOO_DEEP))
            continue
        if not isinstance(obj, dict):
            errors.append(InputError(name, n, "each line must be a JSON object"))
            continue
        if twice:
            errors.append(InputError(name, n, f"key '{twice[0]}' is given twice in the object"))
            continue
        header.update(dict.fromkeys(obj))
        rows.append(Row(n, obj))
    return list(header), rows, errors


MAX_NESTING = 64  # deeper JSON rows are refused: no news row needs it, and deeper ones recurse
TOO_DEEP = f"JSON nested more than {MAX_NESTING} levels deep"


def nesting(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (0 for a plain value), without recursion."""
    deepest, todo = 0, [(value, 0)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, (list, dict)):
            depth += 1
            deepest = max(deepest, depth)
            if depth > MAX_NESTING:
                break
            todo.extend((x, depth) for x in (item.values() if isinstance(item, dict) else item))
    return deepest


def json_object(line: str) -> tuple[Any, list[str]]:
    """The parsed line and the keys its top-level object gives twice (``json`` keeps the last)."""
    twice: list[list[str]] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        twice.append([k for k in dict.fromkeys(keys) if keys.count(k) > 1])
        return dict(pairs)

    obj = json.loads(line, object_pairs_hook=pairs_hook, parse_constant=_no_constant)
    if _SURROGATE.search(line) and _has_surrogate(obj):
        raise ValueError("a lone surrogate such as \\ud800 is not text")
    return obj, (twice[-1] if isinstance(obj, dict) else [])  # the outer object is made last


_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")  # cheap test before the walk


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value (write null, a number or a string)")


def _has_surrogate(value: Any) -> bool:
    """Whether a parsed JSON value holds a lone surrogate (in a key or a string), which no
    output can encode."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if any("\ud800" <= c <= "\udfff" for c in v):
                return True
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


def resolve_columns(header: Sequence[str], given: Mapping[str, str | None], name: str) -> dict[str, str]:
    """Map roles to column names: given names must exist; defaults are looked up by name."""
    lower: dict[str, list[str]] = {}
    for h in header:
        lower.setdefault(h.lower(), []).append(h)
    found: dict[str, str] = {}
    for role, candidates in DEFAULT_COLUMNS.items():
        want = given.get(role)
        if want:
            cols = [c.strip() for c in want.split(",")] if role == "doc" else [want]
            missing = [c for c in cols if c not in header]
            if missing:
                raise ColumnError(name, f"--{role}-col {missing[0]!r}: no column {missing[0]!r} in the table "
                                        f"(columns: {', '.join(header) or 'none'})")
            found[role] = ",".join(cols)
            continue
        for cand in candidates:
            if len(lower.get(cand, ())) > 1:  # 'mt' and 'MT': which one is meant?
                same = " and ".join(f"'{h}'" for h in lower[cand])
                flag = f" or pass --{role}-col" if role != "system" else ""
                raise TableError(name, f"columns {same} differ only in case; rename one{flag}", 1)
            if cand in lower:
                found[role] = lower[cand][0]
                break
    if "mt" not in found:
        raise TableError(name, "no MT column: name it mt or hypothesis, or pass --mt-col "
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
    return text_of(row.values.get(col))


def _not_text(row: Row, cols: Mapping[str, str], name: str) -> InputError | None:
    """A row error when a text column (mt, ref, src, bt) holds a number, list or object."""
    for role in TEXT_ROLES:
        col = cols.get(role)
        value = row.values.get(col) if col else None
        if not is_missing(value) and not isinstance(value, str):
            kind = "a list" if isinstance(value, list) else "an object" if isinstance(value, dict) else repr(value)
            return InputError(name, row.line, f"'{col}' should be a string, not {kind}")
    return None


def rows_to_batch(header: list[str], rows: list[Row], errors: list[InputError], name: str,
                  columns: Mapping[str, str | None], langs: Mapping[str, str | None]) -> Batch:
    cols = resolve_columns(header, columns, name)
    total = len(rows) + len(errors)
    errors, kept = list(errors), []
    for row in rows:
        problem = _not_text(row, cols, name)
        if problem:
            errors.append(problem)
        else:
            kept.append(row)
    rows = kept
    errors.sort(key=lambda e: e.line or 0)
    doc_cols = cols["doc"].split(",") if "doc" in cols else []
    if "doc" in cols and not columns.get("doc") and "system" in cols:
        doc_cols.append(cols["system"])
    roles = [r for r in TEXT_ROLES if r in cols]
    lang = {"mt": "en", "ref": "en", "src": "uk", "bt": "uk"}
    for role in ("src", "bt"):
        if role in cols:
            lang[role] = guess_language(_cell(r, cols[role]) for r in rows)
    lang.update({k: v for k, v in langs.items() if v})
    groups: dict[tuple[str, ...], list[Row]] = {}
    for i, row in enumerate(rows):
        key = tuple(_cell(row, c) for c in doc_cols) if doc_cols else (f"row{row.line}",)
        groups.setdefault(key, []).append(row)
    batch = Batch(kind="table", errors=list(errors), columns=list(header), rows=total)
    if "para" in cols and not plausible_paragraphs(groups.values(), cols["para"]):
        biggest = max(len(g) for g in groups.values())
        batch.notes.append(InputError(name, None, (
            f"paragraph column '{cols['para']}' has one value in every article (up to {biggest} rows "
            "in one paragraph), so it cannot mark paragraphs; each row is treated as a paragraph "
            "(name another column with --para-col if one marks them)")))
        cols = {k: v for k, v in cols.items() if k != "para"}
    for key, group in groups.items():
        batch.articles.append(_article(key, group, cols, roles, lang, name))
    return batch


def plausible_paragraphs(articles: Iterable[list[Row]], col: str) -> bool:
    """False when the column gives no article two paragraphs yet puts more than
    ``MAX_PARAGRAPH_ROWS`` rows into one: a constant (WMT's ``para_idx`` 0), not paragraphs."""
    articles = list(articles)
    if any(len({_cell(r, col) for r in rows}) > 1 for rows in articles):
        return True
    return max((len(rows) for rows in articles), default=0) <= MAX_PARAGRAPH_ROWS


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
                                    langs={r: lang[r] for r in roles},
                                    label=_cell(chunk[0], para_col).strip() if para_col else ""))
    article_id = "/".join(key)
    raw = {r: tuple(p.texts[r] for p in paragraphs) for r in roles}
    return Article(id=article_id, path=name, langs={r: lang[r] for r in roles}, raw=raw,
                   paragraphs=tuple(paragraphs), kind="table")


def read_table(path: Path, columns: Mapping[str, str | None], langs: Mapping[str, str | None]) -> Batch:
    """The table's articles and row errors; TableError when it is unreadable as a whole."""
    header, rows, errors = read_rows(path)
    return rows_to_batch(header, rows, errors, str(path), columns, langs)


def read_dataframe(df: Any, columns: Mapping[str, str | None], langs: Mapping[str, str | None]) -> Batch:
    header = [str(c) for c in df.columns]
    check_header(header, "<DataFrame>")
    records = df.to_dict(orient="records")
    rows = [Row(i + 1, {str(k): v for k, v in rec.items()}) for i, rec in enumerate(records)]
    return rows_to_batch(header, rows, [], "<DataFrame>", columns, langs)
