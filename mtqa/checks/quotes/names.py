"""Quotation marks around names: Ukrainian writes the names of organisations, clubs,
operations and ships in «» (ФК «Минай», «Рамштайн», крейсер «Москва»); English news drops
the marks (FC Mynai, Ramstein, the cruiser Moskva). A quoted passage in the MT is such a name
when it is one to four capitalised words with no sentence punctuation, and either follows a
word of ``mtqa/data/quoted_names.tsv`` (FC, operation, cruiser ...) or is the transliteration
of a name the source quotes the same way."""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Iterable

from mtqa.checks.quotes.marks import read_quotes
from mtqa.lang.lexicon import table
from mtqa.lang.translit import romanise

MAX_WORDS = 4
SIMILAR = 0.6  # difflib ratio between the MT name and the source name's transliteration
_NAME = re.compile(r"^[A-ZА-ЯІЇЄҐ0-9][\w'’.\-]*(?:[ \-][\w'’.\-]+){0,%d}$" % (MAX_WORDS - 1))
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")


def designators() -> frozenset[str]:
    return frozenset(r["word"] for r in table("quoted_names.tsv"))


def name_like(inner: str) -> bool:
    """One to four words, the first capitalised, no sentence punctuation (not a quotation),
    not an acronym alone ("DPR" in quotes is the scare quote of a self-proclaimed entity)."""
    inner = inner.strip()
    return (bool(_NAME.match(inner)) and not re.search(r"[.!?,;:]$", inner) and len(inner) > 1
            and not re.fullmatch(r"[A-ZА-ЯІЇЄҐ]{2,6}", inner))


def reference_quotes(texts: Iterable[str]) -> tuple[str, ...]:
    """What the (Latin-script) reference texts put in quotation marks: a name the reference
    keeps in quotes is a title (a song, a film), which English quotes too."""
    out: list[str] = []
    for text in texts:
        if re.search(r"[\u0400-\u04ff]", text):
            continue
        out += [text[p.open.end:p.close.start].strip() for p in read_quotes(text).pairs]
    return tuple(out)


def source_names(texts: Iterable[str]) -> tuple[str, ...]:
    """Name-like passages the (Cyrillic) source texts put in quotation marks."""
    out: list[str] = []
    for text in texts:
        if not re.search(r"[\u0400-\u04ff]", text):
            continue
        for p in read_quotes(text).pairs:
            inner = text[p.open.end:p.close.start]
            if name_like(inner):
                out.append(inner.strip())
    return tuple(dict.fromkeys(out))


def is_quoted_name(text: str, open_start: int, inner: str, names: tuple[str, ...],
                   ref_quoted: tuple[str, ...] = ()) -> bool:
    """Is ``inner`` (quoted at ``open_start`` of ``text``) a name English writes bare? Not
    when the reference quotes it too (then it is a title)."""
    if not name_like(inner):
        return False
    plain = inner.strip().lower()
    if any(SequenceMatcher(None, plain, q.lower()).ratio() >= SIMILAR for q in ref_quoted):
        return False
    before = _WORD_BEFORE.search(text[:open_start])
    if before and before.group(1).lower() in designators():
        return True
    return any(SequenceMatcher(None, plain, romanise(n).lower()).ratio() >= SIMILAR for n in names)
