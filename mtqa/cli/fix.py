"""``mtqa fix``: write quote-repaired copies of MT files, or of tables with only their MT
column repaired (a thin shell over :mod:`mtqa.fix.quotes`)."""
from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

import click

from mtqa.checks.quotes.lang import style_error
from mtqa.config import ConfigError, load_config
from mtqa.escape import visible
from mtqa.fix.quotes import FixResult, fix_text
from mtqa.fix.table import fix_table
from mtqa.io.atomic import OutsideTree, inside, write_atomic
from mtqa.io.decode import DecodeError, decode_bytes, decode_lines
from mtqa.io.folder import NAME, ROLE_NAMES, walk_files
from mtqa.io.regular import read_regular
from mtqa.io.table import TABLE_SUFFIXES, ColumnError, TableError

MT_FILE = re.compile(r"^(?P<stem>.+)\.mt\.(?P<lang>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\.(?:txt|md)$")
DEFAULT_OUTDIR = "mtqa-fixed"
SUPPORTED = ("MT files (<stem>.mt.<lang>.txt or .md), a folder of them, or the MT column "
             "of a table (.tsv, .csv, .jsonl)")


def find_mt_files(folder: Path, skip: Path | None = None, errors: list | None = None) -> list[Path]:
    """MT files (``<stem>.mt.<lang>.txt`` or ``.md``) under ``folder``, in a stable order;
    folders that cannot be listed are added to ``errors``."""
    found = []
    for path in sorted(walk_files(folder, errors if errors is not None else [])):
        if not MT_FILE.match(path.name):
            continue
        if skip is not None and skip in path.resolve().parents:
            continue
        found.append(path)
    return found


def _lang_of(path: Path) -> str:
    m = MT_FILE.match(path.name)
    return m.group("lang") if m else "en"


def read_keeping_newlines(path: Path) -> tuple[str, str]:
    """(text, encoding) with line endings untouched; raises DecodeError."""
    data = read_regular(path)
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data.decode("utf-8-sig"), "utf-8-sig"
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16"), "utf-16"
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        _, encoding = decode_bytes(data, str(path))  # raises with a clear message if hopeless
        return data.decode(encoding), encoding


def read_table_keeping_newlines(path: Path) -> tuple[str, str, dict[int, str]]:
    """(text, encoding, bad lines) of a table with line endings untouched. A table that is
    UTF-8 but for a few lines is read with those lines' bad bytes kept as they are (written
    back unchanged); the bad lines (number -> why) are left alone. Raises DecodeError."""
    try:
        return (*read_keeping_newlines(path), {})
    except DecodeError:
        data = read_regular(path)
        decoded = decode_lines(data, str(path))  # raises when not mostly UTF-8
        bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        text = data[bom:].decode("utf-8", errors="surrogateescape")
        return text, "utf-8-sig" if bom else "utf-8", decoded.bad_lines


def _echo(line: str, err: bool = False) -> None:
    """One output line: control characters in file names and text made visible, and a line
    that would start with "::" (a file named so) prefixed with "./", so no line of mtqa fix's
    output can become a CI workflow command."""
    line = visible(line)
    click.echo("./" + line if line.startswith("::") else line, err=err)


def _style_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and style_error({"style": value}):
        raise click.BadParameter("use curly, straight, any, or four quote marks such as “”‘’")
    return value


@click.command("fix")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path),
              help=f"Folder for the corrected copies (default: ./{DEFAULT_OUTDIR}); "
                   "relative paths under PATH are kept.")
@click.option("--in-place", is_flag=True, help="Overwrite the original files instead.")
@click.option("--style", callback=_style_option, metavar="curly|straight|any",
              help="House quote style (overrides [quotes] style).")
@click.option("--punctuation", type=click.Choice(["american", "logical", "any"]),
              help="Comma/full stop placement at closing quotes (overrides [quotes] punctuation).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="mtqa.toml or pyproject.toml to use instead of the nearest one.")
@click.option("--mt-col", default=None, metavar="NAME",
              help="Table input: the MT column, the only one edited (default: mt or hypothesis).")
def fix(path: Path, outdir: Path | None, in_place: bool, style: str | None,
        punctuation: str | None, config_path: Path | None, mt_col: str | None) -> None:
    """Repair quotation marks in MT files (PATH: a folder searched recursively, or one file).

    Normalises quotes to the house style and repairs pairs where the repair is unambiguous
    (foreign or mismatched marks, orientation, doubled marks, spaces inside quotes, nesting,
    American punctuation). Only quote characters and the spaces or punctuation beside them
    change; line breaks stay as they are. Corrected copies go to OUTDIR (default
    ./mtqa-fixed) under the same relative paths; originals are untouched unless --in-place.
    Prints every change as file:line: before -> after, and the places left alone.

    A table (.tsv, .csv, .jsonl) has only its MT column repaired (--mt-col names it);
    source, reference and every other column stay exactly as they were. A reference,
    source or back-translation file, or an XML feed, is refused.

    Symbolic links out of PATH or OUTDIR are never followed (such files are listed and
    skipped); every file is written through a temporary file and an atomic rename.
    """
    if in_place and outdir is not None:
        raise click.UsageError("--in-place and --output exclude each other")
    from mtqa.pipeline.runner import refuse_special

    refuse_special(path)  # a FIFO would block for ever
    _refuse_unsupported(path, mt_col)
    options = _options(path, config_path, style, punctuation)
    base = path if path.is_dir() else path.parent
    target = None if in_place else (outdir or Path(DEFAULT_OUTDIR))
    if target is not None and target.resolve() == base.resolve():
        raise click.UsageError("the output folder is the input folder; use --in-place to overwrite originals")
    unlisted: list = []
    files = find_mt_files(path, target.resolve() if target else None, unlisted) if path.is_dir() else [path]
    for e in unlisted:
        _echo(str(e), err=True)
    if not files and not unlisted:
        raise click.UsageError(f"no MT files (<stem>.mt.<lang>.txt or .md) under {path}")
    totals = [0, 0, 0, 0]  # changes, places left alone, files unreadable, table rows unreadable
    for file in files:
        rel = file.relative_to(base)
        if not inside(file, base):  # a link to a file elsewhere: neither read nor (in place) written
            _echo(f"{rel}: skipped: a symbolic link out of {base}; not followed", err=True)
            totals[2] += 1
            continue
        fixed = _fix_file(file, rel, options, mt_col)
        if fixed is None:
            totals[2] += 1
            continue
        result, encoding = fixed
        if not _write(file, result, encoding, rel, base if target is None else target, target is None):
            totals[2] += 1
            continue
        totals[0] += len(result.changes)
        totals[1] += len(result.ambiguous)
        totals[3] += len(result.unreadable)
    where = "in place" if target is None else f"into {target}"
    _echo(f"{totals[0]} change(s) in {len(files) - totals[2]} file(s) written {where}; "
               f"{totals[1]} place(s) left alone" + (f"; {totals[2]} file(s) unreadable" if totals[2] else "")
               + (f"; {totals[3]} table row(s) unreadable, left as they were" if totals[3] else "")
               + (f"; {len(unlisted)} folder(s) unreadable" if unlisted else ""))
    if totals[2] or totals[3] or unlisted:
        raise click.exceptions.Exit(1)


def _options(path: Path, config_path: Path | None, style: str | None, punctuation: str | None) -> dict:
    try:
        config = load_config(config_path, near=path)
        overrides = {k: v for k, v in (("style", style), ("punctuation", punctuation)) if v}
        if overrides:
            config = config.with_table("quotes", **overrides)
    except ConfigError as exc:
        _echo(f"Error: {exc}", err=True)
        raise click.exceptions.Exit(2) from None
    options = config.table("quotes")
    problem = style_error(options)
    if problem:
        _echo(f"Error: {config.path or 'config'}: {problem}", err=True)
        raise click.exceptions.Exit(2)
    return options


def _refuse_unsupported(path: Path, mt_col: str | None) -> None:
    """Exit 2 for a file mtqa fix must not edit: another role's file, a feed, --mt-col off a table."""
    table = path.is_file() and path.suffix.lower() in TABLE_SUFFIXES
    if mt_col and not table:
        raise click.UsageError("--mt-col is for table input (.tsv, .csv, .jsonl)")
    if not path.is_file() or table:
        return
    m = NAME.match(path.name)
    if m and m["role"] != "mt":
        role = ROLE_NAMES.get(m["role"], f"'{m['role']}'")
        problem = f"{path} is a {role} file; only MT text is repaired"
    elif path.suffix.lower() in (".rss", ".atom", ".xml"):
        problem = f"{path}: XML feeds are not repaired"
    else:
        return
    _echo(f"Error: {problem}. mtqa fix takes {SUPPORTED}.", err=True)
    raise click.exceptions.Exit(2)


def _fix_file(file: Path, rel: Path, options: dict, mt_col: str | None = None) -> tuple[FixResult, str] | None:
    """The repaired text and the encoding to write it in, or None when the file is unreadable."""
    kind = file.suffix.lower().lstrip(".")
    try:
        if f".{kind}" in TABLE_SUFFIXES:
            text, encoding, bad = read_table_keeping_newlines(file)
            result = fix_table(text, "jsonl" if kind == "ndjson" else kind, str(rel), options,
                               mt_col=mt_col, bad_lines=bad)
        else:
            text, encoding = read_keeping_newlines(file)
            result = fix_text(text, options, lang=_lang_of(file), markdown=file.suffix == ".md")
    except ColumnError:
        raise  # --mt-col names no column: a usage error (exit 2)
    except (DecodeError, TableError) as exc:
        _echo(f"{rel}:{exc.line}: skipped: {exc.reason}" if exc.line else f"{rel}: skipped: {exc.reason}", err=True)
        return None
    except OSError as exc:
        _echo(f"{rel}: skipped: cannot read ({exc.strerror})", err=True)
        return None
    for c in result.changes:
        _echo(f"{rel}:{c.line}: {c.before.strip()} -> {c.after.strip()}  [{c.code}]")
    for a in result.ambiguous:
        code = f" [{a.code}]" if a.code else ""
        excerpt = f": {a.excerpt.strip()}" if a.excerpt.strip() else ""
        _echo(f"{rel}:{a.line}: left alone{code} {a.message}{excerpt}")
    for a in result.unreadable:
        _echo(f"{rel}:{a.line}: row not read, left as it is: {a.message}", err=True)
    return result, encoding


def _writable(file: Path) -> bool:
    """Whether ``--in-place`` may rewrite ``file``: the user may write it and its mode has a
    write bit (a file marked read-only is left alone even for root, who may write anything, and
    even though a rename would replace it)."""
    return os.access(file, os.W_OK) and bool(file.stat().st_mode & 0o222)


def _write(file: Path, result: FixResult, encoding: str, rel: Path, root: Path, in_place: bool) -> bool:
    """Write the repaired text over the file itself (``in_place``; ``root`` is the input
    folder) or to ``root / rel``, through a temporary file and an atomic rename, never through
    a link out of ``root``. False (reported) when it cannot be written."""
    if in_place and not result.changed:
        return True
    if in_place and not _writable(file):
        _echo(f"{rel}: not written: cannot write (the file is read-only)", err=True)
        return False
    try:  # bytes that were not UTF-8 (in lines left alone) are written back as they were
        data = result.text.encode(encoding, errors="surrogateescape" if encoding.startswith("utf-8") else "strict")
    except UnicodeEncodeError:  # a legacy encoding without curly quotes: keep UTF-8
        data = result.text.encode("utf-8")
    try:
        write_atomic(file.resolve() if in_place else root / rel, data, root)
    except OutsideTree as exc:
        _echo(f"{rel}: not written: {exc}", err=True)
        return False
    except OSError as exc:
        _echo(f"{rel}: not written ({exc.strerror or exc})", err=True)
        return False
    return True
