"""Issue 20: command-line safety: -o never overwrites the input; unreadable folders and bad
config files are reported with their path and the right exit code."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli import cli

TSV = "doc_id\tmt\nd1\tThe council met on Monday.\n"


def run(*args: object):
    return CliRunner().invoke(cli, [*map(str, args), "--no-cache", "-q"])


@pytest.mark.parametrize("command, name", [("score", "t.jsonl"), ("gate", "t.tsv"), ("baseline", "t.tsv")])
def test_o_naming_the_input_file_is_refused(tmp_path, command, name):
    table = tmp_path / name
    text = '{"doc_id": "d1", "mt": "The council met."}\n' if name.endswith("jsonl") else TSV
    table.write_text(text, encoding="utf-8")
    result = run(command, table, "-o", table)
    assert result.exit_code == 2, result.output
    assert "is the input" in result.output and str(table) in result.output
    assert table.read_text(encoding="utf-8") == text


def test_o_naming_an_article_file_inside_the_input_folder_is_refused(tmp_path):
    mt = tmp_path / "a.mt.en.txt"
    mt.write_text("The council met.\n", encoding="utf-8")
    result = run("score", tmp_path, "--format", "json", "-o", mt)
    assert result.exit_code == 2 and "is the input" in result.output
    assert mt.read_text(encoding="utf-8") == "The council met.\n"
