"""The Report: results of a run and the one record list every output format renders from."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from mtqa.aggregate.totals import Totals
from mtqa.model import METRIC_NAMES, ArticleResult, Finding, InputError, Metrics

OUTPUT_FIELDS = ("article", "paragraph", "sentence", "text", "score", *METRIC_NAMES, "findings", "error")
PREFIX = "mtqa_"
"""Table input: an mtqa field whose name an input column already has goes under this prefix
(``score`` -> ``mtqa_score``), so every input column is carried unchanged under its own name."""


def field_name(name: str, columns: "list[str] | tuple[str, ...]") -> str:
    """Where mtqa's own field ``name`` goes in a record of a table with ``columns``: its own
    name, or ``mtqa_<name>`` (``mtqa_mtqa_<name>`` ...) while an input column has that name."""
    while name in columns:
        name = PREFIX + name
    return name


def metrics_dict(m: Metrics) -> dict[str, float]:
    return {k: v for k, v in m.as_dict().items() if v is not None}


def _finding_dicts(findings: tuple[Finding, ...], shift: int, limit: int | None = None) -> list[dict[str, Any]]:
    out = []
    for f in findings:
        d = f.to_dict(shift)
        if limit is not None:
            d["start"], d["end"] = max(0, min(d["start"], limit)), max(0, min(d["end"], limit))
        out.append(d)
    return out


@dataclass
class Report:
    articles: list[ArticleResult]
    errors: list[InputError] = field(default_factory=list)
    notes: list[InputError] = field(default_factory=list)  # how the input was read; not errors
    kind: str = "folder"
    source: str = ""
    columns: list[str] = field(default_factory=list)
    rows: int = 0
    signatures: dict[str, str] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    scorer: Any = None
    embedded: int = 0
    totals: Totals | None = None  # running sums of the run (a streamed run keeps no articles)

    # ---- summaries -------------------------------------------------------------------
    @property
    def findings(self) -> list[Finding]:
        return [f for a in self.articles for f in a.findings]

    @property
    def score(self) -> float | None:
        from mtqa.scoring.combine import weighted

        if self.totals is not None:
            return self.totals.score()
        if not self.articles:
            return None
        return weighted([a.score for a in self.articles], [a.words for a in self.articles])

    def corpus_metrics(self) -> dict[str, float]:
        if self.totals is not None:
            return self.totals.corpus_metrics(self.scorer)
        pairs = [pair for a in self.articles for p in a.paragraphs for pair in p.pairs]
        out: dict[str, float] = dict(self.scorer.corpus(pairs)) if (self.scorer and pairs) else {}
        for name in ("similarity", "src_similarity", "bt_chrf", "bt_similarity"):
            got = [(getattr(a.metrics, name), a.words) for a in self.articles if getattr(a.metrics, name) is not None]
            if got:
                out[name] = round(sum(v * w for v, w in got) / max(1, sum(w for _, w in got)), 4)
        return out

    def counts(self) -> dict[str, dict[str, int]]:
        return self.totals.counts() if self.totals is not None else counts(self.findings)

    def summary(self) -> dict[str, Any]:
        t = self.totals
        return {
            "articles": t.articles if t else len(self.articles),
            "paragraphs": t.paragraphs if t else sum(len(a.paragraphs) for a in self.articles),
            "words": t.words if t else sum(a.words for a in self.articles),
            "score": self.score,
            "metrics": self.corpus_metrics(),
            "findings": t.findings if t else len(self.findings),
            "by_family": self.counts()["family"],
            "by_severity": self.counts()["severity"],
            "errors": len(self.errors),
        }

    # ---- records ---------------------------------------------------------------------
    def to_records(self) -> list[dict[str, Any]]:
        """Table input: one record per input row, in input order (malformed rows carry
        ``error``). Folder input: one record per MT sentence (an empty paragraph: one record)."""
        return list(self._table_records() if self.kind == "table" else self._sentence_records())

    def _sentence_records(self) -> Iterator[dict[str, Any]]:
        for a in self.articles:
            yield from sentence_records(a)

    def key_of(self, name: str) -> str:
        """The key of mtqa's field ``name`` in this report's records (see :func:`field_name`)."""
        return field_name(name, self.columns) if self.kind == "table" else name

    def _table_records(self) -> Iterator[dict[str, Any]]:
        rows = [row for a in self.articles for row in table_rows(a, self.key_of)]
        rows += error_rows(self.errors, self.key_of)
        rows.sort(key=lambda x: x[0])
        for _, rec in rows:
            yield rec

    def to_dataframe(self):
        import pandas as pd

        df = pd.DataFrame(self.to_records())
        return df

    def to_dict(self) -> dict[str, Any]:
        from mtqa.version import __version__

        return {
            "mtqa": __version__,
            "source": self.source,
            "input": self.kind,
            "signatures": self.signatures,
            "config": self.config,
            "summary": self.summary(),
            "articles": [article_dict(a) for a in self.articles],
            "errors": [{"path": e.path, "line": e.line, "message": e.message} for e in self.errors],
            "notes": [{"path": e.path, "line": e.line, "message": e.message} for e in self.notes],
        }


def counts(findings: list[Finding]) -> dict[str, dict[str, int]]:
    return {
        "family": dict(sorted(Counter(f.family for f in findings).items())),
        "severity": dict(sorted(Counter(f.severity.value for f in findings).items())),
    }


def article_dict(a: ArticleResult) -> dict[str, Any]:
    return {
        "id": a.article.id,
        "path": a.article.path,
        **dict(a.article.meta),
        "languages": dict(a.article.langs),
        "score": a.score,
        "words": a.words,
        "metrics": metrics_dict(a.metrics),
        "counts": counts(list(a.findings)),
        "paragraphs": [
            {
                "index": p.paragraph.index,
                "score": p.score,
                "metrics": metrics_dict(p.metrics),
                "texts": dict(p.paragraph.texts),
                "aligned_paragraphs": {r: list(v) for r, v in p.paragraph.sources.items()},
                "findings": _finding_dicts(p.findings, 0),
                "sentences": [
                    {"index": s.index, "start": s.start, "end": s.end, "text": s.text, "score": s.score,
                     "metrics": metrics_dict(s.metrics), "aligned": dict(s.aligned)}
                    for s in p.sentences
                ],
            }
            for p in a.paragraphs
        ],
    }


def sentence_records(a: ArticleResult) -> Iterator[dict[str, Any]]:
    """Folder input: one record per MT sentence of ``a`` (an empty paragraph: one record)."""
    for p in a.paragraphs:
        if not p.sentences:
            yield {"article": a.article.id, "paragraph": p.paragraph.index, "sentence": 0, "text": "",
                   "score": p.score, "paragraph_score": p.score, "article_score": a.score,
                   "aligned": {}, "findings": _finding_dicts(p.findings, 0)}
        for s in p.sentences:
            yield {
                "article": a.article.id, "paragraph": p.paragraph.index, "sentence": s.index,
                "text": s.text, "score": s.score, "paragraph_score": p.score, "article_score": a.score,
                **metrics_dict(s.metrics),
                "aligned": {r: t for r, t in s.aligned.items()},
                "findings": _finding_dicts(s.findings, s.start, s.end - s.start),
            }


def table_rows(a: ArticleResult, key: Callable[[str], str] = str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Table input: (input line, record) for each row of ``a``; ``key`` names mtqa's own
    fields beside the row's columns (``Report.key_of``)."""
    for p in a.paragraphs:
        for r in p.parts:
            rec: dict[str, Any] = dict(r.part.extra)
            ours = {
                "article": a.article.id, "paragraph": p.paragraph.index, "score": r.score,
                **metrics_dict(r.metrics),
                "findings": _finding_dicts(r.findings, r.part.offset, len(r.part.texts.get("mt", ""))),
            }
            rec.update({key(k): v for k, v in ours.items()})
            yield r.part.line or 0, rec


def error_rows(errors: list[InputError], key: Callable[[str], str] = str) -> list[tuple[int, dict[str, Any]]]:
    """Table input: (line, record) of each input error that has a line."""
    return [(e.line, {key("line"): e.line, key("error"): e.message, key("findings"): []})
            for e in errors if e.line is not None]
