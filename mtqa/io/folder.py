"""A folder of articles: ``<stem>.<role>.<lang>.txt`` (or ``.md``), searched recursively.

Roles: ``mt`` (required), ``ref``, ``src``, ``bt``. Languages come from the file names.
Paragraphs are separated by blank lines.
"""
from __future__ import annotations

import re
from pathlib import Path

from mtqa.model import ROLES, Article, InputError
from mtqa.segment import split_paragraphs
from mtqa.io import Batch
from mtqa.io.decode import DecodeError, read_text
from mtqa.io.walk import walk_files

NAME = re.compile(r"^(?P<stem>.+)\.(?P<role>[a-z]+)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z]+)?)\.(?:txt|md)$")


def read_folder(root: Path) -> Batch:
    batch = Batch(kind="folder")
    paths = sorted(p for p in walk_files(root, batch.errors) if p.suffix in (".txt", ".md"))
    paths = [p for p in paths if not any(part.startswith(".") for part in p.relative_to(root).parts)]
    for (folder, stem), files in sorted(_articles(paths, batch.errors).items()):
        _add(batch, *read_article(root, folder, stem, files))
    return batch


ROLE_NAMES = {"mt": "MT", "ref": "reference", "src": "source", "bt": "back-translation"}


def read_article_file(path: Path) -> Batch:
    """One article named by its MT file (``<stem>.mt.<lang>.txt``); its other files are
    found beside it. Naming another of its files (``x.ref.en.txt``) is refused with a
    ValueError saying which file to name: the report would be about a file not named."""
    m = NAME.match(path.name)
    if not m:
        raise ValueError(f"{path}: not an article file (<stem>.mt.<lang>.txt)")
    stem, role = m["stem"], m["role"]
    if role not in ROLES:
        raise ValueError(f"{path}: unknown role '{role}' in the file name (use mt, ref, src or bt)")
    siblings = sorted(p for p in path.parent.iterdir()
                      if p.is_file() and p != path and (s := NAME.match(p.name)) and s["stem"] == stem)
    batch = Batch(kind="folder")
    files = _articles([path, *siblings], batch.errors).get((path.parent, stem), {})  # the named file first
    if role != "mt":
        mt = files.get("mt")
        todo = (f"name its MT file {mt.name} or the folder" if mt else
                f"the article has no MT file {stem}.mt.<lang>.txt")
        raise ValueError(f"{path}: this is the {ROLE_NAMES[role]} of article '{stem}', not its MT "
                         f"file; only MT is scored ({todo})")
    _add(batch, *read_article(path.parent, path.parent, stem, files))
    return batch


def _add(batch: Batch, article: Article | None, errors: list[InputError]) -> None:
    batch.errors.extend(errors)
    if article is not None:
        batch.articles.append(article)


def _articles(paths: list[Path], errors: list[InputError]) -> dict[tuple[Path, str], dict[str, Path]]:
    """Article files grouped by (folder, stem) -> role -> path; misnamed files are errors."""
    groups: dict[tuple[Path, str], dict[str, Path]] = {}
    for path in paths:
        m = NAME.match(path.name)
        if not m:
            if path.name.count(".") >= 2:  # looks like it meant to be an article file
                errors.append(InputError(str(path), None,
                    "name not understood; use <stem>.<role>.<lang>.txt with role mt, ref, src or bt"))
            continue
        role = m["role"]
        if role not in ROLES:
            errors.append(InputError(str(path), None,
                f"unknown role '{role}' in the file name (use mt, ref, src or bt)"))
            continue
        files = groups.setdefault((path.parent, m["stem"]), {})
        if role in files:
            errors.append(InputError(str(path), None,
                f"two {role} files for article '{m['stem']}' ({files[role].name} is used)"))
            continue
        files[role] = path
    return groups


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
            errors.append(InputError(str(path), exc.line, exc.reason))
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
