"""chrF++, BLEU and TER with sacrebleu, from one code path for every level.

For each (hypothesis, reference) pair sacrebleu's sufficient statistics are computed once
(and cached on disk); a sentence score is computed from its own statistics, a corpus score
(article, whole run) from the sum over its paragraphs, exactly as ``corpus_score`` would.
Signatures are sacrebleu's own, so a score can be reproduced with the sacrebleu CLI.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Sequence

from mtqa.embed.cache import Cache, json_numbers, text_key

Stats = list  # a metric's sufficient statistics for one pair


@dataclass
class _Metric:
    name: str
    sentence: object  # sacrebleu metric used for one pair
    corpus: object  # sacrebleu metric used for sums


def _metrics(names: tuple[str, ...]) -> dict[str, _Metric]:
    from sacrebleu.metrics import BLEU, CHRF, TER

    make = {
        "chrf": lambda: _Metric("chrf", CHRF(word_order=2), CHRF(word_order=2)),
        "bleu": lambda: _Metric("bleu", BLEU(effective_order=True), BLEU()),
        "ter": lambda: _Metric("ter", TER(), TER()),
    }
    out = {name: make[name]() for name in names}
    for m in out.values():  # one reference per segment; sacrebleu needs it for signatures
        m.sentence.num_refs = m.corpus.num_refs = 1  # type: ignore[attr-defined]
    return out


class Scorer:
    """Computes and caches metric statistics for text pairs."""

    def __init__(self, cache: Cache, metrics: tuple[str, ...] = ("chrf", "bleu", "ter")):
        self.cache = cache
        self.metrics = _metrics(metrics)
        self.stats: dict[tuple[str, str, str], Stats] = {}
        self._namespaces = {k: f"stats:{m.corpus.get_signature()}" for k, m in self.metrics.items()}
        # how many statistics each metric keeps per pair, to validate what the cache holds
        self._sizes = {k: len(m.sentence._extract_corpus_statistics(["a"], [["a"]])[0])
                       for k, m in self.metrics.items()}

    def signatures(self) -> dict[str, str]:
        labels = {"chrf": "chrF2++", "bleu": "BLEU", "ter": "TER"}
        out = {}
        for name, m in self.metrics.items():
            out[name] = f"{labels[name]}|{m.corpus.get_signature()}"
            if name == "bleu":  # sentences and single rows use effective order, as sentence_bleu does
                out["bleu_sentence"] = f"BLEU|{m.sentence.get_signature()}"
        return out

    def _ns(self, name: str) -> str:
        return self._namespaces[name]

    def prepare(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Compute statistics for every (hyp, ref) pair not yet known."""
        todo = [p for p in dict.fromkeys(pairs) if p[1].strip() or p[0].strip()]
        for name, m in self.metrics.items():
            need = [p for p in todo if (name, *p) not in self.stats]
            if not need:
                continue
            keys = {p: text_key(*p) for p in need}
            found = self.cache.get_many(self._ns(name), keys.values(), json_numbers(self._sizes[name]))
            fresh = {}
            for p in need:
                stats = found.get(keys[p])
                if stats is not None:
                    self.stats[(name, *p)] = stats
                    continue
                stats = m.sentence._extract_corpus_statistics([p[0]], [[p[1]]])[0]
                stats = [float(x) for x in stats]
                self.stats[(name, *p)] = stats
                fresh[keys[p]] = json.dumps(stats).encode()
            self.cache.put_many(self._ns(name), fresh)

    def pair_stats(self, name: str, hyp: str, ref: str) -> Stats:
        key = (name, hyp, ref)
        if key not in self.stats:
            self.prepare([(hyp, ref)])
        return self.stats[key]

    def sentence(self, hyp: str, ref: str) -> dict[str, float]:
        """Sentence-level scores of one pair (chrF++, BLEU with effective order, TER: those enabled)."""
        out = {}
        for name, m in self.metrics.items():
            score = m.sentence._aggregate_and_compute([self.pair_stats(name, hyp, ref)])
            out[name] = round(float(score.score), 2)
        return out

    def corpus(self, pairs: Sequence[tuple[str, str]]) -> dict[str, float]:
        """Corpus-level scores over pairs (statistics summed, as sacrebleu's corpus_score)."""
        if not pairs:
            return {}
        out = {}
        for name, m in self.metrics.items():
            stats = [self.pair_stats(name, h, r) for h, r in pairs]
            out[name] = round(float(m.corpus._aggregate_and_compute(stats).score), 2)
        return out

    def forget(self) -> None:
        """Drop the statistics kept in memory (they stay in the on-disk cache)."""
        self.stats.clear()

    def chrf(self, hyp: str, ref: str) -> float:
        """Plain chrF++ of one pair (used for back-translation against source)."""
        stats = self.pair_stats("chrf", hyp, ref)
        return round(float(self.metrics["chrf"].sentence._aggregate_and_compute([stats]).score), 2)
