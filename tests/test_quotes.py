"""The quotes family: every code's pass and fail cases, apostrophes and primes never flagged,
the multi-paragraph convention, messages and suggestions an editor can use."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from mtqa.checks.quotes.issues import paragraph_issues
from mtqa.checks.quotes.marks import APOS, PRIME, read_quotes
from mtqa.checks.registry import all_checks
from mtqa.checks.testing import example_context, make_context
from mtqa.model import Severity

QUOTES = {code: c for code, c in all_checks().items() if c.family == "quotes"}
CODES = [f"QT{n:02d}" for n in range(1, 14)]
CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "sample"


def findings(mt: str, **kw):
    ctx = make_context(mt, **kw)
    return [f for c in QUOTES.values() for f in c.run(ctx)]


def codes(mt: str, **kw) -> list[str]:
    return sorted(f.code for f in findings(mt, **kw))


def test_every_code_is_registered_with_docs_and_cases():
    assert sorted(QUOTES) == CODES
    for check in QUOTES.values():
        for heading in ("What it does", "Why it matters", "Example", "Use instead", "Options"):
            assert heading in check.doc, (check.code, heading)
        assert check.fail and check.passes, check.code


@pytest.mark.parametrize("code", CODES)
def test_fail_examples_flag_and_pass_examples_do_not(code):
    check = QUOTES[code]
    for example in check.fail:
        found = check.run(example_context(check, example))
        assert found, (code, example)
        assert all(f.message for f in found)
    for example in check.passes:
        assert check.run(example_context(check, example)) == [], (code, example)


APOSTROPHES = [
    "Kyiv's mayor said the bridge would reopen.",
    "The ministry’s statement came on Monday.",
    "The soldiers’ families gathered in the square.",
    "Prices last rose like this in the ’90s.",
    "He played rock ’n’ roll at the festival.",
    "“We don’t give up,” she said.",
    "“The soldiers’ families and Kyiv's mayor met in the ’90s,” he said.",
    "“They said ‘the soldiers’ pay is late’ again,” she added.",
    "Officials in the ’90s didn’t think rock ’n’ roll mattered.",
    # typewriter apostrophes and primes (feet, inches) are not quotes either
    "Prices last rose like this in the '90s.",
    "He played rock 'n' roll at the festival.",
    "The workers' union and the soldiers' families met.",
    "The suspect is 5' 11\" tall.",
    "The suspect is 5' 11'' tall.",
    "A 55'' screen hung on the wall.",
    "“The workers' union met in the '90s,” he said.",
    "“He is 5' 11'' tall,” the police said.",
]


@pytest.mark.parametrize("text", APOSTROPHES)
@pytest.mark.parametrize("style", ["curly", "any"])
def test_apostrophes_are_never_quote_errors(text, style):
    assert codes(text, options={"style": style}) == []


@pytest.mark.parametrize("text", [
    "The suspect is 5' 11\" tall.", "He is 6'2\" and she is 5' 4\".", "A 55\" screen hung on the wall.",
    "“He is 5' 11\" tall,” the police said.",
])
def test_feet_and_inches_are_never_quote_errors(text):
    assert codes(text) == []
    marks = read_quotes(text).marks
    assert {m.role for m in marks if m.char in "'\""} <= {PRIME, APOS}


@pytest.mark.parametrize("text", [
    "“We will not give up,” Zelensky said. “The front is holding.”",
    "“He called it ‘a real victory,’” the spokesman said.",
    "The ministry called the deal “a step forward” and promised more talks.",
    "Peskov said the “special military operation” would continue.",
    "“What now?” she asked.",
    "He asked whether “the plan” was ready.",
])
def test_correct_curly_news_text_has_no_quote_finding(text):
    assert codes(text) == []


def test_consistently_straight_text_is_clean_under_straight_style():
    text = "\"We will not give up,\" he said. \"The front is holding.\""
    assert codes(text, options={"style": "straight"}) == []
    assert codes(text, options={"style": "any"}) == []
    assert set(codes(text)) == {"QT05"}


def test_mismatched_pair_message_and_suggestion():
    (f,) = [f for f in findings("“We are ready to talk», the minister said.") if f.code == "QT02"]
    assert f.message == "Closing » does not match the opening “; use ” instead"
    assert f.suggestion == "”" and f.severity is Severity.MAJOR


def test_source_language_quotes_are_major_and_suggest_english_pair():
    (f,) = findings("The court ordered «Berehbudinvest» to pay.", options={"punctuation": "any"})
    assert (f.code, f.severity, f.suggestion) == ("QT03", Severity.MAJOR, "“Berehbudinvest”")
    assert "Ukrainian" in f.message
    nested = findings("«Farmers work „at zero“ now», he said.", options={"punctuation": "any"})
    assert sorted(f.suggestion for f in nested if f.code == "QT03") == ["‘at zero’", "“Farmers work „at zero“ now”"]


def test_french_spacing_inside_guillemets_is_removed_in_the_suggestion():
    (f,) = [f for f in findings("He called it « a victory » on Monday.") if f.code == "QT03"]
    assert f.suggestion == "“a victory”"


def test_house_style_is_minor():
    (f,) = findings('He called it "a victory" on Monday.')
    assert (f.code, f.severity, f.suggestion) == ("QT05", Severity.MINOR, "“a victory”")


def test_mixed_within_article_reports_minority():
    article = ("“We are ready,” Biden said.", 'Peskov called "peaceful means" the best way.')
    f = findings(article[1], article_mt=article, index=1)
    assert [x.code for x in f] == ["QT06"]
    assert codes(article[0], article_mt=article, index=0) == []


def test_orientation_suggests_the_turned_mark():
    (f,) = findings("”We will win,” he said.")
    assert (f.code, f.suggestion) == ("QT04", "“")


def test_doubled_and_spaced_quotes():
    f = findings('They signed the ""Indo-Pacific Framework"" on Friday.')
    assert [(x.code, x.suggestion) for x in f] == [("QT07", "“"), ("QT07", "”")]
    f = findings("He said “ yes ”and left.")
    assert [(x.code, x.suggestion) for x in f] == [("QT08", "“"), ("QT08", "” ")]


def test_nesting_and_straight_nesting():
    (f,) = findings("“He called it “a victory” on Monday,” she said.")
    assert (f.code, f.suggestion) == ("QT09", "‘a victory’")
    # straight quotes whose every mark plainly opens or closes nest (open, open, close, close)
    straight = {"style": "straight"}
    (f,) = findings('"He called it "a victory" on Monday," she said.', options=straight)
    assert (f.code, f.suggestion) == ("QT09", "'a victory'")
    # without the outer closing mark nothing says they nest: a quote left open
    assert codes('"He called it "a victory" on Monday, she said.', options=straight) == ["QT01"]


@pytest.mark.parametrize("text, suggestion", [
    ("He called it “a victory”.", ".”"),
    ("“What he does is disgusting.”, Biden said.", ",”"),
    ("“Why now?”, he asked.", "?”"),
])
def test_american_punctuation(text, suggestion):
    (f,) = findings(text)
    assert (f.code, f.suggestion) == ("QT10", suggestion)


def test_logical_punctuation_only_moves_fragments():
    logical = {"punctuation": "logical"}
    (f,) = findings("He called it “a temporary measure.”", options=logical)
    assert (f.code, f.suggestion) == ("QT10", "”.")
    assert codes("He said: “We will win.”", options=logical) == []
    assert codes("He called it “a victory”.", options=logical) == []
    assert codes("He called it “a victory”.", options={"punctuation": "any"}) == []


ARTICLE = (
    "“The front is holding. We have what we need.",
    "“The enemy is losing men every day.",
    "“We will not give up,” the commander said.",
)


def test_multi_paragraph_quotation_convention():
    for i, para in enumerate(ARTICLE):
        assert codes(para, article_mt=ARTICLE, index=i) == [], i


def test_multi_paragraph_needs_each_paragraph_reopened():
    broken = (ARTICLE[0], "The enemy is losing men every day,” he said.")
    assert codes(broken[0], article_mt=broken, index=0) == ["QT01"]
    (f,) = findings(broken[1], article_mt=broken, index=1)
    assert f.code == "QT01" and "re-opens with “" in f.message


def test_multi_paragraph_convention_can_be_switched_off():
    assert codes(ARTICLE[0], article_mt=ARTICLE, index=0, options={"multi-paragraph": False}) == ["QT01"]


def test_running_quotation_keeps_house_style():
    article = ('"The front is holding.', '"We will not give up," he said.')
    assert codes(article[0], article_mt=article, index=0) == ["QT05"]


def test_table_rows_may_carry_a_quotation_across_sentences():
    rows = ("“The front is holding.", "We have what we need,” he said.")
    assert [i.code for i in paragraph_issues(rows[0], rows, 0)] == ["QT01"]
    for i, row in enumerate(rows):
        assert paragraph_issues(row, rows, i, segments=True) == ()


def test_quotation_lost_and_invented_against_source():
    src = "Зеленський сказав: «Ми не віддамо нашої землі»."
    assert codes("Zelensky said we will not give up our land.", src=src) == ["QT11"]
    assert codes("Zelensky said: “We will not give up our land.”", src=src) == []
    ref = "Zelensky said Kyiv would not give up its land."
    assert codes("Zelensky said: “We will not give up our land.”", ref=ref) == ["QT12"]
    # a one-word name is no lost or invented quotation; English writes it bare (QT13)
    assert codes("The ministry named “Naftogaz” in the report.", src="Міністерство назвало «Нафтогаз».") == ["QT13"]


def test_lost_quotation_needs_every_present_text_to_quote():
    src = "Зеленський сказав: «Ми не віддамо нашої землі»."
    ref = "Zelensky said Ukraine would not give up its land."
    assert codes("Zelensky said we will not give up our land.", src=src, ref=ref) == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="sample corpus not written yet")
def test_sample_corpus_references_are_clean():
    from mtqa.segment import split_paragraphs

    for path in sorted(CORPUS.glob("*.ref.en.txt")):
        paras = tuple(split_paragraphs(path.read_text(encoding="utf-8")))
        for i, p in enumerate(paras):
            assert paragraph_issues(p, paras, i) == (), (path.name, i)


def test_odd_text_never_raises():
    rng = random.Random(3)
    alphabet = list("ab s'\"“”‘’«»„‚‹›「」.,!?;:-—()5 ") + ["'90s", "5' 11\"", "\u00a0", "n'"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        ctx = make_context(text, src=text, ref=text, options={"style": rng.choice(["curly", "straight", "any"])})
        for check in QUOTES.values():
            for f in check.run(ctx):
                assert 0 <= f.start <= f.end <= len(text)


def test_invalid_options_fall_back_instead_of_raising():
    assert codes('He said "no".', options={"style": "fancy", "punctuation": "?"}) == ["QT05", "QT10"]
