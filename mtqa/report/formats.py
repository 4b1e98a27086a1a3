"""json, jsonl, csv (and html, see html.py) from the same records."""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Callable, Iterable

from mtqa.aggregate.records import Report


def to_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def to_jsonl(report: Report) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in report.to_records())


def _flat(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def to_csv(report: Report) -> str:
    records = report.to_records()
    fields: dict[str, None] = {}
    for r in records:
        fields.update(dict.fromkeys(r))
    buf = io.StringIO()
    write_csv(records, fields, buf, report.key_of)
    return buf.getvalue()


def write_csv(records: Iterable[dict[str, Any]], fields: dict[str, None], buf: Any,
              key: Callable[[str], str] = str) -> None:
    """Write the CSV of ``records``, whose keys in order of first appearance are ``fields``;
    ``key`` names mtqa's own fields in these records (``Report.key_of``)."""
    found, n_found, codes = (key(k) for k in ("findings", "n_findings", "codes"))
    fields = dict(fields)
    fields.pop(found, None)
    names = [*fields, n_found, codes, found]
    writer = csv.DictWriter(buf, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for r in records:
        row = {k: _flat(v) for k, v in r.items()}
        row[n_found] = len(r.get(found, []))
        row[codes] = " ".join(f["code"] for f in r.get(found, []))
        writer.writerow(row)


def to_html(report: Report) -> str:
    """The whole report as one self-contained HTML file (``mtqa.report.html.write_html``
    also writes the folder form for large runs)."""
    from mtqa.report.html import render_html

    return render_html(report)


RENDERERS = {"json": to_json, "jsonl": to_jsonl, "csv": to_csv, "html": to_html}
