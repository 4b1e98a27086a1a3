"""How fast the HTML report opens in headless Chromium, for a synthetic 1,000-article run.

Builds Report objects directly (no models: MT, reference, source and back-translation text,
3-4 findings per paragraph with overlaps, gaps, unaligned paragraphs, long paragraphs and
XSS payloads), writes them with mtqa.report.html, and opens each output from disk in
Debian's Chromium through Playwright: the single file at the split threshold, the single
file forced at 1,000 articles, and the folder written past the threshold (index page and one
article page). Time to load is navigation start to the later of the load event and the
report script's "mtqa-ready" mark, the median of --runs fresh pages.
Writes reports/html_speed.json and .md.

    python -m mtqa.benchmarks.html_speed [--articles 1000] [--runs 3] [--chromium /usr/bin/chromium]
"""
from __future__ import annotations

import argparse
import datetime
import platform
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from mtqa.model import (Article, ArticleResult, Finding, Metrics, Paragraph, ParagraphResult, SentenceResult,
                     Severity)
from mtqa.report.html import MAX_SINGLE_ARTICLES, MAX_SINGLE_BYTES, write_html
from mtqa.aggregate.records import Report
from mtqa.benchmarks.common import write_report

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EN = ("the city council said on Tuesday that the new bridge across the Dnipro would open in spring, "
      "officials expect more than 40,000 visitors to the festival this year; the ministry approved "
      "the budget for the reconstruction of the school after the shelling in March").split()
UK = ("міська рада у вівторок повідомила що новий міст через Дніпро відкриють навесні, посадовці "
      "очікують понад 40 тисяч відвідувачів фестивалю цього року; міністерство затвердило кошторис "
      "відбудови школи після обстрілу в березні").split()
PAYLOADS = ('<script>window.__xss=1</script>', '<img src=x onerror="window.__xss=1">', '</textarea><b>bold?</b>',
            '<a href="javascript:window.__xss=1">click</a>', '"><svg onload=window.__xss=1>', "\u2028</script>")
FAMILIES = (("quotes", "QT03", "Fluency/Punctuation"), ("idiom", "ID01", "Style/Unidiomatic"),
            ("numbers", "NM01", "Accuracy/Mistranslation"), ("garbled", "GB01", "Fluency/Grammar"),
            ("untranslated", "UT01", "Accuracy/Untranslated text"), ("alignment", "AL01", "Accuracy/Omission"))


def _text(rng: random.Random, words: tuple[str, ...] | list[str], n: int) -> str:
    out = " ".join(rng.choice(words) for _ in range(n))
    return out[0].upper() + out[1:] + "."


def _findings(rng: random.Random, text: str, article: str, para: int) -> tuple[Finding, ...]:
    out = []
    for _ in range(rng.choice((0, 1, 2, 3, 4, 6))):
        family, code, mqm = rng.choice(FAMILIES)
        start = rng.randrange(0, max(1, len(text) - 1))
        end = start if family == "alignment" else min(len(text), start + rng.randint(1, 40))
        sev = rng.choice((Severity.MINOR, Severity.MINOR, Severity.MAJOR, Severity.CRITICAL))
        out.append(Finding(code, family, mqm, sev, start, end, f"{family} problem near {text[start:end]!r}",
                           rng.choice((None, text[start:end].upper(), "")), para, article))
    return tuple(out)


def synthetic_report(n_articles: int = 1000, seed: int = 0, payload_every: int = 50) -> Report:
    """A Report of ``n_articles`` articles built without models, for benchmarks and tests."""
    rng = random.Random(seed)
    articles = []
    for i in range(n_articles):
        aid = f"news/{i:04d}-synthetic-article"
        n = rng.randint(4, 14)
        raw = {"mt": [], "ref": [], "src": [], "bt": []}
        for k in range(n):
            size = 400 if k and rng.random() < 0.03 else rng.randint(8, 60)
            mt = _text(rng, EN, size)
            if i % payload_every == 0 and k == 1:
                mt = f"Payload {PAYLOADS[(i // payload_every) % len(PAYLOADS)]} in the text. " + mt
            raw["mt"].append(mt)
            raw["ref"].append(_text(rng, EN, size))
            raw["src"].append(_text(rng, UK, size))
            raw["bt"].append(_text(rng, UK, size))
        unaligned = rng.randrange(1, n) if rng.random() < 0.2 else None
        paragraphs = []
        for k in range(n):
            sources = {r: (k,) for r in ("ref", "src", "bt") if k != unaligned}
            texts = {"mt": raw["mt"][k], **{r: raw[r][k] for r in sources}}
            p = Paragraph(k, texts, (), {"mt": "en", "ref": "en", "src": "uk", "bt": "uk"}, sources)
            findings = _findings(rng, raw["mt"][k], aid, k)
            score = round(max(0.0, min(100.0, rng.gauss(72, 14) - 4 * len(findings))), 1)
            m = Metrics(chrf=round(rng.uniform(20, 90), 2), similarity=round(rng.uniform(.5, 1), 4))
            sent = SentenceResult(0, 0, len(raw["mt"][k]), raw["mt"][k], {}, m, score, findings)
            paragraphs.append(ParagraphResult(p, (sent,), m, score, findings, len(raw["mt"][k].split())))
        article = Article(aid, f"corpus/{aid}.mt.en.txt", {"mt": "en", "ref": "en", "src": "uk", "bt": "uk"},
                          {r: tuple(v) for r, v in raw.items()}, tuple(p.paragraph for p in paragraphs))
        words = sum(p.words for p in paragraphs)
        score = round(sum(p.score * p.words for p in paragraphs) / max(1, words), 1)
        articles.append(ArticleResult(article, tuple(paragraphs), Metrics(chrf=round(rng.uniform(20, 90), 2)),
                                      score, words))
    return Report(articles=articles, source=f"synthetic/{n_articles}", signatures={"chrf": "chrF2++|synthetic"},
                  config={"disable": []})


def _load_times(browser, url: str, runs: int) -> dict[str, float]:
    """Median milliseconds to load ``url`` in fresh pages, and the wall time of page.goto."""
    loads, walls, errors = [], [], []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        start = time.perf_counter()
        page.goto(url, wait_until="load")
        page.wait_for_function("() => window.__mtqaReady === true")
        walls.append((time.perf_counter() - start) * 1000)
        loads.append(page.evaluate("""() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const ready = performance.getEntriesByName('mtqa-ready')[0];
            return Math.max(nav.loadEventEnd, ready ? ready.startTime : 0);
        }"""))
        context.close()
    if errors:
        raise SystemExit(f"page errors in {url}: {errors[:3]}")
    return {"load_ms": round(statistics.median(loads), 1), "wall_ms": round(statistics.median(walls), 1),
            "load_ms_runs": [round(x, 1) for x in loads]}


def _switch_ms(browser, url: str, target: str) -> float:
    """Milliseconds to show one article of a single file (hash navigation)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url, wait_until="load")
    ms = page.evaluate("""(target) => new Promise(done => {
        const t0 = performance.now();
        window.addEventListener('hashchange', () => requestAnimationFrame(() => setTimeout(
            () => done(performance.now() - t0), 0)), {once: true});
        location.hash = target;
    })""", target)
    page.close()
    return round(ms, 1)


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    big = synthetic_report(args.articles)
    small = Report(articles=big.articles[:MAX_SINGLE_ARTICLES], source=big.source, signatures=big.signatures,
                   config=big.config)
    paragraphs = sum(len(a.paragraphs) for a in big.articles)
    density = round(len(big.findings) / max(1, paragraphs), 2)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        out = Path(tmp)
        builds = {}
        for name, report, target, split in (
            (f"single file, {len(small.articles)} articles (threshold)", small, out / "small.html", False),
            (f"single file, {args.articles} articles (forced)", big, out / "big.html", False),
            (f"folder, {args.articles} articles", big, out / "big", None),
        ):
            t0 = time.perf_counter()
            index = write_html(report, target, split=split, generated="benchmark")
            builds[name] = (index, round(time.perf_counter() - t0, 2), _size(target))
        browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for name, (index, build_s, size) in builds.items():
            results[name + ": index"] = {"write_s": build_s, "bytes": size, "index_bytes": index.stat().st_size,
                                         **_load_times(browser, index.as_uri(), args.runs)}
        folder_index = builds[f"folder, {args.articles} articles"][0]
        page = sorted((folder_index.parent / "articles").glob("*.html"))[len(big.articles) // 2]
        results[f"folder, {args.articles} articles: one article page"] = {
            "bytes": page.stat().st_size, **_load_times(browser, page.as_uri(), args.runs)}
        single = builds[f"single file, {args.articles} articles (forced)"][0]
        results[f"single file, {args.articles} articles (forced): open an article (#a{args.articles // 2})"] = {
            "switch_ms": _switch_ms(browser, single.as_uri(), f"a{args.articles // 2}")}
        version = browser.version
        browser.close()
    data = {"date": datetime.date.today().isoformat(), "machine": f"{platform.machine()}, {platform.system()}",
            "python": platform.python_version(), "chromium": version, "articles": args.articles, "runs": args.runs,
            "paragraphs": paragraphs, "findings": len(big.findings),
            "threshold": {"max_single_articles": MAX_SINGLE_ARTICLES, "max_single_bytes": MAX_SINGLE_BYTES},
            "results": results}
    lines = [f"# HTML report load time ({data['date']}, Chromium {version}, headless, 2 cores)", "",
             f"Synthetic run of {args.articles} articles ({paragraphs} paragraphs with MT, reference, source and "
             f"back-translation; {len(big.findings)} findings, {density} per paragraph, the sample corpus has about 1); "
             f"median of {args.runs} fresh pages. `python -m mtqa.benchmarks.html_speed`.", "",
             "| output | size | write | load (nav start → ready) | wall (goto) |", "|---|---:|---:|---:|---:|"]
    for name, r in results.items():
        if "switch_ms" in r:
            lines.append(f"| {name} | | | {r['switch_ms']:.0f} ms | |")
            continue
        size = f"{r['bytes'] / 1e6:.1f} MB"
        if r.get("index_bytes", r["bytes"]) != r["bytes"]:
            size += f" (index.html {r['index_bytes'] / 1e6:.1f} MB)"
        write = f"{r['write_s']:.1f} s" if "write_s" in r else ""
        lines.append(f"| {name} | {size} | {write} | {r['load_ms']:.0f} ms | {r['wall_ms']:.0f} ms |")
    lines += ["", f"Past {MAX_SINGLE_ARTICLES} articles or {MAX_SINGLE_BYTES / 1e6:.0f} MB, "
              "`-o NAME.html` writes the folder `NAME/` instead (index + one page per article).", ""]
    write_report("html_speed", data, "\n".join(lines))


if __name__ == "__main__":
    main()
