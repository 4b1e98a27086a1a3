"""Fluency signals of one sentence from its token log-probabilities (:mod:`mtqa.fluency.lm`).

- ``lm_slor``: SLOR, the model's log-probability of the sentence minus the log-probability
  of its words by their frequency alone (wordfreq), per word: how much better than a bag of
  the same words the sentence reads. Rare words do not lower it, since their frequency
  already expects them to be unlikely.
- ``lm_logprob``: the mean log-probability per token.
- ``lm_window``: the worst short window (2-6 words) of *excess surprisal*: per word, how
  much less likely the model finds it in place than its frequency predicts, over what is
  usual for a word of real MT news (in context a word is typically 2.3 nats *more* likely
  than its frequency says: the median over 6,000 words of WMT23 uk-en MT), summed over the
  window and divided by the square root of its length. The first word (the model has hardly
  any context for it), names (capitalised words after the first), numbers, words wordfreq
  hardly knows (below Zipf 2.5: "semaglutide") and the word after such a term (not after
  a name: "Biden until" is where the seed sentence breaks) add nothing,
  so a rare term or an unusual name is not read as broken English.

Higher ``lm_slor``/``lm_logprob`` read better; higher ``lm_window`` reads worse.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from mtqa.fluency.lm import Fluency, LMResult

FLUENCY = ("lm_slor", "lm_logprob", "lm_window")  # the signals, as the score stage names them

MIN_WINDOW, MAX_WINDOW = 2, 6
RARE_ZIPF = 2.5  # words wordfreq knows less well than this are terms or names: no excess
FLOOR_ZIPF = 1.0  # an unknown word's frequency, as wordfreq's ``minimum``
LN10 = math.log(10)
USUAL_GAIN = 2.3  # nats: median (unigram - model) log-probability of a word of real MT news, negated

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class Window:
    """The worst window: its words' character span in the text and its excess surprisal."""
    start: int
    end: int
    score: float
    text: str


@dataclass(frozen=True)
class Words:
    spans: tuple[tuple[int, int], ...]
    lm: np.ndarray  # the model's log-probability of each word (its tokens', punctuation after it included)
    unigram: np.ndarray  # ln p(word) by frequency
    excluded: np.ndarray  # names, numbers and rare words: no excess
    named: np.ndarray  # the excluded words that are capitalised (names, whose next word still counts)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict("en", "best")


def zipf(word: str) -> float:
    """Zipf frequency of a lower-cased English word by wordfreq (0 when unknown)."""
    f = _frequencies().get(word)
    return 0.0 if not f else math.log10(f) + 9.0


def unigram_logprob(word: str) -> float:
    return (max(FLOOR_ZIPF, zipf(word.lower().replace("’", "'"))) - 9.0) * LN10


def _excluded(word: str, index: int) -> bool:
    if any(c.isdigit() for c in word):
        return True
    z = zipf(word.lower().replace("’", "'"))
    if word[0].isupper() and (index > 0 or word.isupper() or z < 3.0):
        return True  # a name (the first word of a sentence is a name only when it is not a common word)
    return z < RARE_ZIPF


def words_of(text: str, r: LMResult) -> Words | None:
    """Words of the text with the log-probabilities of their tokens (a token belongs to the
    word its last character is in; punctuation to the word before it)."""
    found = list(_TOKEN.finditer(text))
    if not found:
        return None
    starts = np.array([m.start() for m in found])
    lm = np.zeros(len(found))
    for e, lp in zip(r.ends, r.logprobs):
        k = int(np.searchsorted(starts, int(e) - 1, side="right")) - 1
        lm[max(0, k)] += float(lp)
    return Words(tuple((m.start(), m.end()) for m in found), lm,
                 np.array([unigram_logprob(m.group()) for m in found]),
                 np.array([_excluded(m.group(), i) for i, m in enumerate(found)]),
                 np.array([m.group()[0].isupper() for m in found]))


def excess(w: Words) -> np.ndarray:
    """Per word, how many nats less likely the model finds it than its frequency predicts,
    plus the usual gain of a word in context (0 for the first word, excluded words and the
    word after an excluded one)."""
    skip = w.excluded.copy()
    skip[0] = True
    skip[1:] |= w.excluded[:-1] & ~w.named[:-1]
    return np.where(skip, 0.0, w.unigram - w.lm + USUAL_GAIN)


def worst_window(text: str, w: Words) -> Window | None:
    """The 2-6-word window with the highest summed excess surprisal / sqrt(length)."""
    ex = excess(w)
    n = len(ex)
    if n < MIN_WINDOW:
        return None
    csum = np.concatenate([[0.0], np.cumsum(ex)])
    best: tuple[float, int, int] | None = None
    for size in range(MIN_WINDOW, min(MAX_WINDOW, n) + 1):
        sums = (csum[size:] - csum[:-size]) / math.sqrt(size)
        i = int(np.argmax(sums))
        if best is None or sums[i] > best[0] + 1e-9:
            best = (float(sums[i]), i, i + size)
    assert best is not None
    score, a, b = best
    # trim words with no excess of their own from both ends, so the span is what reads badly
    while b - a > MIN_WINDOW and ex[a] <= 0:
        a += 1
    while b - a > MIN_WINDOW and ex[b - 1] <= 0:
        b -= 1
    start, end = w.spans[a][0], w.spans[b - 1][1]
    return Window(start, end, round(score, 4), text[start:end])


def sentence_signals(text: str, r: LMResult | None) -> dict[str, float]:
    """``lm_slor``, ``lm_logprob`` and ``lm_window`` of one sentence (empty without a result)."""
    if r is None or not len(r.logprobs):
        return {}
    w = words_of(text, r)
    if w is None:
        return {}
    out = {"lm_slor": round(float((r.logprobs.sum() - w.unigram.sum()) / len(w.spans)), 4),
           "lm_logprob": round(float(r.logprobs.mean()), 4)}
    win = worst_window(text, w)
    out["lm_window"] = win.score if win is not None else 0.0
    return out


def combined(texts: Sequence[str], results: Sequence[LMResult | None]) -> dict[str, float]:
    """The signals of several sentences (a table row): SLOR and log-probability over all
    their words and tokens, the worst window of any."""
    parts = [(t, r, words_of(t, r)) for t, r in zip(texts, results) if r is not None and len(r.logprobs)]
    parts = [(t, r, w) for t, r, w in parts if w is not None]
    if not parts:
        return {}
    if len(parts) == 1:
        return sentence_signals(parts[0][0], parts[0][1])
    lp = sum(float(r.logprobs.sum()) for _, r, _ in parts)
    tokens = sum(len(r.logprobs) for _, r, _ in parts)
    uni = sum(float(w.unigram.sum()) for _, _, w in parts)
    nwords = sum(len(w.spans) for _, _, w in parts)
    wins = [win.score for t, _, w in parts if (win := worst_window(t, w)) is not None]
    return {"lm_slor": round((lp - uni) / nwords, 4), "lm_logprob": round(lp / tokens, 4),
            "lm_window": max(wins, default=0.0)}


def of_texts(lm: "Fluency", texts: Sequence[str]) -> tuple[dict[str, float], Window | None]:
    """The fluency signals of these sentences, when the model has read every one, and, for
    one sentence, its worst window."""
    texts = [t for t in texts if t.strip()]
    results = [lm.get(t) for t in texts]
    if not results or any(r is None for r in results):
        return {}, None
    window = None
    if len(texts) == 1 and (w := words_of(texts[0], results[0])) is not None:  # type: ignore[arg-type]
        window = worst_window(texts[0], w)
    return combined(texts, results), window
