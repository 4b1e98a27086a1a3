"""The proper names of a Ukrainian source text, with the nominatives they may inflect from.

A name is a capitalised Cyrillic word: anywhere inside a sentence, or at its start when the
dictionary tags it as a first name, surname or patronymic, or when the names data lists it.
All-capital acronyms (ЗСУ, СБУ) are left to the terms family.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from mtqa.lang.translit import morph, nominatives
from mtqa.checks.names.spellings import listed

_WORD = re.compile(r"[\u0400-\u04ff]+(?:['’ʼ\"`\-][\u0400-\u04ff]+)*")
_PERSON_TAGS = {"Name", "Surn", "Patr"}
_FUNCTION_WORDS = {"NPRO", "ADVB", "CONJ", "PRCL", "PREP", "INTJ"}  # Тому, Мені: not names


@dataclass(frozen=True)
class SourceName:
    surface: str  # as written in the source: "Миколаєві"
    start: int
    end: int
    forms: tuple[str, ...]  # nominatives it may be, most likely first: ("Миколаїв", "Миколай")
    person: bool  # the dictionary tags it as a first name, surname or patronymic
    proper: bool  # surely a name: a person, listed, unknown to the dictionary, or a noun that
    #               is no function word ("Тому", "Мені") and not only an adjective ("Північний")
    singular: bool  # some reading is singular ("Трас" is only the plural of траса)
    known: bool  # the dictionary knows the word (unknown ones are mostly foreign names)
    nominative: bool  # some reading is a nominative singular, or the word is unknown or undeclined


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\u00a0\"'«„“(—–-")
    return not before or before[-1] in ".!?…:\n"


def _readings(word: str, forms: tuple[str, ...]) -> tuple[bool, bool, bool, bool, bool]:
    """(person, proper, singular, known, nominative) of ``word`` from its dictionary readings."""
    parses = morph().parse(word.replace('"', "'").replace("`", "'"))
    person = any(_PERSON_TAGS & p.tag.grammemes for p in parses)
    pos = {p.tag.POS for p in parses}
    known = any(p.is_known for p in parses)
    listed_ = any(listed(f) for f in forms)
    proper = listed_ or (not pos & _FUNCTION_WORDS and (person or not known or "NOUN" in pos))
    singular = any("plur" not in p.tag for p in parses)
    nominative = not known or any("nomn" in p.tag and ("plur" not in p.tag or "Fixd" in p.tag) for p in parses)
    return person, proper, singular, known or listed_, nominative


def source_names(text: str) -> tuple[SourceName, ...]:
    """Every proper name of ``text`` in order."""
    out = []
    for m in _WORD.finditer(text):
        word = m.group()
        if len(word) < 2 or not word[0].isupper() or word.isupper():
            continue
        forms = nominatives(word)
        person, proper, singular, known, nominative = _readings(word, forms)
        if _sentence_initial(text, m.start()) and not person and not any(listed(f) for f in forms):
            continue
        out.append(SourceName(word, m.start(), m.end(), forms, person, proper, singular, known, nominative))
    return tuple(out)


def source_words(text: str) -> tuple[str, ...]:
    """Every Cyrillic word of ``text`` (for telling which English words render some source word)."""
    return tuple(m.group() for m in _WORD.finditer(text))
