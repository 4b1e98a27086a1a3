"""Quotations that run on past the end of a paragraph.

News style lets a quotation run over several paragraphs: each one re-opens it and only the
last closes it. In a table whose rows are sentences rather than paragraphs, a quotation may
also open in one row and close in a later one. Marks explained this way are not unbalanced.
"""
from __future__ import annotations

from typing import Sequence

from mtqa.checks.quotes.marks import DOUBLE, Mark, QuoteMarks, read_quotes

LOOKAROUND = 5  # how many rows a quotation may run across in a table of sentences


def running_quotes(article: Sequence[str], index: int, multi_paragraph: bool, segments: bool) -> frozenset[int]:
    """Start offsets of the unmatched marks of paragraph ``index`` that a quotation running
    across paragraphs (or rows, when ``segments``) explains."""
    q = read_quotes(article[index])
    ok: set[int] = set()
    if q.unclosed:
        m = q.unclosed[0]
        nxt = article[index + 1] if index + 1 < len(article) else None
        if multi_paragraph and m.level == DOUBLE and nxt is not None and read_quotes(nxt).first_opens_paragraph():
            ok.add(m.start)
        elif segments and _closed_later(article, index, m.level):
            ok.add(m.start)
    if segments and q.unopened and _opened_earlier(article, index, q.unopened[0].level):
        ok.add(q.unopened[0].start)
    return frozenset(ok)


def left_open(article: Sequence[str], index: int) -> bool:
    """Did the previous paragraph leave a quotation open?"""
    return index > 0 and bool(read_quotes(article[index - 1]).unclosed)


def _nearest(article: Sequence[str], index: int, step: int, level: str) -> tuple[QuoteMarks, list[Mark]] | None:
    for j in range(index + step, index + step * (LOOKAROUND + 1), step):
        if not 0 <= j < len(article):
            return None
        q = read_quotes(article[j])
        marks = [m for m in q.quotes if m.level == level]
        if marks:
            return q, marks
    return None


def _closed_later(article: Sequence[str], index: int, level: str) -> bool:
    found = _nearest(article, index, 1, level)
    return found is not None and found[1][0] in found[0].unopened


def _opened_earlier(article: Sequence[str], index: int, level: str) -> bool:
    found = _nearest(article, index, -1, level)
    return found is not None and found[1][-1] in found[0].unclosed
