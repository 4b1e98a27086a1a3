"""Issue 20: command-line safety: -o never overwrites the input; unreadable folders and bad
config files are reported with their path and the right exit code."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli.main import cli

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


def unreadable_folder(tmp_path: Path, monkeypatch) -> Path:
    """news/a (readable) and news/locked, which cannot be listed. Tests run as root, where
    chmod 000 changes nothing, so os.scandir is made to refuse that folder as it would."""
    import os

    for name in ("a", "locked"):
        (tmp_path / "news" / name).mkdir(parents=True)
        (tmp_path / "news" / name / f"{name}.mt.en.txt").write_text("The council met “today”.\n", encoding="utf-8")
    locked = tmp_path / "news" / "locked"
    real = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return locked


@pytest.mark.parametrize("command", ["score", "gate", "fix"])
def test_an_unreadable_subfolder_is_reported_and_exits_1(tmp_path, monkeypatch, command):
    locked = unreadable_folder(tmp_path, monkeypatch)
    args = ["-o", tmp_path / "out"] if command == "fix" else []
    result = CliRunner().invoke(cli, [command, str(tmp_path / "news"), *map(str, args)]
                                + ([] if command == "fix" else ["--no-cache"]))
    assert result.exit_code == 1, result.output
    assert f"{locked}: folder cannot be read (Permission denied)" in result.output


@pytest.mark.parametrize("command", ["score", "gate"])
def test_a_config_file_that_is_not_utf8_exits_2_naming_it(tmp_path, command):
    (tmp_path / "t.tsv").write_text(TSV, encoding="utf-8")
    config = tmp_path / "mtqa.toml"
    config.write_bytes("# налаштування\n[garbled]\nmin-words = 4\n".encode("cp1251"))
    result = run(command, tmp_path / "t.tsv")
    assert result.exit_code == 2, result.output
    assert f"{config}:1: config file is not UTF-8" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("table, key, value", [
    ("garbled", "min-words", "-3"), ("garbled", "min-words", "1e29"), ("garbled", "min-words", "inf"),
    ("garbled", "min-words", "4.0"), ("garbled", "critical-probability", "7.0"),
    ("garbled", "major-probability", "-0.5"), ("garbled", "minor-probability", "nan"),
    ("garbled", "drift-similarity", "inf"), ("quotes", "min-quote-words", "0"), ("quotes", "min-quote-words", "nan"),
])
def test_numeric_options_out_of_range_are_refused_naming_the_key(tmp_path, table, key, value):
    (tmp_path / "t.tsv").write_text(TSV, encoding="utf-8")
    config = tmp_path / "mtqa.toml"
    config.write_text(f"[{table}]\n{key} = {value}\n", encoding="utf-8")
    for command in ("score", "gate"):
        result = run(command, tmp_path / "t.tsv")
        assert result.exit_code == 2, result.output
        assert f"{config}: {table}.{key} must be" in result.output


def test_numeric_options_in_range_are_accepted(tmp_path):
    from mtqa.config import load_config

    config = tmp_path / "mtqa.toml"
    config.write_text("[garbled]\nmin-words = 1\nmajor-probability = 0.85\ncritical-probability = 1\n"
                      "[quotes]\nmin-quote-words = 5\n", encoding="utf-8")
    loaded = load_config(config)
    assert loaded.table("garbled")["major-probability"] == 0.85 and loaded.table("quotes")["min-quote-words"] == 5
