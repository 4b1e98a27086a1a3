"""A folder of articles: ``<stem>.<role>.<lang>.txt`` (or ``.md``), searched recursively.

Roles: ``mt`` (required), ``ref``, ``src``, ``bt``. Languages come from the file names.
Paragraphs are separated by blank lines.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..model import ROLES, Article, InputError
from ..segment import split_paragraphs
from . import Batch
from .decode import DecodeError, read_text

NAME = re.compile(r"^(?P<stem>.+)\.(?P<role>[a-z]+)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z]+)?)\.(?:txt|md)$")


def read_folder(root: Path) -> Batch:
    batch = Batch(kind="folder")
    groups: dict[tuple[Path, str], dict[str, Path]] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".txt", ".md")):
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        m = NAME.match(path.name)
        if not m:
            if path.name.count(".") >= 2:  # looks like it meant to be an article file
                batch.errors.append(InputError(str(path), None,
                    "name not understood; use <stem>.<role>.<lang>.txt with role mt, ref, src or bt"))
            continue
        role = m["role"]
        if role not in ROLES:
            batch.errors.append(InputError(str(path), None,
                f"unknown role '{role}' in the file name (use mt, ref, src or bt)"))
            continue
        files = groups.setdefault((path.parent, m["stem"]), {})
        if role in files:
            batch.errors.append(InputError(str(path), None,
                f"two {role} files for article '{m['stem']}' ({files[role].name} is used)"))
            continue
        files[role] = path
    for (folder, stem), files in sorted(groups.items()):
        article, errors = read_article(root, folder, stem, files)
        batch.errors.extend(errors)
        if article is not None:
            batch.articles.append(article)
    return batch


def read_article(root: Path, folder: Path, stem: str, files: dict[str, Path]) -> tuple[Article | None, list[InputError]]:
    errors: list[InputError] = []
    rel = (folder / stem).relative_to(root).as_posix() if folder != root else stem
    if "mt" not in files:
        names = ", ".join(p.name for p in files.values())
        return None, [InputError(str(folder / stem), None, f"article has no MT file <stem>.mt.<lang>.txt (found {names})")]
    raw: dict[str, tuple[str, ...]] = {}
    langs: dict[str, str] = {}
    for role, path in files.items():
        try:
            text, _enc = read_text(path)
        except DecodeError as exc:
            errors.append(InputError(str(path), None, str(exc).split(": ", 1)[-1]))
            if role == "mt":
                return None, errors
            continue
        paras = tuple(split_paragraphs(text))
        if not paras:
            errors.append(InputError(str(path), None, "file has no text"))
            if role == "mt":
                return None, errors
            continue
        raw[role] = paras
        langs[role] = NAME.match(path.name)["lang"]  # type: ignore[index]
    return Article(id=rel, path=str(files["mt"]), langs=langs, raw=raw, kind="folder"), errors
