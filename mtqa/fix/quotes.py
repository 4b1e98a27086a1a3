"""Repair quotation marks in raw MT file text, without reflowing it.

:func:`fix_text` reads the text the way the pipeline does (paragraphs separated by blank
lines, lines inside a paragraph joined by a space), finds the quote issues of every
paragraph (:mod:`mtqa.checks.quotes.issues`), and applies the repairs that are unambiguous:
house-style normalisation, foreign and mismatched pairs, orientation, doubled marks, spaces
inside quotes, nesting of curly quotes, and American punctuation placement. Only quote
characters and the spaces or punctuation next to them change; line breaks, blank lines and
every other character stay exactly as they were. Where a repair would be a guess (an
unclosed quote, logical-style punctuation, an edit across a line break) the place is left
alone and reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from mtqa.checks.quotes.issues import paragraph_issues
from mtqa.checks.quotes.types import Edit, Issue

# which repair wins when two touch the same characters; the other follows in the next round
PRIORITY = ("QT13", "QT03", "QT02", "QT04", "QT07", "QT09", "QT05", "QT06", "QT08", "QT10")
NORMALISABLE = frozenset(PRIORITY)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_BLANK = re.compile(r"[ \t\u00a0]*")


@dataclass(frozen=True)
class Change:
    line: int
    code: str
    before: str
    after: str


@dataclass(frozen=True)
class Ambiguity:
    line: int
    code: str
    message: str
    excerpt: str


@dataclass(frozen=True)
class FixResult:
    text: str
    changes: tuple[Change, ...] = ()
    ambiguous: tuple[Ambiguity, ...] = ()
    unreadable: tuple[Ambiguity, ...] = ()  # table rows not read (not text, malformed): left as they are

    @property
    def changed(self) -> bool:
        return bool(self.changes)


@dataclass
class _Paragraph:
    text: str
    where: list[int | None] = field(default_factory=list)  # raw offset per char; None: joined line break


def paragraphs(raw: str) -> list[_Paragraph]:
    """The paragraphs of raw text as :func:`mtqa.segment.split_paragraphs` sees them, with the
    raw offset of every character."""
    out: list[_Paragraph] = []
    current: list[tuple[int, str]] = []
    for m in _LINE.finditer(raw):
        content = m.group().rstrip("\r\n")
        if not m.group():
            break
        if _BLANK.fullmatch(content):
            _flush(current, out)
            continue
        current.append((m.start(), content))
    _flush(current, out)
    return out


def _flush(lines: list[tuple[int, str]], out: list[_Paragraph]) -> None:
    para = _Paragraph("")
    for start, content in lines:
        stripped = content.strip()
        if not stripped:
            continue
        if para.text:
            para.text += " "
            para.where.append(None)
        lead = start + len(content) - len(content.lstrip())
        para.text += stripped
        para.where.extend(range(lead, lead + len(stripped)))
    if para.text:
        out.append(para)
    lines.clear()


def _raw_span(para: _Paragraph, edit: Edit) -> tuple[int, int] | None:
    """The raw [start, end) of a paragraph edit, or None when it would cross a line break."""
    if edit.start == edit.end:
        pos = para.where[edit.start] if edit.start < len(para.where) else None
        return (pos, pos) if pos is not None else None
    span = para.where[edit.start : edit.end]
    if None in span or span[-1] - span[0] != len(span) - 1:  # type: ignore[operator]
        return None
    return span[0], span[-1] + 1  # type: ignore[operator]


def _line_of(raw: str, pos: int) -> int:
    return raw.count("\n", 0, pos) + 1 if "\n" in raw else raw.count("\r", 0, pos) + 1


def _window(raw: str, start: int, end: int, new: str, width: int = 20) -> tuple[str, str]:
    """The text around an edit, on its own line, before and after it."""
    a = max(raw.rfind("\n", 0, start), raw.rfind("\r", 0, start)) + 1
    a = max(a, start - width)
    ends = [i for i in (raw.find("\n", end), raw.find("\r", end)) if i >= 0]
    b = min([*ends, end + width, len(raw)])
    return raw[a:b], raw[a:start] + new + raw[end:b]


def _issues(raw: str, options: Mapping[str, Any], langs: Mapping[str, str]) -> list[tuple[_Paragraph, Issue]]:
    paras = paragraphs(raw)
    texts = tuple(p.text for p in paras)
    return [(p, issue) for i, p in enumerate(paras)
            for issue in paragraph_issues(p.text, texts, i, options, langs)]


_CODE = re.compile(r"^(```|~~~).*?^\1[^\n]*$|`[^`\n]+`", re.M | re.S)


def code_spans(raw: str) -> list[tuple[int, int, str]]:
    """Markdown code (fenced blocks and `inline code`) as ranges no repair may touch."""
    return [(m.start(), m.end(), "") for m in _CODE.finditer(raw)]


def _one_round(raw: str, options: Mapping[str, Any], langs: Mapping[str, str],
               markdown: bool = False) -> tuple[str, list[Change]]:
    """Apply every fixable repair that does not touch one already planned this round."""
    protected = code_spans(raw) if markdown else []
    planned: list[tuple[int, int, str]] = []
    repairs: list[tuple[str, list[tuple[int, int, str]]]] = []
    found = _issues(raw, options, langs)
    found.sort(key=lambda pi: (PRIORITY.index(pi[1].code) if pi[1].code in PRIORITY else 99, pi[1].start))
    for para, issue in found:
        if not issue.fixable or issue.code not in NORMALISABLE:
            continue
        spans = [(_raw_span(para, e), e.text) for e in issue.edits]
        edits = [(s[0], s[1], t) for s, t in spans if s is not None and raw[s[0] : s[1]] != t]
        if len(spans) != sum(s is not None for s, _ in spans) or not edits:
            continue
        if any(_overlaps((a, b), planned) or _overlaps((a, b), protected) for a, b, _ in edits):
            continue
        planned.extend(edits)
        repairs.append((issue.code, edits))
    return _apply(raw, repairs)


def _apply(raw: str, repairs: list[tuple[str, list[tuple[int, int, str]]]]) -> tuple[str, list[Change]]:
    """Apply non-overlapping repairs one at a time, left to right, each described against
    the text as it is when that repair is made (so a change's "before" shows the changes
    already made next to it)."""
    changes: list[Change] = []
    done: list[tuple[int, int]] = []  # (end in the original text, change in length) of edits made

    def moved(pos: int) -> int:
        return pos + sum(delta for end, delta in done if end <= pos)

    for code, edits in sorted(repairs, key=lambda r: min(a for a, _, _ in r[1])):
        here = [(moved(a), moved(a) + b - a, t) for a, b, t in edits]
        changes.extend(c for _, c in _describe(raw, code, here))
        for start, end, text in sorted(here, reverse=True):
            raw = raw[:start] + text + raw[end:]
        done.extend((b, len(t) - (b - a)) for a, b, t in edits)
    return raw, changes


def _describe(raw: str, code: str, edits: list[tuple[int, int, str]]) -> list[tuple[int, Change]]:
    """One change per issue when its edits sit close together on one line, else one per edit."""
    edits = sorted(edits)
    first, last = edits[0][0], edits[-1][1]
    if len(edits) > 1 and last - first <= 60 and not re.search(r"[\r\n]", raw[first:last]):
        new = raw[first:last]
        for a, b, t in reversed(edits):
            new = new[: a - first] + t + new[b - first :]
        return [(first, Change(_line_of(raw, first), code, *_window(raw, first, last, new)))]
    return [(a, Change(_line_of(raw, a), code, *_window(raw, a, b, t))) for a, b, t in edits]


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int, str]]) -> bool:
    s, e = span
    return any(s < te and ts < e or s == e == ts for ts, te, _ in taken)


def fix_text(raw: str, options: Mapping[str, Any] | None = None, *, lang: str = "en",
             src_lang: str = "uk", markdown: bool = False, max_rounds: int = 12) -> FixResult:
    """Repair the quotes of raw MT text (a whole file). Never raises on odd text.

    Repairs that touch the same characters are applied in successive rounds until nothing
    changes. If repairs ever cycle (garbled text where each reading undoes another), the
    text stops at the first state that repeats, so fixing the result again changes nothing.
    With ``markdown``, code blocks and inline code are left as they are.
    """
    opts = dict(options or {})
    langs = {"mt": lang, "src": src_lang}
    changes: list[Change] = []
    history: dict[str, int] = {raw: 0}  # state -> number of changes made to reach it
    for _ in range(max_rounds):
        new, done = _one_round(raw, opts, langs, markdown)
        if not done:
            break
        if new in history:
            raw, changes = new, changes[: history[new]]
            break
        raw = new
        changes.extend(done)
        history[raw] = len(changes)
    changes.sort(key=lambda c: c.line)  # stable: a line's later rounds stay after its earlier ones
    return FixResult(raw, tuple(changes), tuple(_left_alone(raw, opts, langs)))


def _left_alone(raw: str, options: Mapping[str, Any], langs: Mapping[str, str]) -> list[Ambiguity]:
    out = []
    for para, issue in _issues(raw, options, langs):
        start = next((w for w in para.where[issue.start : issue.end] if w is not None), 0)
        end = start + (issue.end - issue.start)
        excerpt = _window(raw, start, min(end, len(raw)), raw[start:end])[0]
        why = issue.message
        if issue.fixable and issue.code in NORMALISABLE:
            why += " (not changed: the repair would cross a line break)"
        out.append(Ambiguity(_line_of(raw, start), issue.code, why, excerpt))
    return out
