"""Finding termbase terms: Ukrainian terms in a source through their lemmas (pymorphy3 with
its Ukrainian dictionary), English terms in the MT as words, plural and possessive allowed.

"Верховної Ради", "у громадах" and "гривень" match the terms "Верховна Рада", "громада" and
"гривня": every word of a term must share a lemma with the word at its place in the text
(all of pymorphy3's readings count on both sides, so an ambiguous form such as "Раді" still
matches). An acronym ("ЗСУ", "ОВА") matches only itself, in capitals, so "ОП" never
matches the interjection "оп"; a capitalised term word matches only a capitalised word
("Дія", the app, is not "дія", an action).
"""
from __future__ import annotations

import re
from functools import lru_cache

_UK_WORD = re.compile(r"[A-Za-zА-ЩЬЮЯҐЄІЇа-щьюяґєії0-9]+(?:['’ʼ\-][A-Za-zА-ЩЬЮЯҐЄІЇа-щьюяґєії0-9]+)*")


@lru_cache(maxsize=1)
def _analyser():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2 and word.upper() == word.replace("і", "І")


@lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """Every lemma pymorphy3 reads in a Ukrainian word (lower case), the word itself included."""
    low = word.lower().replace("’", "'").replace("ʼ", "'")
    if is_acronym(word) or not re.search(r"[а-яґєії]", low):
        return frozenset({word})
    return frozenset({p.normal_form for p in _analyser().parse(low)} | {low})


def words(text: str) -> list[tuple[str, int, int]]:
    """The words of a Ukrainian text with their offsets."""
    return [(m.group(), m.start(), m.end()) for m in _UK_WORD.finditer(text)]


@lru_cache(maxsize=4096)
def term_pattern(term: str) -> tuple[frozenset[str], ...]:
    """The lemma sets of each word of a source term."""
    return tuple(lemmas(w) for w, _, _ in words(term))


def word_matches(term_word: str, lemma_set: frozenset[str], text_word: str) -> bool:
    """A text word stands for a term word: they share a lemma, and a capitalised term word
    ("Дія", the app) matches only a capitalised text word (not "дія", an action)."""
    if term_word[:1].isupper() and not text_word[:1].isupper():
        return False
    return bool(lemma_set & lemmas(text_word))


def find_source(term: str, text_words: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """(start, end) of the first place the term stands in the words of a text, else None."""
    pattern, term_words = term_pattern(term), [w for w, _, _ in words(term)]
    n = len(pattern)
    if not n:
        return None
    for i in range(len(text_words) - n + 1):
        if all(word_matches(term_words[k], pattern[k], text_words[i + k][0]) for k in range(n)):
            return text_words[i][1], text_words[i + n - 1][2]
    return None


@lru_cache(maxsize=8192)
def english_pattern(term: str) -> re.Pattern[str]:
    """A pattern of an English term: its words in order, any spaces or hyphens between them,
    a plural or possessive ending allowed; case-sensitive for an acronym ("SBU"), else not."""
    parts = [re.escape(w) for w in re.split(r"[\s\-]+", term.strip()) if w]
    if parts and re.search(r"[^aeiou]y$", parts[-1]):  # "deputy": "deputies" too
        parts[-1] = parts[-1][:-1] + "(?:y|ies)"
    body = r"[\s\-]+".join(parts)
    flags = 0 if term.isupper() and len(term) > 1 else re.IGNORECASE
    # word boundaries only where the term has a word character at that end ("$" may touch "500")
    lead = r"(?<![\w])" if re.match(r"\w", term.strip()) else ""
    tail = r"(?:e?s|['’]s|['’])?(?![\w])" if re.search(r"\w$", term.strip()) else ""
    return re.compile(lead + body + tail, flags)


def find_english(term: str, text: str) -> tuple[int, int] | None:
    m = english_pattern(term).search(text)
    return (m.start(), m.end()) if m else None
