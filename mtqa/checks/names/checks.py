"""The names checks NE01-NE04: each source sentence's names against its aligned MT."""
from __future__ import annotations

from typing import Iterable, Iterator

from mtqa.checks.registry import Context, Hit, check
from mtqa.checks.names.matching import Event, match


def _scopes(ctx: Context) -> Iterator[tuple[str, int, int]]:
    """(source text, start, end in the paragraph's MT) for each group of MT sentences aligned
    to the same source text; a paragraph whose sentences all carry the whole source is one."""
    group: list = []
    for s in ctx.sentences:
        src = s.aligned.get("src", "")
        if group and group[-1].aligned.get("src", "") == src:
            group.append(s)
            continue
        if group and group[0].aligned.get("src"):
            yield group[0].aligned["src"], group[0].start, group[-1].end
        group = [s]
    if group and group[0].aligned.get("src"):
        yield group[0].aligned["src"], group[0].start, group[-1].end


def events(ctx: Context, kind: str) -> Iterator[tuple[Event, int]]:
    """The events of ``kind`` in this paragraph, with the offset of their MT text."""
    prefer = ctx.options.get("prefer", {}) or {}
    for src, start, end in _scopes(ctx):
        for e in match(src, ctx.text[start:end], prefer):
            if e.kind == kind:
                yield e, start


@check(code="NE01", name="russian-name-form", family="names", mqm="Locale convention/Name format",
       severity="major", needs=("src",),
       fail=[{"mt": "The strike hit Kharkov on Monday.", "src": "Удар по Харкову завдали в понеділок."},
             {"mt": "Dmitry Kovalenko said the bridge is closed.", "src": "Дмитро Коваленко сказав, що міст закрито."}],
       passes=[{"mt": "The strike hit Kharkiv on Monday.", "src": "Удар по Харкову завдали в понеділок."},
               {"mt": "Vladimir Putin spoke on Monday.", "src": "У понеділок виступив Володимир Путін."}])
def russian_name_form(ctx: Context) -> Iterable[Hit]:
    """A Ukrainian place or first name written in its Russian-based form.

    What it does
    : Finds the proper names of the aligned Ukrainian source sentence (inflected forms
      included: "у Харкові", "Дмитра") and flags a Russian-based spelling of one of them in
      the MT (Kharkov, Kiev, Nikolaev, Dnepr, Lugansk, Zaporozhye, Lvov; Vladimir, Alexei,
      Dmitry, Denis, Irina, Oleg, Sergei, Valery), from `mtqa/data/names/russian_forms.tsv`.
      Russians named in the source keep their English press forms ("Vladimir Putin", listed
      in `mtqa/data/names/accepted.tsv`).

    Why it matters
    : Ukraine asks for Ukrainian-based spellings (#KyivNotKiev) and the English press uses
      them; a Russian-based form reads as careless or partisan.

    Example
    : "The strike hit Kharkov on Monday." for "Удар по Харкову завдали в понеділок."

    Use instead
    : "The strike hit Kharkiv on Monday."

    Options
    : `[names] prefer = {"Київ" = "Kyiv"}` sets the house spelling of a name.
    """
    for e, at in events(ctx, "russian"):
        standard = e.spelling.russian.get(e.found.lower(), e.spelling.suggestion)
        yield Hit(at + e.start, at + e.end,
                  f"'{e.found}' is the Russian-based form of {e.name.forms[0]}; write '{standard}'",
                  suggestion=standard)


@check(code="NE02", name="name-romanisation", family="names", mqm="Locale convention/Name format",
       severity="minor", needs=("src",),
       fail=[{"mt": "Mykhailo Zimbalyuk spoke.", "src": "Виступив Михайло Цимбалюк."}],
       passes=[{"mt": "Mykhailo Tsymbaliuk spoke.", "src": "Виступив Михайло Цимбалюк."},
               {"mt": "President Zelensky arrived.", "src": "Прибув президент Зеленський."}])
def name_romanisation(ctx: Context) -> Iterable[Hit]:
    """A name spelled far from every accepted form of the source name.

    What it does
    : Flags an MT word that is recognisably a source name (close to its spellings, and not an
      English word in its own right) but further from every accepted form than the usual
      variants (-iy/-ii/-yi, -yy, y/i, kh/h), and suggests the accepted form or the KMU 2010
      romanisation. Accepted forms: the KMU 2010 romanisation of the nominative, established
      English forms (Zelensky, Klitschko, Kyiv) in `mtqa/data/names/accepted.tsv`, and the
      house style of `[names] prefer`.

    Why it matters
    : A misspelled name cannot be searched for and may be a different person.

    Example
    : "Mykhailo Zimbalyuk spoke." for "Виступив Михайло Цимбалюк."

    Use instead
    : "Mykhailo Tsymbaliuk spoke."

    Options
    : `[names] prefer = {"Зеленський" = "Zelenskyy"}` adds a house spelling, which is also the
      suggestion.
    """
    for e, at in events(ctx, "far"):
        yield Hit(at + e.start, at + e.end,
                  f"'{e.found}' is far from the spellings of {e.name.forms[0]}; write '{e.spelling.suggestion}'",
                  suggestion=e.spelling.suggestion)


@check(code="NE03", name="name-swapped", family="names", mqm="Accuracy/Mistranslation",
       severity="major", needs=("src",),
       fail=[{"mt": "The match was won by Minsk Football Club.", "src": "Матч виграв ФК «Минай»."}],
       passes=[{"mt": "The match was won by FC Mynai.", "src": "Матч виграв ФК «Минай»."},
               {"mt": "The Ministry of Defence reported it.", "src": "Про це повідомило Міністерство оборони."}])
def name_swapped(ctx: Context) -> Iterable[Hit]:
    """A source name is missing from the MT, which has another name in its place.

    What it does
    : Flags a capitalised MT word that is not a common English word and renders no word of
      the aligned source sentence, when a name of that source sentence has no counterpart in
      the MT: the entity was swapped for another ("Minsk Football Club" for ФК «Минай»). The
      suggestion is the source name's accepted spelling.

    Why it matters
    : A wrong person, place or club reads as plain English, and no reader can tell.

    Example
    : "The match was won by Minsk Football Club." for "Матч виграв ФК «Минай»."

    Use instead
    : "The match was won by FC Mynai."

    Options
    : `[names] prefer` spellings count as the source name's counterpart.
    """
    for e, at in events(ctx, "swapped"):
        yield Hit(at + e.start, at + e.end,
                  f"'{e.found}' is not in the source, which names {e.name.surface} ({e.spelling.suggestion}) here",
                  suggestion=e.spelling.suggestion)


@check(code="NE04", name="inflected-name", family="names", mqm="Locale convention/Name format",
       severity="major", needs=("src",),
       fail=[{"mt": "A concert was held in Stryiskomu park.", "src": "Концерт відбувся в Стрийському парку."},
             {"mt": "They met Dorina Rechan.", "src": "Вони зустріли Доріна Речана."}],
       passes=[{"mt": "A concert was held in Stryiskyi Park.", "src": "Концерт відбувся в Стрийському парку."}])
def inflected_name(ctx: Context) -> Iterable[Hit]:
    """A Ukrainian name romanised in an inflected form instead of the nominative.

    What it does
    : Flags an MT word that is the romanisation of the inflected source word ("Stryiskomu"
      for "Стрийському", "Dorina" for the genitive "Доріна") and suggests the nominative's
      accepted spelling ("Stryiskyi", "Dorin"), found with the pymorphy3 Ukrainian dictionary.

    Why it matters
    : English does not inflect Ukrainian names; an inflected form is a different name
      (Dorina is a woman's name, Dorin a man's).

    Example
    : "A concert was held in Stryiskomu park."

    Use instead
    : "A concert was held in Stryiskyi Park."

    Options
    : none
    """
    for e, at in events(ctx, "inflected"):
        yield Hit(at + e.start, at + e.end,
                  f"'{e.found}' is the romanised inflected form of {e.name.forms[0]}; write '{e.spelling.suggestion}'",
                  suggestion=e.spelling.suggestion)
