"""Untranslated text: source-script words left in the English, or a translation that is the
source itself, or no translation at all."""
from __future__ import annotations

import re
from typing import Iterable

from mtqa.lang.translit import romanise_nominative
from mtqa.model import text_of
from mtqa.checks.registry import Context, Hit, check, short

_CYRILLIC_RUN = re.compile(r"[\u0400-\u04ff][\u0400-\u04ff'’\-]*(?:\s+[\u0400-\u04ff][\u0400-\u04ff'’\-]*)*")
_LATIN_TARGETS = {"en", "de", "fr", "es", "it", "pl", "pt", "nl", "cs"}


@check(code="UT01", name="cyrillic-in-target", family="untranslated", mqm="Accuracy/Untranslated text",
       severity="major",
       fail=["Repairs in Балаклії will take a week.", "The громада voted."],
       passes=["Repairs in Balakliia will take a week.", "The community voted."])
def cyrillic_in_target(ctx: Context) -> Iterable[Hit]:
    """Cyrillic words left in a Latin-script translation.

    What it does
    : Flags every run of Cyrillic letters in an MT text whose language is written in Latin
      script, and suggests its romanisation by the Ukrainian national system (KMU 2010, the
      `translitua` library, as the names family uses), with inflected words put in the
      nominative first (pymorphy3): "у Балаклії" gives "Balakliia", "Стрийському парку"
      gives "Stryiskyi park".

    Why it matters
    : Readers of the English text cannot read or pronounce what was left untranslated.

    Example
    : "Repairs in Балаклії will take a week."

    Use instead
    : Translate the word, or transliterate a name: "Repairs in Balakliia will take a week."

    Options
    : none
    """
    if ctx.paragraph.langs.get("mt", "en") not in _LATIN_TARGETS:
        return
    for m in _CYRILLIC_RUN.finditer(ctx.text):
        yield Hit(m.start(), m.end(), f"'{m.group()}' is left in Cyrillic", suggestion=romanise_nominative(m.group()))


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


@check(code="UT02", name="copy-of-source", family="untranslated", mqm="Accuracy/Untranslated text",
       severity="critical", needs=("src",),
       fail=[{"mt": "Ремонт триватиме тиждень.", "src": "Ремонт триватиме тиждень."}],
       passes=[{"mt": "Repairs will take a week.", "src": "Ремонт триватиме тиждень."},
               {"mt": "NATO", "src": "NATO"}])
def copy_of_source(ctx: Context) -> Iterable[Hit]:
    """The translation of a sentence is the source sentence itself.

    What it does
    : Flags an MT sentence identical (ignoring case and punctuation) to its aligned source
      sentence, when that sentence has at least three words.

    Why it matters
    : A copied source is a translation that never happened.

    Example
    : MT "Ремонт триватиме тиждень." for source "Ремонт триватиме тиждень."

    Use instead
    : Translate it: "Repairs will take a week."

    Options
    : none
    """
    for s in ctx.sentences:
        src = s.aligned.get("src", "") or (ctx.aligned("src") if len(ctx.sentences) == 1 else "")
        if src and len(s.text.split()) >= 3 and _norm(s.text) == _norm(src):
            yield Hit(s.start, s.end, "The translation is a copy of the source")


@check(code="UT03", name="empty-translation", family="untranslated", mqm="Accuracy/Omission",
       severity="critical", pipeline=True,
       fail=[{"mt": "", "ref": "Repairs will take a week."},
             {"mt": "", "src": "Ремонт триватиме тиждень."}],
       passes=[{"mt": "Repairs will take a week.", "ref": "Repairs will take a week."},
               {"mt": "Repairs will take a week.", "src": "Ремонт триватиме тиждень."}])
def empty_translation(ctx: Context) -> Iterable[Hit]:
    """The MT is empty where the source or reference has text.

    What it does
    : Flags an MT segment (a table row, or a paragraph) that is empty, only spaces or a
      missing cell (None or NaN in a DataFrame) while its own source or reference is not,
      as a zero-width span where its text belongs, with the reference as the suggestion when
      there is one. The critical finding caps the row's score at 20. A row with neither
      source nor reference text is not flagged: nothing says it should have text.

    Why it matters
    : The reader gets nothing at all of that passage.

    Example
    : an empty `mt` cell next to "Ремонт триватиме тиждень."

    Use instead
    : Translate the passage.

    Options
    : none
    """
    single = len(ctx.paragraph.parts) == 1  # a file paragraph: the paragraph's texts are its part's
    for part in ctx.paragraph.parts:
        if text_of(part.texts.get("mt")).strip():
            continue
        ref, src = (text_of(part.texts.get(r)).strip() or (text_of(ctx.paragraph.texts.get(r)).strip() if single else "")
                    for r in ("ref", "src"))
        if ref or src:
            where = "reference" if ref else "source"
            yield Hit(part.offset, part.offset, f"The translation is empty; the {where} reads '{short(ref or src)}'",
                      suggestion=ref or None)
