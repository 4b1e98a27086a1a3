"""Reading numbers in text as values, per language (used by the numbers check and the score).

Numbers are compared as values, so the conventions of each language agree: "1 250" and
"3,5" (Ukrainian) equal "1,250" and "3.5" (English); "14:30" equals "2:30 p.m.".
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from mtqa.lang.lexicon import table

# a number may touch CJK characters ("达到1,250台") but not Latin or Cyrillic letters ("M06")
_EDGE = r"(?<![A-Za-z\u00c0-\u024f\u0400-\u04ff\d_])"
# 14:30, or 2.30 p.m. (a dotted time only with a.m./p.m., so 1.15 stays a decimal)
_TIME = re.compile(_EDGE + r"(\d{1,2})(?::(\d{2})(?![.:,]?\d)\s*(a\.?m\.?|p\.?m\.?)?"
                   r"|\.(\d{2})\s*(a\.?m\.?|p\.?m\.?))", re.IGNORECASE)
_NUMBER = re.compile(_EDGE + r"(?<![.,])\d{1,3}(?:(?:[ \u00a0\u202f]|,(?=\d{3}(?!\d)))\d{3})+(?:[.,]\d+)?(?![\d])"
                     r"|" + _EDGE + r"(?<![.,])\d+(?:[.,]\d+)?(?![\d])")


POINT_DECIMAL = ("en", "zh")  # "1,250.5"; other languages write "1 250,5"


def _value(token: str, lang: str) -> str:
    t = re.sub(r"[ \u00a0\u202f]", "", token)
    if lang in POINT_DECIMAL:
        if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", t):
            t = t.replace(",", "")
        elif "," in t:
            t = t.replace(",", ".")
    else:
        t = t.replace(",", ".")
    if "." in t:
        t = t.rstrip("0").rstrip(".") or "0"
    return t.lstrip("0") or "0"


_SCALE = re.compile(r"\s*(thousand|million|billion|тис\.?|тисяч[аі]?|млн\.?|мільйон(?:а|и|ів)?|млрд\.?|мільярд(?:а|и|ів)?)(?!\w)",
                    re.IGNORECASE)
_SCALES = {"th": 1_000, "ти": 1_000, "mi": 1_000_000, "мл": 1_000_000, "мі": 1_000_000, "bi": 10**9}


def _scaled(value: str, text: str, end: int) -> tuple[str, int]:
    """'35' followed by 'thousand'/'тис.' becomes '35000' (and the match grows to cover it)."""
    m = _SCALE.match(text, end)
    if not m:
        return value, end
    word = m.group(1).lower()
    factor = 10**9 if word.startswith(("bi", "млрд", "мільярд")) else _SCALES.get(word[:2], 1)
    try:
        scaled = float(value) * factor
    except ValueError:
        return value, end
    return (str(int(scaled)) if scaled == int(scaled) else str(scaled)), m.end()


def number_words(text: str) -> set[str]:
    """Values of spelled-out numbers ("ten", "tenth") from ``mtqa/data/number_words.tsv``."""
    words = {r["word"]: r["value"] for r in table("number_words.tsv")}
    return {words[w] for w in re.findall(r"[a-z]+", text.lower()) if w in words}


def numbers(text: str, lang: str) -> list[tuple[str, int, int]]:
    """(value, start, end) of every number, times normalised to 24-hour HH:MM."""
    out, taken = [], []
    for m in _TIME.finditer(text):
        h, mnt = int(m.group(1)), m.group(2) or m.group(4)
        ampm = (m.group(3) or m.group(5) or "").lower().replace(".", "")
        if h > 23 or int(mnt) > 59:
            continue
        if ampm == "pm" and h < 12:
            h += 12
        if ampm == "am" and h == 12:
            h = 0
        out.append((f"{h}:{mnt}", m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in _NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        value, end = _scaled(_value(m.group(), lang), text, m.end())
        out.append((value, m.start(), end))
    return sorted(out, key=lambda x: x[1])
