"""Everything wrong with the quotation marks of one paragraph, as :class:`Issue` objects that
carry small character edits; the ``quotes`` checks report them and ``mtqa fix`` applies the
fixable ones. Each mark is blamed once, by the most specific problem (the order of
``_MARK_DETECTORS``); spacing and punctuation problems are reported beside it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator, Mapping, Sequence

from mtqa.model import Severity
from mtqa.checks.quotes.lang import family_of
from mtqa.checks.quotes.names import is_quoted_name
from mtqa.checks.quotes.marks import DOUBLE, SINGLE, STRAIGHT, STRAIGHT_DOUBLE, Mark, Pair
from mtqa.checks.quotes.pairs import pair_form_issues, replace_mark
from mtqa.checks.quotes.punct import punctuation_issues
from mtqa.checks.quotes.scene import Scene, build_scene
from mtqa.checks.quotes.tex import tex_issues
from mtqa.checks.quotes.types import Edit, Issue

__all__ = ["Edit", "Issue", "paragraph_issues"]


def paragraph_issues(
    text: str, article_mt: Sequence[str] = (), index: int = 0,
    options: Mapping[str, Any] | None = None, langs: Mapping[str, str] | None = None,
    segments: bool = False, others: Sequence[str] = (),
) -> tuple[Issue, ...]:
    """The quote issues of paragraph ``index`` (text ``text``) of an article. ``segments``:
    the paragraphs are table rows that may be single sentences. ``others``: the source and
    reference text aligned to the paragraph, when known. Never raises."""
    opts = tuple(sorted((k, _hashable(v)) for k, v in (options or {}).items()))
    lang = tuple(sorted((langs or {}).items()))
    return _issues(text, tuple(article_mt) or (text,), index, opts, lang, segments, tuple(others))


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


@lru_cache(maxsize=2048)
def _issues(text: str, article: tuple[str, ...], index: int, opts: tuple, langs: tuple,
            segments: bool, others: tuple[str, ...] = ()) -> tuple[Issue, ...]:
    scene = build_scene(text, article, index, dict(opts), dict(langs), segments, others)
    claimed: set[int] = set()
    out: list[Issue] = []
    for detect in _MARK_DETECTORS:
        for issue in detect(scene, claimed):
            out.append(issue)
            for e in issue.edits:
                claimed.update(range(e.start, max(e.end, e.start + 1)))
            if issue.code in ("QT01", "QT07"):
                claimed.update(range(issue.start, issue.end))
    out = name_issues(scene, text, out)
    out.extend(spacing_issues(scene))
    out.extend(punctuation_issues(scene.q, scene.house, scene.expected, list(enumerate(scene.q.pairs))))
    return tuple(sorted(out, key=lambda i: (i.start, i.code)))


NAME_CODES = ("QT02", "QT03", "QT05", "QT06")
_DEFAULT_SEVERITY = {"QT02": "major", "QT03": "major", "QT05": "minor", "QT06": "minor"}  # as registered


def name_issues(scene: Scene, text: str, issues: list[Issue]) -> list[Issue]:
    """QT13 for a quoted organisation, club, operation or ship name (FC "Mynai"): the name
    without marks is suggested, as English news writes it; the mark problems of that pair
    (QT02, QT03, QT05, QT06), whose fixes would only re-curl the marks, are dropped, and QT13 takes
    the most severe of their severities (guillemets left in English stay major)."""
    out = list(issues)
    for p in scene.q.pairs:
        inner = text[p.open.end:p.close.start]
        if not is_quoted_name(text, p.open.start, inner, scene.source_names, scene.ref_quoted):
            continue
        mine = [i for i in out if i.code in NAME_CODES and i.start == p.open.start and i.end == p.close.end]
        out = [i for i in out if i not in mine]
        worst = max((i.severity or _DEFAULT_SEVERITY[i.code] for i in mine), key=lambda s: Severity.parse(s).rank, default=None)
        out.append(Issue("QT13", p.open.start, p.close.end,
                         f"{inner.strip()} is a name (organisation, club, operation, ship): English news "
                         "writes it without quotation marks, where Ukrainian puts it in «»",
                         edits=(Edit(p.open.start, p.open.end, ""), Edit(p.close.start, p.close.end, "")),
                         severity=worst if worst != "minor" else None))
    return out


def unbalanced_issues(scene: Scene, claimed: set[int]) -> Iterator[Issue]:
    """QT01: opened and never closed, or closed and never opened, in this paragraph. Marks
    that a quotation running across paragraphs explains, or that the source or reference
    leave unmatched in the same way, are not flagged; a lone straight quote where the source
    writes an apostrophe with one (здоров"я) is suggested for deletion."""
    eo, ec = scene.house.primary
    unmatched = [*scene.q.unclosed, *scene.q.unopened]
    if len(unmatched) == 1 and unmatched[0].char == '"' and scene.apostrophe_words and not scene.mirrored:
        m = unmatched[0]
        yield Issue("QT01", m.start, m.end,
                    f"Stray \" with no partner, likely copied from the source's {scene.apostrophe_words[0]}, "
                    "which writes the apostrophe with a quote mark; delete it",
                    edits=(Edit(m.start, m.end, ""),), fixable=False)
        return
    for m in scene.q.unclosed:
        if m.start in scene.running or "unclosed" in scene.mirrored:
            continue
        o, c = scene.house.marks(m.level)
        yield Issue("QT01", m.start, m.end,
                    f"Opening {m.chars} is never closed in this paragraph; add the closing {c} "
                    f"where the quotation ends{_foreign_note(scene, m, o)}",
                    fixable=False, **_single_doubt(m))
    for m in scene.q.unopened:
        if m.start in scene.running or "unopened" in scene.mirrored:
            continue
        o, c = scene.house.marks(m.level)
        hint = (f" (a quotation continued from the previous paragraph re-opens with {eo})"
                if scene.continued and m.level == DOUBLE else "")
        yield Issue("QT01", m.start, m.end,
                    f"Closing {m.chars} has no opening quote in this paragraph; add {o} where "
                    f"the quotation starts{hint}{_foreign_note(scene, m, c)}",
                    fixable=False, **_single_doubt(m))


def _single_doubt(m: Mark) -> dict[str, Any]:
    """Single marks, and a lone '' (a typo as often as a quote), are reported with doubt."""
    return {"confidence": 0.7, "severity": "minor"} if m.level == SINGLE or m.chars == "''" else {}


def _foreign_note(scene: Scene, m: Mark, use: str) -> str:
    if m.tex:
        typo = ", or a doubled apostrophe" if m.chars == "''" else ""
        return f"; {m.chars} is a typewriter (TeX) stand-in for {use}{typo}"
    if m.char in STRAIGHT or m.char in {ch for pair in scene.valid for ch in pair}:
        return ""
    return f"; {m.char} is not a quotation mark in {scene.target.name}, use {use}"


def doubled_issues(scene: Scene, claimed: set[int]) -> Iterator[Issue]:
    """QT07: ""word"" and similar runs of quote marks."""
    for i, p in enumerate(scene.q.pairs):
        eo, ec = scene.expected(i)
        for m, new in ((p.open, eo), (p.close, ec)):
            if m.doubled and m.start not in claimed:
                yield Issue("QT07", m.start, m.end,
                            f"Doubled quotation mark {m.chars}; use a single {new}", (replace_mark(m, new),))
    for m in (*scene.q.unclosed, *scene.q.unopened):
        if m.doubled:
            yield Issue("QT07", m.start, m.end, f"Doubled quotation mark {m.chars}",
                        fixable=False)


def nesting_issues(scene: Scene, claimed: set[int]) -> Iterator[Issue]:
    """QT09: a quotation inside a quotation with the same level of marks. Straight double
    quotes inside straight double quotes make one finding over the outer quotation, whose
    marks take the house style in the same suggestion."""
    pairs = scene.q.pairs
    wrong = [i for i, p in enumerate(pairs) if scene.kinds[i] == "ok" and scene.nested_wrong(i)
             and p.open.start not in claimed and p.close.start not in claimed]
    outer_of = {i: pairs[i].parent for i in wrong if _straight_in_straight(scene, i, claimed)}
    for i in wrong:
        if i not in outer_of:
            yield _nested_pair(scene, i)
    for parent in sorted({o for o in outer_of.values() if o is not None}):
        yield _straight_nesting(scene, parent, [i for i, o in outer_of.items() if o == parent])


def _straight_in_straight(scene: Scene, i: int, claimed: set[int]) -> bool:
    """Is pair i a straight "…" inside a straight "…" whose own marks are against the house style?"""
    p = scene.q.pairs[i]
    if p.parent is None or not _straight_double(p) or not _straight_double(scene.q.pairs[p.parent]):
        return False
    outer = scene.q.pairs[p.parent]
    return not ({outer.open.start, outer.close.start} & claimed) and bool(_restyle(scene, p.parent))


def _straight_double(p: Pair) -> bool:
    return p.open.chars in STRAIGHT_DOUBLE and p.close.chars in STRAIGHT_DOUBLE


def _restyle(scene: Scene, i: int) -> list[Edit]:
    """The edits that give pair i its expected marks."""
    p, (eo, ec) = scene.q.pairs[i], scene.expected(i)
    return [replace_mark(m, new) for m, new in ((p.open, eo), (p.close, ec)) if m.char != new]


def _straight_nesting(scene: Scene, parent: int, inner: list[int]) -> Issue:
    outer = scene.q.pairs[parent]
    po, pc = scene.expected(parent)
    eo, ec = scene.expected(inner[0])
    edits = [*_restyle(scene, parent), *(e for i in inner for e in _restyle(scene, i))]
    return Issue("QT09", outer.open.start, outer.close.end,
                 f"Straight double quotes inside a straight-quoted passage; use {eo}…{ec} for the "
                 f"quotation within the quotation and {po}…{pc} around it",
                 tuple(sorted(edits, key=lambda e: e.start)), fixable=False)


def _nested_pair(scene: Scene, i: int) -> Issue:
    p = scene.q.pairs[i]
    eo, ec = scene.expected(i)
    outer = "Double" if p.open.level == DOUBLE else "Single"
    return Issue("QT09", p.open.start, p.close.end,
                 f"{outer} quotes inside a {outer.lower()}-quoted passage; use {eo}…{ec} "
                 "for a quotation within a quotation",
                 (replace_mark(p.open, eo), replace_mark(p.close, ec)),
                 fixable=p.open.char not in STRAIGHT)


def style_issues(scene: Scene, claimed: set[int]) -> Iterator[Issue]:
    """QT05 quotes against the house style; QT06 straight and curly mixed in one article."""
    for i, p in enumerate(scene.q.pairs):
        if scene.kinds[i] != "ok":
            continue
        eo, ec = scene.expected(i)
        wrong = [(m, new) for m, new in ((p.open, eo), (p.close, ec))
                 if m.char != new and m.start not in claimed and not m.doubled]
        if not wrong:
            continue
        yield _style_issue(scene, p, wrong, eo, ec)


def _style_issue(scene: Scene, p: Pair, wrong: list, eo: str, ec: str) -> Issue:
    fam = family_of(p.open.char, p.close.char)
    shown = f"{p.open.char}…{p.close.char}"
    name = {"straight": "Straight quotes", "curly": "Curly quotes"}.get(fam, "Quotes")
    start = min(m.start for m, _ in wrong) if len(wrong) == 1 else p.open.start
    end = max(m.end for m, _ in wrong) if len(wrong) == 1 else p.close.end
    edits = tuple(replace_mark(m, new) for m, new in wrong)
    if scene.mixes(fam):
        other = scene.house.style
        return Issue("QT06", start, end,
                     f"{name} {shown} mixed with {other} quotes elsewhere in this article; use {eo}…{ec}",
                     edits)
    return Issue("QT05", start, end,
                 f"{name} {shown} against the house style ({scene.house.label}); use {eo}…{ec}", edits)


def running_mark_issues(scene: Scene, claimed: set[int]) -> Iterator[Issue]:
    """QT03/QT05/QT06 for the lone mark of a quotation running across paragraphs."""
    known = {ch for pair in scene.valid for ch in pair}
    for m in (*scene.q.unclosed, *scene.q.unopened):
        if m.start not in scene.running or m.start in claimed or m.doubled:
            continue
        new = scene.house.marks(m.level)[0 if m in scene.q.unclosed else 1]
        if m.chars == new:
            continue
        edit = (replace_mark(m, new),)
        if m.tex:
            yield Issue("QT05", m.start, m.end, f"Typewriter (TeX) quote {m.chars} is not a "
                        f"quotation mark (house style {scene.house.label}); use {new}", edit)
        elif m.char not in known:
            yield Issue("QT03", m.start, m.end, f"{m.char} is not a quotation mark in {scene.target.name}; use {new}", edit)
        else:
            fam = "straight" if m.char in STRAIGHT else "curly" if m.char in "“”‘’" else "other"
            code = "QT06" if scene.mixes(fam) else "QT05"
            how = f"mixed with {scene.house.style} quotes in this article" if code == "QT06" else \
                f"against the house style ({scene.house.label})"
            yield Issue(code, m.start, m.end, f"Quote mark {m.char} {how}; use {new}", edit)


_MARK_DETECTORS = (pair_form_issues, tex_issues, unbalanced_issues, running_mark_issues,
                   doubled_issues, nesting_issues, style_issues)


def spacing_issues(scene: Scene) -> Iterator[Issue]:
    """QT08: a space just inside the opening or the closing quote (“ word ”)."""
    text = scene.q.text
    for i, p in enumerate(scene.q.pairs):
        inner = p.inner(text)
        if scene.kinds[i] in ("source", "foreign", "tex") or not inner.strip():
            continue
        eo, ec = scene.expected(i)
        lead = len(inner) - len(inner.lstrip())
        trail = len(inner) - len(inner.rstrip())
        if lead:
            before = text[p.open.start - 1] if p.open.start else " "
            new = eo if before.isspace() or before in "([—–-" else " " + eo
            yield Issue("QT08", p.open.start, p.open.end + lead,
                        f"Space just inside the opening {p.open.char}; remove it",
                        (Edit(p.open.start, p.open.end + lead, new),))
        if trail:
            after = text[p.close.end] if p.close.end < len(text) else " "
            new = ec if not after.isalnum() else ec + " "
            yield Issue("QT08", p.close.start - trail, p.close.end,
                        f"Space just inside the closing {p.close.char}; remove it",
                        (Edit(p.close.start - trail, p.close.end, new),))
