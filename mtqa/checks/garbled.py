"""Garbled sentences: text a reader cannot make sense of.

First checks of the family: a word stuttered ("the the"), a sentence cut off in mid-air, and
meaning that drifts away from the aligned reference (embedding similarity and chrF++ both
low). Calibrated scoring of the whole family comes with the garbled issue.
"""
from __future__ import annotations

import re
from typing import Iterable

from ..config import declare
from ..lexicon import word_list
from ..scoring.embed import MODELS
from ..model import Severity
from .registry import Context, Hit, check

declare("garbled", {"drift-similarity": 0.55, "drift-chrf": 40.0, "drift-chrf-similarity": 0.8})

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@check(code="GB01", name="repeated-word", family="garbled", mqm="Fluency/Grammar", severity="minor",
       fail=["Both both sides signed the deal.", "The the council met on Monday."],
       passes=["She had had enough of the delays.", "He said that that plan was dead.", "Bora Bora is far."])
def repeated_word(ctx: Context) -> Iterable[Hit]:
    """A word repeated straight after itself ("the the", "both both both").

    What it does
    : Flags two or more identical words in a row (ignoring case), except pairs English uses
      on purpose ("had had", "that that") and reduplicated names, listed in
      `mtqa/data/repeatable_words.txt`.

    Why it matters
    : Stutters are a classic MT decoding failure and make a sentence look broken at once.

    Example
    : "Both both sides signed the deal."

    Use instead
    : "Both sides signed the deal."

    Options
    : none
    """
    ok = word_list("repeatable_words.txt")
    words = list(_WORD.finditer(ctx.text))
    i = 0
    while i < len(words) - 1:
        j = i
        while j + 1 < len(words) and _same(ctx.text, words[j], words[j + 1]):
            j += 1
        first = words[i].group()
        names = (first[0].isupper() and words[i + 1].group()[0].isupper()  # "Bora Bora"
                 and first.lower() not in word_list("function_words.txt"))
        if j > i and first.lower() not in ok and not names:
            n = j - i + 1
            yield Hit(words[i].start(), words[j].end(), f"'{first}' is repeated {n} times in a row",
                      suggestion=first, severity=None if n == 2 else Severity.MAJOR)
        i = j + 1


def _same(text: str, a: re.Match, b: re.Match) -> bool:
    return a.group().lower() == b.group().lower() and not text[a.end():b.start()].strip()


_DANGLING = re.compile(r"(?:,|\b(?P<w>[A-Za-z]+))\s*$")


@check(code="GB02", name="truncated-sentence", family="garbled", mqm="Fluency/Grammar", severity="major",
       fail=["The minister said that the new rules for the.", "Repairs will continue until the,"],
       passes=["Repairs will continue until the end of the month.", "Peskov replied",
               "What are they waiting for?"])
def truncated_sentence(ctx: Context) -> Iterable[Hit]:
    """A sentence that stops in mid-air: it ends on a function word or a dangling comma.

    What it does
    : Flags a sentence whose last word (before any final full stop) is an article,
      preposition, conjunction or auxiliary from `mtqa/data/function_words.txt`, or which
      ends with a comma.

    Why it matters
    : Truncated output is a meaning loss the reader notices but cannot repair.

    Example
    : "The minister said that the new rules for the."

    Use instead
    : Restore the rest of the sentence from the source or reference.

    Options
    : none
    """
    function_words = word_list("function_words.txt")
    for s in ctx.sentences:
        body = s.text.rstrip(".!?…\"'”’» ")
        if s.text.rstrip().endswith(("?", "!")):
            continue
        m = _DANGLING.search(body)
        if not m:
            continue
        w = m.group("w")
        if w is None or w.lower() in function_words:
            start = s.start + m.start()
            yield Hit(start, s.start + len(body), "The sentence seems cut off: it ends on "
                      + (f"'{w}'" if w else "a comma"))


@check(code="GB03", name="meaning-drift", family="garbled", mqm="Accuracy/Mistranslation", severity="major",
       needs=("ref",), pipeline=True,
       fail=[{"mt": "The head of the region until he intends to visit, however, the repairs voiced readiness.",
              "ref": "The regional governor has not yet said when he will visit the repaired substations."}],
       passes=[{"mt": "The governor has not yet said when he will visit the repaired substations.",
                "ref": "The regional governor has not yet said when he will visit the repaired substations."}])
def meaning_drift(ctx: Context) -> Iterable[Hit]:
    """The sentence says something else than the aligned reference sentence.

    What it does
    : Flags an MT sentence whose MiniLM cosine to its aligned reference is very low, or
      whose chrF++ is low while the cosine is not high, and points at the longest run of
      words with no counterpart in the reference. (Uncalibrated thresholds; word salad that
      keeps the reference's words can still pass.)

    Why it matters
    : Word salad and lost meaning are the errors readers notice first.

    Example
    : "The head of the region until he intends to visit, however, the repairs voiced readiness."

    Use instead
    : Rewrite from the reference: "The regional governor has not yet said when he will visit."

    Options
    : `drift-similarity` (cosine below which meaning drifts, 0.55); `drift-chrf` (chrF++
      below which it drifts, 40) together with `drift-chrf-similarity` (... if the cosine is
      also below 0.8).
    """
    sim_limit = float(ctx.options["drift-similarity"])
    chrf_limit = float(ctx.options["drift-chrf"])
    chrf_sim_limit = float(ctx.options["drift-chrf-similarity"])
    for s in ctx.sentences:
        ref = s.aligned.get("ref", "")
        m = s.metrics
        if not ref or len(s.text.split()) < 4:
            continue
        sim, chrf = m.similarity, m.chrf
        if sim is None and chrf is None:
            sim, chrf = _fallback_similarity(s.text, ref)
        low_sim = sim is not None and sim < sim_limit
        low_chrf = chrf is not None and chrf < chrf_limit and (sim is None or sim < chrf_sim_limit)
        if not (low_sim or low_chrf):
            continue
        start, end, run = _worst_run(s.text, ref)
        msg = "Meaning drifts from the reference"
        if run:
            msg += f": '{run}' has no counterpart in it"
        yield Hit(s.start + start, s.start + end, msg, suggestion=ref,
                  confidence=1.0 if (sim or 0) < MODELS["minilm"].floor + 0.2 else 0.8)


def _fallback_similarity(mt: str, ref: str) -> tuple[float | None, float | None]:
    """Without model scores (examples, tests): chrF++ alone decides."""
    from sacrebleu.metrics import CHRF

    return None, CHRF(word_order=2).sentence_score(mt, [ref]).score


def _worst_run(mt: str, ref: str) -> tuple[int, int, str]:
    ref_words = {w.lower() for w in _WORD.findall(ref)}
    best: tuple[int, int] = (0, 0)
    run_start = None
    words = list(_WORD.finditer(mt))
    for i, w in enumerate(words + [None]):
        novel = w is not None and w.group().lower() not in ref_words
        if novel and run_start is None:
            run_start = i
        if not novel and run_start is not None:
            if i - run_start > best[1] - best[0]:
                best = (run_start, i)
            run_start = None
    if best[1] - best[0] < 2:
        return 0, len(mt.rstrip()), ""
    a, b = words[best[0]].start(), words[best[1] - 1].end()
    return a, b, mt[a:b]
