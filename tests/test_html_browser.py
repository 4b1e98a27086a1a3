"""The HTML report in a real browser: Debian's headless Chromium driven by Playwright.

Skipped when Debian's chromium (or $MTQA_CHROMIUM) or the playwright package is missing (CI installs both:
see the README's test command). Never runs `playwright install`: Playwright drives the
system Chromium through executable_path.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from mtqa.report import html as H

from html_cases import DOCS, GENERATED, make_report

CHROMIUM = os.environ.get("MTQA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM = CHROMIUM if Path(CHROMIUM).exists() else None
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed "
                                "(apt-get install -y chromium chromium-driver)")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def browser():
    pw = sync_api.sync_playwright().start()
    b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield b
    b.close()
    pw.stop()


@pytest.fixture(scope="module")
def report():
    return make_report()


@pytest.fixture(scope="module")
def single(report, tmp_path_factory) -> str:
    path = H.write_html(report, tmp_path_factory.mktemp("html") / "report.html", generated=GENERATED, docs=DOCS)
    return path.as_uri()


@pytest.fixture(scope="module")
def folder(report, tmp_path_factory) -> Path:
    return H.write_html(report, tmp_path_factory.mktemp("html") / "report", generated=GENERATED, docs=DOCS)


class Watched:
    def __init__(self, page):
        self.page, self.errors, self.dialogs, self.failed = page, [], [], []
        page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, url: str):
        self.page.goto(url)
        self.page.wait_for_function("() => window.__mtqaReady === true")
        return self.page


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    w = Watched(context.new_page())
    yield w
    context.close()


def finding_texts(page, article: str) -> list[dict]:
    """Per finding head in the article: code, its text from all fragments, and its offset in the MT text."""
    return page.evaluate("""(aid) => Array.from(document.querySelectorAll('#' + aid + ' mark.f[id]')).map(m => {
        const frags = Array.from(document.querySelectorAll('mark[data-fid="' + m.dataset.fid + '"]'));
        const div = m.closest('.txt'), r = document.createRange();
        r.setStart(div, 0); r.setEndBefore(m);
        return {code: m.dataset.code, text: frags.map(f => f.textContent).join(''), start: r.toString().length,
                bg: getComputedStyle(m).backgroundColor, w: m.getBoundingClientRect().width};
    })""", article)


def test_opens_without_console_errors(watched, single, report):
    page = watched.open(single)
    assert page.is_visible("#index") and page.locator("#articles tbody tr").count() == len(report.articles)
    for i in range(len(report.articles)):
        page.evaluate(f"location.hash = 'a{i}'")
        page.wait_for_selector(f"#a{i}", state="visible")
    page.evaluate("location.hash = 'index'")
    page.wait_for_selector("#index", state="visible")
    assert watched.errors == [] and watched.failed == [] and watched.dialogs == []


def test_highlights_sit_on_the_right_characters(watched, single, report):
    page = watched.open(single + "#a0")
    got = finding_texts(page, "a0")
    want = []
    for p in report.articles[0].paragraphs:
        for f in sorted(p.findings, key=lambda f: (f.start, -f.end, f.code)):
            want.append({"code": f.code, "text": p.paragraph.mt[f.start:f.end], "start": f.start})
    assert [{k: g[k] for k in ("code", "text", "start")} for g in got] == want
    for g in got:
        assert g["w"] > 0  # zero-width findings still show a marker
        assert g["bg"] != "rgba(0, 0, 0, 0)"


def test_family_and_severity_filters(watched, single):
    page = watched.open(single + "#a0")
    quote = page.locator("mark[data-code=QT03]").first
    page.uncheck("input[data-filter=fam-quotes]")
    assert quote.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert not page.is_visible("li.finding[data-code=QT03]")
    codes = []
    for _ in range(5):
        page.keyboard.press("j")
        codes.append(page.eval_on_selector("mark.cur[id]", "m => m.dataset.code"))
    assert "QT03" not in codes and codes[:4] == ["NM01", "ID01", "ID01", "AL01"]
    page.check("input[data-filter=fam-quotes]")
    assert page.is_visible("li.finding[data-code=QT03]")
    page.uncheck("input[data-filter=sev-minor]")
    assert not page.locator("li.finding.sev-minor").first.is_visible()
    page.reload()  # the choice is remembered
    page.wait_for_function("() => window.__mtqaReady === true")
    assert not page.is_checked("input[data-filter=sev-minor]")


def test_keyboard_navigation(watched, single):
    page = watched.open(single + "#a0")
    page.keyboard.press("j")
    assert page.eval_on_selector("mark.cur[id]", "m => m.id") == "a0-f0"
    assert page.inner_text("#pos") == "finding 1 of 6"
    assert page.is_visible("#pop") and "2.4 in the reference is missing" in page.inner_text("#pop")
    page.keyboard.press("n")
    assert page.eval_on_selector("mark.cur[id]", "m => m.dataset.code") == "QT03"
    page.keyboard.press("k")
    assert page.eval_on_selector("mark.cur[id]", "m => m.id") == "a0-f0"
    page.keyboard.press("p")  # wraps to the last finding
    assert page.eval_on_selector("mark.cur[id]", "m => m.dataset.code") == "UT01"
    page.keyboard.press("]")
    page.wait_for_selector("#a1", state="visible")
    page.keyboard.press("i")
    page.wait_for_selector("#index", state="visible")
    assert not page.is_visible("#a1")
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_selector("#a0", state="visible")


def test_xss_payloads_are_inert(watched, single):
    page = watched.open(single + "#a1")
    for mark in page.locator("#a1 mark.f").all():
        mark.hover()
        mark.click()
        page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") is None
    assert watched.dialogs == [] and watched.errors == []
    text = page.inner_text("#a1")
    assert "<script>window.__xss=1</script>" in text and '<img src=x onerror="window.__xss=1">' in text
    assert page.evaluate("document.querySelectorAll('img, iframe, svg [onload], [onerror]').length") == 0
    assert page.evaluate("Array.from(document.links).filter(a => a.protocol === 'javascript:').length") == 0


def test_triage_export_gives_a_suppressions_file(watched, single, tmp_path):
    page = watched.open(single + "#a0")
    page.click("#a0-f0-d button[data-act=accepted]")
    page.click("#a0-f1")  # the QT03 mark
    page.keyboard.press("f")
    page.fill("#pop input.note", "house style allows it")
    assert page.inner_text("#tcount") == "2 triaged"
    with page.expect_download() as info:
        page.click("button[data-act=export]")
    path = tmp_path / "suppressions.json"
    info.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data) == ["version", "kind", "suppressions"]
    assert data["version"] == 1 and data["kind"] == "mtqa-suppressions"
    marks = {m["code"]: m for m in page.evaluate("""Array.from(document.querySelectorAll('#a0 mark.f[id]'))
        .map(m => ({code: m.dataset.code, fp: m.dataset.fingerprint}))""")}
    got = {s["code"]: s for s in data["suppressions"]}
    assert [list(s) for s in data["suppressions"]] == [["fingerprint", "article", "code", "status", "note", "text"]] * 2
    assert got["NM01"]["status"] == "accepted" and got["QT03"]["status"] == "false-alarm"
    assert got["QT03"] == {"fingerprint": marks["QT03"]["fp"], "article": "court-ruling", "code": "QT03",
                           "status": "false-alarm", "note": "house style allows it", "text": "«Berehbudinvest»"}
    assert got["NM01"]["fingerprint"] == marks["NM01"]["fp"] and got["NM01"]["note"] == ""
    page.reload()  # kept in local storage
    page.wait_for_function("() => window.__mtqaReady === true")
    assert page.get_attribute("#a0-f1", "data-triage") == "false-alarm"
    assert page.inner_text("#tcount") == "2 triaged"
    page.evaluate("localStorage.clear()")
    page.reload()
    page.wait_for_function("() => window.__mtqaReady === true")
    assert page.get_attribute("#a0-f1", "data-triage") is None
    page.set_input_files("#importfile", str(path))
    page.wait_for_function("() => document.querySelector('#a0-f1').dataset.triage === 'false-alarm'")
    assert watched.errors == []


def test_triage_from_the_popover(watched, single):
    page = watched.open(single + "#a0")
    page.hover("#a0-f3")  # "Recall that"
    page.wait_for_selector("#pop", state="visible")
    page.click("#pop button[data-act=accepted]")
    assert page.get_attribute("#a0-f3", "data-triage") == "accepted"
    assert page.get_attribute("#a0-f3-d", "data-triage") == "accepted"
    assert page.get_attribute("#pop button[data-act=accepted]", "aria-pressed") == "true"
    stored = page.evaluate("JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => k.startsWith('mtqa-triage'))))")
    assert [(v["article"], v["code"], v["status"], v["text"]) for v in stored.values()] == \
        [("court-ruling", "ID01", "accepted", "Recall that")]
    page.click("#pop button[data-act=accepted]")  # pressing it again undoes it
    assert page.get_attribute("#a0-f3", "data-triage") is None
    assert watched.errors == []


def test_index_sorts_and_filters(watched, single):
    page = watched.open(single)
    scores = lambda: page.eval_on_selector_all("#articles tbody tr:not([hidden])", "rs => rs.map(r => +r.dataset.score)")
    page.click("button[data-sort=score]")
    assert scores() == sorted(scores())
    page.click("button[data-sort=score]")
    assert scores() == sorted(scores(), reverse=True)
    page.fill("#f-q", "court")
    assert page.inner_text("#shown") == "1 of 3 articles"
    page.fill("#f-q", "")
    page.select_option("#f-sev", "3")
    assert scores() == [58.2]
    page.select_option("#f-sev", "0")
    page.check("#f-only")
    assert len(scores()) == 2
    page.fill("#f-max", "60")
    assert scores() == [58.2]


def test_columns_can_be_hidden(watched, single):
    page = watched.open(single + "#a0")
    assert page.locator("td.c-ref").first.is_visible()
    page.click(".menu summary")
    page.uncheck("input[data-col=ref]")
    assert not page.locator("td.c-ref").first.is_visible()
    assert page.locator("td.c-src").first.is_visible()


def test_copy_button(watched, single):
    page = watched.open(single + "#a0")
    button = page.locator("#a0-f1-d button[data-act=copy]")
    button.click()
    page.wait_for_function("() => document.querySelector('#a0-f1-d button[data-act=copy]').textContent !== 'Copy'",
                           timeout=1000)
    assert button.inner_text() in ("Copied", "Copy failed")
    assert watched.errors == []


def test_folder_pages_share_triage(watched, folder):
    page = watched.open(folder.as_uri())
    page.click("#articles tbody tr >> nth=0 >> a.worst")
    page.wait_for_function("() => window.__mtqaReady === true")
    assert page.url.endswith("0001-court-ruling.html#a0-p0")
    assert page.locator("mark.f").count() >= 5
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.keyboard.press("u")
    page.wait_for_url(folder.as_uri())
    page.wait_for_function("() => window.__mtqaReady === true")
    assert page.inner_text("#tcount") == "1 triaged"
    with page.expect_download() as info:
        page.click("button[data-act=export]")
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert [(s["code"], s["status"], s["article"]) for s in data["suppressions"]] == [("NM01", "accepted", "court-ruling")]
    assert watched.errors == [] and watched.failed == []
