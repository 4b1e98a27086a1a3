"""The quotes family, continued: nesting, punctuation, and quotations lost or invented
against the source or reference. Imported by :mod:`.quotes`, which declares the options."""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from mtqa.model import Severity
from mtqa.checks.quotes.marks import CLOSE, OPEN, read_quotes
from mtqa.checks.quotes.checks import FAMILY, PUNCT, hits
from mtqa.checks.registry import Context, Hit, SentenceView, check

# Ukrainian direct speech set off by dashes: "— Ми переможемо, — сказав він."
_DASH_SPEECH = re.compile(r"(?:^|[\s:])[—–]\s*\w|[,!?…]\s*[—–]\s*\w")


@check(code="QT09", name="wrong-nesting-level", family=FAMILY, mqm=PUNCT, severity="minor",
       fail=["“He called it “a victory” on Monday,” she said.",
             "‘He called it ‘a victory’ on Monday,’ she said.",
             "He said \"the so-called \"reform\" failed\" on Monday.",
             {"mt": "He said \"the so-called \"reform\" failed\" on Monday.", "options": {"style": "straight"}}],
       passes=["“He called it ‘a victory’ on Monday,” she said.", "He said “yes” and “no.”",
               "He said \"yes\" and \"no.\"", "He said \"the so-called \"reform\"failed\" on Monday.",
               "He said \"the so-called \"reform\" failed on Monday."])
def wrong_nesting_level(ctx: Context) -> Iterable[Hit]:
    """A quotation inside a quotation with the same marks (double inside double).

    What it does
    : Flags a quoted passage nested in another one that uses the same level of marks; the
      inner one should take the alternate marks (‘ ’ inside “ ”, or the reverse under a
      single-first house style). Straight double quotes are read as nested only when the
      marks go open, open, close, close and each one plainly opens (after a space, the
      start or an opening bracket, before a letter) or closes (after a letter or
      punctuation, before a space, punctuation or the end): He said "the so-called
      "reform" failed". That is one finding over the outer quotation, whose suggestion
      also gives it the house marks (“the so-called ‘reform’ failed”); under
      `style = "straight"` only the inner pair is flagged ('reform'). Anything less clear
      ("reform"failed, or no closing mark for the outer quotation) stays an unclosed
      quote (QT01).

    Why it matters
    : With the same marks inside and out, the reader loses track of which quotation ends
      where.

    Example
    : “He called it “a victory” on Monday,” she said. He said "the so-called "reform" failed" on Monday.

    Use instead
    : “He called it ‘a victory’ on Monday,” she said. He said “the so-called ‘reform’ failed” on Monday.

    Options
    : `style` (four explicit marks set the outer and inner pairs; under `straight` the
      inner quotation takes ' ').
    """
    return hits(ctx, "QT09")


@check(code="QT10", name="punctuation-outside-quote", family=FAMILY, mqm=PUNCT, severity="minor",
       fail=["He called it “a victory”.", "“What he does is disgusting.”, Biden said.",
             {"mt": "He called it “a temporary measure.”", "options": {"punctuation": "logical"}}],
       passes=["He called it “a victory.”", "“We will win,” he said.",
               {"mt": "He called it “a victory”.", "options": {"punctuation": "logical"}},
               {"mt": "He said: “We will win.”", "options": {"punctuation": "logical"}}])
def punctuation_outside_quote(ctx: Context) -> Iterable[Hit]:
    """A comma or full stop on the wrong side of the closing quote for the house style.

    What it does
    : American style (the default) puts commas and full stops inside the closing quote:
      “a victory”. becomes “a victory.” Logical style keeps them outside a quoted fragment
      that starts in lower case; `any` accepts either. Punctuation on both sides
      (disgusting.”, Biden said) is flagged in every style. Question and exclamation marks
      are left alone.

    Why it matters
    : Misplaced punctuation around quotes is the most common copy-editing fix in MT news.

    Example
    : He called it “a victory”.

    Use instead
    : He called it “a victory.”

    Options
    : `punctuation`: `american` (default), `logical` or `any`.
    """
    return hits(ctx, "QT10")


@check(code="QT11", name="quotation-lost", family=FAMILY, mqm="Accuracy/Omission", severity="minor",
       needs=("src", "ref"),
       fail=[{"mt": "Zelensky said we will not give up our land.",
              "src": "Зеленський сказав: «Ми не віддамо нашої землі»."}],
       passes=[{"mt": "Zelensky said: “We will not give up our land.”",
                "src": "Зеленський сказав: «Ми не віддамо нашої землі»."},
               {"mt": "Naftogaz reported a loss.", "src": "«Нафтогаз» повідомив про збитки."}])
def quotation_lost(ctx: Context) -> Iterable[Hit]:
    """A quotation in the source or reference whose translation has no quotation marks.

    What it does
    : For each MT sentence (or the whole paragraph when sentences are not aligned), flags it
      when every aligned source/reference text quotes a passage of at least `min-quote-words`
      words and the MT has no quote marks at all. Short quoted names and terms («Нафтогаз»)
      are ignored, since English drops those quotes.

    Why it matters
    : Without the marks, a speaker's words read as the reporter's own.

    Example
    : Source «Ми не віддамо нашої землі», MT: Zelensky said we will not give up our land.

    Use instead
    : Zelensky said: “We will not give up our land.”

    Options
    : `min-quote-words` (default 3).
    """
    min_words = int(ctx.options.get("min-quote-words", 3))
    for start, end, others in _units(ctx):
        if _has_marks(ctx.text[start:end]) or not others:
            continue
        longest = [max((len(q.split()) for q in _quoted(t)), default=0) for t in others]
        if min(longest) >= min_words:
            yield Hit(start, end, f"The {_roles(ctx)} quotes a passage here but the translation "
                      "has no quotation marks; mark the quoted words",
                      severity=Severity.MAJOR if min(longest) >= 6 else None, confidence=0.7)


@check(code="QT12", name="quotation-invented", family=FAMILY, mqm="Accuracy/Addition", severity="minor",
       needs=("src", "ref"),
       fail=[{"mt": "He called the plan “a real victory” on Monday.",
              "src": "Він назвав план справжньою перемогою в понеділок."}],
       passes=[{"mt": "He called the plan “a real victory.”", "src": "Він назвав план «справжньою перемогою»."},
               {"mt": "“We will win,” he said.", "src": "— Ми переможемо, — сказав він."}])
def quotation_invented(ctx: Context) -> Iterable[Hit]:
    """Quotation marks in the translation where the source and reference quote nothing.

    What it does
    : Flags a quoted passage of at least `min-quote-words` words in an MT sentence when
      every aligned source/reference text has no quote marks at all. Ukrainian direct speech
      set off by dashes (— Ми переможемо, — сказав він) counts as quoted.

    Why it matters
    : Invented quotes put words in someone's mouth, or add scare quotes the author never
      used.

    Example
    : Source without quotes, MT: He called the plan “a real victory” on Monday.

    Use instead
    : He called the plan a real victory on Monday.

    Options
    : `min-quote-words` (default 3).
    """
    min_words = int(ctx.options.get("min-quote-words", 3))
    for start, end, others in _units(ctx):
        if not others or any(_has_marks(t) or _DASH_SPEECH.search(t) for t in others):
            continue
        for p in read_quotes(ctx.text).pairs:
            inner = p.inner(ctx.text)
            if start <= p.open.start < end and len(inner.split()) >= min_words:
                yield Hit(p.open.start, p.close.end, f"The {_roles(ctx)} has no quotation here; "
                          "check that these words are really quoted", inner.strip(), confidence=0.6)


@check(code="QT13", name="quoted-name", family=FAMILY, mqm="Fluency/Punctuation", severity="minor",
       fail=['FC "Mynai" won the match on Sunday.',
             {"mt": "Allies met in the “Ramstein” format.", "src": "Союзники зустрілися у форматі «Рамштайн»."},
             {"mt": "“Enerhoatom” reported a new threat.", "src": "«Енергоатом» повідомив про нову загрозу."}],
       passes=['He called it "a victory" on Monday.',
               {"mt": "The so-called “Steinmeier formula” failed.", "src": "Так звана «формула Штайнмаєра» провалилася."},
               {"mt": "The crowd shouted “Together!”", "src": "Натовп кричав «Разом!»"},
               {"mt": 'The choir sang "Shchedryk" in New York.', "src": 'Хор виконав "Щедрик" у Нью-Йорку.',
                "ref": "The choir sang “Shchedryk” in New York."},
               {"mt": 'He was a proxy of the "DPR" leader.', "src": 'Він був довіреною особою лідера "ДНР".'}])
def quoted_name(ctx: Context) -> Iterable[Hit]:
    """Quotation marks around the name of an organisation, club, operation or ship.

    What it does
    : Flags a quoted passage of one to four capitalised words without sentence punctuation
      that follows a word such as FC, company, operation, format, cruiser (the list, with
      sources, is `mtqa/data/quoted_names.tsv`), or that is the transliteration of a name
      the source puts in quotes («Минай», «Рамштайн»). Ukrainian writes such names in «»;
      English news writes them bare. The suggestion is the name without the marks, and the
      quote-mark findings of that pair (QT02, QT03, QT05, QT06) are not reported beside it. Not
      flagged: a name the reference quotes too (a title: a song, a film), and an acronym
      alone ("DPR", the scare quotes of a self-proclaimed entity).

    Why it matters
    : Quotes around a name read as irony in English ("FC "Mynai"" suggests it is no real
      club) and mark the text as translated.

    Example
    : FC "Mynai" won the match on Sunday.

    Use instead
    : FC Mynai won the match on Sunday.

    Options
    : none.
    """
    return hits(ctx, "QT13")


def _units(ctx: Context) -> Iterator[tuple[int, int, list[str]]]:
    """(start, end, aligned src/ref texts) per sentence, or once for the whole paragraph
    when the sentences carry only the paragraph's texts (no sentence alignment)."""
    roles = [r for r in ("src", "ref") if ctx.has(r)]
    sentences = ctx.sentences
    if len(sentences) > 1 and not _sentence_aligned(ctx, sentences, roles):
        sentences = ()
    if not sentences:
        lead = len(ctx.text) - len(ctx.text.lstrip())
        yield lead, len(ctx.text.rstrip()), [ctx.aligned(r) for r in roles]
        return
    for s in sentences:
        yield s.start, s.end, [s.aligned.get(r, "") for r in roles if s.aligned.get(r, "").strip()]


def _sentence_aligned(ctx: Context, sentences: tuple[SentenceView, ...], roles: list[str]) -> bool:
    return any(s.aligned.get(r, "") != ctx.aligned(r) for s in sentences for r in roles)


def _has_marks(text: str) -> bool:
    return any(m.role in (OPEN, CLOSE) for m in read_quotes(text).marks)


def _quoted(text: str) -> list[str]:
    return [p.inner(text) for p in read_quotes(text).pairs]


def _roles(ctx: Context) -> str:
    return " and ".join(n for r, n in (("src", "source"), ("ref", "reference")) if ctx.has(r))
