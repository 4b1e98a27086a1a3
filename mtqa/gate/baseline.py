"""Baseline and suppression files, and matching findings against them by fingerprint.

Both files list findings by :func:`mtqa.report.fingerprint.fingerprint` (article, code and the text
around the finding), so edits elsewhere in an article keep the match:

* a baseline (``mtqa baseline PATH -o mtqa-baseline.json``) records today's findings:
  ``{"version": 1, "kind": "mtqa-baseline", "created": ..., "mtqa": ..., "findings":
  [{"fingerprint", "article", "code", "severity", "text"}]}``;
* suppressions come from the HTML report's triage export: ``{"version": 1, "kind":
  "mtqa-suppressions", "suppressions": [{"fingerprint", "article", "code", "status":
  "false-alarm" | "accepted", "note", "text"}]}``.

Matching counts: each entry covers one finding, so two identical findings need two entries.
Entries that match nothing are returned as stale.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Sequence

from mtqa.config import ConfigError

BASELINE_KIND = "mtqa-baseline"
SUPPRESSIONS_KIND = "mtqa-suppressions"
STATUSES = ("false-alarm", "accepted")


class BaselineError(ConfigError):
    """A baseline or suppressions file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class Entry:
    """One finding a baseline or suppressions file says not to fail on."""

    fingerprint: str
    article: str
    code: str
    status: str  # "baseline", "false-alarm" or "accepted"
    text: str = ""
    note: str = ""
    severity: str = ""
    source: str = ""  # the file it came from

    @property
    def suppressed(self) -> bool:
        return self.status != "baseline"

    def describe(self) -> str:
        text = f' "{self.text}"' if self.text else ""
        return f"{self.article} {self.code}{text} [{self.fingerprint}] ({self.status}, {self.source})"


def _load_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        hint = "; create it with `mtqa baseline PATH -o FILE`" if what == "baseline" else ""
        raise BaselineError(f"{path}: {what} file not found{hint}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read the {what} file ({exc})") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}: {what} file is not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise BaselineError(f"{path}: {what} file is nested too deeply to be an mtqa file") from None
    except ValueError as exc:  # an integer over 4,300 digits
        raise BaselineError(f"{path}: {what} file is not usable JSON ({exc})") from None


def _entries(path: Path, items: Any, key: str, status_of) -> list[Entry]:
    if not isinstance(items, list):
        raise BaselineError(f"{path}: '{key}' should be a list")
    out = []
    for i, item in enumerate(items):
        where = f"{path}: {key}[{i}]"
        if not isinstance(item, dict):
            raise BaselineError(f"{where} should be an object")
        fp = item.get("fingerprint")
        if not isinstance(fp, str) or not fp:
            raise BaselineError(f"{where} has no 'fingerprint'")
        for field in ("article", "code", "text", "note", "severity", "status"):
            value = item.get(field)
            if value is not None and not isinstance(value, str):
                raise BaselineError(f"{where}: '{field}' should be a string, not {type(value).__name__}")
        out.append(Entry(fingerprint=fp, article=str(item.get("article", "")), code=str(item.get("code", "")),
                         status=status_of(item, where), text=str(item.get("text") or ""),
                         note=str(item.get("note") or ""), severity=str(item.get("severity") or ""),
                         source=str(path)))
    return out


def read_entries(path: str | Path) -> list[Entry]:
    """Read a baseline or a suppressions file (told apart by its ``kind``)."""
    path = Path(path)
    data = _load_json(path, "baseline or suppressions")
    if not isinstance(data, dict) or data.get("kind") not in (BASELINE_KIND, SUPPRESSIONS_KIND):
        raise BaselineError(f"{path}: not an mtqa baseline or suppressions file "
                            f"(expected \"kind\": \"{BASELINE_KIND}\" or \"{SUPPRESSIONS_KIND}\")")
    if data.get("version") != 1:
        raise BaselineError(f"{path}: unsupported version {data.get('version')!r} (this mtqa reads version 1)")
    if data["kind"] == BASELINE_KIND:
        return _entries(path, data.get("findings", []), "findings", lambda item, where: "baseline")

    def status(item: dict, where: str) -> str:
        value = item.get("status", "false-alarm")
        if value not in STATUSES:
            raise BaselineError(f"{where}: status {value!r} is not one of {', '.join(STATUSES)}")
        return value

    return _entries(path, data.get("suppressions", []), "suppressions", status)


def match(fingerprints: Sequence[str], entries: Iterable[Entry]) -> tuple[list[Entry | None], list[Entry]]:
    """Pair each fingerprint (one per finding, in order) with an unused entry, if any.

    Suppressions are used before baseline entries. Returns the entry matched by each
    finding (``None``: a new finding) and the entries that matched nothing.
    """
    pool: dict[str, list[tuple[int, Entry]]] = defaultdict(list)
    ordered = sorted(entries, key=lambda e: not e.suppressed)  # stable: suppressions first
    for pos, e in enumerate(ordered):
        pool[e.fingerprint].append((pos, e))
    matched: list[Entry | None] = []
    for fp in fingerprints:
        left = pool.get(fp)
        matched.append(left.pop(0)[1] if left else None)
    stale = sorted((pe for left in pool.values() for pe in left), key=lambda pe: pe[0])
    return matched, [e for _, e in stale]


def baseline_document(findings: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The baseline file's content for findings given as dicts with fingerprint, article,
    code, severity and text."""
    from mtqa.version import __version__

    keys = ("fingerprint", "article", "code", "severity", "text")
    return {"version": 1, "kind": BASELINE_KIND, "created": date.today().isoformat(), "mtqa": __version__,
            "findings": [{k: f.get(k, "") for k in keys} for f in findings]}


def write_baseline(path: str | Path, findings: Iterable[dict[str, Any]]) -> int:
    doc = baseline_document(findings)
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(doc["findings"])
