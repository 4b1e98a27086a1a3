"""The terminal report: per article its score and counts, the worst paragraphs with their
findings; a corpus summary last."""
from __future__ import annotations

from typing import Any

from mtqa.escape import visible
from mtqa.model import ArticleResult, ParagraphResult
from mtqa.aggregate.records import Report, counts
from mtqa.report.style_groups import article_groups

WORST = 3  # paragraphs shown per article, worst first
SHOWN = 8  # findings shown per paragraph (the most severe, in text order); the rest are counted


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and the noun in the number it needs: "1 article", "0 articles", "2 entries"."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def _counts_line(c: dict[str, dict[str, int]]) -> str:
    fam = ", ".join(f"{k} {v}" for k, v in c["family"].items()) or "no findings"
    sev = ", ".join(f"{k} {v}" for k, v in c["severity"].items())
    return f"{fam}" + (f" ({sev})" if sev else "")


CLIP = 40  # a span or suggestion longer than this is shown by its two ends
LOWEST = 2  # sentences shown for a paragraph that has no finding to show


def clip(text: str, width: int = CLIP) -> str:
    """``text`` or, when longer than ``width``, its two ends around an ellipsis, so a long
    quotation is not echoed in full by both the span and the suggestion."""
    if len(text) <= width:
        return text
    half = width // 2 - 1
    return text[:half].rstrip() + " … " + text[-half:].lstrip()


def _snippet(text: str, start: int, end: int, width: int = 30) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return ("…" if a else "") + text[a:start] + "[" + clip(text[start:end]) + "]" + text[end:b] + ("…" if b < len(text) else "")


def _sentence_lines(p: ParagraphResult, k: int = LOWEST) -> list[str]:
    """The ``k`` lowest-scoring sentences of a paragraph, with their text."""
    lowest = sorted(p.sentences, key=lambda s: s.score)[:k]
    return [f"    sentence {s.index + 1} score {s.score:.1f}: {clip(s.text, 100)}"
            for s in sorted(lowest, key=lambda s: s.index) if s.text.strip()]


def article_text(a: ArticleResult, worst: int = WORST, shown: int = SHOWN, source: str = "") -> list[str]:
    size = f"{plural(len(a.paragraphs), 'paragraph')}, {plural(a.words, 'word')}"
    lines = [f"{a.article.id}  score {a.score:.1f}  ({size})"]
    m = a.metrics
    metric_bits = [f"{k} {v:.1f}" if k in ("chrf", "bleu", "ter", "bt_chrf") else f"{k} {v:.3f}"
                   for k, v in m.as_dict().items() if v is not None]
    if metric_bits:
        lines.append("  " + ", ".join(metric_bits))
    lines.append("  findings: " + _counts_line(counts(list(a.findings))))
    groups, grouped = article_groups(a)
    for g in groups:
        fix = f"  → {clip(g.suggestion)}" if getattr(g, "suggestion", None) else ""
        lines.append(f"  {g.code} {g.severity.value:<8} {g.message(source)}{fix}")
    bad = sorted((p for p in a.paragraphs if p.findings or p.score < 100), key=lambda p: p.score)[:worst]
    for p in bad:
        lines.append(f"  ¶{p.paragraph.number} score {p.score:.1f}")
        own = [f for f in p.findings if id(f) not in grouped]
        if not own:
            lines.extend(_sentence_lines(p))
        kept = set(sorted(range(len(own)), key=lambda i: -own[i].severity.rank)[:shown])
        for f in (f for i, f in enumerate(own) if i in kept):
            where = _snippet(p.paragraph.mt, f.start, f.end)
            fix = f"  → {clip(f.suggestion)}" if f.suggestion else ""
            lines.append(f"    {f.code} {f.severity.value:<8} {f.message}{fix}")
            lines.append(f"         {where}")
        if len(own) > shown:
            lines.append(f"    … and {plural(len(own) - shown, 'more finding')} in this paragraph "
                         "(all of them: --format json, csv or html)")
    return lines


def render(report: Report, worst: int = WORST, errors: bool = True) -> str:
    """The text report; ``errors=False`` leaves out the input errors (for the terminal, where
    they go to stderr as ``mtqa: error: ...`` lines instead)."""
    lines: list[str] = []
    for a in sorted(report.articles, key=lambda a: a.score):
        lines.extend(article_text(a, worst, source=report.source))
        lines.append("")
    s: dict[str, Any] = report.summary()
    lines.append(f"corpus: {plural(s['articles'], 'article')}, {plural(s['paragraphs'], 'paragraph')}, "
                 f"{plural(s['words'], 'word')}, "
                 f"score {s['score'] if s['score'] is not None else '-'}")
    if s["metrics"]:
        lines.append("  " + ", ".join(f"{k} {v}" for k, v in s["metrics"].items()))
    lines.append("  findings: " + _counts_line(report.counts()))
    for name, sig in report.signatures.items():
        lines.append(f"  {name}: {sig}")
    for e in report.notes if errors else ():
        lines.append(f"note: {e}")
    for e in report.errors if errors else ():
        lines.append(f"error: {e}")
    return "\n".join(visible(line) for line in lines) + "\n"  # ids and text: one line each, no control bytes
