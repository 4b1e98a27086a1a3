"""Broken idioms: calques of Ukrainian (or Russian) phrasing and false friends.

The knowledge lives in ``mtqa/data/calques.tsv``: one row per calque with an English regular
expression, the origin, why it is wrong, the suggestion, and a bad and a good example (the
test suite proves every row fires on its bad example and stays silent on its good one).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from ..config import declare
from ..lexicon import table
from .registry import Context, Hit, check

declare("idioms", {"disable": []})


@lru_cache(maxsize=1)
def calques() -> tuple[tuple[dict[str, str], re.Pattern[str]], ...]:
    return tuple((row, re.compile(row["pattern"], re.IGNORECASE if row.get("case") != "yes" else 0))
                 for row in table("calques.tsv"))


@check(code="ID01", name="calque", family="idiom", mqm="Style/Unidiomatic", severity="minor",
       fail=["Recall that the bridge was damaged in May.", "The works took place on the territory of the region.",
             "The council accepted a decision to close the school."],
       passes=["Officials recall that the bridge was built in 1957.", "The territory was mined.",
               "The council decided to close the school."])
def calque(ctx: Context) -> Iterable[Hit]:
    """A phrase that is Ukrainian word by word and not English ("Recall that ...").

    What it does
    : Matches each sentence against the calque lexicon `mtqa/data/calques.tsv` (English
      pattern, Ukrainian/Russian origin, why it is wrong, what to write instead). When the
      aligned reference uses the same wording, nothing is flagged.

    Why it matters
    : Calques are the surest sign of unedited machine translation; readers stumble on them
      even when the facts are right.

    Example
    : "Recall that the bridge was damaged in May." (Нагадаємо, ...)

    Use instead
    : "The bridge was damaged in May." or "As previously reported, ..."

    Options
    : `disable`: ids of lexicon rows to switch off.
    """
    off = set(ctx.options.get("disable", []))
    for s in ctx.sentences:
        ref = s.aligned.get("ref", "").lower()
        for row, pattern in calques():
            if row["id"] in off:
                continue
            for m in pattern.finditer(s.text):
                if ref and m.group().lower() in ref:
                    continue  # the reference says it the same way
                why = f"{row['why']} (from {row['origin']})" if row.get("origin") else row["why"]
                yield Hit(s.start + m.start(), s.start + m.end(), f"Calque '{m.group()}': {why}",
                          suggestion=row["suggestion"] or None)
