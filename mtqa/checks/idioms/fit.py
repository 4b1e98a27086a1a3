"""Make a lexicon suggestion read grammatically where it replaces the flagged words.

A lexicon row lists its suggestions once ("problems | outstanding issues"), but the flagged
phrase may be singular ("should not be a problematic issue"): pasted in place, "a problems"
is wrong. :func:`fit` gives the suggestion's last word the number of the flagged phrase's
last word, and when the word before the span is an article ("a", "an") that no longer fits,
takes the article into the span and writes the right one (or none before a plural).
"""
from __future__ import annotations

import re

NOT_PLURAL = frozenset("""is was has does this thus us as its his hers ours yours theirs yes
news series species means less unless across perhaps always sometimes whereas besides
towards afterwards ukraine's kyiv's""".split())
MAX_WORDS = 3  # only short noun phrases are fitted
_ARTICLE_BEFORE = re.compile(r"(?<![\w'’-])(a|an|A|An)\s+$")
_LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")


def _known(word: str) -> bool:
    from wordfreq import zipf_frequency  # a declared dependency (GB05 uses it too)

    return zipf_frequency(word, "en") >= 3.0


def singular(word: str) -> str | None:
    """The singular of an English plural noun ("problems" -> "problem"), or None when the
    word does not read as a plural."""
    w = word.lower()
    if w in NOT_PLURAL or not w.endswith("s") or w.endswith("ss") or len(w) < 4:
        return None
    for cut, add in (("ies", "y"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"), ("ses", "s"), ("s", "")):
        if w.endswith(cut) and _known(w[: -len(cut)] + add):
            return word[: -len(cut)] + add
    return None


def plural(word: str) -> str:
    w = word.lower()
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        return word[:-1] + "ies"
    if w.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _is_plural(word: str) -> bool:
    return singular(word) is not None


def _article(next_word: str) -> str:
    w = next_word.lower()
    vowel = w[:1] in "aeiou" and not w.startswith(("uni", "use", "usu", "one", "eu"))
    return "an" if vowel or w.startswith(("hour", "honest", "honour", "honor")) else "a"


def fit(text: str, start: int, end: int, suggestion: str) -> tuple[int, int, str]:
    """``(start, end, suggestion)`` such that ``text[:start] + suggestion + text[end:]`` reads
    grammatically: the suggestion's last word takes the number of the span's last word, and
    an article right before the span is corrected (taken into the span) when needed."""
    if not suggestion or not suggestion.strip():
        return start, end, suggestion
    if len(suggestion.split()) > MAX_WORDS or len(text[start:end].split()) > MAX_WORDS + 1:
        return start, end, suggestion  # a whole idiom ("kill two birds with one stone") is left as written
    span_last = _LAST_WORD.search(text[start:end])
    sugg_last = _LAST_WORD.search(suggestion)
    if span_last and sugg_last:
        a, b = span_last.group(1), sugg_last.group(1)
        if not _is_plural(a) and _is_plural(b):
            one = singular(b)
            suggestion = suggestion[: sugg_last.start(1)] + one + suggestion[sugg_last.end(1):] if one else suggestion
        elif _is_plural(a) and not _is_plural(b) and b.lower() not in NOT_PLURAL and _known(plural(b)):
            suggestion = suggestion[: sugg_last.start(1)] + plural(b) + suggestion[sugg_last.end(1):]
    art = _ARTICLE_BEFORE.search(text[:start])
    first = re.match(r"\W*([A-Za-z]+)", suggestion)
    if art and first:
        head = first.group(1)
        many = _is_plural(_LAST_WORD.search(suggestion).group(1)) if _LAST_WORD.search(suggestion) else False
        if head.lower() in ("a", "an", "the"):
            return art.start(), end, suggestion  # the suggestion brings its own article
        want = "" if many else _article(head)
        if want != art.group(1).lower():
            if want and art.group(1)[0].isupper():
                want = want.capitalize()
            elif not want and art.group(1)[0].isupper():
                suggestion = suggestion[:1].upper() + suggestion[1:]
            return art.start(), end, (want + " " if want else "") + suggestion
    return start, end, suggestion
