"""QT10: commas and full stops on the wrong side of a closing quote for the house style.

American style (AP, Chicago) always puts the comma and the full stop inside the closing
quote. Logical style (British news) puts them inside only when they belong to the quoted
words; a quoted fragment that starts in lower case ("the so-called “special operation”.")
keeps them outside. ``any`` accepts either placement. Punctuation doubled on both sides
(``disgusting.", Biden said``) is wrong in every style.
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from mtqa.checks.quotes.lang import House
from mtqa.checks.quotes.marks import SHAPES, Pair, QuoteMarks
from mtqa.checks.quotes.types import Edit, Issue

_INSIDE = ".,!?"
_OUTSIDE = ".,"
_NAMES = {".": "full stop", ",": "comma", "!": "exclamation mark", "?": "question mark"}


def punctuation_issues(
    q: QuoteMarks, house: House, expected: Callable[[int], tuple[str, str]],
    pairs: Iterable[tuple[int, Pair]],
) -> Iterator[Issue]:
    text = q.text
    for i, p in pairs:
        if not p.inner(text).strip():
            continue
        close = expected(i)[1]
        pre, post = _punct_before(text, p), _punct_after(text, p)
        if pre and post:
            yield _doubled(p, pre, post, close)
        elif post and house.punctuation == "american":
            yield Issue("QT10", p.close.start, p.close.end + 1,
                        f"{_NAMES[post].capitalize()} after the closing quote; American style puts "
                        f"it inside: {post}{close}", (Edit(p.close.start, p.close.end + 1, post + close),))
        elif pre and pre in _OUTSIDE and house.punctuation == "logical" and _fragment(p.inner(text)):
            yield Issue("QT10", p.close.start - 1, p.close.end,
                        f"{_NAMES[pre].capitalize()} inside the closing quote of a quoted fragment; "
                        f"logical style puts it outside: {close}{pre}",
                        (Edit(p.close.start - 1, p.close.end, close + pre),), fixable=False,
                        confidence=0.7)


def _punct_before(text: str, p: Pair) -> str:
    ch = text[p.close.start - 1] if p.close.start > p.open.end else ""
    return ch if ch and ch in _INSIDE and text[p.close.start - 2 : p.close.start] != ".." else ""


def _punct_after(text: str, p: Pair) -> str:
    end = p.close.end
    ch = text[end] if end < len(text) else ""
    if not ch or ch not in _OUTSIDE or text[end : end + 2] == "..":
        return ""
    nxt = text[end + 1] if end + 1 < len(text) else ""
    if nxt in SHAPES or nxt.isalnum():  # ’.” belongs to the outer quote; "A",B is a list
        return ""
    return ch


def _doubled(p: Pair, pre: str, post: str, close: str) -> Issue:
    keep = pre if pre in "!?" else post if (pre, post) == (".", ",") else pre
    if (pre, post) == (",", "."):
        keep = "."
    start, end = p.close.start - 1, p.close.end + 1
    return Issue("QT10", start, end,
                 f"Punctuation both inside and outside the closing quote ({pre} and {post}); "
                 f"keep one inside: {keep}{close}", (Edit(start, end, keep + close),))


def _fragment(inner: str) -> bool:
    """A quoted fragment rather than a quoted sentence: it starts in lower case."""
    letters = [c for c in inner if c.isalpha()]
    return bool(letters) and letters[0].islower()
