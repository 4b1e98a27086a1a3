"""Corpus figures of a run from running sums, so a run never has to keep every result.

Each scored article is added once, in input order: counts, the word-weighted score sums,
each metric's sacrebleu sufficient statistics summed over the article's pairs (a corpus
score is computed from the summed statistics, exactly as ``corpus_score`` computes it from
the list) and the word-weighted similarity sums. The figures are the same floats the
whole-run :class:`~mtqa.aggregate.records.Report` computes from its list of articles.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from mtqa.model import ArticleResult

WEIGHTED = ("similarity", "src_similarity", "bt_chrf", "bt_similarity")


@dataclass
class Totals:
    articles: int = 0
    paragraphs: int = 0
    words: int = 0
    score_sum: float = 0.0  # sum of score * max(1, words)
    weight_sum: int = 0
    findings: int = 0
    family: Counter = field(default_factory=Counter)
    severity: Counter = field(default_factory=Counter)
    pairs: int = 0
    stats: dict[str, list[float]] = field(default_factory=dict)  # metric -> summed statistics
    weighted: dict[str, list[float]] = field(default_factory=dict)  # name -> [sum v*w, sum w]

    def add(self, a: ArticleResult, scorer: Any) -> None:
        """Count ``a`` in; ``scorer`` must still know the statistics of its pairs."""
        self.articles += 1
        self.paragraphs += len(a.paragraphs)
        self.words += a.words
        w = max(1, a.words)
        self.score_sum += a.score * w
        self.weight_sum += w
        for f in a.findings:
            self.findings += 1
            self.family[f.family] += 1
            self.severity[f.severity.value] += 1
        for name in WEIGHTED:
            v = getattr(a.metrics, name)
            if v is not None:
                acc = self.weighted.setdefault(name, [0.0, 0])
                acc[0] += v * a.words
                acc[1] += a.words
        if scorer is None:
            return
        for p in a.paragraphs:
            for hyp, ref in p.pairs:
                self.pairs += 1
                for name in scorer.metrics:
                    stats = scorer.pair_stats(name, hyp, ref)
                    acc = self.stats.setdefault(name, [0.0] * len(stats))
                    for i, x in enumerate(stats):
                        acc[i] += x

    def score(self) -> float | None:
        if not self.articles:
            return None
        return round(self.score_sum / self.weight_sum, 1)

    def corpus_metrics(self, scorer: Any) -> dict[str, float]:
        out: dict[str, float] = {}
        if scorer is not None and self.pairs:
            for name, m in scorer.metrics.items():
                out[name] = round(float(m.corpus._aggregate_and_compute([self.stats[name]]).score), 2)
        for name in WEIGHTED:
            if name in self.weighted:
                s, w = self.weighted[name]
                out[name] = round(s / max(1, w), 4)
        return out

    def counts(self) -> dict[str, dict[str, int]]:
        return {"family": dict(sorted(self.family.items())), "severity": dict(sorted(self.severity.items()))}
