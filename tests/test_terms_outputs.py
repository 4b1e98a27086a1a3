"""The terms and content families everywhere: `mtqa checks` and `explain`, text, JSON, CSV and
HTML (colour and filter), and the gate (fail-on, max-per-1k-words)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli.main import cli

ROWS = [("d1", "ЗСУ відбили атаку біля Бахмута вночі.", "The U.S.S.R. repelled the attack near Bakhmut at night."),
        ("d1", "Депутати Верховної Ради проголосували за закон.", "The deputies of the Supreme Assembly voted for the law.")]


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def table(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("terms") / "news.tsv"
    path.write_text("doc_id\tsource\thypothesis\n" + "".join(f"{d}\t{s}\t{m}\n" for d, s, m in ROWS),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("cache"))


def test_checks_and_explain_list_the_new_families():
    out = invoke("checks").output
    for code, family in (("TM01", "terms"), ("TM02", "terms"), ("CT01", "content"), ("CT02", "content")):
        assert any(line.startswith(code) and family in line for line in out.splitlines()), code
    explained = invoke("explain", "TM02").output
    assert "What it does" in explained and "U.S.S.R." in explained
    assert "invented" in invoke("explain", "CT01").output.lower()


def test_text_json_and_csv_carry_terms_findings(table, cache, tmp_path):
    text = invoke("score", table, "--cache-dir", cache, "--select", "TM01", "--select", "TM02")
    assert text.exit_code == 0 and "TM02" in text.output
    invoke("score", table, "--cache-dir", cache, "--format", "json", "-o", tmp_path / "r.json", "-q")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    found = {(f["code"], f["family"], f["severity"]) for f in _findings(data)}
    assert ("TM02", "terms", "critical") in found and ("TM01", "terms", "major") in found
    invoke("score", table, "--cache-dir", cache, "--format", "csv", "-o", tmp_path / "r.csv", "-q")
    rows = list(csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8")))
    assert any("TM02" in json.dumps(r, ensure_ascii=False) for r in rows)


def _findings(data):
    """Every finding dict in a JSON report, wherever the format nests them."""
    if isinstance(data, dict):
        if "code" in data and "family" in data and "severity" in data:
            yield data
        for v in data.values():
            yield from _findings(v)
    elif isinstance(data, list):
        for v in data:
            yield from _findings(v)


def test_html_colours_and_filters_the_terms_family(table, cache, tmp_path):
    result = invoke("score", table, "--cache-dir", cache, "--format", "html", "-o", tmp_path / "r.html", "-q")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "fam-terms" in html and "#0f7b6c" in html


def test_gate_fails_on_the_critical_entity_swap_and_on_term_density(table, cache, tmp_path):
    result = invoke("gate", table, "--cache-dir", cache, "--fail-on", "critical")
    assert result.exit_code == 1 and "TM02" in result.output
    config = tmp_path / "mtqa.toml"
    config.write_text('[gate]\nfail-on = "none"\nmax-per-1k-words = { terms = 5 }\n', encoding="utf-8")
    result = invoke("gate", table, "--cache-dir", cache, "--config", config)
    assert result.exit_code == 1 and "terms finding" in result.output
    config.write_text('[gate]\nfail-on = "none"\nmax-per-1k-words = { terms = 1000, content = 1 }\n', encoding="utf-8")
    assert invoke("gate", table, "--cache-dir", cache, "--config", config).exit_code == 0
