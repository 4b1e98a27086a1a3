"""Termbases: the built-in Ukrainian news termbase plus the user's TSV, CSV or TBX files.

A termbase row maps one source term to the English terms allowed for it:

- ``source``: the Ukrainian term as written in a dictionary ("Верховна Рада", "ЗСУ",
  "громада"); inflected forms in a text are matched through their lemmas;
- ``target``: the allowed English terms, separated by ``|`` ("Armed Forces of Ukraine |
  Ukrainian Armed Forces"); the first is the one suggested;
- optional ``wrong``: renderings known to be a different entity ("Soviet army | USSR"),
  flagged as critical; ``kind`` (body, title, unit, currency, military, economy, law,
  org); ``severity`` of a missing term (minor or major; default: major for a body, minor
  otherwise); ``note``; ``provenance`` (where the allowed English comes from; required in
  the built-in termbase).

``[terms] files = ["our-terms.tsv", "glossary.tbx"]`` adds files (paths relative to the
config file); a user row with the source term of a built-in row replaces it.
``[terms] builtin = false`` drops the built-in termbase; ``[terms] disable = ["громада"]``
switches terms off by their source term.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from ...lang.lexicon import data_path
from .entry import REQUIRED, Term, TermbaseError, make_term, decode

BUILTIN = "terms/uk_news.tsv"
COLUMNS = ("source", "target", "wrong", "kind", "severity", "note", "provenance")


def parse_table(text: str, where: str, delimiter: str) -> tuple[Term, ...]:
    """Terms of a TSV (``delimiter`` tab) or CSV (comma) text with a header row; blank lines
    and lines starting with '#' are skipped."""
    lines = text.splitlines()
    numbered = [(n, ln) for n, ln in enumerate(lines, 1) if ln.strip() and not ln.lstrip().startswith("#")]
    if not numbered:
        return ()
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    try:
        rows = [(n, next(csv.reader([ln], delimiter=delimiter, quoting=quoting, strict=True)))
                for n, ln in numbered]
    except csv.Error as exc:
        bad = next(n for n, ln in numbered if _bad_csv(ln, delimiter, quoting))
        raise TermbaseError(f"{where}:{bad}: not a valid {'TSV' if delimiter == chr(9) else 'CSV'} line ({exc})") from None
    (head_line, header) = rows[0]
    header = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise TermbaseError(f"{where}:{head_line}: header lacks column(s) {', '.join(missing)} "
                            f"(columns: {', '.join(COLUMNS)})")
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise TermbaseError(f"{where}:{head_line}: unknown column(s) {', '.join(unknown)} (known: {', '.join(COLUMNS)})")
    out = []
    for n, cells in rows[1:]:
        if len(cells) > len(header):
            raise TermbaseError(f"{where}:{n}: {len(cells)} cells for {len(header)} columns")
        out.append(make_term(dict(zip(header, cells + [""] * (len(header) - len(cells)))), f"{where}:{n}"))
    return tuple(out)


def _bad_csv(line: str, delimiter: str, quoting: int) -> bool:
    try:
        next(csv.reader([line], delimiter=delimiter, quoting=quoting, strict=True))
        return False
    except csv.Error:
        return True


@lru_cache(maxsize=32)
def _read(path: str, mtime: float) -> tuple[Term, ...]:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise TermbaseError(f"{path}: cannot read termbase: {exc.strerror or exc}") from None
    suffix = Path(path).suffix.lower()
    if suffix in (".tbx", ".xml"):
        from .tbx import parse_tbx

        return parse_tbx(raw, path)
    text = decode(raw, path)
    if suffix == ".csv":
        return parse_table(text, path, ",")
    if suffix in (".tsv", ".txt", ".tab"):
        return parse_table(text, path, "\t")
    raise TermbaseError(f"{path}: unknown termbase format {suffix or '(no extension)'!r} (use .tsv, .csv or .tbx)")


def read_file(path: str | Path) -> tuple[Term, ...]:
    """The terms of one termbase file (cached while the file is unchanged)."""
    path = Path(path)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise TermbaseError(f"{path}: termbase not found") from None
    return _read(str(path), mtime)


@lru_cache(maxsize=1)
def builtin() -> tuple[Term, ...]:
    """The built-in Ukrainian news termbase (``mtqa/data/terms/uk_news.tsv``)."""
    return parse_table(data_path(BUILTIN).read_text(encoding="utf-8"), f"mtqa/data/{BUILTIN}", "\t")


def resolve(name: str, bases: Sequence[Path]) -> Path | None:
    """A termbase path: absolute as given, else the first base folder holding it."""
    path = Path(name).expanduser()
    if path.is_absolute():
        return path if path.is_file() else None
    return next((b / path for b in bases if (b / path).is_file()), None)


@lru_cache(maxsize=64)
def _merged(use_builtin: bool, files: tuple[str, ...], disabled: frozenset[str]) -> tuple[Term, ...]:
    by_key: dict[str, Term] = {t.key: t for t in builtin()} if use_builtin else {}
    for path in files:
        for term in read_file(path):
            by_key[term.key] = term
    return tuple(t for k, t in by_key.items() if k not in disabled)


def terms(options: Mapping[str, Any], bases: Iterable[Path] = ()) -> tuple[Term, ...]:
    """Every enabled term for the ``[terms]`` options. Files were checked when the config was
    loaded; one that has gone or broken since is skipped (a check never raises)."""
    files = []
    for name in options.get("files", []) or []:
        path = resolve(str(name), [Path.cwd(), *bases])
        if path is None:
            continue
        try:
            read_file(path)
        except TermbaseError:
            continue
        files.append(str(path))
    disabled = frozenset(str(d).strip().lower() for d in options.get("disable", []) or [])
    return _merged(bool(options.get("builtin", True)), tuple(files), disabled)


def validate_options(table: Mapping[str, Any], base: Path | None = None) -> str | None:
    """The ``[terms]`` validator: ``files`` and ``disable`` are lists of strings, ``builtin``
    true or false; every file exists (relative names: the working directory, then the config
    file's folder) and reads; every disabled term is in a termbase."""
    for key in ("files", "disable"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"'terms.{key}' should be a list of strings, got {value!r}"
    if not isinstance(table.get("builtin", True), bool):
        return f"'terms.builtin' should be true or false, got {table.get('builtin')!r}"
    bases = [Path.cwd(), *([base] if base else [])]
    keys = {t.key for t in builtin()}
    for name in table.get("files", []):
        path = resolve(name, bases)
        if path is None:
            return f"'terms.files': termbase {name!r} not found (looked in {' and '.join(map(str, bases))})"
        try:
            keys.update(t.key for t in read_file(path))
        except TermbaseError as exc:
            return f"'terms.files': {exc}"
    for term in table.get("disable", []):
        if term.strip().lower() not in keys:
            return f"'terms.disable': no term {term!r} in the built-in termbase or the termbase files"
    return None

