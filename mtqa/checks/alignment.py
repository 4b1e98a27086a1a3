"""Alignment: text of the reference or source with nothing in the MT (possible omission), and
MT sentences with nothing in the reference or source (possible addition)."""
from __future__ import annotations

from typing import Iterable

from ..model import Severity
from .registry import Context, Hit, check


def _short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@check(code="AL01", name="possible-omission", family="alignment", mqm="Accuracy/Omission", severity="major",
       pipeline=True,
       fail=[{"mt": "The dam was repaired in May. Tourists came back in June.",
              "ref": "The dam was repaired in May. Farmers got water again in the same week. Tourists came back in June."}],
       passes=[{"mt": "The dam was repaired in May. Tourists came back in June.",
                "ref": "The dam was fixed in May. Tourists returned in June."}])
def possible_omission(ctx: Context) -> Iterable[Hit]:
    """Reference or source text that nothing in the translation corresponds to.

    What it does
    : After paragraph and sentence alignment, every reference sentence or paragraph (or,
      without a reference, source sentence or paragraph) left unaligned is reported where it
      would belong in the MT, as a zero-width span, with the missing text as the suggestion.

    Why it matters
    : Dropped sentences and paragraphs are invisible in the MT alone.

    Example
    : The reference's third paragraph has no MT counterpart.

    Use instead
    : Translate the missing passage (the suggestion gives the reference text).

    Options
    : none
    """
    role = "ref" if "ref" in ctx.article.langs else "src"
    for gap in ctx.gaps:
        if gap["role"] != role:
            continue
        what = "paragraph" if gap["paragraph"] else "sentence"
        where = "reference" if role == "ref" else "source"
        yield Hit(gap["offset"], gap["offset"],
                  f"A {where} {what} has no counterpart in the translation: '{_short(gap['text'])}'",
                  suggestion=gap["text"] if role == "ref" else None)


@check(code="AL02", name="possible-addition", family="alignment", mqm="Accuracy/Addition", severity="minor",
       pipeline=True,
       fail=[{"mt": "The dam was repaired in May. A famous singer bought three yachts in Monaco last winter. "
                    "Tourists came back in June.",
              "ref": "The dam was repaired in May. Tourists came back in June."}],
       passes=[{"mt": "The dam was repaired in May. Tourists came back in June.",
                "ref": "The dam was fixed in May. Tourists returned in June."}])
def possible_addition(ctx: Context) -> Iterable[Hit]:
    """An MT sentence that nothing in the reference or source corresponds to.

    What it does
    : Flags an MT sentence that alignment left without a counterpart in the reference (or,
      without a reference, the source). Sentences of five words or more are major.

    Why it matters
    : Added text is either a hallucination or a misplaced sentence.

    Example
    : An MT sentence about a different event, between two aligned ones.

    Use instead
    : Remove the sentence or move it where the source has it.

    Options
    : none
    """
    role = "ref" if "ref" in ctx.article.langs else "src"
    if role not in ctx.article.langs or (ctx.article.kind == "table" and not ctx.has(role)):
        return
    for s in ctx.sentences:
        if s.aligned.get(role) is None and s.text.strip():
            words = len(s.text.split())
            yield Hit(s.start, s.end, f"Nothing in the {'reference' if role == 'ref' else 'source'} corresponds to this sentence",
                      severity=Severity.MAJOR if words >= 5 else None)
