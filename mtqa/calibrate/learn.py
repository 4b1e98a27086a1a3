"""The models of every mode: the score (ridge, per language pair partially pooled), the
garbled model and its thresholds, cross-validation and its figures."""
from __future__ import annotations

import json
from typing import Any

import numpy as np

from mtqa.scoring.features import MODE_FEATURES, MODES, SEGMENT_LEVEL
from mtqa.calibrate.items import FILES, folds, segments, targets
from mtqa.calibrate.pipeline_signals import matrix, standardise, z

RIDGE_ALPHA = 10.0
PAIR_MODES = ("reference", "source")  # the modes that know the source language, so the pair
MIN_PAIR_ITEMS = 2000  # a language pair gets its own score model from this many items
OTHER_PAIR_WEIGHT = 0.25  # ... in which the other pairs' items keep this share of their weight
LOGISTIC_C = 0.5
PRECISION_MINOR = 0.5  # aimed precision of a minor garbled finding ("worth a look"; base rate of Major errors: ~0.34)
PRECISION_MINOR_WEAK = 0.6  # ... with no reference to compare against (weak signals: one rare word moves them)
PRECISION_MAJOR = 0.8  # ... of a major one (aim 0.7: thresholds are set on rows but applied to each sentence)
PRECISION_CRITICAL = 0.9


# ---- learning ------------------------------------------------------------------------------

def fit_mode(items: "Any", rows: list[dict[str, Any]], mode: str, seed: int,
             focus: str | None = None) -> dict[str, Any]:
    """The coefficients of one mode from the given items (rows: their signals). ``focus``:
    a language pair whose items keep their weight while the other pairs' are scaled by
    ``OTHER_PAIR_WEIGHT`` (partial pooling); such a model is a score model only (no
    ``garbled`` entry: the garbled model stays pooled)."""
    from scipy.optimize import curve_fit
    from sklearn.linear_model import LogisticRegression

    names = MODE_FEATURES[mode]
    X = matrix(rows, names)
    mean, sd = standardise(X)
    Z = z(X, mean, sd)
    y, w = targets(items)
    if focus is not None:
        w = w * np.where(items["pair"].to_numpy() == focus, 1.0, OTHER_PAIR_WEIGHT)
    coef, intercept = fixed_effects(Z, y, w, segments(items), names)
    lin = Z @ coef + intercept
    da = items["da_raw"].to_numpy()
    ok = np.isfinite(da)
    if ok.sum() >= 10:
        (a, b), _ = curve_fit(lambda x, a, b: 100 / (1 + np.exp(-(a * x + b))), lin[ok], da[ok], p0=(1.0, 1.0),
                              maxfev=10000)
    else:
        a, b = 1.0, 1.0
    out = {
        "features": list(names),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in sd],
        "score": {"coef": [round(float(c), 6) for c in coef], "intercept": round(float(intercept), 6),
                  "curve": [round(float(a), 6), round(float(b), 6)]},
    }
    if focus is not None:
        return out
    cols = garbled_columns(names)
    labels = garbled_labels(items)
    while True:  # drop the signals whose weight says the opposite of their name, refit
        logit = LogisticRegression(C=LOGISTIC_C, max_iter=2000, random_state=seed).fit(
            Z[:, cols], labels, sample_weight=w)
        wrong = [c for c, v in zip(cols, logit.coef_[0]) if v * BAD_WHEN.get(names[c], 0) < 0]
        if not wrong:
            break
        cols = [c for c in cols if c not in wrong]
    gcoef = np.zeros(len(names))
    gcoef[cols] = logit.coef_[0]
    out["garbled"] = {"coef": [round(float(c), 6) for c in gcoef], "intercept": round(float(logit.intercept_[0]), 6),
                      "minor": 0.5, "major": 0.6, "critical": 0.8}
    return out


def garbled_labels(items: "Any") -> np.ndarray:
    """1 where people found the translation broken as a whole: for most raters two Major
    errors, a non-translation or Major spans over a third of it (MQM, see :func:`broken`), or
    a mean DA below 50 of 100 ("significant meaning errors" and worse)."""
    broke = items["broken"].to_numpy()
    da = items["da_raw"].to_numpy()
    return np.where(np.isfinite(broke), broke >= 0.5, np.nan_to_num(da, nan=100.0) < 50).astype(int)


# the direction in which each signal makes a sentence more likely broken (+1: more of it,
# -1: less of it); the garbled model keeps only weights that agree, so every reason an editor
# is given reads the right way round ("many of its words match nothing in the reference")
BAD_WHEN = {
    "chrf": -1, "bleu": -1, "ter": 1, "similarity": -1, "tok_precision": -1, "tok_recall": -1, "learned": -1,
    "ref_len_gap": 1, "omission": 1, "addition": 1, "unmatched_run": 1, "reorder": 1, "ref_numbers": 1,
    "src_similarity": -1, "src_sim_gap": 1, "src_len_gap": 1, "src_numbers": 1, "src_names": 1, "copy_src": 1,
    "bt_chrf": -1, "bt_similarity": -1, "repeats": 1, "nonword_frac": 1, "nonword_run": 1,
    "foreign_script": 1, "truncated": 1, "mojibake": 1, "markup": 1,
}


def garbled_columns(names: tuple[str, ...]) -> list[int]:
    """The signals the garbled model reads (all of the mode's; length has no direction in
    ``BAD_WHEN``, so its weight is whatever the data says: a long sentence holds more errors)."""
    return list(range(len(names)))


def _centre(a: np.ndarray, seg: np.ndarray) -> np.ndarray:
    """``a`` minus its mean over each segment's rows."""
    _, inv = np.unique(seg, return_inverse=True)
    count = np.bincount(inv)
    if a.ndim == 1:
        return a - (np.bincount(inv, weights=a) / count)[inv]
    means = np.stack([np.bincount(inv, weights=a[:, j]) / count for j in range(a.shape[1])], axis=1)
    return a - means[inv]


def fixed_effects(Z: np.ndarray, y: np.ndarray, w: np.ndarray, seg: np.ndarray,
                  names: tuple[str, ...]) -> tuple[np.ndarray, float]:
    """A linear score in two ridge fits, so that ranking the systems of one segment and
    ranking all segments are both learned: (1) the translation signals on their deviations
    from the segment mean (what separates systems on the same source); (2) what is left of
    the human score, on the segment-level signals (how long the passage is), or on the MT
    length when there are none."""
    from sklearn.linear_model import Ridge

    within = [i for i, n in enumerate(names) if n not in SEGMENT_LEVEL]
    between = [i for i, n in enumerate(names) if n in SEGMENT_LEVEL] or [names.index("log_words")]
    first = Ridge(alpha=RIDGE_ALPHA).fit(_centre(Z[:, within], seg), _centre(y, seg), sample_weight=w)
    coef = np.zeros(len(names))
    coef[within] = first.coef_
    rest = y - Z @ coef
    second = Ridge(alpha=RIDGE_ALPHA).fit(Z[:, between], rest, sample_weight=w)
    coef[between] += second.coef_
    return coef, float(second.intercept_)


def predict(coefs: dict[str, Any], rows: list[dict[str, Any]],
            pairs: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(score 0..100, garbled probability) of rows under one mode's coefficients; with
    ``pairs`` (each row's language pair), the score from that pair's model where there is one."""
    names = tuple(coefs["features"])
    X = matrix(rows, names)
    Z = z(X, np.array(coefs["mean"]), np.array(coefs["scale"]))
    g = Z @ np.array(coefs["garbled"]["coef"]) + coefs["garbled"]["intercept"]

    def curve(model: dict[str, Any], Zm: np.ndarray) -> np.ndarray:
        a, b = model["score"]["curve"]
        return 100 / (1 + np.exp(-(a * (Zm @ np.array(model["score"]["coef"]) + model["score"]["intercept"]) + b)))

    score = curve(coefs, Z)
    for pair, model in (coefs.get("pairs") or {}).items():
        if pairs is not None and (mine := pairs == pair).any():
            score[mine] = curve(model, z(X[mine], np.array(model["mean"]), np.array(model["scale"])))
    return score, 1 / (1 + np.exp(-np.clip(g, -30, 30)))


def threshold(prob: np.ndarray, positive: np.ndarray, weight: np.ndarray, precision: float) -> float:
    """The lowest probability from which the weighted precision stays at or above ``precision``."""
    order = np.argsort(-prob, kind="stable")
    p = prob[order]
    tp = np.cumsum(positive[order] * weight[order])
    n = np.cumsum(weight[order])
    prec = tp / np.maximum(n, 1e-9)
    last_of_tie = np.append(p[1:] != p[:-1], True)  # a cut takes every item with prob >= it
    # the deepest cut whose precision holds, with at least 20 items above it
    ok = np.where((prec >= precision) & last_of_tie & (np.arange(len(p)) >= 19))[0]
    return float(p[ok[-1]]) if len(ok) else 1.01


def kendall(x: np.ndarray, y: np.ndarray) -> float:
    from scipy.stats import kendalltau

    t = kendalltau(x, y, variant="b").statistic
    return float(t) if t == t else float("nan")


def within(x: np.ndarray, y: np.ndarray, seg: np.ndarray, min_segments: int = 1) -> float:
    """Mean over source segments of Kendall tau across the systems of that segment (segments
    where either side is constant have no tau); NaN when fewer than ``min_segments`` have one."""
    taus = []
    for s in np.unique(seg):
        idx = seg == s
        if idx.sum() >= 3:
            t = kendall(x[idx], y[idx])
            if t == t:
                taus.append(t)
    return float(np.mean(taus)) if len(taus) >= max(1, min_segments) else float("nan")


def cross_validate(items: "Any", rows: list[dict[str, Any]], mode: str, seed: int,
                   per_pair: bool = True) -> dict[str, Any]:
    """Out-of-fold scores and garbled probabilities (documents never split); with
    ``per_pair`` (and a mode that knows the source language) each item's score comes from
    its language pair's score model, as :mod:`mtqa.scoring.calibration` picks it at run time."""
    score = np.zeros(len(items))
    prob = np.zeros(len(items))
    pair = items["pair"].to_numpy()
    for train, test in folds(items, seed):
        part = items.iloc[train].reset_index(drop=True)
        coefs = fit_mode(part, [rows[i] for i in train], mode, seed)
        if per_pair and mode in PAIR_MODES:
            coefs["pairs"] = fit_pairs(part, [rows[i] for i in train], mode, seed)
        s, p = predict(coefs, [rows[i] for i in test], pair[test])
        score[test], prob[test] = s, p
    return {"score": score, "prob": prob}


def fit_pairs(items: "Any", rows: list[dict[str, Any]], mode: str, seed: int) -> dict[str, Any]:
    """A score model per language pair, partially pooled: trained on every item with the
    other pairs' weight scaled by ``OTHER_PAIR_WEIGHT`` (signals weigh differently for uk-en
    DA and zh-en MQM: token matching helps on zh-en and not on uk-en, but one pair alone
    over-fits). The garbled model stays pooled, as its thresholds are set on the MQM files."""
    out = {}
    for pair, idx in items.groupby("pair").indices.items():
        if len(idx) < MIN_PAIR_ITEMS:
            continue
        got = fit_mode(items, rows, mode, seed, focus=pair)
        out[pair] = {k: got[k] for k in ("mean", "scale", "score")}
    return out


def garbled_thresholds(items: "Any", prob: np.ndarray, mode: str = "reference") -> tuple[float, float, float]:
    """Probability thresholds (minor, major, critical) for the aimed precisions, 1.01 where
    the precision is out of reach."""
    mqm = np.isfinite(items["major"].to_numpy())
    # precision per rating: an item rated 3 times counts 3 times, each with its rater's label
    pos = items["major"].to_numpy()[mqm]
    w = items["ratings"].to_numpy()[mqm].astype(float)
    return tuple(threshold(prob[mqm], pos, w, p)  # type: ignore[return-value]
                 for p in (PRECISION_MINOR if mode == "reference" else PRECISION_MINOR_WEAK, PRECISION_MAJOR,
                           PRECISION_CRITICAL))


def figures(items: "Any", rows: list[dict[str, Any]], score: np.ndarray, prob: np.ndarray | None,
            major: float | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, idx in items.groupby("file").indices.items():
        h = items["human"].to_numpy()[idx]
        seg = items["seg_id"].to_numpy()[idx]
        base = {metric: np.array([np.nan if rows[i].get(metric) is None else rows[i][metric] for i in idx],
                                 dtype=float) for metric in ("chrf", "bleu", "similarity")}
        # every column on the same items: those with a score and a reference (WMT23's human
        # translation "refA", evaluated as a system, has none: chrF++ would be 0 against "")
        ok = np.isfinite(score[idx])
        if "ref" in items:
            ok &= items["ref"].astype(str).str.strip().to_numpy()[idx] != ""
        for v in base.values():
            v[~ok] = np.nan
        fig = {"items": int(ok.sum()), "score": [round(kendall(score[idx][ok], h[ok]), 4),
                                                 round(within(score[idx][ok], h[ok], seg[ok]), 4)]}
        for metric, v in base.items():
            k = ok & np.isfinite(v)
            if k.sum() > 10:
                fig[metric] = [round(kendall(v[k], h[k]), 4), round(within(v[k], h[k], seg[k]), 4)]
        if prob is not None and major is not None and FILES[name][1] == "mqm":
            flagged = prob[idx] >= major
            pos = items["major"].to_numpy()[idx]
            w = items["ratings"].to_numpy()[idx]
            fig["garbled_flagged"] = int(flagged.sum())
            fig["garbled_precision"] = round(float((pos * w)[flagged].sum() / max(1, w[flagged].sum())), 4)
            fig["garbled_recall"] = round(float((pos * w)[flagged].sum() / max(1e-9, (pos * w).sum())), 4)
        out[name] = fig
    return out


def backtranslation_prior(reference: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """Source-mode coefficients plus back-translation chrF++ and cosine weighted like the
    reference mode's chrF++ and MiniLM cosine, halved, with their training spread."""
    out = json.loads(json.dumps(source))
    out.pop("pairs", None)  # pooled only: no back-translated training data for any pair
    ref = dict(zip(reference["features"], range(len(reference["features"]))))
    for bt_name, ref_name in (("bt_chrf", "chrf"), ("bt_similarity", "similarity")):
        i = ref[ref_name]
        out["features"].append(bt_name)
        out["mean"].append(reference["mean"][i])
        out["scale"].append(reference["scale"][i])
        out["score"]["coef"].append(round(reference["score"]["coef"][i] / 2, 6))
        out["garbled"]["coef"].append(round(reference["garbled"]["coef"][i] / 2, 6))
    order = [out["features"].index(n) for n in MODE_FEATURES["backtranslation"]]
    for key in ("mean", "scale"):
        out[key] = [out[key][j] for j in order]
    for model in ("score", "garbled"):
        out[model]["coef"] = [out[model]["coef"][j] for j in order]
    out["features"] = list(MODE_FEATURES["backtranslation"])
    return out


def train(items: "Any", rows_by_run: dict[str, list[dict[str, Any]]], seed: int = 0,
          cv: bool = True) -> dict[str, Any]:
    """Coefficients of every mode (and, with ``cv``, their cross-validated figures)."""
    modes: dict[str, Any] = {}
    for mode in ("reference", "source", "mt-only"):
        rows = rows_by_run[mode]
        keep = np.array([_mode_ok(r, mode) for r in rows])
        sel, srows = items[keep].reset_index(drop=True), [r for r, k in zip(rows, keep) if k]
        coefs = fit_mode(sel, srows, mode, seed)
        if mode in PAIR_MODES:
            coefs["pairs"] = fit_pairs(sel, srows, mode, seed)
        if cv:
            oof = cross_validate(sel, srows, mode, seed)
            minor, major, critical = garbled_thresholds(sel, oof["prob"], mode)
            coefs["garbled"].update(minor=round(minor, 4), major=round(major, 4), critical=round(critical, 4))
            coefs["cv"] = figures(sel, srows, oof["score"], oof["prob"], major)
        modes[mode] = coefs
    modes["backtranslation"] = backtranslation_prior(modes["reference"], modes["source"])
    modes["backtranslation"]["cv"] = "not fitted: the dev files have no back-translations (prior, see calibrate.py)"
    return {m: modes[m] for m in MODES}


def _mode_ok(row: dict[str, Any], mode: str) -> bool:
    f = row.get("features") or {}
    if mode == "reference":
        return "chrf" in f
    if mode == "source":
        return "src_similarity" in f
    return "log_words" in f
