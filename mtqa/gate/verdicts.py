"""The CI gate: thresholds from the ``[gate]`` config table -> a verdict per article and for
the corpus. Pure functions over a :class:`Report`, the thresholds and the baseline and
suppression entries; nothing here reads input or prints.

A finding is *new* unless a baseline or suppression entry matches its fingerprint. An
article fails when a new finding is at or above ``fail-on``, when new findings of a family
exceed ``max-per-1k-words``, or when its gate score (the score without the penalties of
baselined and suppressed findings) is below ``min-article-score``. The run fails when an
article fails, an input could not be read, or the corpus gate score is below
``min-corpus-score``.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from mtqa.gate.baseline import Entry, match
from mtqa.config import Config, ConfigError, declare
from mtqa.report.fingerprint import CONTEXT, fingerprint
from mtqa.model import ArticleResult, Finding, ParagraphResult, Severity
from mtqa.aggregate.records import Report
from mtqa.report.text import plural

DEFAULTS: dict[str, Any] = {
    "fail-on": "major",  # any new finding at or above this severity fails ("none": off)
    "warn-on": "minor",  # new findings below fail-on but at or above this are warnings
    "min-article-score": 0,  # 0: off
    "min-corpus-score": 0,  # 0: off
    "max-per-1k-words": {},  # family -> most new findings per 1,000 words
    "baseline": "",  # baseline file (relative to the config file)
    "suppressions": "",  # suppressions file exported from the HTML report's triage
}
declare("gate", DEFAULTS)

OFF = ("none", "off", "")


@dataclass(frozen=True)
class Thresholds:
    fail_on: Severity | None = Severity.MAJOR
    warn_on: Severity | None = Severity.MINOR
    min_article_score: float = 0
    min_corpus_score: float = 0
    max_per_1k_words: dict[str, float] = field(default_factory=dict)

    def as_config(self) -> dict[str, Any]:
        return {"fail-on": self.fail_on.value if self.fail_on else "none",
                "warn-on": self.warn_on.value if self.warn_on else "none",
                "min-article-score": self.min_article_score, "min-corpus-score": self.min_corpus_score,
                "max-per-1k-words": dict(self.max_per_1k_words)}

    def describe(self) -> str:
        bits = [f"fail-on {self.fail_on.value if self.fail_on else 'none'}"]
        if self.min_article_score:
            bits.append(f"min-article-score {self.min_article_score:g}")
        if self.min_corpus_score:
            bits.append(f"min-corpus-score {self.min_corpus_score:g}")
        bits += [f"max {v:g} {k}/1k words" for k, v in sorted(self.max_per_1k_words.items())]
        return ", ".join(bits)


def _severity(value: Any, key: str, where: str) -> Severity | None:
    if isinstance(value, str) and value.lower() in OFF:
        return None
    try:
        return Severity.parse(str(value))
    except ValueError:
        raise ConfigError(f"{where}: 'gate.{key}' should be minor, major, critical or none, got {value!r}") from None


def _number(value: Any, key: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise ConfigError(f"{where}: '{key}' should be a number >= 0, got {value!r}")
    return float(value)


def thresholds(config: Config) -> Thresholds:
    """Validated thresholds from the config's ``[gate]`` table (with CLI overrides applied)."""
    from mtqa.checks.registry import all_checks

    where = config.path or "config"
    table = config.table("gate")
    limits = table["max-per-1k-words"]
    families = sorted({c.family for c in all_checks().values()})
    checked: dict[str, float] = {}
    for family, value in limits.items():
        if family not in families:
            raise ConfigError(f"{where}: unknown family 'gate.max-per-1k-words.{family}' "
                              f"(known: {', '.join(families)})")
        checked[family] = _number(value, f"gate.max-per-1k-words.{family}", where)
    score_max = {"min-article-score": 100, "min-corpus-score": 100}
    for key, top in score_max.items():
        if _number(table[key], f"gate.{key}", where) > top:
            raise ConfigError(f"{where}: 'gate.{key}' should be between 0 and 100, got {table[key]!r}")
    return Thresholds(fail_on=_severity(table["fail-on"], "fail-on", where),
                      warn_on=_severity(table["warn-on"], "warn-on", where),
                      min_article_score=float(table["min-article-score"]),
                      min_corpus_score=float(table["min-corpus-score"]), max_per_1k_words=checked)


def entry_files(config: Config, baseline: str | Path | None = None,
                suppressions: str | Path | None = None) -> dict[str, Path]:
    """The suppressions and baseline files to read (keys ``suppressions``, ``baseline``):
    the command line's (relative to the working folder) or else the config's (relative to
    the config file)."""
    base = Path(config.path).parent if config.path and Path(config.path).is_file() else Path()
    out = {}
    for key, given in (("suppressions", suppressions), ("baseline", baseline)):
        if given:
            out[key] = Path(given)
        elif config.table("gate")[key]:
            path = Path(config.table("gate")[key])
            out[key] = path if path.is_absolute() else base / path
    return out


# ---- verdicts ----------------------------------------------------------------------------

@dataclass(frozen=True)
class GateFinding:
    finding: Finding
    fingerprint: str
    text: str  # the flagged text (for a zero-width span: the text around it)
    entry: Entry | None = None  # the baseline/suppression entry it matched
    level: str = "note"  # "error" (fails the gate), "warning", "note", or "known"

    @property
    def status(self) -> str:
        return "new" if self.entry is None else ("baselined" if self.entry.status == "baseline" else "suppressed")

    def as_dict(self) -> dict[str, Any]:
        f = self.finding
        out = {"fingerprint": self.fingerprint, "article": f.article, "code": f.code, "family": f.family,
               "mqm": f.mqm, "severity": f.severity.value, "level": self.level, "status": self.status,
               "paragraph": f.paragraph, "start": f.start, "end": f.end, "message": f.message,
               "suggestion": f.suggestion, "text": self.text}
        if self.entry is not None and self.entry.note:
            out["note"] = self.entry.note
        return out


@dataclass(frozen=True)
class ArticleVerdict:
    result: ArticleResult
    findings: tuple[GateFinding, ...]
    gate_score: float
    reasons: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.result.article.id

    @property
    def passed(self) -> bool:
        return not self.reasons

    def at(self, level: str) -> list[GateFinding]:
        return [g for g in self.findings if g.level == level]


@dataclass
class GateResult:
    report: Report
    thresholds: Thresholds
    articles: list[ArticleVerdict]
    corpus_score: float | None
    reasons: list[str]  # corpus-level: score, unreadable input
    stale: list[Entry]
    scored: int = 0
    reused: int = 0

    @property
    def passed(self) -> bool:
        return not self.reasons and all(a.passed for a in self.articles)

    @property
    def failed_articles(self) -> list[ArticleVerdict]:
        return [a for a in self.articles if not a.passed]

    @property
    def stale_suppressions(self) -> list[Entry]:
        return [e for e in self.stale if e.suppressed]

    @property
    def stale_baseline(self) -> list[Entry]:
        return [e for e in self.stale if not e.suppressed]

    def counts(self) -> dict[str, int]:
        every = [g for a in self.articles for g in a.findings]
        status = Counter(g.status for g in every)
        level = Counter(g.level for g in every)
        return {"findings": len(every), "new": status["new"], "baselined": status["baselined"],
                "suppressed": status["suppressed"], "errors": level["error"], "warnings": level["warning"],
                "notes": level["note"]}

    def summary(self) -> dict[str, Any]:
        return {"passed": self.passed, "articles": len(self.articles), "failed": len(self.failed_articles),
                "words": sum(a.result.words for a in self.articles),
                "score": self.report.score, "gate_score": self.corpus_score, **self.counts(),
                "stale_suppressions": len(self.stale_suppressions), "stale_baseline": len(self.stale_baseline),
                "input_errors": len(self.report.errors), "scored": self.scored, "reused": self.reused}

    def to_dict(self, locator: Any = None) -> dict[str, Any]:
        """The gate's JSON document (``--format json``); ``locator`` adds file/line/col."""
        from mtqa.version import __version__

        def finding(v: ArticleVerdict, g: GateFinding) -> dict[str, Any]:
            out = g.as_dict()
            if locator is not None:
                p = next(p for p in v.result.paragraphs if p.paragraph.index == g.finding.paragraph)
                out["line"], out["col"] = locator.position(v.result, p, g.finding.start)
            return out

        return {
            "mtqa": __version__, "kind": "mtqa-gate", "source": self.report.source, "input": self.report.kind,
            "passed": self.passed, "thresholds": self.thresholds.as_config(), "summary": self.summary(),
            "reasons": list(self.reasons),
            "articles": [{"id": v.id, "path": v.result.article.path, "passed": v.passed, "reasons": list(v.reasons),
                          "score": v.result.score, "gate_score": v.gate_score, "words": v.result.words,
                          "findings": [finding(v, g) for g in v.findings]} for v in self.articles],
            "stale": [{"fingerprint": e.fingerprint, "article": e.article, "code": e.code, "status": e.status,
                       "text": e.text, "note": e.note, "source": e.source} for e in self.stale],
            "errors": [{"path": e.path, "line": e.line, "message": e.message} for e in self.report.errors],
            "signatures": self.report.signatures,
        }

    def summary_line(self) -> str:
        s = self.summary()
        verdict = "passed" if self.passed else "FAILED"
        head = f"mtqa gate {verdict}: {s['failed']} of {plural(s['articles'], 'article')} failed"
        if self.report.errors:
            head += f", {plural(len(self.report.errors), 'input')} unreadable"
        known = f", {s['baselined']} baselined, {s['suppressed']} suppressed" if s["baselined"] or s["suppressed"] else ""
        score = f"; corpus score {self.corpus_score:.1f}" if self.corpus_score is not None else ""
        return (f"{head} ({self.thresholds.describe()}); {plural(s['findings'], 'finding')}: {s['errors']} failing, "
                f"{plural(s['warnings'], 'warning')}{known}{score}")


def flagged_text(text: str, start: int, end: int) -> str:
    if end > start:
        return text[start:end]
    return (text[max(0, start - CONTEXT // 2): start] + "‸" + text[start: start + CONTEXT // 2]).strip()


def _article_findings(a: ArticleResult) -> list[tuple[ParagraphResult, Finding]]:
    return [(p, f) for p in a.paragraphs for f in p.findings]


def evaluate(report: Report, th: Thresholds, entries: Sequence[Entry] = (), *,
             scored: int | None = None, reused: int = 0) -> GateResult:
    """The gate's verdicts over ``report``."""
    from mtqa.scoring.combine import weighted

    pairs = [(a, p, f) for a in report.articles for p, f in _article_findings(a)]
    fps = [fingerprint(a.article.id, f.code, p.paragraph.mt, f.start, f.end) for a, p, f in pairs]
    present = {a.article.id for a in report.articles}
    matched, stale = match(fps, [e for e in entries if not e.article or e.article in present])
    per_article: dict[str, list[GateFinding]] = {}
    for (a, p, f), fp, entry in zip(pairs, fps, matched):
        per_article.setdefault(a.article.id, []).append(
            GateFinding(f, fp, flagged_text(p.paragraph.mt, f.start, f.end), entry))
    verdicts = [_verdict(a, per_article.get(a.article.id, []), th) for a in report.articles]
    reasons = [f"{e}: could not be read" for e in report.errors]
    corpus = weighted([v.gate_score for v in verdicts], [v.result.words for v in verdicts]) if verdicts else None
    if th.min_corpus_score and corpus is not None and corpus < th.min_corpus_score:
        reasons.append(f"corpus score {corpus:.1f} is below min-corpus-score {th.min_corpus_score:g}")
    return GateResult(report, th, verdicts, corpus, reasons, stale,
                      scored=len(report.articles) if scored is None else scored, reused=reused)


def _level(g: GateFinding, th: Thresholds, dense: set[str]) -> str:
    if g.entry is not None:
        return "known"
    rank = g.finding.severity.rank
    if (th.fail_on is not None and rank >= th.fail_on.rank) or g.finding.family in dense:
        return "error"
    if th.warn_on is not None and rank >= th.warn_on.rank:
        return "warning"
    return "note"


def _verdict(a: ArticleResult, found: list[GateFinding], th: Thresholds) -> ArticleVerdict:
    new = [g for g in found if g.entry is None]
    reasons: list[str] = []
    dense: set[str] = set()
    if a.words:
        for family, n in sorted(Counter(g.finding.family for g in new).items()):
            limit = th.max_per_1k_words.get(family)
            rate = n * 1000 / a.words
            if limit is not None and rate > limit:
                dense.add(family)
                reasons.append(f"{plural(n, family + ' finding')} in {plural(a.words, 'word')} = "
                               f"{rate:.1f} per 1k words (max-per-1k-words {limit:g})")
    graded = tuple(GateFinding(g.finding, g.fingerprint, g.text, g.entry, _level(g, th, dense)) for g in found)
    blocking = [g for g in graded if g.entry is None and th.fail_on is not None
                and g.finding.severity.rank >= th.fail_on.rank]
    if blocking:
        by_sev = Counter(g.finding.severity.value for g in blocking)
        sev = ", ".join(f"{n} {s}" for s, n in sorted(by_sev.items(), key=lambda x: -Severity(x[0]).rank))
        first = blocking[0]
        more = f" +{len(blocking) - 1} more" if len(blocking) > 1 else ""
        reasons.insert(0, f"{sev} finding{'s' if len(blocking) > 1 else ''} at or above {th.fail_on.value} "  # type: ignore[union-attr]
                          f"({first.finding.code} ¶{first.finding.paragraph} \"{_short(first.text)}\": "
                          f"{first.finding.message}{more})")
    score = gate_score(a, [g.finding for g in graded if g.entry is not None])
    if th.min_article_score and score < th.min_article_score:
        why = f"score {score:.1f} is below min-article-score {th.min_article_score:g}"
        if score != a.score:
            why += f" (raw score {a.score:.1f})"
        reasons.append(why)
    return ArticleVerdict(a, graded, score, tuple(reasons))


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# ---- scores without the penalties of known findings ------------------------------------

def gate_score(a: ArticleResult, known: Iterable[Finding]) -> float:
    """The article score recomputed without the penalties of ``known`` findings (baselined or
    suppressed), aggregated the way the pipeline does (sentences or table rows -> paragraphs
    -> article). With no known finding it is the article's own score."""
    from mtqa.scoring.combine import article_score

    left = Counter(known)
    if not left:
        return a.score

    def keep(findings: Iterable[Finding]) -> list[Finding]:
        out = []
        for f in findings:
            if left[f] > 0:
                left[f] -= 1
            else:
                out.append(f)
        return out

    return article_score(a, keep)
