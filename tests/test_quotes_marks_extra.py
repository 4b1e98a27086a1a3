"""Typewriter (TeX) quotes ``…'' and `…', and straight double quotes nested in straight
double quotes: each reported once with the house-style repair, and apostrophes, primes and
Markdown code never taken for quotes."""
from __future__ import annotations

import random

import pytest

from mtqa.checks.quotes.issues import paragraph_issues
from mtqa.checks.quotes.lang import style_error
from mtqa.checks.quotes.marks import CLOSE, DOUBLE, OPEN, SINGLE, read_quotes
from mtqa.checks.registry import all_checks
from mtqa.checks.testing import make_context
from mtqa.fix.quotes import fix_text
from mtqa.model import Severity

QUOTES = [c for c in all_checks().values() if c.family == "quotes"]


def findings(mt: str, **kw):
    ctx = make_context(mt, **kw)
    return sorted((f for c in QUOTES for f in c.run(ctx)), key=lambda f: (f.start, f.code))


def summary(mt: str, **kw) -> list[tuple[str, str, str | None]]:
    """(code, flagged text, suggestion) per finding."""
    return [(f.code, mt[f.start : f.end], f.suggestion) for f in findings(mt, **kw)]


# --- TeX / typewriter quotes ---------------------------------------------------------------

TEX = "The mayor called it ``a record'' year."


def test_tex_double_quotes_are_one_pair_reported_once_as_house_style():
    (f,) = findings(TEX)
    assert (f.code, TEX[f.start : f.end], f.suggestion) == ("QT05", "``a record''", "“a record”")
    assert f.severity is Severity.MINOR
    assert "``…''" in f.message and "“…”" in f.message


def test_tex_marks_are_read_as_one_double_pair():
    q = read_quotes(TEX)
    (p,) = q.pairs
    assert (p.open.chars, p.close.chars) == ("``", "''")
    assert (p.open.level, p.close.level, p.open.role, p.close.role) == (DOUBLE, DOUBLE, OPEN, CLOSE)
    assert q.unclosed == q.unopened == ()


@pytest.mark.parametrize("options, suggestion", [
    ({"style": "straight"}, '"a record"'),
    ({"style": "any"}, "“a record”"),
    ({"style": "‘’“”"}, "‘a record’"),
])
def test_tex_quotes_are_never_a_house_style(options, suggestion):
    assert summary(TEX, options=options) == [("QT05", "``a record''", suggestion)]


def test_tex_quotes_nested_and_beside_other_problems():
    text = "“He called it ``a record'' year,” she said."
    assert summary(text) == [("QT05", "``a record''", "‘a record’")]
    text = "He called it ``a record''."
    assert summary(text) == [("QT05", "``a record''", "“a record”"), ("QT10", "''.", ".”")]
    text = "He called it `` a record '' on Monday."
    assert summary(text) == [("QT05", "`` a record ''", "“a record”")]


def test_tex_quotes_after_a_bracket_are_not_markdown_code():
    text = "He called it ``a record'' (``the best'') year."
    assert [f.code for f in findings(text)] == ["QT05", "QT05"]


def test_a_backtick_is_no_house_style_mark():
    assert "quotes.style" in style_error({"style": "``''"})


def test_two_apostrophes_on_both_sides_are_a_double_pair():
    assert summary("He said ''a record'' year.") == [("QT05", "''a record''", "“a record”")]


def test_a_lone_tex_opener_is_unbalanced_once():
    text = "The mayor called it ``a record year."
    (f,) = findings(text)
    assert (f.code, text[f.start : f.end], f.severity) == ("QT01", "``", Severity.MAJOR)
    assert "stand-in for “" in f.message


def test_a_lone_double_apostrophe_is_unbalanced_once_and_doubtful():
    text = "It was a record'' year."
    (f,) = findings(text)
    assert (f.code, text[f.start : f.end], f.severity) == ("QT01", "''", Severity.MINOR)
    assert f.confidence < 1 and "doubled apostrophe" in f.message
    assert [f.code for f in findings("It's the workers'' union.")] == ["QT01"]


def test_a_tex_quotation_running_across_paragraphs():
    article = ("``The front is holding.", "``We will win,'' he said.")
    assert summary(article[0], article_mt=article, index=0) == [("QT05", "``", "“")]
    assert summary(article[1], article_mt=article, index=1) == [
        ("QT05", "``We will win,''", "“We will win,”")]


def test_single_backtick_pairs_with_a_straight_apostrophe():
    text = "He called it `a record' year."
    assert summary(text) == [("QT05", "`a record'", "‘a record’")]
    (p,) = read_quotes(text).pairs
    assert (p.open.level, p.close.level) == (SINGLE, SINGLE)
    assert summary(text, options={"style": "straight"}) == [("QT05", "`a record'", "'a record'")]


def test_texinfo_options_each_pair_up():
    # the ' after a one-letter -s is no plural possessive (‘the soldiers’ pay’)
    text = "Use the `-c', `-s', or `-E' option."
    assert summary(text, options={"punctuation": "any"}) == [
        ("QT05", "`-c'", "‘-c’"), ("QT05", "`-s'", "‘-s’"), ("QT05", "`-E'", "‘-E’")]


@pytest.mark.parametrize("text", [
    "Run `mtqa score` on the folder.",  # Markdown inline code
    "Run ``mtqa score`` on the folder.",
    "Kyiv`s mayor and the ministry`s staff met.",  # backtick typed as an apostrophe
    "Prices last rose like this in the `90s.",
    "A stray ` backtick and a `lone one.",
    "```",
])
def test_backticks_that_are_not_quotes_are_left_alone(text):
    assert findings(text) == []
    assert read_quotes(text).pairs == ()


def test_fix_converts_tex_quotes():
    assert fix_text(TEX + "\n").text == "The mayor called it “a record” year.\n"


# --- nested straight double quotes ---------------------------------------------------------

NESTED = 'He said "the so-called "reform" failed" on Monday.'


def test_nested_straight_quotes_are_one_nesting_finding():
    (f,) = findings(NESTED)
    assert f.code == "QT09"
    assert NESTED[f.start : f.end] == '"the so-called "reform" failed"'
    assert f.suggestion == "“the so-called ‘reform’ failed”"
    assert "‘…’" in f.message


def test_fix_lists_nested_straight_quotes_instead_of_guessing():
    result = fix_text(NESTED + "\n")
    assert result.text == NESTED + "\n" and result.changes == ()
    assert [a.code for a in result.ambiguous] == ["QT09"]


def test_nested_straight_quotes_are_read_as_nested_pairs():
    q = read_quotes(NESTED)
    assert q.unclosed == q.unopened == ()
    assert sorted(p.depth for p in q.pairs) == [0, 1]


def test_nested_straight_quotes_under_straight_style_only_touch_the_inner_pair():
    assert summary(NESTED, options={"style": "straight"}) == [("QT09", '"reform"', "'reform'")]


def test_nested_straight_quotes_with_several_inner_quotations():
    text = 'She said "the "reform" and the "budget" failed" again.'
    assert summary(text) == [
        ("QT09", '"the "reform" and the "budget" failed"', "“the ‘reform’ and the ‘budget’ failed”")]


def test_nested_straight_quotes_at_the_start_of_a_sentence():
    text = '"He called it "a victory" on Monday," she said.'
    assert summary(text) == [("QT09", text[:37], "“He called it ‘a victory’ on Monday,”")]


def test_nested_straight_quotes_in_a_curly_article_are_one_finding():
    article = ("“We are ready,” Biden said.", NESTED)
    assert [f.code for f in findings(NESTED, article_mt=article, index=1)] == ["QT09"]


@pytest.mark.parametrize("text", [
    'He said "the so-called "reform"failed" on Monday.',  # a closer glued to a word
    'He said "the so-called " reform" failed" on Monday.',  # an opener before a space
])
def test_ambiguous_straight_runs_are_not_read_as_nesting(text):
    assert "QT09" not in [f.code for f in findings(text)]


def test_open_open_close_without_the_last_closer_stays_unbalanced():
    text = 'He said "the so-called "reform" failed on Monday.'
    assert [f.code for f in findings(text)] == ["QT01", "QT05"]


# --- things that are not quotes at all -------------------------------------------------------

def test_straight_quotes_around_apostrophes_are_only_house_style():
    text = 'He said "the workers\' union won" in the \'90s.'
    assert summary(text) == [("QT05", '"the workers\' union won"', "“the workers' union won”")]


def test_odd_text_with_backticks_never_raises():
    rng = random.Random(7)
    alphabet = list("ab s'\"“”‘’`.,-5 ") + ["``", "''", "'90s", "5' 11''", " \"x ", "x\" "]
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        for issue in paragraph_issues(text, options={"style": rng.choice(["curly", "straight", "any"])}):
            assert 0 <= issue.start <= issue.end <= len(text)
            issue.suggestion(text)
