"""The small pattern language of the idiom lexicons, English inflection and Ukrainian stems.

A lexicon pattern is a phrase written the way an editor would write it:

    {accept} a|the decision          accept/accepts/accepted/accepting a/the decision
    on the territory of              four words, any case, any spacing
    ^ recall [,] that                only at the start of a sentence; optional comma
    actual question~                 question or questions (``~``: optional plural)
    [state|local] budget             optional word, with alternatives
    (press conference|meeting)       a group of alternative phrases (groups nest)
    {make|take} * conclusion~        ``*`` is any one word, ``..`` is zero to three words
    vice-premier                     a hyphen also matches a space or nothing
    fine of # hryvnias               ``#`` is a number (1,000 / 3.5 / 20)
    re:\\bGive (him|her) \\d stars    ``re:`` starts a raw Python regular expression

Words match whole words, case-insensitively (a row with ``case`` = yes is case-sensitive);
``,`` ``:`` ``.`` ``;`` are tokens of their own that may follow a word without a space, and a
word may be quoted ("work „in zero“" matches ``{work} in zero``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from mtqa.lang.lexicon import table

_WORD_START = r"(?<![\w'’-])"
_WORD_END = r"(?![\w-])"
_PUNCT = {",", ":", ".", ";"}
_SEP = r"[”\"»’]?\s+[„“\"«‘]?"  # words may be quoted: work „in zero“


@lru_cache(maxsize=1)
def irregular_verbs() -> dict[str, frozenset[str]]:
    """base -> every form (base included), from ``irregular_verbs.tsv``."""
    return {row["base"]: frozenset([row["base"], *row["forms"].split()]) for row in table("irregular_verbs.tsv")}


@lru_cache(maxsize=1)
def verb_base() -> dict[str, str]:
    """form -> base, for the irregular verbs (used to lemmatise English words)."""
    out: dict[str, str] = {}
    for base, forms in irregular_verbs().items():
        for form in forms:
            out.setdefault(form, base)
    return out


@lru_cache(maxsize=4096)
def verb_forms(base: str) -> frozenset[str]:
    """Every form of an English verb (over-generating is harmless: extra forms never occur)."""
    base = base.lower()
    if base in irregular_verbs():
        return irregular_verbs()[base]
    if " " in base:  # a phrasal verb: inflect the first word
        head, rest = base.split(" ", 1)
        return frozenset(f"{f} {rest}" for f in verb_forms(head))
    forms = {base}
    if re.search(r"(?:s|x|z|ch|sh|o)$", base):
        forms.add(base + "es")
    elif re.search(r"[^aeiou]y$", base):
        forms.add(base[:-1] + "ies")
    else:
        forms.add(base + "s")
    if base.endswith("e"):
        forms.add(base + "d")
    elif re.search(r"[^aeiou]y$", base):
        forms.add(base[:-1] + "ied")
    else:
        forms.add(base + "ed")
    if base.endswith("ie"):
        forms.add(base[:-2] + "ying")
    elif base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        forms.add(base[:-1] + "ing")
    else:
        forms.add(base + "ing")
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", base):  # stop -> stopped, travel -> travelled
        forms.update({base + base[-1] + "ed", base + base[-1] + "ing"})
    return frozenset(forms)


def plural_forms(noun: str) -> frozenset[str]:
    if re.search(r"(?:s|x|z|ch|sh)$", noun):
        return frozenset({noun, noun + "es"})
    if re.search(r"[^aeiou]y$", noun):
        return frozenset({noun, noun[:-1] + "ies"})
    return frozenset({noun, noun + "s"})


def _word_regex(word: str) -> str:
    out = []
    for ch in word:
        if ch == "-":
            out.append(r"[-‑– ]?")
        elif ch == " ":
            out.append(r"\s+")
        elif ch in "'’":
            out.append(r"['’]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _alternative(alt: str) -> list[str]:
    """The surface forms one alternative of a word slot stands for."""
    if alt.startswith("{") and alt.endswith("}"):
        return sorted({f for verb in alt[1:-1].split("|") for f in verb_forms(verb)}, key=len, reverse=True)
    if alt.endswith("~"):
        return sorted(plural_forms(alt[:-1]), key=len, reverse=True)
    return [alt]


def _split_alternatives(slot: str) -> list[str]:
    """``{make|take}|do`` -> ["{make|take}", "do"]: bars inside brackets stay together."""
    return [p for p in _split_top(slot, "|") if p]


def _split_top(text: str, sep: str) -> list[str]:
    """Split on ``sep`` (a bar, or whitespace for " ") outside (), [] and {}."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += (ch in "([{") - (ch in ")]}")
        if depth == 0 and (ch.isspace() if sep == " " else ch == sep):
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def _slot_regex(slot: str) -> str:
    if slot == "*":
        return r"[\w'’-]+"
    if slot == "#":
        return r"\d[\d,.]*"
    forms: list[str] = []
    for alt in _split_alternatives(slot):
        forms.extend(_alternative(alt))
    body = "|".join(_word_regex(f) for f in forms)
    first_wordy = all(re.match(r"\w", f) for f in forms)
    last_wordy = all(re.search(r"\w$", f) for f in forms)
    return ((_WORD_START if first_wordy else "") + f"(?:{body})" + (_WORD_END if last_wordy else ""))


def tokens(pattern: str) -> list[str]:
    """Split a pattern into slots; ``[...]`` groups stay whole and punctuation after a word
    becomes its own token."""
    out: list[str] = []
    for raw in (t for t in _split_top(pattern.strip(), " ") if t):
        if raw.startswith(("[", "(")) or raw == "..":
            out.append(raw)
            continue
        trail = ""
        while len(raw) > 1 and raw[-1] in _PUNCT:
            trail = raw[-1] + trail
            raw = raw[:-1]
        out.append(raw)
        out.extend(trail)
    return out


def _sequence(toks: list[str]) -> str:
    """The regex of a sequence of slots, with the right whitespace between them."""
    out, need_space = "", False
    for tok in toks:
        if tok == "..":
            out += (_SEP if need_space else "") + r"(?:[\w'’,-]+\s+){0,3}"
            need_space = False
            continue
        optional = tok.startswith("[") and tok.endswith("]")
        if optional or (tok.startswith("(") and tok.endswith(")")):
            alts = sorted(_split_alternatives(tok[1:-1]), key=len, reverse=True)  # longest first
            phrases = [_sequence(tokens(p)) for p in alts if p.strip()]
            piece = "(?:" + "|".join(phrases) + ")"
            punct = tok[1:-1] in _PUNCT
        else:
            piece, punct = _slot_regex(tok), tok in _PUNCT
        sep = r"\s*" if punct else (_SEP if need_space else "")
        if optional and not need_space and not punct:
            out += f"(?:{piece}{_SEP})?"
            continue  # the optional group carries the space after it
        out += f"(?:{sep}{piece})?" if optional else sep + piece
        need_space = True
    return out


@lru_cache(maxsize=None)
def anchor_word(pattern: str) -> str:
    """The longest plain word (letters only, outside groups, alternatives, lemmas and plural
    marks) that every match of the pattern contains, lower-cased; '' when there is none. A
    substring test for it is a cheap, safe filter before the regular expression."""
    if pattern.startswith("re:"):
        return ""
    words = [t for t in tokens(pattern) if t.isalpha()]
    return max(words, key=len).lower() if words else ""


@lru_cache(maxsize=None)
def compile_pattern(pattern: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """Compile a lexicon pattern (see the module docstring) into a regular expression."""
    flags = 0 if case_sensitive else re.IGNORECASE
    if pattern.startswith("re:"):
        return re.compile(pattern[3:], flags)
    toks = tokens(pattern)
    anchored = bool(toks) and toks[0] == "^"
    toks = toks[1:] if anchored else toks
    if not toks:
        raise ValueError(f"empty pattern {pattern!r}")
    lead = r"[\s\"“«'‘(—–-]"  # a sentence may open with a quote or a dash
    prefix = rf"(?:^|(?<=^{lead})|(?<=^{lead}{{2}}))" if anchored else ""
    return re.compile(prefix + _sequence(toks), flags)


def native_pattern(phrase: str) -> re.Pattern[str]:
    """A tolerant matcher for a suggestion ("held a meeting"): every word in any inflection."""
    slots = []
    for word in re.findall(r"[\w'’-]+", phrase.lower()):
        base = verb_base().get(word, word)
        forms = set(verb_forms(base)) | set(plural_forms(word)) | {word}
        slots.append("|".join(sorted(forms)))
    return compile_pattern(" ".join(slots)) if slots else re.compile(r"(?!)")


# ---- Ukrainian (and Russian) stems for matching the source --------------------------------------

_UK_STOP = frozenset("""що як на в у з із зі до за від по про не ні і й та а чи це той та ті цей
його її їх він вона вони ми ви я ти бо аби щоб ж же би б ще вже так при для під над між через
что как на в во с со к ко от по о об не ни и да а или это тот его ее их он она они мы вы""".split())


def uk_words(text: str) -> list[str]:
    text = text.lower().replace("ʼ", "'").replace("’", "'").replace("`", "'")
    return re.findall(r"[а-яіїєґё']+", text)


def uk_stem(word: str) -> str:
    """A prefix that survives Ukrainian inflection: рішення/рішенню/рішень -> ріше."""
    word = word.replace("'", "")
    if len(word) <= 4:
        return word[:3]
    return word[: max(3, min(len(word) - 3, 6))]


def origin_stems(origin: str) -> list[list[str]]:
    """The content-word stems of each variant of an origin ("прийняти рішення / принять решение")."""
    out = []
    for variant in re.split(r"\s+/\s+|;", origin):
        stems = [uk_stem(w) for w in uk_words(variant) if w not in _UK_STOP and len(w) > 2]
        if stems:
            out.append(stems)
    return out


def source_has(origin: str, source: str) -> bool:
    """Whether the phrase behind an entry is present in a source sentence (stem-tolerant)."""
    if not source or not origin:
        return False
    src = [w.replace("'", "") for w in uk_words(source)]
    for stems in origin_stems(origin):
        found = sum(any(w.startswith(s) for w in src) for s in stems)
        if found and found >= max(1, round(0.6 * len(stems) + 0.01)):
            return True
    return False
