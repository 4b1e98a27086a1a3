"""The HTML report translation editors work in: ``mtqa score PATH --format html -o OUT``.

Layout
    ``-o NAME.html``: one self-contained file (CSS, JS and SVG charts inline; no network,
    no CDN) holding the index and every article, switched by the URL fragment (``#a3``,
    ``#a3-p5``). Past :data:`MAX_SINGLE_ARTICLES` articles or :data:`MAX_SINGLE_BYTES`
    bytes, or when ``-o`` does not end in ``.html``, a folder instead:
    ``NAME/index.html``, ``NAME/articles/0001-<id>.html`` (one page per article) and
    ``NAME/assets/report.{css,js}`` shared by the pages (still no network).

Safety
    Every piece of input text goes through Jinja2's autoescape (or markupsafe.escape in
    :mod:`.html_marks`); data for the script sits in ``<script type="application/json">``
    with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped; no event handler attribute is
    built from data, and a Content-Security-Policy allows only the report's own script
    (by hash when inline), so a ``<script>`` or ``onerror=`` in an article stays text.
"""
from __future__ import annotations

import base64
import datetime
import hashlib
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from markupsafe import Markup

from mtqa.report.fingerprint import fingerprint
from mtqa.model import ROLES, ArticleResult
from mtqa.report.html_charts import family_bars, score_histogram
from mtqa.report.html_marks import MarkSpan, clamp, mark_up
from mtqa.aggregate.records import Report, counts, metrics_dict
from mtqa.report.style_groups import article_groups

MAX_SINGLE_ARTICLES = 200
"""More articles than this: a folder with one page per article (see reports/html_speed.md)."""
MAX_SINGLE_BYTES = 12_000_000
"""A single file larger than this (about 1 s to open here): a folder too."""

FAMILY_COLOURS = {
    "garbled": "#d62728", "quotes": "#1f77b4", "idiom": "#9467bd", "untranslated": "#e8710a",
    "numbers": "#2ca02c", "alignment": "#8c564b", "names": "#b8860b", "terms": "#0f7b6c", "content": "#6b8e23",
}
EXTRA_COLOURS = ("#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939")
ROLE_NAMES = {"mt": "MT", "ref": "Reference", "src": "Source", "bt": "Back-translation"}
SEVERITIES = ("critical", "major", "minor")
SEVERITY_RANK = {"minor": 1, "major": 2, "critical": 3}


def json_script(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``</script>``, no ``<!--``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def band(score: float | None) -> str:
    if score is None:
        return "none"
    return "good" if score >= 80 else "fair" if score >= 60 else "poor"


@lru_cache(maxsize=1)
def check_docs() -> dict[str, dict[str, str]]:
    """Name and one-line summary of every registered check, for tooltips."""
    try:
        from mtqa.checks.registry import all_checks

        return {code: {"name": c.name, "summary": c.summary} for code, c in all_checks().items()}
    except Exception:  # the report renders without tooltips rather than not at all
        return {}


def too_many(report: Report) -> bool:
    return len(report.articles) > MAX_SINGLE_ARTICLES


# ---- view model -------------------------------------------------------------------------
def families_of(report: Report) -> list[dict[str, str]]:
    names = {f.family for f in report.findings}
    ordered = [f for f in FAMILY_COLOURS if f in names] + sorted(names - set(FAMILY_COLOURS))
    extra = iter(EXTRA_COLOURS * (1 + len(ordered) // len(EXTRA_COLOURS)))
    return [{"name": n, "cls": "fam-" + slug(n), "colour": FAMILY_COLOURS.get(n) or next(extra)} for n in ordered]


def _roles(a: ArticleResult) -> list[str]:
    present = {r for p in a.paragraphs for r, t in p.paragraph.texts.items() if t.strip()} | set(a.article.langs)
    return [r for r in ROLES if r == "mt" or r in present]


def _finding_views(aid: str, a: ArticleResult, k: int, findings, fam_cls, docs, counter: list[int]):
    mt = a.paragraphs[k].paragraph.mt
    views = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end, f.code)):
        start, end = clamp(f.start, f.end, len(mt))
        doc = docs.get(f.code, {})
        views.append({
            "fid": f"{aid}-f{counter[0]}", "code": f.code, "family": f.family, "cls": fam_cls.get(f.family, ""),
            "severity": f.severity.value, "mqm": f.mqm, "message": f.message, "suggestion": f.suggestion,
            "start": start, "end": end, "text": mt[start:end],
            "fingerprint": fingerprint(a.article.id, f.code, mt, f.start, f.end),  # as the CI gate computes it
            "name": doc.get("name", ""), "summary": doc.get("summary", ""),
        })
        counter[0] += 1
    return views


def _other_cells(a: ArticleResult, roles: list[str]) -> list[dict[str, Any]]:
    """Per MT paragraph and role: the aligned paragraphs as read (key: their indexes)."""
    cells = []
    for p in a.paragraphs:
        row = {}
        for r in roles[1:]:
            idxs = tuple(p.paragraph.sources.get(r, ()))
            raw = a.article.raw.get(r, ())
            if idxs and raw:
                row[r] = {"key": idxs, "texts": [(j, raw[j]) for j in idxs if j < len(raw)]}
            else:
                t = p.paragraph.texts.get(r, "")
                row[r] = {"key": None, "texts": [(None, t)] if t.strip() else []}
        cells.append(row)
    return cells


def _gaps(a: ArticleResult, roles: list[str]) -> dict[int, dict[str, list[tuple[int, str]]]]:
    """Paragraphs of other roles aligned to no MT paragraph, by the MT row they go before."""
    out: dict[int, dict[str, list[tuple[int, str]]]] = {}
    for r in roles[1:]:
        raw = a.article.raw.get(r, ())
        placed = [(k, max(p.paragraph.sources[r])) for k, p in enumerate(a.paragraphs) if p.paragraph.sources.get(r)]
        if not raw or not placed:
            continue
        used = {j for p in a.paragraphs for j in p.paragraph.sources.get(r, ())}
        for j, text in enumerate(raw):
            if j in used or not text.strip():
                continue
            pos = max((k + 1 for k, last in placed if last < j), default=0)
            out.setdefault(pos, {}).setdefault(r, []).append((j, text))
    return out


def _rows(aid: str, a: ArticleResult, roles: list[str], fam_cls, docs,
          grouped: frozenset[int] = frozenset()) -> tuple[list[dict[str, Any]], list]:
    """The article's table rows; findings whose ``id`` is in ``grouped`` are shown once per
    article (house style), not per paragraph."""
    cells, gaps, counter = _other_cells(a, roles), _gaps(a, roles), [0]
    rows: list[dict[str, Any]] = []
    all_findings = []
    for k, p in enumerate(a.paragraphs):
        if k in gaps:
            rows.append({"kind": "gap", "cells": {r: {"texts": gaps[k].get(r, []), "key": None} for r in roles[1:]}})
        findings = _finding_views(aid, a, k, [f for f in p.findings if id(f) not in grouped], fam_cls, docs, counter)
        all_findings.extend(findings)
        spans = [MarkSpan(f["fid"], f["start"], f["end"], f"{f['cls']} sev-{f['severity']}",
                          {"code": f["code"], "family": f["family"], "severity": f["severity"],
                           "fingerprint": f["fingerprint"]}) for f in findings]
        rows.append({"kind": "para", "index": p.paragraph.number, "id": f"{aid}-p{p.paragraph.index}",
                     "score": p.score, "band": band(p.score), "metrics": metrics_dict(p.metrics),
                     "mt_html": mark_up(p.paragraph.mt, spans), "findings": findings, "cells": cells[k],
                     "sentences": [(s.index, s.score) for s in p.sentences]})
    if len(a.paragraphs) in gaps:
        rows.append({"kind": "gap", "cells": {r: {"texts": gaps[len(a.paragraphs)].get(r, []), "key": None}
                                             for r in roles[1:]}})
    for r in roles[1:]:  # one cell spanning rows that share the same aligned paragraphs (n-1 alignment)
        first = None
        for row in rows:
            cell = row["cells"][r]
            if first is not None and cell["key"] is not None and cell["key"] == first["key"]:
                first["rowspan"] += 1
                row["cells"][r] = None
            else:
                cell["rowspan"] = 1
                first = cell
    return rows, all_findings


def _worst(a: ArticleResult) -> Any:
    if not a.paragraphs:
        return None
    return min(a.paragraphs, key=lambda p: (p.score, -sum(SEVERITY_RANK[f.severity.value] for f in p.findings)))


def web_link(url: str) -> str | None:
    """The item's address as a link target when it is a web address (never ``javascript:``)."""
    url = url.strip()
    return url if re.match(r"https?://", url, re.I) else None


def article_view(i: int, a: ArticleResult, fam_cls: Mapping[str, str], docs, href: str,
                 source: str = "") -> dict[str, Any]:
    aid = f"a{i}"
    roles = _roles(a)
    groups, grouped = article_groups(a)
    rows, findings = _rows(aid, a, roles, fam_cls, docs, frozenset(grouped))
    style = [{"code": g.code, "severity": g.severity.value, "cls": fam_cls.get(g.findings[0].family, ""),
              "message": g.message(source) + (f" → {g.suggestion}" if getattr(g, "suggestion", None) else "")}
             for g in groups]
    c = counts(list(a.findings))
    worst = _worst(a)
    return {
        "n": i, "aid": aid, "id": a.article.id, "path": a.article.path, "meta": dict(a.article.meta), "link": web_link(a.article.meta.get("url", "")), "score": a.score, "band": band(a.score),
        "words": a.words, "paragraphs": len(a.paragraphs), "metrics": metrics_dict(a.metrics),
        "langs": dict(a.article.langs), "roles": roles, "rows": rows, "findings": findings,
        "counts": c, "n_findings": len(findings),
        "maxsev": max((SEVERITY_RANK[s] for s in c["severity"]), default=0),
        "style": style,
        "worst": None if worst is None else {"index": worst.paragraph.number, "score": worst.score,
                                             "id": f"{aid}-p{worst.paragraph.index}"},
        "href": href,
    }


def page_name(i: int, article_id: str) -> str:
    return f"{i + 1:04d}-{re.sub(r'[^A-Za-z0-9._-]+', '-', article_id).strip('-.')[:60] or 'article'}.html"


def run_view(report: Report, generated: str) -> dict[str, Any]:
    from mtqa.version import __version__

    s = report.summary()
    return {"version": __version__, "source": report.source, "kind": report.kind, "generated": generated,
            "signatures": dict(report.signatures), "config": json.dumps(report.config, indent=2, ensure_ascii=False),
            "summary": s, "errors": [str(e) for e in report.errors]}


# ---- rendering --------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("mtqa.report", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined)
    env.filters["num"] = lambda v, d=1: "–" if v is None else f"{v:.{d}f}"
    return env


def asset(name: str) -> str:
    return resources.files("mtqa.report").joinpath("templates", name).read_text(encoding="utf-8")


def _csp(js_inline: bool, js: str) -> str:
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode()
    script = f"'sha256-{digest}'" if js_inline else "'self' file:"
    return (f"default-src 'none'; script-src {script}; style-src 'self' file: 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'")


class _Views:
    """Everything the templates need, built once for the single file or for every page."""

    def __init__(self, report: Report, generated: str | None, docs, hrefs: list[str]):
        self.run = run_view(report, generated or datetime.datetime.now(datetime.timezone.utc)
                            .strftime("%Y-%m-%d %H:%M UTC"))
        self.families = families_of(report)
        fam_cls = {f["name"]: f["cls"] for f in self.families}
        for f in self.families:
            f["count"] = self.run["summary"]["by_family"].get(f["name"], 0)
        docs = check_docs() if docs is None else docs
        self.articles = [article_view(i, a, fam_cls, docs, hrefs[i], report.source)
                         for i, a in enumerate(report.articles)]
        self.roles = [r for r in ROLES if any(r in a["roles"] for a in self.articles)] or ["mt"]
        self.charts = {"hist": score_histogram([a.score for a in report.articles]),
                       "fams": family_bars(self.run["summary"]["by_family"], fam_cls)}
        self.title = f"mtqa report · {report.source or 'run'}"

    def render(self, mode: str, articles: list[dict[str, Any]], inline: bool, prefix: str = "",
               index_href: str = "#") -> str:
        js = asset("report.js")
        meta = {"mode": mode, "source": self.run["source"], "title": self.title, "index": index_href,
                "version": self.run["version"]}
        return _env().get_template("report.html.j2").render(
            mode=mode, run=self.run, families=self.families, roles=self.roles, role_names=ROLE_NAMES,
            severities=SEVERITIES, articles=articles, index_rows=self.articles, charts=self.charts,
            title=self.title if mode != "page" else f"{articles[0]['id']} · {self.title}",
            inline=inline, css=Markup(asset("report.css")), js=Markup(js), prefix=prefix,
            index_href=index_href, csp=_csp(inline, js), meta_json=json_script(meta))


def render_html(report: Report, *, generated: str | None = None, docs: Mapping | None = None) -> str:
    """The whole report as one self-contained HTML document (index and every article)."""
    views = _Views(report, generated, docs, [f"#a{i}" for i in range(len(report.articles))])
    return views.render("single", views.articles, inline=True)


def write_html(report: Report, output: Path, *, generated: str | None = None, docs: Mapping | None = None,
               split: bool | None = None) -> Path:
    """Write the report; returns the file to open. ``output`` ending in ``.html``: one file,
    unless ``split`` is true or (``split`` None) the run has more than
    :data:`MAX_SINGLE_ARTICLES` articles or the file would pass :data:`MAX_SINGLE_BYTES`; then
    the folder named like ``output`` without ``.html``. Any other ``output``: that folder."""
    output = Path(output)
    if output.suffix.lower() == ".html" and not split and not (split is None and too_many(report)):
        html = render_html(report, generated=generated, docs=docs)
        if split is not None or len(html.encode("utf-8")) <= MAX_SINGLE_BYTES:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(html, encoding="utf-8")
            return output
    if output.suffix.lower() == ".html":
        output = output.with_suffix("")
    return write_folder(report, output, generated=generated, docs=docs)


def write_folder(report: Report, folder: Path, *, generated: str | None = None, docs: Mapping | None = None) -> Path:
    pages = [page_name(i, a.article.id) for i, a in enumerate(report.articles)]
    views = _Views(report, generated, docs, [f"articles/{p}" for p in pages])
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    (folder / "assets").mkdir(exist_ok=True)
    for stale in (folder / "articles").glob("[0-9][0-9][0-9][0-9]*-*.html"):
        stale.unlink()
    (folder / "assets" / "report.css").write_text(asset("report.css"), encoding="utf-8")
    (folder / "assets" / "report.js").write_text(asset("report.js"), encoding="utf-8")
    for i, view in enumerate(views.articles):
        view = dict(view, prev=pages[i - 1] if i else None, next=pages[i + 1] if i + 1 < len(pages) else None)
        html = views.render("page", [view], inline=False, prefix="../", index_href="../index.html")
        (folder / "articles" / pages[i]).write_text(html, encoding="utf-8")
    index = folder / "index.html"
    index.write_text(views.render("index", [], inline=False), encoding="utf-8")
    return index
