"""The idiom lexicons as entries: the built-in data files plus users' extra files.

Built in: ``calques.tsv`` (kinds calque and false-friend) and ``idioms_literal.tsv`` (kind
literal). ``[idioms] extra = ["our-calques.tsv"]`` adds files with the same columns (a row
with the id of a built-in row replaces it); ``[idioms] disable = ["entry-id"]`` switches
entries off. Relative extra paths are resolved against the config file's folder when the
configuration says where that is, else against the working directory and the folders above
the article.
"""
from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from mtqa.escape import visible
from mtqa.lang.lexicon import data_path
from mtqa.checks.idioms.patterns import compile_pattern

BUILTIN = ("calques.tsv", "idioms_literal.tsv")
KINDS = {"calque": "ID01", "literal": "ID02", "false-friend": "ID03"}
COLUMNS = ("id", "kind", "pattern", "origin", "why", "suggestion", "bad", "good", "case", "confidence", "source")
REQUIRED = ("id", "pattern", "why")
DEFAULT_CONFIDENCE = 0.8


class LexiconError(ValueError):
    """A problem in a lexicon file; the message names the file and line."""


@dataclass(frozen=True, eq=False)  # identity: entries come from cached loaders; hashing stays cheap
class Entry:
    id: str
    kind: str
    pattern: str
    origin: str
    why: str
    suggestions: tuple[str, ...]
    bad: str
    good: str
    case_sensitive: bool
    confidence: float
    source: str
    where: str  # file:line

    @property
    def code(self) -> str:
        return KINDS[self.kind]

    @property
    def regex(self):
        return compile_pattern(self.pattern, self.case_sensitive)


def parse(lines: Sequence[str], where: str) -> tuple[Entry, ...]:
    """Entries from the lines of a lexicon file (header row first; '#' lines are comments)."""
    numbered = [(n, ln) for n, ln in enumerate(lines, 1) if ln.strip() and not ln.startswith("#")]
    if not numbered:
        return ()
    header = numbered[0][1].split("\t")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise LexiconError(f"{where}:{numbered[0][0]}: header lacks column(s) {', '.join(missing)}")
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise LexiconError(f"{where}:{numbered[0][0]}: unknown column(s) {', '.join(unknown)} "
                           f"(known: {', '.join(COLUMNS)})")
    out = []
    for n, line in numbered[1:]:
        cells = line.split("\t")
        if len(cells) > len(header):
            raise LexiconError(f"{where}:{n}: {len(cells)} cells for {len(header)} columns")
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        out.append(_entry(row, f"{where}:{n}"))
    return tuple(out)


def _entry(row: Mapping[str, str], where: str) -> Entry:
    for col in REQUIRED:
        if not row.get(col, "").strip():
            raise LexiconError(f"{where}: empty {col}")
    kind = row.get("kind", "").strip() or "calque"
    if kind not in KINDS:
        raise LexiconError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    try:
        confidence = float(row.get("confidence") or DEFAULT_CONFIDENCE)
    except ValueError:
        raise LexiconError(f"{where}: confidence {row.get('confidence')!r} is not a number") from None
    entry = Entry(
        id=row["id"].strip(), kind=kind, pattern=row["pattern"].strip(), origin=row.get("origin", "").strip(),
        why=row["why"].strip(),
        suggestions=tuple(s.strip() for s in row.get("suggestion", "").split(" | ") if s.strip()),
        bad=row.get("bad", ""), good=row.get("good", ""), case_sensitive=row.get("case", "").strip() == "yes",
        confidence=max(0.0, min(1.0, confidence)), source=row.get("source", "").strip(), where=where,
    )
    try:
        entry.regex
    except Exception as exc:  # re.error or ValueError
        raise LexiconError(f"{where}: pattern {entry.pattern!r} does not compile: {exc}") from None
    return entry


@lru_cache(maxsize=1)
def builtin() -> tuple[Entry, ...]:
    out: list[Entry] = []
    for name in BUILTIN:
        out.extend(parse(data_path(name).read_text(encoding="utf-8").splitlines(), f"mtqa/data/{name}"))
    return tuple(out)


@lru_cache(maxsize=32)
def _read_file(path: str, mtime: float) -> tuple[Entry, ...]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read idiom lexicon: {exc}") from None
    return parse(text.splitlines(), path)


def read_file(path: str | Path) -> tuple[Entry, ...]:
    path = Path(path)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise LexiconError(f"{path}: idiom lexicon not found") from None
    return _read_file(str(path), mtime)


def resolve(name: str, bases: Iterable[Path]) -> Path:
    """An extra file's path: absolute as given, else the first base folder that holds it."""
    path = Path(name).expanduser()
    if path.is_absolute():
        return path
    candidates = [Path(b) / path for b in bases]
    return next((c for c in candidates if c.is_file()), candidates[0] if candidates else path)


def search_bases(article_path: str = "") -> list[Path]:
    """Where relative extra paths are looked for: the working directory, then the article's
    folder and the folders above it (where ``mtqa.toml`` is found)."""
    bases = [Path.cwd()]
    if article_path:
        here = Path(article_path).resolve()
        bases.extend([here.parent, *here.parent.parents] if not here.is_dir() else [here, *here.parents])
    return bases


_warned: set[str] = set()


@lru_cache(maxsize=64)
def _entries(extra: tuple[str, ...], disabled: frozenset[str]) -> tuple[Entry, ...]:
    by_id = {e.id: e for e in builtin()}
    for path in extra:
        for entry in read_file(path):
            by_id[entry.id] = entry
    return tuple(e for e in by_id.values() if e.id not in disabled)


def entries(options: Mapping[str, Any], article_path: str = "") -> tuple[Entry, ...]:
    """Every enabled entry for a family's options (``extra`` files, ``disable`` ids). A file
    that cannot be read is reported once on stderr and skipped: a check never raises."""
    bases = search_bases(article_path)
    extra = []
    for name in options.get("extra", []) or []:
        path = resolve(str(name), bases)
        try:
            read_file(path)
        except LexiconError as exc:
            if str(exc) not in _warned:
                _warned.add(str(exc))
                print(visible(f"mtqa: {exc}"), file=sys.stderr)
            continue
        extra.append(str(path))
    return _entries(tuple(extra), frozenset(options.get("disable", []) or []))


def validate_options(table: Mapping[str, Any], base: Path | None = None) -> str | None:
    """The ``[idioms]`` validator: lists of strings; extra files that exist and parse (a
    relative name is looked for in the working directory, then in ``base``, the config
    file's folder); disabled ids that a built-in or extra lexicon has."""
    for key in ("extra", "disable"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"'idioms.{key}' should be a list of strings"
    ids = {e.id for e in builtin()}
    bases = [Path.cwd(), *([base] if base and base != Path.cwd() else [])]
    for name in table.get("extra", []):
        path = Path(name).expanduser()
        candidates = [path] if path.is_absolute() else [b / path for b in bases]
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            return f"'idioms.extra': lexicon file {name!r} not found (looked for {' and '.join(map(str, candidates))})"
        try:
            ids.update(e.id for e in read_file(found))
        except LexiconError as exc:
            return f"'idioms.extra': {exc}"
    for entry_id in table.get("disable", []):
        if entry_id not in ids:
            near = difflib.get_close_matches(entry_id, sorted(ids), n=3)
            hint = f"did you mean {' or '.join(near)}? " if near else ""
            files = ", ".join(f"mtqa/data/{n}" for n in BUILTIN)
            return (f"'idioms.disable': no lexicon entry {entry_id!r} "
                    f"({hint}ids are the first column of {files} and the extra files)")
    return None
