"""How well people agree with each other: the ceiling for a metric's agreement with people.

Where an MQM file has several raters for the same output, each rater's scores (MQM penalty
negated) are set against the mean of the other raters' scores for the same outputs, with the
same Kendall tau-b as the score gets in ``garbled_eval``: globally (per rater, averaged over
raters, weighted by their items) and within segment (per rater and segment, across systems,
averaged). A metric compared with the mean of all raters can beat one rater a little, as the
mean is less noisy than any one of them, but not by much. Files with one rater per output
(WMT23 MQM dev, WMT21 TED dev, the uk-en DA file: one crowd judgment per output for most)
have no figure.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from mtqa.calibrate import kendall, within


def rater_agreement(df: Any) -> dict[str, Any] | None:
    """``{"items", "raters", "global", "within"}`` of one MQM table (columns ``seg_id``,
    ``system``, ``rater``, ``mqm_score``); None when no output has two raters."""
    df = df.assign(s=-df["mqm_score"].astype(float))
    wide = df.pivot_table(index=["seg_id", "system"], columns="rater", values="s", aggfunc="mean")
    wide = wide[wide.notna().sum(axis=1) >= 2]
    if wide.empty:
        return None
    seg = wide.index.get_level_values("seg_id").to_numpy()
    glob, weights, inside = [], [], []
    for rater in wide.columns:
        mine = wide[rater].to_numpy()
        others = wide.drop(columns=[rater]).mean(axis=1).to_numpy()
        ok = np.isfinite(mine) & np.isfinite(others)
        if ok.sum() < 10:
            continue
        glob.append(kendall(mine[ok], others[ok]))
        weights.append(int(ok.sum()))
        for s in np.unique(seg[ok]):
            idx = ok & (seg == s)
            if idx.sum() >= 3:
                t = within(mine[idx], others[idx], seg[idx])
                if t == t:
                    inside.append(t)
    if not weights:
        return None
    g = [(t, w) for t, w in zip(glob, weights) if t == t]
    return {"items": int(len(wide)), "raters": int(len(weights)),
            "global": round(float(sum(t * w for t, w in g) / max(1, sum(w for _, w in g))), 4),
            "within": round(float(np.mean(inside)), 4) if inside else float("nan")}


def ceilings(folder: Path, files: list[str]) -> dict[str, dict[str, Any]]:
    """:func:`rater_agreement` of every MQM file that has outputs rated more than once."""
    import pandas as pd

    out = {}
    for name in files:
        df = pd.read_csv(folder / name, sep="\t", quoting=3, keep_default_na=False, dtype=str)
        if "rater" not in df.columns:
            continue
        got = rater_agreement(df)
        if got is not None:
            out[name] = got
    return out
