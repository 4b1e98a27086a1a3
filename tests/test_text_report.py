"""The terminal report: a paragraph shows its most severe findings, in text order, and counts the rest."""
from __future__ import annotations

import mtqa
from mtqa.report.text import SHOWN, render


def finding_lines(out: str) -> list[str]:
    return [line.split()[0] for line in out.splitlines() if line.startswith("    ") and not line.startswith("     ")]


def test_a_paragraph_with_many_findings_is_capped_most_severe_kept(tmp_path):
    repeats = " ".join(f"The the council met on day {i}." for i in range(SHOWN + 4))  # a minor GB01 each
    (tmp_path / "a.mt.en.txt").write_text(repeats + " Мер сказав, що все гаразд.\n", encoding="utf-8")
    report = mtqa.score(tmp_path, use_cache=False)
    (para,) = report.articles[0].paragraphs
    assert len(para.findings) > SHOWN
    out = render(report)
    shown = [c for c in finding_lines(out) if c != "…"]
    assert len(shown) == SHOWN
    severe = [f.code for f in para.findings if f.severity.value != "minor"]
    minor = ("GB01", "GB08")  # the stutters; the language model may also read them as broken (GB08 minor)
    assert "UT01" in severe and severe == [c for c in shown if c not in minor]  # kept over the minor ones
    assert sum(shown.count(c) for c in minor) == SHOWN - len(severe)
    codes = iter(f.code for f in para.findings)
    assert all(c in codes for c in shown)  # in text order (a subsequence of the paragraph's findings)
    assert f"… and {len(para.findings) - SHOWN} more findings in this paragraph" in out


def test_a_short_list_is_shown_whole(tmp_path):
    (tmp_path / "a.mt.en.txt").write_text("The the council met. The the mayor spoke.\n", encoding="utf-8")
    report = mtqa.score(tmp_path, use_cache=False)
    out = render(report)
    assert finding_lines(out) == [f.code for f in report.articles[0].paragraphs[0].findings]
    assert "more finding" not in out


def test_score_on_an_empty_folder_is_a_usage_error(tmp_path):
    from click.testing import CliRunner

    from mtqa.cli.main import cli

    result = CliRunner().invoke(cli, ["score", str(tmp_path), "--no-cache"])
    assert result.exit_code == 2
    assert "no articles found" in result.stderr and "Traceback" not in result.output


def test_input_errors_reach_the_terminal_once(tmp_path):
    from click.testing import CliRunner

    from mtqa.cli.main import cli

    (tmp_path / "a.mt.en.txt").write_text("The council met.\n", encoding="utf-8")
    (tmp_path / "b.mt.en.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe")
    result = CliRunner().invoke(cli, ["score", str(tmp_path), "--no-cache"])
    assert result.exit_code == 1
    assert result.stderr.count("b.mt.en.txt") == 1 and "mtqa: error:" in result.stderr
    assert "b.mt.en.txt" not in result.stdout  # not repeated in the report on stdout
    out = tmp_path / "r.txt"
    assert CliRunner().invoke(cli, ["score", str(tmp_path), "--no-cache", "-o", str(out), "-q"]).exit_code == 1
    assert "error: " in out.read_text(encoding="utf-8")  # a report file keeps them


def test_explain_shows_article_examples_as_paragraphs_not_tuples():
    from click.testing import CliRunner

    from mtqa.cli.main import cli

    out = CliRunner().invoke(cli, ["explain", "QT01"]).output
    assert "article_mt" not in out and "('" not in out
    assert "in the article: ¶1 (this one)" in out
