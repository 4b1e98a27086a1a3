"""Numbers: digits in the reference or source that are missing or changed in the MT (NM01).

Values are read by :mod:`mtqa.lang.numbers`, so "1 250"/"1,250" and "14:30"/"2:30 p.m." agree.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from mtqa.checks.registry import Context, Hit, check
from mtqa.lang.numbers import number_words, numbers
from mtqa.model import Severity


@check(code="NM01", name="number-mismatch", family="numbers", mqm="Accuracy/Mistranslation",
       severity="major", needs=("ref", "src"),
       fail=[{"mt": "Crews restored power to 1,520 homes.", "ref": "Crews restored power to 1,250 homes."},
             {"mt": "Prices rose by 5.3% in May.", "src": "У травні ціни зросли на 3,5%."},
             {"mt": "The area of the plot is hectares.", "ref": "The plot covers 2.4 hectares."}],
       passes=[{"mt": "Crews restored power to 1,250 homes at 2:30 p.m.",
                "ref": "By 2:30 p.m. crews had restored power to 1,250 homes."},
               {"mt": "Prices rose by 3.5% in 2023.", "src": "У 2023 р. ціни зросли на 3,5%."}])
def number_mismatch(ctx: Context) -> Iterable[Hit]:
    """A number in the reference or source is missing or changed in the translation.

    What it does
    : Compares the numbers (as values: "1 250" = "1,250", "3,5" = "3.5", "14:30" = "2:30
      p.m.") of each MT sentence with those of its aligned reference sentence (or, without a
      reference, its source sentence). A number the MT has instead of a missing one is
      flagged as changed, with the right number as the suggestion; a number missing with
      nothing in its place is flagged on the sentence.

    Why it matters
    : Wrong figures are the costliest error in news: casualties, prices, dates.

    Example
    : MT "power to 1,520 homes" for reference "power to 1,250 homes".

    Use instead
    : "power to 1,250 homes"

    Options
    : none
    """
    role = "ref" if ctx.has("ref") else "src"
    lang = ctx.paragraph.langs.get(role, "en")
    mt_lang = ctx.paragraph.langs.get("mt", "en")
    where = "reference" if role == "ref" else "source"
    for s in ctx.sentences:
        other = s.aligned.get(role, "")
        block = s.block.get(role, s.text)
        if not other and len(ctx.sentences) == 1:
            other, block = ctx.aligned(role), s.text
        if not other:
            continue
        theirs = Counter(v for v, _, _ in numbers(other, lang))
        mine = Counter(v for v, _, _ in numbers(block, mt_lang))
        missing = [v for v in (theirs - mine).elements() if v not in number_words(block)]
        here = numbers(s.text, mt_lang)
        extra = [(v, a, b) for v, a, b in here if (mine - theirs)[v] > 0]
        for i, (v, a, b) in enumerate(extra):
            if i < len(missing):
                yield Hit(s.start + a, s.start + b, f"{s.text[a:b].strip()} here, but {_format(missing[i], s.text[a:b])} in the {where}",
                          suggestion=_format(missing[i], s.text[a:b]))
        if block.rstrip().endswith(s.text.rstrip()):  # report what is missing once, on the block's last sentence
            extra_in_block = [v for v in (mine - theirs).elements()]
            for v in missing[len(extra_in_block):]:
                yield Hit(s.start, s.end, f"{v} in the {where} is missing from the translation",
                          severity=Severity.MINOR if len(v) <= 2 else None)


def _format(value: str, like: str) -> str:
    """Write ``value`` the way the MT wrote its own number (thousands commas if it used them)."""
    if ":" in value:
        return value
    if "," in like and "." not in value and len(value) > 3:
        return f"{int(value):,}"
    return value
