"""Quotation conventions per language (``mtqa/lang/quotes.tsv``, from CLDR) and the house
style the ``[quotes]`` options ask for."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from mtqa.checks.quotes.marks import SHAPES

DATA = Path(__file__).resolve().parents[2] / "lang" / "quotes.tsv"
STYLES = ("curly", "straight", "any")
PUNCTUATION = ("american", "logical", "any")
STRAIGHT_PAIRS = {('"', '"'), ("'", "'")}


@dataclass(frozen=True)
class Convention:
    lang: str
    name: str
    primary: tuple[str, str]
    alternate: tuple[str, str]

    @property
    def pairs(self) -> set[tuple[str, str]]:
        return {self.primary, self.alternate}

    @property
    def chars(self) -> set[str]:
        return {*self.primary, *self.alternate}


@lru_cache(maxsize=1)
def conventions() -> dict[str, Convention]:
    """Language code -> its CLDR quotation marks."""
    rows: dict[str, dict[str, Any]] = {}
    with DATA.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            entry = rows.setdefault(row["lang"], {"name": row["name"]})
            entry[row["level"]] = (row["open"], row["close"])
    return {
        lang: Convention(lang, r["name"], r["primary"], r.get("alternate", r["primary"]))
        for lang, r in rows.items()
    }


def convention(lang: str) -> Convention | None:
    """The convention for a language code ('en', 'en-GB', 'uk_UA'), None if unknown."""
    table = conventions()
    code = lang.replace("_", "-")
    return table.get(code) or table.get(code.split("-")[0].lower())


def languages_using(pair: tuple[str, str]) -> list[str]:
    """Names of the languages whose primary or alternate quotes are this pair."""
    return [c.name for c in conventions().values() if pair in c.pairs]


@dataclass(frozen=True)
class House:
    """The quotation marks a text should use: the primary (outer) and alternate (inner) pair,
    and the punctuation rule."""

    style: str  # curly, straight or custom
    primary: tuple[str, str]
    alternate: tuple[str, str]
    punctuation: str = "american"

    def marks(self, level: str) -> tuple[str, str]:
        """The house pair drawn at this level (double- or single-looking marks)."""
        if SHAPES[self.primary[0]][0] == level or SHAPES[self.alternate[0]][0] != level:
            return self.primary
        return self.alternate

    def at_depth(self, depth: int) -> tuple[str, str]:
        return self.primary if depth % 2 == 0 else self.alternate

    @property
    def chars(self) -> set[str]:
        return {*self.primary, *self.alternate}

    @property
    def label(self) -> str:
        return self.style if self.style != "custom" else "".join((*self.primary, *self.alternate))


def style_error(options: Mapping[str, Any], base: Any = None) -> str | None:
    """What is wrong with the [quotes] options, or None (``base``: the config folder, unused)."""
    style = str(options.get("style", "curly"))
    if style not in STYLES and not _explicit(style):
        return (f"quotes.style must be one of {', '.join(STYLES)} or four quote marks "
                f"(outer open, outer close, inner open, inner close, e.g. “”‘’); got {style!r}")
    if options.get("punctuation", "american") not in PUNCTUATION:
        return f"quotes.punctuation must be american, logical or any; got {options.get('punctuation')!r}"
    return None


def _explicit(style: str) -> bool:
    return len(style) == 4 and all(c in SHAPES and c != "`" for c in style)  # ` is no house mark


def house_style(options: Mapping[str, Any], lang: str = "en", family: str | None = None) -> House:
    """The house style for text in ``lang``; ``family`` is the article's own majority family
    (curly or straight), used when style is ``any``. Invalid options fall back to the defaults."""
    if style_error(options):
        options = {}
    style = str(options.get("style", "curly"))
    punct = str(options.get("punctuation", "american"))
    if style == "any":
        style = family or "curly"
    if style == "straight":
        return House("straight", ('"', '"'), ("'", "'"), punct)
    if _explicit(style):
        return House("custom", (style[0], style[1]), (style[2], style[3]), punct)
    conv = convention(lang) or convention("en")
    assert conv is not None
    return House("curly", conv.primary, conv.alternate, punct)


def family_of(open_char: str, close_char: str) -> str:
    """'straight', 'curly' or 'other' for a pair of marks."""
    if (open_char, close_char) in STRAIGHT_PAIRS:
        return "straight"
    if open_char in "“‘" and close_char in "”’":
        return "curly"
    return "other"

