"""Flagged spans of an MT paragraph as nested ``<mark>`` elements on the right characters.

Findings may overlap. Nested findings (one inside another) become nested ``<mark>``
elements. Crossing findings (A = [0, 10), B = [5, 20)) cannot nest, so the one that outlives
the other is split into fragments: B becomes ``<mark>`` [5, 10) inside A and another
``<mark>`` [10, 20) after it. Every fragment carries the finding's attributes
(``data-code``, ``data-family``, ``data-severity``, ``data-fingerprint``, ``data-fid``); only
the first fragment (the head) has the ``id``, ``tabindex`` and ``aria-describedby``, and
later ones carry ``data-part="2"``, ``"3"``... so the text of a finding is the text of all
marks with its ``data-fid``, in document order.

A zero-width finding (a gap: where omitted text belongs) is an empty ``<mark>`` with the
class ``gap`` at its offset; the stylesheet draws a symbol for it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from markupsafe import Markup, escape


@dataclass(frozen=True)
class MarkSpan:
    """One finding to highlight: [start, end) into the paragraph text."""

    fid: str
    start: int
    end: int
    classes: str = ""
    data: Mapping[str, str] = field(default_factory=dict)  # name (without "data-") -> value


def _open(span: MarkSpan, part: int, gap: bool = False) -> str:
    classes = " ".join(c for c in ("f", span.classes, "gap" if gap else "") if c)
    attrs = [f'class="{escape(classes)}"']
    if part == 1:
        attrs += [f'id="{escape(span.fid)}"', 'tabindex="0"', f'aria-describedby="{escape(span.fid)}-d"']
    attrs.append(f'data-fid="{escape(span.fid)}"')
    attrs += [f'data-{escape(k)}="{escape(v)}"' for k, v in span.data.items()]
    if part > 1:
        attrs.append(f'data-part="{part}"')
    return "<mark " + " ".join(attrs) + ">"


def clamp(start: int, end: int, length: int) -> tuple[int, int]:
    start = max(0, min(start, length))
    return start, max(start, min(end, length))


def mark_up(text: str, spans: Sequence[MarkSpan]) -> Markup:
    """``text`` escaped, with every span as one or more properly nested ``<mark>`` elements."""
    n = len(text)
    order = {s.fid: i for i, s in enumerate(spans)}
    bounded = [(s, *clamp(s.start, s.end, n)) for s in spans]
    ranged = [(s, a, b) for s, a, b in bounded if b > a]
    gaps: dict[int, list[MarkSpan]] = {}
    for s, a, b in bounded:
        if a == b:
            gaps.setdefault(a, []).append(s)
    key = {s.fid: (a, -b, order[s.fid]) for s, a, b in ranged}
    bounds = sorted({0, n, *(a for _, a, _ in ranged), *(b for _, _, b in ranged), *gaps})
    parts: dict[str, int] = {}
    stack: list[MarkSpan] = []
    out: list[str] = []
    for i, pos in enumerate(bounds):
        nxt = bounds[i + 1] if i + 1 < len(bounds) else pos
        active = sorted((s for s, a, b in ranged if a <= pos and b >= nxt and nxt > pos), key=lambda s: key[s.fid])
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
            keep += 1
        out.extend("</mark>" for _ in stack[keep:])
        for g in gaps.get(pos, ()):
            out.append(_open(g, 1, gap=True) + "</mark>")
        for s in active[keep:]:
            parts[s.fid] = parts.get(s.fid, 0) + 1
            out.append(_open(s, parts[s.fid]))
        stack = active
        out.append(str(escape(text[pos:nxt])))
    return Markup("".join(out))
