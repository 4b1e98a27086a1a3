"""Check stage: run every enabled check on one MT paragraph with what is aligned to it."""
from __future__ import annotations

import sys
from typing import Sequence

from mtqa.align.stage import Aligned, Sentence
from mtqa.checks.registry import Check, Context, SentenceView
from mtqa.config import Config
from mtqa.escape import visible
from mtqa.model import Finding, Metrics, Paragraph


def paragraph_context(al: Aligned, p: Paragraph, sents: Sequence[Sentence], metrics: Sequence[Metrics],
                      article_mt: tuple[str, ...], options: dict) -> Context:
    views = tuple(
        SentenceView(s.index, s.span.start, s.span.end, s.span.text,
                     {r: al.groups[r][g].other_text for r, g in s.groups.items()}, m,
                     {r: al.groups[r][g].mt_text for r, g in s.groups.items()})
        for s, m in zip(sents, metrics)
    )
    gaps = tuple({"role": g.role, "text": g.text, "offset": g.offset, "paragraph": g.whole_paragraph}
                 for g in al.gaps if g.para == p.index)
    return Context(p, views, al.article, article_mt, options, gaps)


def check_paragraph(al: Aligned, p: Paragraph, sents: Sequence[Sentence], metrics: Sequence[Metrics],
                    article_mt: tuple[str, ...], checks: Sequence[Check], config: Config) -> list[Finding]:
    findings: list[Finding] = []
    contexts: dict[str, Context] = {}
    for check in checks:
        ctx = contexts.get(check.options_table)
        if ctx is None:
            ctx = contexts[check.options_table] = paragraph_context(al, p, sents, metrics, article_mt,
                                                                    config.table(check.options_table))
        try:
            findings.extend(check.run(ctx))
        except Exception as exc:  # a check must not stop the run; say so and go on
            print(visible(f"mtqa: internal error in check {check.code} on {al.article.id} paragraph {p.index}: "
                          f"{type(exc).__name__}: {exc}"), file=sys.stderr)
    unique = {(f.code, f.start, f.end, f.message): f for f in findings}
    return sorted(unique.values(), key=lambda f: (f.start, f.end, f.code))
