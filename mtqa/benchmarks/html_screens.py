"""Screenshots of an HTML report for the README, taken in Debian's headless Chromium.

    mtqa score corpora/sample --format html -o reports/sample.html
    python -m mtqa.benchmarks.html_screens reports/sample.html [--article a3] [--out reports]

Writes html-index.png (the index) and html-article.png (one article, its second finding
selected with the keyboard so the popover shows).
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from mtqa.benchmarks.html_speed import CHROMIUM_ARGS


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", type=Path)
    ap.add_argument("--article", default="a3", help="article anchor to show (a0 is the first article)")
    ap.add_argument("--out", type=Path, default=Path("reports"))
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    url = args.report.resolve().as_uri()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        page.wait_for_function("() => window.__mtqaReady === true")
        page.screenshot(path=str(args.out / "html-index.png"))
        page.goto(f"{url}#{args.article}")
        page.wait_for_function("() => window.__mtqaReady === true")
        page.keyboard.press("j")
        page.keyboard.press("j")
        page.wait_for_timeout(300)
        page.screenshot(path=str(args.out / "html-article.png"))
        browser.close()
    print(f"wrote {args.out / 'html-index.png'} and {args.out / 'html-article.png'}")


if __name__ == "__main__":
    main()
