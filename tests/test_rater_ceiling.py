"""The human ceiling of garbled_eval: one rater against the mean of the others."""
from __future__ import annotations

import itertools

import pandas as pd
import pytest

from mtqa.benchmarks.rater_ceiling import rater_agreement


def table(scores: dict[str, list[float]], segments: int = 4, systems: int = 5) -> pd.DataFrame:
    """Raters' MQM penalties, each rater's list going over (segment, system) in order."""
    rows = []
    for rater, values in scores.items():
        for (seg, sys_), v in zip(itertools.product(range(segments), range(systems)), values):
            rows.append({"seg_id": str(seg), "system": f"s{sys_}", "rater": rater, "mqm_score": str(v)})
    return pd.DataFrame(rows)


def test_raters_who_agree_reach_one_and_raters_who_disagree_minus_one():
    base = [float((7 * i) % 11) for i in range(20)]
    same = rater_agreement(table({"a": base, "b": base}))
    assert same == {"items": 20, "raters": 2, "global": 1.0, "within": 1.0}
    opposite = rater_agreement(table({"a": base, "b": [-v for v in base]}))
    assert opposite["global"] == pytest.approx(-1.0) and opposite["within"] == pytest.approx(-1.0)


def test_each_rater_is_set_against_the_mean_of_the_others():
    a = [float(i % 5) for i in range(20)]  # within each segment: 0 1 2 3 4
    b = [float(4 - i % 5) for i in range(20)]  # reversed
    c = [float(i % 5) * 3 for i in range(20)]  # a's order, larger steps
    got = rater_agreement(table({"a": a, "b": b, "c": c}))
    # a vs mean(b, c) = 2 + i: same order (+1); b vs mean(a, c) = 2i: reversed (-1); c vs mean(a, b) = 2: no tau
    assert got["within"] == pytest.approx(0.0)
    assert got["raters"] == 3


def test_one_rater_per_output_has_no_ceiling():
    df = table({"a": [float(i) for i in range(10)]}, segments=2)
    df2 = table({"b": [float(i) for i in range(10)]}, segments=2).assign(seg_id=lambda d: d["seg_id"] + "x")
    assert rater_agreement(pd.concat([df, df2])) is None
