"""Ukrainian romanisation by the national system (KMU 2010), the one implementation the whole
project uses, and nominative forms of inflected Ukrainian words.

Romanisation is the ``translitua`` library's KMU 2010 table (Resolution of the Cabinet of
Ministers of Ukraine No. 55 of 27 January 2010): "Знам'янка" -> "Znamianka", "Згурівка" ->
"Zghurivka". Nominatives come from pymorphy3 with its Ukrainian dictionary, loaded on first
use: "у Миколаєві" names Mykolaiv, "Стрийському парку" the Stryiskyi park.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+(?:['’ʼ\"`\-][\u0400-\u04ff]+)*")
# an apostrophe typed as ʼ, ’, " or ` between two Ukrainian letters (Мар"їнка)
_APOSTROPHE = re.compile(r"(?<=[\u0400-\u04ff])[ʼ’\"`](?=[\u0400-\u04ff])")
# possessive adjectives that pymorphy3's dictionary also lists for town names (Миколаїв, Ірпінь)
_POSSESSIVE = re.compile(r"(ів|їв|ин|ін)$")


def romanise(text: str) -> str:
    """``text`` with its Ukrainian letters romanised by KMU 2010; other characters kept."""
    from translitua import translit

    return translit(_APOSTROPHE.sub("'", text))


@lru_cache(maxsize=1)
def morph() -> Any:
    """The pymorphy3 Ukrainian analyser (about 0.3 s to load, once)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


def _like(word: str, form: str) -> str:
    """``form`` written in the case pattern of ``word`` (Title, UPPER or lower)."""
    if word.isupper() and len(word) > 1:
        return form.upper()
    if word[:1].isupper():
        return "-".join(p[:1].upper() + p[1:] for p in form.split("-"))
    return form


def _nominative(parse: Any) -> str | None:
    tag = parse.tag
    if "nomn" in tag and tag.POS == "NOUN":
        return parse.word
    if tag.POS == "ADJF" and _POSSESSIVE.search(parse.normal_form):
        return parse.normal_form
    form = parse.inflect({"nomn"})
    return form.word if form else parse.normal_form


@lru_cache(maxsize=4096)
def nominatives(word: str) -> tuple[str, ...]:
    """The nominative forms ``word`` may be an inflection of, most likely first, in the case
    pattern of ``word``: "Миколаєві" -> ("Миколаїв",), "Харкові" -> ("Харків", "Харко"),
    "Зеленського" -> ("Зеленський", ...). A word the dictionary does not know stays as it is."""
    if not _CYRILLIC_WORD.fullmatch(word):
        return (word,)
    parses = morph().parse(_APOSTROPHE.sub("'", word))
    known = [p for p in parses if p.is_known]
    if not known:  # a guess from the ending: the word itself first, then the guessed nominatives
        guesses = [_like(word, f) for f in (_nominative(p) for p in parses) if f]
        return tuple(dict.fromkeys([word, *guesses]))
    parses = known
    # each reading gives a nominative; places (inanimate nouns) before people before the rest,
    # and within each, the nominative that more readings give ("парку": парк, not парка)
    votes: dict[str, list[int]] = {}
    for p in parses:
        people = {"Name", "Surn", "Patr"} & p.tag.grammemes
        rank = 0 if p.tag.POS == "NOUN" and "inan" in p.tag and not people else 1 if people else 2
        form = _nominative(p)
        if form:
            v = votes.setdefault(form, [rank, 0])
            v[0], v[1] = min(v[0], rank), v[1] - 1
    ordered = sorted(votes, key=lambda f: tuple(votes[f]))
    out: list[str] = []
    for form in ordered + [p.normal_form for p in parses]:
        form = _like(word, form)
        if form not in out:
            out.append(form)
    return tuple(out)


def nominative(text: str) -> str:
    """``text`` with each Ukrainian word in its most likely nominative form."""
    return _CYRILLIC_WORD.sub(lambda m: nominatives(m.group())[0], text)


def romanise_nominative(text: str) -> str:
    """The KMU romanisation of ``text`` in the nominative: "Стрийському парку" -> "Stryiskyi park"."""
    return romanise(nominative(text))
