"""Issue 20, item 2: user-controlled strings (ids, paths, texts, messages) never start a line
of their own nor carry control bytes in terminal or CI output, in every format."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli.main import cli
from mtqa.cli.fix import fix
from mtqa.escape import visible

EVIL_ID = "evil\n::error file=README.md,line=1::INJECTED\n::add-mask::x\x1b[31m"
EVIL_TEXT = "He said «yes\x1b]0;pwned\x07» to the plan. The \u202eplan\u202c was \r\n::warning::approved."


def test_visible_writes_control_characters_as_escapes():
    assert visible("a\nb\r\tc\x1b[0m\x00\x7f\x9b\u2028\u202e") == "a\\nb\\r\\tc\\x1b[0m\\x00\\x7f\\x9b\\u2028\\u202e"
    assert visible("Kyiv’s “plan” — 5%") == "Kyiv’s “plan” — 5%"


def feed(tmp_path: Path) -> Path:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": EVIL_ID, "mt": EVIL_TEXT}) + "\n"
                    + json.dumps({"id": "ok", "mt": "The council met “today” at noon."}) + "\n", encoding="utf-8")
    return path


def assert_safe(output: str, github: bool = False) -> None:
    for line in output.splitlines():
        assert not line.startswith("::add-mask") and not line.startswith("::error file=README.md"), line
        assert not line.startswith("::warning::approved"), line
        assert github or not line.startswith("::"), line
    for bad in ("\x1b", "\x07", "\r", "\u202e"):
        assert bad not in output


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github", "sarif"])
def test_gate_output_cannot_inject_lines(tmp_path, fmt):
    result = CliRunner().invoke(cli, ["gate", str(feed(tmp_path)), "--fail-on", "minor", "--no-cache",
                                      "--format", fmt])
    assert result.exit_code == 1, result.output
    assert "evil" in result.output
    assert_safe(result.output, github=fmt == "github")


def test_the_readme_sarif_step_prints_safe_fail_lines(tmp_path):
    out = tmp_path / "mtqa.sarif"
    result = CliRunner().invoke(cli, ["gate", str(feed(tmp_path)), "--fail-on", "minor", "--no-cache",
                                      "--format", "sarif", "-o", str(out), "-q"])
    assert result.exit_code == 1 and "FAIL evil\\n::error file=README.md" in result.output
    assert_safe(result.output)
    assert json.loads(out.read_text(encoding="utf-8"))["runs"]  # the file itself keeps the data as JSON


def test_score_text_report_and_errors_are_one_line_each(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.mt.en.txt").write_text(EVIL_TEXT, encoding="utf-8")
    (news / "bad\n::error::x.mt.en.txt").write_bytes(b"\xff\xfe\xfa not text \x00\x00\x00")
    result = CliRunner().invoke(cli, ["score", str(news), "--no-cache"])
    assert result.exit_code == 1
    assert_safe(result.output)
    errors = [line for line in result.output.splitlines() if line.startswith("mtqa: error:")]
    assert len(errors) == 1 and "bad\\n::error::x.mt.en.txt" in errors[0]


def test_fix_output_lines_are_safe(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "::warning::x.mt.en.txt").write_text(EVIL_TEXT, encoding="utf-8")
    (news / "a\x1b[2Jb.mt.en.txt").write_text(EVIL_TEXT, encoding="utf-8")
    result = CliRunner().invoke(fix, [str(news), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "./::warning::x.mt.en.txt:1:" in result.output and "a\\x1b[2Jb.mt.en.txt:1:" in result.output
    assert_safe(result.output)


def test_a_file_name_with_a_newline_gives_a_one_line_error(tmp_path):
    name = tmp_path / "x\ny.tsv"
    name.write_text("doc_id\tmt\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(name), "--no-cache", "--mt-col", "nope"])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "x\\ny.tsv" in result.output
