"""The ``mtqa`` command: a thin shell over the library. Exit codes: 0 done, 1 done but some
input could not be read (each error named on stderr), 2 usage or configuration error."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from mtqa.cli import common
from mtqa.escape import visible

FORMATS = ("text", "json", "jsonl", "csv", "html")


class ErrorGroup(click.Group):
    """Turns user errors into one clear line and exit code 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from mtqa.config import ConfigError

        try:
            return super().invoke(ctx)
        except (ConfigError, FileNotFoundError, ValueError) as exc:
            click.echo(f"mtqa: error: {visible(exc)}", err=True)
            ctx.exit(2)


@click.group(cls=ErrorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mtqa", prog_name="mtqa")
def cli() -> None:
    """Machine-translation quality checks for news articles.

    Scores MT against a reference, a source or a back-translation, and flags per paragraph
    garbled sentences, broken quote marks, calques and false friends, untranslated text,
    number mismatches, omissions and additions.

    Start with `mtqa score PATH` (text, json, jsonl, csv, or an HTML report for
    editors); `mtqa gate PATH` is the CI gate; `mtqa checks` lists every check.
    """


def _progress(enabled: bool):
    if not enabled:
        return None

    def start(stage: str, total: int):
        from tqdm import tqdm

        unit = "row" if stage == "scoring" else "item"  # the run's bar: rows done, rows/s, time left
        bar = tqdm(total=total, desc=stage, unit=unit, file=sys.stderr, leave=False)
        state = {"n": 0}

        def tick(n: int) -> None:
            bar.update(n)
            state["n"] += n
            if state["n"] >= total:
                bar.close()

        return tick

    return start


def table_options(fn):
    for role, help_ in reversed([
        ("mt", "MT column (default: mt or hypothesis)"),
        ("ref", "reference column (default: ref or reference)"),
        ("src", "source column (default: src or source)"),
        ("bt", "back-translation column (default: bt or backtranslation)"),
        ("doc", "document column(s), comma separated (default: doc_id, plus system if present)"),
        ("para", "paragraph column (default: paragraph or para_idx)"),
    ]):
        fn = click.option(f"--{role}-col", default=None, metavar="NAME", help=f"Table input: {help_}.")(fn)
    fn = click.option("--src-lang", default=None, metavar="LANG",
                      help="Table input: source language (default: guessed from the script).")(fn)
    return fn


@cli.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write the report here (html: NAME.html, or a folder); the terminal still gets the text summary unless --quiet.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="mtqa.toml or pyproject.toml to use (default: found next to PATH or above).")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None, envvar="MTQA_CACHE_DIR",
              help="Embedding and metric cache folder [env MTQA_CACHE_DIR; default ~/.cache/mtqa].")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--no-lm", is_flag=True,
              help="No language model: leave out the fluency signals (as [fluency] enabled = false).")
@click.option("--disable", multiple=True, metavar="CODE", help="Switch a check off (repeatable).")
@click.option("--select", multiple=True, metavar="CODE", help="Run only these checks (repeatable).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no terminal summary.")
@table_options
@common.cluster_options
def score(path: Path, fmt: str, output: Path | None, config_path: Path | None, cache_dir: Path | None,
          no_cache: bool, no_lm: bool, disable: tuple[str, ...], select: tuple[str, ...], quiet: bool,
          scheduler: str | None, workers: int | None, **cols: Any) -> None:
    """Score every article, paragraph and sentence under PATH and list the findings.

    PATH is a folder of articles (<stem>.mt.en.txt with optional <stem>.ref.en.txt,
    <stem>.src.uk.txt, <stem>.bt.uk.txt; searched recursively), a table (.tsv, .csv,
    .jsonl: one segment per row), a feed (.rss, .atom, .xml, or .jsonl whose lines carry
    "id" and "mt": one item per article), or one article's MT file. The terminal report
    shows the worst paragraphs of each article with up to 8 findings each; the other
    formats hold every finding.

    Articles are scored in chunks of about 400 paragraphs. jsonl is written as each chunk
    finishes (whole lines, in input order) and its records are not kept (the input texts
    are); csv is written at the end (its header needs every column). Ctrl-C keeps the
    lines written and the cache; the same command run again continues from the cache.
    """
    from mtqa.config import ConfigError, check_codes, load_config
    from mtqa.pipeline.runner import Options, read_input, run_batch
    from mtqa.report.formats import RENDERERS
    from mtqa.report.stream import STREAMED
    from mtqa.report.text import render

    if fmt == "html" and output is None:
        raise click.UsageError("--format html needs -o: -o NAME.html for one file, -o FOLDER for one page per article")
    if fmt != "html" and output is not None and output.is_dir():
        raise ConfigError(f"-o {output}: is a folder; --format {fmt} writes one file "
                          f"(only --format html writes a folder)")
    common.check_output(path, output)
    check_codes(disable, "--disable")
    check_codes(select, "--select")
    common.check_language(cols.get("src_lang"))
    config = load_config(config_path, near=path)
    if disable:
        config = config.with_core(disable=[*config.core["disable"], *disable])
    if select:
        config = config.with_core(**{"enable-only": list(select)})
    if no_lm:
        config = config.with_table("fluency", enabled=False)
    columns = {k[:-4]: v for k, v in cols.items() if k.endswith("_col")}
    opts = Options(cache_dir=str(cache_dir) if cache_dir else None, use_cache=not no_cache, columns=columns,
                   langs={"src": cols.get("src_lang"), "bt": cols.get("src_lang")},
                   progress=_progress(not quiet and sys.stderr.isatty()), scheduler=scheduler, workers=workers)
    batch = read_input(path, opts)
    if not batch.articles and not batch.errors and batch.kind not in ("feed", "table"):
        raise ConfigError(f"{path}: no articles found (a folder needs <stem>.mt.<lang>.txt files)")
    if fmt in STREAMED:  # written chunk by chunk as the run goes; nothing else kept but the summary
        _stream(batch, config, opts, path, fmt, output, quiet)
        return
    report = run_batch(batch, config, opts, str(path))
    text = "" if fmt == "html" else render(report) if fmt == "text" else RENDERERS[fmt](report)
    if fmt == "html":
        from mtqa.report.html import write_html

        written = write_html(report, output)
        if not quiet:
            click.echo(render(report, errors=False), nl=False)
            click.echo(f"wrote {visible(written)}", err=True)
    elif output:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"-o {output}: cannot write: {exc.strerror or exc}") from None
        if not quiet:
            click.echo(render(report, errors=False), nl=False)
            click.echo(f"wrote {visible(output)}", err=True)
    else:  # errors go to stderr below, once
        click.echo(render(report, errors=False) if fmt == "text" else text, nl=False)
    _errors(report)


def _errors(report: Any) -> None:
    for note in report.notes:
        click.echo(f"mtqa: note: {note}", err=True)
    for err in report.errors:
        click.echo(f"mtqa: error: {visible(err)}", err=True)
    if report.errors:
        sys.exit(1)


def _stream(batch: Any, config: Any, opts: Any, path: Path, fmt: str, output: Path | None, quiet: bool) -> None:
    """JSONL/CSV written as each chunk of articles is scored (whole lines, flushed per chunk).
    On Ctrl-C the lines written stay complete and the cache holds every chunk scored, so the
    same command run again continues from there."""
    from mtqa.config import ConfigError
    from mtqa.pipeline.runner import run_batch
    from mtqa.report.stream import StreamWriter, open_output
    from mtqa.report.text import render

    try:
        out = open_output(output)
    except OSError as exc:
        raise ConfigError(f"-o {output}: cannot write: {exc.strerror or exc}") from None
    summary = output is not None and not quiet
    try:
        writer = StreamWriter(batch, fmt, out)
        report = run_batch(batch, config, opts, str(path), on_chunk=writer.chunk, keep="summary" if summary else "none")
        writer.close()
    except KeyboardInterrupt:
        out.flush()
        click.echo("mtqa: interrupted; what was written is complete, and the same command continues "
                   "from the cache", err=True)
        sys.exit(130)
    finally:
        if output is not None:
            out.close()
    if summary:
        click.echo(render(report, errors=False), nl=False)
        click.echo(f"wrote {visible(output)}", err=True)
    _errors(report)


@cli.command("checks")
def list_checks() -> None:
    """List every check: code, family, MQM category, severity, what it flags."""
    from mtqa.checks.registry import all_checks

    rows = [(c.code, c.name, c.family, c.mqm, c.severity.value, c.summary) for c in all_checks().values()]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        click.echo("  ".join(r[i].ljust(widths[i]) for i in range(5)) + "  " + r[5])


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the documentation of check CODE (e.g. QT01) with its examples."""
    from mtqa.checks.registry import find, unknown

    c = find(code)
    if c is None:
        raise click.BadParameter(unknown(code), param_hint="CODE")
    click.echo(f"{c.code} {c.name} ({c.family}, {c.mqm}, {c.severity.value})\n")
    click.echo(c.doc)
    for title, examples in (("Flagged", c.fail), ("Not flagged", c.passes)):
        if examples:
            click.echo(f"\n{title}:")
            for ex in examples:
                click.echo("  - " + _example_text(ex))


def _example_text(ex: Any) -> str:
    """One documented example as an editor reads it: the MT, the other texts by role, and the
    article around it as numbered paragraphs (never Python tuples)."""
    if isinstance(ex, str):
        return ex
    parts = [f"{k}: {v}" for k, v in ex.items() if k not in ("article_mt", "index", "options", "langs")]
    if ex.get("article_mt"):
        here = ex.get("index", 0) or 0
        paras = " | ".join(f"¶{i + 1}{' (this one)' if i == here else ''} {t}" for i, t in enumerate(ex["article_mt"]))
        parts.append(f"in the article: {paras}")
    if ex.get("options"):
        parts.append("with " + ", ".join(f"{k} = {v!r}" for k, v in ex["options"].items()))
    return "; ".join(parts)


def _register_commands() -> None:
    """Commands that live in their own modules (kept small, imported only for their command)."""
    from mtqa.cli.fix import fix

    cli.add_command(fix)
    try:
        from mtqa.cli.gate import baseline, gate
    except ImportError:  # arrives with the CI gate
        return
    cli.add_command(gate)
    cli.add_command(baseline)


_register_commands()


def main() -> None:
    cli(prog_name="mtqa")


if __name__ == "__main__":
    main()
