"""QT05 for typewriter (TeX) quotes: ``a record'' and `a record' stand in for “a record” and
‘a record’ (TeX input, old MT systems, plain-text conversions). They are no house style, so
they are flagged under every ``style``; the suggestion uses the house marks for the level
(double for `` and '', single for `), and drops spaces just inside the marks."""
from __future__ import annotations

from typing import Iterator

from mtqa.checks.quotes.scene import Scene
from mtqa.checks.quotes.types import Edit, Issue


def tex_issues(scene: Scene, claimed: set[int]) -> Iterator[Issue]:
    """One QT05 per quotation opened or closed with a typewriter stand-in, over the pair."""
    text = scene.q.text
    for i, (p, kind) in enumerate(zip(scene.q.pairs, scene.kinds)):
        if kind != "tex" or p.open.start in claimed or p.close.start in claimed:
            continue
        eo, ec = scene.expected(i)
        inner = p.inner(text)
        lead = len(inner) - len(inner.lstrip())
        trail = len(inner) - len(inner.rstrip()) if inner.strip() else 0
        edits = tuple(e for e in (Edit(p.open.start, p.open.end + lead, eo),
                                  Edit(p.close.start - trail, p.close.end, ec))
                      if text[e.start : e.end] != e.text)
        yield Issue("QT05", p.open.start, p.close.end,
                    f"Typewriter (TeX) quotes {p.open.chars}…{p.close.chars} are not quotation "
                    f"marks (house style {scene.house.label}); use {eo}…{ec}",
                    edits, fixable=p.open.level == p.close.level)
