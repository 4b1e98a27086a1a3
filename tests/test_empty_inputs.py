"""Empty cells in table input: an empty MT where the source or reference has text is an empty
translation (UT03, critical, the row capped at 20); an empty reference, source or
back-translation is no such text at all (the row is scored without it and left out of the
reference metrics of its article and run)."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from sacrebleu import corpus_bleu, corpus_chrf, corpus_ter

import mtqa
from mtqa.align.stage import mt_paragraphs, text_of
from mtqa.model import Article, Paragraph, Part
from mtqa.scoring.combine import CRITICAL_CAP
from mtqa.scoring.features import extract

SRC = ["Порт відкрився в понеділок.", "Ремонт триватиме тиждень.", "Мер відвідав завод."]
REF = ["The port opened on Monday.", "Repairs will take a week.", "The mayor visited the plant."]
MT = ["The port was opened on Monday.", "Repairs will last a week.", "The mayor visited the factory."]


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("empty-cache"))


def frame(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    return pd.DataFrame({"doc_id": ["d"] * n, **columns})


def records(source, cache: str) -> list[dict]:
    return mtqa.score(source, cache_dir=cache).to_records()


def only(findings: list[dict], code: str) -> dict:
    (found,) = [f for f in findings if f["code"] == code]
    return found


# ---- the pipeline's reading of a cell ---------------------------------------------------------

@pytest.mark.parametrize("value", [None, float("nan"), pd.NA])
def test_missing_cell_reads_as_empty_text(value):
    assert text_of(value) == ""
    assert text_of("  ") == "  " and text_of(12) == "12"


def test_mt_paragraphs_turn_missing_texts_into_empty_strings():
    texts = {"mt": None, "src": float("nan"), "ref": "The port opened on Monday."}
    langs = {"mt": "en", "src": "uk", "ref": "en"}
    para = Paragraph(0, texts, (Part(0, texts, line=1, extra={"mt": None}),), langs)
    article = Article("a", "<DataFrame>", para.langs, {}, (para,), kind="table")
    (got,) = mt_paragraphs(article)
    assert got.texts == got.parts[0].texts == {"mt": "", "src": "", "ref": "The port opened on Monday."}
    assert got.parts[0].extra == {"mt": None}  # the table's own values are carried unchanged


@pytest.mark.parametrize("blank", ["", "   ", None, float("nan")])
def test_blank_reference_source_or_backtranslation_gives_no_signals_of_it(blank):
    feats = extract("Repairs will take a week.", ref=blank, src=blank, bt=blank)
    assert not {"chrf", "ref_len_gap", "omission", "src_similarity", "src_len_gap", "copy_src", "bt_chrf"} & set(feats)
    assert "log_words" in feats
    # a back-translation is read against a source: none without one that has text
    assert "bt_chrf" not in extract("x", src="  ", bt="Ремонт триватиме тиждень.")


# ---- UT03: an empty translation ----------------------------------------------------------------

@pytest.mark.models
def test_empty_mt_next_to_a_source_in_a_tsv_file_is_flagged_and_capped(tmp_path, cache):
    path = tmp_path / "e.tsv"
    path.write_text(f"doc_id\tmt\tsrc\nd\t\t{SRC[0]}\nd\t{MT[1]}\t{SRC[1]}\n", encoding="utf-8")
    first, second = records(path, cache)
    assert first["mt"] == "" and first["src"] == SRC[0]  # the row is still there
    f = only(first["findings"], "UT03")
    assert f["severity"] == "critical" and f["family"] == "untranslated"
    assert f["start"] == f["end"] == 0
    assert "empty" in f["message"] and SRC[0] in f["message"]
    assert f["suggestion"] is None  # no reference to offer
    assert first["score"] <= CRITICAL_CAP
    assert "UT03" not in [g["code"] for g in second["findings"]] and second["score"] > CRITICAL_CAP


@pytest.mark.models
@pytest.mark.parametrize("empty", ["", "   ", None, float("nan")])
@pytest.mark.parametrize("mode", ["reference", "source", "reference+source"])
def test_empty_mt_in_a_dataframe_is_flagged_and_capped_in_every_mode(empty, mode, cache):
    cols = {"mt": [empty, MT[1]]}
    if "reference" in mode:
        cols["ref"] = REF[:2]
    if "source" in mode:
        cols["src"] = SRC[:2]
    recs = records(frame(**cols), cache)
    assert len(recs) == 2
    f = only(recs[0]["findings"], "UT03")
    assert f["severity"] == "critical" and f["start"] == f["end"] == 0
    assert recs[0]["score"] <= CRITICAL_CAP
    if "reference" in mode:
        assert f["suggestion"] == REF[0] and REF[0] in f["message"]
        assert recs[0]["chrf"] == 0.0  # it has a reference, and nothing of it
    else:
        assert f["suggestion"] is None
    assert not [g for g in recs[1]["findings"] if g["code"] == "UT03"]


@pytest.mark.models
def test_empty_mt_in_a_paragraph_of_several_rows_caps_only_its_row(cache):
    df = frame(paragraph=[0, 0, 0], mt=[MT[0], "", MT[2]], ref=REF)
    recs = records(df, cache)
    assert [r["mt"] for r in recs] == [MT[0], "", MT[2]]
    assert [[f["code"] for f in r["findings"] if f["code"] == "UT03"] for r in recs] == [[], ["UT03"], []]
    assert only(recs[1]["findings"], "UT03")["suggestion"] == REF[1]
    assert recs[1]["score"] <= CRITICAL_CAP
    assert recs[0]["score"] > CRITICAL_CAP and recs[2]["score"] > CRITICAL_CAP


@pytest.mark.models
def test_null_and_missing_mt_in_jsonl_are_flagged(tmp_path, cache):
    path = tmp_path / "rows.jsonl"
    path.write_text(f'{{"doc_id": "x", "mt": null, "ref": "{REF[0]}"}}\n{{"doc_id": "x", "ref": "{REF[1]}"}}\n',
                    encoding="utf-8")
    recs = records(path, cache)
    assert len(recs) == 2
    assert [only(r["findings"], "UT03")["suggestion"] for r in recs] == REF[:2]
    assert all(r["score"] <= CRITICAL_CAP for r in recs)


@pytest.mark.models
def test_empty_mt_with_nothing_to_translate_is_not_an_empty_translation(cache):
    recs = records(frame(mt=["", MT[1]], src=["", SRC[1]]), cache)
    assert len(recs) == 2
    assert "UT03" not in [f["code"] for f in recs[0]["findings"]]


# ---- an empty reference, source or back-translation --------------------------------------------

@pytest.mark.models
@pytest.mark.parametrize("empty", ["", "   ", None])
def test_empty_reference_row_is_scored_from_its_source_and_left_out_of_reference_metrics(empty, cache):
    with_ter = mtqa.load_config().with_table("score", metrics=["chrf", "bleu", "ter"])  # TER is off by default
    report = mtqa.score(frame(mt=MT, ref=[REF[0], REF[1], empty], src=SRC), cache_dir=cache, config=with_ter)
    recs = report.to_records()
    no_ref = recs[2]
    assert not {"chrf", "bleu", "ter", "similarity"} & set(no_ref)
    assert "src_similarity" in no_ref
    # scored exactly as the same row of a table without references
    without = records(frame(mt=MT, src=SRC), cache)
    assert no_ref["score"] == without[2]["score"]
    # article and run chrF++/BLEU/TER: over the rows that have a reference, only
    hyps, refs = MT[:2], [REF[:2]]
    want = {"chrf": corpus_chrf(hyps, refs, word_order=2).score, "bleu": corpus_bleu(hyps, refs).score,
            "ter": corpus_ter(hyps, refs).score}
    (article,) = report.articles
    run = report.corpus_metrics()
    for name, value in want.items():
        assert getattr(article.metrics, name) == pytest.approx(value, abs=0.01), name
        assert run[name] == pytest.approx(value, abs=0.01), name


@pytest.mark.models
def test_empty_reference_row_without_a_source_is_scored_from_the_mt_alone(cache):
    recs = records(frame(mt=MT[:2], ref=[REF[0], ""]), cache)
    assert "chrf" not in recs[1] and "chrf" in recs[0]
    assert recs[1]["score"] == records(frame(mt=MT[:2]), cache)[1]["score"]


@pytest.mark.models
def test_empty_reference_row_is_checked_against_its_source(cache):
    added = "A famous singer bought three yachts in Monaco last winter."
    recs = records(frame(mt=[f"{MT[2]} {added}", MT[1]], ref=["", REF[1]], src=[SRC[2], SRC[1]]), cache)
    f = only(recs[0]["findings"], "AL02")
    assert "source" in f["message"] and recs[0]["mt"][f["start"]:f["end"]] == added


@pytest.mark.models
def test_empty_source_and_backtranslation_give_no_similarity(cache):
    recs = records(frame(mt=MT[:2], src=[SRC[0], "  "], bt=[SRC[0], ""]), cache)
    assert "src_similarity" in recs[0] and "bt_chrf" in recs[0]
    assert not {"src_similarity", "bt_chrf", "bt_similarity"} & set(recs[1])
    # scored from the MT alone, as the same row with no source and back-translation cells
    same = records(frame(mt=MT[:2], src=[SRC[0], None]), cache)
    assert recs[1]["score"] == same[1]["score"] and not math.isnan(recs[1]["score"])
