"""The lexicon route of issue 13: rows mined from real MT carry their provenance, the miner
finds what MT writes and English does not, and the real-MT benchmark counts what it says."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from mtqa.benchmarks import idioms_eval
from mtqa.benchmarks.idiom_mining import mine, ngrams, report
from mtqa.benchmarks.idioms_real import LABELS, read_labels, split_of
from mtqa.checks.idioms.lexicon import builtin

ENTRIES = builtin()
MINED = [e for e in ENTRIES if e.source.startswith(("mined from", "issue 13"))]
UKRAINIAN = re.compile(r"[а-яіїєґ]", re.IGNORECASE)


def test_every_lexicon_row_says_where_it_comes_from():
    for e in ENTRIES:
        assert e.source.strip(), f"{e.where}: no source"
        assert re.search(r"mtqa team|mined from|issue \d+", e.source), f"{e.where}: source {e.source!r}"


def test_mined_rows_name_the_data_the_systems_and_the_ukrainian_behind_them():
    assert len(MINED) >= 25
    for e in MINED:
        if e.source.startswith("mined from"):
            assert re.search(r"WMT2[23] uk-en MT dev|WMT21/22 ru-en MT", e.source), e.where
            assert re.search(r"\d+ of 1[015] systems|\d+ systems", e.source), f"{e.where}: no system count"
        assert UKRAINIAN.search(e.source), f"{e.where}: the source names no Ukrainian phrase"
        assert e.why and e.suggestions, e.where


@pytest.mark.parametrize("text, want", [
    ("Read also: talks resume", "Read also"),
    ("This was stated by the mayor on Monday.", "This was stated by"),
    ("Such meetings had place before the war.", "had place"),
    ("The poet went out of life last year.", "went out of life"),
    ("Five were hurt, in that number two children.", "in that number"),
    ("The topic remains actual for the city.", "remains actual"),
    ("Talks went on on the background of discussions about tariffs.", "on the background of"),
    ("Shelling continued on the territory of the region.", "on the territory of"),
    ("We will clench our teeth and wait.", "clench our teeth"),
    ("Pupils do not give themselves advice at first.", "give themselves advice"),
])
def test_issue_examples_and_mined_families_are_flagged_with_their_span(text, want):
    found = idioms_eval.findings(text)
    a = text.index(want)
    assert any(f.start <= a and a + len(want) <= f.end + 1 for f in found), \
        [(f.code, text[f.start:f.end]) for f in found]


@pytest.mark.parametrize("text", [
    "The mayor said on Monday that the bridge would reopen.",
    "He clenched his teeth in pain.",
    "Prices rose against the backdrop of a weak currency.",
    "Hydrogen could become a useful energy carrier.",
    "The actual number of victims is higher.",
    "On the eve of the vote, the council met.",
])
def test_mined_rows_stay_silent_on_fluent_english(text):
    assert idioms_eval.findings(text) == []


def test_ngrams_stop_at_punctuation_numbers_and_names():
    grams = ngrams("This was stated by Olaf Scholz, on the background of 3 talks.")
    assert "this was stated by" in grams
    assert "on the background of" in grams
    assert not any("scholz" in g or "olaf" in g for g in grams)       # names are skipped
    assert not any(g.endswith("of talks") or "3" in g for g in grams)  # numbers break n-grams
    assert "by on" not in grams                                        # punctuation breaks n-grams


def _row(doc, seg, system, hyp, ref, src="Про це заявив мер на тлі дискусій."):
    return {"doc_id": doc, "seg_id": seg, "system": system, "hypothesis": hyp, "reference": ref, "source": src}


def test_miner_ranks_what_many_systems_write_across_documents_and_the_reference_does_not():
    rows = []
    for d in range(4):
        for s in ("A", "B", "C"):
            rows.append(_row(str(d), f"{d}1", s, f"Talks in town {d} went on on the background of discussions.",
                             f"Talks in town {d} went on amid discussions."))
        rows.append(_row(str(d), f"{d}1", "D", f"Talks in town {d} went on amid discussions.",
                         f"Talks in town {d} went on amid discussions."))
    cands = mine(rows, None, min_systems=2, min_docs=2, min_zipf=0.0)
    names = [c.ngram for c in cands]
    assert "on the background of" in names
    assert "went on amid" not in names                 # the reference says it
    top = next(c for c in cands if c.ngram == "on the background of")
    assert (top.systems, top.documents, top.ref_segments) == (3, 4, 0)
    assert "тлі" in top.source_words                   # the source word behind it
    lines = list(report(cands, 5))
    assert lines[0].startswith("score\tsystems\tdocuments") and len(lines) == 6


def test_split_is_by_document_and_stable():
    assert split_of("12_dup") == split_of("12_dup")
    labels = read_labels()
    by_doc: dict[str, set[str]] = {}
    for lab in labels:
        by_doc.setdefault(lab.doc_id, set()).add(lab.split)
    assert all(len(s) == 1 for s in by_doc.values())
    assert {lab.split for lab in labels} == {"tuning", "heldback"}


def test_real_mt_labels_are_keys_and_spans_only():
    labels = read_labels()
    keys = [(lab.key, lab.start) for lab in labels]
    assert len(keys) == len(set(keys))
    for split in ("tuning", "heldback"):
        part = [lab for lab in labels if lab.split == split]
        assert sum(lab.label == "calque" for lab in part) >= 15
        assert sum(lab.label == "clean" for lab in part) >= 150
    for lab in labels:
        assert re.fullmatch(r"[\w.-]+:\d+:[\w-]+", lab.key), lab.line
        assert lab.label == "clean" or 0 <= lab.start < lab.end, lab.line
    text = LABELS.read_text(encoding="utf-8")
    assert max(len(cell) for line in text.splitlines() if not line.startswith("#")
               for cell in line.split("\t")[:3]) < 60  # no sentence text in the project


def test_bad_label_line_names_file_and_line(tmp_path):
    path = tmp_path / "labels.tsv"
    path.write_text("key\tlabel\tspan\tnote\n1:1:A\tclean\t\t\n1:2:A\tcalque\tx-y\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"labels\.tsv:3: span"):
        read_labels(path)


def test_real_mt_benchmark_counts_recall_and_false_alarms(tmp_path):
    head = "doc_id\tseg_id\tsystem\tsource\thypothesis\treference\n"
    rows = [("1", "1", "A", "Read also: prices rise"), ("1", "2", "A", "The bridge reopened on Monday."),
            ("1", "3", "A", "Crews worked on the territory of the port."), ("1", "4", "A", "He sat on my neck.")]
    (tmp_path / "mt_uken_wmt23.dev.tsv").write_text(
        head + "".join(f"{d}\t{s}\t{y}\tджерело\t{h}\tref\n" for d, s, y, h in rows), encoding="utf-8")
    split = split_of("1")
    labels = tmp_path / "labels.tsv"
    labels.write_text("key\tlabel\tspan\tnote\n1:1:A\tcalque\t0:9\t\n1:2:A\tclean\t\t\n"
                      "1:3:A\tcalque\t12:31\t\n1:4:A\tcalque\t3:17\tliteral\n", encoding="utf-8")
    result = idioms_eval.real_mt(tmp_path, labels)[split]
    assert (result["positives"], result["negatives"]) == (3, 1)
    assert result["recall"] == round(2 / 3, 3) and result["false_alarm_rate"] == 0.0
    assert [m["phrase"] for m in result["missed"]] == ["sat on my neck"]
    other = "heldback" if split == "tuning" else "tuning"
    assert idioms_eval.real_mt(tmp_path, labels)[other]["positives"] == 0
