"""Quote marks in one paragraph: which character opens or closes a quotation, which is an
apostrophe or a prime (feet/inches), and which marks pair up.

Only typography lives here; which pairs each language uses is data (``mtqa/lang/quotes.tsv``,
see :mod:`mtqa.checks.quotes.lang`). The reading is deliberately forgiving: a mark whose role
is unclear is resolved by the pairing, and anything that could be an apostrophe or a prime
is taken as one, so that ``Kyiv's``, ``soldiers’``, ``’90s``, ``rock ’n’ roll`` and
``5' 11"`` never become quote findings.

Typewriter (TeX) stand-ins are read too: two backticks open and two apostrophes close one
double quotation (a ``record''), a single backtick opens a single one (a `record'). A
backtick never closes: Markdown code and stray backticks are :data:`MARKUP`, not quotes.
Straight double quotes nest only where every mark's surroundings say so
("the so-called "reform" failed"); anything less clear is read as before, as a quotation
left open.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

DOUBLE, SINGLE = "double", "single"
OPEN, CLOSE, AMBIG, APOS, PRIME = "open", "close", "ambiguous", "apostrophe", "prime"
MARKUP = "markup"  # a backtick of Markdown code, or a stray one: not a quote mark
NOT_QUOTE = (APOS, PRIME, MARKUP)

# every quote mark: its level and the role its shape suggests (None: straight, context decides)
SHAPES: dict[str, tuple[str, str | None]] = {
    '"': (DOUBLE, None), "“": (DOUBLE, OPEN), "”": (DOUBLE, CLOSE), "„": (DOUBLE, OPEN),
    "‟": (DOUBLE, OPEN), "«": (DOUBLE, OPEN), "»": (DOUBLE, CLOSE), "「": (DOUBLE, OPEN),
    "」": (DOUBLE, CLOSE), "＂": (DOUBLE, None),
    "'": (SINGLE, None), "‘": (SINGLE, OPEN), "’": (SINGLE, CLOSE), "‚": (SINGLE, OPEN),
    "‛": (SINGLE, OPEN), "‹": (SINGLE, OPEN), "›": (SINGLE, CLOSE), "『": (SINGLE, OPEN),
    "』": (SINGLE, CLOSE), "`": (SINGLE, OPEN),
}
STRAIGHT = {'"', "'", "＂"}
STRAIGHT_DOUBLE = ('"', "＂")
TEX_DOUBLE = ("``", "''")  # typewriter stand-ins for “ and ” (TeX input, old MT output)
TEX = (*TEX_DOUBLE, "`")  # ... and the single backtick standing in for ‘
ONLY_OPEN = {"„", "‚"}  # low marks never close in any convention
FLIP = {"“": "”", "”": "“", "‘": "’", "’": "‘", "«": "»", "»": "«", "‹": "›", "›": "‹"}

_LEFT_OF_OPENER = set("([{<—–-/")
_RIGHT_OF_CLOSER = set(".,;:!?)]}>…—–-/")
_ELISION = re.compile(r"(?:n|em|til|cause|cos|tis|twas|bout|nuff)\b|\d\d(?:s\b|\b)", re.I)
_FEET_INCHES = re.compile(r"\d\s?(['′’])\s?\d{1,2}(?:\.\d+)?\s?(''|[\"″”])")
_BEFORE_CLOSER = set(".,;:!?)]…")


@dataclass(frozen=True)
class Mark:
    """One quote mark, or a run of doubled ones (``""``), at [start, end) of the paragraph."""

    start: int
    end: int
    chars: str
    level: str
    context: str  # OPEN / CLOSE / AMBIG judged from the neighbouring characters
    role: str  # final role: OPEN, CLOSE, APOS, PRIME (AMBIG only while pairing)

    @property
    def char(self) -> str:
        return self.chars[0]

    @property
    def tex(self) -> bool:
        """A typewriter stand-in for a curly quote: `` or '' (double), ` (single)."""
        return self.chars in TEX

    @property
    def doubled(self) -> bool:
        return len(self.chars) > 1 and not self.tex


@dataclass(frozen=True)
class Pair:
    open: Mark
    close: Mark
    depth: int  # how many pairs enclose this one
    parent: int | None  # index of the enclosing pair in QuoteMarks.pairs

    def inner(self, text: str) -> str:
        return text[self.open.end : self.close.start]


@dataclass(frozen=True)
class QuoteMarks:
    """Every quote mark of a paragraph, the pairs they form and those left unmatched."""

    text: str
    marks: tuple[Mark, ...]
    pairs: tuple[Pair, ...]
    unclosed: tuple[Mark, ...]  # opened, never closed in this paragraph
    unopened: tuple[Mark, ...]  # closed, never opened in this paragraph

    @property
    def quotes(self) -> tuple[Mark, ...]:
        """The marks used as quotation marks (not apostrophes or primes)."""
        return tuple(m for m in self.marks if m.role in (OPEN, CLOSE))

    def first_opens_paragraph(self) -> bool:
        """Does the paragraph begin with an opening quote (a continued quotation does)?"""
        lead = len(self.text) - len(self.text.lstrip())
        return any(m.start == lead and m.role == OPEN for m in self.marks)


def _neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    """The characters either side of a mark, looking past adjacent quote marks."""
    i, j = start - 1, end
    while i >= 0 and text[i] in SHAPES:
        i -= 1
    while j < len(text) and text[j] in SHAPES:
        j += 1
    return (text[i] if i >= 0 else ""), (text[j] if j < len(text) else "")


def _context(text: str, start: int, end: int) -> str:
    left, right = _neighbours(text, start, end)
    left_open = left == "" or left.isspace() or left in _LEFT_OF_OPENER
    right_close = right == "" or right.isspace() or right in _RIGHT_OF_CLOSER
    if left_open and not right_close:
        return OPEN
    if right_close and not left_open:
        return CLOSE
    return AMBIG


def _is_apostrophe(text: str, i: int) -> bool:
    """Don't, Kyiv's, rock’n’roll, ’90s, ’em, the second mark of ’n’."""
    left = text[i - 1] if i > 0 else ""
    right = text[i + 1] if i + 1 < len(text) else ""
    if left.isalnum() and right.isalpha():
        return True
    if not left.isalnum() and _ELISION.match(text, i + 1):
        return True
    before_n = text[i - 2] if i >= 2 else ""
    return bool(left) and left in "nN" and bool(before_n) and before_n in "'’‘" and not right.isalnum()


def _primes(text: str) -> set[int]:
    """Positions of feet and inches marks in 5' 11" and the like."""
    found: set[int] = set()
    for m in _FEET_INCHES.finditer(text):
        found.update((m.start(1), m.start(2)))
    return found


def _runs(text: str) -> list[tuple[int, int]]:
    """Quote marks as [start, end) runs: a doubled mark forms one run (""), so do adjacent
    backticks, and so do exactly two straight apostrophes (the TeX closing '')."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if text[i] not in SHAPES:
            i += 1
            continue
        j = i + 1
        if text[i] in "`'":
            while j < len(text) and text[j] == text[i]:
                j += 1
            if text[i] == "'" and j - i != 2:  # one apostrophe, or three and more: each alone
                runs.extend((k, k + 1) for k in range(i, j))
                i = j
                continue
        while j < len(text) and _doubles(text[j - 1], text[j]):
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _code_spans(text: str, runs: list[tuple[int, int]]) -> set[int]:
    """Starts of the backtick runs that delimit Markdown code (`x`, ``x``): a run and the
    next backtick run, when it has the same length and follows neither a space nor an
    opening bracket (where a TeX quote opens: ``a'' (``b''))."""
    ticks = [(s, e) for s, e in runs if text[s] == "`"]
    found: set[int] = set()
    k = 0
    while k + 1 < len(ticks):
        (s1, e1), (s2, e2) = ticks[k], ticks[k + 1]
        before = text[s2 - 1]
        if e1 - s1 == e2 - s2 and s2 > e1 and not before.isspace() and before not in _LEFT_OF_OPENER:
            found.update((s1, s2))
            k += 2
        else:
            k += 1
    return found


def _between_alnum(text: str, start: int, end: int) -> bool:
    return 0 < start and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()


def _doubles(a: str, b: str) -> bool:
    """Do two adjacent marks double one quote ("" ”” "”), rather than close two (“»)?"""
    if SHAPES.get(a, ("",))[0] != DOUBLE or SHAPES.get(b, ("",))[0] != DOUBLE:
        return False
    return a == b or {a, b} in ({'"', "”"}, {'"', "“"})


def _first_role(text: str, start: int, end: int, primes: set[int], code: set[int]) -> Mark:
    chars = text[start:end]
    level, shape = SHAPES[chars[0]]
    level = DOUBLE if chars in TEX_DOUBLE else level
    context = _context(text, start, end)
    if start in code or (chars[0] == "`" and len(chars) > 2):
        role = MARKUP  # Markdown code, a code fence
    elif start in primes:
        role = PRIME
    elif chars == "''" and _between_alnum(text, start, end):
        role = APOS  # Kyiv''s: a doubled apostrophe, not a quotation
    elif level == SINGLE and _is_apostrophe(text, start):
        role = APOS
    elif chars[0] in ONLY_OPEN:
        role = OPEN
    elif shape is None or context == AMBIG or context == shape:
        role = context if shape is None else shape
    else:
        role = AMBIG  # shape and surroundings disagree: the pairing decides
    return Mark(start, end, chars, level, context, role)


def _later_single_closer(marks: list[Mark], k: int) -> bool:
    """Is there another closing single mark after marks[k], before a double closes?"""
    for m in marks[k + 1 :]:
        if m.level == DOUBLE and m.role == CLOSE:
            return False
        if m.level == SINGLE and m.role == CLOSE:
            return True
    return False


Reading = tuple[list[Mark], list[tuple[int, int]], list[int], list[int]]


def _pair_up(text: str, marks: list[Mark], nest_straight: bool = False) -> Reading:
    """Match closers to openers of the same level; returns final marks, pairs, unclosed,
    unopened. With ``nest_straight`` a straight " that clearly opens may open a quotation
    inside a straight " quotation that clearly opened."""
    marks = list(marks)
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    unclosed: list[int] = []
    unopened: list[int] = []
    for k, m in enumerate(marks):
        if m.role in NOT_QUOTE:
            continue
        pending = [s for s in stack if marks[s].level == m.level]
        role = m.role
        if role == AMBIG:
            if m.level == SINGLE and not pending:
                marks[k] = replace(m, role=APOS)  # a stray ' between spaces
                continue
            role = CLOSE if pending else OPEN
        if role == CLOSE and m.char == "`":
            marks[k] = replace(m, role=MARKUP)  # a backtick never closes a quotation
            continue
        if role == OPEN:
            marks[k] = replace(m, role=OPEN)
            nests = bool(nest_straight and pending and _clear_open(text, m)
                         and _clear_open(text, marks[pending[-1]]))
            if m.char in STRAIGHT and pending and marks[pending[-1]].char == m.char and not nests:
                # straight quotes cannot nest in themselves: the earlier one was never closed
                unclosed.append(pending[-1])
                stack.remove(pending[-1])
            stack.append(k)
            continue
        not_a_quote = _apostrophe_or_prime(text, marks, k, stack, bool(pending))
        if not_a_quote:
            marks[k] = replace(m, role=not_a_quote)
            continue
        marks[k] = replace(m, role=CLOSE)
        if not pending:
            unopened.append(k)
            continue
        at = stack.index(pending[-1])
        unclosed.extend(stack[at + 1 :])
        pairs.append((stack[at], k))
        del stack[at:]
    unclosed.extend(stack)
    for i in [i for i in unclosed if marks[i].chars == "`"]:  # `x with nothing to close it
        marks[i] = replace(marks[i], role=MARKUP)
        unclosed.remove(i)
    return marks, pairs, sorted(unclosed), unopened


def _clear_open(text: str, m: Mark) -> bool:
    """Does a straight " plainly open: after the start, a space or (, and before a letter?"""
    return m.chars in STRAIGHT_DOUBLE and m.context == OPEN and m.end < len(text) and text[m.end].isalnum()


def _clear_close(text: str, m: Mark) -> bool:
    """Does a straight " plainly close: after a letter or punctuation, before a space,
    punctuation or the end?"""
    left = text[m.start - 1] if m.start else ""
    return m.context == CLOSE and (left.isalnum() or left in _BEFORE_CLOSER)


def _apostrophe_or_prime(text: str, marks: list[Mark], k: int, stack: list[int], pending: bool) -> str:
    """A closing-looking mark right after a letter or digit: soldiers’, 1990s', 5', 11"?"""
    m = marks[k]
    left = text[m.start - 1] if m.start else ""
    if not left.isalnum():
        return ""
    if m.level == DOUBLE:  # 11" with no quotation open is inches
        return PRIME if left.isdigit() and not pending and (m.char in '"＂”' or m.chars == "''") else ""
    if not stack or marks[stack[-1]].level != SINGLE:
        return APOS  # no single quotation open right here: soldiers’, goin’, 5'
    word = text[m.start - 2] if m.start >= 2 else ""
    if left in "sSzZ" and word.isalpha() and _later_single_closer(marks, k):
        return APOS  # ‘the soldiers’ pay’: the later mark closes (not `-s', a one-letter s)
    return ""


def _toggle_straight(marks: list[Mark]) -> list[Mark]:
    """Read straight double quotes as alternately opening and closing. The reading is taken
    only when each mark it turns against its context balances at least one more pair."""
    out, opening = [], True
    for m in marks:
        if m.char in '"＂' and m.role != PRIME:
            out.append(replace(m, role=OPEN if opening else CLOSE))
            opening = not opening
        else:
            out.append(m)
    return out


def _against_context(marks: list[Mark]) -> int:
    """How many marks a reading makes open where the context says close, or the reverse."""
    return sum(m.role in (OPEN, CLOSE) and m.context in (OPEN, CLOSE) and m.role != m.context for m in marks)


@lru_cache(maxsize=4096)
def read_quotes(text: str) -> QuoteMarks:
    """Read the quote marks of one paragraph. Never raises."""
    primes = _primes(text)
    runs = _runs(text)
    code = _code_spans(text, runs)
    first = [_first_role(text, s, e, primes, code) for s, e in runs]
    reading = _nested_reading(text, first, _pair_up(text, first))
    marks, pairs, unclosed, unopened = _toggled_reading(text, first, reading)
    return QuoteMarks(
        text, tuple(marks), _nest(marks, pairs),
        tuple(marks[i] for i in unclosed), tuple(marks[i] for i in unopened),
    )


def _unmatched(reading: Reading) -> int:
    return len(reading[2]) + len(reading[3])


def _straight_doubles(marks: list[Mark]) -> int:
    return sum(m.char in STRAIGHT_DOUBLE and m.role != PRIME for m in marks)


def _nested_reading(text: str, first: list[Mark], reading: Reading) -> Reading:
    """Straight double quotes nested in straight double ones ("a "b" c"), taken only when
    that leaves fewer marks unmatched and every closing mark of a nested pair, and of the
    pairs around it, plainly closes (the openers were checked while pairing)."""
    if not _unmatched(reading) or _straight_doubles(first) < 4:
        return reading
    alt = _pair_up(text, first, nest_straight=True)
    if _unmatched(alt) >= _unmatched(reading):
        return reading
    marks = alt[0]
    straight = [(o, c) for o, c in alt[1] if marks[o].chars in STRAIGHT_DOUBLE]
    for o, c in straight:
        around = [pc for po, pc in straight if po < o and pc > c]
        if around and not all(_clear_close(text, marks[x]) for x in (c, *around)):
            return reading
    return alt


def _toggled_reading(text: str, first: list[Mark], reading: Reading) -> Reading:
    """Straight double quotes read as alternately opening and closing, taken only when each
    mark it turns against its context balances at least one more pair."""
    if not _unmatched(reading) or _straight_doubles(first) < 2:
        return reading
    toggled = _toggle_straight(first)
    alt = _pair_up(text, toggled)
    gained = _unmatched(reading) - _unmatched(alt)
    if gained > 0 and 2 * _against_context(toggled) <= gained:
        return alt
    return reading


def _nest(marks: list[Mark], pairs: list[tuple[int, int]]) -> tuple[Pair, ...]:
    spans = sorted(pairs)
    out: list[Pair] = []
    for o, c in spans:
        parents = [i for i, (po, pc) in enumerate(spans) if po < o and pc > c]
        parent = max(parents, key=lambda i: spans[i][0]) if parents else None
        out.append(Pair(marks[o], marks[c], len(parents), parent))
    return tuple(out)
