"""Quotation marks: every way MT breaks them, caught per paragraph, with the corrected text.

The marks are read once per paragraph (:mod:`.quotemarks`), judged against the language's
CLDR conventions (``mtqa/lang/quotes.tsv``) and the house style of ``[quotes]``
(:mod:`.quoteissues`); each check below reports one kind of problem. ``mtqa fix`` applies
the same repairs (:mod:`mtqa.fix.quotes`). Apostrophes and feet/inches marks are never flagged.
Typewriter (TeX) quotes ``…'' and `…' are read as quotation marks written with the wrong
characters (QT05, :mod:`.quotetex`); backticks of Markdown code are not quotes.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from mtqa.config import declare, number_problem
from mtqa.model import Severity
from mtqa.checks.quotes.lang import style_error
from mtqa.checks.quotes.issues import paragraph_issues
from mtqa.checks.quotes.types import Issue
from mtqa.checks.registry import Context, Hit, check

declare("quotes", {
    "style": "curly",  # curly | straight | any | four marks, e.g. "“”‘’"
    "punctuation": "american",  # american | logical | any
    "multi-paragraph": True,  # accept a quotation that re-opens each paragraph, closes in the last
    "min-quote-words": 3,  # QT11/QT12: shorter quoted passages (names, terms) are not compared
}, validate=lambda options, base=None: style_error(options) or number_problem("quotes", options, ("min-quote-words",)))

FAMILY, PUNCT = "quotes", "Fluency/Punctuation"


def issues_for(ctx: Context) -> tuple[Issue, ...]:
    """All quote issues of the context's paragraph (cached per paragraph and options)."""
    others = tuple(t for r in ("src", "ref") if (t := _whole_aligned(ctx, r)))
    return paragraph_issues(ctx.text, ctx.article_mt, ctx.paragraph.index, ctx.options,
                            ctx.paragraph.langs, segments=ctx.article.kind == "table", others=others)


def _whole_aligned(ctx: Context, role: str) -> str:
    """The source or reference paragraphs aligned to this MT paragraph, whole (a folder
    article: a paragraph the MT split in two is balanced as the source wrote it), or this
    table row's own cell."""
    idxs = ctx.paragraph.sources.get(role, ())
    raw = ctx.article.raw.get(role, ())
    if idxs and raw and ctx.article.kind != "table":
        return " ".join(raw[j] for j in idxs if j < len(raw))
    return ctx.paragraph.texts.get(role, "")


def hits(ctx: Context, code: str) -> Iterator[Hit]:
    for issue in issues_for(ctx):
        if issue.code == code:
            yield Hit(issue.start, issue.end, issue.message, issue.suggestion(ctx.text),
                      Severity.parse(issue.severity) if issue.severity else None, issue.confidence)


@check(code="QT01", name="unbalanced-quotes", family=FAMILY, mqm=PUNCT, severity="major",
       fail=["“We will not give up,” he said. “The front is holding.",
             "He said the plan was sound.” Nobody agreed.",
             {"mt": "“The front is holding.", "article_mt": ("“The front is holding.", "He left."), "index": 0},
             "The mayor called it ``a record year.",
             {"mt": "The Ministry of Health\" reported new cases.",
              "src": "Міністерство охорони здоров\"я повідомило про нові випадки."}],
       passes=["“We will not give up,” he said.", "He is 5' 11\" tall and the TV is 55\".",
               "He is 5' 11'' tall.", "Run `mtqa score` on the folder.",
               "Kyiv's mayor, the ministry’s staff and the soldiers’ families met.",
               {"mt": "“The front is holding. We will not give up.",
                "article_mt": ("“The front is holding. We will not give up.",
                               "“We have what we need,” he said."), "index": 0},
               {"mt": "“Culture is a strategic weapon for Russia.", "src": "\"Культура є стратегічною зброєю Росії."},
               {"mt": "It will depend on us,” he said.", "src": "Це залежатиме від нас\", - сказав він."}])
def unbalanced_quotes(ctx: Context) -> Iterable[Hit]:
    """A quotation opened and never closed, or closed and never opened, in a paragraph.

    What it does
    : Pairs the quote marks of each paragraph and flags an opening mark left without its
      closing one, or a closing mark with no opening one. News style lets a quotation run
      over several paragraphs: each paragraph re-opens it and only the last one closes it, so
      an unclosed quote is accepted when the next paragraph starts with an opening quote.
      Apostrophes (Kyiv's, soldiers’, ’90s) and feet/inches (5' 11", 5' 11'') are not quote
      marks. A typewriter (TeX) opening `` with nothing to close it is reported here, and so
      is a lone '' (as minor: it is a typo as often as a quote). A single backtick is a
      quote only when a closing ' answers it; Markdown code (`x`, ``x``) and stray backticks
      are never quotes. A mark the aligned source or reference leaves unmatched the same way
      (a quotation that opens in one table row and closes in a later one, as the source has
      it) is not flagged. A lone straight " where the source writes an apostrophe with a quote
      mark (здоров"я) is taken as copied from it and suggested for deletion.

    Why it matters
    : The reader cannot tell where the quoted words end, so whose words they are is unclear.

    Example
    : “The front is holding, he said.

    Use instead
    : “The front is holding,” he said.

    Options
    : `multi-paragraph` (default true) accepts the running-quotation convention.
    """
    return hits(ctx, "QT01")


@check(code="QT02", name="mismatched-quote-pair", family=FAMILY, mqm=PUNCT, severity="major",
       fail=["“We are ready to talk», the minister said.", "“This war can end in one way\", he said.",
             "He called it «a victory” on Monday."],
       passes=["“We are ready to talk,” the minister said.", "He called it “a victory” on Monday."])
def mismatched_quote_pair(ctx: Context) -> Iterable[Hit]:
    """A quotation opened with one kind of mark and closed with another (“…», “…").

    What it does
    : Flags pairs whose closing mark is not the partner of the opening one: “ closed by »
      or by a straight ", « closed by ”, a single ‘ closed by a double ”. The suggestion keeps
      the mark that fits the house style and replaces the other.

    Why it matters
    : Mixed pairs are a tell-tale of machine translation and look broken in print.

    Example
    : “We are ready to talk», the minister said.

    Use instead
    : “We are ready to talk,” the minister said.

    Options
    : `style` decides which side is kept when one side is straight and the other curly.
    """
    return hits(ctx, "QT02")


@check(code="QT03", name="source-language-quotes", family=FAMILY, mqm=PUNCT, severity="major",
       fail=["He called it «a historic victory» on Monday.", "He called it „a victory“ on Monday.",
             "He called it « a victory » on Monday."],
       passes=["He called it “a victory” on Monday.", "He called it “a historic victory” on Monday."])
def source_language_quotes(ctx: Context) -> Iterable[Hit]:
    """Ukrainian (or other foreign) quotation marks left in the English text: «…», „…“.

    What it does
    : Flags a quotation whose marks are the source language's (Ukrainian « » and „ “, per
      CLDR in `mtqa/lang/quotes.tsv`) or another language's, not English ones. French-style
      spaces inside the guillemets are removed in the suggestion.

    Why it matters
    : Guillemets and low-9 quotes are not English punctuation; they show the text was not
      edited after translation.

    Example
    : He called it «a historic victory» on Monday.

    Use instead
    : He called it “a historic victory” on Monday.

    Options
    : `style` gives the marks to use instead.
    """
    return hits(ctx, "QT03")


@check(code="QT04", name="wrong-quote-orientation", family=FAMILY, mqm=PUNCT, severity="minor",
       fail=["”We will win,” he said.", "He called it “a victory“ on Monday."],
       passes=["“We will win,” he said.", "Rock ’n’ roll came back in the ’90s."])
def wrong_quote_orientation(ctx: Context) -> Iterable[Hit]:
    """A closing curly quote used to open a quotation, or an opening one used to close it.

    What it does
    : Flags ” or ’ at the start of a quotation and “ or ‘ at its end, judged from the
      surrounding spaces and from the pairing. Apostrophes such as ’90s are not quotes.

    Why it matters
    : Upside-down quotes look like a typesetting error.

    Example
    : ”We will win,” he said.

    Use instead
    : “We will win,” he said.

    Options
    : none
    """
    return hits(ctx, "QT04")


@check(code="QT05", name="quote-style", family=FAMILY, mqm=PUNCT, severity="minor",
       fail=["He called it \"a victory\" on Monday.",
             {"mt": "He called it “a victory” on Monday.", "options": {"style": "straight"}},
             "The mayor called it ``a record'' year.", "Check the Info file `gcc' first.",
             {"mt": "The mayor called it ``a record'' year.", "options": {"style": "any"}}],
       passes=["He called it “a victory” on Monday.", "Run `mtqa score` on the folder.",
               {"mt": "He called it \"a victory\" on Monday.", "options": {"style": "straight"}},
               {"mt": "He called it \"a victory\" on Monday.", "options": {"style": "any"}}])
def quote_style(ctx: Context) -> Iterable[Hit]:
    """Quotation marks against the house style (straight quotes where curly are due).

    What it does
    : Flags quotations whose marks are well formed but not the house style: straight
      quotes under `style = "curly"`, curly ones under `style = "straight"`, or anything
      other than the four marks given explicitly (e.g. `style = "‘’“”"` for single-first).
      Typewriter (TeX) quotes, two backticks and two apostrophes (``a record''), or one
      backtick and one apostrophe (`a record'), are no house style: they are flagged under
      every `style` as one finding over the quotation, whose suggestion uses the house
      marks (“a record”, ‘a record’) and drops spaces just inside them. Markdown code (`x`)
      is not a quotation.

    Why it matters
    : Publications set one quote style; straight quotes in a curly-quote outlet look
      unedited. Typewriter quotes (TeX sources, old MT systems) print as a stray backtick
      and apostrophe pair in any outlet.

    Example
    : He called it "a victory" on Monday. The mayor called it ``a record'' year.

    Use instead
    : He called it “a victory” on Monday. The mayor called it “a record” year.

    Options
    : `style`: `curly` (default; the language's CLDR marks, “ ” and ‘ ’ for English),
      `straight`, `any` (either, but one per article; see QT06) or four explicit marks.
    """
    return hits(ctx, "QT05")


@check(code="QT06", name="mixed-quote-styles", family=FAMILY, mqm=PUNCT, severity="minor",
       fail=[{"mt": "Peskov called \"peaceful means\" the best way.",
              "article_mt": ("“We are ready,” Biden said.", "Peskov called \"peaceful means\" the best way."),
              "index": 1},
             {"mt": "He said “yes” and \"no\" and \"maybe\".", "options": {"style": "any"}}],
       passes=[{"mt": "Peskov called “peaceful means” the best way.",
                "article_mt": ("“We are ready,” Biden said.", "Peskov called “peaceful means” the best way."),
                "index": 1},
               {"mt": "He said \"yes\" and \"no.\"", "options": {"style": "any"}}])
def mixed_quote_styles(ctx: Context) -> Iterable[Hit]:
    """Straight and curly quotes mixed within one article.

    What it does
    : Flags quotations in the minority style of an article that uses both straight and
      curly quotes. With `style = "any"` the article's majority decides; otherwise the
      house style does (a straight pair in an otherwise curly article is reported here
      rather than as QT05).

    Why it matters
    : Inconsistent quotes inside one story are the clearest sign of unedited output.

    Example
    : “We are ready,” Biden said. … Peskov called "peaceful means" the best way.

    Use instead
    : … Peskov called “peaceful means” the best way.

    Options
    : `style` (see QT05).
    """
    return hits(ctx, "QT06")


@check(code="QT07", name="doubled-quotes", family=FAMILY, mqm=PUNCT, severity="minor",
       fail=["They signed the \"\"Indo-Pacific Framework\"\" on Friday.",
             "They signed the “Indo-Pacific Framework”” on Friday."],
       passes=["“He said ‘no,’” she recalled.", "They signed the “Indo-Pacific Framework” on Friday.",
               "The mayor called it ``a record'' year."])
def doubled_quotes(ctx: Context) -> Iterable[Hit]:
    """Quote marks doubled up (""word"", word””).

    What it does
    : Flags two or more double quote marks in a row and suggests a single mark. A single
      quote next to a double one (‘no,’”) is a nested quotation and is fine; typewriter
      (TeX) quotes ``…'' are one mark each and reported as QT05.

    Why it matters
    : Doubled marks come from MT copying quotes twice and read as a typo.

    Example
    : They signed the ""Indo-Pacific Framework"" on Friday.

    Use instead
    : They signed the “Indo-Pacific Framework” on Friday.

    Options
    : none
    """
    return hits(ctx, "QT07")


@check(code="QT08", name="space-inside-quotes", family=FAMILY, mqm=PUNCT, severity="minor",
       fail=["He called it “ a victory ” on Monday.", "Zheng said that \" once the market opens \"."],
       passes=["He called it “a victory” on Monday.", "He said “yes” and “no” to both."])
def space_inside_quotes(ctx: Context) -> Iterable[Hit]:
    """A space just inside a quotation mark (“ word ”).

    What it does
    : Flags whitespace right after an opening quote or right before a closing one, and
      suggests the mark without it (moving the space outside when a word touches the mark).

    Why it matters
    : English sets quotes tight against the quoted words; loose quotes also break lines
      badly.

    Example
    : He called it “ a victory ” on Monday.

    Use instead
    : He called it “a victory” on Monday.

    Options
    : none
    """
    return hits(ctx, "QT08")


