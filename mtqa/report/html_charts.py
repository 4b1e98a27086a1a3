"""Geometry of the index's two inline SVG charts (no chart library, no network):
a histogram of article scores in ten bins of ten points, and findings by family."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

WIDTH, HEIGHT, AXIS = 360, 150, 18


def score_histogram(scores: Sequence[float], bins: int = 10) -> dict[str, Any]:
    counts = [0] * bins
    for s in scores:
        counts[min(bins - 1, max(0, int(s * bins // 100)))] += 1
    top = max(counts) or 1
    step = WIDTH / bins
    bars = []
    for i, c in enumerate(counts):
        h = round((HEIGHT - AXIS - 14) * c / top, 1)
        lo, hi = i * 100 // bins, (i + 1) * 100 // bins
        bars.append({"x": round(i * step + 1, 1), "y": round(HEIGHT - AXIS - h, 1), "w": round(step - 2, 1),
                     "h": h, "count": c, "lo": lo, "hi": hi, "label": f"{lo}–{hi}: {c} article{'s' * (c != 1)}",
                     "cx": round(i * step + step / 2, 1)})
    return {"width": WIDTH, "height": HEIGHT, "base": HEIGHT - AXIS, "bars": bars}


def family_bars(by_family: Mapping[str, int], classes: Mapping[str, str]) -> dict[str, Any]:
    items = sorted(by_family.items(), key=lambda kv: (-kv[1], kv[0]))
    top = max((v for _, v in items), default=0) or 1
    row, label_w = 20, 96
    bars = []
    for i, (fam, n) in enumerate(items):
        w = round((WIDTH - label_w - 40) * n / top, 1)
        bars.append({"family": fam, "cls": classes.get(fam, ""), "y": i * row + 2, "w": max(w, 1), "n": n,
                     "x": label_w, "ty": i * row + 15})
    return {"width": WIDTH, "height": max(row, len(items) * row + 4), "label_w": label_w, "bars": bars}
