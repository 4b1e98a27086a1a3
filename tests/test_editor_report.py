"""Issue 15, items 1-4: the record contract keeps every input column, a paragraph column that
cannot be right is reported and ignored, the text report numbers paragraphs as the user does
and shows sentence text, and a consistent house-style difference is one line per article."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

import mtqa
from mtqa.cli.main import cli
from mtqa.report.formats import to_csv
from mtqa.report.html import render_html
from mtqa.report.text import clip, render

CLEAN = [
    "The government approved the budget on Tuesday.",
    "Officials said the money would go to schools.",
    "The opposition voted against the plan.",
    "Teachers welcomed the decision.",
    "The budget takes effect next month.",
    "Parliament will review it in the autumn.",
    "The minister thanked the committee.",
    "Several amendments were rejected.",
    "The vote was close.",
    "Markets did not react.",
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return str(tmp_path_factory.mktemp("cache"))


# ---- 1. the record contract ----------------------------------------------------------------

def test_input_columns_sharing_mtqa_field_names_are_kept_under_their_own_names(cache):
    df = pd.DataFrame({"mt": CLEAN[:2], "ref": CLEAN[:2], "paragraph": ["p-7", "p-8"],
                       "score": [88, 91], "article": ["a", "a"], "doc_id": ["d", "d"]})
    report = mtqa.score(df, cache_dir=cache)
    recs = report.to_records()
    assert [r["paragraph"] for r in recs] == ["p-7", "p-8"]
    assert [r["score"] for r in recs] == [88, 91]
    assert [r["article"] for r in recs] == ["a", "a"]
    assert all(isinstance(r["mtqa_score"], float) for r in recs)
    assert [r["mtqa_article"] for r in recs] == ["d", "d"]
    assert [r["mtqa_paragraph"] for r in recs] == [0, 1]
    assert "findings" in recs[0] and "mtqa_findings" not in recs[0]
    header = to_csv(report).splitlines()[0].split(",")
    assert {"paragraph", "score", "article", "mtqa_score", "mtqa_paragraph", "n_findings"} <= set(header)


def test_a_column_named_findings_moves_the_findings_and_csv_follows(cache):
    df = pd.DataFrame({"mt": ["He said the the plan works."], "findings": ["editor note"]})
    report = mtqa.score(df, cache_dir=cache)
    (rec,) = report.to_records()
    assert rec["findings"] == "editor note"
    assert "GB01" in [f["code"] for f in rec["mtqa_findings"]]
    row = to_csv(report).splitlines()
    assert row[0].split(",")[-1] == "mtqa_findings" and "n_findings" in row[0] and "editor note" in row[1]


# ---- 2. a paragraph column that cannot be right ---------------------------------------------

def _wmt_like(n: int, para: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["d1"] * n, "para_idx": para, "hypothesis": CLEAN[:n], "reference": CLEAN[:n]})


def test_constant_paragraph_column_is_reported_and_ignored(cache):
    report = mtqa.score(_wmt_like(10, ["0"] * 10), cache_dir=cache)
    (article,) = report.articles
    assert len(article.paragraphs) == 10
    assert len(report.notes) == 1 and "para_idx" in report.notes[0].message
    assert not report.errors
    assert "note:" in render(report)
    assert [r["para_idx"] for r in report.to_records()] == ["0"] * 10  # still carried unchanged


def test_paragraph_column_that_marks_paragraphs_is_used(cache):
    report = mtqa.score(_wmt_like(10, ["0"] * 5 + ["1"] * 5), cache_dir=cache)
    assert len(report.articles[0].paragraphs) == 2 and not report.notes


def test_cli_prints_the_note_and_exits_zero(tmp_path, cache):
    path = tmp_path / "wmt.tsv"
    _wmt_like(10, ["0"] * 10).to_csv(path, sep="\t", index=False)
    result = CliRunner().invoke(cli, ["score", str(path), "--cache-dir", cache, "-q"])
    assert result.exit_code == 0, result.output
    assert "mtqa: note:" in result.stderr and "para_idx" in result.stderr


# ---- 3. the text report ------------------------------------------------------------------------

def test_worst_paragraphs_without_findings_show_their_sentences_numbered_1_based(cache):
    df = pd.DataFrame({"doc_id": ["d"] * 3, "mt": CLEAN[:3],
                       "ref": ["The cabinet rejected the budget.", *CLEAN[1:3]]})
    text = render(mtqa.score(df, cache_dir=cache))
    assert "¶0 " not in text and "¶1 score" in text
    assert "sentence 1 score" in text and "The government approved the budget" in text


def test_paragraph_numbers_are_the_inputs_own_values(cache):
    df = pd.DataFrame({"doc_id": ["d"] * 4, "para": ["12", "12", "13", "13"], "mt": CLEAN[:4]})
    text = render(mtqa.score(df, cache_dir=cache))
    assert "¶12 score" in text or "¶13 score" in text
    assert "¶0 " not in text and "¶1 score" not in text


# ---- 4. quote noise ----------------------------------------------------------------------------

STRAIGHT = ['"We will rebuild every school," the minister said.',
            'She called the plan "a first step".',
            'The mayor said: "The city is ready."',
            "Officials did not comment."]


def test_consistent_straight_quotes_are_one_line_per_article_json_keeps_every_span(cache):
    report = mtqa.score(pd.DataFrame({"doc_id": ["d"] * 4, "mt": STRAIGHT}), cache_dir=cache)
    spans = [f for r in report.to_records() for f in r["findings"] if f["code"] == "QT05"]
    assert len(spans) == 3
    text = render(report)
    qt05 = [line for line in text.splitlines() if "QT05" in line]
    assert len(qt05) == 1
    assert "3 quotations" in qt05[0] and "mtqa fix" in qt05[0]
    assert "QT05/QT10" in qt05[0] and "1 closing quote" in qt05[0]  # one line for every house-style code
    html = render_html(report)
    assert html.count('class="style-group ') == 1
    assert 'data-code="QT05" data-text' not in html  # no per-mark finding items
    assert len([f for f in json.loads(json.dumps(report.to_dict()))["articles"][0]["paragraphs"]
                for f in f["findings"] if f["code"] == "QT05"]) == 3


def test_a_single_style_finding_is_shown_as_itself(cache):
    one = 'She called the plan "a first step" on Monday.'
    report = mtqa.score(pd.DataFrame({"doc_id": ["d"] * 2, "mt": [one, STRAIGHT[3]]}), cache_dir=cache)
    text = render(report)
    assert "House style throughout" not in text
    assert any("QT05" in line and "use" in line for line in text.splitlines())


def test_long_spans_and_suggestions_are_clipped_not_echoed():
    quote = "“Companies have to decide for themselves which side they are on in this war,”"
    assert len(clip(quote)) <= 41 and clip(quote).startswith("“Companies") and clip(quote).endswith("on in this war,”")
    assert clip("short") == "short"


def test_quoted_sentence_is_not_echoed_twice_in_the_text_report(cache):
    long_q = ('"Companies have to decide for themselves: either they stand with Ukraine or with '
              'the "right" to seize land," he wrote.')
    text = render(mtqa.score(pd.DataFrame({"mt": [long_q]}), cache_dir=cache))
    assert text.count("either they stand with Ukraine") <= 1


def test_a_calque_repeated_in_an_article_is_one_line_json_keeps_each(cache):
    rows = ["On the territory of the region, shelling continued.", "Officials did not comment.",
            "Schools reopened on the territory of the city.", "On the territory of the district, power is back."]
    report = mtqa.score(pd.DataFrame({"doc_id": ["d"] * 4, "mt": rows}), cache_dir=cache)
    spans = [f for r in report.to_records() for f in r["findings"] if f["code"] == "ID01"]
    assert len(spans) == 3
    lines = [line for line in render(report).splitlines() if "ID01" in line]
    assert len(lines) == 1 and "3 times in this article" in lines[0] and "→ in" in lines[0]
    assert render_html(report).count('class="style-group ') == 1
