"""One finding per article for a consistent difference from the house style.

An article whose quotes are all straight gets a QT05 for every quotation, and one that puts
every comma outside the closing quote a QT10 for every comma: dozens of identical lines that
``mtqa fix`` repairs in one go. The text and HTML reports show them as one line per article,
with their counts and a pointer to ``mtqa fix``; the JSON, JSONL and CSV records keep every
span for tools.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from mtqa.model import ArticleResult, Finding, Severity

HOUSE_STYLE = ("QT05", "QT06", "QT10")
"""Codes that report a house-style difference ``mtqa fix`` repairs mechanically."""
MIN_GROUP = 2  # from this many such findings in an article, they are shown as one

WHAT = {
    "QT05": ("quotation", "quotations", "straight quotes where the house style has curly ones"),
    "QT06": ("mark", "marks", "straight and curly quotes mixed"),
    "QT10": ("closing quote", "closing quotes", "commas and full stops on the wrong side of the closing quote"),
}


@dataclass(frozen=True)
class StyleGroup:
    """All house-style findings of one article."""

    findings: tuple[Finding, ...]
    paragraphs: tuple[int, ...]  # indexes of the paragraphs they are in

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c for c in HOUSE_STYLE if any(f.code == c for f in self.findings))

    @property
    def code(self) -> str:
        """The codes as one label: "QT05" or "QT05/QT10"."""
        return "/".join(self.codes)

    @property
    def severity(self) -> Severity:
        return max((f.severity for f in self.findings), key=lambda s: s.rank)

    def message(self, source: str = "") -> str:
        n = Counter(f.code for f in self.findings)
        parts = []
        for code in self.codes:
            one, many, what = WHAT[code]
            parts.append(f"{what} ({n[code]} {one if n[code] == 1 else many})")
        k = len(self.paragraphs)
        target = f" {source}" if source and not source.startswith("<") else " PATH"
        return (f"House style throughout this article: {'; '.join(parts)}, in {k} "
                f"paragraph{'' if k == 1 else 's'}; `mtqa fix{target}` repairs them all "
                "(every span: --format json)")


def style_groups(a: ArticleResult) -> tuple[list[StyleGroup], set[int]]:
    """The article's house-style unit (none, or one) and the ids (``id(finding)``) of the
    findings in it."""
    mine = [(p.paragraph.index, f) for p in a.paragraphs for f in p.findings if f.code in HOUSE_STYLE]
    if len(mine) < MIN_GROUP:
        return [], set()
    group = StyleGroup(tuple(f for _, f in mine), tuple(dict.fromkeys(i for i, _ in mine)))
    return [group], {id(f) for _, f in mine}


REPEAT_FAMILIES = ("idiom",)
"""Families whose findings repeat word for word (a site formula such as "Read also:" before
every link): shown once per article with the number of times."""


@dataclass(frozen=True)
class RepeatGroup:
    """One finding that recurs with the same wording in an article ("Read also" x3)."""

    findings: tuple[Finding, ...]
    text: str  # the flagged words, as first written

    @property
    def code(self) -> str:
        return self.findings[0].code

    @property
    def severity(self) -> Severity:
        return max((f.severity for f in self.findings), key=lambda s: s.rank)

    @property
    def suggestion(self) -> str | None:
        return self.findings[0].suggestion

    def message(self, source: str = "") -> str:
        return f"'{self.text}' {len(self.findings)} times in this article: {self.findings[0].message}"


def repeat_groups(a: ArticleResult) -> tuple[list[RepeatGroup], set[int]]:
    """Findings of :data:`REPEAT_FAMILIES` with the same code and words, twice or more in an
    article, as one group each, and the ids of the findings in them."""
    by_key: dict[tuple[str, str], list[tuple[str, Finding]]] = {}
    for p in a.paragraphs:
        for f in p.findings:
            if f.family in REPEAT_FAMILIES:
                text = p.paragraph.mt[f.start:f.end]
                by_key.setdefault((f.code, " ".join(text.lower().split())), []).append((text, f))
    groups = [RepeatGroup(tuple(f for _, f in items), items[0][0]) for items in by_key.values() if len(items) >= MIN_GROUP]
    return groups, {id(f) for g in groups for f in g.findings}


def article_groups(a: ArticleResult) -> tuple[list, set[int]]:
    """Every one-line-per-article group (house style, repeated wording) and the ids of the
    findings they hold."""
    style, in_style = style_groups(a)
    repeats, in_repeats = repeat_groups(a)
    return [*style, *repeats], in_style | in_repeats
