"""Alignment: text of the reference or source with nothing in the MT (possible omission), and
MT sentences with nothing in the reference or source (possible addition)."""
from __future__ import annotations

from typing import Iterable

from mtqa.model import Part, Severity
from mtqa.checks.registry import Context, Hit, check, short


def _part_at(ctx: Context, offset: int) -> Part:
    """The part (table row) of the paragraph that holds ``offset`` of its MT text."""
    found = ctx.paragraph.parts[0]
    for part in ctx.paragraph.parts:
        if part.offset <= offset:
            found = part
    return found


def _role_at(ctx: Context, offset: int) -> str:
    """What the MT at ``offset`` is compared with: the reference, or without one the source.
    A table row goes by its own cells, so a row whose reference cell is empty is compared
    with its source, as it is scored."""
    if ctx.article.kind == "table":
        return "ref" if _part_at(ctx, offset).texts.get("ref", "").strip() else "src"
    return "ref" if "ref" in ctx.article.langs else "src"


SHORT_GAP = 3  # words: a gap this short is often a split exclamation ('Разом!"'), see _covered
COVERED = 0.9  # the MT has at least this share of the other text's words


def _covered(ctx: Context, gap: dict) -> bool:
    """A short unaligned sentence ('Разом!"', which the MT renders "Together!" inside its
    neighbour) is not an omission when the MT of its row (or paragraph) is as long as the
    whole aligned text, gap included: sentence splitting, not a loss."""
    if len(gap["text"].split()) > SHORT_GAP:
        return False
    texts = _part_at(ctx, gap["offset"]).texts if ctx.article.kind == "table" else ctx.paragraph.texts
    other, mt = texts.get(gap["role"], ""), texts.get("mt", "")
    return bool(other.strip()) and len(mt.split()) >= COVERED * len(other.split())


def _short_split(ctx: Context, sentence: str, offset: int, role: str) -> bool:
    """A short unaligned MT sentence ("(December 21, 2017)" split off after a question mark)
    is not an addition when the rest of its row (or paragraph) is shorter than the aligned
    text: it carries part of what the other text says."""
    if len(sentence.split()) > SHORT_GAP:
        return False
    texts = _part_at(ctx, offset).texts if ctx.article.kind == "table" else ctx.paragraph.texts
    other, mt = texts.get(role, ""), texts.get("mt", "")
    return bool(other.strip()) and len(mt.split()) - len(sentence.split()) < len(other.split())


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
      A table row whose reference cell is empty counts as having no reference. A gap of
      three words or fewer is not reported when the MT of its row (or paragraph) has at
      least 90% as many words as the whole aligned text: that is a split exclamation
      ('Разом!"' rendered "Together!" in the next sentence), not an omission.

    Why it matters
    : Dropped sentences and paragraphs are invisible in the MT alone.

    Example
    : The reference's third paragraph has no MT counterpart.

    Use instead
    : Translate the missing passage (the suggestion gives the reference text).

    Options
    : none
    """
    for gap in ctx.gaps:
        role = gap["role"]
        if role != _role_at(ctx, gap["offset"]) or _covered(ctx, gap):
            continue
        what = "paragraph" if gap["paragraph"] else "sentence"
        where = "reference" if role == "ref" else "source"
        yield Hit(gap["offset"], gap["offset"],
                  f"A {where} {what} has no counterpart in the translation: '{short(gap['text'])}'",
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
      without a reference, the source; a table row whose reference cell is empty has none).
      Sentences of five words or more are major. A table row of which nothing aligned is
      left alone: it is mistranslated as a whole, not added to; and a sentence of three words
      or fewer is left alone when the rest of its row (or paragraph) has fewer words than the
      aligned text (a piece split off, "(December 21, 2017)", not an addition).

    Why it matters
    : Added text is either a hallucination or a misplaced sentence.

    Example
    : An MT sentence about a different event, between two aligned ones.

    Use instead
    : Remove the sentence or move it where the source has it.

    Options
    : none
    """
    table = ctx.article.kind == "table"
    for s in ctx.sentences:
        role = _role_at(ctx, s.start)
        if role not in ctx.article.langs:
            continue
        row = _part_at(ctx, s.start)
        if table and not any(o.aligned.get(role) for o in ctx.sentences if _part_at(ctx, o.start) is row):
            continue  # nothing in this row is aligned to it: a whole mistranslation, not an addition
        if s.aligned.get(role) is None and s.text.strip() and not _short_split(ctx, s.text, s.start, role):
            words = len(s.text.split())
            yield Hit(s.start, s.end, f"Nothing in the {'reference' if role == 'ref' else 'source'} corresponds to this sentence",
                      severity=Severity.MAJOR if words >= 5 else None)
