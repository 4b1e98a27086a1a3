"""Matching the names of a source sentence to the words of its aligned MT sentence.

For each source name, in this order: an accepted spelling in the MT (within a small edit
distance of the folded forms) is a match; else a Russian-based form is ``russian``; else the
romanisation of the inflected source word is ``inflected``; else a rare word that is
recognisably the name but spelled far from every accepted form is ``far``. A name left
without a counterpart, while the MT has a rare capitalised word that renders no source word,
is ``swapped`` with it.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Mapping

from mtqa.lang.translit import nominatives, romanise
from mtqa.checks.names.source import SourceName, source_names, source_words
from mtqa.checks.names.spellings import Spelling, fold, spelling

_RUSSIAN_ENDING = re.compile(r"(?<=[a-z])(aya|oye|oe|iye)(?:['’]s)?$")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’\-][A-Za-z\u00c0-\u024f]+)*")
SAME = 0.85  # folded similarity from which two spellings are the same name
SHORT = 6  # folded spellings shorter than this are the same name only when equal
NEAR = 0.55  # ... from which an unknown spelling is recognisably the name
KNOWN_WORD = 2.5  # wordfreq Zipf from which an English word is a word or name in its own right
COMMON_WORD = 3.3  # ... from which it is a common word, not a name (Football, Russian, Monday)
RENDERS = 0.7  # folded similarity from which an MT word renders a source word


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    initial: bool  # first word of a sentence


@dataclass(frozen=True)
class Event:
    kind: str  # russian | inflected | far | swapped
    name: SourceName
    spelling: Spelling
    start: int  # offsets into the MT text that was matched
    end: int
    found: str


def latin_tokens(text: str) -> list[Token]:
    out = []
    for m in _LATIN.finditer(text):
        before = text[:m.start()].rstrip(" \t\u00a0\"'«„“(—–-")
        out.append(Token(m.group(), m.start(), m.end(), not before or before[-1] in ".!?…:\n"))
    return out


@lru_cache(maxsize=65536)
def _similar(a: str, b: str) -> float:
    """Similarity of two folded spellings; below SAME when they differ and either is short
    (Kotine is not Kotin)."""
    if a == b:
        return 1.0
    if 2 * min(len(a), len(b)) < NEAR * (len(a) + len(b)):  # the ratio cannot reach NEAR
        return 0.0
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    return min(ratio, SAME - 0.01) if min(len(a), len(b)) < SHORT else ratio


def similarity(a: str, b: str) -> float:
    return _similar(fold(a), fold(b))


def russian_ending(word: str) -> bool:
    """A Russian adjective ending on a place name: Kakhovskaya, Kreminnoye, Svatovoe."""
    return bool(_RUSSIAN_ENDING.search(word))


def _bare(word: str) -> str:
    """``word`` without a possessive 's."""
    return re.sub(r"['’]s$", "", word)


@lru_cache(maxsize=8192)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en")


def _covered(mt: str, forms: tuple[str, ...], tokens: list[Token]) -> set[int]:
    """Indexes of the MT tokens inside a multi-word accepted form ("Vladimir Putin")."""
    out: set[int] = set()
    for form in forms:
        if " " not in form:
            continue
        for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", mt, re.IGNORECASE):
            out |= {i for i, t in enumerate(tokens) if m.start() <= t.start < m.end()}
    return out


def nearest(tokens: list[Token], used: set[int], targets: set[str], floor: float,
          capitalised: bool = False, wrong: Callable[[str], bool] | None = None) -> tuple[int, float] | None:
    """The MT token nearest to ``targets`` (folded) at ``floor`` or above, skipping the words
    ``wrong`` says are known-wrong spellings."""
    best = None
    for i, t in enumerate(tokens):
        if i in used or (capitalised and not t.text[0].isupper()):
            continue
        if wrong is not None and wrong(t.text):
            continue
        keys = {fold(t.text), *(fold(part) for part in t.text.split("-"))} - {""}
        score = max((_similar(k, x) for x in targets for k in keys), default=0.0)
        if score >= floor and (best is None or score > best[1]):
            best = (i, score)
    return best


def match(src: str, mt: str, prefer: Mapping[str, str] = ()) -> list[Event]:
    """The problems with the names of ``src`` in its translation ``mt``."""
    return list(_match(src, mt, tuple(sorted(dict(prefer).items()))))


@lru_cache(maxsize=2048)
def _match(src: str, mt: str, prefer: tuple[tuple[str, str], ...]) -> tuple[Event, ...]:
    names = source_names(src)
    if not names:
        return ()
    tokens = latin_tokens(mt)
    spellings = [spelling(_forms(n), dict(prefer)) for n in names]
    used: set[int] = set()
    done: set[int] = set()
    for k, sp in enumerate(spellings):  # accepted spellings first, so "Vladimir Putin" covers Vladimir
        cover = _covered(mt, sp.accepted, tokens)
        hit = nearest(tokens, used | cover, sp.tokens(), SAME, wrong=_wrong(names[k], sp))
        if cover or hit:
            used |= cover | ({hit[0]} if hit else set())
            done.add(k)
    events: list[Event] = []
    for k, (name, sp) in enumerate(zip(names, spellings)):
        if k in done:
            continue
        event = _misspelled(name, sp, tokens, used)
        if event:
            events.append(event)
            done.add(k)
    events += _swaps(src, [(n, sp) for k, (n, sp) in enumerate(zip(names, spellings)) if k not in done],
                     tokens, used)
    return tuple(events)


# spellings English takes from other languages, never from a romanisation of Ukrainian or
# Russian: Steinmeier, Hoekstra, Zweig, Liberec, Transcarpathia
_WESTERN = re.compile(r"[wqx]|c(?!h)|ee|oo|oe|ou|ei|ey$|th|ph|sch|[^\x00-\x7f]", re.IGNORECASE)


def _forms(name: SourceName) -> tuple[str, ...]:
    """The nominatives to spell ``name`` from. The word as written counts only when it may be a
    nominative singular ("Бучі" is a plural, and names Буча), or when it reads only as a
    plural ("Трас"), which is most likely an undeclined foreign name."""
    forms = name.forms if name.nominative else tuple(f for f in name.forms if f != name.surface) or name.forms
    return forms + (() if name.singular else (name.surface,))


def _wrong(name: SourceName, sp: Spelling) -> Callable[[str], bool]:
    """Whether an MT word is a known-wrong spelling of ``name`` however close it is to an
    accepted one: a Russian-based form (Igor ~ Ihor), a Russian adjective ending
    (Kakhovskaya), or the romanised inflected form (Dorina ~ Dorin)."""
    inflected = fold(romanise(name.surface)) if not name.nominative else None
    if inflected in sp.tokens():
        inflected = None

    def wrong(word: str) -> bool:
        return _bare(word).lower() in sp.russian or russian_ending(word) or fold(word) == inflected

    return wrong


def _misspelled(name: SourceName, sp: Spelling, tokens: list[Token], used: set[int]) -> Event | None:
    for i, t in enumerate(tokens):
        if i not in used and t.text.lower() in sp.russian:
            used.add(i)
            return Event("russian", name, sp, t.start, t.end, t.text)
    ending = [(i, t) for i, t in enumerate(tokens) if i not in used and russian_ending(t.text)
              and max(_similar(fold(_RUSSIAN_ENDING.sub("", t.text)), x) for x in sp.tokens() | {""}) >= NEAR]
    if ending and not any(russian_ending(a) for a in sp.accepted):
        i, t = ending[0]
        used.add(i)
        return Event("russian", name, sp, t.start, t.end, t.text)
    inflected = fold(romanise(name.surface))
    if inflected not in sp.tokens() and not name.nominative and name.singular:
        for i, t in enumerate(tokens):
            if i not in used and fold(t.text) == inflected:
                used.add(i)
                return Event("inflected", name, sp, t.start, t.end, t.text)
    near = nearest(tokens, used, sp.tokens(), NEAR, capitalised=True)
    if near and zipf(_bare(tokens[near[0]].text)) < KNOWN_WORD \
            and not _WESTERN.search(tokens[near[0]].text) and not _same_stem(name, tokens[near[0]].text):
        used.add(near[0])
        t = tokens[near[0]]
        return Event("far", name, sp, t.start, t.end, t.text)
    return None


_ACRONYM = re.compile(r"[A-Z]{2}")


def _same_stem(name: SourceName, word: str) -> bool:
    """For a word the dictionary does not know (mostly foreign names, declined by guesswork),
    whether ``word`` differs from its romanisation only in the vowels that end it: Kampa for
    Кампи (the genitive of Кампа) is the name, Bebek for Бебех is not."""
    if name.known:
        return False
    def stem(w: str) -> str:
        return fold(w).rstrip("aeiou")
    return stem(word) == stem(romanise(name.surface))


def _renders_source(token: Token, romanised: set[str]) -> bool:
    keys = {fold(token.text), *(fold(part) for part in token.text.split("-"))} - {""}
    return any(_similar(k, r) >= RENDERS for r in romanised for k in keys)


@lru_cache(maxsize=1024)
def _romanised(src: str) -> frozenset[str]:
    """Folded spellings of every word of ``src``: romanised as written and in the nominative,
    Latin words as they are, and the accepted English forms ("Czech" for Чеській)."""
    out = {fold(romanise(f)) for w in source_words(src) for f in (w, *nominatives(w))}
    out |= {fold(w) for w in _LATIN.findall(src)}
    for word in source_words(src):
        out |= {fold(x) for form in spelling(nominatives(word), {}).accepted for x in form.split()}
    return frozenset(out)


def _swaps(src: str, missing: list[tuple[SourceName, Spelling]], tokens: list[Token], used: set[int]) -> list[Event]:
    """Source names with no counterpart, paired in order with rare capitalised MT words that
    render no source word (adjacent ones form one span: "Dorina Rechana")."""
    missing = [(n, sp) for n, sp in missing if n.proper]
    if not missing:
        return []
    odd = [i for i, t in enumerate(tokens)
           if i not in used and t.text[0].isupper() and not t.initial and not _ACRONYM.search(t.text)
           and zipf(_bare(t.text)) < COMMON_WORD]
    if not odd:
        return []
    romanised = _romanised(src)
    odd = [i for i in odd if not _renders_source(tokens[i], romanised)]
    spans: list[list[int]] = []
    for i in odd:
        if spans and spans[-1][-1] == i - 1:
            spans[-1].append(i)
        else:
            spans.append([i])
    events = []
    for (name, sp), span in zip(missing, spans):
        a, b = tokens[span[0]], tokens[span[-1]]
        events.append(Event("swapped", name, sp, a.start, b.end, " ".join(tokens[i].text for i in span)))
    return events
