"""The whole pipeline through ``mtqa.score``: record contracts for folders and tables, metrics
equal to sacrebleu's own, reference-free checks on MT-only input, and the embedding cache."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from sacrebleu import corpus_chrf, sentence_chrf

import mtqa
from mtqa.segment import split_paragraphs, split_sentences

SAMPLE = Path(__file__).parents[1] / "corpora" / "sample"


def codes(findings) -> list[str]:
    return [f["code"] if isinstance(f, dict) else f.code for f in findings]


# ---- folder input -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    return mtqa.score(SAMPLE, cache_dir=str(tmp_path_factory.mktemp("cache")))


@pytest.mark.models
def test_folder_records_one_per_mt_sentence_covering_every_paragraph(sample_report):
    records = sample_report.to_records()
    expected = []
    for path in sorted(SAMPLE.glob("*.mt.en.txt")):
        article = path.name.split(".")[0]
        for p, para in enumerate(split_paragraphs(path.read_text(encoding="utf-8"))):
            for s, span in enumerate(split_sentences(para, "en")):
                expected.append((article, p, s, span.text))
    got = [(r["article"], r["paragraph"], r["sentence"], r["text"]) for r in records]
    assert sorted(got) == sorted(expected)
    assert len(records) == len(expected)
    # every MT paragraph of every article appears
    paragraphs = {(a, p) for a, p, _, _ in expected}
    assert {(r["article"], r["paragraph"]) for r in records} == paragraphs
    assert sample_report.errors == []


@pytest.mark.models
def test_folder_records_carry_scores_and_findings_inside_their_sentence(sample_report):
    records = sample_report.to_records()
    assert all(0 <= r["score"] <= 100 for r in records)
    for r in records:
        for f in r["findings"]:
            assert 0 <= f["start"] <= f["end"] <= len(r["text"])
            assert set(f) >= {"code", "family", "mqm", "severity", "start", "end", "message", "suggestion"}
    # the planted "1,520" (reference 1,250) is found in the sentence that holds it
    (hit,) = [(r, f) for r in records for f in r["findings"]
              if r["article"] == "kharkiv-energy" and f["code"] == "NM01"]
    rec, f = hit
    assert rec["text"][f["start"]:f["end"]] == "1,520"
    assert f["suggestion"] == "1,250"
    with_ref = [r for r in records if r["article"] == "kharkiv-energy"]
    assert all("chrf" in r and "similarity" in r for r in with_ref)


@pytest.mark.models
def test_mt_only_article_in_a_mixed_folder_gets_reference_free_findings(sample_report):
    odesa = {a.article.id: a for a in sample_report.articles}["odesa-port"]
    assert set(odesa.article.langs) == {"mt"}
    found = codes(odesa.findings)
    assert "ID01" in found
    assert odesa.metrics.chrf is None and odesa.metrics.similarity is None


def test_mt_only_folder_gets_calque_and_cyrillic_findings(tmp_path):
    text = "Recall that the bridge was damaged in May.\n\nRepairs in Балаклії will take a week.\n"
    (tmp_path / "solo.mt.en.txt").write_text(text, encoding="utf-8")
    report = mtqa.score(tmp_path, cache_dir=str(tmp_path / "cache"))
    assert report.embedded == 0  # nothing to compare with: no model is needed
    records = report.to_records()
    assert [(r["paragraph"], r["sentence"]) for r in records] == [(0, 0), (1, 0)]
    by_para = {r["paragraph"]: r for r in records}
    calque = [f for f in by_para[0]["findings"] if f["code"] == "ID01"]
    assert [by_para[0]["text"][f["start"]:f["end"]] for f in calque] == ["Recall that"]
    cyr = [f for f in by_para[1]["findings"] if f["code"] == "UT01"]
    assert [by_para[1]["text"][f["start"]:f["end"]] for f in cyr] == ["Балаклії"]
    assert cyr[0]["suggestion"] == "Balakliia"  # the nominative (Балаклія), romanised
    assert by_para[1]["score"] < 100
    assert "chrf" not in by_para[0]


# ---- table input ---------------------------------------------------------------------------

ROWS = [
    {"seg": 1, "doc_id": "a", "mt": "Crews restored power to 1,520 homes.",
     "ref": "Crews restored power to 1,250 homes.", "annotator": "x", "weight": 0.5},
    {"seg": 2, "doc_id": "b", "mt": "The council decided to close the school.",
     "ref": "The council decided to shut the school.", "annotator": "y", "weight": 1.5},
    {"seg": 3, "doc_id": "a", "mt": "Repairs will take a week.",
     "ref": "The repairs will take one week.", "annotator": "z", "weight": 2.0},
]


@pytest.fixture(scope="module")
def table_cache(tmp_path_factory):
    return str(tmp_path_factory.mktemp("table-cache"))


@pytest.mark.models
def test_dataframe_one_record_per_row_in_order_with_columns_carried(table_cache):
    df = pd.DataFrame(ROWS)
    report = mtqa.score(df, cache_dir=table_cache)
    records = report.to_records()
    assert len(records) == len(ROWS)
    for row, rec in zip(df.to_dict(orient="records"), records):  # input order, though docs interleave
        for key, value in row.items():
            assert rec[key] == value
    assert [r["article"] for r in records] == ["a", "b", "a"]
    assert "NM01" in codes(records[0]["findings"])
    assert all(0 <= r["score"] <= 100 and "chrf" in r for r in records)
    frame = report.to_dataframe()
    assert list(frame["seg"]) == [1, 2, 3]


@pytest.mark.models
def test_jsonl_malformed_row_yields_an_error_record(tmp_path, table_cache):
    lines = [json.dumps(ROWS[0]), '{"seg": 99, "mt": "broken', json.dumps(ROWS[1]), "", json.dumps(ROWS[2])]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = mtqa.score(path, cache_dir=table_cache)
    records = report.to_records()
    assert len(records) == 4  # three rows and the malformed one, blank line skipped
    assert [r.get("seg") for r in records] == [1, None, 2, 3]
    bad = records[1]
    assert bad["line"] == 2 and "not valid JSON" in bad["error"] and bad["findings"] == []
    for row, rec in zip(ROWS, [records[0], records[2], records[3]]):
        assert {k: rec[k] for k in row} == row
        assert "error" not in rec
    assert [str(e) for e in report.errors] == [f"{path}:2: {report.errors[0].message}"]


@pytest.mark.models
def test_row_metrics_equal_sacrebleu(table_cache):
    report = mtqa.score(pd.DataFrame(ROWS), cache_dir=table_cache)
    for row, rec in zip(ROWS, report.to_records()):
        expected = sentence_chrf(row["mt"], [row["ref"]], word_order=2).score
        assert rec["chrf"] == pytest.approx(expected, abs=0.006)
    article = {a.article.id: a for a in report.articles}["a"]
    rows_a = [r for r in ROWS if r["doc_id"] == "a"]
    expected = corpus_chrf([r["mt"] for r in rows_a], [[r["ref"] for r in rows_a]], word_order=2).score
    assert article.metrics.chrf == pytest.approx(expected, abs=0.006)
    assert "nc:6|nw:2" in report.signatures["chrf"]


@pytest.mark.models
def test_row_chrf_counts_reference_text_the_mt_omits(table_cache):
    row = {"mt": "The dam was repaired in May.",
           "ref": "The dam was repaired in May. Farmers got water again in the same week."}
    rec = mtqa.score(pd.DataFrame([row]), cache_dir=table_cache).to_records()[0]
    assert rec["chrf"] == pytest.approx(sentence_chrf(row["mt"], [row["ref"]], word_order=2).score, abs=0.006)


# ---- cache ------------------------------------------------------------------------------------

@pytest.mark.models
def test_second_run_with_the_same_cache_embeds_nothing(tmp_path):
    df = pd.DataFrame([
        {"mt": "The bridge over the Dnipro reopened on Sunday.", "ref": "The Dnipro bridge reopened on Sunday."},
        {"mt": "Trams run again since morning.", "ref": "Trams have been running again since the morning."},
    ])
    cache = tmp_path / "cache"
    first = mtqa.score(df, cache_dir=str(cache))
    assert first.embedded > 0
    assert (cache / "cache.sqlite3").exists()
    second = mtqa.score(df, cache_dir=str(cache))
    assert second.embedded == 0
    assert second.to_records() == first.to_records()

    no_cache = tmp_path / "unused"
    uncached = mtqa.score(df, cache_dir=str(no_cache), use_cache=False)
    assert uncached.embedded == first.embedded
    assert not no_cache.exists()
