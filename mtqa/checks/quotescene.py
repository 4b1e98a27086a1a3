"""The scene the quote detectors judge: a paragraph's marks, the conventions around it
(target and source language, house style), and what the rest of the article tells."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .quotelang import House, convention, family_of, house_style, languages_using
from .quotemarks import DOUBLE, FLIP, SINGLE, Pair, QuoteMarks, read_quotes
from .quoteflow import left_open, running_quotes


@dataclass(frozen=True)
class Scene:
    """What the detectors need: the paragraph's marks and the conventions around it."""

    q: QuoteMarks
    house: House
    target: Any  # Convention of the MT language
    source: Any  # Convention of the source language, or None
    valid: frozenset[tuple[str, str]]  # pairs correct in the target (any family)
    kinds: tuple[str, ...]  # per pair: ok, source, foreign, orientation, mismatch
    levels: tuple[str, ...]  # per pair: the level it should be at
    mixed: bool  # the article also has quotes in the house style
    running: frozenset[int]  # unmatched marks explained by a quotation running across paragraphs
    continued: bool  # the previous paragraph left a quotation open

    def expected(self, i: int) -> tuple[str, str]:
        return self.house.marks(self.levels[i])


def build_scene(text: str, article: tuple[str, ...], index: int, opts: dict, langs: dict, segments: bool) -> Scene:
    q = read_quotes(text)
    target = convention(langs.get("mt", "en")) or convention("en")
    source = convention(langs.get("src", "uk"))
    house = house_style(opts, langs.get("mt", "en"), _article_family(article))
    valid = frozenset({*target.pairs, ('"', '"'), ("'", "'"), house.double, house.single})
    kinds = tuple(_pair_kind(p, valid, source) for p in q.pairs)
    levels = _levels(q.pairs, kinds)
    placed = 0 <= index < len(article) and article[index] == text
    return Scene(
        q, house, target, source, valid, kinds, levels,
        mixed=_article_uses(article, house),
        running=running_quotes(article, index, bool(opts.get("multi-paragraph", True)), segments)
        if placed else frozenset(),
        continued=placed and left_open(article, index),
    )


@lru_cache(maxsize=256)
def _article_family(article: tuple[str, ...]) -> str | None:
    """The family (curly or straight) most quotation pairs of the article use."""
    counts = {"curly": 0, "straight": 0}
    first = None
    for para in article:
        for p in read_quotes(para).pairs:
            fam = family_of(p.open.char, p.close.char)
            if fam in counts:
                counts[fam] += 1
                first = first or fam
    if counts["curly"] == counts["straight"]:
        return first
    return max(counts, key=lambda k: counts[k])


@lru_cache(maxsize=256)
def _article_uses(article: tuple[str, ...], house: House) -> bool:
    """Does any paragraph of the article quote in the house style?"""
    return any(
        (p.open.char, p.close.char) in (house.double, house.single)
        for para in article for p in read_quotes(para).pairs
    )


def _pair_kind(p: Pair, valid: frozenset, source: Any) -> str:
    pair = (p.open.char, p.close.char)
    if pair in valid:
        return "ok"
    if source is not None and pair in source.pairs:
        return "source"
    flips = [(FLIP.get(pair[0], ""), pair[1]), (pair[0], FLIP.get(pair[1], "")),
             (FLIP.get(pair[0], ""), FLIP.get(pair[1], ""))]
    if any(f in valid for f in flips):
        return "orientation"
    if languages_using(pair) and not set(pair) <= {c for v in valid for c in v}:
        return "foreign"
    return "mismatch"


def _levels(pairs: tuple[Pair, ...], kinds: tuple[str, ...]) -> tuple[str, ...]:
    """The level each pair should take: its own, or the other one inside a same-level parent."""
    levels: list[str] = []
    for p, kind in zip(pairs, kinds):
        if kind in ("ok", "orientation") and p.open.level == p.close.level:
            own = p.open.level
            if p.parent is not None and levels[p.parent] == own:
                own = SINGLE if own == DOUBLE else DOUBLE
            levels.append(own)
        else:
            levels.append(DOUBLE if p.depth % 2 == 0 else SINGLE)
    return tuple(levels)
