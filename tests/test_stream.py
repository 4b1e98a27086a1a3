"""Streamed output (issue 19): JSONL/CSV written chunk by chunk equal the whole-run renderers
byte for byte, lines appear before the run ends, and an interrupted run leaves complete lines
and a cache that the same command continues from."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.benchmarks.common import eval_dir
from mtqa.cli.main import cli
from mtqa.config import load_config
from mtqa.pipeline import runner, stages
from mtqa.pipeline.runner import Options, read_input, run_batch
from mtqa.report.formats import to_csv, to_json, to_jsonl
from mtqa.report.stream import StreamWriter
from mtqa.report.text import render

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"
ROWS = [  # MT-only rows: rule checks only, no models; doc rows interleaved on purpose
    ("a", 0, 'He said "the port is open.'),
    ("b", 0, "The government has adopted the decision about the reform."),
    ("a", 1, "Prices rose by 5% in March, the ministry said."),
    ("c", 0, "In the course of the meeting the sides discussed «the security» issues."),
    ("b", 1, "It is noted that the talks will continue."),
    ("c", 1, "The mayor told about the plans for 2024."),
    ("d", 0, 'The minister said: "We will rebuild."'),
    ("d", 1, "Nothing else happened."),
]


def _table(path: Path, rows=ROWS, bad_line: bool = True) -> Path:
    lines = ["doc_id\tpara_idx\tmt"] + [f"{d}\t{p}\t{t}" for d, p, t in rows]
    if bad_line:
        lines.insert(4, "x\t0\tone\ttoo many")  # an input error among the rows (line 5)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _score(*args) -> object:
    return CliRunner().invoke(cli, ["score", *map(str, args)])


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(runner, "CHUNK_ROWS", 1)  # one article per chunk: many chunks


def _whole(path: Path, tmp_path: Path):
    """The whole-run report (every article kept), rendered by the whole-run renderers."""
    opts = Options(cache_dir=str(tmp_path / "whole-cache"))
    return run_batch(read_input(path, opts), load_config(None, near=path), opts, str(path))


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_streamed_table_equals_the_whole_run_with_interleaved_documents_and_errors(tmp_path, small_chunks, fmt):
    table = _table(tmp_path / "t.tsv")
    out = tmp_path / f"out.{fmt}"
    result = _score(table, "--format", fmt, "-o", out, "-q", "--cache-dir", tmp_path / "c")
    assert result.exit_code == 1  # the malformed row
    report = _whole(table, tmp_path)
    want = (to_jsonl if fmt == "jsonl" else to_csv)(report)
    assert out.read_text(encoding="utf-8") == want
    assert "too many" not in want and "5" in [str(json.loads(x).get("line")) for x in to_jsonl(report).splitlines()]


def test_streamed_stdout_equals_the_whole_run(tmp_path, small_chunks):
    table = _table(tmp_path / "t.tsv", bad_line=False)
    result = _score(table, "--format", "jsonl", "--cache-dir", tmp_path / "c")
    assert result.exit_code == 0, result.output
    assert result.stdout == to_jsonl(_whole(table, tmp_path))


def test_text_summary_of_a_streamed_run_equals_the_whole_run(tmp_path, small_chunks):
    table = _table(tmp_path / "t.tsv", bad_line=False)
    result = _score(table, "--format", "jsonl", "-o", tmp_path / "o.jsonl", "--cache-dir", tmp_path / "c")
    assert result.exit_code == 0, result.output
    assert result.stdout == render(_whole(table, tmp_path), errors=False)


def test_running_sums_give_the_corpus_figures_of_the_article_list(tmp_path, small_chunks):
    report = _whole(_table(tmp_path / "t.tsv"), tmp_path)
    assert report.totals is not None and report.totals.articles == len(report.articles) == 4
    by_list = type(report)(articles=report.articles, errors=report.errors, scorer=report.scorer)
    assert report.summary() == by_list.summary()


def test_lines_are_written_before_the_run_ends(tmp_path, small_chunks):
    table = _table(tmp_path / "t.tsv", bad_line=False)
    opts = Options(cache_dir=str(tmp_path / "c"))
    batch = read_input(table, opts)
    out_path = tmp_path / "o.jsonl"
    seen = []
    with out_path.open("w", encoding="utf-8") as out:
        writer = StreamWriter(batch, "jsonl", out)

        def on_chunk(results):
            writer.chunk(results)
            seen.append(len(out_path.read_text(encoding="utf-8").splitlines()))  # what a reader sees now

        run_batch(batch, load_config(None, near=table), opts, str(table), on_chunk=on_chunk, keep="none")
        writer.close()
    total = len(out_path.read_text(encoding="utf-8").splitlines())
    assert len(seen) == 4 and total == len(ROWS)
    assert 0 < seen[1] < total  # rows of a and b were on disk before c and d were scored
    assert seen == sorted(seen)


def test_an_interrupted_run_leaves_complete_lines_and_the_rerun_continues_from_the_cache(tmp_path, small_chunks,
                                                                                       monkeypatch):
    table = _table(tmp_path / "t.tsv", bad_line=False)
    out = tmp_path / "o.jsonl"
    args = (table, "--format", "jsonl", "-o", out, "-q", "--cache-dir", tmp_path / "c")
    real = runner.score_cached
    calls = []

    def interrupted(articles, *rest):
        calls.append(articles)
        if len(calls) == 3:
            raise KeyboardInterrupt  # Ctrl-C while the third chunk is scored
        return real(articles, *rest)

    monkeypatch.setattr(runner, "score_cached", interrupted)
    result = _score(*args)
    assert result.exit_code == 130 and "continues from the cache" in result.output
    partial = out.read_text(encoding="utf-8")
    assert partial.endswith("\n") and [json.loads(x)["article"] for x in partial.splitlines()] == ["a", "b", "a"]
    monkeypatch.setattr(runner, "score_cached", real)
    fresh = []
    real_score = stages._score_articles
    monkeypatch.setattr(stages, "_score_articles", lambda arts, *rest: fresh.extend(arts) or real_score(arts, *rest))
    assert _score(*args).exit_code == 0
    assert sorted(a.id for a in fresh) == ["c", "d"]  # a and b came from the cache
    assert out.read_text(encoding="utf-8") == to_jsonl(_whole(table, tmp_path))


@pytest.mark.models
@pytest.mark.parametrize("source", ["sample", "dev"])
def test_streamed_equals_whole_run_on_the_sample_corpus_and_a_dev_table(tmp_path, monkeypatch, source):
    if source == "sample":
        path = SAMPLE
    else:
        dev = eval_dir() / "mt_uken_wmt23.dev.tsv"
        if not dev.exists():
            pytest.skip("no ../shared/eval/dev")
        path = tmp_path / "dev.tsv"  # the first 40 rows, read at run time (never stored)
        with dev.open(encoding="utf-8") as f:
            path.write_text("".join(line for _, line in zip(range(41), f)), encoding="utf-8")
    monkeypatch.setattr(runner, "CHUNK_ROWS", 7)
    report = _whole(path, tmp_path)
    for fmt, render_ in (("jsonl", to_jsonl), ("csv", to_csv), ("json", to_json)):
        out = tmp_path / f"o.{fmt}"
        result = _score(path, "--format", fmt, "-o", out, "-q", "--cache-dir", tmp_path / "c")
        assert result.exit_code == 0, result.output
        got = out.read_text(encoding="utf-8")
        if fmt == "json":  # the cache dir differs, nothing else
            got, want = json.loads(got), json.loads(render_(report))
        else:
            want = render_(report)
        assert got == want, fmt


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_streamed_records_rename_mtqa_fields_that_collide_with_columns(tmp_path, small_chunks, fmt):
    table = tmp_path / "t.tsv"  # the input has its own 'score' and 'findings' columns
    table.write_text("doc_id\tpara_idx\tmt\tscore\tfindings\n"
                     + "".join(f"{d}\t{p}\t{t}\t{k}\tnone\n" for k, (d, p, t) in enumerate(ROWS)), encoding="utf-8")
    out = tmp_path / f"o.{fmt}"
    assert _score(table, "--format", fmt, "-o", out, "-q", "--cache-dir", tmp_path / "c").exit_code == 0
    want = (to_jsonl if fmt == "jsonl" else to_csv)(_whole(table, tmp_path))
    assert out.read_text(encoding="utf-8") == want and "mtqa_score" in want
