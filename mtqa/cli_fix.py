"""``mtqa fix``: write quote-repaired copies of MT files (a thin shell over :mod:`mtqa.fix`)."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

import click

from .checks.quotelang import style_error
from .config import ConfigError, load_config
from .fix import FixResult, fix_text
from .io.decode import DecodeError, decode_bytes

MT_FILE = re.compile(r"^(?P<stem>.+)\.mt\.(?P<lang>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\.(?:txt|md)$")
DEFAULT_OUTDIR = "mtqa-fixed"


def find_mt_files(folder: Path, skip: Path | None = None) -> list[Path]:
    """MT files (``<stem>.mt.<lang>.txt`` or ``.md``) under ``folder``, in a stable order."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or not MT_FILE.match(path.name):
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
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        _, encoding = decode_bytes(data, str(path))  # raises with a clear message if hopeless
        return data.decode(encoding), encoding


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
def fix(path: Path, outdir: Path | None, in_place: bool, style: str | None,
        punctuation: str | None, config_path: Path | None) -> None:
    """Repair quotation marks in MT files (PATH: a folder searched recursively, or one file).

    Normalises quotes to the house style and repairs pairs where the repair is unambiguous
    (foreign or mismatched marks, orientation, doubled marks, spaces inside quotes, nesting,
    American punctuation). Only quote characters and the spaces or punctuation beside them
    change; line breaks stay as they are. Corrected copies go to OUTDIR (default
    ./mtqa-fixed) under the same relative paths; originals are untouched unless --in-place.
    Prints every change as file:line: before -> after, and the places left alone.
    """
    if in_place and outdir is not None:
        raise click.UsageError("--in-place and --output exclude each other")
    options = _options(path, config_path, style, punctuation)
    base = path if path.is_dir() else path.parent
    target = None if in_place else (outdir or Path(DEFAULT_OUTDIR))
    if target is not None and target.resolve() == base.resolve():
        raise click.UsageError("the output folder is the input folder; use --in-place to overwrite originals")
    files = find_mt_files(path, target.resolve() if target else None) if path.is_dir() else [path]
    if not files:
        raise click.UsageError(f"no MT files (<stem>.mt.<lang>.txt or .md) under {path}")
    totals = [0, 0, 0]
    for file in files:
        rel = file.relative_to(base)
        result = _fix_file(file, rel, options)
        if result is None:
            totals[2] += 1
            continue
        _write(file, result, rel, target)
        totals[0] += len(result.changes)
        totals[1] += len(result.ambiguous)
    where = "in place" if target is None else f"into {target}"
    click.echo(f"{totals[0]} change(s) in {len(files)} file(s) written {where}; "
               f"{totals[1]} place(s) left alone" + (f"; {totals[2]} file(s) unreadable" if totals[2] else ""))
    if totals[2]:
        raise click.exceptions.Exit(1)


def _options(path: Path, config_path: Path | None, style: str | None, punctuation: str | None) -> dict:
    try:
        config = load_config(config_path, near=path)
        overrides = {k: v for k, v in (("style", style), ("punctuation", punctuation)) if v}
        if overrides:
            config = config.with_table("quotes", **overrides)
    except ConfigError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise click.exceptions.Exit(2) from None
    options = config.table("quotes")
    problem = style_error(options)
    if problem:
        click.echo(f"Error: {config.path or 'config'}: {problem}", err=True)
        raise click.exceptions.Exit(2)
    return options


def _fix_file(file: Path, rel: Path, options: dict) -> FixResult | None:
    try:
        text, _ = read_keeping_newlines(file)
    except (DecodeError, OSError) as exc:
        click.echo(f"{rel}: skipped: {exc}", err=True)
        return None
    result = fix_text(text, options, lang=_lang_of(file), markdown=file.suffix == ".md")
    for c in result.changes:
        click.echo(f"{rel}:{c.line}: {c.before.strip()} -> {c.after.strip()}  [{c.code}]")
    for a in result.ambiguous:
        click.echo(f"{rel}:{a.line}: left alone [{a.code}] {a.message}: {a.excerpt.strip()}")
    return result


def _write(file: Path, result: FixResult, rel: Path, target: Path | None) -> None:
    _, encoding = read_keeping_newlines(file)
    try:
        data = result.text.encode(encoding)
    except UnicodeEncodeError:  # a legacy encoding without curly quotes: keep UTF-8
        data = result.text.encode("utf-8")
    if target is None:
        if result.changed:
            file.write_bytes(data)
        return
    out = target / rel
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
