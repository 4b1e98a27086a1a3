"""One termbase row as data, and what every termbase reader shares: the error that names a
file and line, turning cells into a :class:`Term`, and decoding bytes."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ...model import Severity

KINDS = ("body", "title", "unit", "currency", "military", "economy", "law", "org", "term")
MAJOR_KINDS = ("body",)
REQUIRED = ("source", "target")


class TermbaseError(ValueError):
    """A termbase that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Term:
    source: str
    targets: tuple[str, ...]
    wrong: tuple[str, ...] = ()
    kind: str = "term"
    severity: Severity = Severity.MINOR
    note: str = ""
    provenance: str = ""
    where: str = ""  # file:line

    @property
    def key(self) -> str:
        return self.source.strip().lower()


def _split(cell: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in (cell or "").split("|") if t.strip())


def make_term(row: Mapping[str, str], where: str) -> Term:
    """A term from a row of cells (column -> text), or a TermbaseError naming ``where``."""
    for col in REQUIRED:
        if not (row.get(col) or "").strip():
            raise TermbaseError(f"{where}: empty {col}")
    kind = (row.get("kind") or "").strip() or "term"
    if kind not in KINDS:
        raise TermbaseError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    sev = (row.get("severity") or "").strip()
    try:
        severity = Severity.parse(sev) if sev else (Severity.MAJOR if kind in MAJOR_KINDS else Severity.MINOR)
    except ValueError as exc:
        raise TermbaseError(f"{where}: {exc}") from None
    if severity == Severity.CRITICAL:
        raise TermbaseError(f"{where}: a missing term is minor or major (critical is for a wrong entity)")
    return Term(source=" ".join(row["source"].split()), targets=_split(row["target"]),
                wrong=_split(row.get("wrong") or ""), kind=kind, severity=severity,
                note=(row.get("note") or "").strip(), provenance=(row.get("provenance") or "").strip(),
                where=where)


def decode(raw: bytes, where: str) -> str:
    """UTF-8 text (a BOM is dropped), else a TermbaseError naming the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TermbaseError(f"{where}:{line}: not UTF-8 text (byte {raw[exc.start]:#04x}); save the termbase "
                            "as UTF-8") from None
