"""The ``mtqa`` command through click's CliRunner."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.checks.registry import all_checks
from mtqa.cli.main import cli

SAMPLE = Path(__file__).parents[1] / "corpora" / "sample"


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("cli-cache"))


def invoke(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def assert_clean_exit(result, code: int) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_help_lists_commands():
    result = invoke("--help")
    assert_clean_exit(result, 0)
    for command in ("score", "checks", "explain"):
        assert command in result.output
    for command in cli.commands:
        assert command in result.output


def test_score_help_documents_table_options():
    result = invoke("score", "--help")
    assert_clean_exit(result, 0)
    for option in ("--format", "--mt-col", "--ref-col", "--src-col", "--bt-col", "--doc-col", "--cache-dir",
                   "--no-cache", "--quiet"):
        assert option in result.output


# ---- output formats on the sample corpus -------------------------------------------------------

@pytest.mark.models
def test_score_jsonl_to_file(tmp_path, cache_dir):
    out = tmp_path / "reports" / "sample.jsonl"
    result = invoke("score", SAMPLE, "--format", "jsonl", "-o", out, "--cache-dir", cache_dir)
    assert_clean_exit(result, 0)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) > 0
    articles = {r["article"] for r in records}
    assert articles == {p.name.split(".")[0] for p in SAMPLE.glob("*.mt.en.txt")}
    assert all({"paragraph", "sentence", "text", "score", "findings"} <= set(r) for r in records)
    assert f"wrote {out}" in result.stderr
    assert "corpus:" in result.stdout  # the terminal still gets the text summary


@pytest.mark.models
def test_score_json_has_summary_articles_signatures(cache_dir):
    result = invoke("score", SAMPLE, "--format", "json", "--cache-dir", cache_dir)
    assert_clean_exit(result, 0)
    report = json.loads(result.stdout)
    assert {"summary", "articles", "signatures"} <= set(report)
    assert report["summary"]["articles"] == len(report["articles"]) == len(list(SAMPLE.glob("*.mt.en.txt")))
    assert report["summary"]["findings"] == sum(
        len(p["findings"]) for a in report["articles"] for p in a["paragraphs"])
    assert report["signatures"]["chrf"].startswith("chrF2++|nrefs:1|")
    assert report["errors"] == []


@pytest.mark.models
def test_score_csv_parses(tmp_path, cache_dir):
    out = tmp_path / "sample.csv"
    result = invoke("score", SAMPLE, "--format", "csv", "-o", out, "-q", "--cache-dir", cache_dir)
    assert_clean_exit(result, 0)
    assert result.stdout == ""  # --quiet: nothing on the terminal
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    jsonl = invoke("score", SAMPLE, "--format", "jsonl", "--cache-dir", cache_dir)
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert len(rows) == len(records)
    for row, rec in zip(rows, records):
        assert row["text"] == rec["text"]
        assert int(row["n_findings"]) == len(rec["findings"])
        assert row["codes"].split() == [f["code"] for f in rec["findings"]]
        assert json.loads(row["findings"]) == rec["findings"]


def test_table_input_with_explicit_mt_column(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"id": "r1", "target": "Recall that the bridge was damaged."}\n'
                    '{"id": "r2", "target": "The bridge is open."}\n', encoding="utf-8")
    result = invoke("score", path, "--mt-col", "target", "--format", "jsonl", "--no-cache")
    assert_clean_exit(result, 0)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["r1", "r2"]
    assert [f["code"] for f in records[0]["findings"]] == ["ID01"]
    # without the option the table has no MT column: an error naming the file
    result = invoke("score", path, "--format", "jsonl", "--no-cache")
    assert_clean_exit(result, 1)
    assert str(path) in result.stderr and "no MT column" in result.stderr


def test_select_and_disable(tmp_path):
    (tmp_path / "a.mt.en.txt").write_text("Recall that the the bridge in Харкові was damaged.\n", encoding="utf-8")
    def found(*extra):
        result = invoke("score", tmp_path, "--format", "jsonl", "--no-cache", *extra)
        assert_clean_exit(result, 0)
        return sorted({f["code"] for line in result.stdout.splitlines() for f in json.loads(line)["findings"]})
    everything = found()
    assert {"GB01", "ID01", "UT01"} <= set(everything)
    assert found("--select", "UT01") == ["UT01"]
    assert "GB01" not in found("--disable", "GB01") and "ID01" in found("--disable", "GB01")


# ---- errors --------------------------------------------------------------------------------------

def test_nonexistent_path_is_a_usage_error(tmp_path):
    result = invoke("score", tmp_path / "nope")
    assert_clean_exit(result, 2)
    assert "does not exist" in result.output


def test_bad_format_is_a_usage_error():
    result = invoke("score", SAMPLE, "--format", "xml")
    assert_clean_exit(result, 2)
    assert "xml" in result.output


def test_unknown_config_key_is_a_usage_error(tmp_path):
    (tmp_path / "a.mt.en.txt").write_text("Power is back.\n", encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text('disable = []\nfrobnicate = true\n', encoding="utf-8")
    result = invoke("score", tmp_path, "--no-cache")
    assert_clean_exit(result, 2)
    assert "frobnicate" in result.stderr
    assert str(tmp_path / "mtqa.toml") in result.stderr


def test_unknown_key_in_a_family_table_is_a_usage_error(tmp_path):
    (tmp_path / "a.mt.en.txt").write_text("Power is back.\n", encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text('[garbled]\ndrift-similarity = 0.5\nfrobnicate = 1\n', encoding="utf-8")
    result = invoke("score", tmp_path, "--no-cache")
    assert_clean_exit(result, 2)
    assert "garbled.frobnicate" in result.stderr


def test_one_bad_file_exits_1_naming_it_and_scores_the_rest(tmp_path):
    (tmp_path / "good.mt.en.txt").write_text("Recall that power is back.\n", encoding="utf-8")
    (tmp_path / "bad.mt.en.txt").write_bytes(b"\x00\x01binary\x00")
    result = invoke("score", tmp_path, "--format", "jsonl", "--no-cache")
    assert_clean_exit(result, 1)
    assert str(tmp_path / "bad.mt.en.txt") in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["article"] for r in records] == ["good"]


# ---- checks and explain --------------------------------------------------------------------------

def test_checks_lists_every_registered_code():
    result = invoke("checks")
    assert_clean_exit(result, 0)
    lines = result.stdout.splitlines()
    checks = all_checks()
    assert [line.split()[0] for line in lines] == list(checks)
    for line, check in zip(lines, checks.values()):
        assert check.family in line and check.severity.value in line and check.mqm in line
        assert check.summary in line


def test_explain_prints_the_documentation():
    result = invoke("explain", "GB01")
    assert_clean_exit(result, 0)
    check = all_checks()["GB01"]
    assert result.stdout.startswith("GB01 repeated-word")
    assert check.doc in result.stdout
    for example in check.fail:
        assert example in result.stdout
    assert invoke("explain", "gb01").stdout == result.stdout
    assert invoke("explain", "repeated-word").stdout == result.stdout


def test_explain_unknown_code_is_a_usage_error():
    result = invoke("explain", "XX99")
    assert_clean_exit(result, 2)
    assert "XX99" in result.output
