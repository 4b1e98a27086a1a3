"""Feeds: JSON Lines, RSS 2.0 and Atom items as articles (HTML content to paragraphs), and
the gate over each with passing and failing items."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli.main import cli
from mtqa.io.feed import FeedError, html_paragraphs, is_feed, read_feed, read_xml_feed

DATA = Path(__file__).parent / "data" / "gate"


def gate(*args):
    return CliRunner().invoke(cli, ["gate", *map(str, args), "--no-cache"])


def jsonl(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return path


def test_html_to_paragraphs():
    html = ("<h1>Title &amp; more</h1><p>First&nbsp;line<br/>second line</p><script>alert('x')</script>"
            "<style>p{}</style><ul><li>one</li><li>two &#8220;quoted&#8221;</li></ul><p>  spaced \n text </p>")
    assert html_paragraphs(html) == ["Title & more", "First line", "second line", "one", "two “quoted”",
                                     "spaced text"]


def test_rss_items_become_articles():
    batch = read_feed(DATA / "feed.rss")
    assert batch.kind == "feed" and batch.errors == []
    by_id = {a.id: a for a in batch.articles}
    assert list(by_id) == ["news-budget-2024", "https://news.example/power"]
    budget = by_id["news-budget-2024"]
    assert budget.kind == "folder" and budget.langs == {"mt": "en"}
    assert budget.raw["mt"] == ("City council approves the budget",  # the title first
                                "Kyiv City Council approved the new budget on Tuesday.",
                                "Schools first",
                                "The mayor said the money would go to schools and hospitals & clinics.",
                                "Work starts in March.")
    assert by_id["https://news.example/power"].raw["mt"][1] == "Engineers of the company «Energo» repaired the line."
    # the item's link and date are carried, for the report and the JSON output
    assert budget.meta == {"url": "https://news.example/budget", "published": "2024-01-02T10:00:00+00:00"}
    assert by_id["https://news.example/power"].meta == {"url": "https://news.example/power"}


def test_rss_dates_become_iso_and_odd_ones_stay_as_written():
    from mtqa.io.feed import _iso_date

    assert _iso_date("Tue, 02 Jan 2024 12:00:00 +0200") == "2024-01-02T12:00:00+02:00"
    assert _iso_date("last Tuesday") == "last Tuesday" and _iso_date("") == ""


def test_atom_entries_html_xhtml_and_text():
    batch = read_feed(DATA / "feed.atom")
    raw = {a.id: a.raw["mt"] for a in batch.articles}
    assert raw["urn:news:festival"] == ("Festival opens in Lviv", "The festival opened on Friday.",
                                        "Tickets sold out in an hour.")
    assert raw["urn:news:port"] == ("Port traffic grows", "The port handled more ships.",
                                    "The director called it «a record».")
    assert raw["urn:news:weather"] == ("Weather", "Rain is expected on Sunday.", "Temperatures will drop.")
    meta = {a.id: a.meta for a in batch.articles}
    # the alternate link (not rel="self"), and <published> before <updated>
    assert meta["urn:news:festival"] == {"url": "https://news.example/festival", "published": "2024-01-02T09:30:00Z"}
    assert meta["urn:news:port"] == {"published": "2024-01-02T11:00:00Z"}


def test_jsonl_feed(tmp_path):
    path = jsonl(tmp_path / "feed.jsonl", [
        {"id": "a1", "mt": "First paragraph.\n\nSecond paragraph.", "url": "https://x/a1", "published": "2024-01-01"},
        {"id": 2, "mt": "<p>HTML body.</p><p>Two.</p>", "ref": "Reference text.", "src": "Текст джерела українською мовою, досить довгий."},
        {"id": "a1", "mt": "Updated first item."},
        {"mt": "no id"},
        {"id": "empty", "mt": "  "},
        {"id": "a3", "mt": "Third.", "url": "https://x/a3", "published": "2024-01-03"},
        {"id": "a4", "mt": "Fourth.", "url": ["https://x/a4"]},
    ])
    (tmp_path / "feed.jsonl").write_text(path.read_text(encoding="utf-8") + "not json\n", encoding="utf-8")
    assert is_feed(path)
    batch = read_feed(path)
    by_id = {a.id: a for a in batch.articles}
    assert list(by_id) == ["2", "a1", "a3", "a4"]  # a later version of an item replaces the earlier one
    assert by_id["a1"].raw == {"mt": ("Updated first item.",)}
    assert by_id["a1"].meta == {}  # ... with all it says (the update gave no url)
    assert by_id["a3"].meta == {"url": "https://x/a3", "published": "2024-01-03"}
    assert by_id["a4"].meta == {} and by_id["a4"].raw == {"mt": ("Fourth.",)}
    assert by_id["2"].raw["mt"] == ("HTML body.", "Two.")
    assert by_id["2"].langs == {"mt": "en", "ref": "en", "src": "uk"}
    assert sorted(e.line for e in batch.errors) == [4, 5, 7, 8]
    assert "'url' should be a string" in next(str(e) for e in batch.errors if e.line == 7)


def test_feed_links_reach_json_and_html(tmp_path):
    path = jsonl(tmp_path / "feed.jsonl", [
        {"id": "a1", "mt": "The mayor opened the bridge.", "url": "https://news.example/a1", "published": "2024-05-01"},
        {"id": "a2", "mt": "The port handled more ships.", "url": "javascript:alert(1)"},
    ])
    out = CliRunner().invoke(cli, ["score", str(path), "--format", "json", "--no-cache", "-o", str(tmp_path / "r.json")])
    assert out.exit_code == 0, out.output
    arts = {a["id"]: a for a in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["articles"]}
    assert (arts["a1"]["url"], arts["a1"]["published"]) == ("https://news.example/a1", "2024-05-01")
    assert arts["a2"]["url"] == "javascript:alert(1)" and "published" not in arts["a2"]
    out = CliRunner().invoke(cli, ["score", str(path), "--format", "html", "--no-cache", "-o", str(tmp_path / "r.html")])
    assert out.exit_code == 0, out.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'href="https://news.example/a1"' in html and "published 2024-05-01" in html
    assert 'href="javascript:' not in html and "<code>javascript:alert(1)</code>" in html  # shown, never a link


def test_a_jsonl_table_is_not_a_feed(tmp_path):
    table = jsonl(tmp_path / "t.jsonl", [{"doc_id": "d", "id": 1, "mt": "x"}])
    assert not is_feed(table)
    assert is_feed(DATA / "feed.rss") and is_feed(DATA / "feed.atom")


def test_xml_with_a_dtd_is_refused(tmp_path):
    bomb = tmp_path / "bomb.rss"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]>\n'
                    "<rss><channel><item><title>&b;</title></item></channel></rss>", encoding="utf-8")
    with pytest.raises(FeedError, match="DTD"):
        read_xml_feed(bomb)
    result = gate(bomb)
    assert result.exit_code == 1
    assert "DTD" in result.stdout


def test_malformed_xml_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.atom"
    bad.write_text("<feed><entry>", encoding="utf-8")
    result = gate(bad)
    assert result.exit_code == 1 and "not well-formed XML" in result.stdout


@pytest.mark.parametrize("name, failing, passing", [
    ("feed.rss", "https://news.example/power", "news-budget-2024"),
    ("feed.atom", "urn:news:port", "urn:news:festival"),
])
def test_gate_over_xml_feeds(name, failing, passing):
    result = gate(DATA / name, "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["input"] == "feed"
    verdicts = {a["id"]: a["passed"] for a in doc["articles"]}
    assert verdicts[failing] is False and verdicts[passing] is True
    failed = next(a for a in doc["articles"] if a["id"] == failing)
    source = (DATA / name).read_text(encoding="utf-8").splitlines()
    assert "<item>" in source[failed["findings"][0]["line"] - 1] or "<entry>" in source[failed["findings"][0]["line"] - 1]


def test_gate_over_jsonl_feed_with_github_lines(tmp_path):
    path = jsonl(tmp_path / "feed.jsonl", [
        {"id": "ok", "mt": "Kyiv City Council approved the new budget on Tuesday."},
        {"id": "bad", "mt": "The mayor spoke.\n\nOfficials of «Kyivenergo» agreed."},
    ])
    result = gate(path, "--format", "github")
    assert result.exit_code == 1
    errors = [ln for ln in result.stdout.splitlines() if ln.startswith("::error")]
    assert len(errors) == 1 and "line=2," in errors[0] and "[bad ¶1" in errors[0]


def test_an_empty_feed_passes(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n", encoding="utf-8")
    result = gate(path)
    assert result.exit_code == 0 and "0 of 0 articles failed" in result.stdout
    empty_rss = tmp_path / "empty.rss"
    empty_rss.write_text('<rss version="2.0"><channel><title>t</title></channel></rss>', encoding="utf-8")
    result = gate(empty_rss)
    assert result.exit_code == 0 and "0 of 0 articles failed" in result.stdout
