"""mtqa on a Dask cluster: the same output as one process, faults, bad options."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import mtqa
from mtqa.cli.main import cli
from mtqa.pipeline import distributed

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"


def score(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, ["score", *map(str, args)], env=env)


def test_chunks_keep_whole_articles_in_order():
    from mtqa.model import Article, Paragraph

    def para(k: int) -> Paragraph:
        return Paragraph(index=k, texts={"mt": "x"}, parts=(), langs={"mt": "en"})

    arts = [Article(id=str(i), path="", langs={"mt": "en"}, raw={}, paragraphs=tuple(para(k) for k in range(n)))
            for i, n in enumerate([3, 3, 1, 5])]
    parts = distributed.chunks(arts, rows=4)
    assert [[a.id for a in p] for p in parts] == [["0", "1"], ["2", "3"]]
    assert [a for p in parts for a in p] == arts


@pytest.mark.parametrize("n", ["0", "-2"])
def test_workers_must_be_positive(n):
    result = score(SAMPLE, "--workers", n)
    assert result.exit_code == 2 and "--workers" in result.output


def test_an_unreachable_scheduler_is_a_usage_error_naming_it(monkeypatch):
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "1s")
    result = score(SAMPLE, "--scheduler", "tcp://127.0.0.1:9", "--no-cache")
    assert result.exit_code == 2
    assert "tcp://127.0.0.1:9" in result.output and "Traceback" not in result.output


@pytest.mark.models
def test_two_workers_give_byte_identical_output_even_when_a_worker_dies(tmp_path, monkeypatch):
    single = tmp_path / "single.jsonl"
    assert score(SAMPLE, "--format", "jsonl", "-o", single, "-q", "--cache-dir", tmp_path / "c1").exit_code == 0
    single_json = tmp_path / "single.json"
    assert score(SAMPLE, "--format", "json", "-o", single_json, "-q", "--cache-dir", tmp_path / "c1").exit_code == 0
    marker = tmp_path / "killed"
    monkeypatch.setenv(distributed.KILL_ENV, f"{marker}:court-ruling")  # that worker exits once, mid-run
    monkeypatch.setattr(distributed, "CHUNK_ROWS", 1)  # one article per chunk: several chunks to spread
    spread = tmp_path / "spread.jsonl"
    result = score(SAMPLE, "--format", "jsonl", "-o", spread, "-q", "--workers", "2", "--cache-dir", tmp_path / "c2")
    assert result.exit_code == 0, result.output
    assert marker.exists()  # the fault did happen
    assert spread.read_bytes() == single.read_bytes()
    monkeypatch.delenv(distributed.KILL_ENV)
    spread_json = tmp_path / "spread.json"
    result = score(SAMPLE, "--format", "json", "-o", spread_json, "-q", "--workers", "2", "--cache-dir", tmp_path / "c3")
    assert result.exit_code == 0, result.output
    assert spread_json.read_bytes() == single_json.read_bytes()


@pytest.mark.models
def test_an_article_that_keeps_failing_is_reported_and_the_rest_delivered(tmp_path, monkeypatch):
    monkeypatch.setenv(distributed.FAULT_ENV, "court-ruling")
    out = tmp_path / "out.jsonl"
    result = score(SAMPLE, "--format", "jsonl", "-o", out, "-q", "--workers", "2", "--cache-dir", tmp_path / "c")
    assert result.exit_code == 1
    assert "court-ruling" in result.stderr and "could not be scored" in result.stderr
    articles = {json.loads(line)["article"] for line in out.read_text().splitlines()}
    assert "court-ruling" not in articles and len(articles) >= 2


def test_a_dask_dataframe_gives_a_dask_dataframe_of_the_records(tmp_path):
    dd = pytest.importorskip("dask.dataframe")
    rows = pd.DataFrame({"doc_id": ["a", "a", "b"], "mt": ["He said “yes\".", "Fine.", "The court ruled."]})
    got = mtqa.score(dd.from_pandas(rows, npartitions=2), use_cache=False,
                     config=mtqa.load_config().with_core(**{"enable-only": ["QT01", "QT03"]}))
    assert type(got).__module__.startswith("dask")
    frame = got.compute()
    want = mtqa.score(rows, use_cache=False, config=mtqa.load_config().with_core(**{"enable-only": ["QT01", "QT03"]}))
    assert frame.reset_index(drop=True).to_dict("records") == want.to_dataframe().to_dict("records")
