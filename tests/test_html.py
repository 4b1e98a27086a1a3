"""The HTML report without a browser: marks on the right characters, escaping, layout.

Golden file: tests/golden/report_small.html (the inline CSS and JS are left out of the
comparison). Regenerate after an intended change with:
    MTQA_UPDATE_GOLDEN=1 pytest tests/test_html.py
"""
from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import mtqa
from mtqa.cli.main import cli
from mtqa.report.fingerprint import fingerprint
from mtqa.report import html as H
from mtqa.report.html_marks import MarkSpan, mark_up

from html_cases import DOCS, GENERATED, XSS, XSS_MT, make_report

GOLDEN = Path(__file__).parent / "golden" / "report_small.html"


class Page(HTMLParser):
    """Every tag with its attributes, script bodies, and per MT paragraph its text and the
    character ranges each mark covers (by data-fid, fragments in order)."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.paras: list[dict] = []
        self._para = None
        self._stack: list[tuple[str, int]] = []
        self._script = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "script":
            self._script = (a, [])
        if tag == "div" and a.get("class") == "txt mt":
            self._para = {"text": "", "marks": {}, "attrs": {}, "gaps": {}}
        elif self._para is not None and tag == "mark":
            fid = a["data-fid"]
            self._para["attrs"].setdefault(fid, a)
            if "gap" in a["class"].split():
                self._para["gaps"][fid] = len(self._para["text"])
            self._stack.append((fid, len(self._para["text"])))

    def handle_endtag(self, tag):
        if tag == "script" and self._script:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None
        if self._para is None:
            return
        if tag == "mark":
            fid, start = self._stack.pop()
            self._para["marks"].setdefault(fid, []).append((start, len(self._para["text"])))
        elif tag == "div":
            self.paras.append(self._para)
            self._para = None

    def handle_data(self, data):
        if self._script:
            self._script[1].append(data)
        if self._para is not None:
            self._para["text"] += data


@pytest.fixture(scope="module")
def report():
    return make_report()


@pytest.fixture(scope="module")
def page_html(report):
    return H.render_html(report, generated=GENERATED, docs=DOCS)


@pytest.fixture(scope="module")
def page(page_html):
    return Page(page_html)


def test_marks_sit_on_the_flagged_characters(report, page):
    paras = [p for a in report.articles for p in a.paragraphs]
    assert len(page.paras) == len(paras)
    for got, p in zip(page.paras, paras):
        mt = p.paragraph.mt
        assert got["text"] == mt  # marks add no text and lose none
        want = sorted(p.findings, key=lambda f: (f.start, -f.end, f.code))
        assert len(got["attrs"]) == len(want)
        for f, (fid, attrs) in zip(want, got["attrs"].items()):
            assert (attrs["data-code"], attrs["data-family"], attrs["data-severity"]) == \
                   (f.code, f.family, f.severity.value)
            article = next(a.article.id for a in report.articles if p in a.paragraphs)
            assert attrs["data-fingerprint"] == fingerprint(article, f.code, mt, f.start, f.end)
            if f.start == f.end:
                assert got["gaps"][fid] == f.start and got["marks"][fid] == [(f.start, f.start)]
                continue
            frags = got["marks"][fid]
            assert frags[0][0] == f.start and frags[-1][1] == f.end
            assert "".join(mt[a:b] for a, b in frags) == mt[f.start:f.end]


def test_crossing_findings_are_split_and_nested_ones_nest(page):
    first = page.paras[0]["marks"]
    nm, qt, idiom = (fid for fid in page.paras[0]["attrs"])
    assert len(first[nm]) == 1 and len(first[qt]) == 1  # the quote sits inside the number finding
    assert len(first[idiom]) == 2  # crosses the end of NM01: two fragments
    assert first[idiom][0][1] == first[nm][0][1]


def test_mark_up_unit_cases():
    text = "0123456789abcdefghij<&>"
    out = mark_up(text, [MarkSpan("A", 0, 10), MarkSpan("B", 5, 20), MarkSpan("C", 3, 3), MarkSpan("D", 99, 120)])
    p = Page(f'<div class="txt mt">{out}</div>').paras[0]
    assert p["text"] == text
    assert p["marks"]["A"] == [(0, 10)] and p["marks"]["B"] == [(5, 10), (10, 20)]
    assert p["gaps"] == {"C": 3, "D": len(text)}  # out-of-range offsets are clamped
    assert out.count(' id="B"') == 1 and 'data-part="2"' in out
    assert "&lt;&amp;&gt;" in out


def test_gap_row_and_shared_reference_cells(page_html):
    assert page_html.count('class="gap-row"') == 1
    assert "The prosecutor said the lease broke the Land Code.</div>" in page_html
    assert re.search(r'<td class="c-src" lang="uk"><div class="txt"><span class="pn">¶1</span>', page_html)


def test_xss_payloads_stay_text(report, page_html, page):
    for payload in XSS.values():
        assert payload not in page_html
    assert {t for t, _ in page.tags} <= {
        "html", "head", "meta", "title", "style", "script", "body", "a", "header", "span", "div", "label", "input",
        "details", "summary", "button", "main", "section", "h1", "h2", "h3", "p", "code", "figure", "svg", "g",
        "title", "rect", "text", "line", "figcaption", "form", "select", "option", "table", "thead", "tr", "th",
        "tbody", "td", "dl", "dt", "dd", "pre", "article", "nav", "mark", "ol", "li", "em", "b", "br", "ul"}
    for tag, attrs in page.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert not attrs.get("href", "").lower().startswith("javascript:")
        assert not (tag == "b" and "not bold" in str(attrs))
    assert [a.get("type") for a, _ in page.scripts] == ["application/json", None]
    meta_attrs, body = page.scripts[0]
    assert "<" not in body and ">" not in body and "\u2028" not in body
    assert json.loads(body)["source"] == report.source
    assert "window.__xss=1" in Page(page_html).paras[3]["text"]  # shown as text
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv"))
    assert "script-src 'sha256-" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_json_script_escaping():
    out = H.json_script({"a": "</script><!-- & \u2028\u2029"})
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(str(out)) == {"a": "</script><!-- & \u2028\u2029"}


def test_index_rows_links_and_metadata(report, page_html, page):
    rows = [a for t, a in page.tags if t == "tr" and "data-score" in a and "data-n" in a]
    assert [r["data-id"] for r in rows] == [a.article.id for a in report.articles]
    assert rows[0]["data-score"] == "58.2" and rows[0]["data-findings"] == "6"
    worst = [a["href"] for t, a in page.tags if t == "a" and "worst" in a.get("class", "")]
    assert worst[0] == "#a0-p0"  # lowest paragraph score of court-ruling
    for needle in ("chrF2++|nrefs:1", "&#34;style&#34;: &#34;curly&#34;", GENERATED, f"mtqa {mtqa.__version__}"):
        assert needle in page_html
    assert page_html.count("<svg") == 2


def _normalise(html: str) -> str:
    html = html.replace(H.asset("report.css"), "/* report.css */").replace(H.asset("report.js"), "/* report.js */")
    html = re.sub(r"sha256-[A-Za-z0-9+/=]+", "sha256-…", html)
    return html.replace(f"mtqa {mtqa.__version__}", "mtqa VERSION").replace(
        json.dumps(mtqa.__version__), '"VERSION"')


def test_golden_small_report(page_html):
    got = _normalise(page_html)
    if os.environ.get("MTQA_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text(encoding="utf-8"), "HTML changed; MTQA_UPDATE_GOLDEN=1 pytest tests/test_html.py"


def test_folder_output_and_split_threshold(report, tmp_path, monkeypatch):
    index = H.write_html(report, tmp_path / "run", generated=GENERATED, docs=DOCS)
    assert index == tmp_path / "run" / "index.html"
    pages = sorted(p.name for p in (tmp_path / "run" / "articles").glob("*.html"))
    assert pages == ["0001-court-ruling.html", "0002-xss--b.html", "0003-clean.html"]
    assert (tmp_path / "run" / "assets" / "report.js").exists()
    text = index.read_text(encoding="utf-8")
    assert 'href="articles/0001-court-ruling.html#a0-p0"' in text and "<mark" not in text
    art = (tmp_path / "run" / "articles" / pages[0]).read_text(encoding="utf-8")
    assert 'href="../index.html"' in art and 'rel="next" title="Next article (])">' in art and "<mark" in art
    csp = next(a["content"] for t, a in Page(art).tags if t == "meta" and a.get("http-equiv"))
    assert "script-src 'self' file:;" in csp
    monkeypatch.setattr(H, "MAX_SINGLE_ARTICLES", 2)
    assert H.write_html(report, tmp_path / "big.html") == tmp_path / "big" / "index.html"
    monkeypatch.setattr(H, "MAX_SINGLE_ARTICLES", 200)
    monkeypatch.setattr(H, "MAX_SINGLE_BYTES", 1000)
    assert H.write_html(report, tmp_path / "heavy.html") == tmp_path / "heavy" / "index.html"
    assert H.write_html(report, tmp_path / "forced.html", split=False) == tmp_path / "forced.html"


def test_cli_html_needs_output(tmp_path):
    (tmp_path / "a.mt.en.txt").write_text("Text.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(tmp_path), "--format", "html"])
    assert result.exit_code == 2 and "--format html needs -o" in result.output


def test_cli_writes_html_for_mt_only_input(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.mt.en.txt").write_text(
        "Recall that the mayor said «yes» <script>window.__xss=1</script>.\n\nSecond paragraph.\n", encoding="utf-8")
    out = tmp_path / "out" / "r.html"
    result = CliRunner().invoke(cli, ["score", str(folder), "--format", "html", "-o", str(out), "-q",
                                      "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    paras = Page(html).paras
    assert "<mark " in html and paras[0]["text"].endswith("<script>window.__xss=1</script>.")
    assert "<script>window" not in html
    result = CliRunner().invoke(cli, ["score", str(folder), "--format", "html", "-o", str(tmp_path / "dir"), "-q",
                                      "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0 and (tmp_path / "dir" / "index.html").exists()


def test_renderers_has_html(report):
    from mtqa.report.formats import RENDERERS

    assert RENDERERS["html"](report).startswith("<!DOCTYPE html>")


def test_xss_article_text_is_shown_as_text(page):
    assert [p["text"] for p in page.paras[3:5]] == list(XSS_MT)
