"""The scene the quote detectors judge: a paragraph's marks, the conventions around it
(target and source language, house style), and what the rest of the article tells."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mtqa.checks.quotes.lang import Convention, House, convention, family_of, house_style, languages_using
from mtqa.checks.quotes.marks import DOUBLE, FLIP, SHAPES, Pair, QuoteMarks, read_quotes
from mtqa.checks.quotes.flow import left_open, running_quotes
from mtqa.checks.quotes.names import reference_quotes, source_names


@dataclass(frozen=True)
class Scene:
    """What the detectors need: the paragraph's marks and the conventions around it."""

    q: QuoteMarks
    house: House
    target: Convention  # the MT language's marks
    source: Convention | None  # the source language's marks
    valid: frozenset[tuple[str, str]]  # pairs correct in the target (any family)
    kinds: tuple[str, ...]  # per pair: ok, tex, source, foreign, orientation, mismatch
    marks: tuple[tuple[tuple[str, str], bool], ...]  # per pair: house marks, and if re-nested
    families: frozenset[str]  # quote families (curly, straight) the article's pairs use
    running: frozenset[int]  # unmatched marks explained by a quotation running across paragraphs
    continued: bool  # the previous paragraph left a quotation open
    # the source or reference leaves a quotation "unclosed" or "unopened" here too (a
    # quotation running across table rows as the source has it): such marks are not unbalanced
    mirrored: frozenset[str] = frozenset()
    # source words that write the apostrophe with a quote mark (здоров"я): a lone straight
    # quote in the MT is then likely copied from one
    apostrophe_words: tuple[str, ...] = ()
    source_names: tuple[str, ...] = ()  # names the source quotes («Минай»), see names.py
    ref_quoted: tuple[str, ...] = ()  # what the reference quotes (titles), see names.py

    def expected(self, i: int) -> tuple[str, str]:
        return self.marks[i][0]

    def level(self, i: int) -> str:
        """The level (double or single) pair i should be drawn at."""
        return SHAPES[self.marks[i][0][0]][0]

    def nested_wrong(self, i: int) -> bool:
        """Does pair i repeat the marks of the quotation around it?"""
        return self.marks[i][1]

    def mixes(self, family: str) -> bool:
        """Is a quote of this family (curly/straight) a minority beside house-style quotes?"""
        styles = ("curly", "straight")
        return self.house.style in styles and family in styles and family != self.house.style \
            and self.house.style in self.families


_QUOTE_APOSTROPHE = re.compile(r'(?<=[^\W\d_])"(?=[^\W\d_])')


def other_sides(others: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """What the aligned source and reference texts tell the MT's unbalanced marks: which
    kinds of unmatched marks (``unclosed``, ``unopened``) they have themselves, once a quote
    mark used as an apostrophe (здоров"я) is read as one, and the words written that way."""
    mirrored: set[str] = set()
    words: list[str] = []
    for text in others:
        words += re.findall(r'[^\W\d_]+"[^\W\d_]+', text)
        q = read_quotes(_QUOTE_APOSTROPHE.sub("\u2019", text))
        mirrored.update(k for k, marks in (("unclosed", q.unclosed), ("unopened", q.unopened)) if marks)
    return frozenset(mirrored), tuple(dict.fromkeys(words))


def build_scene(text: str, article: tuple[str, ...], index: int, opts: dict, langs: dict, segments: bool,
                others: tuple[str, ...] = ()) -> Scene:
    q = read_quotes(text)
    target = convention(langs.get("mt", "en")) or convention("en")
    assert target is not None
    source = convention(langs.get("src", "uk"))
    house = house_style(opts, langs.get("mt", "en"), _article_family(article))
    valid = frozenset({*target.pairs, ('"', '"'), ("'", "'"), house.primary, house.alternate})
    kinds = tuple(_pair_kind(p, valid, source) for p in q.pairs)
    marks = _expected(q.pairs, kinds, house)
    placed = 0 <= index < len(article) and article[index] == text
    return Scene(
        q, house, target, source, valid, kinds, marks,
        families=_article_families(article),
        running=running_quotes(article, index, bool(opts.get("multi-paragraph", True)), segments)
        if placed else frozenset(),
        continued=placed and left_open(article, index),
        **dict(zip(("mirrored", "apostrophe_words"), other_sides(others))),
        source_names=source_names(others),
        ref_quoted=reference_quotes(others),
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
def _article_families(article: tuple[str, ...]) -> frozenset[str]:
    return frozenset(family_of(p.open.char, p.close.char) for para in article for p in read_quotes(para).pairs)


def _pair_kind(p: Pair, valid: frozenset, source: Convention | None) -> str:
    pair = (p.open.char, p.close.char)
    if p.open.tex or p.close.tex:
        return "tex"  # ``…'' and `…': typewriter stand-ins, whatever closes them
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


def _expected(pairs: tuple[Pair, ...], kinds: tuple[str, ...], house: House) -> tuple[tuple[tuple[str, str], bool], ...]:
    """Per pair: the house marks it should use, and whether that is because it repeats the
    marks of the quotation around it (wrong nesting). A pair already in one of the house
    pairs keeps it; other pairs drawn double take the primary pair and single ones the
    alternate; foreign or broken pairs take the primary, or the alternate inside a quote."""
    out: list[tuple[tuple[str, str], bool]] = []
    for p, kind in zip(pairs, kinds):
        parent = out[p.parent][0] if p.parent is not None else None
        own = (p.open.char, p.close.char)
        if kind not in ("ok", "orientation", "tex") or p.open.level != p.close.level:
            out.append((house.alternate if parent == house.primary else house.primary, False))
            continue
        if kind == "ok" and own in (house.primary, house.alternate):
            marks = own
        else:
            marks = house.primary if p.open.level == DOUBLE else house.alternate
        if parent is not None and SHAPES[parent[0]][0] == SHAPES[marks[0]][0] and house.primary != house.alternate:
            out.append((house.alternate if marks == house.primary else house.primary, True))
        else:
            out.append((marks, False))
    return tuple(out)
