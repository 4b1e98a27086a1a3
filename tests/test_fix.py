"""mtqa fix: repairs quotes without reflowing, round-trips, and the CLI's folders."""
from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.checks.quotes.issues import paragraph_issues
from mtqa.cli.fix import fix
from mtqa.fix.quotes import NORMALISABLE, fix_text, paragraphs
from mtqa.segment import split_paragraphs

ARTICLE = """Kyiv's mayor opened the bridge.

“We are ready to talk», the minister said, adding
that the company «Naftogaz» would "pay its debts".
“This war can end in one way.", he said.

He called it « a victory » and said ""never again"".
They said “ no ” twice.
The soldiers’ families, 5' 11" tall, met in the ’90s.
"""

NOT_QUOTES = re.compile(r"[\"'“”‘’«»„‚‹›\s.,]")


def quote_findings(text: str, options: dict | None = None) -> list[str]:
    paras = tuple(split_paragraphs(text))
    return [i.code for k, p in enumerate(paras) for i in paragraph_issues(p, paras, k, options)]


def test_fix_repairs_and_keeps_every_line_break():
    result = fix_text(ARTICLE)
    assert result.text.splitlines() == [
        "Kyiv's mayor opened the bridge.",
        "",
        "“We are ready to talk,” the minister said, adding",
        "that the company Naftogaz would “pay its debts.”",  # a company name: no quotes (QT13)
        "“This war can end in one way,” he said.",
        "",
        "He called it “a victory” and said “never again.”",
        "They said “no” twice.",
        "The soldiers’ families, 5' 11\" tall, met in the ’90s.",
    ]
    assert result.text.count("\n") == ARTICLE.count("\n")
    # only quote marks and the spaces/punctuation beside them changed
    assert NOT_QUOTES.sub("", result.text) == NOT_QUOTES.sub("", ARTICLE)
    assert {c.code for c in result.changes} >= {"QT02", "QT03", "QT06", "QT07", "QT08", "QT10"}
    assert all(c.line in (3, 4, 5, 7, 8) for c in result.changes)


@pytest.mark.parametrize("options", [{}, {"style": "straight"}, {"style": "any"},
                                     {"punctuation": "logical"}, {"style": "‘’“”"}])
def test_fix_round_trip(options):
    once = fix_text(ARTICLE, options)
    twice = fix_text(once.text, options)
    assert twice.text == once.text and twice.changes == ()
    left = [c for c in quote_findings(once.text, options) if c in NORMALISABLE]
    assert left == [] or all(a.code == "QT10" for a in once.ambiguous)


def test_fix_keeps_crlf_and_blank_lines():
    raw = ARTICLE.replace("\n", "\r\n") + "\r\n\r\n"
    result = fix_text(raw)
    assert result.text == fix_text(ARTICLE).text.replace("\n", "\r\n") + "\r\n\r\n"


def test_paragraph_map_matches_the_segmenter():
    raw = "  First line\n  second line  \n \n\nNext para\n\n\n  last "
    assert [p.text for p in paragraphs(raw)] == split_paragraphs(raw)
    for p in paragraphs(raw):
        assert all(w is None or raw[w] == ch for ch, w in zip(p.text, p.where))


def test_ambiguous_places_are_left_alone_and_reported():
    raw = "He called it “political.\n\nHe said “ yes\n” today.\n"
    result = fix_text(raw)
    assert "“political." in result.text
    reported = {(a.line, a.code) for a in result.ambiguous}
    assert (1, "QT01") in reported
    assert "He said “yes\n” today." in result.text  # the space before “yes” went; the line break stays
    assert any("line break" in a.message for a in result.ambiguous if a.line == 4)


def test_fixed_text_raises_no_normalisable_finding():
    raw = 'He said "yes" and «no», then ”maybe”.\n\n“He called it “a win” today,” she said.\n'
    fixed = fix_text(raw).text
    assert [c for c in quote_findings(fixed) if c in NORMALISABLE] == []
    assert "‘a win’" in fixed


def test_markdown_code_is_left_alone():
    raw = 'He said "yes".\n\n```\nprint("hi")\n```\n\nRun `grep "x"` now.\n'
    fixed = fix_text(raw, markdown=True).text
    assert fixed == 'He said “yes.”\n\n```\nprint("hi")\n```\n\nRun `grep "x"` now.\n'


# --- the CLI -----------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.mt.en.txt").write_text('He said "yes".\n', encoding="utf-8")
    (root / "sub" / "b.mt.en.md").write_text("# Title\n\nThe firm «Naftogaz» paid.\n", encoding="utf-8")
    (root / "a.ref.en.txt").write_text('He said "yes".\n', encoding="utf-8")
    return root


def run(args: list[str], cwd: Path):
    with contextlib.chdir(cwd):
        return CliRunner().invoke(fix, args, catch_exceptions=False), cwd


def test_cli_writes_copies_into_default_folder(corpus: Path):
    before = {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    result, cwd = run([str(corpus)], corpus.parent)
    assert result.exit_code == 0, result.output
    out = cwd / "mtqa-fixed"
    assert (out / "a.mt.en.txt").read_text(encoding="utf-8") == "He said “yes.”\n"
    assert (out / "sub" / "b.mt.en.md").read_text(encoding="utf-8") == "# Title\n\nThe firm “Naftogaz” paid.\n"
    assert not (out / "a.ref.en.txt").exists()
    assert {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()} == before
    assert "a.mt.en.txt:1: He said \"yes\". -> He said “yes”." in result.output
    assert "sub/b.mt.en.md:3:" in result.output.replace("\\", "/")


def test_cli_output_option_and_style(corpus: Path, tmp_path: Path):
    out = tmp_path / "fixed"
    result, _ = run([str(corpus), "-o", str(out), "--style", "straight", "--punctuation", "logical"], tmp_path)
    assert result.exit_code == 0, result.output
    assert (out / "a.mt.en.txt").read_text(encoding="utf-8") == 'He said "yes".\n'
    assert (out / "sub" / "b.mt.en.md").read_text(encoding="utf-8").endswith('The firm "Naftogaz" paid.\n')


def test_cli_in_place_and_single_file(corpus: Path):
    result, _ = run([str(corpus / "a.mt.en.txt"), "--in-place"], corpus.parent)
    assert result.exit_code == 0, result.output
    assert (corpus / "a.mt.en.txt").read_text(encoding="utf-8") == "He said “yes.”\n"
    assert (corpus / "sub" / "b.mt.en.md").read_text(encoding="utf-8").count("«") == 1


def test_cli_reports_places_left_alone(tmp_path: Path):
    (tmp_path / "x.mt.en.txt").write_text("He called it “political.\n", encoding="utf-8")
    result, _ = run([str(tmp_path), "-o", str(tmp_path / "o")], tmp_path)
    assert result.exit_code == 0
    assert "x.mt.en.txt:1: left alone [QT01]" in result.output


@pytest.mark.parametrize("args", [["--in-place", "-o", "x"], ["--style", "fancy"], ["--punctuation", "british"]])
def test_cli_usage_errors_exit_2(corpus: Path, args: list[str]):
    result, _ = run([str(corpus), *args], corpus.parent)
    assert result.exit_code == 2


def test_cli_refuses_output_equal_to_input_and_empty_folders(corpus: Path, tmp_path: Path):
    assert run([str(corpus), "-o", str(corpus)], tmp_path)[0].exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run([str(empty)], tmp_path)[0].exit_code == 2


def test_cli_skips_its_own_output_folder(corpus: Path):
    out = corpus / "mtqa-fixed"
    run([str(corpus), "-o", str(out)], corpus.parent)
    result, _ = run([str(corpus), "-o", str(out)], corpus.parent)
    assert result.exit_code == 0
    assert not (out / "mtqa-fixed").exists()
