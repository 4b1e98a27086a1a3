"""Helpers shared by the CLI commands."""
from __future__ import annotations

import os
from pathlib import Path


def check_language(lang: str | None, option: str = "--src-lang") -> None:
    """``lang`` is a language code (ISO 639, optionally with script or region: uk, zh-Hant,
    pt_BR), else a ConfigError naming the option (and the code, when a language name was given)."""
    from mtqa.checks.quotes.lang import conventions
    from mtqa.config import ConfigError

    if lang is None or _valid_language(lang):
        return
    word = lang.strip().lower()
    named = [c.lang for c in conventions().values() if word and c.name.lower().startswith(word)]
    hint = f"did you mean {' or '.join(named)}? " if named else ""
    raise ConfigError(f"{option} {lang!r}: not a language code ({hint}use an ISO 639 code such as uk, ru or zh)")


def check_output(path: Path, output: Path | None, option: str = "-o") -> None:
    """A ConfigError when ``output`` would overwrite input: the input file itself, or (a folder)
    an article file inside it (``<stem>.<role>.<lang>.txt``)."""
    from mtqa.config import ConfigError
    from mtqa.io.folder import NAME

    if output is None:
        return
    target = output.resolve()
    source = path.resolve()
    inside = path.is_dir() and source in target.parents and NAME.match(target.name) is not None
    if target == source or inside or (output.exists() and path.exists() and os.path.samefile(output, path)):
        raise ConfigError(f"{option} {output}: is the input{' file' if path.is_file() else ''} "
                          f"({path}); write the report to another file")


def _valid_language(lang: str) -> bool:
    import langcodes

    return bool(langcodes.tag_is_valid(lang))


def cluster_options(fn):  # type: ignore[no-untyped-def]
    """``--scheduler`` and ``--workers``: score on a Dask cluster (see mtqa.pipeline.distributed)."""
    import click

    fn = click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
                      help="Score on a local Dask cluster of N worker processes.")(fn)
    fn = click.option("--scheduler", default=None, envvar="MTQA_SCHEDULER", metavar="ADDRESS",
                      help="Score on the Dask cluster whose scheduler is at ADDRESS, e.g. "
                           "tcp://10.0.0.5:8786 [env MTQA_SCHEDULER].")(fn)
    return fn
