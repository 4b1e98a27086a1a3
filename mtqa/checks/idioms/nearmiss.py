"""Near misses of English idioms: "a drop in the sea" for "a drop in the ocean".

Method (skeleton alignment):

1. Each idiom of ``english_idioms.txt`` becomes a token skeleton: articles and possessives
   are dropped (``@ignore`` in ``idiom_words.tsv``), function words (``@function``) are kept
   as the skeleton, "someone"/"something" are one-word slots, and every other word is a
   content word weighted by its rarity (7 - Zipf frequency, from ``idiom_word_zipf.tsv``).
2. The sentence is tokenised the same way. An idiom is tried wherever one of its content
   words (lemmatised: "pours" = "pour", "birds" = "bird") occurs, at the same length.
3. Position by position a token is equal (same lemma), a related swap (a content word of the
   same word class as the idiom's: sea/ocean, oil/fuel, pour/add), a function-word swap
   (into/to), or a mismatch. Any mismatch rejects the window. Swaps inside a weak class
   (body parts, times, rooms: "shot in the back") need two exact content words besides.
4. A near miss has at most two related swaps and at most one function-word swap (and at
   least one swap: an exact match is the idiom itself), keeps at least one exact content word
   that is not a very common word (weight >= 1.2; a two-word idiom needs a rare one, >= 2.5,
   and a strong swap: "spill the peas" but not "break the water"), and keeps 60% of
   the idiom's weight (related swaps count 0.7, a function swap 0.5). A swapped last word
   followed directly by another content word is a compound ("a drop in the sea level").

The word classes are what guards against false positives: "a drop in the price" does not
match "a drop in the ocean" because price is no sea word, and "poured water on the fire" is
not "add fuel to the fire" because water is no fuel.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mtqa.lang.lexicon import data_path, table
from mtqa.checks.idioms.patterns import verb_base

MIN_RATIO = 0.6
MIN_ANCHOR_WEIGHT = 1.2
MIN_SHORT_ANCHOR = 2.5  # a two-word idiom ("spill the beans") needs a rare exact word
FUNCTION_WEIGHT = 0.2
RELATED_CREDIT = 0.7
FUNCTION_SWAP_CREDIT = 0.5
DEFAULT_ZIPF = 4.0

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*(?:['’](?![A-Za-z]))?")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    lemmas: frozenset[str]


@dataclass(frozen=True)
class Slot:
    word: str
    kind: str  # "content", "function" or "slot"
    lemmas: frozenset[str]
    weight: float


@dataclass(frozen=True)
class Idiom:
    text: str
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class NearMiss:
    idiom: str
    start: int
    end: int
    score: float
    suggestion: str  # the idiom with its someone/something slots filled from the text


@lru_cache(maxsize=1)
def word_classes() -> dict[str, frozenset[str]]:
    """word -> the classes it belongs to (``@ignore``, ``@function``, ``@slot``, ``water`` ...)."""
    out: dict[str, set[str]] = {}
    for row in table("idiom_words.tsv"):
        for word in row["words"].split():
            out.setdefault(word, set()).add(row["class"])
    return {w: frozenset(c) for w, c in out.items()}


@lru_cache(maxsize=1)
def zipf() -> dict[str, float]:
    return {row["word"]: float(row["zipf"]) for row in table("idiom_word_zipf.tsv")}


@lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """Candidate base forms of an English word (over-generating; equality is set overlap)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s") or w.endswith("s'"):
        w = w[:-2] if w.endswith("'s") else w[:-1]
    out = {w}
    if w in verb_base():
        out.add(verb_base()[w])
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"),
                         ("ing", ""), ("ing", "e")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            stem = w[: -len(suffix)] + repl
            out.add(stem)
            if suffix in ("ed", "ing") and len(stem) > 3 and stem[-1] == stem[-2]:
                out.add(stem[:-1])  # stopped -> stop
    return frozenset(out)


def _classes(lems: frozenset[str]) -> frozenset[str]:
    classes = word_classes()
    return frozenset(c for lem in lems for c in classes.get(lem, ()))


def _kind(word: str) -> str:
    classes = _classes(lemmas(word)) | word_classes().get(word.lower(), frozenset())
    if "@ignore" in classes:
        return "ignore"
    if "@slot" in classes:
        return "slot"
    return "function" if "@function" in classes else "content"


def tokenize(text: str) -> list[Token]:
    """Words of a text with offsets, articles and possessives dropped."""
    out = []
    for m in _TOKEN.finditer(text):
        if _kind(m.group()) != "ignore":
            out.append(Token(m.group(), m.start(), m.end(), lemmas(m.group())))
    return out


def _weight(word: str, kind: str) -> float:
    if kind != "content":
        return FUNCTION_WEIGHT if kind == "function" else 0.0
    z = zipf().get(word.lower(), DEFAULT_ZIPF)
    return max(0.3, min(4.0, 7.0 - z))


@lru_cache(maxsize=1)
def idioms() -> tuple[Idiom, ...]:
    out = []
    for line in data_path("english_idioms.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        slots = []
        for m in _TOKEN.finditer(line):
            kind = _kind(m.group())
            if kind != "ignore":
                slots.append(Slot(m.group().lower(), kind, lemmas(m.group()), _weight(m.group(), kind)))
        out.append(Idiom(line, tuple(slots)))
    return tuple(out)


@lru_cache(maxsize=1)
def anchor_index() -> dict[str, tuple[tuple[int, int], ...]]:
    """lemma -> (idiom index, slot position) for every content word of every idiom."""
    index: dict[str, list[tuple[int, int]]] = {}
    for i, idiom in enumerate(idioms()):
        for pos, slot in enumerate(idiom.slots):
            if slot.kind == "content":
                for lem in slot.lemmas:
                    index.setdefault(lem, []).append((i, pos))
    return {k: tuple(v) for k, v in index.items()}


def related(a: frozenset[str], b: frozenset[str]) -> str | None:
    """"strong" when two words share a word class, "weak" when only a weak (~) one, else None."""
    shared = [c for c in _classes(a) & _classes(b) if not c.startswith("@")]
    if not shared:
        return None
    return "weak" if all(c.startswith("~") for c in shared) else "strong"


def score_window(idiom: Idiom, window: list[Token]) -> float | None:
    """The share of the idiom's weight a window keeps, or None when it is no near miss;
    1.0 with no swap at all means the window *is* the idiom."""
    total = kept = anchor = 0.0
    swaps = function_swaps = weak = exact = 0
    for slot, tok in zip(idiom.slots, window):
        if slot.kind == "slot":
            continue
        total += slot.weight
        if slot.lemmas & tok.lemmas:
            kept += slot.weight
            if slot.kind == "content":
                anchor = max(anchor, slot.weight)
                exact += 1
        elif slot.kind == "function":
            if _kind(tok.text) != "function":
                return None
            function_swaps += 1
            kept += FUNCTION_SWAP_CREDIT * slot.weight
        elif _kind(tok.text) == "content" and (relation := related(slot.lemmas, tok.lemmas)):
            swaps += 1
            weak += relation == "weak"
            kept += RELATED_CREDIT * slot.weight
        else:
            return None
    if swaps == 0 and function_swaps == 0:
        return 1.0
    if swaps > 2 or function_swaps > 1 or anchor < MIN_ANCHOR_WEIGHT or (weak and exact < 2):
        return None
    words = sum(s.kind != "slot" for s in idiom.slots)
    if words < 2 or (words == 2 and (anchor < MIN_SHORT_ANCHOR or weak or function_swaps)):
        return None
    ratio = kept / total if total else 0.0
    return ratio if ratio >= MIN_RATIO else None


def find_idioms(text: str) -> tuple[list[NearMiss], list[tuple[int, int, str]]]:
    """Near misses in a text, and the spans where an idiom occurs exactly."""
    toks = tokenize(text)
    tried: set[tuple[int, int]] = set()
    misses: list[NearMiss] = []
    exact: list[tuple[int, int, str]] = []
    index, all_idioms = anchor_index(), idioms()
    for j, tok in enumerate(toks):
        for lem in tok.lemmas:
            for i, pos in index.get(lem, ()):
                idiom = all_idioms[i]
                start = j - pos
                if start < 0 or start + len(idiom.slots) > len(toks) or (i, start) in tried:
                    continue
                tried.add((i, start))
                window = toks[start:start + len(idiom.slots)]
                score = score_window(idiom, window)
                if score is None or (score < 1.0 and _compound_after(idiom, window, toks, start, text)):
                    continue
                span = (window[0].start, window[-1].end)
                if score == 1.0:
                    exact.append((*span, idiom.text))
                else:
                    misses.append(NearMiss(idiom.text, *span, score, _filled(idiom, window)))
    return _best(misses, exact), exact


def _filled(idiom: Idiom, window: list[Token]) -> str:
    """The idiom's text with "someone"/"something" replaced by the words of the text."""
    fillers = iter(tok.text for slot, tok in zip(idiom.slots, window) if slot.kind == "slot")
    return _TOKEN.sub(lambda m: next(fillers, m.group()) if _kind(m.group()) == "slot" else m.group(), idiom.text)


def _compound_after(idiom: Idiom, window: list[Token], toks: list[Token], start: int, text: str) -> bool:
    """A swapped last word followed directly by a content word is a compound, not the idiom's
    image: "a drop in the sea level" is no "drop in the ocean"."""
    last, end = idiom.slots[-1], start + len(window)
    if last.kind != "content" or last.lemmas & window[-1].lemmas or end >= len(toks):
        return False
    nxt = toks[end]
    return text[window[-1].end:nxt.start].strip() == "" and _kind(nxt.text) == "content"


def _best(misses: list[NearMiss], exact: list[tuple[int, int, str]]) -> list[NearMiss]:
    """The best near miss of each overlapping group, and none that overlaps a real idiom."""
    out: list[NearMiss] = []
    for m in sorted(misses, key=lambda m: (-m.score, m.start)):
        if any(m.start < e and s < m.end for s, e, _ in exact):
            continue
        if any(m.start < o.end and o.start < m.end for o in out):
            continue
        out.append(m)
    return sorted(out, key=lambda m: m.start)


def rebuild_zipf_table() -> None:  # pragma: no cover - a maintainer's tool, needs wordfreq
    """Write ``idiom_word_zipf.tsv`` from wordfreq for every word of the idiom list."""
    from wordfreq import zipf_frequency

    words = sorted({m.group().lower() for line in data_path("english_idioms.txt").read_text("utf-8").splitlines()
                    if not line.startswith("#") for m in _TOKEN.finditer(line)})
    head = ("# English word frequencies (Zipf scale) of the words in english_idioms.txt, used to weight\n"
            "# content words in near-miss matching. Generated by `python -m mtqa.checks.idioms.nearmiss`\n"
            "# from wordfreq 3 (Robyn Speer et al.); wordfreq's data is CC BY-SA 4.0 and so is this table.\n"
            "word\tzipf\n")
    rows = "".join(f"{w}\t{zipf_frequency(w, 'en'):.2f}\n" for w in words)
    data_path("idiom_word_zipf.tsv").write_text(head + rows, encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    rebuild_zipf_table()
