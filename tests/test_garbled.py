"""The garbled family and its signals, on hand-written cases (the seed article's garbled style
in our own words), and reference-free findings on MT-only input."""
from __future__ import annotations

import pandas as pd
import pytest

import mtqa
from mtqa.checks.registry import all_checks
from mtqa.checks.testing import make_context
from mtqa.model import Finding, Metrics, Severity
from mtqa.scoring import calibration, combine, features
from mtqa.scoring.features import MODE_FEATURES, mode_of

# our own sentence in the style of the seed's "Biden until he intends to speak with Putin, however"
GARBLED = ("The head of the regional council until he intends to meet with the mayor of the city, however, "
           "he voiced his readiness for the negotiations if the mayor is really interested.")
GARBLED_REF = ("The head of the regional council does not yet plan to meet the mayor of the city, but he "
               "voiced his readiness for negotiations if the mayor is really interested.")


def run(code: str, mt: str, **kw) -> list[Finding]:
    return all_checks()[code].run(make_context(mt, **kw))


# ---- signals, one by one ----------------------------------------------------------------------

def words(text: str) -> list[str]:
    return features._words(text)


@pytest.mark.parametrize("text, at_least", [
    ("Both both both sides signed the deal.", 2),
    ("The talks on the talks on the ceasefire resumed.", 1),
    ("Shelling of the power plant continued, and shelling of the power plant was condemned.", 1),
])
def test_repeats_counts_stutters_and_loops(text, at_least):
    assert features.repeats(words(text)) >= at_least


def test_repeats_leaves_plain_english_alone():
    assert features.repeats(words("She had had enough of the delays in the city of Kyiv.")) == 0


def test_nonwords_finds_the_run_of_invented_words():
    frac, run, (a, b) = features.nonwords(words("The minister promised to unnecessaryable prolongatate the talks."))
    assert run == 2 and frac > 0.2
    assert words("The minister promised to unnecessaryable prolongatate the talks.")[a:b] == \
        ["unnecessaryable", "prolongatate"]
    assert features.nonwords(words("Zelensky met Macron in Kyiv on Monday."))[:2] == (0.0, 0)


def test_foreign_script_truncation_mojibake_markup():
    assert features.foreign_script("Repairs in Балаклії will take a week.") > 0.2
    assert features.foreign_script("Repairs in Balakliia will take a week.") == 0.0
    assert features.truncated("The minister said that the new rules for the.") == 1.0
    assert features.truncated("Repairs will continue until the end of the month.") == 0.0
    assert features.truncated("Repairs will continue until the,") == 1.0
    assert features.mojibake("The bridge wonâ€™t reopen.") > 0
    assert features.mojibake("The bridge won’t reopen.") == 0
    assert features.markup("The <b>mayor</b> said&nbsp;so.") == 3
    assert features.markup("Prices rose 3 < 4.") == 0


def test_numbers_are_normalised_before_comparing():
    # as the numbers check reads them: each language's separators, times, scale words
    assert features.number_mismatch("1,250 people, 3.5% at 2:30 p.m.", "1 250 людей, 3,5% о 14:30", "uk") == 0
    assert features.number_mismatch("35 thousand people", "35 тис. людей", "uk") == 0
    assert features.number_mismatch("1 250 homes", "1,250 homes") == 0
    assert features.number_mismatch("1,520 homes", "1,250 homes") == 2  # one missing, one extra
    assert features.number_mismatch("3 of 5 and 5", "3 of 5") == 1  # counted, not just present


def test_unmatched_finds_the_words_with_no_counterpart():
    om, add, run, (a, b) = features.unmatched(words(GARBLED), words(GARBLED_REF))
    assert 0 < om < 1 and 0 < add < 1 and run >= 2
    assert words(GARBLED)[a:b] == ["until", "he", "intends"]
    assert features.unmatched(words(GARBLED_REF), words(GARBLED_REF))[:3] == (0.0, 0.0, 0)


def test_length_gap_uses_the_usual_ratio_of_the_language_pair():
    short = features.extract("Talks.", src="Переговори щодо припинення вогню відновилися сьогодні вранці.",
                             src_lang="uk")
    fair = features.extract("Ceasefire talks resumed this morning.",
                            src="Переговори щодо припинення вогню відновилися сьогодні вранці.", src_lang="uk")
    assert short["src_len_gap"] > fair["src_len_gap"]
    assert features.extract("Ремонт триватиме тиждень.", src="Ремонт триватиме тиждень.")["copy_src"] == 1.0


def test_extract_gives_each_mode_its_signals():
    m = Metrics(chrf=30.0, bleu=5.0, ter=80.0, similarity=0.4, src_similarity=0.85)
    got = features.extract(GARBLED, GARBLED_REF, "Голова обласної ради поки не планує зустрічатися з мером.",
                           None, m, "uk")
    assert set(MODE_FEATURES["reference"]) - set(features.SCORE_STAGE) <= set(got)
    only = features.extract(GARBLED)
    assert set(only) == set(features.MT_ONLY)
    assert mode_of(m) == "reference" and mode_of(Metrics(src_similarity=0.9)) == "source"
    assert mode_of(Metrics(bt_chrf=50.0)) == "backtranslation" and mode_of(Metrics()) == "mt-only"


# ---- the calibrated score ---------------------------------------------------------------------

def test_score_rises_with_agreement_and_critical_findings_cap_it():
    good = Metrics(chrf=80.0, bleu=60.0, ter=15.0, similarity=0.95)
    bad = Metrics(chrf=25.0, bleu=3.0, ter=90.0, similarity=0.35)
    good = Metrics(**{**good.as_dict(), "features": features.extract(GARBLED_REF, GARBLED_REF, metrics=good)})
    bad = Metrics(**{**bad.as_dict(), "features": features.extract(GARBLED, GARBLED_REF, metrics=bad)})
    assert combine.sentence_score(good, []) > combine.sentence_score(bad, []) + 10
    f = lambda family, sev: Finding("XX01", family, "Accuracy/Mistranslation", sev, 0, 1, "m")
    assert combine.sentence_score(good, [f("untranslated", Severity.CRITICAL)]) <= combine.CRITICAL_CAP
    assert combine.sentence_score(good, [f("garbled", Severity.CRITICAL)]) == combine.sentence_score(good, [])
    assert combine.finding_features([f("garbled", Severity.MAJOR)]) == {"findings_minor": 0.0, "findings_major": 0.0}
    assert combine.finding_features([f("numbers", Severity.CRITICAL), f("quotes", Severity.MINOR)]) == \
        {"findings_minor": 1.0, "findings_major": 2.5}
    assert 0 <= combine.sentence_score(Metrics(), []) <= 100


# ---- rule checks ----------------------------------------------------------------------------

def test_gb04_repeated_phrase_span_and_suggestion():
    mt = "The talks on the talks on the ceasefire resumed."
    (f,) = run("GB04", mt)
    assert mt[f.start:f.end] == "The talks on the talks on" and f.suggestion == "The talks on"
    (f,) = run("GB04", "He said he will, he will, he will come.")
    assert f.severity == Severity.MAJOR


def test_gb05_non_words_leaves_names_and_single_transliterations():
    mt = "Residents were evacuated from the zhytlovyi budynok yesterday."
    (f,) = run("GB05", mt)
    assert mt[f.start:f.end] == "zhytlovyi budynok"
    assert run("GB05", "The hromada voted in Zaporizhzhia.") == []


def test_gb06_mojibake_suggests_the_repair():
    mt = "The mayor said the bridge wonâ€™t reopen."
    (f,) = run("GB06", mt)
    assert mt[f.start:f.end] == "â€™" and f.suggestion == "’"


def test_gb07_stray_markup_decodes_entities():
    mt = "Prices rose by 5&nbsp;% in <i>May</i>."
    found = run("GB07", mt)
    assert [mt[f.start:f.end] for f in found] == ["&nbsp;", "<i>", "</i>"]
    assert found[0].suggestion == "\u00a0"


# ---- through the pipeline -------------------------------------------------------------------

def test_reference_free_mode_gives_findings_on_mt_only_input(tmp_path):
    text = ("The talks on the talks on the ceasefire resumed.\n\n"
            "Of warehouses capacity the terminal by end of year doubling which, and the the trucks queue.\n\n"
            "Residents were evacuated from the zhytlovyi budynok yesterday.\n")
    (tmp_path / "solo.mt.en.txt").write_text(text, encoding="utf-8")
    report = mtqa.score(tmp_path, cache_dir=str(tmp_path / "cache"))
    assert report.embedded == 0
    found = {f.code for f in report.findings if f.family == "garbled"}
    assert {"GB01", "GB04", "GB05"} <= found
    scores = [r["score"] for r in report.to_records()]
    assert all(0 <= s <= 100 for s in scores)


@pytest.mark.models
def test_gb03_says_why_and_points_at_the_span(tmp_path):
    drift = ("The head of the regional council until he intends to visit, however, the repairs of the networks he "
             "voiced readiness to finish in the nearest time if the weather allows it, and the brigades on the sites "
             "work.")
    ref = "The head of the regional council has not said when he will visit the damaged substations."
    unrelated = "The weather in the mountains will be sunny on Sunday, and the football match was postponed."
    df = pd.DataFrame([{"mt": drift, "ref": ref}, {"mt": ref, "ref": ref}, {"mt": unrelated, "ref": ref}])
    config = mtqa.load_config().with_core(**{"enable-only": ["GB03"]}).with_table("garbled", **{"drift-similarity": 0.3})
    records = mtqa.score(df, cache_dir=str(tmp_path), config=config).to_records()
    (f,) = records[0]["findings"]
    assert f["code"] == "GB03" and f["message"].startswith("Meaning drifts from the reference: '")
    assert "has no counterpart in it;" in f["message"] and "a serious error" in f["message"]
    assert "%" not in f["message"] and "likely a major error" not in f["message"]
    span = drift[f["start"]:f["end"]]
    # the reference is context in the message, never the suggestion (it has errors of its own)
    assert span in f["message"] and "voiced readiness" in span and f["suggestion"] is None
    assert f"the reference reads “{ref}”" in f["message"]
    assert records[1]["findings"] == []
    (g,) = records[2]["findings"]
    assert g["severity"] in ("major", "critical") and "cosine" in g["message"]
    assert records[0]["score"] < records[1]["score"] - 10 and records[2]["score"] < records[1]["score"] - 10


def test_every_mode_has_a_model():
    for mode in features.MODES:
        assert calibration.model(mode) is not None, mode


def test_every_signal_has_words_for_editors():
    from mtqa.checks.garbled.scored import SIGNAL_WORDS

    every = {n for names in MODE_FEATURES.values() for n in names}
    assert every - set(features.SEGMENT_LEVEL) <= set(SIGNAL_WORDS)


@pytest.mark.models
def test_the_language_pair_picks_its_score_model(tmp_path):
    (tmp_path / "a.mt.en.txt").write_text("The council met on Monday.\n", encoding="utf-8")
    (tmp_path / "a.ref.en.txt").write_text("The council met on Monday.\n", encoding="utf-8")
    (tmp_path / "a.src.uk.txt").write_text("Рада зібралася в понеділок.\n", encoding="utf-8")
    folder = mtqa.score(tmp_path, cache_dir=str(tmp_path / "cache"))
    (s,) = folder.articles[0].paragraphs[0].sentences
    assert s.metrics.pair == "uk-en"
    assert s.score == combine.sentence_score(s.metrics, s.findings)
    uk = calibration.model("reference", "uk-en").score_of(s.metrics.features)
    assert s.score == round(uk, 1) != round(calibration.model("reference").score_of(s.metrics.features), 1)
    table = mtqa.score(pd.DataFrame({"mt": ["The council met on Monday."], "ref": ["The council met on Monday."]}),
                       cache_dir=str(tmp_path / "cache"))
    assert table.articles[0].paragraphs[0].parts[0].metrics.pair is None  # no source: the pooled model
