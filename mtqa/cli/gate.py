"""``mtqa gate`` and ``mtqa baseline``: the CI gate (thin; the logic is in gate.py,
baseline.py, state.py and the renderers).

Exit codes of ``mtqa gate``: 0 passed, 1 the gate failed, 2 usage or configuration error,
3 internal error (one line; ``MTQA_DEBUG=1`` prints the traceback).
"""
from __future__ import annotations

import functools
import math
import os
import sys
import traceback
from pathlib import Path
from typing import Any, Callable

import click

FORMATS = ("text", "json", "junit", "github", "sarif")
SEVERITIES = ("minor", "major", "critical", "none")
PASSED, FAILED, USAGE, INTERNAL = 0, 1, 2, 3


def _fail(code: int, message: str) -> None:
    from mtqa.escape import visible

    click.echo(f"mtqa: {'error' if code == USAGE else 'internal error'}: {visible(message)}", err=True)
    sys.exit(code)


def guarded(fn: Callable[..., int]) -> Callable[..., None]:
    """Run a command body; turn user errors into exit 2 and anything unexpected into exit 3."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        from mtqa.config import ConfigError

        try:
            code = fn(*args, **kwargs)
        except (ConfigError, FileNotFoundError) as exc:
            _fail(USAGE, str(exc))
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the command boundary
            if os.environ.get("MTQA_DEBUG"):
                traceback.print_exc()
            hint = "" if os.environ.get("MTQA_DEBUG") else " (re-run with MTQA_DEBUG=1 for the traceback)"
            _fail(INTERNAL, f"{type(exc).__name__}: {exc}{hint}")
        sys.exit(code)

    return wrapper


class Score(click.FloatRange):
    """A score threshold: a finite number from 0 to 100 (click's FloatRange lets NaN through,
    since every comparison with NaN is false, and the gate then never fails)."""

    def __init__(self) -> None:
        super().__init__(0, 100)

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number (use 0 to 100)", param, ctx)
        return number


def common_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Input, config, cache and state options shared by ``gate`` and ``baseline``."""
    for role in ("para", "doc", "bt", "src", "ref", "mt"):
        fn = click.option(f"--{role}-col", default=None, metavar="NAME",
                          help=f"Table input: the {role} column (as for `mtqa score`).")(fn)
    options = [
        click.option("--src-lang", default=None, metavar="LANG", help="Table input: source language."),
        click.option("-q", "--quiet", is_flag=True, help="Only failures and the summary line on the terminal."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the embedding/metric cache."),
        click.option("--cache-dir", type=click.Path(path_type=Path), default=None, envvar="MTQA_CACHE_DIR",
                     help="Embedding and metric cache folder [env MTQA_CACHE_DIR]."),
        click.option("--state", "state_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
                     help="SQLite file remembering checked item versions: score only new or changed items."),
        click.option("--suppressions", type=click.Path(path_type=Path), default=None,
                     help="Suppressions exported from the HTML report's triage [gate.suppressions]."),
        click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
                     help="mtqa.toml or pyproject.toml (default: found next to PATH or above)."),
    ]
    for option in options:
        fn = option(fn)
    from mtqa.cli.common import cluster_options

    fn = cluster_options(fn)
    return click.argument("path", type=click.Path(exists=True, path_type=Path))(fn)


def _score(path: Path, config_path, state_path, cache_dir, no_cache, cols: dict[str, Any], config=None):
    from mtqa.cli.common import check_language
    from mtqa.config import ConfigError, load_config
    from mtqa.pipeline.runner import Options, read_input
    from mtqa.gate.state import run

    check_language(cols.get("src_lang"))
    config = config or load_config(config_path, near=path)
    columns = {k[:-4]: v for k, v in cols.items() if k.endswith("_col")}
    opts = Options(cache_dir=str(cache_dir) if cache_dir else None, use_cache=not no_cache, columns=columns,
                   langs={"src": cols.get("src_lang"), "bt": cols.get("src_lang")},
                   scheduler=cols.get("scheduler"), workers=cols.get("workers"))
    try:
        batch = read_input(path, opts)
    except ValueError as exc:  # not a folder, table or feed; a missing column
        raise ConfigError(str(exc)) from None
    if not batch.articles and not batch.errors and batch.kind != "feed":
        raise ConfigError(f"{path}: no articles found (a folder needs <stem>.mt.<lang>.txt files)")
    return config, run(path, config, opts, state_path, batch=batch)


def _overrides(config, fail_on, min_article_score, min_corpus_score, max_per_1k):
    from mtqa.config import ConfigError

    values: dict[str, Any] = {}
    if fail_on:
        values["fail-on"] = fail_on.lower()
    if min_article_score is not None:
        values["min-article-score"] = min_article_score
    if min_corpus_score is not None:
        values["min-corpus-score"] = min_corpus_score
    if max_per_1k:
        limits = dict(config.table("gate")["max-per-1k-words"])
        for item in max_per_1k:
            family, _, number = item.partition("=")
            try:
                limits[family.strip()] = float(number)
            except ValueError:
                raise ConfigError(f"--max-per-1k {item!r}: use FAMILY=NUMBER, e.g. garbled=5") from None
            if not math.isfinite(limits[family.strip()]) or limits[family.strip()] < 0:
                raise ConfigError(f"--max-per-1k {item!r}: the number should be finite and >= 0, e.g. garbled=5")
        values["max-per-1k-words"] = limits
    return config.with_table("gate", **values) if values else config


def text_lines(result, quiet: bool = False) -> list[str]:
    """The terminal report: one line per failing article (what failed and why), then the rest."""
    from mtqa.escape import visible
    from mtqa.report.text import plural

    lines = []
    for v in result.failed_articles:
        lines.append(f"FAIL {v.id} (score {v.gate_score:.1f}): {'; '.join(v.reasons)}")
    for reason in result.reasons:
        lines.append(f"FAIL {reason}")
    if not quiet:
        warned = [(v, g) for v in result.articles for g in v.at("warning")]
        if warned:
            n = len(warned)
            lines.append(f"{plural(n, 'new finding')} below fail-on ({'a warning' if n == 1 else 'warnings'})"
                         + (": " if n <= 3 else ", e.g. ")
                         + "; ".join(f"{v.id} {g.finding.code} \"{g.text}\"" for v, g in warned[:3]))
    for e in result.stale_suppressions:
        lines.append(f"stale suppression: {e.describe()} matches no finding any more")
    if result.stale_baseline:
        n = len(result.stale_baseline)
        lines.append(f"{plural(n, 'baseline entry', 'baseline entries')} {'matches' if n == 1 else 'match'} "
                     "no finding any more (fixed?); "
                     f"refresh the baseline with `mtqa baseline`")
    lines.append(result.summary_line())
    return [visible(line) for line in lines]  # ids, texts and messages: one line each, no control bytes


def render(result, fmt: str) -> str:
    from mtqa.gate import github, junit, sarif

    if fmt == "text":
        return "\n".join(text_lines(result)) + "\n"
    locator = github.Locator()
    if fmt == "json":
        import json

        return json.dumps(result.to_dict(locator), ensure_ascii=False, indent=2) + "\n"
    return {"junit": junit.render, "github": github.render, "sarif": sarif.render}[fmt](result, locator)


@click.command()
@click.option("--fail-on", type=click.Choice(SEVERITIES, case_sensitive=False), default=None,
              help="Fail on any new finding at or above this severity [gate.fail-on; default major].")
@click.option("--min-article-score", type=Score(), default=None,
              help="Fail an article scoring below this [gate.min-article-score].")
@click.option("--min-corpus-score", type=Score(), default=None,
              help="Fail the run when the corpus scores below this [gate.min-corpus-score].")
@click.option("--max-per-1k", multiple=True, metavar="FAMILY=N",
              help="Most new findings of a family per 1,000 words (repeatable) [gate.max-per-1k-words].")
@click.option("--baseline", "baseline_path", type=click.Path(path_type=Path), default=None,
              help="Fail only on findings not in this baseline [gate.baseline].")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the output here; the terminal still gets the failures and the summary.")
@common_options
@guarded
def gate(path: Path, fail_on, min_article_score, min_corpus_score, max_per_1k, baseline_path, fmt, output,
         config_path, suppressions, state_path, cache_dir, no_cache, quiet, **cols: Any) -> int:
    """Check PATH against the gate's thresholds; exit 0 passed, 1 failed, 2 usage or config
    error, 3 internal error.

    PATH is a folder of articles, a table (.tsv, .csv, .jsonl), or a feed: JSON Lines with
    id and mt per item, or an RSS 2.0 / Atom file. Thresholds come from [gate] in mtqa.toml
    or [tool.mtqa.gate] in pyproject.toml; these options override them.
    """
    from mtqa.gate.baseline import read_entries
    from mtqa.cli.common import check_output
    from mtqa.config import load_config
    from mtqa.escape import visible
    from mtqa.gate.verdicts import entry_files, evaluate, thresholds
    from mtqa.gate.github import append_step_summary

    check_output(path, output)

    config = _overrides(load_config(config_path, near=path), fail_on, min_article_score, min_corpus_score, max_per_1k)
    th = thresholds(config)
    entries = [e for f in entry_files(config, baseline_path, suppressions).values() for e in read_entries(f)]
    _, scored = _score(path, config_path, state_path, cache_dir, no_cache, cols, config=config)
    result = evaluate(scored.report, th, entries, scored=scored.scored, reused=scored.reused)
    text = render(result, fmt)
    if output:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(USAGE, f"-o {output}: cannot write: {exc.strerror or exc}")
        click.echo("\n".join(text_lines(result, quiet=True) if quiet else text_lines(result)))
        if not quiet:
            click.echo(f"wrote {visible(output)}", err=True)
    elif fmt == "text":
        click.echo("\n".join(text_lines(result, quiet)))
    else:
        click.echo(text, nl=False)
        if not quiet and fmt != "github":
            click.echo(result.summary_line(), err=True)
    if fmt == "github":
        append_step_summary(result)
    return PASSED if result.passed else FAILED


@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=Path("mtqa-baseline.json"),
              show_default=True, help="Baseline file to write.")
@common_options
@guarded
def baseline(path: Path, output: Path, config_path, suppressions, state_path, cache_dir, no_cache, quiet,
             **cols: Any) -> int:
    """Record today's findings under PATH, so `mtqa gate --baseline FILE` fails only on new ones.

    Findings already covered by the suppressions file are left out.
    """
    from mtqa.gate.baseline import read_entries, write_baseline
    from mtqa.cli.common import check_output
    from mtqa.config import load_config
    from mtqa.escape import visible
    from mtqa.gate.verdicts import Thresholds, entry_files, evaluate
    from mtqa.report.text import plural

    check_output(path, output)
    config = load_config(config_path, near=path)
    supp = entry_files(config, None, suppressions).get("suppressions")
    entries = read_entries(supp) if supp else []
    _, scored = _score(path, config_path, state_path, cache_dir, no_cache, cols, config=config)
    result = evaluate(scored.report, Thresholds(), entries)
    found = [g.as_dict() for v in result.articles for g in v.findings if g.status != "suppressed"]
    n = write_baseline(output, found)
    for e in scored.report.errors:
        click.echo(f"mtqa: error: {visible(e)}", err=True)
    if not quiet:
        click.echo(f"wrote {plural(n, 'finding')} of {plural(len(result.articles), 'article')} to {visible(output)}")
    return FAILED if scored.report.errors else PASSED
