"""Accepted and Russian-based spellings of Ukrainian names, from ``mtqa/data/names/``, plus
the house style of the ``[names] prefer`` option."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

from mtqa.lang.translit import romanise
from mtqa.lang.lexicon import table

# adjectives and regions named after a place: Харківська -> Харків, Луганська -> Луганськ,
# Київщина -> Київ
_STEMS = (re.compile(r"(?<=ськ|цьк|зьк)(ий|а|е|і)$"), re.compile(r"(ськ|цьк|зьк)(ий|а|е|і)$"), re.compile(r"щина$"))


def _key(uk: str) -> str:
    return uk.lower().replace("’", "'").replace("ʼ", "'")


@lru_cache(maxsize=1)
def accepted_table() -> dict[str, tuple[str, ...]]:
    return {_key(r["uk"]): tuple(r["en"].split("|")) for r in table("names/accepted.tsv")}


@lru_cache(maxsize=1)
def russian_table() -> dict[str, tuple[tuple[str, ...], str]]:
    return {_key(r["uk"]): (tuple(r["russian"].split("|")), r["standard"]) for r in table("names/russian_forms.tsv")}


def listed(uk: str) -> bool:
    """Whether the names data lists the Ukrainian nominative ``uk``."""
    return _key(uk) in accepted_table() or _key(uk) in russian_table()


def stems(form: str) -> tuple[str, ...]:
    """``form`` and the place names it may derive from: Харківська -> Харківськ, Харків."""
    out = [form]
    for pattern in _STEMS:
        stem = pattern.sub("", form)
        if stem != form and len(stem) >= 3 and stem not in out:
            out.append(stem)
    return tuple(out)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A spelling key that ignores the usual variation of romanised names: case, diacritics,
    a possessive 's, y/i (Andriy, Andrii), kh/h, zh/j, doubled letters (Zelenskyy)."""
    w = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
    w = re.sub(r"['’]s$", "", w)
    w = re.sub(r"[^a-z]", "", w)
    for a, b in (("dzh", "j"), ("zh", "j"), ("kh", "h"), ("gh", "h"), ("g", "h"), ("w", "v"), ("x", "ks"),
                 ("ye", "e"), ("ie", "e"), ("y", "i"), ("ck", "k"), ("ph", "f")):
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)


@dataclass(frozen=True)
class Spelling:
    """What English may write for one source name."""

    accepted: tuple[str, ...]  # accepted forms, the suggestion first (may be several words)
    russian: Mapping[str, str]  # lower-cased Russian-based form -> the standard form
    kmu: str  # KMU 2010 romanisation of the most likely nominative

    @property
    def suggestion(self) -> str:
        return self.accepted[0]

    def tokens(self) -> frozenset[str]:
        """Folded single words of every accepted form."""
        return _folded_words(self.accepted)


@lru_cache(maxsize=8192)
def _folded_words(forms: tuple[str, ...]) -> frozenset[str]:
    return frozenset({fold(w) for form in forms for w in form.split()} - {""})


def spelling(forms: tuple[str, ...], prefer: Mapping[str, str]) -> Spelling:
    """The spellings of a name that may be any of the nominatives ``forms``."""
    return _spelling(tuple(forms), tuple(sorted(prefer.items())))


@lru_cache(maxsize=8192)
def _spelling(forms: tuple[str, ...], prefer: tuple[tuple[str, str], ...]) -> Spelling:
    house = {_key(k): v for k, v in prefer}
    accepted: list[str] = []
    russian: dict[str, str] = {}
    for form in forms:
        for stem in stems(form):
            key = _key(stem)
            if key in house:
                accepted.insert(0, house[key])
            accepted += accepted_table().get(key, ())
            if key in russian_table():
                ru, standard = russian_table()[key]
                russian.update({r.lower(): standard for r in ru})
                accepted.append(standard)
    kmu = romanise(forms[0])
    accepted += [romanise(s) for form in forms for s in stems(form)]
    accepted = list(dict.fromkeys(accepted))
    russian = {r: s for r, s in russian.items() if r not in {a.lower() for a in accepted}}
    return Spelling(tuple(accepted), russian, kmu)
