"""Reading numbers in text as values, per language (used by the numbers check and the score).

Numbers are compared as values, so the conventions of each language agree: "1 250" and
"3,5" (Ukrainian) equal "1,250" and "3.5" (English); "14:30" equals "2:30 p.m.".
"""
from __future__ import annotations

import re

from mtqa.lang.lexicon import table

# a number may touch CJK characters ("达到1,250台") but not Latin or Cyrillic letters ("M06")
_EDGE = r"(?<![A-Za-z\u00c0-\u024f\u0400-\u04ff\d_])"
# 14:30, or 2.30 p.m. (a dotted time only with a.m./p.m., so 1.15 stays a decimal)
_TIME = re.compile(_EDGE + r"(\d{1,2})(?::(\d{2})(?![.:,]?\d)\s*(a\.?m\.?|p\.?m\.?)?"
                   r"|\.(\d{2})\s*(a\.?m\.?|p\.?m\.?))", re.IGNORECASE)
# 6 p.m., 6pm: an hour with a.m./p.m. and no minutes
_HOUR = re.compile(_EDGE + r"(\d{1,2})\s*(a\.?m\.?|p\.?m\.?)(?![A-Za-z])", re.IGNORECASE)
_MONTHS_EN = ("january february march april may june july august september october november december").split()
_MONTHS_UK = ("січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня").split()
_MONTH_EN = (r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
             r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")  # capitalised: "may" is a verb
_MONTH_UK = "(" + "|".join(_MONTHS_UK) + ")"
# dates become "MM-DD" (the year, when written, stays a number of its own), so 21.12.2017,
# 12/21/2017, December 21, 2017 and 21 грудня 2017 agree
_DATES = (
    (re.compile(_EDGE + r"(\d{1,2})\.(\d{1,2})\.(?=\d{4}(?!\d))"), "dm"),  # the year: see _dates
    (re.compile(_EDGE + r"(\d{1,2})/(\d{1,2})/(?=\d{2,4}(?!\d))"), "slash"),
    (re.compile(r"(?<!\d)\d{4}-(\d{2})-(\d{2})(?!\d)"), "iso"),
    (re.compile(r"\b" + _MONTH_EN + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?!\d)(?![.,]\d)"), "md_en"),
    (re.compile(_EDGE + r"(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_EN + r"(?![A-Za-z])"), "dm_en"),
    (re.compile(_EDGE + r"(\d{1,2})\s+" + _MONTH_UK + r"(?![а-яіїєґ])", re.IGNORECASE), "dm_uk"),
)


def _month(name: str) -> int:
    low = name.lower().rstrip(".")
    if low in _MONTHS_UK:
        return _MONTHS_UK.index(low) + 1
    return next(i for i, m in enumerate(_MONTHS_EN, 1) if m.startswith(low[:3]))


def _dates(text: str, lang: str) -> list[tuple[str, int, int]]:
    out = []
    for pattern, kind in _DATES:
        for m in pattern.finditer(text):
            a, b = m.group(1), m.group(2)
            if kind in ("dm", "dm_uk"):
                day, month = int(a), (int(b) if kind == "dm" else _month(b))
            elif kind == "slash":  # 12/21/2017 in English; 21/12/2017 where the day comes first
                x, y = int(a), int(b)
                day, month = (y, x) if lang == "en" and x <= 12 else (x, y)
            elif kind == "iso":
                month, day = int(a), int(b)
            elif kind == "md_en":
                month, day = _month(a), int(b)
            else:
                day, month = int(a), _month(b)
            if 1 <= day <= 31 and 1 <= month <= 12:
                out.append((f"{month:02d}-{day:02d}", m.start(), m.end()))
                if kind == "dm":  # 21.12.2017: the year after the dot, which _NUMBER skips
                    year = re.match(r"\d{4}", text[m.end():])
                    if year:
                        out.append((year.group(), m.end(), m.end() + 4))
    return out


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
    """(value, start, end) of every number, times normalised to 24-hour HH:MM ("6 p.m." is
    18:00), dates to MM-DD (their year, if any, a number of its own)."""
    out, taken = [], []
    for value, a, b in _dates(text, lang):
        if not any(x < b and a < y for x, y in taken):
            out.append((value, a, b))
            taken.append((a, b))
    for m in _HOUR.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        h, ampm = int(m.group(1)), m.group(2).lower().replace(".", "")
        if not 1 <= h <= 12:
            continue
        h = (h % 12) + (12 if ampm == "pm" else 0)
        out.append((f"{h}:00", m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in _TIME.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
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
