"""The one ``score`` (0-100, higher is better) for sentences, table rows, paragraphs and articles.

Definition (calibrated on human judgments; ``python -m mtqa.calibrate`` writes the model):

1. The mode is what the input provides for this piece of text: ``reference`` (an aligned
   reference) > ``backtranslation`` > ``source`` > ``mt-only``. An empty or blank cell
   provides nothing: a table row with an empty reference is scored from its source (or its
   MT alone), and an empty MT has no similarity to anything.
2. The signals of :mod:`mtqa.scoring.features` for that mode are standardised with the
   training mean and spread (a missing signal counts as its mean) and combined linearly with
   the mode's weights, fitted on WMT human scores (MQM penalties and DA z-scores) by
   ``mtqa.calibrate``.
3. A logistic curve fitted to the DA raw scale maps the result onto 0..100, so a score reads
   like a human adequacy judgment (WMT22 uk-en: mean 70; below ~50 "significant errors").
4. Findings of the other families do not enter the fit (on the dev data they got no
   consistent weight); a critical one (an empty translation, a copy of the source ...) caps
   its sentence or table row at 20, whatever the mode, since no signal can see what it found.
5. A table row is scored from its own signals, a folder sentence from its alignment
   block's; paragraph score = mean of its sentence (or row) scores weighted by words;
   article score = mean of paragraph scores weighted by words; run score likewise.
"""
from __future__ import annotations

from typing import Callable, Iterable, Sequence

from mtqa.model import ArticleResult, Finding, Metrics, ParagraphResult
from mtqa.segment import word_count
from mtqa.scoring import calibration
from mtqa.scoring.features import mode_of

GARBLED = "garbled"  # its findings are read off the same signals, so they never count twice
CRITICAL_CAP = 20.0


def finding_features(findings: Iterable[Finding]) -> dict[str, float]:
    """Counts of the other families' findings (minor; major, a critical one counting 2.5):
    reported beside the signals, not part of the fitted score."""
    minor = major = 0.0
    for f in findings:
        if f.family == GARBLED:
            continue
        if f.severity.value == "minor":
            minor += f.confidence
        else:
            major += f.confidence * (2.5 if f.severity.value == "critical" else 1.0)
    return {"findings_minor": minor, "findings_major": major}


def quality(m: Metrics, findings: Iterable[Finding] = ()) -> float:
    """0..100 from the calibrated model of the metrics' mode, capped by critical findings."""
    model = calibration.model(mode_of(m), m.pair)
    if model is None:  # no calibration file (a fresh checkout before training): chrF++ or 100
        value = 100.0 if m.chrf is None else float(m.chrf)
    else:
        value = model.score_of(m.features or {})
    if any(f.severity.value == "critical" and f.family != GARBLED for f in findings):
        value = min(value, CRITICAL_CAP)
    return value


def sentence_score(m: Metrics, findings: Iterable[Finding]) -> float:
    return round(min(100.0, max(0.0, quality(m, list(findings)))), 1)


def weighted(scores: Sequence[float], weights: Sequence[int]) -> float:
    pairs = [(s, max(1, w)) for s, w in zip(scores, weights)]
    if not pairs:
        return 100.0
    return round(sum(s * w for s, w in pairs) / sum(w for _, w in pairs), 1)


Keep = Callable[[Iterable[Finding]], list[Finding]]


def paragraph_score(p: ParagraphResult, table: bool, keep: Keep | None = None) -> float:
    """A paragraph's score: table rows (scored from their own signals) or sentences, weighted
    by words; with no MT sentence, its findings alone. ``keep`` re-scores each piece with only
    the findings it keeps (the gate leaves out baselined ones); without it the pieces' own
    scores are used."""
    def piece(m: Metrics, findings: Iterable[Finding], own: float | None) -> float:
        return own if keep is None and own is not None else sentence_score(m, keep(findings) if keep else findings)

    if table and p.parts:
        return weighted([piece(r.metrics, r.findings, r.score) for r in p.parts],
                        [word_count(r.part.texts.get("mt", "")) for r in p.parts])
    if p.sentences:
        return weighted([piece(s.metrics, s.findings, s.score) for s in p.sentences],
                        [word_count(s.text) for s in p.sentences])
    return piece(Metrics(), p.findings, None)


def article_score(a: ArticleResult, keep: Keep | None = None) -> float:
    """Word-weighted mean of the article's paragraph scores (see :func:`paragraph_score`)."""
    table = a.article.kind == "table"
    return weighted([paragraph_score(p, table, keep) for p in a.paragraphs], [p.words for p in a.paragraphs])
