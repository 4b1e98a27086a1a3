"""One finding per article for a consistent difference from the house style.

An article whose quotes are all straight gets a QT05 for every quotation, and one that puts
every comma outside the closing quote a QT10 for every comma: dozens of identical lines that
``mtqa fix`` repairs in one go. The text and HTML reports show such findings once per
article and code, with their count and a pointer to ``mtqa fix``; the JSON, JSONL and CSV
records keep every span for tools.
"""
from __future__ import annotations

from dataclasses import dataclass

from mtqa.model import ArticleResult, Finding

HOUSE_STYLE = ("QT05", "QT06", "QT10")
"""Codes that report a house-style difference ``mtqa fix`` repairs mechanically."""
MIN_GROUP = 2  # from this many findings of one code in an article, they are shown as one

WHAT = {
    "QT05": ("quotation", "quotations", "straight quotes where the house style has curly ones"),
    "QT06": ("mark", "marks", "straight and curly quotes mixed in one article"),
    "QT10": ("closing quote", "closing quotes", "commas and full stops on the wrong side of the closing quote"),
}


@dataclass(frozen=True)
class StyleGroup:
    """All findings of one house-style code in one article."""

    code: str
    findings: tuple[Finding, ...]
    paragraphs: tuple[int, ...]  # indexes of the paragraphs they are in

    @property
    def severity(self):
        return max((f.severity for f in self.findings), key=lambda s: s.rank)

    def message(self, source: str = "") -> str:
        one, many, what = WHAT.get(self.code, ("finding", "findings", "a house-style difference"))
        n, k = len(self.findings), len(self.paragraphs)
        target = f" {source}" if source and not source.startswith("<") else " PATH"
        return (f"House style throughout this article: {what} ({n} {one if n == 1 else many} in "
                f"{k} paragraph{'' if k == 1 else 's'}); `mtqa fix{target}` repairs them all "
                "(every span: --format json)")


def style_groups(a: ArticleResult) -> tuple[list[StyleGroup], set[int]]:
    """The article's house-style groups and the ids (``id(finding)``) of the findings in them."""
    groups, grouped = [], set()
    for code in HOUSE_STYLE:
        mine = [(p.paragraph.index, f) for p in a.paragraphs for f in p.findings if f.code == code]
        if len(mine) < MIN_GROUP:
            continue
        groups.append(StyleGroup(code, tuple(f for _, f in mine), tuple(dict.fromkeys(i for i, _ in mine))))
        grouped.update(id(f) for _, f in mine)
    return groups, grouped
