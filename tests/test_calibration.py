"""The calibration: the shipped coefficients file loads and covers every mode, and training is
reproducible from a fixed seed (on a small synthetic sample: no dev data, a second or so)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from mtqa import calibrate as cal
from mtqa.calibrate import learn
from mtqa.scoring import calibration
from mtqa.scoring.features import MODE_FEATURES, MODES


def test_shipped_file_loads_and_has_every_mode():
    data = calibration.raw()
    for key in ("data_version", "date", "trained_on", "seed", "learner", "modes"):
        assert key in data, key
    assert set(data["modes"]) == set(MODES)
    for mode, m in data["modes"].items():
        n = len(MODE_FEATURES[mode])
        assert m["features"] == list(MODE_FEATURES[mode])
        assert len(m["mean"]) == len(m["scale"]) == len(m["score"]["coef"]) == len(m["garbled"]["coef"]) == n
        g = m["garbled"]
        assert 0 < g["minor"] <= g["major"] <= g["critical"] <= 1.01
        assert "cv" in m
    pairs = {f"{mode}@{pair}" for mode, m in data["modes"].items() for pair in m.get("pairs", {})}
    assert set(calibration.models()) == set(MODES) | pairs
    # uk-en and zh-en get their own score models where the source language is known
    assert {"reference@uk-en", "reference@zh-en", "source@uk-en"} <= pairs
    for mode, m in data["modes"].items():
        for pair, pm in m.get("pairs", {}).items():
            assert len(pm["mean"]) == len(pm["score"]["coef"]) == len(m["features"]), (mode, pair)


def test_score_model_prefers_agreement_with_the_reference():
    model = calibration.model("reference")
    good = {"chrf": 0.8, "bleu": 0.6, "ter": 0.15, "similarity": 0.95, "omission": 0.0, "addition": 0.0}
    bad = {"chrf": 0.2, "bleu": 0.02, "ter": 0.95, "similarity": 0.3, "omission": 0.7, "addition": 0.7}
    assert model.score_of(good) > model.score_of(bad)
    assert model.garbled_probability(bad) > model.garbled_probability(good)
    assert 0 < model.score_of({}) < 100


def synthetic(seed: int = 1, docs: int = 40) -> tuple[pd.DataFrame, dict[str, list[dict]]]:
    """Items of two 'files' (one MQM-like, one DA-like) whose human score follows chrF."""
    rng = np.random.default_rng(seed)
    items, rows = [], []
    for d in range(docs):
        for seg in range(3):
            for system in range(4):
                chrf = rng.uniform(0.1, 0.9)
                mqm = d % 2 == 0
                human = chrf * 10 + rng.normal(0, 1)
                items.append({"file": "mqm_zhen_wmt23.dev.tsv" if mqm else "da_uken_wmt22.dev.tsv",
                              "pair": "zh-en" if mqm else "uk-en", "group": f"d{d}", "doc_id": f"d{d}",
                              "seg_id": f"{d}-{seg}", "human": human,
                              "major": float(human < 4) if mqm else np.nan, "ratings": 1,
                              "broken": float(human < 3) if mqm else np.nan,
                              "da_raw": np.nan if mqm else 100 * chrf})
                feats = {"chrf": chrf, "similarity": chrf + rng.normal(0, 0.1), "log_words": rng.uniform(1, 3),
                         "src_similarity": 0.8 + rng.normal(0, 0.05), "findings_minor": float(rng.integers(0, 2))}
                rows.append({"features": feats})
    return pd.DataFrame(items), rows


def test_training_twice_gives_identical_coefficients():
    items, rows = synthetic()
    by_run = {"reference": rows, "source": rows, "mt-only": rows}
    first = cal.train(items, by_run, seed=0)
    second = cal.train(items, by_run, seed=0)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    ref = first["reference"]
    names = ref["features"]
    assert ref["score"]["coef"][names.index("chrf")] > 0
    assert set(first) == set(MODES)
    assert "score" in ref["cv"]["da_uken_wmt22.dev.tsv"]


def test_folds_never_split_a_document():
    items, _ = synthetic(docs=20)
    for train, test in cal.folds(items, seed=0):
        assert not set(items["group"].iloc[train]) & set(items["group"].iloc[test])


@pytest.mark.parametrize("probs, labels, expected", [
    ([0.9] * 30 + [0.1] * 30, [1] * 30 + [0] * 30, 0.9),
    ([0.5] * 40, [0] * 40, 1.01),
])
def test_threshold_is_the_deepest_cut_that_keeps_the_precision(probs, labels, expected):
    got = cal.threshold(np.array(probs), np.array(labels, dtype=float), np.ones(len(probs)), 0.75)
    assert got == pytest.approx(expected)


def test_garbled_weights_point_the_way_their_signal_says():
    for mode, m in calibration.raw()["modes"].items():
        for name, coef in zip(m["features"], m["garbled"]["coef"]):
            if name in ("ref_words", "src_size", "log_words"):
                continue  # length has no direction of its own
            assert coef * cal.BAD_WHEN[name] >= 0, (mode, name, coef)


def test_wrongly_signed_signal_is_dropped_from_the_garbled_model():
    items, rows = synthetic()
    rng = np.random.default_rng(3)
    for r, it in zip(rows, items.itertuples()):
        # "omission" that is *lower* on broken items: a fit would give it the wrong sign
        r["features"]["omission"] = float(it.human) / 10 + rng.normal(0, 0.05)
    got = cal.fit_mode(items, rows, "reference", seed=0)
    coef = dict(zip(got["features"], got["garbled"]["coef"]))
    assert coef["omission"] == 0 and coef["chrf"] < 0


def test_pair_models_are_partially_pooled_and_picked_by_pair(monkeypatch):
    items, rows = synthetic()
    monkeypatch.setattr(learn, "MIN_PAIR_ITEMS", 10)
    pooled = cal.fit_mode(items, rows, "reference", seed=0)
    monkeypatch.setattr(learn, "OTHER_PAIR_WEIGHT", 1.0)  # full pooling: each pair's model is the pooled one
    same = cal.fit_pairs(items, rows, "reference", seed=0)
    assert same["uk-en"]["score"] == pooled["score"] == same["zh-en"]["score"]
    monkeypatch.setattr(learn, "OTHER_PAIR_WEIGHT", 0.0)  # no pooling: each pair on its own items
    alone = cal.fit_pairs(items, rows, "reference", seed=0)
    assert alone["uk-en"]["score"]["coef"] != alone["zh-en"]["score"]["coef"]
    # out-of-fold prediction uses each item's pair model
    score, _ = cal.predict({**pooled, "pairs": alone}, rows, items["pair"].to_numpy())
    uk = (items["pair"] == "uk-en").to_numpy()
    own, _ = cal.predict({**pooled, "score": alone["uk-en"]["score"], "mean": alone["uk-en"]["mean"],
                          "scale": alone["uk-en"]["scale"]}, rows)
    assert np.allclose(score[uk], own[uk]) and not np.allclose(score[~uk], own[~uk])
    # at run time: the pair's own model where there is one, the pooled one otherwise
    assert calibration.model("reference", "uk-en") is not calibration.model("reference")
    assert calibration.model("reference", "xx-en") is calibration.model("reference")
    assert calibration.model("mt-only", "uk-en") is calibration.model("mt-only")


def test_within_segment_tau_needs_enough_varying_segments():
    seg = np.repeat(np.arange(4), 3)
    y = np.tile([1.0, 2.0, 3.0], 4)
    x = np.where(seg == 0, np.tile([1.0, 2.0, 3.0], 4), 5.0)  # varies in one segment only
    assert cal.within(x, y, seg) == pytest.approx(1.0)
    assert np.isnan(cal.within(x, y, seg, min_segments=2))
    assert cal.within(y, y, seg, min_segments=4) == pytest.approx(1.0)
