"""Broken idioms: calques of Ukrainian (or Russian) phrasing, literal renderings of idioms,
false friends, and near misses of English idioms.

Knowledge lives in data files: ``mtqa/data/calques.tsv`` (calques and false friends),
``mtqa/data/idioms_literal.tsv`` (Ukrainian idioms rendered word by word) and
``mtqa/data/english_idioms.txt`` (English idioms for near misses); see
:mod:`.idiom_lexicon`, :mod:`.idiom_patterns` and :mod:`.idiom_nearmiss`.

Context: when the aligned source sentence holds the Ukrainian phrase behind an entry, the
finding is major and more confident; when the aligned reference uses the native wording, the
suggestion quotes it. A calque or false friend is flagged even when the reference has it too:
the reference is another translation, not an authority on English (ID04 near misses, which
are fuzzier, are still silenced by a reference with the same phrase). A suggestion is fitted
to its place (:mod:`.fit`): its last word takes the flagged phrase's number and an article
before it is corrected ("a problematic issue" -> "a problem", not "a problems").
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterable

from mtqa.config import declare
from mtqa.model import Severity
from mtqa.checks.idioms.fit import fit
from mtqa.checks.idioms.lexicon import Entry, entries, validate_options
from mtqa.checks.idioms.nearmiss import find_idioms
from mtqa.checks.idioms.patterns import anchor_word, native_pattern, source_has
from mtqa.checks.registry import Context, Hit, check

# The family is "idiom"; its options live in the [idioms] table (check(table="idioms")).
declare("idioms", {"extra": [], "disable": []}, validate_options)

SOURCE_CONFIDENCE = 0.95
SOURCE_MISSING_FACTOR = 0.6  # a source is there but does not hold the phrase: maybe a legit use
LABELS = {"calque": "Calque", "literal": "Literal idiom", "false-friend": "False friend"}
_LEAD = "\"“«'‘(—–- \t"


def calques() -> tuple[tuple[dict[str, str], re.Pattern[str]], ...]:
    """The built-in lexicon as (row, compiled pattern) pairs (kept for callers and tests)."""
    return tuple(({"id": e.id, "kind": e.kind, "pattern": e.pattern}, e.regex) for e in entries({}))


@lru_cache(maxsize=8192)
def matches(lexicon: tuple[Entry, ...], text: str) -> tuple[tuple[Entry, int, int], ...]:
    """Non-overlapping lexicon matches in a sentence; the longest wins an overlap."""
    found = []
    low = text.lower()
    for entry in lexicon:
        anchor = anchor_word(entry.pattern)
        if anchor and anchor not in low:
            continue  # a word every match needs is not there
        for m in entry.regex.finditer(text):
            start = m.start()
            while start < m.end() and text[start] in _LEAD:
                start += 1
            end = m.end()
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                found.append((entry, start, end))
    kept: list[tuple[Entry, int, int]] = []
    for item in sorted(found, key=lambda f: (-(f[2] - f[1]), f[1])):
        if all(item[2] <= k[1] or k[2] <= item[1] for k in kept):
            kept.append(item)
    return tuple(sorted(kept, key=lambda f: f[1]))


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def native_in(reference: str, suggestions: Iterable[str]) -> str | None:
    """The reference's own wording of one of the suggestions, if it has one."""
    for alt in suggestions:
        m = native_pattern(alt).search(reference)
        if m:
            return m.group()
    return None


def lexicon_hits(ctx: Context, kind: str) -> Iterable[Hit]:
    lexicon = entries(ctx.options, ctx.article.path)
    for s in ctx.sentences:
        ref, src = s.aligned.get("ref", ""), s.aligned.get("src", "")
        for entry, a, b in matches(lexicon, s.text):
            if entry.kind != kind:
                continue
            text = s.text[a:b]
            # a calque is a calque even when the reference has it too (the reference is
            # another translation, not an authority): its wording is used only for the suggestion
            hit = _hit(entry, a, b, text, ref, src)
            if hit.suggestion:  # read grammatically in place: "a problem", not "a problems"
                a, b, fitted = fit(s.text, a, b, hit.suggestion)
                hit = replace(hit, start=a, end=b, suggestion=fitted)
            yield replace(hit, start=s.start + hit.start, end=s.start + hit.end)


def _hit(entry: Entry, start: int, end: int, text: str, ref: str, src: str) -> Hit:
    message = f"{LABELS[entry.kind]} '{text}': {entry.why}"
    severity, confidence = None, entry.confidence
    if src and entry.origin:
        if source_has(entry.origin, src):
            severity, confidence = Severity.MAJOR, max(SOURCE_CONFIDENCE, entry.confidence)
            message += f" (the source has {entry.origin.split(' / ')[0]})"
        else:
            confidence = round(entry.confidence * SOURCE_MISSING_FACTOR, 2)
    elif entry.origin:
        message += f" (from {entry.origin})"
    suggestion = entry.suggestions[0] if entry.suggestions else None
    native = native_in(ref, entry.suggestions) if ref else None
    if native:
        suggestion = native
        message += f"; the reference says '{native}'"
    elif len(entry.suggestions) > 1:
        message += "; or: " + ", ".join(f"'{s}'" for s in entry.suggestions[1:])
    return Hit(start, end, message, suggestion=suggestion, severity=severity, confidence=confidence)


@check(table="idioms", code="ID01", name="calque", family="idiom", mqm="Style/Unidiomatic", severity="minor",
       fail=["Recall that the bridge was damaged in May.", "The works took place on the territory of the region.",
             "The council accepted a decision to close the school.",
             {"mt": "The council accepted a decision to close the school.",
              "src": "Рада прийняла рішення закрити школу."},
             {"mt": "Shelling continued on the territory of the region.",
              "ref": "Shelling continued on the territory of the region overnight."}],
       passes=["Officials recall that the bridge was built in 1957.", "The territory was mined.",
               "The council decided to close the school.", "The cabinet met on Tuesday.",
               {"mt": "The bridge was damaged in May.", "ref": "Recall that the bridge was damaged in May."}])
def calque(ctx: Context) -> Iterable[Hit]:
    """A phrase that is Ukrainian word by word and not English ("Recall that ...").

    What it does
    : Matches each sentence against the calque rows of `mtqa/data/calques.tsv` (English
      pattern, Ukrainian/Russian origin, why it is wrong, what to write instead) and of your
      `extra` files. With a source, a row whose Ukrainian origin is in the aligned source
      sentence is reported as major; with a reference, the suggestion quotes the reference's
      native wording. A reference that uses the calque too does not silence it: references
      are translations with calques of their own ("on the territory of"). Many rows
      were mined from real uk-en MT ("Read also:", "This was stated by ..."); their `source`
      says where and how often the systems wrote them.

    Why it matters
    : Calques are the surest sign of unedited machine translation; readers stumble on them
      even when the facts are right.

    Example
    : "Recall that the bridge was damaged in May." (Нагадаємо, ...); "accepted a decision"
      (прийняти рішення); "on the territory of the region" (на території).

    Use instead
    : "The bridge was damaged in May." or "As previously reported, ..."; "made a decision";
      "in the region".

    Options
    : `extra`: lexicon files of your own (same columns as `mtqa/data/calques.tsv`), paths
      relative to the config file; `disable`: ids of lexicon rows to switch off. Both are
      shared by ID01-ID03 (`[idioms]` table).
    """
    return lexicon_hits(ctx, "calque")


@check(table="idioms", code="ID02", name="literal-idiom", family="idiom", mqm="Accuracy/Mistranslation", severity="minor",
       fail=["With this deal we kill two hares at once.", "The aid is only a drop in the sea.",
             "Such statements pour oil on the fire."],
       passes=["With this deal we kill two birds with one stone.", "The aid is only a drop in the ocean.",
               "Firefighters poured water on the fire."])
def literal_idiom(ctx: Context) -> Iterable[Hit]:
    """A Ukrainian idiom translated word by word ("kill two hares", "a drop in the sea").

    What it does
    : Matches each sentence against `mtqa/data/idioms_literal.tsv`: literal English
      renderings of Ukrainian and Russian idioms with the English idiom a native writer uses.
      Source and reference sharpen it as for ID01.

    Why it matters
    : A literal idiom is at best quaint and at worst meaningless ("when the crayfish whistles
      on the mountain"); the reader loses what the writer meant.

    Example
    : "The official came out of the water dry." (вийти сухим з води)

    Use instead
    : "The official got off scot-free."

    Options
    : `extra`: lexicon files of your own (same columns as `mtqa/data/calques.tsv`), paths
      relative to the config file; `disable`: ids of lexicon rows to switch off. Both are
      shared by ID01-ID03 (`[idioms]` table).
    """
    return lexicon_hits(ctx, "literal")


@check(table="idioms", code="ID03", name="false-friend", family="idiom", mqm="Accuracy/Mistranslation", severity="minor",
       fail=["This remains an actual question for the city.", "Ukrainian agrarians expect a record harvest.",
             "Drones hit two energy objects overnight."],
       passes=["The actual number is higher.", "The magazine published an interview.",
               "The war tore the fabric of society.", "It was a pathetic attempt."])
def false_friend(ctx: Context) -> Iterable[Hit]:
    """A word that looks like the Ukrainian one but means something else ("actual question").

    What it does
    : Matches each sentence against the false-friend rows of `mtqa/data/calques.tsv`, each in
      a context that marks the wrong sense (актуальне питання is a pressing issue, аграрії are
      farmers, об'єкти are facilities). Source and reference sharpen it as for ID01.

    Why it matters
    : A false friend changes the meaning while reading fluently, so it slips past a quick read.

    Example
    : "This remains an actual question for the city." (актуальне питання)

    Use instead
    : "This remains a pressing issue for the city."

    Options
    : `extra`: lexicon files of your own (same columns as `mtqa/data/calques.tsv`), paths
      relative to the config file; `disable`: ids of lexicon rows to switch off. Both are
      shared by ID01-ID03 (`[idioms]` table).
    """
    return lexicon_hits(ctx, "false-friend")


@check(table="idioms", code="ID04", name="idiom-near-miss", family="idiom", mqm="Style/Unidiomatic", severity="minor",
       fail=["The protests were only the top of the iceberg.", "He let the cat out of the sack.",
             "Both parties are now in one boat."],
       passes=["The protests were only the tip of the iceberg.", "The drop in prices surprised analysts.",
               "Firefighters poured water on the fire.", "We are all in the same boat."])
def idiom_near_miss(ctx: Context) -> Iterable[Hit]:
    """An English idiom with one or two words swapped ("the top of the iceberg").

    What it does
    : Aligns each sentence with the skeletons of the idioms in `mtqa/data/english_idioms.txt`
      (function words fixed, content words weighted by rarity) and reports a phrase that keeps
      an idiom's skeleton but swaps up to two content words for words of the same image class
      (sea/ocean, oil/fuel, top/tip) or one function word. Phrases already reported by
      ID01-ID03 are left to them; when the reference uses the idiom, the suggestion quotes it;
      when the reference has the same phrase, nothing is flagged.

    Why it matters
    : A near miss reads like a mistake by someone who almost knows the idiom, which is what
      it is; an editor fixes it in seconds once it is pointed out.

    Example
    : "Both parties are now in one boat." (в одному човні)

    Use instead
    : "Both parties are now in the same boat."

    Options
    : none of its own; `[idioms] disable = [...]` does not apply (disable the code instead).
    """
    lexicon = entries(ctx.options, ctx.article.path)
    for s in ctx.sentences:
        ref = s.aligned.get("ref", "")
        taken = [(a, b) for _, a, b in matches(lexicon, s.text)]
        misses, _ = find_idioms(s.text)
        for miss in misses:
            if any(miss.start < b and a < miss.end for a, b in taken):
                continue
            text = s.text[miss.start:miss.end]
            if ref and _norm(text) in _norm(ref):
                continue
            suggestion, message = miss.suggestion, f"Near miss of the idiom '{miss.idiom}': '{text}'"
            if ref:
                same = [ref[a:b] for a, b, idiom in find_idioms(ref)[1] if idiom == miss.idiom]
                if same:
                    suggestion = same[0]
                    message += f"; the reference says '{same[0]}'"
            yield Hit(s.start + miss.start, s.start + miss.end, message, suggestion=suggestion,
                      confidence=round(0.5 + (miss.score - 0.6), 2))
