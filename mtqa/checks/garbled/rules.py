"""Garbled sentences, reference-free rules: text a reader cannot make sense of.

Rules that need nothing but the MT (GB01 stutters, GB02 cut-off sentences, GB04 repeated
phrases, GB05 runs of non-words, GB06 mojibake, GB07 stray markup). The calibrated checks
GB03 and GB08 are in :mod:`mtqa.checks.garbled.scored`, which imports this module.
"""
from __future__ import annotations

import re
from typing import Iterable

from mtqa.lang.lexicon import word_list
from mtqa.model import Severity
from mtqa.scoring import features
from mtqa.checks.garbled.words import WORD as _WORD
from mtqa.checks.registry import Context, Hit, check


@check(code="GB01", name="repeated-word", family="garbled", mqm="Fluency/Grammar", severity="minor",
       fail=["Both both sides signed the deal.", "The the council met on Monday."],
       passes=["She had had enough of the delays.", "He said that that plan was dead.", "Bora Bora is far."])
def repeated_word(ctx: Context) -> Iterable[Hit]:
    """A word repeated straight after itself ("the the", "both both both").

    What it does
    : Flags two or more identical words in a row (ignoring case), except pairs English uses
      on purpose ("had had", "that that") and reduplicated names, listed in
      `mtqa/data/repeatable_words.txt`.

    Why it matters
    : Stutters are a classic MT decoding failure and make a sentence look broken at once.

    Example
    : "Both both sides signed the deal."

    Use instead
    : "Both sides signed the deal."

    Options
    : none
    """
    ok = word_list("repeatable_words.txt")
    words = list(_WORD.finditer(ctx.text))
    i = 0
    while i < len(words) - 1:
        j = i
        while j + 1 < len(words) and _same(ctx.text, words[j], words[j + 1]):
            j += 1
        first = words[i].group()
        names = (first[0].isupper() and words[i + 1].group()[0].isupper()  # "Bora Bora"
                 and first.lower() not in word_list("function_words.txt"))
        if j > i and first.lower() not in ok and not names:
            n = j - i + 1
            yield Hit(words[i].start(), words[j].end(), f"'{first}' is repeated {n} times in a row",
                      suggestion=first, severity=None if n == 2 else Severity.MAJOR)
        i = j + 1


def _same(text: str, a: re.Match, b: re.Match) -> bool:
    return a.group().lower() == b.group().lower() and not text[a.end():b.start()].strip()


@check(code="GB02", name="truncated-sentence", family="garbled", mqm="Fluency/Grammar", severity="major",
       fail=["The minister said that the new rules for the.", "Repairs will continue until the,",
             {"mt": "Photo caption,", "src": "Підпис до фото: вулиця після обстрілу."}],
       passes=["Repairs will continue until the end of the month.", "Peskov replied",
               "What are they waiting for?", "It is something we should all be proud of.",
               {"mt": "Photo caption,", "src": "Підпис до фото,"},
               {"mt": "Photo caption,", "ref": "Photo caption,"}])
def truncated_sentence(ctx: Context) -> Iterable[Hit]:
    """A sentence that stops in mid-air: it ends on a function word or a dangling comma.

    What it does
    : Flags a sentence whose last word (before any final full stop) is an article,
      preposition, conjunction or auxiliary from `mtqa/data/function_words.txt`, or which
      ends with a comma. Not flagged: a sentence whose aligned source or reference stops the
      same way (a photo-caption label "Photo caption," whose source ends with a comma too),
      and a preposition left at the end of a relative clause ("something we should all be
      proud of").

    Why it matters
    : Truncated output is a meaning loss the reader notices but cannot repair.

    Example
    : "The minister said that the new rules for the."

    Use instead
    : Restore the rest of the sentence from the source or reference.

    Options
    : none
    """
    for s in ctx.sentences:
        m = features.dangling_end(s.text)
        if m is not None and not _ends_like_its_source(s.aligned) and not _stranded(s.text, m.group("w")):
            w = m.group("w")
            yield Hit(s.start + m.start(), s.start + m.start() + len(m.group().rstrip()),
                      "The sentence seems cut off: it ends on " + (f"'{w}'" if w else "a comma"))


_PHRASE_REPEAT = re.compile(r"\b((?:[^\W\d_]+[\s,]+){1,3}[^\W\d_]+)(?:[\s,]+\1\b)+", re.IGNORECASE)


_RELATIVE = re.compile(r"\b(?:that|which|what|whom|who|something|anything|everything|nothing|whatever)\b", re.I)
_PREPOSITIONS = frozenset({"of", "for", "about", "with", "on", "to", "from", "in", "at", "by"})


def _ends_like_its_source(aligned) -> bool:
    """Does an aligned source or reference text stop the same way (a label ending in a comma,
    a stranded preposition)? Then the MT follows it and is not cut off."""
    return any(features.dangling_end(t) is not None or t.rstrip().endswith((",", ":"))
               for r, t in aligned.items() if r in ("src", "ref") and t and t.strip())


def _stranded(text: str, word: str | None) -> bool:
    """A preposition closing a relative clause ("what we are proud of"): complete English."""
    return bool(word) and word.lower() in _PREPOSITIONS and bool(_RELATIVE.search(text))


@check(code="GB04", name="repeated-phrase", family="garbled", mqm="Fluency/Grammar", severity="minor",
       fail=["The talks on the talks on the ceasefire resumed.", "He said he will, he will, he will come."],
       passes=["Step by step, the talks resumed.", "The talks resumed, and the talks went well."])
def repeated_phrase(ctx: Context) -> Iterable[Hit]:
    """A phrase of two to four words repeated straight after itself ("the talks the talks").

    What it does
    : Flags a run of 2-4 words immediately followed by the same words (ignoring case and
      commas between them). Single repeated words are GB01's.

    Why it matters
    : Looping output is a decoding failure a reader spots at once.

    Example
    : "The talks on the talks on the ceasefire resumed."

    Use instead
    : "The talks on the ceasefire resumed."

    Options
    : none
    """
    for m in _PHRASE_REPEAT.finditer(ctx.text):
        phrase = m.group(1)
        n = len(re.findall(re.escape(phrase), m.group(), re.IGNORECASE))
        yield Hit(m.start(), m.end(), f"'{phrase}' is repeated {n} times in a row", suggestion=phrase,
                  severity=Severity.MAJOR if n >= 3 else None)


@check(code="GB05", name="non-words", family="garbled", mqm="Fluency/Spelling", severity="minor",
       fail=["The minister promised to unnecessaryable prolongatate the talks.",
             "Residents were evacuated from the zhytlovyi budynok yesterday."],
       passes=["The minister promised to prolong the talks.", "Zaporizhzhia and Kharkiv were shelled."])
def non_words(ctx: Context) -> Iterable[Hit]:
    """Two or more lower-case words in a row that English does not know.

    What it does
    : Flags runs of at least two lower-case words that are not in wordfreq's English list
      (capitalised words are taken for names). Transliterated Ukrainian left in the text and
      invented word forms both show up this way.

    Why it matters
    : The reader cannot look such words up; the sentence stops making sense there.

    Example
    : "The minister promised to unnecessaryable prolongatate the talks."

    Use instead
    : Translate the words: "The minister promised to prolong the talks."

    Options
    : none
    """
    for s in ctx.sentences:
        words = list(_WORD.finditer(s.text))
        run: list[re.Match] = []
        for w in words + [None]:  # type: ignore[operator]
            unknown = (w is not None and w.group()[0].islower() and len(w.group()) > 2
                       and features.zipf(w.group().lower().replace("’", "'")) == 0.0)
            if unknown:
                run.append(w)
                continue
            if len(run) >= 2:
                text = s.text[run[0].start():run[-1].end()]
                yield Hit(s.start + run[0].start(), s.start + run[-1].end(), f"'{text}' are not English words")
            run = []


@check(code="GB06", name="mojibake", family="garbled", mqm="Fluency/Character encoding", severity="major",
       fail=["The mayor said the bridge wonâ€™t reopen.", "Ð\u009aÐ¸Ñ\u0097Ð² is the capital."],
       passes=["The mayor said the bridge won’t reopen.", "Kyiv is the capital."])
def mojibake(ctx: Context) -> Iterable[Hit]:
    """Characters garbled by a wrong text encoding ("wonâ€™t" for "won’t").

    What it does
    : Flags text that ftfy recognises as mojibake and suggests ftfy's repair of the span.

    Why it matters
    : Encoding damage makes words unreadable and looks careless in print.

    Example
    : "The mayor said the bridge wonâ€™t reopen."

    Use instead
    : "The mayor said the bridge won’t reopen."

    Options
    : none
    """
    import ftfy
    from ftfy.badness import is_bad

    text = ctx.text
    if not is_bad(text):
        return
    fixed = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False)
    if fixed == text:
        return
    a = 0
    while a < min(len(text), len(fixed)) and text[a] == fixed[a]:
        a += 1
    b, c = len(text), len(fixed)
    while b > a and c > a and text[b - 1] == fixed[c - 1]:
        b, c = b - 1, c - 1
    yield Hit(a, b, "Garbled characters (a text-encoding error)", suggestion=fixed[a:c])


_STRAY = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|&(?:[a-z]{2,8}|#\d{2,5});|\{\{[^}]*\}\}|\[\[|\]\]"
                    r"|\\[nt]|\*\*|%[sd]\b|\{\d+\}")


@check(code="GB07", name="stray-markup", family="garbled", mqm="Fluency/Text breaking", severity="minor",
       fail=["The <b>mayor</b> said the bridge will reopen.", "Prices rose by 5&nbsp;% in May.",
             "The talks resumed.\\nBiden spoke."],
       passes=["The mayor said the bridge will reopen.", "Prices rose by 5 % in May, a 3 < 4 gap."])
def stray_markup(ctx: Context) -> Iterable[Hit]:
    """HTML tags, entities, template braces or escaped newlines left in the text.

    What it does
    : Flags `<b>`, `</p>`, `&nbsp;`, `&#39;`, `{{...}}`, `[[`, `**`, a literal `\\n`, and
      printf or format placeholders (`%s`, `{0}`), and suggests removing or decoding them.

    Why it matters
    : Markup that leaks from a CMS or the MT engine is noise to the reader.

    Example
    : "The <b>mayor</b> said the bridge will reopen."

    Use instead
    : "The mayor said the bridge will reopen."

    Options
    : none
    """
    import html

    for m in _STRAY.finditer(ctx.text):
        token = m.group()
        decoded = html.unescape(token) if token.startswith("&") else ""
        yield Hit(m.start(), m.end(), f"Stray markup '{token}'", suggestion=decoded)
