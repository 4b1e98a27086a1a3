"""QT02 mismatched pairs, QT03 foreign or source-language quotes, QT04 wrong orientation."""
from __future__ import annotations

from typing import Iterator

from mtqa.checks.quotes.lang import languages_using
from mtqa.checks.quotes.marks import FLIP, Mark, Pair
from mtqa.checks.quotes.scene import Scene
from mtqa.checks.quotes.types import Edit, Issue


def replace_mark(m: Mark, char: str) -> Edit:
    return Edit(m.start, m.end, char)


# --- mark-level detectors, most specific first ---------------------------------------------


def pair_form_issues(scene: Scene, claimed: set[int]) -> Iterator[Issue]:
    """QT02 mismatched pairs, QT03 foreign/source-language pairs, QT04 wrong orientation."""
    for i, (p, kind) in enumerate(zip(scene.q.pairs, scene.kinds)):
        if kind == "source" or kind == "foreign":
            yield _foreign_pair(scene, i, p, kind)
        elif kind == "orientation":
            yield from _orientation(scene, i, p)
        elif kind == "mismatch":
            yield from _mismatch(scene, i, p)


def _foreign_pair(scene: Scene, i: int, p: Pair, kind: str) -> Issue:
    eo, ec = scene.expected(i)
    o, c = p.open.char, p.close.char
    inner = p.inner(scene.q.text)
    lead = len(inner) - len(inner.lstrip())
    trail = len(inner) - len(inner.rstrip()) if inner.strip() else 0
    edits = (Edit(p.open.start, p.open.end + lead, eo), Edit(p.close.start - trail, p.close.end, ec))
    tgt = scene.target.name
    if kind == "source":
        what = f"{scene.source.name} quotation marks {o}…{c} left in the {tgt} text"
    else:
        what = f"{o}…{c} are not quotation marks in {tgt} (they are {', '.join(languages_using((o, c))[:3])})"
    return Issue("QT03", p.open.start, p.close.end, f"{what}; use {eo}…{ec}", edits)


def _orientation(scene: Scene, i: int, p: Pair) -> Iterator[Issue]:
    o, c = p.open.char, p.close.char
    fo, fc = FLIP.get(o, o), FLIP.get(c, c)
    fix_open = (fo, c) in scene.valid or ((fo, fc) in scene.valid and (o, fc) not in scene.valid)
    fix_close = (o, fc) in scene.valid or ((fo, fc) in scene.valid and (fo, c) not in scene.valid)
    if fix_open:
        yield Issue("QT04", p.open.start, p.open.end,
                    f"{o} is a closing quote used to open a quotation; use {fo}", (replace_mark(p.open, fo),))
    if fix_close:
        yield Issue("QT04", p.close.start, p.close.end,
                    f"{c} is an opening quote used to close a quotation; use {fc}", (replace_mark(p.close, fc),))


def _counterparts(scene: Scene) -> tuple[dict[str, str], dict[str, str]]:
    pairs = [*scene.valid]
    return {o: c for o, c in pairs}, {c: o for o, c in pairs}


def _mismatch(scene: Scene, i: int, p: Pair) -> Iterator[Issue]:
    o, c = p.open.char, p.close.char
    closer_of, opener_of = _counterparts(scene)
    house = scene.house.chars
    eo, ec = scene.expected(i)
    level_clash = o in closer_of and c in opener_of and p.open.level != p.close.level
    if level_clash:
        keep_open = p.open.level == scene.level(i)
    elif o in closer_of and c in opener_of:
        keep_open = o in house or c not in house
    else:
        keep_open = o in closer_of and not (c in opener_of and c in house and o not in house)
    if keep_open and o in closer_of:
        new = closer_of[o]
        yield Issue("QT02", p.close.start, p.close.end,
                    f"Closing {c} does not match the opening {o}; use {new} instead",
                    (replace_mark(p.close, new),), fixable=not level_clash)
    elif c in opener_of:
        new = opener_of[c]
        yield Issue("QT02", p.open.start, p.open.end,
                    f"Opening {o} does not match the closing {c}; use {new} instead",
                    (replace_mark(p.open, new),), fixable=not level_clash)
    else:
        yield Issue("QT02", p.open.start, p.close.end,
                    f"Quotation opened with {o} and closed with {c}; use {eo}…{ec}",
                    (replace_mark(p.open, eo), replace_mark(p.close, ec)))


