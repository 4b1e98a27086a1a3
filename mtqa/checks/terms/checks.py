"""The termbase checks: a source term whose English has none of its allowed terms (TM01), or
an entity rendered as a different one, such as ЗСУ as "the U.S.S.R." (TM02)."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from ...lang.lexicon import table
from ...model import Severity
from ..registry import Context, Hit, SentenceView, check
from .match import find_english, lemmas, term_pattern, word_matches, words
from .entry import Term
from .termbase import terms

SOURCE_LANGS = ("uk", "", None)  # the built-in termbase is Ukrainian; an unknown source language may be too


@dataclass(frozen=True)
class Swap:
    regex: re.Pattern[str]
    kinds: frozenset[str]
    unless: re.Pattern[str] | None
    why: str


@lru_cache(maxsize=1)
def swaps() -> tuple[Swap, ...]:
    """The renderings that name another entity (``mtqa/data/terms/swaps.tsv``)."""
    return tuple(Swap(re.compile(rf"(?<![\w$])(?:{r['english']})(?![^\W\d_])", re.IGNORECASE),
                      frozenset(r["kinds"].split("|")),
                      re.compile(r["unless"], re.IGNORECASE) if r["unless"].strip() else None, r["why"])
                 for r in table("terms/swaps.tsv"))


@lru_cache(maxsize=16)
def _index(lexicon: tuple[Term, ...]) -> dict[str, list[Term]]:
    """Terms by the lemmas of their first word, so a text word looks up only its candidates."""
    out: dict[str, list[Term]] = defaultdict(list)
    for t in lexicon:
        pattern = term_pattern(t.source)
        for lemma in (pattern[0] if pattern else ()):
            out[lemma].append(t)
    return out


def source_terms(lexicon: tuple[Term, ...], src: str) -> list[tuple[Term, int, int]]:
    """The terms standing in a source text, longest first where they overlap ("Верховна Рада"
    wins over "рада")."""
    ws = words(src)
    index = _index(lexicon)
    found: dict[str, tuple[Term, int, int]] = {}
    for i, (w, _, _) in enumerate(ws):
        for lemma in lemmas(w):
            for t in index.get(lemma, ()):
                pattern, term_words = term_pattern(t.source), [w for w, _, _ in words(t.source)]
                n = len(pattern)
                if t.key not in found and i + n <= len(ws) and \
                        all(word_matches(term_words[k], pattern[k], ws[i + k][0]) for k in range(n)):
                    found[t.key] = (t, ws[i][1], ws[i + n - 1][2])
    kept: list[tuple[Term, int, int]] = []
    for item in sorted(found.values(), key=lambda f: (-(f[2] - f[1]), f[1])):
        if all(item[2] <= k[1] or k[2] <= item[1] for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f[1])


def allowed_in(term: Term, english: str) -> bool:
    """One of the term's allowed English terms, or its national romanisation ("hromada",
    "ZSU"), is in the English text."""
    from ...lang.translit import romanise  # KMU 2010: the project's one romanisation

    return any(find_english(t, english) for t in (*term.targets, romanise(term.source)))


def wrong_in(term: Term, english: str, src: str) -> tuple[int, int, str] | None:
    """Where the English names another entity for the term: one of its own ``wrong`` renderings,
    or a swap of ``swaps.tsv`` for its kind whose ``unless`` stems the source lacks."""
    for w in term.wrong:
        span = find_english(w, english)
        if span:
            return span[0], span[1], f"the termbase lists '{w}' as a wrong rendering"
    for swap in swaps():
        if term.kind in swap.kinds and not (swap.unless and swap.unless.search(src)):
            m = swap.regex.search(english)
            if m:
                return m.start(), m.end(), swap.why
    return None


def term_problems(ctx: Context) -> Iterator[tuple[SentenceView, Term, tuple[int, int, str] | None]]:
    """(sentence, term, wrong rendering or None) for each term of a sentence's aligned source
    that the paragraph's English nowhere renders with an allowed term (so a term that
    alignment put next to the sentence that translates it is not missed); each term once per
    paragraph, on the first sentence whose source has it. Wrong renderings are looked for in
    the sentence itself."""
    if ctx.paragraph.langs.get("src") not in SOURCE_LANGS:
        return
    lexicon = terms(ctx.options, _bases(ctx.article.path))
    if not lexicon:
        return
    seen: set[str] = set()
    single = len(ctx.sentences) == 1
    for s in ctx.sentences:
        src = s.aligned.get("src", "") or (ctx.aligned("src") if single else "")
        if not src.strip():
            continue
        for term, _, _ in source_terms(lexicon, src):
            if term.key in seen:
                continue
            seen.add(term.key)
            if not allowed_in(term, ctx.text):
                yield s, term, wrong_in(term, s.text, src)


def _bases(article_path: str) -> tuple[Path, ...]:
    if not article_path or article_path == "example":
        return ()
    here = Path(article_path).resolve()
    return tuple([here.parent, *here.parent.parents] if not here.is_dir() else [here, *here.parents])


def _gloss(term: Term) -> str:
    return f"'{term.source}'" + (f" ({term.note})" if term.note else "")


@check(code="TM01", name="term-not-used", family="terms", mqm="Terminology/Inconsistent with termbase",
       severity="minor", needs=("src",),
       fail=[{"mt": "The Verkhovna Council adopted the law.", "src": "Верховна Рада ухвалила закон."},
             {"mt": "The National Guard fighters held the line.", "src": "Бійці ЗСУ утримали позиції."},
             {"mt": "The deputies voted.", "src": "Депутати Верховної Ради проголосували."}],
       passes=[{"mt": "The Verkhovna Rada adopted the law.", "src": "Верховна Рада ухвалила закон."},
               {"mt": "Ukraine's parliament adopted the law.", "src": "Верховна Рада ухвалила закон."},
               {"mt": "The community received 100 hryvnias.", "src": "Громада отримала 100 гривень."},
               {"mt": "The Verkhovna Council adopted the law.", "src": "Верховна Рада ухвалила закон.",
                "options": {"disable": ["Верховна Рада"]}}])
def term_not_used(ctx: Context) -> Iterable[Hit]:
    """A termbase term in the source whose English has none of the allowed translations.

    What it does
    : Finds the terms of the built-in Ukrainian news termbase (state bodies and their
      acronyms, ranks and titles, administrative units, currency, military terms) and of
      the termbases named in ``[terms] files`` in each source sentence, inflected forms
      included ("Верховної Ради" is "Верховна Рада"), and flags the aligned English sentence
      when it has none of the English terms allowed for it (nor the term's national
      romanisation, such as "hromada"). A state body left out is major, other terms minor
      (a termbase row can set its own severity). The suggestion is the first allowed term.

    Why it matters
    : Readers and editors rely on the official English names of institutions, ranks and
      units; "Verkhovna Council" or "the army of Ukraine" reads as a different thing, and
      an inconsistent name across articles looks careless.

    Example
    : source "Верховна Рада ухвалила закон.", MT "The Verkhovna Council adopted the law."

    Use instead
    : "The Verkhovna Rada adopted the law." (or "Ukraine's parliament", also allowed)

    Options
    : ``[terms] files`` (TSV, CSV or TBX termbases, relative to the config file),
      ``builtin`` (false: only your files), ``disable`` (source terms to skip).
    """
    for s, term, wrong in term_problems(ctx):
        if wrong is not None:
            continue  # TM02 says it
        allowed = ", ".join(f"'{t}'" for t in term.targets[:4])
        yield Hit(s.start, s.end, f"The source has {_gloss(term)}, but this sentence has none of its English "
                  f"terms: {allowed}", suggestion=term.targets[0], severity=term.severity,
                  confidence=0.7 if term.severity == Severity.MINOR else 0.8)


@check(code="TM02", name="entity-swapped", family="terms", mqm="Accuracy/Mistranslation", severity="critical",
       needs=("src",),
       fail=[{"mt": "The U.S.S.R. repelled the attack near Bakhmut.", "src": "ЗСУ відбили атаку біля Бахмута."},
             {"mt": "The KGB detained the agent.", "src": "СБУ затримала агента."},
             {"mt": "Prices are in rubles.", "src": "Ціни в гривнях."}],
       passes=[{"mt": "The Armed Forces of Ukraine repelled the attack.", "src": "ЗСУ відбили атаку."},
               {"mt": "The SBU found KGB archives.", "src": "СБУ знайшла архіви КДБ."},
               {"mt": "The KGB archives were opened.", "src": "Архіви КДБ відкрили."},
               {"mt": "Veterans of the Soviet army met the Ukrainian army.",
                "src": "Ветерани радянської армії зустріли ЗСУ."}])
def entity_swapped(ctx: Context) -> Iterable[Hit]:
    """A Ukrainian state body, unit or currency rendered as a different entity ("the U.S.S.R.").

    What it does
    : When a source sentence has a termbase term, its English has none of the allowed
      terms, and it has a rendering known to be another entity instead (the term's
      ``wrong`` column, or ``mtqa/data/terms/swaps.tsv``: Soviet, KGB, Russian army for a
      Ukrainian body; rubles for hryvnias), flags that rendering as critical, unless the
      source itself speaks of that entity (СРСР, КДБ, росіяни ...).

    Why it matters
    : An entity swap reads as plain English, so no reader can tell it is wrong, and it
      reverses the sense: the Armed Forces of Ukraine become the Soviet army.

    Example
    : source "ЗСУ відбили атаку біля Бахмута.", MT "The U.S.S.R. repelled the attack near Bakhmut."

    Use instead
    : "The Armed Forces of Ukraine repelled the attack near Bakhmut."

    Options
    : the ``[terms]`` options of TM01; a termbase row's ``wrong`` column adds renderings.
    """
    for s, term, wrong in term_problems(ctx):
        if wrong is None:
            continue
        start, end, why = wrong
        yield Hit(s.start + start, s.start + end,
                  f"'{s.text[start:end]}' translates {_gloss(term)} as another entity: {why}",
                  suggestion=term.targets[0], confidence=0.9)
