"""Numbers: digits in the reference or source that are missing or changed in the MT (NM01).

Values are read by :mod:`mtqa.lang.numbers`, so "1 250"/"1,250", "14:30"/"2:30 p.m.", "6:00 pm"/"6 p.m."
and "21.12.2017"/"12/21/2017" agree.
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
             {"mt": "The area of the plot is hectares.", "ref": "The plot covers 2.4 hectares."},
             {"mt": "The curfew starts at 7 p.m.", "ref": "The curfew starts at 6:00 pm."}],
       passes=[{"mt": "Crews restored power to 1,250 homes at 2:30 p.m.",
                "ref": "By 2:30 p.m. crews had restored power to 1,250 homes."},
               {"mt": "The curfew starts at 6:00 pm.", "ref": "The curfew starts at 6 p.m."},
               {"mt": "Jerusalem: who owned the city (21.12.2017)", "ref": "Jerusalem: who owned the city (12/21/2017)"},
               {"mt": "He spoke on Thursday, February 9.", "src": "Він виступив у четвер, 9 лютого."},
               {"mt": "Prices rose by 3.5% in 2023.", "src": "У 2023 р. ціни зросли на 3,5%."}])
def number_mismatch(ctx: Context) -> Iterable[Hit]:
    """A number in the reference or source is missing or changed in the translation.

    What it does
    : Compares the numbers (as values: "1 250" = "1,250", "3,5" = "3.5", "14:30" = "2:30
      p.m.", "6:00 pm" = "6 p.m.", and dates by month and day: "21.12.2017" = "12/21/2017" =
      "December 21, 2017", "9 лютого" = "February 9") of each MT sentence (of each row, in a
      table: a row is translated as a whole, however its sentences split) with those of its aligned reference sentence (or, without a
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
    table = ctx.article.kind == "table"
    for s in ctx.sentences:
        other = s.aligned.get(role, "")
        block = s.block.get(role, s.text)
        if not other and len(ctx.sentences) == 1:
            other, block = ctx.aligned(role), s.text
        if table:  # a table row is a segment translated as a whole: compare row with row
            part = [p for p in ctx.paragraph.parts if p.offset <= s.start][-1]
            other, block = part.texts.get(role, "") or other, part.texts.get("mt", "") or block
        if not other:
            continue
        found = numbers(other, lang)
        theirs = Counter(v for v, _, _ in found)
        shown = {}  # a value as the other text writes it ("08.02", "6 p.m."), for messages
        for v, a, b in found:
            shown.setdefault(v, other[a:b].strip().rstrip(".,") if "-" in v else other[a:b].strip())
        mine = Counter(v for v, _, _ in numbers(block, mt_lang))
        missing = [v for v in (theirs - mine).elements() if v not in number_words(block)]
        # a whole date missing (08.02.2023: "02-08" and "2023") is one finding, not two
        for (v, a, _), (y, ya, yb) in zip(found, found[1:]):
            if "-" in v and len(y) == 4 and ya - a <= 8 and v in missing and y in missing:
                missing.remove(y)
                shown[v] = other[a:yb].strip()
        here = numbers(s.text, mt_lang)
        extra = [(v, a, b) for v, a, b in here if (mine - theirs)[v] > 0]
        for i, (v, a, b) in enumerate(extra):
            if i < len(missing):
                right = _format(missing[i], s.text[a:b], shown)
                yield Hit(s.start + a, s.start + b, f"{s.text[a:b].strip()} here, but {right} in the {where}",
                          suggestion=right)
        if block.rstrip().endswith(s.text.rstrip()):  # report what is missing once, on the block's last sentence
            extra_in_block = [v for v in (mine - theirs).elements()]
            for v in missing[len(extra_in_block):]:
                yield Hit(s.start, s.end, f"{shown.get(v, v)} in the {where} is missing from the translation",
                          severity=Severity.MINOR if len(v) <= 2 else None)


def _format(value: str, like: str, shown: dict[str, str] | None = None) -> str:
    """Write ``value`` the way the MT wrote its own number (thousands commas if it used them);
    a date (MM-DD) or time as the other text writes it."""
    if ("-" in value or ":" in value) and shown and value in shown:
        return shown[value]
    if ":" in value:
        return value
    if "," in like and "." not in value and len(value) > 3:
        return f"{int(value):,}"
    return value
